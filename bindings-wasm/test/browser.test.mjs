// The browser build in a real browser: headless Chromium loads a page from a
// 127.0.0.1 server, the page imports dist/web/ as ES modules (the engine is
// fetched and instantiated by the browser), signs requests with Signer and
// createSignedFetch, sends them to the same server, which verifies each
// signature with @smithy/signature-v4, and posts what it saw back.
// Chromium is installed by `make setup-browser`, which `make test-wasm`
// depends on: a missing browser fails the test, it never skips it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from './helpers/verifying-server.mjs';

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

const chromium = findChromium();
const KEYS = { AKIDBROWSER: { secretAccessKey: 'browser/secret', sessionToken: 'browser-session-token' } };
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>sigv4kit</title>
<script type="module">
import { Signer, ready, isReady, SigV4Error } from '/dist/web/index.browser.js';
import { createSignedFetch } from '/dist/web/fetch.js';
const results = {};
try {
  results.readyBefore = isReady();
  await ready();
  const credentials = async () => (${JSON.stringify({ accessKeyId: 'AKIDBROWSER', ...KEYS.AKIDBROWSER })});
  const awsFetch = createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials });
  results.get = (await awsFetch('/prod/hello?name=a b&q=ü')).status;
  results.post = (await awsFetch('/prod/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'ü' }) })).status;
  const form = new FormData();
  form.append('field', 'value');
  results.form = (await awsFetch('/prod/form', { method: 'POST', body: form })).status;
  results.unicodePath = (await awsFetch('/prod/ünï cödé')).status;
  const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials });
  const { url } = await signer.presign({ url: location.origin + '/prod/presigned?x=1' }, { expiresIn: 60 });
  results.presigned = (await fetch(url)).status;
  try { signer.signSync({ url: location.origin, headers: { a: 'b\\nc' } }); } catch (e) { results.errorCode = e instanceof SigV4Error ? e.code : String(e); }
} catch (e) {
  results.error = String(e && e.stack || e);
}
await fetch('/report', { method: 'POST', body: JSON.stringify(results) });
</script>`;

test('the browser build signs requests in headless Chromium', { timeout: 120_000 }, async () => {
  assert.ok(chromium, 'no Chromium on PATH: run make setup-browser');
  const dist = new URL('../dist/', import.meta.url);
  const verdicts = [];
  let report;
  const reported = new Promise((resolve) => {
    report = resolve;
  });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = req.url.split('?')[0];
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(PAGE);
      }
      if (path.startsWith('/dist/web/') && !path.includes('..')) {
        try {
          const file = await readFile(new URL(path.slice('/dist/'.length), dist));
          res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
          return res.end(file);
        } catch {
          res.writeHead(404);
          return res.end();
        }
      }
      if (path === '/report') {
        res.writeHead(204);
        res.end();
        return report(JSON.parse(body.toString()));
      }
      if (path === '/favicon.ico') {
        res.writeHead(404);
        return res.end();
      }
      const verdict = await verify({ method: req.method, target: req.url, rawHeaders: req.rawHeaders, body }, KEYS, { region: 'us-east-1', service: 'execute-api' });
      verdicts.push({ target: req.url, ...verdict });
      res.writeHead(verdict.ok ? 200 : 403, { 'content-type': 'text/plain' });
      res.end(verdict.ok ? 'ok' : verdict.reason);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), 'sigv4kit-chromium-'));
  const browser = spawn(
    chromium,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', `--user-data-dir=${profile}`, `${origin}/index.html`],
    // Its own process group, so that the renderer and helper processes it
    // starts are ended with it.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  try {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the page did not report in 60 s')), 60_000).unref());
    const results = await Promise.race([reported, timeout]);
    assert.equal(results.error, undefined);
    assert.deepEqual(results, {
      readyBefore: false,
      get: 200,
      post: 200,
      form: 200,
      unicodePath: 200,
      presigned: 200,
      errorCode: 'invalid_header',
    }, JSON.stringify(verdicts));
    assert.ok(verdicts.every((v) => v.ok));
  } finally {
    try {
      process.kill(-browser.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    server.closeAllConnections();
    server.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
});
