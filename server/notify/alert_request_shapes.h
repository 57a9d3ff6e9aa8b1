// For tests: what PagerDuty's Events API v2 and Opsgenie's Alert API accept, as published
// (field names, required fields, allowed words, length limits), checked on a request the
// way the services would. Shared by the payload unit tests and the end-to-end receivers.
#ifndef STATUSPHERE_SERVER_NOTIFY_ALERT_REQUEST_SHAPES_H_
#define STATUSPHERE_SERVER_NOTIFY_ALERT_REQUEST_SHAPES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace statusphere::notify {

// What is wrong with a POST /v2/enqueue body; empty when nothing.
std::vector<std::string> PagerDutyEventProblems(const nlohmann::json& body);

// What is wrong with an Opsgenie request: `path_and_query` after the API host (e.g.
// "/v2/alerts" or "/v2/alerts/<alias>/close?identifierType=alias"), its Authorization
// header and its body; empty when nothing.
std::vector<std::string> OpsgenieRequestProblems(absl::string_view path_and_query, absl::string_view authorization,
                                                 const nlohmann::json& body);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_ALERT_REQUEST_SHAPES_H_
