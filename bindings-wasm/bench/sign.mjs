// Signing speed of sigv4kit beside the usual JavaScript signers, in one
// process, on the same requests, rounds interleaved so that every signer
// sees the same machine state. Also: what a browser downloads (gzip) and how
// long loading and instantiating the engine takes.
//
//   node bench/sign.mjs            (make bench-wasm)
//
// Prints a Markdown section on stdout (make collects it into BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
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

const search = (query) => new URLSearchParams(query).toString();

function contenders(r) {
  const url = `https://${HOST}${r.path}${Object.keys(r.query).length ? `?${search(r.query)}` : ''}`;
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
          { host: HOST, method: r.method, path: `${r.path}${Object.keys(r.query).length ? `?${search(r.query)}` : ''}`, service: SERVICE, region: REGION, headers: { ...r.headers }, body: r.body },
          CREDS,
        ),
      false,
    ],
  ];
}

/** Mean microseconds per call over `n` calls. */
async function time(fn, isAsync, n) {
  const start = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < n; i += 1) await fn();
  else for (let i = 0; i < n; i += 1) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function signing() {
  const lines = [
    `Node ${process.version}. Each signer signs the same request in the same process; rounds are interleaved`,
    '(every signer runs once per round) and each ratio is the median of the per-round ratios, which stays',
    'fair when the machine is busy. Times are medians too, and move with the load.',
    '',
  ];
  for (const [label, r] of Object.entries(REQUESTS)) {
    const list = contenders(r);
    for (const [, fn, isAsync] of list) await time(fn, isAsync, 2000); // warm up
    const samples = list.map(() => []);
    for (let round = 0; round < 11; round += 1) {
      for (let i = 0; i < list.length; i += 1) samples[i].push(await time(list[i][1], list[i][2], 3000));
    }
    const ratio = (i) => median(samples[i].map((t, round) => t / samples[0][round]));
    lines.push(`### ${label}`, '', '| signer | µs per sign | time relative to sigv4kit signSync |', '| --- | ---: | ---: |');
    list.forEach(([name], i) => lines.push(`| ${name} | ${median(samples[i]).toFixed(2)} | ${i === 0 ? '1' : ratio(i).toFixed(2)} |`));
    lines.push('');
  }
  return lines;
}

/** The files a browser downloads for an entry: its static import graph, plus the .wasm. */
function browserFiles(entry) {
  const dir = new URL('../dist/web/', import.meta.url);
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(new URL(name, dir), 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s*['"]\.\/([^'"]+)['"]/g)) visit(m[1]);
  };
  visit(entry);
  seen.add('sigv4kit_wasm_bg.wasm');
  return [...seen].map((name) => ({ name, bytes: readFileSync(new URL(name, dir)) }));
}

function sizes() {
  const lines = ['### What a browser downloads (gzip -9, the files as shipped, not minified)', '', '| entry | files | raw bytes | gzip bytes | of which .wasm (gzip) |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const entry of ['index.browser.js', 'fetch.js']) {
    const files = browserFiles(entry);
    const raw = files.reduce((n, f) => n + f.bytes.length, 0);
    const gz = files.reduce((n, f) => n + gzipSync(f.bytes, { level: 9 }).length, 0);
    const wasm = gzipSync(files.find((f) => f.name.endsWith('.wasm')).bytes, { level: 9 }).length;
    lines.push(`| sigv4kit${entry === 'fetch.js' ? '/fetch' : ''} | ${files.length} | ${raw} | ${gz} | ${wasm} |`);
  }
  lines.push('');
  return lines;
}

function loading() {
  const here = fileURLToPath(new URL('..', import.meta.url));
  const probe = (code) => Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: here, encoding: 'utf8' }));
  const node = `const t=performance.now(); const m=await import('sigv4kit'); new m.Signer({region:'us-east-1',service:'s',credentials:{accessKeyId:'A',secretAccessKey:'B'}}).signSync({url:'https://h/'}); console.log(performance.now()-t)`;
  const web = `import {readFileSync} from 'node:fs'; const bytes=readFileSync('dist/web/sigv4kit_wasm_bg.wasm'); const t=performance.now(); const m=await import('./dist/web/index.browser.js'); await m.ready(bytes); new m.Signer({region:'us-east-1',service:'s',credentials:{accessKeyId:'A',secretAccessKey:'B'}}).signSync({url:'https://h/'}); console.log(performance.now()-t)`;
  const nodeMs = median(Array.from({ length: 7 }, () => probe(node)));
  const webMs = median(Array.from({ length: 7 }, () => probe(web)));
  return [
    '### Load and instantiate (fresh process, median of 7, until the first signature)',
    '',
    `- Node (\`import('sigv4kit')\`: read, compile and instantiate the .wasm, load the glue, sign once): ${nodeMs.toFixed(2)} ms`,
    `- Browser build in Node (import the ES modules, \`await ready(bytes)\` compiles and instantiates, sign once; excludes the download): ${webMs.toFixed(2)} ms`,
    '',
  ];
}

const report = [
  '## npm package: sigv4kit beside @smithy/signature-v4 and aws4',
  '',
  'Command: `make bench-wasm` (`node bench/sign.mjs` in bindings-wasm/).',
  '',
  ...(await signing()),
  ...sizes(),
  ...loading(),
];
console.log(report.join('\n'));
