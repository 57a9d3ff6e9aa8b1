// Atlassian Statuspage's public v2 format (https://metastatuspage.com/api/v2, the
// documents every Statuspage page serves), written down as checks: the fields of each
// object, exactly, with their types, their vocabularies and how objects refer to each
// other. Used on statusphere's /compat documents.
#ifndef STATUSPHERE_TESTS_GATEWAY_STATUSPAGE_FORMAT_H_
#define STATUSPHERE_TESTS_GATEWAY_STATUSPAGE_FORMAT_H_

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace statusphere::testing {

// What is wrong with `document` as the Statuspage document `name` ("summary.json",
// "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
// "scheduled-maintenances.json", ".../upcoming.json", ".../active.json"), one line per
// problem; empty when it is one.
std::vector<std::string> StatuspageFormatProblems(const std::string& name, const nlohmann::json& document);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_GATEWAY_STATUSPAGE_FORMAT_H_
