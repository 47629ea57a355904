// The official AWS SigV4 test suite (testdata/cases, converted from
// aws-c-auth's vectors) through the public API of each build: the Node
// CommonJS entry, its ES module wrapper, and the browser build (instantiated
// here from the .wasm bytes, as a bundler or a page would).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../../', import.meta.url);
const read = (path) =>
  readFileSync(new URL(path, root), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
const cases = read('testdata/cases/v4-suite.jsonl');
const expected = new Map(read('testdata/cases/v4-suite.expected.jsonl').map((e) => [e.id, e]));

const squeeze = (v) => v.trim().replace(/\s+/g, ' ');
const headerSet = (headers) => headers.map(([n, v]) => `${n.toLowerCase()}:${squeeze(v)}`).sort();
const targetParts = (t) => {
  const [path, query = ''] = t.split(/\?(.*)/s);
  return [path, query.split('&').filter(Boolean).sort()];
};

function runSuite(api) {
  let passed = 0;
  for (const c of cases) {
    const want = expected.get(c.id);
    const signer = new api.Signer({
      region: c.region,
      service: c.service,
      credentials: {
        accessKeyId: c.credentials.access_key_id,
        secretAccessKey: c.credentials.secret_access_key,
        sessionToken: c.credentials.session_token ?? undefined,
      },
      normalizePath: c.normalize_path,
      doubleEncodePath: c.double_encode_path,
      contentSha256Header: c.content_sha256_header,
      omitSessionToken: c.omit_session_token,
    });
    const request = {
      method: c.request.method,
      target: c.request.target,
      headers: c.request.headers,
      body: Buffer.from(c.request.body_base64 ?? '', 'base64'),
    };
    const options = { signingDate: c.timestamp, debug: true };
    if (c.payload?.mode === 'unsigned') options.unsignedPayload = true;
    if (c.payload?.mode === 'precomputed') options.payloadHash = c.payload.value;
    if (want.error) {
      assert.throws(() => signer.signSync(request, options), (err) => err instanceof api.SigV4Error && err.code === want.error.code, c.id);
      passed += 1;
      continue;
    }
    const got =
      c.signature_location === 'query'
        ? signer.presignSync(request, { ...options, expiresIn: c.expires_in })
        : signer.signSync(request, options);
    assert.equal(got.canonicalRequest, want.canonical_request, `${c.id}: canonical request`);
    assert.equal(got.stringToSign, want.string_to_sign, `${c.id}: string to sign`);
    assert.equal(got.signature, want.signature, `${c.id}: signature`);
    assert.deepEqual(targetParts(got.target), targetParts(want.signed_request.target), `${c.id}: target`);
    assert.deepEqual(headerSet(got.headerList), headerSet(want.signed_request.headers), `${c.id}: headers`);
    passed += 1;
  }
  return passed;
}

describe('the official SigV4 suite', () => {
  test('has cases', () => {
    assert.ok(cases.length >= 76);
  });

  test('passes through require("sigv4kit")', () => {
    const require = createRequire(import.meta.url);
    assert.equal(runSuite(require('sigv4kit')), cases.length);
  });

  test('passes through import("sigv4kit"), sharing the CommonJS instance', async () => {
    const esm = await import('sigv4kit');
    const require = createRequire(import.meta.url);
    assert.equal(esm.Signer, require('sigv4kit').Signer);
    assert.equal(runSuite(esm), cases.length);
  });

  test('passes through the browser build', async () => {
    const web = await import(new URL('../dist/web/index.browser.js', import.meta.url));
    assert.equal(web.isReady(), false);
    const signer = new web.Signer({ region: 'us-east-1', service: 's', credentials: { accessKeyId: 'A', secretAccessKey: 'B' } });
    assert.throws(() => signer.signSync({ url: 'https://example.com/' }), /await ready\(\)/);
    await web.ready(readFileSync(new URL('../dist/web/sigv4kit_wasm_bg.wasm', import.meta.url)));
    assert.equal(web.isReady(), true);
    assert.equal(runSuite(web), cases.length);
    assert.throws(() => web.fromEnv(), /only Node/);
  });
});
