// Bodies hashed by the runtime (node:crypto) instead of the engine, from a
// size on (ts/native-hash.ts): every output byte must stay what the engine
// alone produces, and the payload line must be the body's SHA-256 as an
// independent implementation (@aws-crypto/sha256-js) computes it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Signer, PayloadHasher } from 'sigv4kit';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const DATE = '2015-08-30T12:36:00Z';
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

// Sizes on both sides of both thresholds (256 with crypto.hash, 768 with
// createHash), and well beyond.
const SIZES = [0, 1, 255, 256, 257, 767, 768, 769, 1024, 70000];

// A child process's runtime: no node:crypto for the glue (the engine hashes
// every body), or node:crypto without the one-shot crypto.hash (as in
// runtimes that lack it: a hash object per body). Node 18 has no
// process.getBuiltinModule: there every process hashes in the engine.
const RUNTIMES = {
  'the engine alone': 'delete process.getBuiltinModule;',
  'createHash only': "const c = process.getBuiltinModule?.('node:crypto'); if (c) delete c.hash;",
};

/** Text bodies of `size` UTF-16 units: ASCII, two-byte, four-byte and lone surrogates. */
function texts(size) {
  const fill = (unit) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return { ascii: fill('x'), latin: fill('é'), astral: fill('😀'), lone: fill('a\ud800') };
}

/** Every binary body shape of a text beside the string: bytes, ArrayBuffer, DataView. */
function shapes(text) {
  const bytes = new TextEncoder().encode(text);
  return { string: text, bytes, buffer: bytes.slice().buffer, view: new DataView(bytes.slice().buffer) };
}

/** SHA-256 hex of the UTF-8 bytes of `text` (lone surrogates as U+FFFD, as TextEncoder writes them). */
function independentDigest(text) {
  const hash = new Sha256();
  hash.update(new TextEncoder().encode(text));
  return Buffer.from(hash.digestSync()).toString('hex');
}

const signer = () => new Signer({ region: 'us-east-1', service: 'service', credentials: CREDS });

describe('bodies hashed natively', () => {
  test('the payload line is the SHA-256 of the body, for every size, text and shape', () => {
    const s = signer();
    for (const size of SIZES) {
      for (const [kind, text] of Object.entries(texts(size))) {
        const want = independentDigest(text);
        for (const [shape, body] of Object.entries(shapes(text))) {
          const out = s.signSync({ method: 'POST', url: 'https://example.com/p', body }, { signingDate: DATE, debug: true });
          const line = out.canonicalRequest.split('\n').pop();
          assert.equal(line, want, `${size} ${kind} ${shape}`);
        }
      }
    }
  });

  test('a URLSearchParams body hashes as its text', () => {
    const params = new URLSearchParams({ q: 'y'.repeat(600), r: 'ü' });
    const out = signer().signSync({ method: 'POST', url: 'https://example.com/p', body: params }, { signingDate: DATE, debug: true });
    assert.equal(out.canonicalRequest.split('\n').pop(), independentDigest(params.toString()));
  });

  test('every output is byte for byte the same where the engine hashes, or createHash does', () => {
    // The same requests signed in a process whose runtime offers no
    // node:crypto to the glue, so that the engine hashes every body.
    const program = `
      const { Signer } = await import('sigv4kit');
      const { readFileSync } = await import('node:fs');
      const requests = JSON.parse(readFileSync(0, 'utf8'));
      const out = requests.map(([service, body, presign]) => {
        const s = new Signer({ region: 'us-east-1', service, credentials: ${JSON.stringify(CREDS)} });
        const r = { method: 'PUT', url: 'https://example.com/o?x=1', headers: { 'content-type': 'text/plain' }, body };
        const o = { signingDate: '${DATE}', debug: true };
        const signed = presign ? s.presignSync(r, o) : s.signSync(r, o);
        return [signed.url, signed.headerList, signed.canonicalRequest, signed.stringToSign, signed.signature];
      });
      process.stdout.write(JSON.stringify(out));`;
    const requests = [];
    for (const size of SIZES) {
      for (const text of Object.values(texts(size))) {
        for (const service of ['service', 's3']) requests.push([service, text, false], [service, text, true]);
      }
    }
    const elsewhere = Object.entries(RUNTIMES).map(([runtime, setup]) => [
      runtime,
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', `${setup} ${program}`], {
          cwd: PACKAGE_DIR,
          input: JSON.stringify(requests),
          encoding: 'utf8',
          maxBuffer: 64 << 20,
        }),
      ),
    ]);
    const here = requests.map(([service, body, presign]) => {
      const s = new Signer({ region: 'us-east-1', service, credentials: CREDS });
      const r = { method: 'PUT', url: 'https://example.com/o?x=1', headers: { 'content-type': 'text/plain' }, body };
      const o = { signingDate: DATE, debug: true };
      const signed = presign ? s.presignSync(r, o) : s.signSync(r, o);
      return [signed.url, signed.headerList, signed.canonicalRequest, signed.stringToSign, signed.signature];
    });
    for (const [runtime, outputs] of elsewhere) {
      assert.equal(outputs.length, here.length, runtime);
      here.forEach((out, i) =>
        assert.deepEqual(out, outputs[i], `${runtime}, request ${i}: ${requests[i][0]} ${requests[i][1].length} presign=${requests[i][2]}`),
      );
    }
  });

  test('payloadHash and unsignedPayload still decide the payload of a large body', () => {
    const s = signer();
    const body = 'z'.repeat(5000);
    const given = 'a'.repeat(64);
    const withHash = s.signSync({ method: 'PUT', url: 'https://example.com/o', body }, { signingDate: DATE, debug: true, payloadHash: given });
    assert.equal(withHash.canonicalRequest.split('\n').pop(), given);
    const unsigned = s.signSync({ method: 'PUT', url: 'https://example.com/o', body }, { signingDate: DATE, debug: true, unsignedPayload: true });
    assert.equal(unsigned.canonicalRequest.split('\n').pop(), 'UNSIGNED-PAYLOAD');
    // S3 presigns UNSIGNED-PAYLOAD by default, whatever the body.
    const s3 = new Signer({ region: 'us-east-1', service: 's3', credentials: CREDS });
    const presigned = s3.presignSync({ method: 'PUT', url: 'https://b.s3.amazonaws.com/o', body }, { signingDate: DATE, debug: true });
    assert.equal(presigned.canonicalRequest.split('\n').pop(), 'UNSIGNED-PAYLOAD');
    // S3 header signing sends the digest it signed.
    const header = s3.signSync({ method: 'PUT', url: 'https://b.s3.amazonaws.com/o', body }, { signingDate: DATE });
    assert.equal(header.headers['X-Amz-Content-Sha256'], independentDigest(body));
  });

  test('PayloadHasher: the digest of the chunks, in this runtime and where the engine hashes', () => {
    // Chunks of text (a surrogate pair split across two chunks: each half
    // is a lone surrogate, hashed as U+FFFD, as TextEncoder writes it) and
    // of bytes, as the engine's updateText and update take them.
    const feeds = [
      [],
      ['abc'],
      ['x'.repeat(70000), new Uint8Array([0, 255, 7]), 'é😀'],
      ['a\ud83d', '\ude00b'],
      [new Uint8Array(100).fill(3), new Uint8Array(100).fill(3).buffer, 'z'.repeat(513)],
    ];
    const encode = (chunk) => (typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
    const independent = (feed) => {
      const hash = new Sha256();
      for (const chunk of feed) hash.update(encode(chunk));
      return Buffer.from(hash.digestSync()).toString('hex');
    };
    const ours = feeds.map((feed) => {
      const hasher = new PayloadHasher();
      for (const chunk of feed) hasher.update(chunk);
      return hasher.digest();
    });
    assert.deepEqual(ours, feeds.map(independent));
    // The same feeds in the other runtimes (with no node:crypto, the engine hashes).
    const program = `
      const { PayloadHasher } = await import('sigv4kit');
      const { readFileSync } = await import('node:fs');
      const feeds = JSON.parse(readFileSync(0, 'utf8')).map((feed) => feed.map((c) => (typeof c === 'string' ? c : new Uint8Array(c))));
      process.stdout.write(JSON.stringify(feeds.map((feed) => {
        const hasher = new PayloadHasher();
        for (const chunk of feed) hasher.update(chunk);
        return hasher.digest();
      })));`;
    const wire = feeds.map((feed) => feed.map((c) => (typeof c === 'string' ? c : [...encode(c)])));
    for (const [runtime, setup] of Object.entries(RUNTIMES)) {
      const digests = JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', `${setup} ${program}`], {
          cwd: PACKAGE_DIR,
          input: JSON.stringify(wire),
          encoding: 'utf8',
        }),
      );
      assert.deepEqual(digests, ours, runtime);
    }
  });

  test('PayloadHasher refuses to be fed or read after digest(), and refuses non-bytes', () => {
    const hasher = new PayloadHasher().update('abc');
    hasher.digest();
    for (const again of [() => hasher.digest(), () => hasher.update('x')]) {
      assert.throws(again, (err) => err.code === 'invalid_payload' && err.field === 'payload' && /digest\(\) was already called/.test(err.message));
    }
    assert.throws(() => new PayloadHasher().update({}), (err) => err.code === 'invalid_payload' && err.field === 'payload');
  });

  test('a bad payloadHash is still refused by the core, naming the field', () => {
    const s = signer();
    assert.throws(
      () => s.signSync({ method: 'PUT', url: 'https://example.com/o', body: 'q'.repeat(4000) }, { payloadHash: 'A'.repeat(64) }),
      (err) => err.code === 'invalid_payload' && /payload/.test(err.message),
    );
  });
});
