#include "tests/support/smtp_sink.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>

#include "absl/strings/match.h"

namespace statusphere::testing {

SmtpSink::SmtpSink(const std::string& name, std::vector<std::string> flags) : dir_(FreshTempDir(name)) {
  std::vector<std::string> argv = {"/usr/bin/python3", BinaryPath("tests/support/smtp_sink.py"),
                                   "--port_file=" + dir_ + "/port", "--out_dir=" + dir_};
  argv.insert(argv.end(), flags.begin(), flags.end());
  process_ = std::make_unique<Subprocess>(argv, dir_ + "/log");
  port_ = WaitForPortFile(dir_ + "/port", absl::Seconds(20));
}

std::vector<nlohmann::json> SmtpSink::Mails() const {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir_.c_str())) {
    while (dirent* e = readdir(d)) {
      if (absl::EndsWith(e->d_name, ".json")) names.push_back(e->d_name);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());  // numbered in the order received
  std::vector<nlohmann::json> mails;
  for (const std::string& name : names) {
    std::ifstream in(dir_ + "/" + name);
    mails.push_back(nlohmann::json::parse(in));
  }
  return mails;
}

}  // namespace statusphere::testing
