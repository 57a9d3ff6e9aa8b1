#include "tests/dashboard/webdriver.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

// The W3C key for an element reference in WebDriver JSON.
constexpr char kElementKey[] = "element-6066-11e4-a52e-4f735466cecf";

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// A port the kernel just handed out and took back: chromedriver binds it a moment later.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

std::string MissingBrowser() {
  for (const char* path : {kChromium, kChromedriver}) {
    if (::access(path, X_OK) != 0) {
      return absl::StrCat(path, " is absent: install Debian's chromium and chromium-driver (scripts/setup.sh does)");
    }
  }
  return "";
}

absl::StatusOr<json> Browser::Call(const std::string& method, const std::string& path, const json* body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  const std::string url = base_ + path;
  std::string response, payload = body ? body->dump() : "";
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
  }
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) return absl::UnavailableError(absl::StrCat(method, " ", path, ": ", curl_easy_strerror(code)));
  json parsed = json::parse(response, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return absl::InternalError(absl::StrCat(method, " ", path, ": not JSON: ", response.substr(0, 300)));
  }
  json value = parsed.value("value", json());
  if (status != 200) {
    const std::string error = value.is_object() ? value.value("error", "") : "";
    const std::string message = value.is_object() ? value.value("message", "") : response;
    if (error == "no such element") return absl::NotFoundError(message);
    return absl::InternalError(
        absl::StrCat(method, " ", path, ": HTTP ", status, " ", error, ": ", message.substr(0, 500)));
  }
  return value;
}

absl::StatusOr<std::unique_ptr<Browser>> Browser::Start(const std::string& dir, int width, int height) {
  std::unique_ptr<Browser> browser(new Browser());
  const int port = FreePort();
  if (port == 0) return absl::InternalError("no free port for chromedriver");
  browser->base_ = absl::StrCat("http://127.0.0.1:", port);
  browser->driver_ = std::make_unique<Subprocess>(
      std::vector<std::string>{kChromedriver, absl::StrCat("--port=", port), "--log-level=WARNING"},
      dir + "/chromedriver.log");
  const bool ready = Eventually(
      [&] {
        auto status = browser->Call("GET", "/status", nullptr);
        return status.ok() && status->value("ready", false);
      },
      absl::Seconds(20));
  if (!ready) return absl::UnavailableError("chromedriver did not start: " + browser->DriverLog());
  // The flags this machine's closed network needs (no background connections, no
  // component updates, no sync), and a profile of the test's own.
  json args =
      json::array({"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-breakpad", "--hide-scrollbars", "--lang=en-US", "--user-data-dir=" + dir + "/profile",
                   absl::StrCat("--window-size=", width, ",", height)});
  json capabilities = {{"capabilities",
                        {{"alwaysMatch",
                          {{"browserName", "chrome"},
                           {"pageLoadStrategy", "normal"},
                           {"goog:chromeOptions", {{"binary", kChromium}, {"args", args}}}}}}}};
  auto created = browser->Call("POST", "/session", &capabilities);
  if (!created.ok()) return created.status();
  const std::string id = created->value("sessionId", "");
  if (id.empty()) return absl::InternalError("no session id: " + created->dump());
  browser->session_ = "/session/" + id;
  return browser;
}

Browser::~Browser() {
  if (!session_.empty()) (void)Call("DELETE", session_, nullptr);
  if (driver_) driver_->Stop(absl::Seconds(3));
}

absl::Status Browser::Navigate(const std::string& url) {
  json body = {{"url", url}};
  return Call("POST", session_ + "/url", &body).status();
}

absl::Status Browser::Refresh() {
  json body = json::object();
  return Call("POST", session_ + "/refresh", &body).status();
}

absl::StatusOr<json> Browser::Execute(const std::string& script, json args) {
  json body = {{"script", script}, {"args", std::move(args)}};
  return Call("POST", session_ + "/execute/sync", &body);
}

absl::StatusOr<std::string> Browser::Find(const std::string& css) {
  json body = {{"using", "css selector"}, {"value", css}};
  auto found = Call("POST", session_ + "/element", &body);
  if (!found.ok()) return found.status();
  return found->value(kElementKey, "");
}

absl::Status Browser::Click(const std::string& element) {
  json body = json::object();
  return Call("POST", absl::StrCat(session_, "/element/", element, "/click"), &body).status();
}

absl::Status Browser::Type(const std::string& element, const std::string& text) {
  json body = {{"text", text}};
  return Call("POST", absl::StrCat(session_, "/element/", element, "/value"), &body).status();
}

absl::Status Browser::PressKeys(const std::string& keys) {
  json actions = json::array();
  // Keys are UTF-8: each code point is one key (WebDriver's special keys are in U+E000..).
  for (size_t i = 0; i < keys.size();) {
    size_t len = 1;
    const unsigned char c = keys[i];
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    const std::string key = keys.substr(i, len);
    actions.push_back({{"type", "keyDown"}, {"value", key}});
    actions.push_back({{"type", "keyUp"}, {"value", key}});
    i += len;
  }
  json body = {{"actions", json::array({{{"type", "key"}, {"id", "keyboard"}, {"actions", actions}}})}};
  return Call("POST", session_ + "/actions", &body).status();
}

absl::Status Browser::SetWindowSize(int width, int height) {
  json body = {{"width", width}, {"height", height}};
  return Call("POST", session_ + "/window/rect", &body).status();
}

absl::Status Browser::Screenshot(const std::string& path) {
  auto shot = Call("GET", session_ + "/screenshot", nullptr);
  if (!shot.ok()) return shot.status();
  std::string png;
  if (!shot->is_string() || !absl::Base64Unescape(shot->get<std::string>(), &png)) {
    return absl::InternalError("screenshot is not base64");
  }
  std::ofstream out(path, std::ios::binary);
  out << png;
  return out ? absl::OkStatus() : absl::InternalError("cannot write " + path);
}

bool Browser::WaitFor(const std::string& script, absl::Duration timeout, json args) {
  return Eventually(
      [&] {
        auto result = Execute(script, args);
        return result.ok() && result->is_boolean() && result->get<bool>();
      },
      timeout);
}

json Js(Browser& browser, const std::string& script, json args) {
  auto result = browser.Execute(script, std::move(args));
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : json();
}

std::string OutputsDir(const std::string& fallback) {
  const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  return dir ? dir : fallback;
}

}  // namespace statusphere::testing
