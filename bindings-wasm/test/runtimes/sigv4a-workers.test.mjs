// `sigv4kit/sigv4a` in Cloudflare Workers, from the packed package: bundled
// by esbuild with the workerd conditions (the SigV4a engine kept as a wasm
// module, as wrangler does) and run in workerd through Miniflare. The worker
// signs the official v4a vector get-vanilla; its canonical request and
// string to sign must be the vector's, and its signature must verify with
// node:crypto under the vector's public key. The plain `sigv4kit` entry in
// the same worker refuses SigV4a, naming the entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = fileURLToPath(new URL('.', import.meta.url));
const pkgDir = join(here, '..', '..');
const vector = join(pkgDir, '..', 'testdata', 'aws-signing-test-suite', 'v4a', 'get-vanilla');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const { Miniflare } = require('miniflare');

let work;
let app;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'sigv4kit-sigv4a-workers-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkgDir, encoding: 'utf8' }))[0];
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(work, packed.filename)], { cwd: app, stdio: 'ignore' });
});
after(() => rmSync(work, { recursive: true, force: true }));

test('Cloudflare Workers: sigv4kit/sigv4a signs the v4a vector in workerd', async () => {
  const out = join(work, 'worker');
  mkdirSync(out);
  writeFileSync(
    join(app, 'worker.mjs'),
    `import { Signer } from 'sigv4kit/sigv4a';\n` +
      `import { Signer as PlainSigner } from 'sigv4kit';\n` +
      `export default { async fetch() {\n` +
      `  const options = { region: 'us-east-1', service: 'service', algorithm: 'AWS4-ECDSA-P256-SHA256',\n` +
      `    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } };\n` +
      `  const signed = await new Signer(options).sign({ method: 'GET', url: 'https://example.amazonaws.com/' },\n` +
      `    { signingDate: '2015-08-30T12:36:00Z', debug: true });\n` +
      `  let plain = '';\n` +
      `  try { await new PlainSigner(options).sign({ method: 'GET', url: 'https://example.amazonaws.com/' }); } catch (e) { plain = e.message; }\n` +
      `  return Response.json({ canonicalRequest: signed.canonicalRequest, stringToSign: signed.stringToSign, signature: signed.signature, plain });\n` +
      `} };\n`,
  );
  const wasmModules = [];
  await esbuild.build({
    entryPoints: [join(app, 'worker.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    outfile: join(out, 'worker.mjs'),
    logLevel: 'silent',
    plugins: [{
      name: 'wasm-modules',
      setup(build) {
        build.onResolve({ filter: /\.wasm$/ }, (args) => {
          const path = join(args.resolveDir, args.path);
          const name = `${wasmModules.length}-${basename(path)}`;
          wasmModules.push([path, name]);
          return { path: `./${name}`, external: true };
        });
      },
    }],
  });
  // The SigV4a engine and the plain one: two wasm modules.
  assert.equal(wasmModules.length, 2);
  assert.ok(wasmModules.some(([path]) => path.includes('web-sigv4a')));
  for (const [path, name] of wasmModules) copyFileSync(path, join(out, name));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    compatibilityDate: '2026-07-30',
    modulesRoot: out,
    modules: [
      { type: 'ESModule', path: join(out, 'worker.mjs') },
      ...wasmModules.map(([, name]) => ({ type: 'CompiledWasm', path: join(out, name) })),
    ],
  });
  try {
    const res = await mf.dispatchFetch('http://127.0.0.1/');
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const got = JSON.parse(text);
    assert.equal(got.canonicalRequest, readFileSync(join(vector, 'header-canonical-request.txt'), 'utf8'));
    assert.equal(got.stringToSign, readFileSync(join(vector, 'header-string-to-sign.txt'), 'utf8'));
    const key = JSON.parse(readFileSync(join(vector, 'public-key.json'), 'utf8'));
    const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(key.X), y: b64url(key.Y) }, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from(got.stringToSign), publicKey, Buffer.from(got.signature, 'hex')), 'the signature verifies');
    assert.match(got.plain, /sigv4kit\/sigv4a/);
  } finally {
    await mf.dispose();
  }
});
