// The Signer API: request shapes, options, bad input, secrets kept out of
// every printed form, and cross-checks against @smithy/signature-v4.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Signer, Credentials, SigV4Error, PayloadHasher, inferScope, isReady } from 'sigv4kit';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW';
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };
const DATE = '2015-08-30T12:36:00Z';

function signer(options = {}) {
  return new Signer({ region: 'us-east-1', service: 'service', credentials: CREDS, ...options });
}

/** The signature @smithy/signature-v4 computes for the same request. */
async function smithySignature({ method = 'GET', host, path, query = {}, headers = {}, body, service = 'service', token, presign, uriEscapePath = true }) {
  const sv4 = new SignatureV4({
    credentials: { ...CREDS, sessionToken: token },
    region: 'us-east-1',
    service,
    sha256: Sha256,
    uriEscapePath,
    applyChecksum: false,
  });
  const request = new HttpRequest({ method, protocol: 'https:', hostname: host, path, query, headers: { host, ...headers }, body });
  if (presign) {
    const out = await sv4.presign(request, { signingDate: new Date(DATE), expiresIn: presign });
    return out.query['X-Amz-Signature'];
  }
  const out = await sv4.sign(request, { signingDate: new Date(DATE) });
  return /Signature=(\w+)/.exec(out.headers.authorization)[1];
}

describe('Signer', () => {
  test('the engine loads synchronously in Node', () => {
    assert.equal(isReady(), true);
  });

  test('agrees with @smithy/signature-v4 on a range of requests', async () => {
    const cases = [
      { path: '/', query: {} },
      { path: '/prod/pets', query: { type: 'dog', page: '2' }, headers: { 'x-custom': '  a   b  ' } },
      { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: '{"a":"ü"}' },
      { method: 'PUT', path: '/bin', body: new Uint8Array([0, 1, 2, 255]) },
      { path: '/a%20b/%C3%BC', query: { 'key with space': 'value/with+plus', empty: '' } },
      { path: '/', query: { list: ['b', 'a'] }, token: TOKEN },
      { path: '/presign', query: { x: '1' }, presign: 300 },
      { path: '/presign', presign: 86400, token: TOKEN },
      { path: '/bucket/a%2Fb.txt', service: 's3', uriEscapePath: false, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      // Text that takes more bytes than UTF-16 units, and bodies larger than
      // the engine's input buffer so far: the request is written into wasm
      // memory in place, and the buffer must grow mid-write.
      { method: 'POST', path: '/ü', headers: { 'x-name': 'Zoë ☃ 𝄞' }, body: 'é😀'.repeat(50000) },
      { method: 'PUT', path: '/big', body: new Uint8Array(300000).map((_, i) => i % 251) },
      { path: '/presign/ü', query: { 'q': '☃' }, headers: { 'x-name': '𝄞' }, presign: 60 },
    ];
    for (const c of cases) {
      const host = 'example.amazonaws.com';
      const search = Object.entries(c.query ?? {})
        .flatMap(([k, v]) => [].concat(v).map((item) => `${encodeURIComponent(k)}=${encodeURIComponent(item)}`))
        .join('&');
      const target = c.path + (search ? `?${search}` : '');
      const s = signer({
        service: c.service ?? 'service',
        credentials: { ...CREDS, sessionToken: c.token },
        ...(c.service === 's3' ? { contentSha256Header: false } : {}),
      });
      const request = { method: c.method ?? 'GET', target, headers: [['Host', host], ...Object.entries(c.headers ?? {})], body: c.body };
      const options = { signingDate: DATE, ...(c.service === 's3' ? { payloadHash: 'UNSIGNED-PAYLOAD' } : {}) };
      const ours = c.presign ? s.presignSync(request, { ...options, expiresIn: c.presign }) : s.signSync(request, options);
      assert.equal(ours.signature, await smithySignature({ ...c, host }), target);
    }
  });

  test('non-ASCII header values come back whole, in the canonical request and the headers', () => {
    const s = signer();
    const headers = [['Host', 'example.com'], ['X-Name', 'Zoë ☃ 𝄞'], ['X-Amz-Date', 'stale']];
    const out = s.signSync({ target: '/', headers }, { signingDate: DATE, debug: true });
    assert.equal(
      out.canonicalRequest,
      'GET\n/\n\nhost:example.com\nx-amz-date:20150830T123600Z\nx-name:Zoë ☃ 𝄞\n\nhost;x-amz-date;x-name\n' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(out.stringToSign.split('\n').slice(0, 3).join('\n'), 'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request');
    assert.deepEqual(out.headerList.slice(0, 2), [['Host', 'example.com'], ['X-Name', 'Zoë ☃ 𝄞']], 'the stale X-Amz-Date is dropped');
    assert.equal(out.headers['X-Amz-Date'], '20150830T123600Z');
    assert.match(out.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/service\/aws4_request, SignedHeaders=host;x-amz-date;x-name, Signature=[0-9a-f]{64}$/);
    assert.equal(out.authorization.slice(-64), out.signature);
  });

  test('a url gives the Host (with a non-default port) and the encoded target', () => {
    const s = signer();
    const a = s.signSync({ url: 'https://example.com:8443/a b/ü?x=y z#frag' }, { signingDate: DATE, debug: true });
    assert.match(a.canonicalRequest, /\nhost:example\.com:8443\n/);
    assert.equal(a.target, '/a%20b/%C3%BC?x=y%20z');
    assert.equal(a.url, 'https://example.com:8443/a%20b/%C3%BC?x=y%20z');
    assert.equal(a.headers.Host, undefined, 'a Host derived from the URL is not listed (fetch refuses it)');
    const b = s.signSync({ url: 'https://example.com:443/' }, { signingDate: DATE, debug: true });
    assert.match(b.canonicalRequest, /\nhost:example\.com\n/);
    const c = s.signSync({ url: 'https://10.0.0.1/', headers: { host: 'api.example.com' } }, { signingDate: DATE, debug: true });
    assert.match(c.canonicalRequest, /\nhost:api\.example\.com\n/);
    assert.equal(c.headers.host, 'api.example.com');
  });

  test('every header and body shape signs the same request the same way', () => {
    const s = signer();
    const signature = (headers, body) =>
      s.signSync({ method: 'POST', url: 'https://example.com/p', headers, body }, { signingDate: DATE }).signature;
    const text = 'héllo=wörld&x=1';
    const bytes = new TextEncoder().encode(text);
    const expected = signature({ 'Content-Type': 'text/plain', 'X-Multi': ['a', 'b'] }, text);
    assert.equal(signature([['content-type', 'text/plain'], ['x-multi', 'a'], ['x-multi', 'b']], bytes), expected);
    assert.equal(signature(new Map([['Content-Type', 'text/plain'], ['X-Multi', 'a,b']]), bytes.buffer), expected);
    assert.equal(signature(new Headers([['content-type', 'text/plain'], ['x-multi', 'a,b']]), Buffer.from(bytes)), expected);
    // A Headers joins repeated names with ", ", as fetch then sends them: another value.
    assert.notEqual(signature(new Headers([['content-type', 'text/plain'], ['x-multi', 'a'], ['x-multi', 'b']]), bytes), expected);
    assert.equal(signature({ 'content-type': 'text/plain', 'x-multi': 'a,b' }, new DataView(bytes.buffer)), expected);
    const params = new URLSearchParams({ a: 'b c' });
    assert.equal(signature({}, params), signature({}, 'a=b+c'));
  });

  test('sign and signSync agree; results carry the headers to send', async () => {
    const s = signer({ credentials: { ...CREDS, sessionToken: TOKEN } });
    const request = { method: 'GET', url: 'https://example.com/', headers: { 'X-Amz-Date': 'stale', 'x-keep': '1' } };
    const a = await s.sign(request, { signingDate: DATE });
    const b = s.signSync(request, { signingDate: DATE });
    assert.deepEqual(a, b);
    assert.deepEqual(Object.keys(a.headers), ['x-keep', 'X-Amz-Date', 'X-Amz-Security-Token', 'Authorization']);
    assert.equal(a.headers['X-Amz-Date'], '20150830T123600Z');
    assert.equal(a.headers.Authorization, a.authorization);
    assert.ok(a.authorization.endsWith(a.signature));
    assert.equal(a.canonicalRequest, undefined, 'debug strings only on request');
  });

  test('S3 defaults, and every option under its JS name', () => {
    assert.deepEqual(signer({ service: 's3' }).settings, {
      algorithm: 'AWS4-HMAC-SHA256',
      doubleEncodePath: false,
      normalizePath: false,
      contentSha256Header: true,
      omitSessionToken: false,
      unsignedPayload: false,
    });
    assert.deepEqual(signer().settings, {
      algorithm: 'AWS4-HMAC-SHA256',
      doubleEncodePath: true,
      normalizePath: true,
      contentSha256Header: false,
      omitSessionToken: false,
      unsignedPayload: false,
    });
    // A target, as a URL would have its dot segments resolved by the WHATWG parser.
    const path = { target: '/a/../b%20c//d', headers: [['Host', 'example.com']] };
    const creq = (options, signOptions = {}) => signer(options).signSync(path, { signingDate: DATE, debug: true, ...signOptions }).canonicalRequest.split('\n');
    assert.equal(creq({})[1], '/b%2520c/d');
    assert.equal(creq({ normalizePath: false, doubleEncodePath: false })[1], '/a/../b%20c//d');
    assert.equal(creq({ contentSha256Header: true }).at(-1), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.ok(creq({ contentSha256Header: true }).includes('x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'));
    assert.equal(creq({ unsignedPayload: true }).at(-1), 'UNSIGNED-PAYLOAD');
    assert.equal(creq({}, { unsignedPayload: true }).at(-1), 'UNSIGNED-PAYLOAD');
    const token = signer({ omitSessionToken: true, credentials: { ...CREDS, sessionToken: TOKEN } }).signSync(path, { signingDate: DATE, debug: true });
    assert.ok(!token.canonicalRequest.includes('x-amz-security-token'));
    assert.equal(token.headers['X-Amz-Security-Token'], TOKEN);
  });

  test('presign puts the signature in the URL', async () => {
    const s = signer({ credentials: { ...CREDS, sessionToken: TOKEN } });
    const p = await s.presign({ url: 'https://example.com/obj?a=1' }, { signingDate: DATE, expiresIn: 600 });
    const url = new URL(p.url);
    assert.equal(url.searchParams.get('a'), '1');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '600');
    assert.equal(url.searchParams.get('X-Amz-Security-Token'), TOKEN);
    assert.equal(url.searchParams.get('X-Amz-Signature'), p.signature);
    assert.deepEqual(p.headers, {});
    assert.equal(p.authorization, undefined);
    const def = await s.presign({ url: 'https://example.com/' }, { signingDate: DATE });
    // The core's default lifetime, as botocore and the AWS CLI.
    assert.equal(new URL(def.url).searchParams.get('X-Amz-Expires'), '3600');
  });

  test('the signing date may be a Date, milliseconds or an RFC 3339 string', () => {
    const s = signer();
    const sig = (signingDate) => s.signSync({ url: 'https://example.com/' }, { signingDate }).signature;
    const expected = sig(DATE);
    assert.equal(sig(new Date(DATE)), expected);
    assert.equal(sig(Date.parse(DATE) + 999), expected);
    const now = s.signSync({ url: 'https://example.com/' });
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    assert.ok(now.headers['X-Amz-Date'].startsWith(today));
  });

  test('a payload hash from PayloadHasher signs like the whole body', () => {
    const body = 'x'.repeat(100_000);
    const hasher = new PayloadHasher();
    for (let i = 0; i < body.length; i += 7000) hasher.update(body.slice(i, i + 7000));
    const digest = hasher.digest();
    assert.match(digest, /^[0-9a-f]{64}$/);
    const s = signer();
    const req = { method: 'PUT', url: 'https://example.com/big', body };
    assert.equal(
      s.signSync({ ...req, body: undefined }, { signingDate: DATE, payloadHash: digest }).signature,
      s.signSync(req, { signingDate: DATE }).signature,
    );
    assert.equal(new PayloadHasher().update(new Uint8Array([97, 98, 99])).digest(), new PayloadHasher().update('abc').digest());
    assert.throws(() => hasher.digest(), { code: 'invalid_payload' });
  });

  test('bad input is refused with the conformance code and the field, never a value', async () => {
    const refuse = (fn, code, field) => {
      assert.throws(fn, (err) => {
        assert.ok(err instanceof SigV4Error, `expected SigV4Error, got ${err}`);
        assert.ok(err instanceof Error);
        assert.equal(err.code, code, err.message);
        if (field) assert.equal(err.field, field, err.message);
        assert.ok(!err.message.includes(SECRET) && !err.message.includes('hunter2'), err.message);
        return true;
      });
    };
    const s = signer();
    const at = { signingDate: DATE };
    refuse(() => s.signSync({ method: 'GE T', url: 'https://example.com/' }, at), 'invalid_method', 'method');
    refuse(() => s.signSync({ method: 'GET', target: 'no-slash', headers: [['Host', 'h']] }, at), 'invalid_target', 'target');
    refuse(() => s.signSync({ url: 'ftp://example.com/' }, at), 'invalid_target', 'url');
    refuse(() => s.signSync({ url: 'not a url' }, at), 'invalid_target', 'url');
    refuse(() => s.signSync({ url: 'https://user:hunter2@example.com/' }, at), 'invalid_target', 'url');
    refuse(() => s.signSync({ url: 'https://example.com/', headers: { 'X-Secret': 'hunter2\r\nX-Injected: 1' } }, at), 'invalid_header', 'headers');
    refuse(() => s.signSync({ url: 'https://example.com/', headers: { 'X-Secret': 'hunter2\0' } }, at), 'invalid_header', 'headers');
    refuse(() => s.signSync({ url: 'https://example.com/', headers: { 'Bad Name': 'v' } }, at), 'invalid_header', 'headers');
    refuse(() => s.signSync({ url: 'https://example.com/', headers: { 'X-Obj': { a: 1 } } }, at), 'invalid_header', 'headers');
    refuse(() => s.signSync({ url: 'https://example.com/', body: { a: 1 } }, at), 'invalid_payload', 'body');
    refuse(() => s.signSync({ url: 'https://example.com/', body: new Blob(['x']) }, at), 'invalid_payload', 'body');
    refuse(() => s.signSync({ url: 'https://example.com/' }, { payloadHash: 'ABC' }), 'invalid_payload', 'payload');
    refuse(() => s.signSync({ url: 'https://example.com/' }, { signingDate: '2015-08-30T12:36:00+02:00' }), 'invalid_timestamp', 'timestamp');
    refuse(() => s.signSync({ url: 'https://example.com/' }, { signingDate: Number.NaN }), 'invalid_timestamp', 'timestamp');
    refuse(() => s.signSync({ url: 'https://example.com/' }, { signingDate: {} }), 'invalid_timestamp', 'timestamp');
    for (const expiresIn of [0, -5, 604801, 1.5, Number.POSITIVE_INFINITY]) {
      refuse(() => s.presignSync({ url: 'https://example.com/' }, { expiresIn }), 'invalid_expiry', 'expires_in');
    }
    s.presignSync({ url: 'https://example.com/' }, { expiresIn: 604800 });
    refuse(() => signer({ region: '' }), 'invalid_region', 'region');
    refuse(() => signer({ region: 'us east' }), 'invalid_region', 'region');
    refuse(() => signer({ region: 42 }), 'invalid_region', 'region');
    refuse(() => signer({ service: 'a/b' }), 'invalid_service', 'service');
    refuse(() => signer({ normalizePath: 'yes' }), 'invalid_target', 'normalizePath');
    refuse(() => signer({ credentials: { accessKeyId: '', secretAccessKey: SECRET } }), 'invalid_credentials', 'access_key_id');
    refuse(() => signer({ credentials: { accessKeyId: 'AKID', secretAccessKey: '' } }), 'invalid_credentials', 'secret_access_key');
    refuse(() => signer({ credentials: { accessKeyId: 'AKID', secretAccessKey: SECRET, sessionToken: 'a\nb' } }), 'invalid_credentials', 'session_token');
    refuse(() => signer({ credentials: { accessKeyId: 'AKID', secretAccessKey: SECRET, expiration: 'soon' } }), 'invalid_credentials', 'expiration');
    refuse(() => signer({ credentials: 'AKID:secret' }), 'invalid_credentials', 'credentials');
    const lazy = signer({ credentials: async () => CREDS });
    refuse(() => lazy.signSync({ url: 'https://example.com/' }), 'invalid_credentials', 'credentials');
    await lazy.sign({ url: 'https://example.com/' });
    lazy.signSync({ url: 'https://example.com/' }); // the provider's answer is now known
  });

  test('credentials and signers never show the secret or the token', () => {
    const credentials = new Credentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: 0 });
    const s = signer({ credentials });
    const plain = signer({ credentials: { ...CREDS, sessionToken: TOKEN } });
    for (const value of [credentials, s, plain]) {
      for (const shown of [inspect(value, { showHidden: true, depth: 5 }), String(value), `${value}`, JSON.stringify(value), JSON.stringify({ value })]) {
        assert.ok(!shown.includes(SECRET), shown);
        assert.ok(!shown.includes(TOKEN), shown);
        assert.ok(shown.includes('AKIDEXAMPLE'), shown);
      }
    }
    assert.deepEqual(Object.keys(credentials), ['accessKeyId', 'expiration']);
    // Still readable on purpose, for handing to AWS SDK clients.
    assert.equal(credentials.secretAccessKey, SECRET);
    assert.equal(credentials.sessionToken, TOKEN);
    assert.equal(credentials.expiration.getTime(), 0);
  });

  test('region and service are inferred from AWS host names', () => {
    const cases = {
      'abc123.execute-api.us-west-2.amazonaws.com': ['us-west-2', 'execute-api'],
      'sts.amazonaws.com': ['us-east-1', 'sts'],
      'dynamodb.eu-central-1.amazonaws.com:443': ['eu-central-1', 'dynamodb'],
      'bucket.s3.ap-south-1.amazonaws.com': ['ap-south-1', 's3'],
      'bucket.s3-us-west-1.amazonaws.com': ['us-west-1', 's3'],
      'bucket.s3.amazonaws.com': ['us-east-1', 's3'],
      'xyz.lambda-url.eu-west-1.on.aws': ['eu-west-1', 'lambda'],
      'sts.cn-north-1.amazonaws.com.cn': ['cn-north-1', 'sts'],
      'es.us-gov-west-1.amazonaws.com': ['us-gov-west-1', 'es'],
    };
    for (const [host, [region, service]] of Object.entries(cases)) assert.deepEqual(inferScope(host), { region, service }, host);
    assert.equal(inferScope('example.com'), undefined);
    assert.equal(inferScope('127.0.0.1:8080'), undefined);
  });
});

// The AWS S3 documentation's presigned-URL example. The expected URL is what
// botocore 1.44.5's S3SigV4QueryAuth produced for the same inputs
// (AWSRequest GET of the URL, botocore.auth.get_current_datetime patched to
// 2013-05-24T00:00:00Z, expires=86400); its signature is the one the S3
// documentation ("Authenticating Requests: Using Query Parameters") gives.
const S3_DOC_PRESIGNED_URL =
  'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z' +
  '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
  '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

describe('the core\'s defaults', () => {
  const docKeys = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  test('an S3 presigned URL is botocore\'s (UNSIGNED-PAYLOAD)', async () => {
    const s3 = new Signer({ region: 'us-east-1', service: 's3', credentials: docKeys });
    const p = await s3.presign(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt' },
      { signingDate: new Date('2013-05-24T00:00:00Z'), expiresIn: 86400, debug: true },
    );
    assert.equal(p.url, S3_DOC_PRESIGNED_URL);
    assert.match(p.canonicalRequest, /\nUNSIGNED-PAYLOAD$/);
    // An explicit choice still wins.
    const hashed = s3.presignSync({ url: 'https://examplebucket.s3.amazonaws.com/test.txt' }, { signingDate: DATE, unsignedPayload: false, debug: true });
    assert.match(hashed.canonicalRequest, /\ne3b0c442[0-9a-f]{56}$/);
    // Other services hash the body of a presigned URL.
    const other = signer().presignSync({ url: 'https://example.com/' }, { signingDate: DATE, debug: true });
    assert.match(other.canonicalRequest, /\ne3b0c442[0-9a-f]{56}$/);
  });

  test('presigning drops a stale Authorization header, as the core says', () => {
    const p = signer().presignSync(
      { url: 'https://example.com/', headers: { Authorization: 'AWS4-HMAC-SHA256 stale', 'X-Custom': 'kept' } },
      { signingDate: DATE },
    );
    assert.deepEqual(p.headerList, [['X-Custom', 'kept']]);
    assert.deepEqual(p.headers, { 'X-Custom': 'kept' });
  });

  test('repeated headers are joined with "," as signed', async () => {
    const s = signer({ credentials: CREDS });
    const signed = s.signSync({ url: 'https://example.com/', headers: [['X-A', 'one'], ['X-A', 'two']] }, { signingDate: DATE, debug: true });
    assert.equal(signed.headers['X-A'], 'one,two');
    assert.match(signed.canonicalRequest, /\nx-a:one,two\n/);
    // The joined value sent as one header signs the same.
    const joined = s.signSync({ url: 'https://example.com/', headers: { 'X-A': signed.headers['X-A'] } }, { signingDate: DATE });
    assert.equal(joined.signature, signed.signature);
  });

  test('a URL goes out with no raw + in its query; a target byte for byte', async () => {
    const s = signer();
    const signed = s.signSync({ url: 'https://example.com/a+b?q=a b+c&r=%2B' }, { signingDate: DATE, debug: true });
    assert.equal(signed.url, 'https://example.com/a+b?q=a%20b%20c&r=%2B');
    assert.equal(signed.target, '/a+b?q=a%20b%20c&r=%2B');
    assert.match(signed.canonicalRequest, /\nq=a%20b%20c&r=%2B\n/);
    const exact = s.signSync({ target: '/?q=a+b', headers: { Host: 'example.com' } }, { signingDate: DATE, debug: true });
    assert.equal(exact.target, '/?q=a+b');
    assert.match(exact.canonicalRequest, /\nq=a%2Bb\n/);
  });
});
