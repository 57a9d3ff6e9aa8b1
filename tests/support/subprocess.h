// Starts the project's real binaries as child processes for end-to-end tests, and kills
// them (and only them) when the test ends, even when an assertion failed.
#ifndef STATUSPHERE_TESTS_SUPPORT_SUBPROCESS_H_
#define STATUSPHERE_TESTS_SUPPORT_SUBPROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace statusphere::testing {

// Absolute path of a binary built by Bazel and listed in the test's `data`, given its
// workspace-relative path (e.g. "server/statusphere-server").
std::string BinaryPath(const std::string& workspace_relative);

// A directory private to this test (under TEST_TMPDIR), created fresh.
std::string FreshTempDir(const std::string& name);

class Subprocess {
 public:
  // Starts `argv[0]` with the given arguments; stdout and stderr go to `log_path`.
  Subprocess(std::vector<std::string> argv, const std::string& log_path);
  ~Subprocess();  // SIGKILL if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  // SIGTERM, then SIGKILL after `grace`; returns the exit status (or -signal).
  int Stop(absl::Duration grace = absl::Seconds(5));
  void Kill();  // SIGKILL, like a crash
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

// A memory figure of a running process from /proc/<pid>/status, in kB ("VmRSS" now,
// "VmHWM" its peak); -1 when unreadable.
int64_t ProcessMemoryKb(pid_t pid, const std::string& field);

// Waits until `path` holds a port number written by --port_file; 0 on timeout.
int WaitForPortFile(const std::string& path, absl::Duration timeout);

// `s` as one word of a POSIX shell command line.
std::string ShellQuote(const std::string& s);

// A command run to its end (a CLI, a script, a client): how it ended and what it printed.
struct CommandRun {
  int exit_code = -1;  // -1: it could not be started, or a signal ended it
  std::string output;  // stdout, and stderr after it when merged
};
enum class CommandStderr { kDropped, kMerged };
// Runs `argv` (each word quoted, argv[0] found on PATH) and waits for it to end.
CommandRun RunCommand(const std::vector<std::string>& argv, CommandStderr stderr_to = CommandStderr::kDropped);

// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
template <typename Fn>
bool Eventually(Fn condition, absl::Duration timeout);

}  // namespace statusphere::testing

#include "absl/time/clock.h"

namespace statusphere::testing {
template <typename Fn>
bool Eventually(Fn condition, absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  while (true) {
    if (condition()) return true;
    if (absl::Now() > until) return false;
    absl::SleepFor(absl::Milliseconds(50));
  }
}
}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_SUBPROCESS_H_
