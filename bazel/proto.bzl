"""cc_proto_system_library: compiles .proto files with Debian's protoc (and grpc_cpp_plugin)
through a genrule into a cc_library. Bazel 4.2's own proto rules would download protobuf."""

PROTOC = "/usr/bin/protoc"
GRPC_CPP_PLUGIN = "/usr/bin/grpc_cpp_plugin"

def cc_proto_system_library(name, srcs, deps = [], proto_deps = [], grpc = False, visibility = None):
    """Generates C++ for `srcs` (this package's .proto files).

    Args:
      name: the cc_library's name.
      srcs: .proto files in this package (or its sub-directories). The package directory is
        the import root: proto/statusphere/v1/x.proto in package //proto is imported as
        statusphere/v1/x.proto.
      deps: cc_library targets the generated code needs (libraries of imported protos).
      proto_deps: filegroups of imported .proto files; their repository roots join the -I path.
      grpc: also generate gRPC service stubs.
      visibility: of the cc_library.
    """
    repo = native.repository_name()  # "@" in the main repository
    root = "" if repo == "@" else "external/" + repo[1:]
    package = native.package_name()

    outs = []
    for src in srcs:
        stem = src[:-len(".proto")]
        outs += [stem + ".pb.h", stem + ".pb.cc"]
        if grpc:
            outs += [stem + ".grpc.pb.h", stem + ".grpc.pb.cc"]

    base = "/".join([p for p in [root, package] if p])
    includes = ["-I" + (base or ".")]
    for dep in proto_deps:
        dep_repo = Label(dep).workspace_name
        if dep_repo:
            includes.append("-Iexternal/" + dep_repo)
    out_dir = "$(GENDIR)" + ("/" + base if base else "")
    files = [base + "/" + s if base else s for s in srcs]
    cmd = [PROTOC] + includes + ["--cpp_out=" + out_dir]
    if grpc:
        cmd += ["--plugin=protoc-gen-grpc=" + GRPC_CPP_PLUGIN, "--grpc_out=" + out_dir]

    native.genrule(
        name = name + "_gen",
        srcs = srcs + proto_deps,
        outs = outs,
        cmd = " ".join(cmd + files),
        message = "protoc " + (package or name),
    )
    native.cc_library(
        name = name,
        srcs = [o for o in outs if o.endswith(".cc")],
        hdrs = [o for o in outs if o.endswith(".h")],
        deps = deps + ["@//third_party:protobuf"] + (["@//third_party:grpc"] if grpc else []),
        # Generated code includes its imports relative to the package directory.
        includes = ["."],
        visibility = visibility,
    )
