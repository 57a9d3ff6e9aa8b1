#include "tools/parse/roles.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"

namespace statusphere::parse {
namespace {

using providers::Document;
using providers::Documents;
using providers::DocumentToFetch;

absl::string_view BaseName(absl::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

// The URL's last path segment, without its query: "summary.json", "history".
absl::string_view LastSegment(absl::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  absl::ConsumeSuffix(&url, "/");
  return BaseName(url);
}

bool NameFits(absl::string_view file, const DocumentToFetch& slot) {
  const absl::string_view name = BaseName(file);
  const absl::string_view stem = name.substr(0, name.find('.'));
  return name == slot.role || stem == slot.role || (!LastSegment(slot.url).empty() && name == LastSegment(slot.url));
}

// Places the files in the document slots, one file per slot, by the rules of roles.h.
class Assignment {
 public:
  Assignment(const std::vector<SavedFile>& files, absl::string_view page_url)
      : files_(files), page_url_(page_url), assigned_(files.size()) {}

  void AddSlots(std::vector<DocumentToFetch> slots) {
    for (DocumentToFetch& s : slots) slots_.push_back(std::move(s));
    filled_.resize(slots_.size(), false);
  }

  // Rule 1 and 2 (when `detection` is given): each unassigned file to the first free
  // slot that the rule says it fits.
  void ByNameAndContent(const providers::Detection* detection) {
    const std::string probe_url = detection && detection->probe_url ? detection->probe_url(page_url_) : "";
    for (size_t f = 0; f < files_.size(); ++f) {
      Place(f, [&](const DocumentToFetch& slot) { return NameFits(files_[f].path, slot); });
    }
    // A home page the provider's markers recognise goes to the slot of the page URL.
    if (detection != nullptr && detection->home_page_matches) {
      for (size_t f = 0; f < files_.size(); ++f) {
        if (assigned_[f] || !detection->HomePageMatches(AsDocument(f, page_url_))) continue;
        Place(f, [&](const DocumentToFetch& slot) { return slot.url == page_url_; });
      }
    }
    if (probe_url.empty()) return;
    for (size_t f = 0; f < files_.size(); ++f) {
      if (!detection->ProbeMatches(AsDocument(f, probe_url))) continue;
      Place(f, [&](const DocumentToFetch& slot) { return slot.url == probe_url; });
    }
  }

  // Rule 3.
  void InFetchOrder() {
    for (size_t f = 0; f < files_.size(); ++f) Place(f, [](const DocumentToFetch&) { return true; });
  }

  // INVALID_ARGUMENT naming the first file placed in no slot.
  absl::Status AllPlaced(absl::string_view provider_name) const {
    for (size_t f = 0; f < files_.size(); ++f) {
      if (!assigned_[f]) {
        return absl::InvalidArgumentError(
            absl::StrCat(files_[f].path, " fits none of the documents ", provider_name, " reads"));
      }
    }
    return absl::OkStatus();
  }

  // The files placed so far, under their slots' roles and URLs, in fetch order.
  Documents Placed() const {
    Documents documents;
    for (size_t s = 0; s < slots_.size(); ++s) {
      for (size_t f = 0; f < files_.size(); ++f) {
        // Named by the file, so that an error names what to look at.
        if (assigned_[f] == s) documents.Add(slots_[s].role, AsDocument(f, files_[f].path));
      }
    }
    return documents;
  }

 private:
  Document AsDocument(size_t f, const std::string& url) const { return {url, 200, "", files_[f].body}; }

  template <typename Fits>
  void Place(size_t f, Fits fits) {
    if (assigned_[f]) return;
    for (size_t s = 0; s < slots_.size(); ++s) {
      if (!filled_[s] && fits(slots_[s])) {
        filled_[s] = true;
        assigned_[f] = s;
        return;
      }
    }
  }

  const std::vector<SavedFile>& files_;
  const std::string page_url_;
  std::vector<DocumentToFetch> slots_;
  std::vector<bool> filled_;
  std::vector<std::optional<size_t>> assigned_;
};

}  // namespace

absl::StatusOr<Documents> ToRoles(const providers::Provider& provider, absl::string_view page_url,
                                  const std::vector<SavedFile>& files) {
  providers::FetchPlan plan = provider.Fetches(page_url, statusphere::v1::SCRAPE_KIND_HISTORICAL);
  const providers::Detection detection = provider.detection();
  Assignment assignment(files, page_url);
  assignment.AddSlots(plan.documents);
  assignment.ByNameAndContent(&detection);
  // The first round's files, told by name or content, say what the second round is (a
  // page id in a home page).
  if (plan.follow_ups) {
    assignment.AddSlots(plan.follow_ups(assignment.Placed()));
    assignment.ByNameAndContent(&detection);
  }
  // The stand-ins (a home page) last, as they are fetched.
  if (!plan.fallbacks.empty()) {
    assignment.AddSlots(plan.fallbacks);
    assignment.ByNameAndContent(&detection);
  }
  assignment.InFetchOrder();
  RETURN_IF_ERROR(assignment.AllPlaced(provider.name()));
  return assignment.Placed();
}

std::string RolesRead(const providers::Provider& provider, absl::string_view page_url) {
  const providers::FetchPlan plan = provider.Fetches(page_url, statusphere::v1::SCRAPE_KIND_CURRENT);
  std::vector<std::string> roles;
  for (const DocumentToFetch& d : plan.documents) roles.push_back(absl::StrCat(d.role, " (", d.url, ")"));
  std::string out = absl::StrJoin(roles, ", ");
  if (plan.follow_ups) absl::StrAppend(&out, ", then documents named in those");
  for (const DocumentToFetch& d : plan.fallbacks) {
    absl::StrAppend(&out, ", and when one does not answer ", d.role, " (", d.url, ")");
  }
  return out;
}

}  // namespace statusphere::parse
