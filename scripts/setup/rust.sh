#!/usr/bin/env bash
# What the Rust core needs beyond the toolchain: the wasm target (the core
# must build for browsers) and rustfmt/clippy. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rust_target wasm32-unknown-unknown
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || with_lock rustup rustup component add "$component"
done
