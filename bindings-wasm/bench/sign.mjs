// Signing speed of sigv4kit beside the usual JavaScript signers, in one
// process, on the same requests, rounds interleaved so that every signer
// sees the same machine state, and beside the Rust core signing the same
// request natively (examples/core_sign.rs, run between the rounds). Also:
// where a signature's time goes (a CPU profile), what a browser downloads
// (gzip -9, as shipped) and how long loading and instantiating the engine
// takes.
//
//   node bench/sign.mjs CORE_SIGN   (make bench-wasm; CORE_SIGN is the
//                                    built examples/core_sign binary)
//   node bench/sign.mjs --sizes     the download table alone (no timing)
//   node bench/sign.mjs --loading   the load-and-first-signature table alone
//   node bench/sign.mjs --hash-threshold
//                                   where node:crypto's body hash beats the
//                                   engine's (ts/native-hash.ts's thresholds)
//
// Prints a Markdown section on stdout (make collects it into BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { createHash, hash as nodeHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 as Sha256Js } from '@aws-crypto/sha256-js';
import { Hash } from '@smithy/hash-node';
import aws4 from 'aws4';
import { Signer } from 'sigv4kit';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const REGION = 'us-east-1';
const SERVICE = 'execute-api';
const HOST = 'abc123.execute-api.us-east-1.amazonaws.com';

const REQUESTS = {
  'GET': { method: 'GET', path: '/prod/pets', query: { type: 'dog', page: '2' }, headers: { accept: 'application/json' }, body: undefined },
  'POST 1 KiB JSON': {
    method: 'POST',
    path: '/prod/pets',
    query: {},
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x'.repeat(1000) }).slice(0, 1024),
  },
};

// The Node engine itself, for its hashingFloor export (not public API).
const engine = createRequire(import.meta.url)('../dist/node/sigv4kit_wasm.js');

const search = (query) => new URLSearchParams(query).toString();
const targetOf = (r) => `${r.path}${Object.keys(r.query).length ? `?${search(r.query)}` : ''}`;
const CORE_SIGN = process.argv[2];

/** The Rust core's mean µs per signature of `r`, natively, over `n` calls. */
function coreTime(r, n) {
  const headers = Object.entries({ Host: HOST, ...r.headers }).flat();
  return Number(execFileSync(CORE_SIGN, [String(n), r.method, targetOf(r), r.body ?? '', ...headers], { encoding: 'utf8' }));
}

function contenders(r) {
  const url = `https://${HOST}${targetOf(r)}`;
  const ours = new Signer({ region: REGION, service: SERVICE, credentials: CREDS });
  const ourRequest = { method: r.method, url, headers: r.headers, body: r.body };
  const smithyJs = new SignatureV4({ credentials: CREDS, region: REGION, service: SERVICE, sha256: Sha256Js });
  const smithyNode = new SignatureV4({ credentials: CREDS, region: REGION, service: SERVICE, sha256: Hash.bind(null, 'sha256') });
  const httpRequest = () =>
    new HttpRequest({ method: r.method, protocol: 'https:', hostname: HOST, path: r.path, query: r.query, headers: { host: HOST, ...r.headers }, body: r.body });
  return [
    ['sigv4kit signSync', () => ours.signSync(ourRequest), false],
    ['sigv4kit sign (async)', () => ours.sign(ourRequest), true],
    ['@smithy/signature-v4 + @aws-crypto/sha256-js', () => smithyJs.sign(httpRequest()), true],
    ['@smithy/signature-v4 + node crypto', () => smithyNode.sign(httpRequest()), true],
    [
      'aws4',
      () =>
        aws4.sign(
          { host: HOST, method: r.method, path: targetOf(r), service: SERVICE, region: REGION, headers: { ...r.headers }, body: r.body },
          CREDS,
        ),
      false,
    ],
  ];
}

/**
 * Mean microseconds of this process's CPU time per call over `n` calls:
 * on a busy machine, time spent waiting for a core counts for no signer.
 */
async function time(fn, isAsync, n) {
  const start = process.cpuUsage();
  if (isAsync) for (let i = 0; i < n; i += 1) await fn();
  else for (let i = 0; i < n; i += 1) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** SHA-256 blocks of a message of `bytes` bytes, padding included. */
const blocks = (bytes) => Math.floor((bytes + 8) / 64) + 1;

/**
 * The hashing floor of our signature of `r`: the SHA-256 compressions it
 * cannot avoid with a cached signing key (the canonical request from the
 * initial state, the string to sign after the cached inner pad block, the
 * 32-byte inner digest after the cached outer pad block), counted from the
 * strings the signature really hashed, as core/benches/ratio.rs counts
 * them. Returns the block counts and a function timing `FLOOR_BATCH` of
 * them in the engine, alone.
 */
const FLOOR_BATCH = 100;
function hashingFloor(signer, request) {
  const { canonicalRequest, stringToSign } = signer.signSync(request, { debug: true });
  const chains = new Uint32Array([blocks(canonicalRequest.length), blocks(64 + stringToSign.length) - 1, blocks(64 + 32) - 1]);
  return { chains, run: () => engine.hashingFloor(chains, FLOOR_BATCH) };
}

async function signing() {
  const lines = [
    `Node ${process.version}. Each signer signs the same request (a URL string, the headers as an object, the body as a`,
    'string; Authorization header) in the same process; rounds are interleaved (every signer runs once per round) and',
    'each ratio is the median of the per-round ratios. Times are medians of CPU time of the process, so waiting for a',
    'core on a busy machine counts for no signer. "Rust core, native" is `examples/core_sign.rs` signing the same',
    'method, target, headers and body with `sigv4kit::Signer` in its own process (CPU time too), run once per round',
    'between the others: the time the WebAssembly engine and its glue add to the core. "Hashing floor" (GET) is the',
    "SHA-256 compressions that signature cannot avoid with a cached key, counted from its canonical request and string",
    'to sign as core/benches/ratio.rs counts them, run alone in the Node engine (its `hashingFloor` export, sha2\'s',
    'block function) in the same rounds: the part of signSync no glue can remove, WebAssembly having no SHA instructions.',
    '',
  ];
  const summary = [];
  for (const [label, r] of Object.entries(REQUESTS)) {
    const list = contenders(r);
    const floor = r.body === undefined ? hashingFloor(new Signer({ region: REGION, service: SERVICE, credentials: CREDS }), {
      method: r.method, url: `https://${HOST}${targetOf(r)}`, headers: r.headers,
    }) : undefined;
    for (const [, fn, isAsync] of list) await time(fn, isAsync, 2000); // warm up
    const samples = list.map(() => []);
    const core = [];
    const floors = [];
    for (let round = 0; round < 11; round += 1) {
      for (let i = 0; i < list.length; i += 1) samples[i].push(await time(list[i][1], list[i][2], 3000));
      if (floor) floors.push((await time(floor.run, false, 300)) / FLOOR_BATCH);
      core.push(coreTime(r, 20000));
    }
    const ratio = (i) => median(samples[i].map((t, round) => t / samples[0][round]));
    const coreRatio = median(samples[0].map((t, round) => t / core[round]));
    lines.push(`### ${label}`, '', '| signer | µs per sign | time relative to sigv4kit signSync |', '| --- | ---: | ---: |');
    list.forEach(([name], i) => lines.push(`| ${name} | ${median(samples[i]).toFixed(2)} | ${i === 0 ? '1' : ratio(i).toFixed(2)} |`));
    lines.push(`| Rust core, native (same request) | ${median(core).toFixed(2)} | ${(1 / coreRatio).toFixed(2)} |`);
    let floorNote = '';
    if (floor) {
      const total = floor.chains.reduce((a, b) => a + b, 0);
      const floorRatio = median(samples[0].map((t, round) => t / floors[round]));
      const floorOverCore = median(floors.map((t, round) => t / core[round]));
      lines.push(
        `| hashing floor in the Node engine: its ${total} SHA-256 compressions alone (${[...floor.chains].join(' + ')} blocks) | ` +
          `${median(floors).toFixed(2)} | ${(1 / floorRatio).toFixed(2)} |`,
      );
      floorNote =
        ` The ${total} SHA-256 compressions of this signature alone take ${floorOverCore.toFixed(2)}x the native core's whole` +
        ` signature in WebAssembly (no SHA instructions there), so no glue can bring signSync below that; signSync takes` +
        ` ${floorRatio.toFixed(2)}x its floor.`;
    }
    lines.push('');
    summary.push(
      `- ${label}: signSync takes ${coreRatio.toFixed(2)}x the native core's time; aws4 takes ${ratio(4).toFixed(2)}x signSync's, ` +
        `@smithy/signature-v4 with sha256-js ${ratio(2).toFixed(2)}x.${floorNote}`,
    );
  }
  lines.push(...summary, '');
  return lines;
}

/**
 * Where hashing a body natively (node:crypto) starts to beat hashing it in
 * the engine, for ts/native-hash.ts's thresholds: the engine's signer
 * called directly (the glue's one write and one call, without the glue, so
 * that only the hashing differs) on the same POST, once with the body to
 * hash and once with its digest from `crypto.hash` or from a `createHash`
 * object (runtimes without `crypto.hash`), interleaved, for each size.
 */
async function hashThreshold() {
  const signer = new engine.WasmSigner(REGION, SERVICE);
  const credentials = new engine.WasmCredentials(CREDS.accessKeyId, CREDS.secretAccessKey);
  const encoder = new TextEncoder();
  const head = `POST\0/prod/pets\0Host\0${HOST}\0content-type\0application/json\0`;
  const sign = (body, digest) => {
    const at = signer.reserveInput(head.length + 3 * body.length + 64);
    const memory = new Uint8Array(engine.engineMemory().buffer);
    const { written: text } = encoder.encodeInto(head, memory.subarray(at));
    const { written: rest } = encoder.encodeInto(digest ?? body, memory.subarray(at + text));
    // Mode 1: text to hash; 4: precomputed (the engine's PayloadMode).
    signer.sign(credentials, text, 2, rest, digest === undefined ? 1 : 4, 1440938160000, -1, false, false);
  };
  const lines = [
    '### Hashing a body natively or in the engine (Node engine, POST, text body)',
    '',
    'Where the package starts handing Node\'s own SHA-256 of a body to the core (ts/native-hash.ts: from 256 bytes with',
    '`crypto.hash`, 768 with `createHash`); alone: `node bench/sign.mjs --hash-threshold`. The engine\'s signer is called',
    'directly with the body to hash, or with its digest from node:crypto, interleaved; each ratio is engine time over',
    'native time (above 1: native wins).',
    '',
    '| body bytes | engine hashes (µs) | `crypto.hash` digest (µs) | ratio | `createHash` digest (µs) | ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of [32, 64, 128, 192, 256, 384, 512, 768, 1024, 4096]) {
    const body = 'x'.repeat(size);
    const fns = [
      () => sign(body),
      () => sign(body, nodeHash('sha256', body, 'hex')),
      () => sign(body, createHash('sha256').update(body).digest('hex')),
    ];
    for (const fn of fns) await time(fn, false, 2000);
    const samples = fns.map(() => []);
    for (let round = 0; round < 11; round += 1) {
      for (let i = 0; i < fns.length; i += 1) samples[i].push(await time(fns[i], false, 3000));
    }
    const ratio = (i) => median(samples[0].map((t, round) => t / samples[i][round])).toFixed(2);
    const us = (i) => median(samples[i]).toFixed(2);
    lines.push(`| ${size} | ${us(0)} | ${us(1)} | ${ratio(1)} | ${us(2)} | ${ratio(2)} |`);
  }
  lines.push('');
  return lines;
}

/**
 * Where signSync's time goes: a CPU profile (`node --cpu-prof`, 50 µs
 * sampling) of bench/profile-loop.mjs signing the GET in a loop, each
 * sample charged to the function it was in (its self time). The Node
 * engine keeps its function names, so engine time is charged to Rust
 * functions too.
 */
function profile() {
  const url = `https://${HOST}${targetOf(REQUESTS.GET)}`;
  const n = 400000;
  const dir = mkdtempSync(join(tmpdir(), 'sigv4kit-prof-'));
  try {
    const loop = fileURLToPath(new URL('./profile-loop.mjs', import.meta.url));
    const cpu = Number(
      execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', dir, loop, url, String(n)], { encoding: 'utf8' }),
    );
    const prof = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
    const nodes = new Map(prof.nodes.map((node) => [node.id, node]));
    const self = new Map();
    const groups = new Map();
    let total = 0;
    let inLoop = 0;
    for (const id of prof.samples) {
      const frame = nodes.get(id).callFrame;
      const file = frame.url.split('/').pop();
      const wasm = file.includes('.wasm');
      const name = wasm
        ? frame.functionName.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '')
        : `${frame.functionName || '(anonymous)'}${file ? ` (${file.replace(/^node:/, '')})` : ''}`;
      const group = wasm
        ? /sha2::|mac::/.test(name)
          ? 'engine: SHA-256 and HMAC'
          : 'engine: canonical request, string to sign, result (the rest of the wasm)'
        : /^\((program|idle|root)\)/.test(name)
          ? undefined
          : /garbage collector/.test(name)
            ? 'garbage collection'
            : /\.js\)$/.test(name) && !/internal|node:/.test(frame.url)
              ? 'glue: the package\'s JavaScript (request shapes, encodeInto calls, the result object)'
              : 'Node built-ins (URL parsing, TextEncoder/TextDecoder, Date)';
      total += 1;
      if (group === undefined) continue;
      inLoop += 1;
      self.set(name, (self.get(name) ?? 0) + 1);
      groups.set(group, (groups.get(group) ?? 0) + 1);
    }
    const perSign = (count) => ((count / inLoop) * cpu).toFixed(2);
    const lines = [
      '### Where signSync\'s time goes (GET, CPU profile)',
      '',
      `\`node --cpu-prof --cpu-prof-interval 50 bench/profile-loop.mjs URL ${n}\`: ${n} signatures of the GET above in a`,
      `fresh process, ${cpu.toFixed(2)} µs of CPU time each while profiled (sampling costs a little); each sample is`,
      'charged to the function it was in. µs per signature is a part\'s share of the samples in the loop times that.',
      '',
      '| part | share of samples | µs per signature |',
      '| --- | ---: | ---: |',
    ];
    for (const [group, count] of [...groups].sort((a, b) => b[1] - a[1])) {
      lines.push(`| ${group} | ${((100 * count) / total).toFixed(1)} % | ${perSign(count)} |`);
    }
    lines.push(`| (start-up, idle, outside any function) | ${((100 * (total - inLoop)) / total).toFixed(1)} % | |`, '');
    lines.push('The functions with the most self time:', '', '| function | share of samples |', '| --- | ---: |');
    for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
      const shown = name.length > 72 ? `${name.slice(0, 71)}…` : name;
      lines.push(`| \`${shown.replace(/\|/g, '\\|')}\` | ${((100 * count) / total).toFixed(1)} % |`);
    }
    lines.push('');
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The files a browser downloads for an entry: its static import graph in `dir`, plus the .wasm. */
function browserFiles(entry, dir = 'web') {
  const base = new URL(`../dist/${dir}/`, import.meta.url);
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(new URL(name, base), 'utf8');
    // `import x from './a.js'`, `export * from './a.js'`, and a bare `import './a.js'`.
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s*['"]\.\/([^'"]+)['"]|\bimport\s*['"]\.\/([^'"]+)['"]/g)) visit(m[1] ?? m[2]);
  };
  visit(entry);
  seen.add('sigv4kit_wasm_bg.wasm');
  return [...seen].map((name) => ({ name, bytes: readFileSync(new URL(name, base)) }));
}

function sizes() {
  const lines = [
    '### What a browser downloads',
    '',
    'Every file a browser fetches for the import (the static import graph of the entry in dist/web/, or',
    'dist/web-sigv4a/ for the `sigv4kit/full` and `sigv4kit/sigv4a` entries, plus the .wasm it instantiates),',
    'each as shipped in the package (the glue bundled and minified by scripts/bundle-web.cjs) and compressed with gzip -9 on its',
    'own, as a server would send it. aws4fetch is the smallest other SigV4 signer for browsers (no WebAssembly:',
    'it signs with WebCrypto; a dev dependency here), measured the same way.',
    '',
    '| entry | files | raw bytes | gzip bytes | of which .wasm (gzip) |', '| --- | ---: | ---: | ---: | ---: |'];
  const entries = [
    ['sigv4kit', 'web', 'index.browser.js'],
    ['sigv4kit/fetch', 'web', 'fetch.js'],
    ['sigv4kit/axios', 'web', 'axios.js'],
    ['sigv4kit/full (= sigv4kit/sigv4a)', 'web-sigv4a', 'index.browser.js'],
    ['sigv4kit/full/fetch', 'web-sigv4a', 'fetch.js'],
    ['sigv4kit/full/axios', 'web-sigv4a', 'axios.js'],
  ];
  for (const [label, dir, entry] of entries) {
    const files = browserFiles(entry, dir);
    const raw = files.reduce((n, f) => n + f.bytes.length, 0);
    const gz = files.reduce((n, f) => n + gzipSync(f.bytes, { level: 9 }).length, 0);
    const wasm = gzipSync(files.find((f) => f.name.endsWith('.wasm')).bytes, { level: 9 }).length;
    lines.push(`| ${label} | ${files.length} | ${raw} | ${gz} | ${wasm} |`);
  }
  // The module a browser bundler resolves for `import { AwsClient } from 'aws4fetch'`.
  const other = readFileSync(new URL('../node_modules/aws4fetch/dist/aws4fetch.esm.js', import.meta.url));
  lines.push(`| aws4fetch 1.0.20 (no WebAssembly) | 1 | ${other.length} | ${gzipSync(other, { level: 9 }).length} | 0 |`);
  lines.push('');
  return lines;
}

/**
 * The Node binaries to time loading on: this one, then those of
 * ../target/node-versions.txt (make test-wasm-node-versions writes it:
 * scripts/setup/node-versions.sh), when it is there.
 */
function nodeBinaries() {
  const others = new URL('../../target/node-versions.txt', import.meta.url);
  let listed = [];
  try {
    listed = readFileSync(others, 'utf8').split('\n').filter((line) => line !== '');
  } catch {
    // Only this Node.
  }
  const version = (bin) => execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  return [process.execPath, ...listed].map((bin) => ({ bin, version: version(bin) }));
}

function loading() {
  const here = fileURLToPath(new URL('..', import.meta.url));
  // The floors' modules: an empty ES module, and a one-line CommonJS module
  // behind an ES module (the shape through which `import` reaches the one
  // instance that `require` users share).
  const floorDir = mkdtempSync(join(tmpdir(), 'sigv4kit-load-'));
  writeFileSync(join(floorDir, 'empty.mjs'), 'export const x = 1;\n');
  writeFileSync(join(floorDir, 'tiny.cjs'), 'module.exports = { x: 1 };\n');
  writeFileSync(join(floorDir, 'over-cjs.mjs'), "import cjs from './tiny.cjs';\nexport const { x } = cjs;\n");
  const floorUrl = (name) => JSON.stringify(pathToFileURL(join(floorDir, name)).href);
  // Each probe prints its wall-clock and CPU milliseconds (CPU time of all
  // the process's threads: V8 compiles on background threads too), timed
  // from the first line of the entry script.
  const start = 'const c=process.cpuUsage(); const t=performance.now();';
  const sign = "new m.Signer({region:'us-east-1',service:'s',credentials:{accessKeyId:'A',secretAccessKey:'B'}}).signSync({url:'https://h/'});";
  const end = 'const u=process.cpuUsage(c); console.log(performance.now()-t, (u.user+u.system)/1000)';
  const probes = [
    ["`import('sigv4kit')`, `new Signer`, first `signSync` (the Node build: its .wasm read, compiled and instantiated)", 'module', `${start} const m=await import('sigv4kit'); ${sign} ${end}`],
    ["`require('sigv4kit')` in a CommonJS program, `new Signer`, first `signSync`", 'commonjs', `${start} const m=require('sigv4kit'); ${sign} ${end}`],
    [
      'of which the engine alone: `new WebAssembly.Module` of dist/node\'s .wasm (its bytes read before the clock starts)',
      'module',
      `import {readFileSync} from 'node:fs'; const b=readFileSync('dist/node/sigv4kit_wasm_bg.wasm'); ${start} new WebAssembly.Module(b); ${end}`,
    ],
    ['floor: `import()` of an empty ES module', 'module', `${start} await import(${floorUrl('empty.mjs')}); ${end}`],
    ["floor: `import()` of an ES module over a one-line CommonJS module (the entry's shape)", 'module', `${start} await import(${floorUrl('over-cjs.mjs')}); ${end}`],
    [
      "browser build in Node: import the ES modules, `await ready(bytes)` compiles and instantiates, first `signSync` (no download; Node's own `fetch` loaded before the clock starts, as a browser has it built in)",
      'module',
      // wasm-bindgen's init reads `Request` and `Response`, and in Node the
      // first read loads Node's whole fetch implementation (undici): 20 to
      // 25 ms of `ready(bytes)` here, none of it the engine's or a browser's.
      `import {readFileSync} from 'node:fs'; const bytes=readFileSync('dist/web/sigv4kit_wasm_bg.wasm'); typeof Response; ${start} const m=await import('./dist/web/index.browser.js'); await m.ready(bytes); ${sign} ${end}`,
    ],
  ];
  const nodes = nodeBinaries();
  const probe = (bin, type, code) =>
    execFileSync(bin, [`--input-type=${type}`, '-e', code], { cwd: here, encoding: 'utf8' }).split(' ').map(Number);
  // Rounds interleave every probe on every Node, so that each sees the same machine.
  const runs = probes.map(() => nodes.map(() => []));
  try {
    for (let round = 0; round < 7; round++) {
      probes.forEach(([, type, code], p) => nodes.forEach(({ bin }, n) => runs[p][n].push(probe(bin, type, code))));
    }
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
  }
  const cell = (all) => `${median(all.map((r) => r[0])).toFixed(2)} (${median(all.map((r) => r[1])).toFixed(2)})`;
  return [
    '### Load and instantiate (fresh process, median of 7, until the first signature; wall clock, and CPU time)',
    '',
    'Milliseconds from the first line of the entry script, wall clock (CPU time of all threads in parentheses); each',
    'probe is a fresh `node -e` process, the probes and Node versions interleaved in 7 rounds. The floor rows are',
    "what Node itself takes for an `import` (of nothing, and of the package's shape: an ES module over CommonJS).",
    '',
    `| probe | ${nodes.map(({ version }) => `Node ${version}`).join(' | ')} |`,
    `| --- | ${nodes.map(() => '---:').join(' | ')} |`,
    ...probes.map(([label], p) => `| ${label} | ${runs[p].map(cell).join(' | ')} |`),
    '',
  ];
}

if (process.argv.includes('--hash-threshold')) {
  console.log((await hashThreshold()).join('\n'));
  process.exit(0);
}

if (process.argv.includes('--loading')) {
  console.log(loading().join('\n'));
  process.exit(0);
}

if (process.argv.includes('--sizes')) {
  console.log(sizes().join('\n'));
  process.exit(0);
}

const report = [
  '## npm package: sigv4kit beside @smithy/signature-v4 and aws4',
  '',
  'Command: `make bench-wasm` (`node bench/sign.mjs ../target/release/examples/core_sign` in bindings-wasm/).',
  '',
  ...(await signing()),
  ...(await hashThreshold()),
  ...profile(),
  ...sizes(),
  ...loading(),
];
console.log(report.join('\n'));
