// What providers' tests share: a folder's own fixtures, a JSON document as if served at a path
// of the page, times written as RFC 3339, and a parsed page's incidents by id.
#ifndef STATUSPHERE_PROVIDERS_COMMON_TESTING_PROVIDER_TEST_HELPERS_H_
#define STATUSPHERE_PROVIDERS_COMMON_TESTING_PROVIDER_TEST_HELPERS_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "providers/provider.h"

namespace statusphere::testing {

// providers/<folder>/testdata/<name>, empty when missing (the test's own assertion says so).
std::string OwnFixture(absl::string_view folder, absl::string_view name);

// A 200 application/json answer for <page><path>.
providers::Document JsonAt(absl::string_view page, absl::string_view path, std::string body);

// The instant an RFC 3339 text names; the test's own text, so it must parse.
absl::Time Utc(const char* rfc3339);

// The page's incidents by their id (pointers into `page`).
std::map<std::string, const statusphere::v1::Incident*> ById(const providers::ParsedPage& page);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_PROVIDERS_COMMON_TESTING_PROVIDER_TEST_HELPERS_H_
