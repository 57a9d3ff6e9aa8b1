#include "providers/documents.h"

#include "absl/strings/str_cat.h"

namespace statusphere::providers {

std::string OutcomeOf(const Document& document) {
  if (document.http_status == 0 && !document.error.empty()) return document.error;
  return absl::StrCat("HTTP ", document.http_status);
}

std::vector<std::string> UrlsOf(const std::vector<DocumentToFetch>& documents) {
  std::vector<std::string> urls;
  urls.reserve(documents.size());
  for (const DocumentToFetch& d : documents) urls.push_back(d.url);
  return urls;
}

const Document* Documents::Find(absl::string_view role) const {
  for (const Entry& e : entries_) {
    if (e.first == role) return &e.second;
  }
  return nullptr;
}

absl::StatusOr<const Document*> Documents::Require(absl::string_view role) const {
  const Document* document = Find(role);
  if (document == nullptr) return absl::InvalidArgumentError(absl::StrCat("no '", role, "' document"));
  return document;
}

absl::StatusOr<const Document*> Documents::RequireOk(absl::string_view role) const {
  absl::StatusOr<const Document*> document = Require(role);
  if (document.ok() && (*document)->http_status != 200) {
    const Document& failed = **document;
    return absl::UnavailableError(absl::StrCat(failed.url, ": ", OutcomeOf(failed)));
  }
  return document;
}

std::vector<const Document*> Documents::FindAll(absl::string_view role) const {
  std::vector<const Document*> found;
  for (const Entry& e : entries_) {
    if (e.first == role) found.push_back(&e.second);
  }
  return found;
}

}  // namespace statusphere::providers
