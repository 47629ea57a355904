#!/usr/bin/env bash
# Builds dist/web-sigv4a/: the browser and Workers side of the entries
# `sigv4kit/full` and `sigv4kit/sigv4a` (one engine, two names; run by
# build.sh once dist/ is assembled). It is the browser API of dist/web/ (the
# same compiled modules from build/esm/) on an engine built with the
# `sigv4a`, `diagnose` and `post-policy` features, so ECDSA P-256, 403
# diagnosis and the POST-policy presigner travel only to those who import
# them and the plain `sigv4kit` download does not grow.
# In Node the entry is the Node build itself, whose engine carries SigV4a.
#   dist/web-sigv4a/index.browser.js, axios.js, fetch.js   browsers, bundlers
#   dist/web-sigv4a/*.workerd.js   Cloudflare Workers / workerd: the engine
#       imported as a WebAssembly.Module and handed to ready()
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/.." && pwd)
cd "$here"
target_dir=${CARGO_TARGET_DIR:-$root/target}
profile=wasm-release
wasm_out="$target_dir/wasm32-unknown-unknown/$profile/sigv4kit_wasm.wasm"
pkg=pkg/web-sigv4a
out=dist/web-sigv4a

# The plain browser engine's features (engine-features.sh), plus what it leaves out.
. scripts/engine-features.sh

echo "sigv4kit-wasm: the full browser engine (sigv4kit/full, sigv4kit/sigv4a)" >&2
# shellcheck disable=SC2086 # a list of flags
(cd "$root" && cargo build -q -p sigv4kit-wasm --target wasm32-unknown-unknown --profile "$profile" \
  $BROWSER_ENGINE_FEATURES --features sigv4a,diagnose,post-policy)
rm -rf "$pkg"
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir "$pkg" --out-name sigv4kit_wasm "$wasm_out"
node scripts/strip-doc-comments.cjs "$pkg/sigv4kit_wasm.js"
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -Oz --converge --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals "$pkg/sigv4kit_wasm_bg.wasm" -o "$pkg/sigv4kit_wasm_bg.wasm"
fi

rm -rf "$out"
mkdir -p "$out"
cp build/esm/*.js "$pkg/sigv4kit_wasm.js" "$pkg/sigv4kit_wasm_bg.wasm" "$out/"
# As in dist/web: verification is Node's.
rm -f "$out/verify.js"
echo '{"type":"module","sideEffects":["./*.workerd.js","./load.workerd.js"]}' > "$out/package.json"
cat > "$out/load.workerd.js" <<'JS'
// Workers compile wasm only from a module import: hand that module to the engine.
import wasm from './sigv4kit_wasm_bg.wasm';
import { ready } from './wasm.js';
// sign() awaits the same promise and reports a failure; this only starts it.
ready(wasm).catch(() => {});
JS
for pair in index:index.browser axios:axios fetch:fetch; do
  printf "import './load.workerd.js';\nexport * from './%s.js';\n" "${pair#*:}" > "$out/${pair%%:*}.workerd.js"
done
