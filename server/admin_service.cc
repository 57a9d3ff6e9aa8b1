#include "server/admin_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/page_url.h"
#include "common/log.h"
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

}  // namespace

absl::Status AdminServiceImpl::CheckPublicUrl(const std::string& url) const {
  absl::StatusOr<std::string> host = UrlHost(url);
  if (!host.ok()) return absl::InvalidArgumentError(absl::StrCat("url: ", host.status().message()));
  absl::Status verdict = page_addresses_.CheckHost(*host);
  if (verdict.code() == absl::StatusCode::kPermissionDenied) {
    return absl::InvalidArgumentError(absl::StrCat(
        "url: ", verdict.message(), "; status pages must be on public addresses (see the server's --allow_addresses flag)"));
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
    ASSIGN_OR_RETURN(
        *response->mutable_status_page(),
        store_->AddPage({name, url, std::string(absl::StripAsciiWhitespace(request->provider())), store::PageOrigin::kAdmin},
                        absl::Now()));
    log::Info("admin.page_added", {{"url", url}, {"name", name}});
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::RemoveStatusPage(grpc::ServerContext* context, const v1::RemoveStatusPageRequest* request,
                                                v1::RemoveStatusPageResponse*) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, ValidUrl("status_page_url", request->status_page_url()));
    RETURN_IF_ERROR(store_->RemovePage(url));
    log::Info("admin.page_removed", {{"url", url}});
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::RenameStatusPage(grpc::ServerContext* context, const v1::RenameStatusPageRequest* request,
                                                v1::RenameStatusPageResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, ValidUrl("status_page_url", request->status_page_url()));
    ASSIGN_OR_RETURN(std::string name, ValidName("new_name", request->new_name()));
    ASSIGN_OR_RETURN(*response->mutable_status_page(), store_->RenamePage(url, name));
    log::Info("admin.page_renamed", {{"url", url}, {"name", name}});
    return absl::OkStatus();
  });
}

}  // namespace statusphere
