#!/usr/bin/env bash
# Installs what the npm package (bindings-wasm/) needs beyond Rust and Node:
# the wasm32 target, wasm-bindgen-cli at the version the crate pins, and the
# npm dev dependencies (TypeScript, binaryen's wasm-opt, the signers and
# Axios versions the tests compare with), and the demo clients' packages.
# Skips what is present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
want=0.2.130

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup-wasm: Node.js 18+ and npm are required" >&2
  exit 1
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
  cargo install wasm-bindgen-cli --version "=$want" --locked
fi

# npm ci only where the lock file changed since the last install: the
# package's dev dependencies, and the demo clients (which link the package).
for dir in bindings-wasm examples/node; do
  cd "$root/$dir"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
done
