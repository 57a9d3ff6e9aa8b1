#include "common/http/client.h"

#include <curl/curl.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/http/connection_guard.h"
#include "common/http/freshness.h"
#include "common/http/retry_after.h"

namespace statusphere::http {
namespace {

// curl_global_init is not thread-safe: do it once, before any Client exists.
void GlobalInit() {
  static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)initialized;
}

const char* MethodName(Method method) { return method == Method::kPost ? "POST" : "GET"; }

struct Transfer {
  const Request* request = nullptr;
  Response response;
  CachingHeaders caching;  // of the last response (after redirects), read into fresh_for
  ConnectionGuard guard;
  size_t max_body = 0;
  bool truncate_body = false;
  bool too_large = false;
  // end_after_event: where the event block being received starts, how far the body was
  // searched for its end, and whether the event arrived (which ended the transfer).
  size_t event_block_start = 0;
  size_t event_searched = 0;
  bool ended_by_event = false;
  bool done = false;
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
};

// Whether the body now holds a whole event named `name`: a block of lines ended by a blank
// line ("\n\n", "\r\n\r\n" or "\r\r") with a line "event: <name>". Each byte is searched
// once (a block's end is looked for only in what arrived since), so that a stream of many
// small writes costs linear time.
bool EventArrived(Transfer& t) {
  const absl::string_view body = t.response.body;
  const absl::string_view name = t.request->end_after_event;
  while (true) {
    const size_t from = std::max(t.event_block_start, t.event_searched > 3 ? t.event_searched - 3 : 0);
    size_t end = absl::string_view::npos, next = absl::string_view::npos;
    for (absl::string_view blank : {"\n\n", "\r\n\r\n", "\r\r"}) {
      const size_t at = body.find(blank, from);
      if (at < end) {
        end = at;
        next = at + blank.size();
      }
    }
    if (end == absl::string_view::npos) {
      t.event_searched = body.size();
      return false;
    }
    const absl::string_view block = body.substr(t.event_block_start, end - t.event_block_start);
    t.event_block_start = t.event_searched = next;
    for (absl::string_view line : absl::StrSplit(block, absl::ByAnyChar("\r\n"))) {
      if (!absl::ConsumePrefix(&line, "event:")) continue;
      absl::ConsumePrefix(&line, " ");
      if (line == name) return true;
    }
  }
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string& body = t->response.body;
  if (body.size() + n > t->max_body) {
    if (t->truncate_body) {
      body.append(data, t->max_body - body.size());
      return n;  // read on, so that the answer's status still arrives
    }
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  body.append(data, n);
  if (!t->request->end_after_event.empty() && EventArrived(*t)) {
    t->ended_by_event = true;
    return 0;  // ends the stream (CURLE_WRITE_ERROR), taken as a success by Classify
  }
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  absl::string_view line(data, n);
  Response& r = t->response;
  // A new status line (after a redirect or 100 Continue) starts a fresh header set.
  if (absl::StartsWith(line, "HTTP/")) {
    r.etag.clear();
    r.last_modified.clear();
    r.retry_after = absl::ZeroDuration();
    t->caching = {};
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return n;
  const std::string name = absl::AsciiStrToLower(line.substr(0, colon));
  const absl::string_view value = absl::StripAsciiWhitespace(line.substr(colon + 1));
  if (name == "etag") r.etag = std::string(value);
  if (name == "last-modified") r.last_modified = std::string(value);
  if (name == "retry-after") r.retry_after = ParseRetryAfter(value, absl::Now());
  if (name == "cache-control") {
    absl::StrAppend(&t->caching.cache_control, t->caching.cache_control.empty() ? "" : ", ", value);
  }
  if (name == "expires") t->caching.expires = std::string(value);
  if (name == "date") t->caching.date = std::string(value);
  if (name == "age") t->caching.age = std::string(value);
  return n;
}

void Fail(Transfer& t, ErrorKind kind, std::string detail) {
  Response& r = t.response;
  r.body.clear();  // a failed transfer's partial body is never parsed
  r.error = kind;
  r.error_message = absl::StrCat(MethodName(t.request->method), " ", r.url, ": ", detail);
  r.error_detail = std::move(detail);
}

void Classify(Transfer& t, CURLcode code) {
  t.done = true;
  Response& r = t.response;
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  r.http_status = static_cast<int>(status);
  char* final_url = nullptr;
  if (curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url) r.final_url = final_url;
  char* content_type = nullptr;
  if (curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    r.content_type = content_type;
  }
  r.fresh_for = FreshFor(t.caching, absl::Now());
  if (code == CURLE_OK) return;
  if (t.ended_by_event) return;  // the awaited event arrived: the body so far is the answer
  // The guard first: a refused connection surfaces as whatever libcurl made of it.
  if (!t.guard.refused.empty()) {
    Fail(t, ErrorKind::kBlocked, absl::StrCat("refused to connect: ", t.guard.refused));
  } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    Fail(t, ErrorKind::kTooLarge, absl::StrCat("response larger than ", t.max_body, " bytes"));
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    Fail(t, ErrorKind::kTimeout, "timed out");
  } else if (code == CURLE_TOO_MANY_REDIRECTS) {
    Fail(t, ErrorKind::kTooManyRedirects, "too many redirects");
  } else if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) {
    Fail(t, ErrorKind::kBadUrl, curl_easy_strerror(code));
  } else {
    Fail(t, ErrorKind::kTransport, curl_easy_strerror(code));
  }
}

}  // namespace

struct Client::Impl {
  ClientOptions options;
  CURLM* multi = nullptr;
  CURLSH* share = nullptr;  // DNS cache shared by this client's transfers
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

  void Configure(Transfer& t);
  void CollectFinished();
};

void Client::Impl::Configure(Transfer& t) {
  const ClientOptions& o = options;
  const Request& request = *t.request;
  CURL* e = t.easy;
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_SHARE, share);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
  InstallConnectionGuard(e, &t.guard);
  // Only http(s), also after redirects: a page must not send us to file:// or gopher://.
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, o.follow_redirects ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(o.max_redirects));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(o.connect_timeout)));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(o.total_timeout)));
  // A declared length over the cap fails before the body; truncating callers read on.
  if (!o.truncate_long_body) curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
  if (o.accept_compressed) curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  for (const auto& [name, value] : request.headers) {
    t.headers = curl_slist_append(t.headers, absl::StrCat(name, ": ", value).c_str());
  }
  if (request.method == Method::kPost) {
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    // libcurl would send "Expect: 100-continue" for larger bodies and wait for an answer
    // many webhook endpoints never give.
    t.headers = curl_slist_append(t.headers, "Expect:");
  }
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
}

void Client::Impl::CollectFinished() {
  int messages = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &messages)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
    Classify(*t, msg->data.result);
  }
}

Client::Client(ClientOptions options) : impl_(new Impl) {
  GlobalInit();
  impl_->options = std::move(options);
  impl_->multi = curl_multi_init();
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(impl_->options.max_concurrency));
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(impl_->options.max_per_host));
  curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  impl_->share = curl_share_init();
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

Client::~Client() {
  for (CURL* e : impl_->idle_handles) curl_easy_cleanup(e);
  curl_multi_cleanup(impl_->multi);
  curl_share_cleanup(impl_->share);
}

Response Client::Send(const Request& request, const std::atomic<bool>* cancel) {
  return std::move(SendAll({request}, cancel).front());
}

std::vector<Response> Client::SendAll(const std::vector<Request>& requests, const std::atomic<bool>* cancel) {
  auto cancelled = [cancel] { return cancel != nullptr && cancel->load(); };
  std::vector<Transfer> transfers(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    Transfer& t = transfers[i];
    t.request = &requests[i];
    t.response.url = requests[i].url;
    t.max_body = impl_->options.max_body_bytes;
    t.truncate_body = impl_->options.truncate_long_body;
    t.guard.policy = &impl_->options.addresses;
    t.easy = impl_->TakeHandle();
    if (t.easy == nullptr) {
      t.done = true;
      Fail(t, ErrorKind::kTransport, "libcurl cannot create a handle");
      continue;
    }
    impl_->Configure(t);
    curl_multi_add_handle(impl_->multi, t.easy);
  }

  int running = 0;
  do {
    if (curl_multi_perform(impl_->multi, &running) != CURLM_OK) break;
    impl_->CollectFinished();
    if (running > 0) curl_multi_poll(impl_->multi, nullptr, 0, cancel != nullptr ? 250 : 1000, nullptr);
  } while (running > 0 && !cancelled());
  // Completions reported by the last perform.
  impl_->CollectFinished();

  std::vector<Response> responses;
  responses.reserve(transfers.size());
  for (Transfer& t : transfers) {
    if (t.easy == nullptr) {
      responses.push_back(std::move(t.response));
      continue;
    }
    if (!t.done) {  // cancelled, or the multi loop failed
      Classify(t, CURLE_ABORTED_BY_CALLBACK);
      if (cancelled()) {
        Fail(t, ErrorKind::kCancelled, "given up: cancelled");
        // Removing a transfer that is still resolving its host name would wait for the
        // resolver thread (up to the system resolver's own timeouts); let it finish alone.
        curl_easy_setopt(t.easy, CURLOPT_QUICK_EXIT, 1L);
      }
    }
    curl_multi_remove_handle(impl_->multi, t.easy);
    impl_->GiveBack(t.easy);
    curl_slist_free_all(t.headers);
    responses.push_back(std::move(t.response));
  }
  return responses;
}

std::string ConnectHost(absl::string_view url) {
  CURLU* parsed = curl_url();
  std::string host;
  char* part = nullptr;
  if (curl_url_set(parsed, CURLUPART_URL, std::string(url).c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = absl::AsciiStrToLower(part);
    curl_free(part);
  }
  curl_url_cleanup(parsed);
  return host;
}

}  // namespace statusphere::http
