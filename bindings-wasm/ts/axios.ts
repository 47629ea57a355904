/**
 * `sigv4kit/axios`: a request interceptor that signs exactly what Axios
 * sends.
 *
 * Axios changes a request after request interceptors run: it applies
 * `transformRequest` (serializing objects to JSON, `URLSearchParams` to
 * text), joins `baseURL`, `url` and `params` with its own serializer, and in
 * Node lets the http adapter re-parse the URL. Signing the config as the
 * interceptor first sees it signs something else than what goes out. So the
 * interceptor does those steps itself, signs their result, and leaves Axios
 * nothing to change:
 *
 * - `transformRequest` is applied here and replaced by a pass-through, so
 *   the signed body is the sent body (a retry of the same config is not
 *   transformed twice);
 * - the request target is computed as the adapter will send it, with Axios'
 *   own `getUri` (so custom `paramsSerializer`s are honoured);
 * - a raw `+` the params serializer wrote for a space goes out as `%20`
 *   (API Gateway reads a raw `+` as a space, S3 as a plus: the core's wire
 *   form means the same to both), and the config is pointed at exactly
 *   that URL;
 * - the headers a signer owns (`Authorization`, `X-Amz-Date`,
 *   `X-Amz-Security-Token`, `X-Amz-Content-Sha256`) left by an earlier
 *   signing (a retry) are removed before signing again;
 * - `Host` is the one Axios sends: a `Host` header if set, else the URL's.
 *
 * `FormData` and `Blob` bodies are serialized to bytes first (and so signed);
 * streams are signed as `UNSIGNED-PAYLOAD` when `unsignedPayload` is set and
 * refused otherwise, never mis-signed.
 *
 * With `debug: true` (or `SIGV4KIT_DEBUG=1` in Node), the request's adapter
 * is wrapped so that a 403 carries the core's diagnosis of the refusal as
 * `error.sigv4kit` (or `response.sigv4kit` when `validateStatus` lets the
 * 403 through).
 */
import axiosDefault from 'axios';
import { SignerPool, signerHeaders } from './integration.js';
import type { IntegrationOptions } from './integration.js';
import { SigV4Error } from './errors.js';
import { ready } from './wasm.js';
import { headerValueSeparator, wireTarget } from './policy.js';
import { bodyBytes } from './request.js';
import type { BodyInput } from './request.js';
import { debugEnabled, explainMismatch } from './diagnose.js';
import type { Diagnosis, SignedStrings } from './diagnose.js';

/** The parts of an Axios request config the interceptor reads and writes. */
export interface AxiosConfigLike {
  url?: string;
  baseURL?: string;
  method?: string;
  headers?: unknown;
  params?: unknown;
  paramsSerializer?: unknown;
  data?: unknown;
  transformRequest?: unknown;
  adapter?: unknown;
  allowAbsoluteUrls?: boolean;
}

/** The parts of the `axios` module the interceptor uses. */
export interface AxiosLike {
  Axios: { prototype: { getUri(config?: object): string } };
  /** Resolves a config's `adapter` (axios 1.6+); needed for `debug`. */
  getAdapter?: (adapters: unknown, config?: object) => AxiosAdapterLike;
}

/** An Axios adapter: sends a config, resolves to a response. */
export type AxiosAdapterLike = (config: object) => Promise<unknown>;

/** What `debug` attaches: the diagnosis of a 403. */
export interface Sigv4DebugInfo {
  sigv4kit?: Diagnosis;
}

// The adapter a debug wrapper stands in for, so a retry of the same config
// unwraps it before choosing how the request is sent.
const WRAPPED = Symbol('sigv4kit.adapter');

/** Attaches the diagnosis to a 403 response (or the error that carries one). */
function attach(target: unknown, signed: SignedStrings): void {
  const response = (target as { response?: { status?: number; data?: unknown } } | null)?.response ?? target;
  const { status, data } = (response ?? {}) as { status?: number; data?: unknown };
  if (status !== 403) return;
  const isBody = typeof data === 'string' || data instanceof Uint8Array || data instanceof ArrayBuffer ||
    (typeof data === 'object' && data !== null && Object.getPrototypeOf(data) === Object.prototype);
  const diagnosis = explainMismatch(signed, isBody ? (data as string | Uint8Array | ArrayBuffer | object) : '');
  Object.defineProperty(target as object, 'sigv4kit', { value: diagnosis, enumerable: false, configurable: true });
}

/** `adapter` sending as before, with a 403's diagnosis attached. */
function debugAdapter(ax: AxiosLike, config: AxiosConfigLike, signed: SignedStrings): AxiosAdapterLike | undefined {
  if (typeof ax.getAdapter !== 'function') return undefined;
  const original = config.adapter;
  const send = ax.getAdapter(original ?? ['xhr', 'http', 'fetch'], config);
  const wrapper = async (cfg: object): Promise<unknown> => {
    try {
      const response = await send(cfg);
      attach(response, signed);
      return response;
    } catch (err) {
      attach(err, signed);
      throw err;
    }
  };
  Object.defineProperty(wrapper, WRAPPED, { value: original });
  return wrapper;
}

interface AxiosHeadersLike {
  set(name: string, value: string): unknown;
  get(name: string): unknown;
  delete(name: string): unknown;
  normalize?(format?: boolean): unknown;
  toJSON(asStrings?: boolean): Record<string, unknown>;
}

export interface Sigv4InterceptorOptions extends IntegrationOptions {
  /**
   * The `axios` module whose `getUri` and `AxiosHeaders` to use; defaults to
   * the `axios` this package resolves. Pass yours if several copies are
   * installed.
   */
  axios?: AxiosLike;
}

/** The interceptor: `client.interceptors.request.use(sigv4Interceptor(options))`. */
export type Sigv4Interceptor = <C extends AxiosConfigLike>(config: C) => Promise<C>;

function isAxiosHeaders(value: unknown): value is AxiosHeadersLike {
  const h = value as AxiosHeadersLike | null | undefined;
  return (
    typeof h === 'object' && h !== null &&
    typeof h.set === 'function' && typeof h.get === 'function' &&
    typeof h.delete === 'function' && typeof h.toJSON === 'function'
  );
}

const BUCKETS = ['common', 'delete', 'get', 'head', 'options', 'post', 'put', 'patch', 'purge', 'link', 'unlink'];

/** A plain-object `headers` (a config not built by Axios), replaced by a merged copy. */
class PlainHeaders implements AxiosHeadersLike {
  readonly #target: Record<string, unknown>;

  constructor(config: AxiosConfigLike) {
    if (typeof config.headers !== 'object' || config.headers === null) config.headers = {};
    const headers = config.headers as Record<string, unknown>;
    // Merge the per-method buckets of an unmerged config (`common`, `get`,
    // `post`, …) as Axios does: common first, then the method's, then the
    // request's own.
    const method = (config.method ?? 'get').toLowerCase();
    const merged: Record<string, unknown> = {};
    for (const bucket of ['common', method]) {
      const values = headers[bucket];
      if (typeof values === 'object' && values !== null) Object.assign(merged, values);
    }
    for (const [name, value] of Object.entries(headers)) {
      if (!BUCKETS.includes(name.toLowerCase())) merged[name] = value;
    }
    config.headers = merged;
    this.#target = merged;
  }

  #key(name: string): string | undefined {
    const lower = name.toLowerCase();
    return Object.keys(this.#target).find((k) => k.toLowerCase() === lower);
  }

  set(name: string, value: string): void {
    const key = this.#key(name);
    if (key !== undefined) delete this.#target[key];
    this.#target[name] = value;
  }

  get(name: string): unknown {
    const key = this.#key(name);
    return key === undefined ? undefined : this.#target[key];
  }

  delete(name: string): void {
    const key = this.#key(name);
    if (key !== undefined) delete this.#target[key];
  }

  toJSON(): Record<string, unknown> {
    return { ...this.#target };
  }
}

function alreadyTransformed<T>(data: T): T {
  return data;
}

// A function adapter is identified by its name; the default list by the
// first one usable here, as Axios resolves it.
function sendsThroughNodeHttp(adapter: unknown): boolean {
  const inNode = typeof process !== 'undefined' && Object.prototype.toString.call(process) === '[object process]';
  const list = Array.isArray(adapter) ? adapter : adapter === undefined ? ['xhr', 'http', 'fetch'] : [adapter];
  for (const item of list) {
    if (typeof item === 'function') return /http/i.test(item.name) || (inNode && !/xhr|fetch/i.test(item.name));
    const name = String(item).toLowerCase();
    if (name === 'xhr' && typeof XMLHttpRequest !== 'undefined') return false;
    if (name === 'http' && inNode) return true;
    if (name === 'fetch' && typeof fetch === 'function') return false;
  }
  return inNode;
}

function isStream(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  if (typeof ReadableStream === 'function' && data instanceof ReadableStream) return true;
  return typeof (data as { pipe?: unknown }).pipe === 'function';
}

/** A fresh ArrayBuffer of exactly these bytes: what every Axios adapter sends as is. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

/**
 * A request interceptor that signs each request with SigV4:
 *
 * ```js
 * const client = axios.create({ baseURL: 'https://abc.execute-api.us-east-1.amazonaws.com/prod' });
 * client.interceptors.request.use(sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials }));
 * ```
 */
export function sigv4Interceptor(options: Sigv4InterceptorOptions): Sigv4Interceptor {
  const pool = new SignerPool(options);
  const ax: AxiosLike = options.axios ?? (axiosDefault as unknown as AxiosLike);
  if (!ax || typeof ax.Axios?.prototype?.getUri !== 'function') {
    throw new Error('sigv4kit/axios needs axios 1.x (pass options.axios)');
  }
  // getUri without merging any instance's defaults: the config is already merged.
  const getUri = (config: object): string => ax.Axios.prototype.getUri.call({ defaults: {} }, config);

  const debug = debugEnabled(options.debug, 'sigv4kit/full/axios');

  return async function sigv4<C extends AxiosConfigLike>(config: C): Promise<C> {
    if (typeof config.adapter === 'function' && WRAPPED in config.adapter) {
      config.adapter = (config.adapter as unknown as Record<symbol, unknown>)[WRAPPED];
    }
    // Axios 1.x hands interceptors an AxiosHeaders; it is used as is (not
    // copied), as it may come from another copy of axios than ours (the ESM
    // and CommonJS builds are two copies), whose classes ours do not know.
    const headers: AxiosHeadersLike = isAxiosHeaders(config.headers) ? config.headers : new PlainHeaders(config);

    if ((config as { auth?: unknown }).auth) {
      throw new SigV4Error('invalid_header', 'headers', 'invalid headers: config.auth sets an Authorization header of its own, which would replace the signature');
    }

    // 1. The body Axios will send.
    let data = config.data;
    const transforms = config.transformRequest;
    for (const fn of Array.isArray(transforms) ? transforms : transforms ? [transforms] : []) {
      if (typeof fn === 'function') data = fn.call(config, data, headers.normalize ? headers.normalize() : headers);
    }
    headers.normalize?.();
    config.transformRequest = [alreadyTransformed];
    let hashable = true;
    if (typeof Blob === 'function' && data instanceof Blob) {
      if (data.type && !headers.get('content-type')) headers.set('Content-Type', data.type);
      data = await data.arrayBuffer();
    } else if (typeof FormData === 'function' && data instanceof FormData) {
      const encoded = new Response(data);
      headers.set('Content-Type', encoded.headers.get('content-type') as string);
      data = await encoded.arrayBuffer();
    } else if (isStream(data) || (typeof data === 'object' && data !== null && typeof (data as { getBoundary?: unknown }).getBoundary === 'function')) {
      hashable = false;
    } else if (data instanceof URLSearchParams) {
      data = data.toString();
    } else if (data !== undefined && data !== null && typeof data !== 'string') {
      const bytes = bodyBytes(data);
      if (!bytes) {
        throw new SigV4Error('invalid_payload', 'body', 'invalid body: after transformRequest the data is neither text nor bytes');
      }
      // Node's http adapter refuses a bare Uint8Array; every adapter sends an ArrayBuffer (or a Buffer) as is.
      const isBuffer = typeof Buffer === 'function' && Buffer.isBuffer(data);
      if (!isBuffer && !(data instanceof ArrayBuffer)) data = ownBuffer(bytes);
    }
    config.data = data;
    if (!hashable && !options.unsignedPayload) {
      throw new SigV4Error(
        'invalid_payload',
        'body',
        'invalid body: a stream or form-data body cannot be hashed before it is sent; pass the bytes, or unsignedPayload: true where the service accepts UNSIGNED-PAYLOAD (S3)',
      );
    }

    // 2. The request target and host the adapter will send.
    const nodeHttp = sendsThroughNodeHttp(config.adapter);
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    let url: URL;
    let target: string;
    try {
      if (nodeHttp) {
        // Node's adapter parses baseURL + url, then appends the serialized params.
        url = new URL(getUri({ baseURL: config.baseURL, url: config.url, allowAbsoluteUrls: config.allowAbsoluteUrls }), base);
        target = getUri({ url: url.pathname + url.search, params: config.params, paramsSerializer: config.paramsSerializer });
      } else {
        // The browser adapters hand the joined URL to XMLHttpRequest or fetch, which re-encode it.
        url = new URL(getUri({ ...config, headers: undefined, data: undefined }), base);
        target = url.pathname + url.search;
      }
    } catch {
      throw new SigV4Error('invalid_target', 'url', 'invalid url: baseURL + url is not an absolute http(s) URL');
    }
    if (nodeHttp && /[^\x21-\x7e]/.test(target)) {
      throw new SigV4Error('invalid_target', 'url', 'invalid url: the serialized params hold spaces or non-ASCII characters, which Node cannot send');
    }

    // The core's wire form of the target: no raw `+` in the query. Axios is
    // then told to send exactly this URL, with nothing left to serialize.
    await ready(); // the wire form, the signer's headers and the host's scope come from the engine
    // Every adapter parses the URL it is given (WHATWG), so the target
    // signed is that parse of the wire form.
    const sent = new URL(url.origin + wireTarget(target));
    target = sent.pathname + sent.search;
    config.url = sent.href;
    config.baseURL = undefined;
    config.params = undefined;

    // 3. Sign what is left after dropping stale signatures.
    const owned = signerHeaders();
    for (const name of owned) headers.delete(name);
    const pairs: [string, string][] = [];
    for (const [name, value] of Object.entries(headers.toJSON())) {
      if (value === undefined || value === null || value === false) continue;
      if (Array.isArray(value)) {
        if (nodeHttp) for (const item of value) pairs.push([name, String(item)]);
        else pairs.push([name, value.join(headerValueSeparator())]);
      } else {
        pairs.push([name, String(value)]);
      }
    }
    if (!pairs.some(([name]) => name.toLowerCase() === 'host')) pairs.push(['Host', url.host]);

    const method = (config.method ?? 'get').toUpperCase();
    const signer = pool.forHost(url.host);
    const signed = await signer.sign(
      { method, target, headers: pairs, body: hashable ? (data as BodyInput) : undefined },
      { ...(hashable ? {} : { unsignedPayload: true }), ...(debug ? { debug } : {}) },
    );
    for (const [name, value] of signed.headerList) {
      if (owned.includes(name.toLowerCase())) headers.set(name, value);
    }
    if (debug) {
      const adapter = debugAdapter(ax, config, signed);
      if (adapter) config.adapter = adapter;
    }
    // The Host only went into the signature; Axios' adapter sets the same one.
    return config;
  };
}

export { SigV4Error } from './errors.js';
