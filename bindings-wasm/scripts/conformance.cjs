#!/usr/bin/env node
// The Node conformance runner (see CONFORMANCE.md): one JSON case per line on
// stdin, one result line each on stdout, through the package's public API
// (`require('sigv4kit')`, resolved through its own exports map).
'use strict';
const readline = require('node:readline');
const { Signer, SigV4Error, verifyRequest, SignatureVerificationError, explainMismatch, signChunked } = require('sigv4kit');
// SigV4a cases go through the entry a SigV4a user imports, loaded on the
// first such case. The name is a variable so that a bundler leaves the
// require alone: a bundle of this runner for an engine without SigV4a (the
// wasm2js one) then still builds, and refuses only SigV4a cases.
const SIGV4A_ENTRY = 'sigv4kit/sigv4a';
let SigV4aSigner;
const sigv4aSigner = () => (SigV4aSigner ??= require(SIGV4A_ENTRY).Signer);

class BadCase extends Error {}

function str(obj, key, what) {
  const value = obj == null ? undefined : obj[key];
  if (typeof value !== 'string') throw new BadCase(`missing ${what}`);
  return value;
}

function bool(obj, key, fallback) {
  const value = obj[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new BadCase('a boolean option has another type');
  return value;
}

// A `defaults` case: only what a user gives, through `new Signer({region,
// service, credentials})` and `sign`/`presign` of a URL; prints what goes on
// the wire (the Host comes from the URL, as every HTTP client sends it).
function runDefaults(c) {
  const creds = c.credentials;
  if (creds === null || typeof creds !== 'object') throw new BadCase('missing credentials');
  const signer = new Signer({
    region: str(c, 'region', 'region'),
    service: str(c, 'service', 'service'),
    credentials: {
      accessKeyId: str(creds, 'access_key_id', 'credentials.access_key_id'),
      secretAccessKey: str(creds, 'secret_access_key', 'credentials.secret_access_key'),
      sessionToken: creds.session_token ?? undefined,
    },
  });
  const request = { method: str(c, 'method', 'method'), url: str(c, 'url', 'url'), headers: c.headers ?? [] };
  if (c.body_base64) request.body = Buffer.from(c.body_base64, 'base64');
  const options = { signingDate: str(c, 'timestamp', 'timestamp') };
  if (c.expires_in !== undefined) options.expiresIn = c.expires_in;
  const signed = bool(c, 'presign', false) ? signer.presignSync(request, options) : signer.signSync(request, options);
  const headers = signed.headerList.map(([n, v]) => [n.toLowerCase(), v]);
  if (!headers.some(([n]) => n === 'host')) headers.push(['host', new URL(signed.url).host]);
  headers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { id: c.id, method: signed.method, url: signed.url, headers };
}

// A `diagnose` case: `explainMismatch(signed, responseBody)` with the two
// strings a `SignedRequest` from `sign(…, { debug: true })` carries.
function runDiagnose(c) {
  const signed = { canonicalRequest: str(c, 'canonical_request', 'canonical_request'), stringToSign: str(c, 'string_to_sign', 'string_to_sign') };
  const d = explainMismatch(signed, str(c, 'body', 'body'));
  return {
    id: c.id,
    diagnosis: {
      finding: d.finding,
      part: d.part,
      line: d.line ?? null,
      expected: d.expected ?? null,
      signed: d.signed ?? null,
      error_code: d.errorCode ?? null,
      cause: d.cause,
      hint: d.hint,
      text: String(d),
    },
  };
}

// A `chunked` case: `new Signer({region, service, credentials})` and
// `signChunked`, the body written to the encoder in 10000-byte pieces;
// prints the head as sent and the framed body.
async function runChunked(c) {
  const creds = c.credentials;
  const spec = c.chunked;
  const req = c.request;
  if (creds === null || typeof creds !== 'object' || spec === null || typeof spec !== 'object' || req === null || typeof req !== 'object') {
    throw new BadCase('missing credentials, chunked or request');
  }
  const signer = new Signer({
    region: str(c, 'region', 'region'),
    service: str(c, 'service', 'service'),
    credentials: {
      accessKeyId: str(creds, 'access_key_id', 'credentials.access_key_id'),
      secretAccessKey: str(creds, 'secret_access_key', 'credentials.secret_access_key'),
      sessionToken: creds.session_token ?? undefined,
    },
  });
  const body = Buffer.from(req.body_base64 ?? '', 'base64');
  const options = { decodedLength: body.length, mode: spec.mode, chunkSize: spec.chunk_size, signingDate: str(c, 'timestamp', 'timestamp') };
  if (spec.checksum !== null && spec.checksum !== undefined) options.checksum = spec.checksum;
  const upload = await signChunked(signer, { method: str(req, 'method', 'request.method'), target: str(req, 'target', 'request.target'), headers: req.headers ?? [] }, options);
  const parts = [];
  for (let at = 0; at < body.length; at += 10000) parts.push(upload.encoder.write(body.subarray(at, at + 10000)));
  parts.push(upload.encoder.finish());
  return {
    id: c.id,
    signed_request: { method: upload.method, target: upload.target, headers: upload.headerList },
    body_base64: Buffer.concat(parts).toString('base64'),
  };
}

function run(c) {
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new BadCase('the line is not a JSON object');
  if (!('id' in c)) throw new BadCase('missing id');
  if (c.op === 'defaults') return runDefaults(c);
  if (c.op === 'diagnose') return runDiagnose(c);
  const algorithm = c.algorithm ?? 'AWS4-HMAC-SHA256';
  if (algorithm !== 'AWS4-HMAC-SHA256' && algorithm !== 'AWS4-ECDSA-P256-SHA256') {
    throw new BadCase('unsupported algorithm: AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256');
  }
  const location = c.signature_location ?? 'headers';
  if (location !== 'headers' && location !== 'query') throw new BadCase('signature_location must be headers or query');
  const creds = c.credentials;
  if (creds === null || typeof creds !== 'object') throw new BadCase('missing credentials');
  const token = creds.session_token;
  if (token !== undefined && token !== null && typeof token !== 'string') throw new BadCase('session_token must be a string or null');
  const credentials = {
    accessKeyId: str(creds, 'access_key_id', 'credentials.access_key_id'),
    secretAccessKey: str(creds, 'secret_access_key', 'credentials.secret_access_key'),
    sessionToken: token ?? undefined,
  };
  const region = str(c, 'region', 'region');
  const service = str(c, 'service', 'service');
  const timestamp = str(c, 'timestamp', 'timestamp');
  const req = c.request;
  if (req === null || typeof req !== 'object') throw new BadCase('missing request');
  const method = str(req, 'method', 'request.method');
  const target = str(req, 'target', 'request.target');
  const headers = req.headers ?? [];
  if (!Array.isArray(headers)) throw new BadCase('request.headers must be a list of pairs');
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new BadCase('each header must be a [name, value] pair of strings');
    }
  }
  const b64 = req.body_base64 ?? '';
  if (typeof b64 !== 'string') throw new BadCase('request.body_base64 must be a string');
  const body = Buffer.from(b64, 'base64');

  const options = { signingDate: timestamp, debug: true };
  const mode = (c.payload && c.payload.mode) ?? 'hash';
  if (mode === 'unsigned') options.unsignedPayload = true;
  else if (mode === 'precomputed') options.payloadHash = str(c.payload, 'value', 'payload.value');
  else if (mode === 'hash') options.unsignedPayload = false; // explicit: the case chose the hash
  else throw new BadCase('payload.mode must be hash, unsigned or precomputed');

  const signer = new (algorithm === 'AWS4-HMAC-SHA256' ? Signer : sigv4aSigner())({
    region,
    service,
    credentials,
    algorithm,
    normalizePath: bool(c, 'normalize_path', true),
    doubleEncodePath: bool(c, 'double_encode_path', true),
    contentSha256Header: bool(c, 'content_sha256_header', false),
    omitSessionToken: bool(c, 'omit_session_token', false),
  });
  const request = { method, target, headers, body };
  let signed;
  if (location === 'query') {
    const expiresIn = c.expires_in ?? 3600;
    signed = signer.presignSync(request, { ...options, expiresIn });
  } else {
    signed = signer.signSync(request, options);
  }
  return {
    id: c.id,
    canonical_request: signed.canonicalRequest,
    string_to_sign: signed.stringToSign,
    signature: signed.signature,
    signed_request: { method: signed.method, target: signed.target, headers: signed.headerList },
  };
}

// The post_policy operation: a presigned S3 POST through `Signer.presignPost`.
async function runPostPolicy(c) {
  const creds = c.credentials;
  if (creds === null || typeof creds !== 'object') throw new BadCase('missing credentials');
  const signer = new Signer({
    region: str(c, 'region', 'region'),
    service: 's3',
    credentials: {
      accessKeyId: str(creds, 'access_key_id', 'credentials.access_key_id'),
      secretAccessKey: str(creds, 'secret_access_key', 'credentials.secret_access_key'),
      sessionToken: creds.session_token ?? undefined,
    },
  });
  const post = await signer.presignPost({
    bucket: str(c, 'bucket', 'bucket'),
    key: str(c, 'key', 'key'),
    conditions: c.conditions,
    fields: c.fields === undefined ? undefined : Object.fromEntries(c.fields),
    expiresIn: c.expires_in,
    endpoint: c.endpoint,
    signingDate: str(c, 'timestamp', 'timestamp'),
  });
  return { id: c.id, url: post.url, fields: post.fieldList };
}

// The verify operation: the case's request through `verifyRequest`, its
// keys as the credentials lookup.
async function runVerify(c) {
  const req = c.request;
  if (req === null || typeof req !== 'object') throw new BadCase('missing request');
  const method = str(req, 'method', 'request.method');
  const target = str(req, 'target', 'request.target');
  const headers = req.headers ?? [];
  if (!Array.isArray(headers)) throw new BadCase('request.headers must be a list of pairs');
  const body = Buffer.from(req.body_base64 ?? '', 'base64');
  const now = Date.parse(str(c, 'now', 'now'));
  if (Number.isNaN(now)) throw new BadCase('now must be an RFC 3339 time');
  if (!Array.isArray(c.keys)) throw new BadCase('keys must be a list');
  const v = c.verify ?? {};
  const allow = v.allow_unsigned_payload;
  if (allow !== undefined && allow !== null && typeof allow !== 'boolean') throw new BadCase('allow_unsigned_payload must be a boolean or null');
  const verified = await verifyRequest({ method, target, headers, body }, {
    credentials: (id) => {
      const key = c.keys.find((k) => k.access_key_id === id);
      if (!key) return undefined;
      return {
        accessKeyId: key.access_key_id,
        secretAccessKey: key.secret_access_key,
        sessionToken: key.session_token ?? undefined,
        expiration: key.expiration ? new Date(key.expiration) : undefined,
      };
    },
    region: v.region ?? undefined,
    service: v.service ?? undefined,
    doubleEncodePath: bool(v, 'double_encode_path', true),
    normalizePath: bool(v, 'normalize_path', true),
    maxClockSkewSeconds: v.max_clock_skew ?? 300,
    allowUnsignedPayload: allow ?? undefined,
    now,
  });
  return {
    id: c.id,
    verified: { access_key_id: verified.accessKeyId, region: verified.region, service: verified.service, location: verified.location },
  };
}

async function answer(line) {
  let c;
  try {
    c = JSON.parse(line);
  } catch {
    return { id: null, error: { code: 'invalid_case', message: 'the line is not valid JSON' } };
  }
  const id = c !== null && typeof c === 'object' && 'id' in c ? c.id : null;
  try {
    if (c !== null && typeof c === 'object' && c.op === 'verify') return await runVerify(c);
    if (c !== null && typeof c === 'object' && c.op === 'post_policy') return await runPostPolicy(c);
    if (c !== null && typeof c === 'object' && c.op === 'chunked') return await runChunked(c);
    return run(c);
  } catch (err) {
    // Builds without verification (sigv4kit/js, the browser's) export no
    // SignatureVerificationError.
    if (typeof SignatureVerificationError === 'function' && err instanceof SignatureVerificationError) return { id, error: { code: err.code, message: err.message } };
    if (err instanceof SigV4Error) return { id, error: { code: err.code, message: err.message } };
    if (err instanceof BadCase) return { id, error: { code: 'invalid_case', message: err.message } };
    throw err;
  }
}

// Verification is asynchronous (the credentials lookup may be): answers are
// chained so that they come out in the order of the cases.
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
lines.on('line', (line) => {
  if (line.trim() === '') return;
  queue = queue.then(async () => {
    process.stdout.write(`${JSON.stringify(await answer(line))}\n`);
  });
});
