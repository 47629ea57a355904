// signedFetch and createSignedFetch with Node's fetch against a local server
// that verifies every signature with @smithy/signature-v4.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Signer, SigV4Error } from 'sigv4kit';
import { signedFetch, createSignedFetch } from 'sigv4kit/fetch';
import { startServer } from './helpers/verifying-server.mjs';

const SCOPE = { region: 'eu-west-1', service: 'execute-api' };
const KEYS = {
  AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  ASIATEMPORARY: { secretAccessKey: 'temporary/secret+key', sessionToken: 'IQoJb3JpZ2luX2VjEHEa//////////token=' },
};
const STATIC = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: KEYS.AKIDEXAMPLE.secretAccessKey };

describe('fetch', () => {
  let server;
  let awsFetch;
  before(async () => {
    server = await startServer({ keys: KEYS, scope: SCOPE, failFirst: ['/prod/flaky'] });
    awsFetch = createSignedFetch({ ...SCOPE, credentials: STATIC });
  });
  after(() => server.close());

  function last() {
    const record = server.requests.at(-1);
    assert.ok(record.verdict.ok, `server refused the signature: ${record.verdict.reason}`);
    return record;
  }

  test('GET with a query needing encoding', async () => {
    const url = new URL(`${server.origin}/prod/items`);
    url.searchParams.set('q', 'a b+c/d');
    url.searchParams.set('emoji', '😀');
    const res = await awsFetch(`${url.href}&raw=it's&sp=x y#fragment`);
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    // URLSearchParams wrote the space as '+', which the server reads (as API
    // Gateway does) as a space: it goes out as %20, the plus as %2B.
    assert.match(last().target, /q=a%20b%2Bc%2Fd.*raw=it%27s&sp=x%20y$/);
  });

  test('GET ?q=a b+c puts no raw + on the wire and verifies where + is a space', async () => {
    const res = await awsFetch(`${server.origin}/prod/search?q=a b+c`);
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    // WHATWG URL (and URLSearchParams, and API Gateway) read the raw '+' as a
    // space: it goes out as %20, so every service reads the same value.
    assert.equal(last().target, '/prod/search?q=a%20b%20c');
    const viaParams = new URL(`${server.origin}/prod/search`);
    viaParams.searchParams.set('q', 'a b+c');
    assert.equal((await awsFetch(viaParams)).status, 200, server.requests.at(-1).verdict.reason);
    assert.equal(last().target, '/prod/search?q=a%20b%2Bc');
  });

  test('POST JSON, PUT bytes, a Blob, URLSearchParams and FormData', async () => {
    const json = JSON.stringify({ hello: 'wörld' });
    let res = await awsFetch(`${server.origin}/prod/json`, { method: 'post', headers: { 'Content-Type': 'application/json' }, body: json });
    assert.equal(res.status, 200);
    assert.equal(last().body, json);
    assert.equal(last().method, 'POST');

    const bytes = new Uint8Array(256).map((_, i) => 255 - i);
    for (const body of [bytes, bytes.buffer, new DataView(bytes.buffer, 16, 32), new Blob([bytes], { type: 'application/x-test' })]) {
      res = await awsFetch(`${server.origin}/prod/bytes`, { method: 'PUT', body });
      assert.equal(res.status, 200, `${body.constructor.name}: ${server.requests.at(-1).verdict.reason}`);
      const expected = body instanceof DataView ? [...bytes.subarray(16, 48)] : [...bytes];
      assert.deepEqual(last().bodyBytes, expected);
    }
    assert.equal(last().headers['content-type'], 'application/x-test');

    res = await awsFetch(`${server.origin}/prod/form`, { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    assert.equal(res.status, 200);
    assert.equal(last().body, 'a=1+2');

    const form = new FormData();
    form.append('name', 'value');
    form.append('file', new Blob(['contents']), 'f.txt');
    res = await awsFetch(`${server.origin}/prod/upload`, { method: 'POST', body: form });
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    assert.match(last().headers['content-type'], /^multipart\/form-data; boundary=/);
  });

  test('unicode path', async () => {
    const res = await awsFetch(`${server.origin}/prod/naïve/日本/a b`);
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    assert.equal(last().target, '/prod/na%C3%AFve/%E6%97%A5%E6%9C%AC/a%20b');
  });

  test('a Request object as input, body included', async () => {
    const request = new Request(`${server.origin}/prod/request?x=1`, {
      method: 'PATCH',
      headers: { 'X-Custom': 'yes' },
      body: 'patch body',
    });
    const res = await awsFetch(request);
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    const record = last();
    assert.equal(record.method, 'PATCH');
    assert.equal(record.body, 'patch body');
    assert.ok(record.verdict.signedHeaders.includes('x-custom'));
  });

  test('session token from an async provider, memoized', async () => {
    let calls = 0;
    const options = {
      ...SCOPE,
      credentials: async () => {
        calls += 1;
        return { accessKeyId: 'ASIATEMPORARY', ...KEYS.ASIATEMPORARY, expiration: new Date(Date.now() + 3600_000) };
      },
    };
    for (let i = 0; i < 3; i += 1) {
      const res = await signedFetch(`${server.origin}/prod/token`, undefined, options);
      assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
      assert.equal(last().headers['x-amz-security-token'], KEYS.ASIATEMPORARY.sessionToken);
    }
    assert.equal(calls, 1);
  });

  test('a presigned URL followed by a plain fetch', async () => {
    const signer = new Signer({ ...SCOPE, credentials: STATIC });
    const { url } = await signer.presign({ url: `${server.origin}/prod/presigned?a=1&b=x y` }, { expiresIn: 60 });
    const res = await fetch(url);
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    assert.equal(last().verdict.presigned, true);
  });

  test('a retry with the same init is signed afresh', async () => {
    const init = { method: 'POST', body: 'again', headers: { 'Content-Type': 'text/plain' } };
    const first = await awsFetch(`${server.origin}/prod/flaky`, init);
    assert.equal(first.status, 503);
    // Re-sending the signed headers of the first attempt must not leave stale ones.
    const second = await awsFetch(`${server.origin}/prod/flaky`, {
      ...init,
      headers: { ...init.headers, Authorization: 'stale', 'X-Amz-Date': '20000101T000000Z', 'X-Amz-Security-Token': 'old' },
    });
    assert.equal(second.status, 200, server.requests.at(-1).verdict.reason);
    const record = last();
    assert.equal(record.headers['x-amz-security-token'], undefined);
    assert.equal(record.body, 'again');
  });

  test('a stream body is refused unless UNSIGNED-PAYLOAD is allowed', async () => {
    const stream = () => new Blob(['streamed']).stream();
    await assert.rejects(
      awsFetch(`${server.origin}/prod/stream`, { method: 'POST', body: stream(), duplex: 'half' }),
      (err) => err instanceof SigV4Error && err.code === 'invalid_payload',
    );
    const unsigned = createSignedFetch({ ...SCOPE, credentials: STATIC, unsignedPayload: true, contentSha256Header: true });
    const res = await unsigned(`${server.origin}/prod/stream`, { method: 'POST', body: stream(), duplex: 'half' });
    assert.equal(res.status, 200, server.requests.at(-1).verdict.reason);
    assert.equal(last().body, 'streamed');
  });

  test('region and service are required for non-AWS hosts', async () => {
    await assert.rejects(
      signedFetch(`${server.origin}/prod/x`, undefined, { credentials: STATIC }),
      (err) => err instanceof SigV4Error && err.code === 'invalid_region' && err.field === 'region',
    );
  });

  test('the server really checks: a wrong secret is refused', async () => {
    const res = await signedFetch(`${server.origin}/prod/x`, undefined, {
      ...SCOPE,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not the secret' },
    });
    assert.equal(res.status, 403);
  });
});
