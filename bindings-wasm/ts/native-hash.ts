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
  createHash?: (algorithm: string) => { update(data: string | Uint8Array): { digest(encoding: 'hex'): string } };
}

type Digest = (data: string | Uint8Array) => string;

// Body sizes from which the native hash wins, measured in one process on
// Node 20 (x86-64) by signing the same POST with the body and with its
// precomputed digest (`node bench/sign.mjs --hash-threshold`): the one-shot
// `crypto.hash` breaks even at about 150 bytes, `createHash` (a hash object
// per call) at about 400; each threshold sits a little above, where the win
// is clear of noise (10 % at 256, 9 % at 512). Text counts in UTF-16 units,
// never more than its UTF-8 bytes.
const ONE_SHOT_FROM = 256;
const HASH_OBJECT_FROM = 512;

let digest: Digest | null | undefined;
let from = Infinity;

function find(): Digest | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return null;
  let crypto: NodeCrypto | undefined;
  try {
    crypto = proc.getBuiltinModule('node:crypto') as NodeCrypto | undefined;
  } catch {
    return null;
  }
  const { hash, createHash } = crypto ?? {};
  if (typeof hash === 'function') {
    from = ONE_SHOT_FROM;
    return (data) => hash('sha256', data, 'hex');
  }
  if (typeof createHash === 'function') {
    from = HASH_OBJECT_FROM;
    return (data) => createHash('sha256').update(data).digest('hex');
  }
  return null;
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
