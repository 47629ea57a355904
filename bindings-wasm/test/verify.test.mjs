// verifyRequest, the server side: accepts what @smithy/signature-v4 (the AWS
// SDK's signer) and sigv4kit sign, and says why it refuses the rest.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import util from 'node:util';
import { readFileSync } from 'node:fs';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Signer, SigV4Error, verifyRequest, incomingRequest, SignatureVerificationError, VerifiedRequest } from 'sigv4kit';

const KEYS = new Map([
  ['AKIDEXAMPLE', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
  ['ASIATEMP', { accessKeyId: 'ASIATEMP', secretAccessKey: 'temp/secret', sessionToken: 'the-token' }],
]);
const options = { region: 'us-east-1', service: 'execute-api', credentials: (id) => KEYS.get(id) };
const HOST = 'abc.execute-api.us-east-1.amazonaws.com';

async function smithy(method, path, query, body, creds = KEYS.get('AKIDEXAMPLE'), presign) {
  const sv4 = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
  const request = new HttpRequest({ method, protocol: 'https:', hostname: HOST, path, query, headers: { host: HOST, 'content-type': 'application/json' }, body });
  const out = presign ? await sv4.presign(request, { expiresIn: presign }) : await sv4.sign(request);
  const search = Object.entries(out.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return { method, target: path + (search ? `?${search}` : ''), headers: Object.entries(out.headers), body };
}

async function rejectsWith(promise, code) {
  const err = await promise.then(() => undefined, (e) => e);
  assert.ok(err instanceof SignatureVerificationError, `expected a SignatureVerificationError (${code}), got ${err}`);
  assert.equal(err.code, code, err.message);
}

describe('verifyRequest', () => {
  test('accepts requests signed by @smithy/signature-v4', async () => {
    const get = await smithy('GET', '/prod/pets', { type: 'dog', q: 'a b' });
    const v = await verifyRequest(get, options);
    assert.deepEqual([v.accessKeyId, v.region, v.service, v.location], ['AKIDEXAMPLE', 'us-east-1', 'execute-api', 'headers']);
    assert.ok(Math.abs(v.signedAt.getTime() - Date.now()) < 120_000);
    assert.match(v.canonicalRequest, /^GET\n\/prod\/pets\n/);
    const post = await smithy('POST', '/prod/pets', {}, '{"name":"ü"}', KEYS.get('ASIATEMP'));
    assert.equal((await verifyRequest(post, options)).accessKeyId, 'ASIATEMP');
    const presigned = await smithy('GET', '/prod/file', { a: '1' }, undefined, KEYS.get('AKIDEXAMPLE'), 300);
    assert.equal((await verifyRequest(presigned, options)).location, 'query');
  });

  test('accepts what sigv4kit signs', async () => {
    const signer = new Signer({ ...options, credentials: KEYS.get('ASIATEMP') });
    const signed = await signer.sign({ method: 'PUT', url: `https://${HOST}/prod/x?y=1`, body: new Uint8Array([1, 2, 3]) });
    await verifyRequest({ method: 'PUT', target: signed.target, headers: [['host', HOST], ...signed.headerList], body: new Uint8Array([1, 2, 3]) }, options);
    const presigned = await signer.presign({ url: `https://${HOST}/prod/x` });
    await verifyRequest({ url: presigned.url }, options);
  });

  test('says why it refuses', async () => {
    const get = await smithy('GET', '/prod/pets', { type: 'dog' });
    await rejectsWith(verifyRequest({ ...get, target: '/prod/pets?type=cat' }, options), 'signature_mismatch');
    await rejectsWith(verifyRequest({ ...get, headers: get.headers.filter(([n]) => n !== 'authorization') }, options), 'missing_authentication');
    await rejectsWith(verifyRequest(get, { ...options, credentials: () => undefined }), 'unknown_access_key');
    await rejectsWith(verifyRequest(get, { ...options, credentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'other' }) }), 'signature_mismatch');
    await rejectsWith(verifyRequest(get, { ...options, service: 's3' }), 'wrong_scope');
    await rejectsWith(verifyRequest(get, { ...options, now: Date.now() + 3600_000 }), 'signature_expired');
    const token = await smithy('GET', '/prod/pets', {}, undefined, KEYS.get('ASIATEMP'));
    await rejectsWith(verifyRequest({ ...token, headers: token.headers.filter(([n]) => n !== 'x-amz-security-token') }, options), 'invalid_session_token');
    await rejectsWith(verifyRequest({ ...token, headers: token.headers.map(([n, v]) => [n, n === 'x-amz-security-token' ? 'forged' : v]) }, options), 'invalid_session_token');
    const presigned = await smithy('GET', '/prod/file', {}, undefined, KEYS.get('AKIDEXAMPLE'), 60);
    await rejectsWith(verifyRequest(presigned, { ...options, now: Date.now() + 120_000 }), 'presigned_url_expired');
    await assert.rejects(
      verifyRequest({ ...get, headers: [...get.headers, ['x-a', 'a\nb']] }, options),
      (err) => err instanceof SigV4Error && err.code === 'invalid_request' && err.field === 'headers',
    );
    const mismatch = await verifyRequest({ ...get, target: '/prod/pets?type=cat' }, options).catch((e) => e);
    assert.match(mismatch.canonicalRequest, /type=cat/);
  });

  test('incomingRequest reads a Node request as it arrived', async () => {
    const signer = new Signer({ ...options, credentials: KEYS.get('AKIDEXAMPLE') });
    const server = http.createServer(async (req, res) => {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      try {
        const who = await verifyRequest(incomingRequest(req, Buffer.concat(chunks)), { ...options, region: undefined });
        res.end(who.accessKeyId);
      } catch (err) {
        res.writeHead(403).end(err.code);
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/prod/echo?x=a%20b`;
    try {
      const signed = await signer.sign({ method: 'POST', url, body: 'hello' });
      const ok = await fetch(url, { method: 'POST', headers: signed.headers, body: 'hello' });
      assert.equal(await ok.text(), 'AKIDEXAMPLE');
      const tampered = await fetch(url, { method: 'POST', headers: signed.headers, body: 'hellO' });
      assert.equal(tampered.status, 403);
      assert.equal(await tampered.text(), 'signature_mismatch');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

// No way of showing a result or an error prints the session token: the
// canonical request they hold is the core's redacted one, the raw one is
// behind unredactedCanonicalRequest().
describe('verifyRequest redacts the session token', () => {
  const cases = readFileSync(new URL('../../testdata/cases/attacks.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
  const tokens = [...new Set(cases.flatMap((c) => c.keys.map((k) => k.session_token).filter(Boolean)))];
  // The token as it appears raw (header line) and percent-encoded (query).
  const spellings = tokens.flatMap((t) => [t, encodeURIComponent(t), t.slice(0, 16)]);

  function shows(value) {
    return [
      util.inspect(value, { depth: Infinity, showHidden: true, getters: true }),
      util.format('%o', value),
      JSON.stringify(value),
      String(value),
      typeof value === 'object' && value !== null && 'stack' in value ? String(value.stack) : '',
      JSON.stringify({ ...value }),
    ];
  }
  function assertNoToken(value, what) {
    for (const shown of shows(value)) {
      for (const t of spellings) assert.ok(!shown.includes(t), `${what} shows the session token: ${shown}`);
    }
  }
  const lookup = (c) => (id) => {
    const k = c.keys.find((key) => key.access_key_id === id);
    return k && { accessKeyId: k.access_key_id, secretAccessKey: k.secret_access_key, sessionToken: k.session_token, expiration: k.expiration && new Date(k.expiration) };
  };
  const settings = (c) => ({
    credentials: lookup(c),
    now: new Date(c.now),
    region: c.verify.region,
    service: c.verify.service,
    doubleEncodePath: c.verify.double_encode_path,
    normalizePath: c.verify.normalize_path,
    maxClockSkewSeconds: c.verify.max_clock_skew,
    allowUnsignedPayload: c.verify.allow_unsigned_payload ?? undefined,
  });
  const request = (c) => ({
    method: c.request.method,
    target: c.request.target,
    headers: c.request.headers,
    body: Buffer.from(c.request.body_base64, 'base64'),
  });

  test('in every result and error of the attack cases that carry a token', async () => {
    const withToken = cases.filter((c) => spellings.some((t) => JSON.stringify(c.request).includes(t)));
    assert.ok(withToken.length >= 5, `cases with a session token: ${withToken.length}`);
    let accepted = 0;
    for (const c of withToken) {
      const outcome = await verifyRequest(request(c), settings(c)).catch((e) => e);
      if (outcome instanceof VerifiedRequest) {
        accepted += 1;
        assert.match(outcome.canonicalRequest, /\*\* redacted \*\*/, c.id);
        assert.ok(tokens.some((t) => outcome.unredactedCanonicalRequest().includes(t) || outcome.unredactedCanonicalRequest().includes(encodeURIComponent(t))), `${c.id}: the explicit accessor keeps the token`);
      }
      assertNoToken(outcome, c.id);
    }
    assert.equal(accepted, 2, 'ok-session-token and ok-presigned-session-token are accepted');
  });

  test('in a signature mismatch, header and presigned', async () => {
    const creds = KEYS.get('ASIATEMP');
    const signer = new Signer({ ...options, credentials: creds });
    const signed = await signer.sign({ method: 'POST', url: `https://${HOST}/prod/x?y=1`, body: 'a' });
    const header = await verifyRequest({ method: 'POST', target: '/prod/x?y=2', headers: [['host', HOST], ...signed.headerList], body: 'a' }, options).catch((e) => e);
    const presigned = await signer.presign({ url: `https://${HOST}/prod/x?y=1` });
    const query = await verifyRequest({ url: presigned.url.replace('y=1', 'y=2') }, options).catch((e) => e);
    for (const [what, err] of [['header', header], ['presigned', query]]) {
      assert.ok(err instanceof SignatureVerificationError && err.code === 'signature_mismatch', `${what}: ${err}`);
      assert.match(err.canonicalRequest, /\*\* redacted \*\*/, what);
      assert.ok(err.unredactedCanonicalRequest().includes(creds.sessionToken), `${what}: the explicit accessor keeps the token`);
      for (const shown of shows(err)) assert.ok(!shown.includes(creds.sessionToken), `${what} shows the token: ${shown}`);
    }
    const ok = await verifyRequest({ method: 'POST', target: signed.target, headers: [['host', HOST], ...signed.headerList], body: 'a' }, options);
    for (const shown of shows(ok)) assert.ok(!shown.includes(creds.sessionToken), `the result shows the token: ${shown}`);
    assert.ok(ok.unredactedCanonicalRequest().includes(`x-amz-security-token:${creds.sessionToken}`));
  });
});
