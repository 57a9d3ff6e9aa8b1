#include "providers/salesforce/localizations.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers::salesforce {
namespace {

// The models the parser reads. The document holds some 3000 texts, most of them the Trust
// site's own buttons and e-mails; keeping only these makes the table cheap to build on
// every scrape.
bool IsUsedModel(absl::string_view model) {
  return model == "incidentImpactType" || model == "incidentEventType" || model == "maintenanceEventType" ||
         model == "InstanceLocation";
}

std::string LookupKey(absl::string_view model, absl::string_view key, absl::string_view attribute) {
  return absl::StrCat(model, "\n", key, "\n", attribute);
}

}  // namespace

absl::StatusOr<Localizations> Localizations::Parse(absl::string_view url, absl::string_view body) {
  if (!absl::StartsWith(absl::StripLeadingAsciiWhitespace(body), "[")) {
    return absl::InvalidArgumentError(absl::StrCat(url, ": expected a JSON array of localizations"));
  }
  absl::StatusOr<Json> json = ParseJsonObject(url, absl::StrCat("{\"texts\":", body, "}"));
  if (!json.ok()) return json.status();
  Localizations table;
  for (const Json& entry : ArrayField(*json, "texts")) {
    const std::string model = StringField(entry, "modelName");
    if (!IsUsedModel(model)) continue;
    // Only English is asked for; a stray other locale must not replace an English text.
    const std::string locale = StringField(entry, "locale");
    if (!locale.empty() && locale != "en") continue;
    const std::string text = StringField(entry, "text");
    if (text.empty()) continue;
    table.texts_.emplace(LookupKey(model, StringField(entry, "modelKey"), StringField(entry, "modelAttribute")), text);
  }
  return table;
}

std::string Localizations::Text(absl::string_view model, absl::string_view key, absl::string_view attribute) const {
  auto it = texts_.find(LookupKey(model, key, attribute));
  return it == texts_.end() ? "" : it->second;
}

}  // namespace statusphere::providers::salesforce
