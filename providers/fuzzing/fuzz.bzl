"""statusphere_fuzz_target: one libFuzzer entry point (LLVMFuzzerTestOneInput), built two ways.

  <name>_regression_test  a cc_test for the normal gcc build: regression_main replays every seed
                          (its seed folder and the given testdata folders) and every kept crash
                          input (its regression folder), and the captures in
                          ../shared/fixtures when present, so `bazel test //...` keeps them fixed.
  <name>                  the fuzzer: linked with libFuzzer under --config=fuzz (clang, see
                          .bazelrc); in the normal build the same replay driver, so that
                          `bazel build //...` never needs clang.
"""

def _folder_of(filegroup):
    """//providers/aws:testdata -> providers/aws/testdata"""
    package, _, name = filegroup.lstrip("/").partition(":")
    return package + "/" + name

def statusphere_fuzz_target(name, srcs, deps, seeds = [], seed_dir = None, regression_dir = None):
    """Declares a fuzz target.

    Args:
      name: the target's name.
      srcs: the source defining LLVMFuzzerTestOneInput.
      deps: what it fuzzes.
      seeds: further seed inputs: filegroups named after their folder (a package's
        testdata, //providers/aws:testdata for providers/aws/testdata/), which may be empty.
      seed_dir: the package's folder of hand-written seeds; default seeds/<name>.
      regression_dir: the package's folder of crash inputs kept after fixing them (where
        scripts/fuzz.sh puts a finding); default regressions/<name>.
    """
    seed_dir = seed_dir or "seeds/" + name
    regression_dir = regression_dir or "regressions/" + name
    native.cc_library(
        name = name + "_entry",
        testonly = True,
        srcs = srcs,
        deps = deps,
        # Nothing but the driver refers to LLVMFuzzerTestOneInput: keep it in the link.
        alwayslink = True,
    )
    native.filegroup(
        name = name + "_inputs",
        testonly = True,
        # Hand-written seeds of this target, and the crash inputs kept after fixing them.
        srcs = native.glob([seed_dir + "/**", regression_dir + "/**"]),
    )
    own_dirs = ["%s/%s" % (native.package_name(), d) for d in [seed_dir, regression_dir]]
    native.cc_test(
        name = name + "_regression_test",
        size = "small",
        data = seeds + [":" + name + "_inputs"],
        # Inputs by directory: $(rootpaths) of an empty glob is an error, and most targets
        # have no regressions, most providers no testdata.
        args = ["--shared_fixtures"] + [_folder_of(s) for s in seeds] + own_dirs,
        deps = [
            ":" + name + "_entry",
            "//providers/fuzzing:regression_main",
        ],
    )
    native.cc_binary(
        name = name,
        testonly = True,
        deps = [":" + name + "_entry"] + select({
            "//providers/fuzzing:libfuzzer": [],
            "//conditions:default": ["//providers/fuzzing:regression_main"],
        }),
        # libFuzzer brings its own main; only the fuzz binaries link it, not every binary of
        # the fuzz configuration.
        linkopts = select({
            "//providers/fuzzing:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = ["fuzz_target"],
    )
