// Fuzzes one provider's Parse. The input's documents (documents.h) fill the provider's
// fetch slots in the order its plan lists them (follow-ups last), each under its role; slots the input leaves out get a
// valid document, so that parsing reaches the fuzzed one. An input of a single document is tried in every slot in turn,
// so that single-file seeds (testdata, captures) reach every document parser.
#ifndef STATUSPHERE_PROVIDERS_FUZZING_PROVIDER_FUZZER_H_
#define STATUSPHERE_PROVIDERS_FUZZING_PROVIDER_FUZZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::fuzz {

class ProviderFuzzer {
 public:
  // `valid_bodies`: one document that parses, per URL the provider fetches for a historical
  // scrape of `page_url` (follow-up rounds included). Aborts when they do not fit or parse.
  // The provider is the fuzz target's own (statusphere_provider() generates the target), not
  // looked up in the registry: a platform's fuzzer needs no other platform.
  ProviderFuzzer(const providers::Provider& provider, absl::string_view page_url,
                 std::vector<std::string> valid_bodies);

  void Run(const uint8_t* data, size_t size) const;

 private:
  void ParseAndCheck(const std::vector<providers::Documents::Entry>& documents) const;

  const providers::Provider* provider_;
  std::string page_url_;
  providers::FetchPlan plan_;
  providers::Detection detection_;
  std::vector<providers::Documents::Entry> valid_;
};

}  // namespace statusphere::fuzz

#endif  // STATUSPHERE_PROVIDERS_FUZZING_PROVIDER_FUZZER_H_
