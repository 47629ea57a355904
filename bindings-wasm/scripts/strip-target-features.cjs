// Copies a wasm module without its `target_features` custom section, or,
// given feature names, with only those entries taken out of it.
//   node strip-target-features.cjs IN.wasm OUT.wasm [FEATURE...]
// Why each caller needs it:
//   - the pure-JavaScript build drops the whole section (see wasm2js.sh);
//   - the Node engine drops `multivalue` (build.sh): wasm-bindgen reads the
//     section and, seeing multivalue, makes every export that returns a
//     string or a Result return several values. Node 20's V8 has no generic
//     JS-to-wasm wrapper for those, and compiles one with TurboFan per such
//     signature when the module is compiled: most of the engine's compile
//     time in a fresh process. Without the entry wasm-bindgen returns them
//     through memory (Rust's own ABI never uses multivalue), and every
//     export goes through the generic wrapper.
'use strict';
const fs = require('fs');
const [inp, out, ...features] = process.argv.slice(2);
const b = fs.readFileSync(inp);
const leb = (i) => { let r = 0, s = 0, x; do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return [r >>> 0, i]; };
const uleb = (n) => { const o = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; o.push(x); } while (n); return Buffer.from(o); };

/** The section's entries without `features`, as a new section (id 0 included). */
function without(body) {
  let [count, i] = leb(body.start);
  const kept = [];
  const dropped = new Set();
  for (let k = 0; k < count; k++) {
    const prefix = b[i++];
    let len; [len, i] = leb(i);
    const name = b.subarray(i, i + len).toString();
    if (features.includes(name)) dropped.add(name);
    else kept.push(Buffer.concat([Buffer.from([prefix]), uleb(len), b.subarray(i, i + len)]));
    i += len;
  }
  for (const f of features) {
    if (!dropped.has(f)) throw new Error(`strip-target-features: ${inp} lists no ${f}`);
  }
  const name = Buffer.from('target_features');
  const payload = Buffer.concat([uleb(name.length), name, uleb(kept.length), ...kept]);
  return Buffer.concat([Buffer.from([0]), uleb(payload.length), payload]);
}

const parts = [b.subarray(0, 8)];
let found = false;
let i = 8;
while (i < b.length) {
  const start = i;
  const id = b[i++];
  let size; [size, i] = leb(i);
  const end = i + size;
  let section = b.subarray(start, end);
  if (id === 0) {
    const [n, j] = leb(i);
    if (b.subarray(j, j + n).toString() === 'target_features') {
      found = true;
      section = features.length === 0 ? undefined : without({ start: j + n });
    }
  }
  if (section !== undefined) parts.push(section);
  i = end;
}
if (features.length > 0 && !found) throw new Error(`strip-target-features: ${inp} has no target_features section`);
fs.writeFileSync(out, Buffer.concat(parts));
