#!/usr/bin/env bash
# The runtimes the packed npm package is tested in (make test-wasm-runtimes):
# Bun, Deno, workerd through Miniflare, esbuild, webpack and Vite, each at the version
# pinned in bindings-wasm/test/runtimes/package-lock.json, their binaries
# from their npm packages. Skips what is present; a missing binary is an
# error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_node
npm_ci bindings-wasm/test/runtimes
bin="$setup_root/bindings-wasm/test/runtimes/node_modules/.bin"
for tool in bun deno esbuild workerd vite; do
  "$bin/$tool" --version >/dev/null || { echo "setup-wasm-runtimes: $tool does not run" >&2; exit 1; }
done
(cd "$setup_root/bindings-wasm/test/runtimes" && node -e 'require("webpack")') || { echo "setup-wasm-runtimes: webpack does not load" >&2; exit 1; }
