/**
 * `sigv4kit/fetch`: `fetch` with SigV4, in Node 18+ and browsers.
 *
 * The request is signed exactly as `fetch` will send it: the URL as the
 * WHATWG parser encodes it, the `Host` taken from that URL (fetch does not
 * let callers set it), the method normalized as fetch normalizes it, and
 * the body as the bytes fetch sends (a `Blob` is read, a `FormData` is
 * serialized with its boundary first, so that the signed body is the sent
 * body), and the query in the core's wire form: a raw `+` (which
 * `URLSearchParams` and API Gateway read as a space, S3 as a plus) goes out
 * as `%20`. Streams cannot be hashed before they are sent: they are signed as
 * `UNSIGNED-PAYLOAD` when `unsignedPayload` is set, and refused otherwise.
 *
 * With `debug: true` (or `SIGV4KIT_DEBUG=1` in Node), a 403 `Response` gets
 * `response.sigv4kit`: the core's diagnosis of the refusal.
 */
import { SignerPool, signerHeaders } from './integration.js';
import type { IntegrationOptions } from './integration.js';
import { SigV4Error } from './errors.js';
import { ready } from './wasm.js';
import { parseUrl } from './request.js';
import type { BodyInput } from './request.js';
import { debugEnabled, explainMismatch } from './diagnose.js';
import type { Diagnosis } from './diagnose.js';

/** A `Response` to a signed request: with `debug`, a 403 carries the diagnosis. */
export type SignedResponse = Response & { sigv4kit?: Diagnosis };

export interface SignedFetchOptions extends IntegrationOptions {
  /** The `fetch` to call; defaults to the global one. */
  fetch?: typeof fetch;
}

/** `fetch`'s signature: what `createSignedFetch` returns (with `debug`, a 403 carries `sigv4kit`). */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<SignedResponse>;

const pools = new WeakMap<SignedFetchOptions, SignerPool>();

function poolFor(options: SignedFetchOptions): SignerPool {
  let pool = pools.get(options);
  if (!pool) {
    pool = new SignerPool(options);
    pools.set(options, pool);
  }
  return pool;
}

// fetch upper-cases these methods (case-insensitively) and sends others as given.
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

function isRequest(input: unknown): input is Request {
  return typeof Request === 'function' && input instanceof Request;
}

type Sendable = BodyInput | ReadableStream | Blob | FormData;

/** Turns a body into what fetch would send, as bytes where it can. */
async function materialize(body: unknown, headers: Headers): Promise<{ body: Sendable; hashable: boolean }> {
  if (body === undefined || body === null) return { body: undefined, hashable: true };
  if (typeof Blob === 'function' && body instanceof Blob) {
    // fetch sends a Blob's type as Content-Type when none is set.
    if (body.type && !headers.has('content-type')) headers.set('content-type', body.type);
    return { body: new Uint8Array(await body.arrayBuffer()), hashable: true };
  }
  if (typeof FormData === 'function' && body instanceof FormData) {
    // Serialize once, so the boundary fetch would pick at random is the one signed.
    const encoded = new Response(body);
    headers.set('content-type', encoded.headers.get('content-type') as string);
    return { body: new Uint8Array(await encoded.arrayBuffer()), hashable: true };
  }
  if (typeof ReadableStream === 'function' && body instanceof ReadableStream) return { body, hashable: false };
  return { body: body as BodyInput, hashable: true };
}

/** What a `Request` carries besides its URL, method, headers and body, to rebuild it for another URL. */
function requestInit(request: Request): RequestInit {
  const init: RequestInit = {
    cache: request.cache,
    credentials: request.credentials,
    integrity: request.integrity,
    keepalive: request.keepalive,
    redirect: request.redirect,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    signal: request.signal,
  };
  if (request.mode !== 'navigate') init.mode = request.mode;
  return init;
}

/**
 * Signs and sends one request. `options` may be reused across calls (and
 * should be: signers and provider credentials are memoized per options
 * object).
 */
export async function signedFetch(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  options: SignedFetchOptions,
): Promise<SignedResponse> {
  const pool = poolFor(options);
  const send = options.fetch ?? globalThis.fetch;
  if (typeof send !== 'function') throw new Error('no fetch: pass options.fetch');

  const request = isRequest(input) ? input : undefined;
  const url = parseUrl(request ? request.url : input instanceof URL ? input : String(input));
  url.hash = '';
  const method = normalizeMethod(init?.method ?? request?.method ?? 'GET');
  const headers = new Headers(init?.headers ?? request?.headers);
  await ready(); // the signer's headers, the wire form and the host's scope come from the engine
  for (const name of signerHeaders()) headers.delete(name);
  headers.delete('host'); // fetch sends the URL's host; a Host header would be dropped or refused

  let rawBody: unknown = init?.body;
  if (rawBody === undefined && request && request.body !== null) rawBody = await request.clone().arrayBuffer();
  const { body, hashable } = await materialize(rawBody, headers);

  const signer = pool.forHost(url.host);
  if (!hashable && !options.unsignedPayload) {
    throw new SigV4Error(
      'invalid_payload',
      'body',
      'invalid body: a stream cannot be hashed before it is sent; pass the bytes, or unsignedPayload: true where the service accepts UNSIGNED-PAYLOAD (S3)',
    );
  }
  const debug = debugEnabled(options.debug, 'sigv4kit/full/fetch');
  const signed = await signer.sign(
    { method, url, headers, body: hashable ? (body as BodyInput) : undefined },
    { ...(hashable ? {} : { unsignedPayload: true }), ...(debug ? { debug } : {}) },
  );

  const sendInit: RequestInit & { duplex?: 'half' } = {
    ...init,
    method,
    headers: signed.headers,
    body: body as BodyInit | null | undefined,
  };
  if (!hashable) sendInit.duplex = 'half';
  // The signed URL: the core's wire form, no raw `+` in the query.
  const response = !request
    ? send(signed.url, sendInit)
    : send(signed.url === url.href ? new Request(request, sendInit) : new Request(signed.url, { ...requestInit(request), ...sendInit }));
  if (!debug) return response;
  const res: SignedResponse = await response;
  if (res.status === 403) {
    // A clone, so the caller still reads the body as usual.
    const diagnosis = explainMismatch(signed, await res.clone().text());
    Object.defineProperty(res, 'sigv4kit', { value: diagnosis, enumerable: false, configurable: true });
  }
  return res;
}

/**
 * A `fetch` that signs every request:
 *
 * ```js
 * const awsFetch = createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials });
 * const res = await awsFetch('https://abc.execute-api.us-east-1.amazonaws.com/prod/pets');
 * ```
 */
export function createSignedFetch(options: SignedFetchOptions): FetchLike {
  poolFor(options);
  return (input, init) => signedFetch(input, init, options);
}

export { SigV4Error } from './errors.js';
