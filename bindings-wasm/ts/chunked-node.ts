/**
 * Chunked uploads in Node's stream idiom: a `Transform` from the body's
 * bytes to the framed body of a `signChunked` upload.
 *
 * ```js
 * const upload = await signChunked(signer, { method: 'PUT', url }, { decodedLength: size });
 * const req = https.request(upload.url, { method: 'PUT', headers: upload.headers });
 * fs.createReadStream(path).pipe(chunkedTransform(upload)).pipe(req);
 * ```
 */
import { Transform } from 'node:stream';
import type { ChunkedUpload } from './chunked.js';

/** A `Transform` that frames (and signs) the body as it passes; use it once. */
export function chunkedTransform(upload: ChunkedUpload): Transform {
  const encoder = upload.encoder;
  return new Transform({
    transform(chunk: Buffer | Uint8Array | string, _encoding, callback) {
      try {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const out = encoder.write(bytes);
        callback(null, out.length > 0 ? out : undefined);
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      try {
        callback(null, encoder.finish());
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
