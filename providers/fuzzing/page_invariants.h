// What a provider's result must satisfy whatever the input: a success the server would
// accept whole (its report validation in server/scrape_service.cc, and a proto that
// survives the wire), or a typed error. A violation aborts, which libFuzzer reports as a
// crash and the regression driver as a failed test.
#ifndef STATUSPHERE_PROVIDERS_FUZZING_PAGE_INVARIANTS_H_
#define STATUSPHERE_PROVIDERS_FUZZING_PAGE_INVARIANTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::fuzz {

// `who` names the provider in the abort message.
void CheckParseResult(absl::string_view who, const absl::StatusOr<providers::ParsedPage>& result);

// Prints the message and aborts.
[[noreturn]] void Fail(absl::string_view who, absl::string_view what);

}  // namespace statusphere::fuzz

#endif  // STATUSPHERE_PROVIDERS_FUZZING_PAGE_INVARIANTS_H_
