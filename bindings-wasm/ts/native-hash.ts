/**
 * The runtime's own SHA-256 for a body, where there is one to call
 * synchronously: Node (and Bun, Deno, workerd with Node compatibility)
 * hash natively, with the CPU's SHA instructions where it has them, while
 * WebAssembly has none, so a body of a few hundred bytes or more hashes
 * faster there than in the engine. The signer then hands the core the
 * digest as a precomputed payload, which the core checks and signs exactly
 * as it would the digest it computed itself: a type conversion, not a
 * signing rule. Browsers have no synchronous native hash (WebCrypto's is a
 * promise), so there the engine hashes.
 *
 * The module is found through `process.getBuiltinModule` (Node 20.16 and
 * later, Bun, Deno) rather than imported, so that the same glue serves
 * browsers and bundlers see no `node:` import. Older runtimes hash in the
 * engine, with the same result.
 */

/** The part of `node:crypto` used here. */
interface NodeCrypto {
  hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string;
  createHash?: (algorithm: string) => NativeHasher;
}

/** A `node:crypto` `Hash`: text is hashed as UTF-8. */
export interface NativeHasher {
  update(data: string | Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}

type Digest = (data: string | Uint8Array) => string;

// Body sizes from which the native hash wins, measured in one process on
// Node 20 (x86-64) by signing the same POST with the body and with its
// precomputed digest (`node bench/sign.mjs --hash-threshold`): the one-shot
// `crypto.hash` breaks even at about 150 to 190 bytes, `createHash` (a hash
// object per call) at about 400 to 500; each threshold sits above, where the
// win is clear of noise (6 to 9 % at 256, 12 to 26 % at 768). Text counts in
// UTF-16 units, never more than its UTF-8 bytes.
const ONE_SHOT_FROM = 256;
const HASH_OBJECT_FROM = 768;

let crypto: NodeCrypto | null | undefined;
let digest: Digest | null | undefined;
let from = Infinity;

/** `node:crypto` with a SHA-256 `createHash`, or `null` where the runtime offers none. */
function nodeCrypto(): NodeCrypto | null {
  if (crypto !== undefined) return crypto;
  crypto = null;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return crypto;
  try {
    const found = proc.getBuiltinModule('node:crypto') as NodeCrypto | undefined;
    if (typeof found?.createHash === 'function') crypto = found;
  } catch {
    // No node:crypto here: the engine hashes.
  }
  return crypto;
}

function find(): Digest | null {
  const found = nodeCrypto();
  if (found === null) return null;
  const { hash, createHash } = found;
  if (typeof hash === 'function') {
    from = ONE_SHOT_FROM;
    return (data) => hash('sha256', data, 'hex');
  }
  const make = createHash as (algorithm: string) => NativeHasher;
  from = HASH_OBJECT_FROM;
  return (data) => {
    const hasher = make('sha256');
    hasher.update(data);
    return hasher.digest('hex');
  };
}

/**
 * The body's SHA-256 in lower-case hex from the runtime's native hash, or
 * `undefined` when the engine should hash it (no native hash, or a body
 * too small for the call to pay off). Text is hashed as UTF-8, lone
 * surrogates as U+FFFD, exactly as `TextEncoder` writes it for the engine.
 */
export function nativeDigest(body: string | Uint8Array): string | undefined {
  if (digest === undefined) digest = find();
  if (digest === null || body.length < from) return undefined;
  return digest(body);
}

/**
 * A native SHA-256 to feed chunk by chunk (`PayloadHasher` in Node: a
 * stream hashes several times faster there than in the engine), or
 * `undefined` where the runtime has none.
 */
export function nativeHasher(): NativeHasher | undefined {
  const found = nodeCrypto();
  return found === null ? undefined : (found.createHash as (algorithm: string) => NativeHasher)('sha256');
}
