#!/usr/bin/env bash
# Rebuilds the libpq probe OUTSIDE the repository and runs it against a throwaway server:
#   Tests/Support/servers/pgprobe/probe.sh [PACKAGE_DIR]     (default /tmp/pgprobe)
# The files beside this script are reference copies, not part of Cohort's package: this writes
# their Package.swift into PACKAGE_DIR, builds there, starts a server in PACKAGE_DIR-db
# (short, for the socket), runs every check, and stops the server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=${1:-/tmp/pgprobe}
db=$pkg-db

"$here/../postgres.sh" install
mkdir -p "$pkg/Sources/CLibPQ" "$pkg/Sources/pgprobe"
cat >"$pkg/Package.swift" <<'EOF'
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "pgprobe",
    platforms: [.macOS(.v13)],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .executableTarget(name: "pgprobe", dependencies: ["CLibPQ"]),
    ],
    swiftLanguageModes: [.v6]
)
EOF
# The module map and shim are the ones Cohort builds with (Sources/CLibPQ).
cp "$here/../../../../Sources/CLibPQ/module.modulemap" "$here/../../../../Sources/CLibPQ/shim.h" "$pkg/Sources/CLibPQ/"
cp "$here/PG.swift" "$here/Support.swift" "$here/main.swift" "$pkg/Sources/pgprobe/"
(cd "$pkg" && swift build)

"$here/../postgres.sh" start "$db" >/dev/null
trap '"$here/../postgres.sh" stop "$db"' EXIT
PGPROBE_SERVER_JSON=$db/server.json "$pkg/.build/debug/pgprobe"
