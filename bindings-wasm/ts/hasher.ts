/**
 * `PayloadHasher`: the SHA-256 of a body fed in chunks, for signing a body
 * that is streamed rather than held (pass the digest as `payloadHash`).
 */
import { engine, assertReady } from './wasm.js';
import type { WasmHasher } from './sigv4kit_wasm.js';
import { rethrow, SigV4Error } from './errors.js';
import { bodyBytes } from './request.js';

export class PayloadHasher {
  readonly #engine: WasmHasher;

  constructor() {
    assertReady('PayloadHasher');
    this.#engine = new engine.WasmHasher();
  }

  /** Feeds a chunk: text (hashed as UTF-8) or bytes. */
  update(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): this {
    try {
      if (typeof chunk === 'string') {
        this.#engine.updateText(chunk);
      } else {
        const bytes = bodyBytes(chunk);
        if (!bytes) throw new SigV4Error('invalid_payload', 'payload', 'invalid payload: a chunk must be a string or bytes');
        this.#engine.update(bytes);
      }
    } catch (err) {
      return rethrow(err);
    }
    return this;
  }

  /** The digest in lower-case hex; the hasher cannot be fed afterwards. */
  digest(): string {
    try {
      return this.#engine.digest();
    } catch (err) {
      return rethrow(err);
    }
  }
}
