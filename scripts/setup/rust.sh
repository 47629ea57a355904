#!/usr/bin/env bash
# Installs what the Rust core needs beyond the toolchain: the wasm target (the
# core must build for browsers) and rustfmt/clippy. Skips what is present.
set -euo pipefail
installed=$(rustup target list --installed)
grep -qx wasm32-unknown-unknown <<<"$installed" || rustup target add wasm32-unknown-unknown
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done
