// What the Node build holds per `Signer`, per `Credentials` and per cached
// signing key: bytes of the JS heap, and bytes of the engine's WebAssembly
// memory, where the Rust side allocates. The Rust core's section states the
// same for the core, natively, with a counting allocator.
//
//   node --expose-gc bench/memory.mjs           (make bench-wasm runs it)
//   node --expose-gc bench/memory.mjs --check   also: every row at N and 2N,
//                                               and whether collected
//                                               signers free their engine side
//
// Prints a Markdown section. Every figure is a difference measured over N
// objects kept alive, divided by their number; none is worked out by hand.
// Each row runs in a process of its own (this script with --row): free
// space one row leaves in the engine's memory would be filled by the next
// and hide part of its growth.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Signer, Credentials } from 'sigv4kit';

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');

const N = 20000;
const WINDOWS = 10;
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SCOPE = { region: 'us-east-1', service: 'execute-api' };
const REQUEST = { method: 'GET', url: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog' };
const DAY = 86_400_000;
const DAYS = [0, 1, 2, 3].map((d) => Date.UTC(2015, 7, 30, 12, 36) + d * DAY);
// The control's buffer: an allocation inside the engine of a size we choose.
const CONTROL_BYTES = 1000;

// The Node engine itself (not public API), reached as bench/sign.mjs does:
// the module instance `sigv4kit` loads, so its memory is the one the
// objects below allocate in.
const engine = createRequire(import.meta.url)('../dist/node/sigv4kit_wasm.js');
const memory = engine.engineMemory();
const wasmBytes = () => memory.buffer.byteLength;

function heapUsed() {
  // Twice: some garbage (weak references) outlives one collection.
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Collects garbage and lets FinalizationRegistry callbacks run (tasks
 * queued after a collection), so that no engine object is freed during a
 * measurement.
 */
async function settle() {
  for (let i = 0; i < 3; i += 1) {
    heapUsed();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/**
 * Bytes of JS heap and of wasm memory per `make()`, over `n` objects and
 * a few more, all kept alive.
 *
 * Wasm: the memory only grows, by 64 KiB pages, when the allocator has no
 * free space that fits. So objects are made until it grows (free space
 * used up, or too small for them), the baseline is taken, then n objects
 * and more until it grows again. Both ends sit just after a growth, with
 * the same page rest left give or take one object: pages grown over
 * objects made is right within one object's size over n, the allocator's
 * headers and rounding included.
 *
 * JS heap: the median of WINDOWS windows of n / WINDOWS objects. A mean
 * would jump with n: wasm-bindgen registers every engine object with a
 * FinalizationRegistry, and V8 grows that registry's table by doubling it,
 * in one window now and then.
 */
function measure(make, n) {
  // First a window's worth, kept too: V8 compiles the path it runs
  // (code is JS heap) before the baseline rather than during the count.
  const kept = Array.from({ length: n / WINDOWS }, make);
  const start = wasmBytes();
  while (wasmBytes() === start) kept.push(make());
  const objects = new Array(2 * n).fill(null); // made before the baseline
  const wasm0 = wasmBytes();
  const heaps = [];
  let made = 0;
  let heap = heapUsed();
  for (let w = 0; w < WINDOWS; w += 1) {
    const stop = ((w + 1) * n) / WINDOWS;
    const from = made;
    while (made < stop) objects[made++] = make();
    const now = heapUsed();
    heaps.push((now - heap) / (made - from));
    heap = now;
  }
  const end = wasmBytes();
  while (wasmBytes() === end) {
    if (made === objects.length) throw new Error('the wasm memory did not grow again within n more objects');
    objects[made++] = make();
  }
  // The objects go back too: alive to the end for certain.
  return { heap: median(heaps), wasm: (wasmBytes() - wasm0) / made, made, kept: [kept, objects] };
}

/** A new signer over `credentials`, signed once on each of the four days. */
function signedSigner(credentials) {
  const signer = new Signer({ ...SCOPE, credentials });
  for (const t of DAYS) signer.signSync(REQUEST, { signingDate: t });
  return signer;
}

/** One row, in this process: what each object is, at `n` objects. */
async function row(name, n) {
  // Warm-up: the signature path once, every day's key cached in `shared`.
  const shared = new Credentials(KEYS);
  for (const t of DAYS) new Signer({ ...SCOPE, credentials: shared }).signSync(REQUEST, { signingDate: t });
  // Made before the baseline: the keyed row's credentials, and as many
  // engine signers, which also make both registries' tables large (they
  // then double rarely).
  const pool = Array.from({ length: 3 * n }, () => new Credentials(KEYS));
  const signers = Array.from({ length: 3 * n }, () => new engine.WasmSigner(SCOPE.region, SCOPE.service));
  let next = 0;
  const rows = {
    credentials: () => new Credentials(KEYS),
    own: () => new Signer({ ...SCOPE, credentials: { ...KEYS } }),
    sharing: () => new Signer({ ...SCOPE, credentials: shared }),
    // The four days' keys already cached: the signer and the buffers it keeps.
    signed: () => signedSigner(shared),
    // The same with credentials never used: four keys more, the cache full.
    keyed: () => signedSigner(pool[next++]),
    // The control: an engine signer bare, and with an input buffer of
    // CONTROL_BYTES (a Vec<u8> resized from empty: exactly that many asked).
    bare: () => new engine.WasmSigner(SCOPE.region, SCOPE.service),
    buffered: () => {
      const s = new engine.WasmSigner(SCOPE.region, SCOPE.service);
      s.reserveInput(CONTROL_BYTES);
      return s;
    },
  };
  await settle();
  const { heap, wasm, made } = measure(rows[name], n);
  // The pools named once more: alive through the measurement for certain.
  return { heap, wasm, made, pooled: pool.length + signers.length };
}

/**
 * Whether collected signers free their engine side (wasm-bindgen's
 * FinalizationRegistry): if they do, as many again fit in the space left.
 */
async function collected(n) {
  const start = wasmBytes();
  let batch = Array.from({ length: n }, () => signedSigner({ ...KEYS }));
  const first = wasmBytes() - start;
  batch = undefined;
  await settle();
  const after = wasmBytes();
  batch = Array.from({ length: n }, () => signedSigner({ ...KEYS }));
  return { first, again: wasmBytes() - after, kept: batch.length };
}

const ROWS = ['credentials', 'own', 'sharing', 'signed', 'keyed', 'bare', 'buffered'];
const at = process.argv.indexOf('--row');
if (at >= 0) {
  const [name, n] = [process.argv[at + 1], Number(process.argv[at + 2])];
  console.log(JSON.stringify(name === 'collected' ? await collected(n) : await row(name, n)));
  process.exit(0);
}

const script = fileURLToPath(import.meta.url);
const child = (name, n) => JSON.parse(execFileSync(process.execPath, [...process.execArgv, script, '--row', name, String(n)], { encoding: 'utf8' }));
const measured = (n) => Object.fromEntries(ROWS.map((name) => [name, child(name, n)]));

const r = measured(N);
const b = (x) => Math.round(x).toString();
const perKey = (key) => (r.keyed[key] - r.signed[key]) / 4;

console.log('### Memory per signer and per cached key (Node build)');
console.log('');
console.log(`Command: \`node --expose-gc bench/memory.mjs\` (${process.version}; the Node build, dist/node, which \`require('sigv4kit')\` loads).`);
console.log(`Each row makes ${N} objects in a process of its own, keeps them alive and divides by their number. JS heap: growth`);
console.log(`of \`process.memoryUsage().heapUsed\` after \`gc()\`, the median of ${WINDOWS} windows of ${N / WINDOWS} objects (wasm-bindgen registers every`);
console.log('engine object with a FinalizationRegistry, whose table V8 doubles in a window now and then; the median leaves that');
console.log("out). Wasm: growth of the engine's WebAssembly memory from one 64 KiB page growth to another, free space used up");
console.log("first: it includes the engine allocator's headers and rounding, unlike the core's counting allocator, which counts");
console.log('requested bytes only. The JS strings every object shares (region, service, keys) count for none.');
console.log('');
console.log(`- \`new Signer({ region: 'us-east-1', service: 'execute-api', credentials: { accessKeyId, secretAccessKey } })\`: ${b(r.own.heap)} bytes of JS heap + ${b(r.own.wasm)} of wasm memory, with the \`Credentials\` it makes`);
console.log(`- \`new Credentials({ accessKeyId, secretAccessKey })\` (no session token): ${b(r.credentials.heap)} bytes of JS heap + ${b(r.credentials.wasm)} of wasm memory, its key cache empty`);
console.log(`- a \`Signer\` given an existing \`Credentials\`: ${b(r.sharing.heap)} bytes of JS heap + ${b(r.sharing.wasm)} of wasm memory`);
console.log(`- after signing, a signer keeps ${b(r.signed.wasm - r.sharing.wasm)} wasm bytes more and ${b(r.signed.heap - r.sharing.heap)} of JS heap: the input, result and table buffers it reuses (sized by the GET signed here)`);
console.log(`- each cached signing key: ${b(perKey('wasm'))} wasm bytes and ${b(perKey('heap'))} of JS heap (new signers signing on four days with new \`Credentials\`, less the same with the four keys already cached, over four; at most four keys per \`Credentials\`)`);
console.log(`- control: a ${CONTROL_BYTES}-byte buffer the engine allocates (\`reserveInput\` of a bare engine signer) measures ${b(r.buffered.wasm - r.bare.wasm)} wasm bytes`);

if (process.argv.includes('--check')) {
  const r2 = measured(2 * N);
  console.log('');
  console.log(`| row | JS heap, N = ${N} | 2N | wasm, N | 2N |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const name of ROWS) {
    console.log(`| ${name} | ${r[name].heap.toFixed(1)} | ${r2[name].heap.toFixed(1)} | ${r[name].wasm.toFixed(2)} | ${r2[name].wasm.toFixed(2)} |`);
  }
  const c = child('collected', N);
  console.log('');
  console.log(`${N} signers signed on four days (own credentials): the memory grew ${c.first} bytes; dropped and collected, then ${N} more: ${c.again} bytes.`);
}
