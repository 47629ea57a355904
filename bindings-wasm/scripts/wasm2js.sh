#!/usr/bin/env bash
# The pure-JavaScript engine (dist/js/, `sigv4kit/js`): the browser engine's
# Rust code compiled to WebAssembly 1.0 (MVP) and translated to JavaScript by
# binaryen's wasm2js, for runtimes without WebAssembly (React Native's
# Hermes, `node --jitless`). The same core, never a second implementation.
# Run by build.sh; writes pkg/js/.
#
# What it takes (each step is needed):
#   -C target-cpu=mvp   our code without reference types, so wasm-bindgen
#                       keeps JS objects in a JS-side heap instead of an
#                       externref table: wasm2js cannot translate a module
#                       with two tables (funcref + externref).
#   strip-target-features.cjs   the precompiled standard library is built
#                       for the generic CPU, and its `target_features` entry
#                       (+reference-types) survives linking; wasm-bindgen
#                       0.2.130 trusts that section, runs its externref pass
#                       and fails with "failed to find the
#                       `__wbindgen_externref_table_alloc` function" (the
#                       MVP-built wasm-bindgen runtime has no externref
#                       table). Without the section it detects what the
#                       module really uses.
#   wasm-opt lowering   the standard library still uses bulk memory,
#                       sign-extension and non-trapping float-to-int
#                       instructions, which wasm2js refuses; binaryen lowers
#                       them to MVP instructions.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/.." && pwd)
cd "$here"
target_dir=${CARGO_TARGET_DIR:-$root/target}
profile=wasm-release
mvp_dir="$target_dir/wasm-mvp"

source scripts/engine-features.sh
# shellcheck disable=SC2086 # a list of cargo flags
(cd "$root" && CARGO_TARGET_DIR="$mvp_dir" RUSTFLAGS="-C target-cpu=mvp" \
  cargo build -q -p sigv4kit-wasm --target wasm32-unknown-unknown --profile "$profile" $BROWSER_ENGINE_FEATURES)
rm -rf pkg/js && mkdir -p pkg/js
node scripts/strip-target-features.cjs "$mvp_dir/wasm32-unknown-unknown/$profile/sigv4kit_wasm.wasm" pkg/js/mvp.wasm
wasm-bindgen --target bundler --remove-name-section --remove-producers-section \
  --out-dir pkg/js --out-name sigv4kit_wasm pkg/js/mvp.wasm
node_modules/.bin/wasm-opt pkg/js/sigv4kit_wasm_bg.wasm \
  --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-mutable-globals --llvm-memory-copy-fill-lowering --signext-lowering \
  --llvm-nontrapping-fptoint-lowering -o pkg/js/lowered.wasm
node_modules/.bin/wasm2js pkg/js/lowered.wasm -Oz -o pkg/js/sigv4kit_wasm_bg.wasm.js
# The glue imports the engine as a module: the JavaScript one.
sed -i 's#"./sigv4kit_wasm_bg.wasm"#"./sigv4kit_wasm_bg.wasm.js"#' pkg/js/sigv4kit_wasm.js
grep -q 'sigv4kit_wasm_bg.wasm.js' pkg/js/sigv4kit_wasm.js
# wasm2js grows memory by copying it into a new ArrayBuffer and leaves the old
# one attached, so wasm-bindgen's checks for a stale view of memory (a
# detached buffer: byteLength 0, or `detached`) never fire and strings are
# read from the old copy. Compare buffers by identity instead; fail the build
# if the glue no longer has the checks this rewrites.
node - pkg/js/sigv4kit_wasm_bg.js <<'JS'
const fs = require('fs');
const file = process.argv[2];
let glue = fs.readFileSync(file, 'utf8');
const stale = [
  [/(cached\w+Memory0)\.byteLength === 0/g, '$1.buffer !== wasm.memory.buffer'],
  [/(cached\w+Memory0)\.buffer\.detached === true \|\| \(\1\.buffer\.detached === undefined && \1\.buffer !== wasm\.memory\.buffer\)/g,
    '$1.buffer !== wasm.memory.buffer'],
];
for (const [pattern, replacement] of stale) {
  const before = glue;
  glue = glue.replace(pattern, replacement);
  if (glue === before) { console.error(`wasm2js.sh: the glue has no ${pattern}`); process.exit(1); }
}
if (/byteLength === 0|\.detached/.test(glue)) { console.error('wasm2js.sh: a memory view check is left'); process.exit(1); }
fs.writeFileSync(file, glue);
JS
