// aws-chunked uploads in Node beside Node's own primitives over the same
// bytes, in one process: what `signChunked`'s encoder (the Node engine:
// framing, the trailer's CRC, every chunk's SHA-256 in WebAssembly) costs
// over node:zlib's CRC-32 and node:crypto's SHA-256 of the same chunks,
// which do only the arithmetic. No other Node library frames and signs
// aws-chunked bodies; these rows are the floor the engine is measured
// against, as the hashing-floor row of bench/sign.mjs is for signatures.
//
//   node bench/chunked.mjs     (make bench-wasm runs it)
//
// Prints a Markdown section: MiB/s over a 32 MiB body written in 1 MiB
// pieces, 64 KiB chunks, interleaved rounds, medians.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { Signer, signChunked } from 'sigv4kit';

const MIB = 1 << 20;
const TOTAL = 32 * MIB;
const CHUNK = 64 * 1024;
const ROUNDS = 5;
const piece = new Uint8Array(MIB).map((_, i) => (i * 7 + (i >> 10)) & 0xff);
const signer = new Signer({
  region: 'us-east-1',
  service: 's3',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
});

/** Frames the whole body; returns the milliseconds the encoder took. */
async function encode(mode, checksum) {
  const upload = await signChunked(signer, { method: 'PUT', url: 'https://b.s3.amazonaws.com/k' }, { decodedLength: TOTAL, mode, checksum });
  const start = performance.now();
  let framed = 0;
  for (let at = 0; at < TOTAL; at += MIB) framed += upload.encoder.write(piece).length;
  framed += upload.encoder.finish().length;
  const ms = performance.now() - start;
  if (framed <= TOTAL) throw new Error('the framed body is not longer than the data');
  return ms;
}

/** Node's primitive over the same 64 KiB chunks. */
function native(fn) {
  const start = performance.now();
  for (let at = 0; at < TOTAL; at += MIB) {
    for (let c = 0; c < MIB; c += CHUNK) fn(piece.subarray(c, c + CHUNK));
  }
  return performance.now() - start;
}

const rows = [
  ['`signChunked` unsigned-trailer, CRC32', () => encode('unsigned-trailer', 'crc32')],
  ['`signChunked` signed (every chunk signed)', () => encode('signed', undefined)],
  ['`signChunked` signed-trailer, CRC32C', () => encode('signed-trailer', 'crc32c')],
  ["node:crypto SHA-256 of each chunk (the signed modes' hashing, natively)", () => native((c) => createHash('sha256').update(c).digest())],
];
// node:zlib has crc32 from Node 20.15 and 22.2.
const zlibRow = typeof zlib.crc32 === 'function' ? rows.length : -1;
if (zlibRow >= 0) {
  let crc = 0;
  rows.push(['node:zlib `crc32` over the chunks (the CRC32 trailer, natively)', () => native((c) => (crc = zlib.crc32(c, crc)))]);
}
const times = rows.map(() => []);
for (let r = 0; r < ROUNDS; r += 1) {
  for (const [i, [, run]] of rows.entries()) times[i].push(await run());
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mibs = (ms) => (TOTAL / MIB / (ms / 1000)).toFixed(0);

console.log('### aws-chunked uploads beside Node\'s own CRC-32 and SHA-256');
console.log('');
console.log(`Command: \`node bench/chunked.mjs\` (${process.version}; a ${TOTAL / MIB} MiB body written in 1 MiB pieces, ${CHUNK / 1024} KiB chunks,`);
console.log(`${ROUNDS} interleaved rounds, medians). The encoder frames, checksums and signs in the Node engine (WebAssembly,`);
console.log('no SHA instructions); the node: rows only hash the same chunks, natively: the floor the engine is set against.');
console.log('');
console.log('| work | MiB/s |');
console.log('| --- | ---: |');
for (const [i, [label]] of rows.entries()) console.log(`| ${label} | ${mibs(median(times[i]))} |`);
// Per round, the encoder's time over its floor's, then the median.
const ratio = (ours, floor) => median(times[ours].map((t, r) => t / times[floor][r])).toFixed(2);
console.log('');
const crcNote = zlibRow >= 0 ? `unsigned-trailer CRC32 takes ${ratio(0, zlibRow)}x the time of node:zlib's \`crc32\` alone; ` : '';
console.log(`Per round: ${crcNote}signed takes ${ratio(1, 3)}x the time of node:crypto's SHA-256 alone.`);
