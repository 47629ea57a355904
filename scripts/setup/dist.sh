#!/usr/bin/env bash
# What the release builds (mk/dist.mk) need beyond the Python set-up (which
# pins maturin, ziglang as the cross linker and auditwheel): the Rust
# standard libraries of the wheels' other targets. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for target in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu \
  x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  rust_target "$target"
done
# readelf (binutils) for the wheels' ELF machine check.
command -v readelf >/dev/null || apt_install binutils
