#include "providers/fuzzing/provider_fuzzer.h"

#include "absl/strings/str_cat.h"
#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"

namespace statusphere::fuzz {

using providers::Document;

ProviderFuzzer::ProviderFuzzer(const providers::Provider& provider, absl::string_view page_url,
                               std::vector<std::string> valid_bodies)
    : provider_(&provider), page_url_(page_url) {
  const std::string provider_name(provider_->name());
  plan_ = provider_->Fetches(page_url_, statusphere::v1::SCRAPE_KIND_HISTORICAL);
  detection_ = provider_->detection();
  std::vector<providers::DocumentToFetch> to_fetch = plan_.documents;
  auto add_valid = [&] {
    for (size_t i = valid_.size(); i < to_fetch.size() && i < valid_bodies.size(); ++i) {
      valid_.push_back({to_fetch[i].role, Document{to_fetch[i].url, 200, "", valid_bodies[i]}});
    }
  };
  add_valid();
  if (plan_.follow_ups) {
    for (providers::DocumentToFetch& d : plan_.follow_ups(valid_)) to_fetch.push_back(std::move(d));
    add_valid();
  }
  if (to_fetch.size() != valid_bodies.size()) {
    Fail(provider_name,
         absl::StrCat(to_fetch.size(), " documents to fetch but ", valid_bodies.size(), " valid documents"));
  }
  // The padding must be valid, or the fuzzed document would never be reached.
  if (absl::Status s = provider_->Parse(page_url_, valid_).status(); !s.ok()) {
    Fail(provider_name, absl::StrCat("the valid documents do not parse: ", s.ToString()));
  }
}

void ProviderFuzzer::Run(const uint8_t* data, size_t size) const {
  const std::vector<FuzzDocument> parts = SplitDocuments(AsText(data, size));
  auto fill = [](providers::Documents::Entry& slot, const FuzzDocument& part) {
    slot.second.http_status = part.http_status;
    slot.second.body = part.body;
  };
  if (parts.size() == 1) {
    for (size_t slot = 0; slot < valid_.size(); ++slot) {
      std::vector<providers::Documents::Entry> documents = valid_;
      fill(documents[slot], parts[0]);
      ParseAndCheck(documents);
    }
    return;
  }
  std::vector<providers::Documents::Entry> documents = valid_;
  for (size_t i = 0; i < parts.size() && i < documents.size(); ++i) fill(documents[i], parts[i]);
  ParseAndCheck(documents);
}

void ProviderFuzzer::ParseAndCheck(const std::vector<providers::Documents::Entry>& entries) const {
  const providers::Documents documents(entries);
  // Detection and the second fetch round read the same untrusted bytes.
  for (const auto& [role, d] : documents) detection_.ProbeMatches(d);
  if (plan_.follow_ups) plan_.follow_ups(documents);
  CheckParseResult(provider_->name(), provider_->Parse(page_url_, documents));
}

}  // namespace statusphere::fuzz
