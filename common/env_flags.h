// Every flag of a statusphere program has an environment-variable equivalent:
// --data_dir=X and STATUSPHERE_DATA_DIR=X mean the same; a flag on the command line wins
// over the environment. "A program's flags" are those it defines itself (ABSL_FLAG in
// statusphere's sources), read from Abseil's registry: no list to keep in step.
#ifndef STATUSPHERE_COMMON_ENV_FLAGS_H_
#define STATUSPHERE_COMMON_ENV_FLAGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace statusphere {

// Whether a flag defined in `filename` is one of the program's own (not Abseil's).
bool IsOwnFlagFile(absl::string_view filename);

// The names of the program's own flags, sorted.
std::vector<std::string> OwnFlagNames();

// Returns argv with "--<flag>=<value>" inserted after the program name for each of
// `flag_names` whose STATUSPHERE_<FLAG> variable is set. Command-line flags come later in
// the list, so absl's parser lets them override.
std::vector<std::string> ArgsWithEnvironment(int argc, char** argv, const std::vector<std::string>& flag_names);

// Parses the program's own flags from argv and the environment (see above), with --help
// listing them (Abseil's default lists only flags from a file named like the binary);
// returns the positional arguments.
std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_ENV_FLAGS_H_
