// What the Node build's load time rests on, pinned without timing anything
// (bench/sign.mjs's "Load and instantiate" table has the times):
// - no export of the Node engine returns several values: wasm-bindgen makes
//   such exports when the module lists multivalue, and Node 20's V8 then
//   compiles a JS-to-wasm wrapper with TurboFan per signature while the
//   module compiles (scripts/strip-target-features.cjs);
// - `import('sigv4kit')` and a first signature load neither node:stream nor
//   node:os, which only chunkedTransform and the shared-file lookups use
//   (scripts/bundle-node.cjs);
// - a signature the engine refuses still throws the core's error, and the
//   signer signs again afterwards (WasmSigner::sign keeps the error for
//   takeError instead of returning a Result).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Signer, SigV4Error } from 'sigv4kit';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** Each exported function's name and result count, read from the module's sections. */
function exportResults(bytes) {
  let at = 8;
  const u32 = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const name = () => {
    const length = u32();
    at += length;
    return Buffer.from(bytes.subarray(at - length, at)).toString();
  };
  const limits = () => {
    const flags = u32();
    u32();
    if (flags & 1) u32();
  };
  const results = []; // per type index
  const imported = []; // type index of each imported function
  const defined = []; // type index of each defined function
  const exports = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        assert.equal(bytes[at++], 0x60, 'a function type');
        const params = u32(); // one byte each (number and reference types)
        at += params;
        const count = u32();
        at += count;
        results.push(count);
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = bytes[at++];
        if (kind === 0) imported.push(u32());
        else if (kind === 1) (at++, limits());
        else if (kind === 2) limits();
        else at += 2; // a global: type and mutability
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) defined.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const exported = name();
        const kind = bytes[at++];
        const index = u32();
        if (kind === 0) {
          const type = index < imported.length ? imported[index] : defined[index - imported.length];
          exports.push([exported, results[type]]);
        }
      }
    }
    at = end;
  }
  return exports;
}

test('no export of the Node engine returns more than one value', () => {
  const exports = exportResults(readFileSync(new URL('../dist/node/sigv4kit_wasm_bg.wasm', import.meta.url)));
  assert.ok(exports.some(([name]) => name === 'wasmsigner_sign'), 'the reader found the exports');
  assert.deepEqual(
    exports.filter(([, count]) => count > 1),
    [],
  );
});

test("import('sigv4kit') and a first signature load neither node:stream nor node:os", () => {
  // First what Node itself loads for the entry's shape (an ES module over a
  // CommonJS one) and for the glue's require('fs'), which reads the .wasm
  // (on Node 18 that loads node:stream), then the package.
  const dir = mkdtempSync(join(tmpdir(), 'sigv4kit-load-'));
  writeFileSync(join(dir, 'tiny.cjs'), 'module.exports = { x: 1 };\n');
  writeFileSync(join(dir, 'over-cjs.mjs'), "import cjs from './tiny.cjs';\nexport const { x } = cjs;\n");
  const code = [
    `await import(${JSON.stringify(pathToFileURL(join(dir, 'over-cjs.mjs')).href)});`,
    "(await import('node:module')).createRequire(import.meta.url)('fs');",
    'const before = new Set(process.moduleLoadList);',
    "const m = await import('sigv4kit');",
    "new m.Signer({ region: 'us-east-1', service: 's', credentials: { accessKeyId: 'A', secretAccessKey: 'B' } }).signSync({ url: 'https://h/' });",
    'const ours = process.moduleLoadList.filter((name) => !before.has(name));',
    // The control: a built-in nothing here uses shows up once imported.
    "await import('node:zlib');",
    "console.log(JSON.stringify({ ours, control: process.moduleLoadList.includes('NativeModule zlib') && !before.has('NativeModule zlib') }));",
  ].join('\n');
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  let loaded;
  try {
    loaded = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(loaded.control, true, 'the list shows a built-in loaded after the package');
  assert.deepEqual(
    loaded.ours.filter((name) => name === 'NativeModule stream' || name === 'NativeModule os'),
    [],
  );
});

test('a signature the engine refuses throws its error, and the signer signs on', () => {
  const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: CREDS });
  const signingDate = new Date('2015-08-30T12:36:00Z');
  const good = () => signer.signSync({ method: 'GET', url: 'https://example.amazonaws.com/' }, { signingDate });
  const first = good();
  assert.throws(
    () => signer.signSync({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { 'bad name': 'x' } }, { signingDate }),
    (err) => err instanceof SigV4Error && err.code === 'invalid_header' && err.field === 'headers',
  );
  assert.deepEqual(good(), first);
});
