#include "server/admin_service.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/page_url.h"
#include "common/status_macros.h"

namespace statusphere {
namespace {

constexpr size_t kMaxNameLength = 200;

absl::StatusOr<std::string> ValidName(absl::string_view field, const std::string& name) {
  std::string trimmed(absl::StripAsciiWhitespace(name));
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  if (trimmed.size() > kMaxNameLength) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is longer than ", kMaxNameLength, " characters"));
  }
  for (unsigned char c : trimmed) {
    if (c < 0x20 || c == 0x7f) return absl::InvalidArgumentError(absl::StrCat(field, " contains control characters"));
  }
  return trimmed;
}

absl::StatusOr<std::string> ValidUrl(absl::string_view field, const std::string& url) {
  absl::StatusOr<std::string> normalized = NormalizePageUrl(url);
  if (!normalized.ok()) return absl::InvalidArgumentError(absl::StrCat(field, ": ", normalized.status().message()));
  return normalized;
}

bool Selected(v1::PageHealthFilter filter, const store::UnhealthyPage& page) {
  const bool failing = page.page.consecutive_failures() > 0;
  switch (filter) {
    case v1::PAGE_HEALTH_FILTER_NEVER_INDEXED:
      return !page.page.is_indexed();
    case v1::PAGE_HEALTH_FILTER_FAILING:
      return failing;
    default:
      return true;
  }
}

// The failing pages by the reason of their last failure, largest group first, each in the
// store's order (longest failing first). Grouped by reason, not message: messages name
// each page's own URLs, so no two would be alike.
void GroupFailures(const std::vector<store::UnhealthyPage>& pages, v1::ListUnhealthyStatusPagesResponse* response) {
  std::map<int, v1::FailureGroup> groups;
  for (const store::UnhealthyPage& p : pages) {
    if (p.page.consecutive_failures() == 0) continue;
    v1::FailureGroup& group = groups[p.failure_reason];
    if (group.status_page_urls_size() == 0) {
      group.set_reason(p.failure_reason);
      group.set_example_error(p.page.last_error());
    }
    group.add_status_page_urls(p.page.url());
  }
  std::vector<v1::FailureGroup*> ordered;
  for (auto& [reason, group] : groups) ordered.push_back(&group);
  std::stable_sort(ordered.begin(), ordered.end(), [](const v1::FailureGroup* a, const v1::FailureGroup* b) {
    return a->status_page_urls_size() > b->status_page_urls_size();
  });
  for (v1::FailureGroup* group : ordered) *response->add_failure_groups() = std::move(*group);
}

}  // namespace

absl::Status AdminServiceImpl::CheckPublicUrl(const std::string& url) const {
  absl::StatusOr<std::string> host = UrlHost(url);
  if (!host.ok()) return absl::InvalidArgumentError(absl::StrCat("url: ", host.status().message()));
  absl::Status verdict = page_addresses_.CheckHost(*host);
  if (verdict.code() == absl::StatusCode::kPermissionDenied) {
    return absl::InvalidArgumentError(
        absl::StrCat("url: ", verdict.message(),
                     "; status pages must be on public addresses (see the server's --allow_addresses flag)"));
  }
  // A name that does not resolve now may resolve later (DNS outage, a page not yet live):
  // it is accepted, because the scraper checks every address again when it connects.
  if (!verdict.ok()) log::Warn("admin.page_host_unresolved", {{"url", url}, {"error", std::string(verdict.message())}});
  return absl::OkStatus();
}

grpc::Status AdminServiceImpl::AddStatusPage(grpc::ServerContext* context, const v1::AddStatusPageRequest* request,
                                             v1::AddStatusPageResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string name, ValidName("name", request->name()));
    ASSIGN_OR_RETURN(std::string url, ValidUrl("url", request->url()));
    RETURN_IF_ERROR(CheckPublicUrl(url));
    ASSIGN_OR_RETURN(*response->mutable_status_page(),
                     store_->AddPage({name, url, std::string(absl::StripAsciiWhitespace(request->provider())),
                                      store::PageOrigin::kAdmin},
                                     absl::Now()));
    log::Info("admin.page_added", {{"url", url}, {"name", name}});
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::RemoveStatusPage(grpc::ServerContext* context,
                                                const v1::RemoveStatusPageRequest* request,
                                                v1::RemoveStatusPageResponse*) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, ValidUrl("status_page_url", request->status_page_url()));
    RETURN_IF_ERROR(store_->RemovePage(url));
    log::Info("admin.page_removed", {{"url", url}});
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::RenameStatusPage(grpc::ServerContext* context,
                                                const v1::RenameStatusPageRequest* request,
                                                v1::RenameStatusPageResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, ValidUrl("status_page_url", request->status_page_url()));
    ASSIGN_OR_RETURN(std::string name, ValidName("new_name", request->new_name()));
    ASSIGN_OR_RETURN(*response->mutable_status_page(), store_->RenamePage(url, name));
    log::Info("admin.page_renamed", {{"url", url}, {"name", name}});
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::ListUnhealthyStatusPages(grpc::ServerContext* context,
                                                        const v1::ListUnhealthyStatusPagesRequest* request,
                                                        v1::ListUnhealthyStatusPagesResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<store::UnhealthyPage> pages, store_->ListUnhealthyPages());
    std::vector<store::UnhealthyPage> selected;
    for (store::UnhealthyPage& p : pages) {
      if (!p.page.is_indexed()) response->set_never_indexed_count(response->never_indexed_count() + 1);
      if (p.page.consecutive_failures() > 0) response->set_failing_count(response->failing_count() + 1);
      if (Selected(request->filter(), p)) selected.push_back(std::move(p));
    }
    GroupFailures(selected, response);
    for (store::UnhealthyPage& p : selected) *response->add_status_pages() = std::move(p.page);
    return absl::OkStatus();
  });
}

}  // namespace statusphere
