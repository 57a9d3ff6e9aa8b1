#include "scraper/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/connection_guard.h"

namespace statusphere::scraper {
namespace {

using statusphere::v1::ScrapeFailure;

// curl_global_init is not thread-safe: do it once, before any Fetcher exists.
void GlobalInit() {
  static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)initialized;
}

struct Transfer {
  FetchResult result;
  ConnectionGuard guard;
  size_t max_body = 0;
  bool too_large = false;
  bool done = false;
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->result.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->result.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  absl::string_view line(data, n);
  // A new status line (after a redirect or 100 Continue) starts a fresh header set.
  if (absl::StartsWith(line, "HTTP/")) {
    t->result.etag.clear();
    t->result.last_modified.clear();
    t->result.retry_after = absl::ZeroDuration();
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return n;
  const std::string name = absl::AsciiStrToLower(line.substr(0, colon));
  const std::string value(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  if (name == "etag") t->result.etag = value;
  if (name == "last-modified") t->result.last_modified = value;
  if (name == "retry-after") t->result.retry_after = ParseRetryAfter(value, absl::Now());
  return n;
}

void Classify(Transfer& t, CURLcode code) {
  t.done = true;
  FetchResult& r = t.result;
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  r.http_status = static_cast<int>(status);
  char* final_url = nullptr;
  if (curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url) r.final_url = final_url;
  char* content_type = nullptr;
  if (curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    r.content_type = content_type;
  }
  if (code == CURLE_OK) return;
  r.body.clear();  // a failed transfer's partial body is never parsed
  if (!t.guard.refused.empty()) {
    r.error = ScrapeFailure::BLOCKED_ADDRESS;
    r.error_message = absl::StrCat("GET ", r.url, ": refused to connect: ", t.guard.refused);
  } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.error = ScrapeFailure::TOO_LARGE;
    r.error_message = absl::StrCat("GET ", r.url, ": response larger than ", t.max_body, " bytes");
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    r.error = ScrapeFailure::TIMEOUT;
    r.error_message = absl::StrCat("GET ", r.url, ": timed out");
  } else if (code == CURLE_TOO_MANY_REDIRECTS) {
    r.error = ScrapeFailure::TOO_MANY_REDIRECTS;
    r.error_message = absl::StrCat("GET ", r.url, ": too many redirects");
  } else {
    r.error = ScrapeFailure::FETCH_FAILED;
    r.error_message = absl::StrCat("GET ", r.url, ": ", curl_easy_strerror(code));
  }
}

}  // namespace

struct Fetcher::Impl {
  FetcherOptions options;
  CURLM* multi = nullptr;
  CURLSH* share = nullptr;  // DNS cache shared by this fetcher's transfers
  // Easy handles of finished transfers, reset to defaults: creating one costs more than
  // most of a small transfer. Connections live in the multi, not here.
  std::vector<CURL*> idle_handles;

  CURL* TakeHandle() {
    if (idle_handles.empty()) return curl_easy_init();
    CURL* e = idle_handles.back();
    idle_handles.pop_back();
    return e;
  }
  void GiveBack(CURL* e) {
    if (idle_handles.size() >= static_cast<size_t>(options.max_concurrency)) {
      curl_easy_cleanup(e);
      return;
    }
    // Every option, including the private pointer and the callbacks' user data, goes back
    // to its default: nothing of one transfer reaches the next.
    curl_easy_reset(e);
    idle_handles.push_back(e);
  }
};

Fetcher::Fetcher(FetcherOptions options) : impl_(new Impl) {
  GlobalInit();
  impl_->options = std::move(options);
  impl_->multi = curl_multi_init();
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(impl_->options.max_concurrency));
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(impl_->options.max_per_host));
  curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  impl_->share = curl_share_init();
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

Fetcher::~Fetcher() {
  for (CURL* e : impl_->idle_handles) curl_easy_cleanup(e);
  curl_multi_cleanup(impl_->multi);
  curl_share_cleanup(impl_->share);
}

FetchResult Fetcher::Fetch(const FetchRequest& request) { return FetchAll({request}).front(); }

std::vector<FetchResult> Fetcher::FetchAll(const std::vector<FetchRequest>& requests) {
  const FetcherOptions& o = impl_->options;
  std::optional<HostLimiter::Slots> slots;
  if (o.host_limiter != nullptr) {
    std::vector<std::string> hosts;
    for (const FetchRequest& r : requests) {
      if (absl::StatusOr<std::string> host = UrlHost(r.url); host.ok()) hosts.push_back(absl::AsciiStrToLower(*host));
    }
    slots.emplace(o.host_limiter->Acquire(std::move(hosts)));
  }
  std::vector<Transfer> transfers(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    Transfer& t = transfers[i];
    t.result.url = requests[i].url;
    t.max_body = o.max_body_bytes;
    t.guard.policy = &o.addresses;
    t.easy = impl_->TakeHandle();
    CURL* e = t.easy;
    curl_easy_setopt(e, CURLOPT_URL, requests[i].url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_SHARE, impl_->share);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
    InstallConnectionGuard(e, &t.guard);
    // Only http(s), also after redirects: a status page must not send us to file:// or gopher://.
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(o.max_redirects));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(o.connect_timeout)));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(o.total_timeout)));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes (gzip, br, ...)
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    t.headers = curl_slist_append(t.headers, "Accept: application/json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
    if (!requests[i].etag.empty()) {
      t.headers = curl_slist_append(t.headers, absl::StrCat("If-None-Match: ", requests[i].etag).c_str());
    }
    if (!requests[i].last_modified.empty()) {
      t.headers = curl_slist_append(t.headers, absl::StrCat("If-Modified-Since: ", requests[i].last_modified).c_str());
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    curl_multi_add_handle(impl_->multi, e);
  }

  int running = 0;
  do {
    if (curl_multi_perform(impl_->multi, &running) != CURLM_OK) break;
    int messages = 0;
    while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &messages)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      Classify(*t, msg->data.result);
    }
    if (running > 0) curl_multi_poll(impl_->multi, nullptr, 0, o.cancel != nullptr ? 250 : 1000, nullptr);
  } while (running > 0 && !(o.cancel != nullptr && o.cancel->load()));
  // Collect any completions reported by the last perform.
  int messages = 0;
  while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &messages)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
    Classify(*t, msg->data.result);
  }

  std::vector<FetchResult> results;
  results.reserve(transfers.size());
  for (Transfer& t : transfers) {
    if (!t.done) {  // cancelled, or the multi loop failed
      Classify(t, CURLE_ABORTED_BY_CALLBACK);
      if (o.cancel != nullptr && o.cancel->load()) {
        t.result.error_message = absl::StrCat("GET ", t.result.url, ": given up: the scraper is stopping");
        // Removing a transfer that is still resolving its host name would wait for the
        // resolver thread (up to the system resolver's own timeouts); let it finish alone.
        curl_easy_setopt(t.easy, CURLOPT_QUICK_EXIT, 1L);
      }
    }
    curl_multi_remove_handle(impl_->multi, t.easy);
    impl_->GiveBack(t.easy);
    curl_slist_free_all(t.headers);
    results.push_back(std::move(t.result));
  }
  return results;
}

absl::Duration ParseRetryAfter(const std::string& value, absl::Time now) {
  const std::string v(absl::StripAsciiWhitespace(value));
  int64_t seconds = 0;
  if (absl::SimpleAtoi(v, &seconds)) return seconds > 0 ? absl::Seconds(std::min<int64_t>(seconds, 86400)) : absl::ZeroDuration();
  absl::Time when;
  std::string error;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", v, absl::UTCTimeZone(), &when, &error) && when > now) {
    return std::min(when - now, absl::Hours(24));
  }
  return absl::ZeroDuration();
}

}  // namespace statusphere::scraper
