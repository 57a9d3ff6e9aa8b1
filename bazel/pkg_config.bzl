"""pkg_config_library: a repository rule that wraps a Debian system library, as described
by `pkg-config --cflags --libs`, into the cc_library @<name>//:<name>. Nothing is downloaded."""

# Already searched by gcc; symlinking them would only slow the build down.
_DEFAULT_INCLUDE_DIRS = ["/usr/include", "/usr/include/x86_64-linux-gnu"]

def _pkg_config(rctx, tool, flag):
    result = rctx.execute([tool, flag] + rctx.attr.modules)
    if result.return_code != 0:
        fail("pkg-config %s %s failed (run scripts/setup.sh): %s" %
             (flag, " ".join(rctx.attr.modules), result.stderr))
    return [w for w in result.stdout.replace("\n", " ").split(" ") if w]

def _dedupe_libs(flags):
    """Keeps the last occurrence of each -l flag, which preserves a valid static link order."""
    out = []
    for i, f in enumerate(flags):
        if f.startswith("-l") and f in flags[i + 1:]:
            continue
        out.append(f)
    return out

def _impl(rctx):
    tool = rctx.which("pkg-config")
    if not tool:
        fail("pkg-config not found (run scripts/setup.sh)")
    defines = []
    includes = []
    for flag in _pkg_config(rctx, tool, "--cflags"):
        if flag.startswith("-D"):
            defines.append(flag[2:])
        elif flag.startswith("-I") and flag[2:] not in _DEFAULT_INCLUDE_DIRS:
            # Headers must live inside the repository for Bazel: link the directory in.
            link = "include_%d" % len(includes)
            rctx.symlink(flag[2:], link)
            includes.append(link)
    linkopts = _dedupe_libs(_pkg_config(rctx, tool, "--libs") + rctx.attr.extra_linkopts)
    rctx.file("BUILD.bazel", """package(default_visibility = ["//visibility:public"])

cc_library(
    name = "{name}",
    hdrs = glob([{globs}]),
    includes = {includes},
    defines = {defines},
    linkopts = {linkopts},
)
""".format(
        name = rctx.name,
        globs = ", ".join(['"%s/**"' % i for i in includes]),
        includes = repr(includes),
        defines = repr(defines),
        linkopts = repr(linkopts),
    ))

pkg_config_library = repository_rule(
    implementation = _impl,
    attrs = {
        "modules": attr.string_list(mandatory = True, doc = "pkg-config module names"),
        "extra_linkopts": attr.string_list(doc = "libraries that ship without a .pc file"),
    },
    environ = ["PKG_CONFIG_PATH"],
    local = True,
)
