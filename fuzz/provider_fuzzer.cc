#include "fuzz/provider_fuzzer.h"

#include "absl/strings/str_cat.h"
#include "fuzz/documents.h"
#include "fuzz/page_invariants.h"
#include "providers/registry.h"

namespace statusphere::fuzz {

using providers::Document;

ProviderFuzzer::ProviderFuzzer(absl::string_view provider_name, absl::string_view page_url,
                               std::vector<std::string> valid_bodies)
    : provider_(providers::FindProvider(provider_name)), page_url_(page_url) {
  if (provider_ == nullptr) Fail(provider_name, "no such provider");
  std::vector<std::string> urls = provider_->UrlsToFetch(page_url_, statusphere::v1::SCRAPE_KIND_HISTORICAL);
  for (size_t i = 0; i < urls.size() && i < valid_bodies.size(); ++i) {
    valid_.push_back(Document{urls[i], 200, "", valid_bodies[i]});
  }
  if (provider_->HasFollowUps()) {
    for (std::string& url : provider_->FollowUpUrls(page_url_, valid_)) urls.push_back(std::move(url));
    for (size_t i = valid_.size(); i < urls.size() && i < valid_bodies.size(); ++i) {
      valid_.push_back(Document{urls[i], 200, "", valid_bodies[i]});
    }
  }
  if (urls.size() != valid_bodies.size()) {
    Fail(provider_name, absl::StrCat(urls.size(), " URLs to fetch but ", valid_bodies.size(), " valid documents"));
  }
  // The padding must be valid, or the fuzzed document would never be reached.
  if (absl::Status s = provider_->Parse(page_url_, valid_).status(); !s.ok()) {
    Fail(provider_name, absl::StrCat("the valid documents do not parse: ", s.ToString()));
  }
}

void ProviderFuzzer::Run(const uint8_t* data, size_t size) const {
  const std::vector<FuzzDocument> parts = SplitDocuments(AsText(data, size));
  auto fill = [](Document& slot, const FuzzDocument& part) {
    slot.http_status = part.http_status;
    slot.body = part.body;
  };
  if (parts.size() == 1) {
    for (size_t slot = 0; slot < valid_.size(); ++slot) {
      std::vector<Document> documents = valid_;
      fill(documents[slot], parts[0]);
      ParseAndCheck(documents);
    }
    return;
  }
  std::vector<Document> documents = valid_;
  for (size_t i = 0; i < parts.size() && i < documents.size(); ++i) fill(documents[i], parts[i]);
  ParseAndCheck(documents);
}

void ProviderFuzzer::ParseAndCheck(const std::vector<Document>& documents) const {
  // Detection and the second fetch round read the same untrusted bytes.
  for (const Document& d : documents) provider_->MatchesProbe(d);
  if (provider_->HasFollowUps()) provider_->FollowUpUrls(page_url_, documents);
  CheckParseResult(provider_->name(), provider_->Parse(page_url_, documents));
}

}  // namespace statusphere::fuzz
