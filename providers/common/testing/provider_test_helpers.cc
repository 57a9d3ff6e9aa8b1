#include "providers/common/testing/provider_test_helpers.h"

#include <cstdlib>
#include <iostream>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::testing {

std::string OwnFixture(absl::string_view folder, absl::string_view name) {
  return ReadRepoFile(absl::StrCat("providers/", folder, "/testdata/", name));
}

providers::Document JsonAt(absl::string_view page, absl::string_view path, std::string body) {
  return {absl::StrCat(page, path), 200, "application/json", std::move(body)};
}

absl::Time Utc(const char* rfc3339) {
  const std::optional<absl::Time> t = providers::ParseRfc3339(rfc3339);
  if (!t.has_value()) {
    // A typo in a test's own time would otherwise be undefined behaviour far from its cause.
    std::cerr << "Utc: not RFC 3339: " << rfc3339 << "\n";
    std::abort();
  }
  return *t;
}

std::map<std::string, const statusphere::v1::Incident*> ById(const providers::ParsedPage& page) {
  std::map<std::string, const statusphere::v1::Incident*> out;
  for (const auto& i : page.incidents) out[i.id()] = &i;
  return out;
}

}  // namespace statusphere::testing
