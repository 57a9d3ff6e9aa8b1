// The documents a scrape fetches, each under its role: the name its provider's Parse finds
// it by ("summary", "incidents", "feed"), instead of its place in a list.
#ifndef STATUSPHERE_PROVIDERS_DOCUMENTS_H_
#define STATUSPHERE_PROVIDERS_DOCUMENTS_H_

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace statusphere::providers {

// One fetched document, as the scraper got it.
struct Document {
  std::string url;
  int http_status = 200;  // 0 when no response arrived
  std::string content_type;
  std::string body;
  // Why no response arrived (a blocked address, a timeout), for people; empty otherwise.
  std::string error;
};

// "HTTP 404", or why there was no response at all.
std::string OutcomeOf(const Document& document);

// One document to fetch, and the role Parse receives it under.
struct DocumentToFetch {
  std::string role;
  std::string url;
  // A Server-Sent Events stream (Hund.io's live status): the scraper reads it until an
  // event of this name has arrived whole and then closes it, instead of waiting for an end
  // that never comes. Empty for ordinary documents.
  std::string end_after_event = "";
};

std::vector<std::string> UrlsOf(const std::vector<DocumentToFetch>& documents);

// Fetched documents by role, in fetch order. A role fetched several times (a history of
// several pages) has several documents.
class Documents {
 public:
  using Entry = std::pair<std::string, Document>;  // role, document

  Documents() = default;
  Documents(std::initializer_list<Entry> entries) : entries_(entries) {}
  // Implicit: a list of (role, document) entries is the documents.
  Documents(std::vector<Entry> entries) : entries_(std::move(entries)) {}  // NOLINT

  void Add(std::string role, Document document) { entries_.emplace_back(std::move(role), std::move(document)); }

  // The (first) document of this role, or nullptr when none was fetched.
  const Document* Find(absl::string_view role) const;
  // The document of this role, which must be there: INVALID_ARGUMENT naming the role
  // when it is missing.
  absl::StatusOr<const Document*> Require(absl::string_view role) const;
  // The same, and it must have answered 200: UNAVAILABLE naming its URL when it did not.
  absl::StatusOr<const Document*> RequireOk(absl::string_view role) const;
  // Every document of this role, in fetch order.
  std::vector<const Document*> FindAll(absl::string_view role) const;

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_DOCUMENTS_H_
