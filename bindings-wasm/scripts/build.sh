#!/usr/bin/env bash
# Builds the npm package into bindings-wasm/dist/ (see package.json "exports"):
#   dist/node/   CommonJS glue + the `nodejs` wasm-bindgen output (loads synchronously),
#                folded into one file (scripts/bundle-node.cjs), with .mjs wrappers
#                so that `import` and `require` share one instance
#   dist/web/    ES module glue + the `web` wasm-bindgen output (loads on first use)
#   dist/types/  the TypeScript declarations
#   dist/js/     the browser API on a pure-JavaScript engine (wasm2js.sh: the
#                same Rust core through binaryen's wasm2js), `sigv4kit/js`,
#                for runtimes without WebAssembly
#   dist/bundle/ the Node API as ES modules with the Node engine's bytes inlined
#                (the `module` condition under `node`: what esbuild and webpack
#                pick when they bundle for Node, e.g. for AWS Lambda, where the
#                .wasm file beside the glue would be left behind)
# and, beside dist/web/'s glue (scripts/variants.cjs), the entries that load
# the browser engine another way: *.workerd.js import the .wasm as a module
# (Cloudflare Workers / workerd, edge runtimes: they cannot compile bytes at
# run time), *.inline.js carry its bytes in base64 (`sigv4kit/inline`, for
# bundlers that drop files).
# The Node engine is optimized for speed (opt-level 3: signing is about twice
# as fast as at "z"); the browser engine for size (the workspace's
# wasm-release profile, opt-level "z"), with only the cargo features of
# scripts/engine-features.sh (no verification, no shared-config logic: both
# are Node's), and shrunk with wasm-opt from the `binaryen` dev dependency.
# The ES module glue a browser downloads is bundled, one minified module per
# entry plus shared chunks (dist/web, dist/web-sigv4a: scripts/bundle-web.cjs),
# or minified file by file (dist/js: scripts/minify.cjs). What each step saves is measured in
# bindings-wasm/README.md ("Download size").
#
# Adding an engine module (a new src/*.rs with #[wasm_bindgen] exports):
# nothing here changes; gate it behind a cargo feature in Cargo.toml if
# browsers do not need it, and list that feature in engine-features.sh if
# they do. Adding a package entry (a new ts/<entry>.ts): add its name to
# ENTRIES below and its "exports" block to package.json.
set -euo pipefail
# The public entries besides the main one: each gets dist/node .mjs wrappers
# and the workerd, edge and inline variants (scripts/variants.cjs).
ENTRIES="axios fetch"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/.." && pwd)
cd "$here"
target_dir=${CARGO_TARGET_DIR:-$root/target}
profile=wasm-release
wasm_out="$target_dir/wasm32-unknown-unknown/$profile/sigv4kit_wasm.wasm"
source scripts/engine-features.sh

# The Node engine's input to wasm-bindgen: without multivalue, so that Node
# compiles no export wrapper of its own per signature at load (see
# strip-target-features.cjs). Measured on Node 20, 2 shared cores: the
# engine's `new WebAssembly.Module` went from a median of 9.6 to 3.4 ms, a
# fresh process's import and first signature from 22.3 to 18.9 ms
# (bench/sign.mjs's "Load and instantiate" has the current figures).
node_wasm="$target_dir/wasm32-unknown-unknown/$profile/sigv4kit_wasm.node.wasm"

build_engine() { # $1: pkg dir, $2: wasm-bindgen target, $3...: cargo feature flags
  local out=$1 kind=$2 names=(--remove-name-section) input=$wasm_out
  shift 2
  (cd "$root" && cargo build -q -p sigv4kit-wasm --target wasm32-unknown-unknown --profile "$profile" "$@")
  # The Node engine keeps its function names: Node reads it from disk (no
  # download), and a CPU profile or a stack trace then names Rust functions
  # (bench/sign.mjs's profile does).
  if [ "$kind" = nodejs ]; then
    names=()
    input=$node_wasm
    node scripts/strip-target-features.cjs "$wasm_out" "$input" multivalue
  fi
  rm -rf "$out"
  wasm-bindgen --target "$kind" "${names[@]}" --remove-producers-section \
    --out-dir "$out" --out-name sigv4kit_wasm "$input"
}

echo "sigv4kit-wasm: building the engines" >&2
CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=3 build_engine pkg/node nodejs
# The same Node engine as an ES module that instantiates from given bytes.
rm -rf pkg/bundle
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir pkg/bundle --out-name sigv4kit_wasm "$node_wasm"
# shellcheck disable=SC2086 # a list of cargo flags
build_engine pkg/web web $BROWSER_ENGINE_FEATURES
node scripts/strip-doc-comments.cjs pkg/node/sigv4kit_wasm.js pkg/web/sigv4kit_wasm.js
# wasm-opt reads the module's target_features section (which WebAssembly
# features it uses) and then drops it: tools need it, browsers do not.
# `--converge` repeats -Oz until the module stops shrinking (about 260 B
# gzipped of the browser engine).
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -Oz --converge --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals pkg/web/sigv4kit_wasm_bg.wasm -o pkg/web/sigv4kit_wasm_bg.wasm
fi

echo "sigv4kit-wasm: the pure-JavaScript engine" >&2
bash scripts/wasm2js.sh

echo "sigv4kit-wasm: compiling the TypeScript glue" >&2
cp pkg/node/sigv4kit_wasm.d.ts ts/sigv4kit_wasm.d.ts
rm -rf build dist
node_modules/.bin/tsc -p tsconfig.json
node_modules/.bin/tsc -p tsconfig.web.json
node_modules/.bin/tsc -p tsconfig.bundle.json

echo "sigv4kit-wasm: assembling dist/" >&2
mkdir -p dist/node dist/web dist/types dist/bundle dist/js
cp build/cjs/*.js pkg/node/sigv4kit_wasm.js pkg/node/sigv4kit_wasm_bg.wasm dist/node/
cp build/esm/*.js pkg/web/sigv4kit_wasm.js pkg/web/sigv4kit_wasm_bg.wasm dist/web/
cp build/types/*.d.ts ts/sigv4kit_wasm.d.ts dist/types/
cp build/bundle/*.js dist/bundle/
cp build/esm/*.js pkg/js/sigv4kit_wasm.js pkg/js/sigv4kit_wasm_bg.js pkg/js/sigv4kit_wasm_bg.wasm.js dist/js/
# The browser entry only borrows verify.ts's and chunked.ts's types
# (verification and chunked uploads are the Node build's).
rm -f dist/web/verify.js dist/js/verify.js dist/web/chunked.js dist/js/chunked.js
echo '{"type":"commonjs"}' > dist/node/package.json
# No module has side effects but the workerd and inline entries and the
# loaders they import, which start the engine's instantiation (a bundler
# would drop `import './load.workerd.js'` from an entry it takes as pure).
echo '{"type":"module","sideEffects":["./*.workerd.js","./*.edge.js","./*.inline.js"]}' > dist/web/package.json
echo '{"type":"module","sideEffects":["./sigv4kit_wasm.js"]}' > dist/bundle/package.json
echo '{"type":"module","sideEffects":["./sigv4kit_wasm.js","./sigv4kit_wasm_bg.wasm.js"]}' > dist/js/package.json
# shellcheck disable=SC2086 # a list of names
node scripts/variants.cjs $ENTRIES
# dist/node's modules folded into one file (the former files each a line
# that hands out its module), before the wrappers read their exports.
node scripts/bundle-node.cjs dist/node
# shellcheck disable=SC2086
node scripts/esm-wrappers.cjs dist/node index.node $ENTRIES
# dist/web-sigv4a/: the browser API on the engine with SigV4a (`sigv4kit/sigv4a`).
bash scripts/sigv4a-entry.sh
node scripts/minify.cjs dist/js
node scripts/bundle-web.cjs dist/web dist/web-sigv4a
