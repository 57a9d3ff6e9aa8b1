#include "tests/support/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace statusphere::testing {

std::string BinaryPath(const std::string& workspace_relative) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr) return workspace_relative;  // run by hand from the workspace root
  return absl::StrCat(srcdir, "/", workspace ? workspace : "statusphere", "/", workspace_relative);
}

std::string FreshTempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  const std::string dir = absl::StrCat(base ? base : "/tmp", "/", name);
  if (std::system(absl::StrCat("rm -rf '", dir, "'").c_str()) != 0) {
    // Nothing to remove is fine; mkdir below reports real problems.
  }
  ::mkdir(dir.c_str(), 0700);
  return dir;
}

Subprocess::Subprocess(std::vector<std::string> argv, const std::string& log_path) : log_path_(log_path) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && Running()) Kill();
}

bool Subprocess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    pid_ = -pid_;  // reaped; keep the number for messages
    return false;
  }
  return r == 0;
}

int Subprocess::Stop(absl::Duration grace) {
  if (pid_ <= 0) return 0;
  ::kill(pid_, SIGTERM);
  const absl::Time until = absl::Now() + grace;
  int status = 0;
  while (absl::Now() < until) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -pid_;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -pid_;
  return -SIGKILL;
}

void Subprocess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -pid_;
}

std::string Subprocess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int WaitForPortFile(const std::string& path, absl::Duration timeout) {
  int port = 0;
  Eventually(
      [&] {
        std::ifstream in(path);
        std::string text;
        std::getline(in, text);
        return absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &port) && port > 0;
      },
      timeout);
  return port;
}

int64_t ProcessMemoryKb(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  const std::string prefix = field + ":";
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, prefix)) {
      int64_t kb = -1;
      std::istringstream(line.substr(prefix.size())) >> kb;
      return kb;
    }
  }
  return -1;
}

std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

CommandRun RunCommand(const std::vector<std::string>& argv, CommandStderr stderr_to) {
  std::vector<std::string> words;
  for (const std::string& arg : argv) words.push_back(ShellQuote(arg));
  const std::string command =
      absl::StrJoin(words, " ") + (stderr_to == CommandStderr::kMerged ? " 2>&1" : " 2>/dev/null");
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    run.output = "popen failed";
    return run;
  }
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace statusphere::testing
