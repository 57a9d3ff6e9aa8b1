#include "common/env_flags.h"

#include <algorithm>
#include <cstdlib>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace statusphere {

bool IsOwnFlagFile(absl::string_view filename) {
  return !absl::StartsWith(filename, "absl/") && !absl::StrContains(filename, "/absl/");
}

std::vector<std::string> OwnFlagNames() {
  std::vector<std::string> names;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (IsOwnFlagFile(flag->Filename())) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> ArgsWithEnvironment(int argc, char** argv, const std::vector<std::string>& flag_names) {
  std::vector<std::string> args;
  if (argc > 0) args.emplace_back(argv[0]);
  for (const std::string& name : flag_names) {
    const std::string variable = absl::StrCat("STATUSPHERE_", absl::AsciiStrToUpper(name));
    if (const char* value = std::getenv(variable.c_str()); value != nullptr) {
      args.push_back(absl::StrCat("--", name, "=", value));
    }
  }
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return args;
}

std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv) {
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = &IsOwnFlagFile;
  usage.contains_helpshort_flags = &IsOwnFlagFile;
  absl::SetFlagsUsageConfig(usage);
  // The strings must outlive the parse: absl keeps pointers to positional arguments.
  static std::vector<std::string>* args = new std::vector<std::string>;
  *args = ArgsWithEnvironment(argc, argv, OwnFlagNames());
  std::vector<char*> pointers;
  for (std::string& a : *args) pointers.push_back(a.data());
  return absl::ParseCommandLine(static_cast<int>(pointers.size()), pointers.data());
}

}  // namespace statusphere
