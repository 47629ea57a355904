// SigV4a (AWS4-ECDSA-P256-SHA256) through the npm package: the official v4a
// vectors (testdata/cases/v4a-suite.*, from aws-c-auth's suite) through
// `sigv4kit/sigv4a` in Node and through its browser build, each signature
// verified with node:crypto (OpenSSL) under the vector's public key, never
// compared; the Node verifier accepting what was signed; and the plain
// browser build refusing SigV4a with a pointer to the entry.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { createRequire } from 'node:module';

const SIGV4A = 'AWS4-ECDSA-P256-SHA256';
const root = new URL('../../', import.meta.url);
const read = (path) =>
  readFileSync(new URL(path, root), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
const cases = read('testdata/cases/v4a-suite.jsonl');
const expected = new Map(read('testdata/cases/v4a-suite.expected.jsonl').map((e) => [e.id, e]));

const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
const publicKey = (key) => createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(key.x), y: b64url(key.y) }, format: 'jwk' });
const verifies = (key, message, signatureHex) => verify('sha256', Buffer.from(message, 'utf8'), publicKey(key), Buffer.from(signatureHex, 'hex'));

function runSuite(api) {
  let passed = 0;
  for (const c of cases) {
    const want = expected.get(c.id);
    const signer = new api.Signer({
      region: c.region,
      service: c.service,
      algorithm: c.algorithm,
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
    assert.equal(signer.algorithm, SIGV4A);
    const request = {
      method: c.request.method,
      target: c.request.target,
      headers: c.request.headers,
      body: Buffer.from(c.request.body_base64 ?? '', 'base64'),
    };
    const options = { signingDate: c.timestamp, debug: true, unsignedPayload: false };
    const got =
      c.signature_location === 'query'
        ? signer.presignSync(request, { ...options, expiresIn: c.expires_in })
        : signer.signSync(request, options);
    assert.equal(got.canonicalRequest, want.canonical_request, `${c.id}: canonical request`);
    assert.equal(got.stringToSign, want.string_to_sign, `${c.id}: string to sign`);
    assert.ok(verifies(want.public_key, want.string_to_sign, got.signature), `${c.id}: signature verifies`);
    assert.ok(!verifies(want.public_key, want.string_to_sign + 'x', got.signature), `${c.id}: and only for its string`);
    const querySignature = (got.target.split('?')[1] ?? '').split('&').find((p) => p.startsWith('X-Amz-Signature='));
    const onWire = got.authorization ?? querySignature;
    assert.ok(onWire.endsWith(got.signature), `${c.id}: the signature sent is the one returned`);
    passed += 1;
  }
  return passed;
}

describe('SigV4a', () => {
  test('the v4a vectors pass through require("sigv4kit/sigv4a")', () => {
    const require = createRequire(import.meta.url);
    assert.equal(cases.length, 76);
    assert.equal(runSuite(require('sigv4kit/sigv4a')), cases.length);
  });

  test('in Node the entry is the Node build itself', async () => {
    const require = createRequire(import.meta.url);
    assert.equal(require('sigv4kit/sigv4a').Signer, require('sigv4kit').Signer);
    assert.equal((await import('sigv4kit/sigv4a')).Signer, require('sigv4kit').Signer);
  });

  test('the v4a vectors pass through the sigv4a browser build', async () => {
    const web = await import(new URL('../dist/web-sigv4a/index.browser.js', import.meta.url));
    await web.ready(readFileSync(new URL('../dist/web-sigv4a/sigv4kit_wasm_bg.wasm', import.meta.url)));
    assert.equal(runSuite(web), cases.length);
  });

  test('the plain browser build refuses SigV4a, naming the entry', async () => {
    const web = await import(new URL('../dist/web/index.browser.js', import.meta.url));
    await web.ready(readFileSync(new URL('../dist/web/sigv4kit_wasm_bg.wasm', import.meta.url)));
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    assert.throws(() => new web.Signer({ region: '*', service: 's3', algorithm: SIGV4A, credentials }), /sigv4kit\/sigv4a/);
  });

  test('bad options are refused clearly', () => {
    const { Signer, SigV4Error } = createRequire(import.meta.url)('sigv4kit/sigv4a');
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    assert.throws(() => new Signer({ region: '*', service: 's3', algorithm: 'AWS4-HMAC-SHA512', credentials }), TypeError);
    assert.throws(
      () => new Signer({ region: 'us-east-1, us-west-2', service: 's3', algorithm: SIGV4A, credentials }),
      (err) => err instanceof SigV4Error && err.code === 'invalid_region' && err.field === 'region',
    );
    const signer = new Signer({ region: '*', service: 's3', algorithm: SIGV4A, credentials: { ...credentials, sessionToken: 'TOKEN' } });
    const shown = `${signer} ${JSON.stringify(signer)}`;
    assert.ok(shown.includes(SIGV4A) && !shown.includes('secret') && !shown.includes('TOKEN'));
  });

  test('what the signer signs, the Node verifier accepts for the regions the set covers', async () => {
    const { Signer, verifyRequest, SignatureVerificationError } = createRequire(import.meta.url)('sigv4kit/sigv4a');
    const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session' };
    const signer = new Signer({ region: 'us-east-1,us-west-2', service: 'execute-api', algorithm: SIGV4A, credentials: keys });
    const signingDate = new Date('2024-05-01T10:00:00Z');
    const request = { method: 'POST', url: 'https://abc.execute-api.us-west-2.amazonaws.com/prod/items?b=2&a=1', body: '{"k":1}' };
    for (const signed of [await signer.sign(request, { signingDate }), await signer.presign(request, { signingDate, expiresIn: 60 })]) {
      assert.equal(signed.headers['X-Amz-Region-Set'] ?? new URL(signed.url).searchParams.get('X-Amz-Region-Set'), 'us-east-1,us-west-2');
      const received = { method: 'POST', url: signed.url, headers: { ...signed.headers, host: 'abc.execute-api.us-west-2.amazonaws.com' }, body: request.body };
      const options = { credentials: () => keys, now: signingDate, service: 'execute-api' };
      const who = await verifyRequest(received, { ...options, region: 'us-west-2' });
      assert.equal(who.region, 'us-east-1,us-west-2');
      await assert.rejects(verifyRequest(received, { ...options, region: 'eu-west-1' }), (err) => err instanceof SignatureVerificationError && err.code === 'wrong_scope');
      await assert.rejects(
        verifyRequest({ ...received, body: '{"k":2}' }, { ...options, region: 'us-west-2' }),
        (err) => err instanceof SignatureVerificationError && err.code === 'signature_mismatch',
      );
    }
  });
});
