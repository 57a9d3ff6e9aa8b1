// Salesforce Trust's display texts (api.status.salesforce.com/v1/localizations). The
// status API carries keys, not words: an incident has no title, only impact types such as
// "performanceDegradationAsynchronousProcessingSubset", and its updates have event types.
// This table turns those keys into the headings and sentences the Trust site shows.
#ifndef STATUSPHERE_PROVIDERS_SALESFORCE_LOCALIZATIONS_H_
#define STATUSPHERE_PROVIDERS_SALESFORCE_LOCALIZATIONS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace statusphere::providers::salesforce {

class Localizations {
 public:
  // An empty table: every lookup misses, and callers fall back to the keys themselves.
  Localizations() = default;

  // Reads the /v1/localizations array of {modelName, modelKey, modelAttribute, text, locale}.
  // INVALID_ARGUMENT naming `url` when the body is not such an array; odd entries are
  // skipped, since one bad label must not cost a whole scrape.
  static absl::StatusOr<Localizations> Parse(absl::string_view url, absl::string_view body);

  // The English text for (modelName, modelKey, modelAttribute), or "" when unknown.
  std::string Text(absl::string_view model, absl::string_view key, absl::string_view attribute) const;

  size_t size() const { return texts_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> texts_;
};

}  // namespace statusphere::providers::salesforce

#endif  // STATUSPHERE_PROVIDERS_SALESFORCE_LOCALIZATIONS_H_
