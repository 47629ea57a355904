#!/usr/bin/env bash
# What the C library and its tests need: a C/C++ compiler, make, pkg-config
# and valgrind from Debian, and cbindgen at the version the committed header
# was generated with. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CBINDGEN_VERSION=0.29.0

apt_install gcc g++ make pkg-config valgrind
cargo_tool cbindgen "$CBINDGEN_VERSION" cbindgen
