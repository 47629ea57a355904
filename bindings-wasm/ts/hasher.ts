/**
 * `PayloadHasher`: the SHA-256 of a body fed in chunks, for signing a body
 * that is streamed rather than held (pass the digest as `payloadHash`).
 * Where the runtime has a native SHA-256 (Node; see native-hash.ts) it
 * hashes, several times faster than the engine on a large body; elsewhere
 * (browsers) the engine does. The digest is the same either way.
 */
import * as engine from './sigv4kit_wasm.js';
import { assertReady } from './wasm.js';
import type { WasmHasher } from './sigv4kit_wasm.js';
import { rethrow, SigV4Error } from './errors.js';
import { bodyBytes } from './request.js';
import { nativeHasher } from './native-hash.js';
import type { NativeHasher } from './native-hash.js';

export class PayloadHasher {
  readonly #engine: WasmHasher | undefined;
  readonly #native: NativeHasher | undefined;
  #spent = false;

  constructor() {
    this.#native = nativeHasher();
    if (this.#native === undefined) {
      assertReady('PayloadHasher');
      this.#engine = new engine.WasmHasher();
    }
  }

  /** Feeds a chunk: text (hashed as UTF-8) or bytes. */
  update(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): this {
    const bytes = typeof chunk === 'string' ? undefined : bodyBytes(chunk);
    if (typeof chunk !== 'string' && !bytes) throw new SigV4Error('invalid_payload', 'payload', 'invalid payload: a chunk must be a string or bytes');
    const native = this.#native;
    if (native !== undefined) {
      this.#live();
      native.update(bytes ?? (chunk as string));
      return this;
    }
    try {
      if (bytes === undefined) (this.#engine as WasmHasher).updateText(chunk as string);
      else (this.#engine as WasmHasher).update(bytes);
    } catch (err) {
      return rethrow(err);
    }
    return this;
  }

  /** The digest in lower-case hex; the hasher cannot be fed afterwards. */
  digest(): string {
    const native = this.#native;
    if (native !== undefined) {
      this.#live();
      this.#spent = true;
      return native.digest('hex');
    }
    try {
      return (this.#engine as WasmHasher).digest();
    } catch (err) {
      return rethrow(err);
    }
  }

  /** Refuses a spent native hasher as the engine refuses its own (errors.rs, signer.rs). */
  #live(): void {
    if (this.#spent) throw new SigV4Error('invalid_payload', 'payload', 'invalid payload: digest() was already called on this hasher');
  }
}
