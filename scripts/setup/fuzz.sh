#!/usr/bin/env bash
# cargo-fuzz for `make fuzz` (not part of `make test`): the fuzz targets
# need a nightly compiler feature, reached with RUSTC_BOOTSTRAP=1 on the
# stable toolchain since no nightly can be installed here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CARGO_FUZZ_VERSION=0.13.1
cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz
