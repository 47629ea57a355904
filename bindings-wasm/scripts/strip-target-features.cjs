// Copies a wasm module without its `target_features` custom section (see
// wasm2js.sh for why the pure-JavaScript build needs that).
//   node strip-target-features.cjs IN.wasm OUT.wasm
'use strict';
const fs = require('fs');
const [inp, out] = process.argv.slice(2);
const b = fs.readFileSync(inp);
const leb = (i) => { let r = 0, s = 0, x; do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return [r >>> 0, i]; };
const parts = [b.subarray(0, 8)];
let i = 8;
while (i < b.length) {
  const start = i;
  const id = b[i++];
  let size; [size, i] = leb(i);
  const end = i + size;
  let drop = false;
  if (id === 0) { const [n, j] = leb(i); drop = b.subarray(j, j + n).toString() === 'target_features'; }
  if (!drop) parts.push(b.subarray(start, end));
  i = end;
}
fs.writeFileSync(out, Buffer.concat(parts));
