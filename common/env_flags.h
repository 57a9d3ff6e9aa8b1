// Every flag has an environment-variable equivalent: --data_dir=X and STATUSPHERE_DATA_DIR=X
// mean the same; a flag on the command line wins over the environment.
#ifndef STATUSPHERE_COMMON_ENV_FLAGS_H_
#define STATUSPHERE_COMMON_ENV_FLAGS_H_

#include <string>
#include <vector>

namespace statusphere {

// Returns argv with "--<flag>=<value>" inserted after the program name for each of
// `flag_names` whose STATUSPHERE_<FLAG> variable is set. Command-line flags come later in
// the list, so absl's parser lets them override.
std::vector<std::string> ArgsWithEnvironment(int argc, char** argv, const std::vector<std::string>& flag_names);

// Parses flags from argv and the environment (see above); returns positional arguments.
std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv, const std::vector<std::string>& flag_names);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_ENV_FLAGS_H_
