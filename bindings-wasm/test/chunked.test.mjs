// Chunked uploads: signChunked reproduces the S3 API reference's worked
// example byte for byte, and what it frames (through a Node Transform or a
// web TransformStream) verifies with verifyRequest, in memory and over
// HTTP on 127.0.0.1: 0 bytes, one chunk, many chunks, a partial last chunk,
// every mode; a tampered chunk is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Signer, SigV4Error, signChunked, chunkedTransform, verifyRequest, incomingRequest, SignatureVerificationError } from 'sigv4kit';

const DOC = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const verifyOptions = { credentials: (id) => (id === KEY.accessKeyId ? KEY : undefined), service: 's3', doubleEncodePath: false, normalizePath: false };

function framedBy(upload, data) {
  const parts = [upload.encoder.write(data), upload.encoder.finish()];
  return Buffer.concat(parts);
}

async function collect(readable) {
  const chunks = [];
  for await (const c of readable) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe('signChunked', () => {
  test('reproduces the reference example (sigv4-streaming.html)', async () => {
    // "Signature Calculations for the Authorization Header: Transferring
    // Payload in Multiple Chunks", https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
    const signer = new Signer({ region: 'us-east-1', service: 's3', credentials: DOC });
    const upload = await signChunked(
      signer,
      { method: 'PUT', url: 'https://s3.amazonaws.com/examplebucket/chunkObject.txt', headers: { 'x-amz-storage-class': 'REDUCED_REDUNDANCY' } },
      { decodedLength: 66560, signingDate: '2013-05-24T00:00:00Z' },
    );
    assert.equal(upload.signature, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    assert.equal(upload.contentLength, 66824);
    const body = await collect(Readable.from([Buffer.alloc(66560, 'a')]).pipe(chunkedTransform(upload)));
    const want = Buffer.concat([
      Buffer.from('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n'),
      Buffer.alloc(65536, 'a'),
      Buffer.from('\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n'),
      Buffer.alloc(1024, 'a'),
      Buffer.from('\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n'),
    ]);
    assert.ok(body.equals(want), 'the framed body is the reference one');
  });

  const modes = [['signed', undefined], ['signed-trailer', 'crc32'], ['unsigned-trailer', 'crc32c'], ['signed-trailer', 'sha256']];
  for (const [mode, checksum] of modes) {
    for (const length of [0, 8192, 5 * 8192, 3 * 8192 + 100]) {
      test(`round-trips ${mode} ${checksum ?? ''} ${length} bytes through verifyRequest`, async () => {
        const signer = new Signer({ region: 'us-east-1', service: 's3', credentials: KEY });
        const data = Buffer.alloc(length);
        for (let i = 0; i < length; i++) data[i] = (i * 7) & 0xff;
        const request = { method: 'PUT', url: 'https://bucket.s3.amazonaws.com/key' };
        const upload = await signChunked(signer, request, { decodedLength: length, mode, checksum, chunkSize: 8192 });
        // Node streams, in pieces of 3000 bytes.
        const pieces = [];
        for (let at = 0; at < length; at += 3000) pieces.push(data.subarray(at, at + 3000));
        const body = await collect(Readable.from(pieces).pipe(chunkedTransform(upload)));
        assert.equal(body.length, upload.contentLength);
        const v = await verifyRequest({ ...request, headers: upload.headerList, body }, verifyOptions);
        assert.equal(v.accessKeyId, 'AKIDEXAMPLE');
        // The same through a web TransformStream.
        const again = await signChunked(signer, request, { decodedLength: length, mode, checksum, chunkSize: 8192 });
        const web = await collect(new Blob([data]).stream().pipeThrough(again.transformStream()));
        await verifyRequest({ ...request, headers: again.headerList, body: web }, verifyOptions);
        if (length > 0) {
          const tampered = Buffer.from(body);
          tampered[Math.floor(body.length / 2)] ^= 0x20;
          const err = await verifyRequest({ ...request, headers: upload.headerList, body: tampered }, verifyOptions).then(() => undefined, (e) => e);
          assert.ok(err instanceof SignatureVerificationError);
          assert.ok(['chunk_signature_mismatch', 'checksum_mismatch', 'malformed_chunk'].includes(err.code), err.code);
        }
        const cut = await verifyRequest({ ...request, headers: upload.headerList, body: body.subarray(0, body.length - 2) }, verifyOptions).then(() => undefined, (e) => e);
        assert.equal(cut?.code, 'truncated_stream');
      });
    }
  }

  test('goes out over HTTP and verifies at a 127.0.0.1 server', async () => {
    const verdicts = [];
    const server = http.createServer(async (req, res) => {
      const body = await collect(req);
      try {
        await verifyRequest(incomingRequest(req, body), verifyOptions);
        verdicts.push('ok');
        res.writeHead(200).end();
      } catch (err) {
        verdicts.push(err.code);
        res.writeHead(403).end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}/bucket/key`;
      const signer = new Signer({ region: 'us-east-1', service: 's3', credentials: KEY });
      const data = Buffer.alloc(3 * 8192 + 11, 'q');
      const upload = await signChunked(signer, { method: 'PUT', url }, { decodedLength: data.length, mode: 'signed-trailer', checksum: 'crc32c', chunkSize: 8192 });
      const status = await new Promise((resolve, reject) => {
        const req = http.request(url, { method: 'PUT', headers: upload.headers }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        pipeline(Readable.from([data]), chunkedTransform(upload), req).catch(reject);
      });
      assert.equal(status, 200, verdicts.join());
    } finally {
      server.close();
    }
  });

  test('refuses bad plans and bodies by name', async () => {
    const signer = new Signer({ region: 'us-east-1', service: 's3', credentials: KEY });
    const request = { method: 'PUT', url: 'https://bucket.s3.amazonaws.com/key' };
    await assert.rejects(signChunked(signer, request, { decodedLength: 3, mode: 'gzip' }), (e) => e instanceof SigV4Error && e.field === 'mode');
    await assert.rejects(signChunked(signer, request, { decodedLength: 3, chunkSize: 10 }), (e) => e instanceof SigV4Error && e.code === 'invalid_payload');
    await assert.rejects(signChunked(signer, request, { decodedLength: 3, mode: 'signed-trailer' }), (e) => e instanceof SigV4Error);
    await assert.rejects(signChunked(signer, request, {}), (e) => e instanceof SigV4Error && e.field === 'decodedLength');
    const upload = await signChunked(signer, request, { decodedLength: 3 });
    assert.throws(() => upload.encoder.write(Buffer.from('abcd')), (e) => e instanceof SigV4Error && e.code === 'invalid_payload');
    // A service whose signer does not sign X-Amz-Content-Sha256 cannot chain chunks.
    const api = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: KEY });
    await assert.rejects(signChunked(api, request, { decodedLength: 3 }), (e) => e instanceof SigV4Error && e.code === 'invalid_payload');
    const empty = await signChunked(signer, request, { decodedLength: 0 });
    assert.equal(framedBy(empty, Buffer.alloc(0)).length, empty.contentLength);
    assert.throws(() => empty.encoder.write(Buffer.alloc(0)), (e) => e instanceof SigV4Error && e.code === 'invalid_payload');
    assert.throws(() => empty.encoder.finish(), (e) => e instanceof SigV4Error && e.code === 'invalid_payload');
    // A short body: finish refuses it by name.
    const short = await signChunked(signer, request, { decodedLength: 5 });
    short.encoder.write(Buffer.from('abc'));
    assert.throws(() => short.encoder.finish(), (e) => e instanceof SigV4Error && e.code === 'invalid_payload');
  });

  test('the browser engine leaves it out, and says so', async () => {
    const web = await import(new URL('../dist/web/index.browser.js', import.meta.url));
    await web.ready(readFileSync(new URL('../dist/web/sigv4kit_wasm_bg.wasm', import.meta.url)));
    const signer = new web.Signer({ region: 'us-east-1', service: 's3', credentials: KEY });
    await assert.rejects(web.signChunked(signer, { method: 'PUT', url: 'https://b.s3.amazonaws.com/k' }, { decodedLength: 1 }), /part of the Node build/);
    assert.throws(() => web.chunkedTransform({}), /only Node has/);
  });
});
