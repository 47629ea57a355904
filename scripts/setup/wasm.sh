#!/usr/bin/env bash
# What the npm package (bindings-wasm/) needs beyond Rust and Node: the wasm32
# target, wasm-bindgen-cli at the version the crate pins (=0.2.130 in the
# root Cargo.toml: the CLI must match the library), the npm dev dependencies
# (TypeScript, binaryen's wasm-opt, the signers and Axios versions the tests
# compare with), and the demo clients' packages. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WASM_BINDGEN_VERSION=0.2.130

need_node
rust_target wasm32-unknown-unknown
cargo_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
npm_ci bindings-wasm
npm_ci examples/node
