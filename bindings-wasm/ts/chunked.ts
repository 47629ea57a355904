/**
 * Chunked uploads (`Content-Encoding: aws-chunked`), in the Node build (the
 * browser engine leaves them out, for size): the body framed, and
 * each chunk signed, as it streams, holding one chunk at a time. The head
 * is signed by the `Signer` like any request (with the plan's headers and
 * `STREAMING-…` payload value); the framing and the chunk signatures are
 * the core's, through the engine's chunked encoder.
 *
 * ```js
 * const upload = await signChunked(signer, { method: 'PUT', url }, { decodedLength: file.size });
 * await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: file.stream().pipeThrough(upload.transformStream()), duplex: 'half' });
 * ```
 */
import * as engine from './sigv4kit_wasm.js';
import { ready } from './wasm.js';
import type { WasmChunkedEncoder, WasmChunkedUpload } from './sigv4kit_wasm.js';
import { SigV4Error, rethrow } from './errors.js';
import { Credentials } from './credentials.js';
import { Signer } from './signer.js';
import type { SignOptions, SignedRequest } from './signer.js';
import type { HeadersInput, SignableRequest } from './request.js';

/** The aws-chunked form: what `x-amz-content-sha256` says. */
export type ChunkedMode = 'signed' | 'signed-trailer' | 'unsigned-trailer';
/** The trailing checksum of the trailer modes. */
export type ChunkedChecksum = 'crc32' | 'crc32c' | 'sha256';

export interface ChunkedUploadOptions {
  /** The body's length in bytes (`x-amz-decoded-content-length`). */
  decodedLength: number;
  /** `signed` (the default), `signed-trailer`, or `unsigned-trailer` (S3 only). */
  mode?: ChunkedMode;
  /** The trailing checksum, for the trailer modes. */
  checksum?: ChunkedChecksum;
  /** Bytes per chunk but the last: 8 KiB to 16 MiB, 64 KiB by default. */
  chunkSize?: number;
  /** The signing time (see `SignOptions.signingDate`). */
  signingDate?: SignOptions['signingDate'];
}

/**
 * Frames one body: `write` each piece, then `finish`; each returns the
 * bytes to send next. A body longer or shorter than the declared length
 * throws a `SigV4Error` (`invalid_payload`).
 */
export class ChunkedEncoder {
  #engine: WasmChunkedEncoder | undefined;

  /** @internal */
  constructor(engine: WasmChunkedEncoder) {
    this.#engine = engine;
  }

  #live(): WasmChunkedEncoder {
    if (!this.#engine) throw new SigV4Error('invalid_payload', 'payload', 'invalid payload: the chunked body is already finished');
    return this.#engine;
  }

  /** Feeds the next piece of the body; returns the framed chunks it completed (often empty). */
  write(data: Uint8Array): Uint8Array {
    try {
      return this.#live().write(data);
    } catch (err) {
      return rethrow(err);
    }
  }

  /** Ends the body: the last chunk, the final empty chunk and the trailer. The encoder is spent after it. */
  finish(): Uint8Array {
    const engine = this.#live();
    this.#engine = undefined;
    try {
      return engine.finish();
    } catch (err) {
      return rethrow(err);
    } finally {
      engine.free();
    }
  }
}

/** A signed chunked upload: send `headers` and the framed body to `url`. */
export interface ChunkedUpload extends SignedRequest {
  /** The framed body's length: the `Content-Length` sent. */
  contentLength: number;
  /** The encoder of this upload's body (use it once). */
  encoder: ChunkedEncoder;
  /** A web `TransformStream` from the body's bytes to the framed body (the encoder's). */
  transformStream(): TransformStream<Uint8Array, Uint8Array>;
}

function headerPairs(headers: HeadersInput | undefined): [string, string][] {
  if (headers === undefined || headers === null) return [];
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return [...headers.entries()];
  if (Symbol.iterator in Object(headers)) {
    return [...(headers as Iterable<readonly [string, string]>)].map(([n, v]) => [n, v]);
  }
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, String(v)]);
  }
  return out;
}

function plan(options: ChunkedUploadOptions): WasmChunkedUpload {
  if (typeof options !== 'object' || options === null || typeof options.decodedLength !== 'number') {
    throw new SigV4Error('invalid_payload', 'decodedLength', 'invalid decodedLength: the body length in bytes is needed');
  }
  try {
    return new engine.WasmChunkedUpload(options.mode ?? 'signed', options.checksum, options.decodedLength, options.chunkSize ?? 65536);
  } catch (err) {
    return rethrow(err);
  }
}

/**
 * Signs the head of a chunked upload of `options.decodedLength` bytes with
 * `signer` (whose service signs `X-Amz-Content-Sha256`, as S3's does) and
 * returns it with the encoder of its body. The request's `body` is not
 * read: stream it through `transformStream()` (or, in Node,
 * `chunkedTransform`).
 */
export async function signChunked(signer: Signer, request: Omit<SignableRequest, 'body'>, options: ChunkedUploadOptions): Promise<ChunkedUpload> {
  await ready();
  const upload = plan(options);
  try {
    const added: string[] = upload.headers();
    const names = new Set<string>();
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < added.length; i += 2) {
      names.add((added[i] as string).toLowerCase());
      headers.push([added[i] as string, added[i + 1] as string]);
    }
    const own = headerPairs(request.headers).filter(([n]) => !names.has(n.toLowerCase()));
    const signOptions: SignOptions = { payloadHash: upload.payloadValue() };
    if (options.signingDate !== undefined) signOptions.signingDate = options.signingDate;
    const now = Date.now();
    const credentials: Credentials = await Signer.credentialsAt(signer, now);
    const signed = await signer.sign({ ...request, headers: [...own, ...headers], body: undefined }, signOptions);
    const flat: string[] = [];
    for (const [n, v] of signed.headerList) flat.push(n, v);
    let engineEncoder: WasmChunkedEncoder;
    try {
      engineEncoder = upload.encoder(Credentials.engineOf(credentials), flat);
    } catch (err) {
      return rethrow(err);
    }
    const encoder = new ChunkedEncoder(engineEncoder);
    return {
      ...signed,
      contentLength: upload.encodedLength(),
      encoder,
      transformStream: () => transformStream(encoder),
    };
  } finally {
    upload.free();
  }
}

function transformStream(encoder: ChunkedEncoder): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const out = encoder.write(chunk);
      if (out.length > 0) controller.enqueue(out);
    },
    flush(controller) {
      controller.enqueue(encoder.finish());
    },
  });
}
