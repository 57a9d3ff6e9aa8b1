// `statusphere-cli check NAME-OR-URL... [--fail-on=degraded|major|critical]
// [--components=A,B] [--json]`: a deploy gate. Looks each vendor up (a URL as is, a name
// exactly or else by the page search's best match), prints one line per vendor (or one JSON
// document), and exits 0 when every vendor is fine, 1 when one is at or above the threshold,
// 2 when one is not known (never read, stale, no such page) or the server cannot be reached.
#ifndef STATUSPHERE_TOOLS_CLI_CHECK_H_
#define STATUSPHERE_TOOLS_CLI_CHECK_H_

#include <string>
#include <vector>

#include "statusphere/v1/status_page_service.grpc.pb.h"

namespace statusphere::cli {

// `vendors` are the command's arguments (after "check"); `deadline_seconds` bounds each call.
int RunCheck(v1::StatusPageService::StubInterface& pages, const std::vector<std::string>& vendors,
             int deadline_seconds);

}  // namespace statusphere::cli

#endif  // STATUSPHERE_TOOLS_CLI_CHECK_H_
