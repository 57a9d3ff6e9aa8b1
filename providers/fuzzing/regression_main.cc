// Replays inputs through a fuzz target without libFuzzer: the normal (gcc) build links this
// main into each fuzz target's regression test, so seeds and every crash input kept under
// its regression folder run in `bazel test //...`. Arguments are files or directories (walked);
// with --shared_fixtures (the regression tests pass it) the captures in ../shared/fixtures
// are replayed too when present. Without it, it replays just what it is given: a debugger's
// view of one input.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/shared_fixtures.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void AddInputs(const std::filesystem::path& path, std::vector<std::filesystem::path>& out) {
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) out.push_back(entry.path());
    }
  } else if (std::filesystem::is_regular_file(path)) {
    out.push_back(path);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> inputs;
  bool shared_fixtures = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--shared_fixtures") {
      shared_fixtures = true;
    } else if (argv[i][0] != '\0') {
      AddInputs(argv[i], inputs);
    }
  }
  if (shared_fixtures) {
    if (std::optional<std::string> shared = statusphere::testing::SharedFixturesDir()) AddInputs(*shared, inputs);
  }
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Named before running, so that a crash says which input it was.
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::fprintf(stderr, "replayed %zu inputs\n", inputs.size());
  return 0;
}
