#include "common/env_flags.h"

#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace statusphere {

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

std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv, const std::vector<std::string>& flag_names) {
  // The strings must outlive the parse: absl keeps pointers to positional arguments.
  static std::vector<std::string>* args = new std::vector<std::string>;
  *args = ArgsWithEnvironment(argc, argv, flag_names);
  std::vector<char*> pointers;
  for (std::string& a : *args) pointers.push_back(a.data());
  return absl::ParseCommandLine(static_cast<int>(pointers.size()), pointers.data());
}

}  // namespace statusphere
