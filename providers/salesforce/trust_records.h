// One incident or maintenance record of Salesforce Trust, as the status API embeds it in
// every instance it affects, mapped to our Incident. The records carry no title: it comes
// from the display text of their impact type (Localizations), or from the type key itself.
#ifndef STATUSPHERE_PROVIDERS_SALESFORCE_TRUST_RECORDS_H_
#define STATUSPHERE_PROVIDERS_SALESFORCE_TRUST_RECORDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"
#include "providers/salesforce/localizations.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers::salesforce {

// Our id for a record, read before the record is parsed so that the copies listed under
// other instances can be recognised cheaply. Incidents keep Trust's id; maintenances get a
// "maintenance-" prefix, since the two are numbered apart and their ids can collide.
absl::StatusOr<std::string> IncidentIdOf(const Json& record);
absl::StatusOr<std::string> MaintenanceIdOf(const Json& record);

// The record as an Incident whose components are its instanceKeys. Errors say what was
// wrong (a wrong type, an unreadable or absurd time), without the URL: the caller adds it.
absl::StatusOr<statusphere::v1::Incident> ParseIncidentRecord(const Json& record, const Localizations& texts);
absl::StatusOr<statusphere::v1::Incident> ParseMaintenanceRecord(const Json& record, const Localizations& texts);

// The array at `key`: empty when missing or null, an error when it holds anything else
// (ArrayField would hide a wrong type as an empty list).
absl::StatusOr<const Json*> ListField(const Json& object, const char* key);

// Adds `instance` to the incident's components unless it is there already.
void AddComponent(statusphere::v1::Incident& incident, absl::string_view instance);

}  // namespace statusphere::providers::salesforce

#endif  // STATUSPHERE_PROVIDERS_SALESFORCE_TRUST_RECORDS_H_
