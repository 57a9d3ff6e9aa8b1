// A real SMTP server for tests: tests/support/smtp_sink.py (Debian's python3-aiosmtpd, run
// with /usr/bin/python3) on 127.0.0.1, each accepted mail parsed back by Python's email
// package into JSON: mail_from, rcpt_tos, authenticated, content_type, headers (names
// lowercased, values decoded), parts, text, html, raw. The test's `data` must list
// //tests/support:smtp_sink.py.
#ifndef STATUSPHERE_TESTS_SUPPORT_SMTP_SINK_H_
#define STATUSPHERE_TESTS_SUPPORT_SMTP_SINK_H_

#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"

namespace statusphere::testing {

class SmtpSink {
 public:
  // `flags`: --user=U --password=P to require AUTH, --fail_first=N to answer 451 first.
  explicit SmtpSink(const std::string& name, std::vector<std::string> flags = {});
  int port() const { return port_; }  // 0 when it did not start
  std::string Log() const { return process_->Log(); }
  // Every mail accepted so far, in order.
  std::vector<nlohmann::json> Mails() const;

 private:
  std::string dir_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_SMTP_SINK_H_
