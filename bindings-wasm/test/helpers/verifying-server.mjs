// A local HTTP server (127.0.0.1, a port chosen at run time) that checks the
// SigV4 signature of every request it receives by recomputing it with
// @smithy/signature-v4, the AWS SDK's signer: an implementation independent
// of ours. Header-signed and presigned requests are both checked, from the
// bytes that arrived on the socket (raw target, raw headers, body).
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';

const PRESIGN_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

/** 20150830T123600Z -> Date */
function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/**
 * Splits a raw query into decoded pairs as API Gateway decodes them: a raw
 * `+` is a space, so a client that sends one for a plus sign fails here as
 * it would there.
 */
function parseQuery(raw) {
  const pairs = [];
  if (!raw) return pairs;
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    const decode = (text) => decodeURIComponent(text.replaceAll('+', ' '));
    pairs.push([decode(key), decode(value)]);
  }
  return pairs;
}

function queryObject(pairs) {
  const query = {};
  for (const [k, v] of pairs) {
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  return query;
}

/** Headers as received, repeated names joined with ',' as SigV4 joins them. */
function rawHeaderMap(rawHeaders) {
  const headers = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return headers;
}

/**
 * Checks one request. `keys` maps access key id -> { secretAccessKey, sessionToken? }.
 * Returns { ok: true, ... } or { ok: false, reason }.
 */
export async function verify({ method, target, rawHeaders, body }, keys, scope) {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  const pairs = parseQuery(rawQuery);
  const headers = rawHeaderMap(rawHeaders);
  const presigned = pairs.some(([k]) => k === 'X-Amz-Signature');

  let credential, signedHeaders, signature, amzDate, expires;
  if (presigned) {
    const get = (name) => pairs.find(([k]) => k === name)?.[1];
    credential = get('X-Amz-Credential');
    signedHeaders = get('X-Amz-SignedHeaders');
    signature = get('X-Amz-Signature');
    amzDate = get('X-Amz-Date');
    expires = Number(get('X-Amz-Expires'));
    if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return { ok: false, reason: 'bad algorithm' };
  } else {
    const auth = headers.authorization;
    if (!auth) return { ok: false, reason: 'no Authorization header' };
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return { ok: false, reason: `malformed Authorization` };
    [, credential, signedHeaders, signature] = m;
    amzDate = headers['x-amz-date'];
  }
  const [accessKeyId, date, region, service, terminator] = (credential ?? '').split('/');
  const secret = keys[accessKeyId];
  if (!secret) return { ok: false, reason: `unknown access key ${accessKeyId}` };
  if (terminator !== 'aws4_request') return { ok: false, reason: 'bad credential scope' };
  if (scope && (region !== scope.region || service !== scope.service)) {
    return { ok: false, reason: `scope ${region}/${service}, expected ${scope.region}/${scope.service}` };
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(date)) return { ok: false, reason: 'bad X-Amz-Date' };
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return { ok: false, reason: 'host not signed' };

  const signedHeaderValues = {};
  for (const name of names) {
    if (name === 'x-amz-date' || (name === 'x-amz-security-token' && !presigned)) continue;
    if (!(name in headers)) return { ok: false, reason: `signed header ${name} not received` };
    signedHeaderValues[name] = headers[name];
  }
  if (!presigned && secret.sessionToken !== undefined && headers['x-amz-security-token'] !== secret.sessionToken) {
    return { ok: false, reason: 'session token missing or wrong' };
  }
  const hostHeader = headers.host ?? '';
  const colon = hostHeader.lastIndexOf(':');
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: colon > 0 && !hostHeader.endsWith(']') ? hostHeader.slice(0, colon) : hostHeader,
    path,
    query: queryObject(pairs.filter(([k]) => !presigned || !PRESIGN_PARAMS.has(k))),
    headers: signedHeaderValues,
    body: body.length ? body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: secret.sessionToken },
    region,
    service,
    sha256: Sha256,
    uriEscapePath: scope?.service !== 's3',
    applyChecksum: false,
  });
  let expected;
  if (presigned) {
    if (!(expires >= 1 && signingDate.getTime() + expires * 1000 >= Date.now())) return { ok: false, reason: 'presigned URL expired' };
    const out = await signer.presign(request, { signingDate, expiresIn: expires, signableHeaders: new Set(names) });
    expected = out.query['X-Amz-Signature'];
  } else {
    const out = await signer.sign(request, { signingDate, signableHeaders: new Set(names) });
    expected = /Signature=([0-9a-f]{64})$/.exec(out.headers.authorization)[1];
  }
  if (expected !== signature) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, presigned, accessKeyId, signedHeaders: names };
}

/**
 * Starts the server. Every request is verified and recorded in `requests`
 * ({ method, target, headers, body, verdict }); the reply is 200 with the
 * record as JSON, or 403 with the reason. `failFirst` paths answer 503 once
 * (after verifying) to exercise retries. Close with `server.close()`.
 */
export async function startServer({ keys, scope, failFirst = [] } = {}) {
  const requests = [];
  const failed = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      let verdict;
      try {
        verdict = await verify({ method: req.method, target: req.url, rawHeaders: req.rawHeaders, body }, keys, scope);
      } catch (err) {
        verdict = { ok: false, reason: `verifier error: ${err.message}` };
      }
      const record = { method: req.method, target: req.url, headers: req.headers, rawHeaders: req.rawHeaders, body: body.toString('utf8'), bodyBytes: [...body], verdict };
      requests.push(record);
      const path = req.url.split('?')[0];
      let status = verdict.ok ? 200 : 403;
      if (verdict.ok && failFirst.includes(path) && !failed.has(path)) {
        failed.add(path);
        status = 503;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status, record }));
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}
