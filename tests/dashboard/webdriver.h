// A headless Chromium driven through chromedriver's W3C WebDriver HTTP API (libcurl on
// 127.0.0.1): what a person's browser does with the dashboard, scripted for a test.
#ifndef STATUSPHERE_TESTS_DASHBOARD_WEBDRIVER_H_
#define STATUSPHERE_TESTS_DASHBOARD_WEBDRIVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"

namespace statusphere::testing {

inline constexpr char kChromium[] = "/usr/bin/chromium";
inline constexpr char kChromedriver[] = "/usr/bin/chromedriver";

// Why the browser cannot run here ("" when it can): the Debian packages are absent.
std::string MissingBrowser();

class Browser {
 public:
  // Starts chromedriver and one headless Chromium session with a fresh profile under `dir`
  // and a window of `width` x `height` CSS pixels.
  static absl::StatusOr<std::unique_ptr<Browser>> Start(const std::string& dir, int width, int height);
  ~Browser();  // ends the session, then chromedriver (and with it Chromium)

  absl::Status Navigate(const std::string& url);
  absl::Status Refresh();
  // Runs `script` (a function body; `arguments` holds `args`) in the page; its return value.
  absl::StatusOr<nlohmann::json> Execute(const std::string& script, nlohmann::json args = nlohmann::json::array());
  // The first element matching the CSS selector (its WebDriver id), NOT_FOUND when none.
  absl::StatusOr<std::string> Find(const std::string& css);
  absl::Status Click(const std::string& element);
  absl::Status Type(const std::string& element, const std::string& text);
  // Presses keys on whatever has focus (WebDriver key codes, e.g. "\uE004" for Tab).
  absl::Status PressKeys(const std::string& keys);
  absl::Status SetWindowSize(int width, int height);
  // A PNG of the viewport written to `path`.
  absl::Status Screenshot(const std::string& path);

  // Polls `script` (as Execute) until it returns true, up to `timeout`.
  bool WaitFor(const std::string& script, absl::Duration timeout, nlohmann::json args = nlohmann::json::array());

  std::string DriverLog() const { return driver_ ? driver_->Log() : ""; }

 private:
  Browser() = default;
  absl::StatusOr<nlohmann::json> Call(const std::string& method, const std::string& path, const nlohmann::json* body);

  std::unique_ptr<Subprocess> driver_;
  std::string base_;     // http://127.0.0.1:<driver port>
  std::string session_;  // /session/<id>
};

// Runs `script` as Browser::Execute does; a script that fails fails the test (and gives null).
nlohmann::json Js(Browser& browser, const std::string& script, nlohmann::json args = nlohmann::json::array());

// Where screenshots go for people to look at (Bazel's undeclared outputs), else `fallback`.
std::string OutputsDir(const std::string& fallback);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_DASHBOARD_WEBDRIVER_H_
