// Removes the doc comments wasm-bindgen copies from the Rust source into
// the engine glue it writes (run by build.sh and sigv4a-entry.sh on each
// glue file). They are for readers of this repository, not for a browser
// to download or a fresh Node process to read and parse (17 KB of the
// Node engine's glue).
//
//   node scripts/strip-doc-comments.cjs pkg/web/sigv4kit_wasm.js ...
'use strict';
const fs = require('node:fs');

for (const file of process.argv.slice(2)) {
  const source = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, source.replace(/^ *\/\*\*[\s\S]*?\*\/\n/gm, ''));
}
