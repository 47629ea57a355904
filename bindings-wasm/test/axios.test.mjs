// The Axios interceptor against a local server that verifies every
// signature with @smithy/signature-v4, with the newest Axios 1.x and the
// oldest we claim (1.1.3).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import axiosLatest from 'axios';
import axiosOldest from 'axios-oldest';
import { Signer, SigV4Error } from 'sigv4kit';
import { sigv4Interceptor } from 'sigv4kit/axios';
import { startServer } from './helpers/verifying-server.mjs';

const SCOPE = { region: 'us-east-1', service: 'execute-api' };
const KEYS = {
  AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  ASIATEMPORARY: { secretAccessKey: 'temporary/secret+key', sessionToken: 'FwoGZXIvYXdzEJr//////////token=' },
};
const STATIC = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: KEYS.AKIDEXAMPLE.secretAccessKey };
const TEMPORARY = async () => ({
  accessKeyId: 'ASIATEMPORARY',
  ...KEYS.ASIATEMPORARY,
  expiration: new Date(Date.now() + 3600_000),
});

for (const [label, ax, passAxios] of [
  ['latest', axiosLatest, false],
  ['oldest claimed', axiosOldest, true],
]) {
  describe(`axios ${ax.VERSION} (${label})`, () => {
    let server;
    before(async () => {
      server = await startServer({ keys: KEYS, scope: SCOPE, failFirst: ['/prod/flaky'] });
    });
    after(() => server.close());

    function client(options = {}) {
      const c = ax.create({ baseURL: `${server.origin}/prod`, validateStatus: () => true, ...options.config });
      c.interceptors.request.use(
        sigv4Interceptor({ ...SCOPE, credentials: STATIC, ...(passAxios ? { axios: ax } : {}), ...options.sign }),
      );
      return c;
    }

    function lastVerdict() {
      const record = server.requests.at(-1);
      assert.ok(record.verdict.ok, `server refused the signature: ${record.verdict.reason}`);
      return record;
    }

    test('GET with params needing encoding, serialized as axios does', async () => {
      const params = { q: 'a b+c/d', 'k:e$y': 'v,w', emoji: '😀', quote: "it's (x)*!", list: ['x', 'y'] };
      const res = await client().get('/items', { params });
      assert.equal(res.status, 200);
      const { target } = lastVerdict();
      // axios' own serializer wrote a space as '+', which API Gateway (and
      // this server) would read as a space, and a plus as %2B: the space goes
      // out as %20, the plus stays %2B; ':$,' are left bare, arrays get [].
      assert.match(target, /q=a%20b%2Bc%2Fd/);
      assert.doesNotMatch(target.split('?')[1], /\+/);
      assert.match(target, /k:e\$y=v,w/);
      assert.match(target, /list(\[\]|%5B%5D)=x&list(\[\]|%5B%5D)=y/);
    });

    test("params {q: 'a b+c'} put no raw + on the wire and verify where + is a space", async () => {
      const res = await client().get('/search', { params: { q: 'a b+c' } });
      assert.equal(res.status, 200, lastVerdictReason(server));
      const { target } = lastVerdict();
      assert.equal(target, '/prod/search?q=a%20b%2Bc');
      // What a server decoding as API Gateway does reads.
      assert.equal(new URLSearchParams(target.split('?')[1]).get('q'), 'a b+c');
    });

    // The fetch adapter exists only in the newest axios.
    if (label.startsWith('latest')) {
      test('the fetch and Node http adapters each get what they send', async () => {
        // Each adapter is handed the URL parsed (WHATWG) as it will send it,
        // a quote as %27, and a space serialized as '+' as %20.
        for (const adapter of ['http', 'fetch']) {
          const res = await client({ config: { adapter } }).get('/quote', { params: { q: "it's", s: 'a b+c' } });
          assert.equal(res.status, 200, `${adapter}: ${lastVerdictReason(server)}`);
          assert.match(lastVerdict().target, /q=it%27s&s=a%20b%2Bc$/);
        }
      });
    }

    test('GET with a custom paramsSerializer', async () => {
      const res = await client().get('/items', {
        params: { b: '2', a: '1 1' },
        paramsSerializer: { serialize: (p) => Object.keys(p).sort().map((k) => `${k}=${encodeURIComponent(p[k])}`).join('&') },
      });
      assert.equal(res.status, 200);
      assert.match(lastVerdict().target, /\?a=1%201&b=2$/);
    });

    test('POST JSON: the body signed is the body transformRequest produced', async () => {
      const data = { hello: 'wörld', n: 1, nested: { list: [1, 2] } };
      const res = await client().post('/items', data);
      assert.equal(res.status, 200);
      const record = lastVerdict();
      assert.equal(record.body, JSON.stringify(data));
      assert.match(record.headers['content-type'], /application\/json/);
    });

    test('PUT bytes', async () => {
      const bytes = new Uint8Array(300).map((_, i) => (i * 7) % 256);
      for (const data of [Buffer.from(bytes), bytes, bytes.buffer, new DataView(bytes.buffer)]) {
        const res = await client().put('/blob', data, { headers: { 'Content-Type': 'application/octet-stream' } });
        assert.equal(res.status, 200, `${data.constructor.name}: ${lastVerdictReason(server)}`);
        assert.deepEqual(lastVerdict().bodyBytes, [...bytes]);
      }
    });

    test('POST a string, URLSearchParams and FormData', async () => {
      let res = await client().post('/text', 'plain text ✓', { headers: { 'Content-Type': 'text/plain' } });
      assert.equal(res.status, 200);
      assert.equal(lastVerdict().body, 'plain text ✓');
      res = await client().post('/form', new URLSearchParams({ a: '1 2', b: 'ü' }));
      assert.equal(res.status, 200);
      assert.equal(lastVerdict().body, 'a=1+2&b=%C3%BC');
      const form = new FormData();
      form.append('field', 'value');
      form.append('file', new Blob(['file body']), 'a.txt');
      res = await client().post('/upload', form);
      assert.equal(res.status, 200, lastVerdictReason(server));
      const record = lastVerdict();
      assert.match(record.headers['content-type'], /^multipart\/form-data; boundary=/);
      assert.match(record.body, /file body/);
    });

    test('unicode and reserved characters in the path', async () => {
      const res = await client().get('/héllo wörld/ü/a+b(c)');
      assert.equal(res.status, 200, lastVerdictReason(server));
      assert.match(lastVerdict().target, /^\/prod\/h%C3%A9llo%20w%C3%B6rld\/%C3%BC\/a\+b\(c\)$/);
    });

    test('temporary credentials from an async provider send and sign the session token', async () => {
      const res = await client({ sign: { credentials: TEMPORARY } }).get('/whoami');
      assert.equal(res.status, 200, lastVerdictReason(server));
      const record = lastVerdict();
      assert.equal(record.headers['x-amz-security-token'], KEYS.ASIATEMPORARY.sessionToken);
      assert.ok(record.verdict.signedHeaders.includes('x-amz-security-token'));
    });

    test('a presigned URL followed by a plain GET', async () => {
      const signer = new Signer({ ...SCOPE, credentials: STATIC });
      const { url } = await signer.presign({ method: 'GET', url: `${server.origin}/prod/shared?name=a b` }, { expiresIn: 300 });
      const res = await ax.get(url, { validateStatus: () => true });
      assert.equal(res.status, 200, lastVerdictReason(server));
      assert.equal(lastVerdict().verdict.presigned, true);
    });

    test('a retry is signed afresh, with no stale headers and no second transform', async () => {
      const c = client();
      c.interceptors.response.use((res) => {
        if (res.status === 503 && !res.config.retried) {
          res.config.retried = true;
          return c.request(res.config);
        }
        return res;
      });
      const before = server.requests.length;
      const res = await c.post('/flaky', { attempt: 'same body' });
      assert.equal(res.status, 200);
      const attempts = server.requests.slice(before);
      assert.equal(attempts.length, 2);
      for (const a of attempts) {
        assert.ok(a.verdict.ok, a.verdict.reason);
        assert.equal(a.body, '{"attempt":"same body"}');
        assert.equal(a.rawHeaders.filter((h) => h.toLowerCase() === 'authorization').length, 1);
      }
    });

    test('stale Authorization, X-Amz-Date and token headers are replaced', async () => {
      const res = await client().get('/stale', {
        headers: { Authorization: 'AWS4-HMAC-SHA256 stale', 'X-Amz-Date': '20000101T000000Z', 'X-Amz-Security-Token': 'old' },
      });
      assert.equal(res.status, 200, lastVerdictReason(server));
      const record = lastVerdict();
      assert.equal(record.headers['x-amz-security-token'], undefined);
      assert.notEqual(record.headers['x-amz-date'], '20000101T000000Z');
    });

    test('a Host header set by the caller is the one signed', async () => {
      const res = await client().get('/host', { headers: { Host: 'api.example.com' } });
      assert.equal(res.status, 200, lastVerdictReason(server));
      assert.equal(lastVerdict().headers.host, 'api.example.com');
    });

    test('a stream body is refused unless UNSIGNED-PAYLOAD is allowed', async () => {
      await assert.rejects(
        client().post('/stream', Readable.from(['chunk'])),
        (err) => err instanceof SigV4Error && err.code === 'invalid_payload',
      );
      const res = await client({ sign: { unsignedPayload: true, contentSha256Header: true } }).post(
        '/stream',
        Readable.from(['chunk']),
        { headers: { 'Content-Type': 'application/octet-stream' } },
      );
      assert.equal(res.status, 200, lastVerdictReason(server));
      assert.equal(lastVerdict().headers['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
    });

    test('a wrong key is refused by the server (the check is real)', async () => {
      const res = await client({ sign: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wrong' } } }).get('/x');
      assert.equal(res.status, 403);
      assert.equal(server.requests.at(-1).verdict.reason, 'signature mismatch');
    });
  });
}

describe('sigv4Interceptor without a server', () => {
  const interceptor = sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials: STATIC });

  test('a config whose headers are still in per-method buckets is merged, then signed', async () => {
    const config = await interceptor({
      url: 'https://api.example.com/items',
      method: 'post',
      data: 'x',
      headers: { common: { Accept: 'application/json', 'X-Both': 'common' }, post: { 'Content-Type': 'text/plain', 'X-Both': 'post' }, get: { 'X-Get': 'no' }, 'X-Own': 'yes' },
    });
    const h = config.headers.toJSON ? config.headers.toJSON() : config.headers;
    assert.equal(h['Content-Type'], 'text/plain');
    assert.equal(h['X-Both'], 'post');
    assert.equal(h['X-Own'], 'yes');
    assert.equal(h.common, undefined);
    assert.equal(h['X-Get'], undefined);
    assert.match(h.Authorization, /SignedHeaders=accept;content-type;host;x-amz-date;x-both;x-own,/);
  });

  test('config.auth is refused: it would replace the signature', async () => {
    await assert.rejects(
      interceptor({ url: 'https://api.example.com/', method: 'get', auth: { username: 'u', password: 'p' } }),
      (err) => err instanceof SigV4Error && err.code === 'invalid_header',
    );
  });

  test('region and service are inferred from an AWS host', async () => {
    const inferred = sigv4Interceptor({ credentials: STATIC });
    const config = await inferred({ url: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod/x', method: 'get', headers: {} });
    assert.match(config.headers.Authorization, /\/eu-west-3\/execute-api\/aws4_request/);
    await assert.rejects(inferred({ url: 'https://example.com/', method: 'get' }), { code: 'invalid_region' });
  });
});

function lastVerdictReason(server) {
  return server.requests.at(-1)?.verdict.reason ?? '';
}
