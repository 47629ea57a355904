/**
 * Turning the many shapes of a JavaScript request (plain-object headers,
 * `Headers`, pairs; string, bytes or `URLSearchParams` bodies; string or
 * `URL` addresses) into what the engine signs: a method, the request target
 * exactly as it goes on the wire, header pairs, and the body bytes.
 */
import { SigV4Error } from './errors.js';

/** A header value: arrays become one header line each (as Node sends them). */
export type HeaderValue = string | number | boolean | readonly (string | number)[] | null | undefined;

/** Headers as a plain object, a fetch `Headers`, or `[name, value]` pairs. */
export type HeadersInput =
  | Record<string, HeaderValue>
  | Headers
  | Iterable<readonly [string, string]>;

/** A body the signer can hash. Streams, `Blob` and `FormData` need `unsignedPayload` or `payloadHash`. */
export type BodyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView | URLSearchParams | null | undefined;

/** A request to sign. */
export interface SignableRequest {
  /** HTTP method; `GET` when absent. */
  method?: string;
  /**
   * The absolute URL the request goes to. Encoded as the WHATWG URL parser
   * (and so `fetch`) encodes it; the `Host` header comes from it unless
   * `headers` has one.
   */
  url?: string | URL;
  /**
   * Instead of `url`: the request target exactly as on the request line
   * (path and query, signed byte for byte), with `Host` among the headers.
   */
  target?: string;
  headers?: HeadersInput;
  body?: BodyInput;
}

/** Payload modes shared with the engine. */
export const enum Mode {
  Empty = 0,
  Text = 1,
  Bytes = 2,
  Unsigned = 3,
  Precomputed = 4,
}

export interface PreparedPayload {
  mode: Mode;
  text: string | undefined;
  bytes: Uint8Array | undefined;
}

export interface PreparedRequest {
  method: string;
  target: string;
  /** Scheme, host and port, when the request had a URL: what a presigned target is appended to. */
  origin: string | undefined;
  /** The caller's headers, in order. */
  headers: [string, string][];
  /** The `Host` signed, when it came from the URL rather than the headers. */
  derivedHost: string | undefined;
}

function bad(code: 'invalid_target' | 'invalid_header' | 'invalid_method' | 'invalid_payload', field: string, reason: string): SigV4Error {
  return new SigV4Error(code, field, `invalid ${field}: ${reason}`);
}

/** Header pairs from any accepted shape, in order. */
export function headerPairs(input: HeadersInput | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (input === undefined || input === null) return pairs;
  if (typeof input !== 'object') throw bad('invalid_header', 'headers', 'expected an object, a Headers or [name, value] pairs');
  if (isHeaders(input)) {
    input.forEach((value, name) => pairs.push([name, value]));
    return pairs;
  }
  if (Symbol.iterator in input) {
    for (const pair of input as Iterable<readonly [string, string]>) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        throw bad('invalid_header', 'headers', 'each pair must be [name, value] strings');
      }
      pairs.push([pair[0], pair[1]]);
    }
    return pairs;
  }
  for (const name of Object.keys(input)) {
    const value = (input as Record<string, HeaderValue>)[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) pairs.push([name, headerText(name, item)]);
    } else {
      pairs.push([name, headerText(name, value)]);
    }
  }
  return pairs;
}

function headerText(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new SigV4Error('invalid_header', 'headers', `invalid header "${printable(name)}": value must be a string, number or array of them`);
}

function isHeaders(value: object): value is Headers {
  return (
    typeof (value as Headers).forEach === 'function' &&
    typeof (value as Headers).get === 'function' &&
    typeof (value as Headers).has === 'function' &&
    !Array.isArray(value) &&
    !(value instanceof Map)
  );
}

/** A name made safe for an error message (escaped, shortened). */
export function printable(name: string): string {
  const shown = JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
  return shown.slice(1, -1);
}

/** Finds a header value by case-insensitive name. */
export function findHeader(pairs: readonly (readonly [string, string])[], name: string): string | undefined {
  for (const [n, v] of pairs) if (n.length === name.length && n.toLowerCase() === name) return v;
  return undefined;
}

/** Method, target, origin and headers of a request. */
export function prepareRequest(request: SignableRequest): PreparedRequest {
  if (typeof request !== 'object' || request === null) {
    throw bad('invalid_target', 'request', 'expected { method, url, headers, body }');
  }
  const method = request.method ?? 'GET';
  if (typeof method !== 'string') throw bad('invalid_method', 'method', 'must be a string');
  const headers = headerPairs(request.headers);
  if (request.url !== undefined) {
    if (request.target !== undefined) throw bad('invalid_target', 'target', 'give url or target, not both');
    const simple = typeof request.url === 'string' ? splitPlainUrl(request.url) : undefined;
    let host: string;
    let origin: string;
    let target: string;
    if (simple !== undefined) {
      [origin, host, target] = simple;
    } else {
      const url = parseUrl(request.url);
      host = url.host;
      origin = `${url.protocol}//${url.host}`;
      target = url.pathname + url.search;
    }
    const givenHost = findHeader(headers, 'host');
    return { method, target, origin, headers, derivedHost: givenHost === undefined ? host : undefined };
  }
  if (typeof request.target !== 'string') throw bad('invalid_target', 'url', 'a request needs a url (or a target and a Host header)');
  return { method, target: request.target, origin: undefined, headers, derivedHost: undefined };
}

// An absolute http(s) URL in the form the WHATWG URL parser returns
// unchanged: lower-case scheme and host name (whose last label starts with a
// letter, so no IPv4 rewriting; no `xn--` label to validate), a port other
// than the scheme's default with no leading zero, and a path and query made
// only of characters the parser neither percent-encodes nor reinterprets
// (no `\`, no `#`, no `'` in the query, nothing outside ASCII). Segments
// starting with `.` or `%2e` fall back to the parser, which may remove them.
const PLAIN_URL =
  /^(https?):\/\/((?:[a-z0-9_-]+\.)*[a-z][a-z0-9_-]*)(?::([1-9][0-9]{0,4}))?((?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)*)(\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*)?$/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

/**
 * `[origin, host, target]` of a URL that `new URL` would leave as written
 * (see `PLAIN_URL`), or `undefined` for every other URL, which then goes
 * through the parser: most signed URLs are plain, and splitting them is
 * several times cheaper than parsing. test/url.test.mjs checks the split
 * against the parser.
 */
export function splitPlainUrl(url: string): [string, string, string] | undefined {
  const m = PLAIN_URL.exec(url);
  if (m === null) return undefined;
  const [, scheme, name, port, path, query] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
  if (name.includes('xn--')) return undefined;
  if (port !== undefined && (Number(port) > 65535 || port === (scheme === 'https' ? '443' : '80'))) return undefined;
  if (DOT_SEGMENT.test(path)) return undefined;
  const host = port === undefined ? name : `${name}:${port}`;
  // An empty query (a lone `?`) is no query, as the parser's `search` says.
  const search = query === undefined || query === '?' ? '' : query;
  return [`${scheme}://${host}`, host, (path === '' ? '/' : path) + search];
}

/** Parses an absolute http(s) URL as `fetch` would. */
export function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    url = typeof input === 'string' ? new URL(input, base) : new URL(input.href);
  } catch {
    throw bad('invalid_target', 'url', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('invalid_target', 'url', 'scheme must be http or https');
  // User info needs an '@'; most URLs have none, which spares two lookups.
  if ((typeof input !== 'string' || input.includes('@')) && (url.username || url.password)) {
    throw bad('invalid_target', 'url', 'must not contain user info; pass credentials separately');
  }
  return url;
}

let encoder: TextEncoder | undefined;

/**
 * The payload of a body. With `keepText`, a text body stays text (`Mode.Text`):
 * the signer writes it into the engine's memory itself, with no copy between.
 */
export function preparePayload(body: unknown, unsigned: boolean, payloadHash: string | undefined, keepText = false): PreparedPayload {
  if (payloadHash !== undefined) {
    if (typeof payloadHash !== 'string') throw bad('invalid_payload', 'payload', 'payloadHash must be a string');
    return { mode: Mode.Precomputed, text: payloadHash, bytes: undefined };
  }
  if (unsigned) return { mode: Mode.Unsigned, text: undefined, bytes: undefined };
  if (body === undefined || body === null) return { mode: Mode.Empty, text: undefined, bytes: undefined };
  // Text is encoded here rather than passed as a string: the engine's string
  // argument path copies character by character in JS, TextEncoder is native.
  if (typeof body === 'string') {
    return keepText ? { mode: Mode.Text, text: body, bytes: undefined } : { mode: Mode.Bytes, text: undefined, bytes: utf8(body) };
  }
  const bytes = bodyBytes(body);
  if (bytes) return { mode: Mode.Bytes, text: undefined, bytes };
  if (body instanceof URLSearchParams) {
    const text = body.toString();
    return keepText ? { mode: Mode.Text, text, bytes: undefined } : { mode: Mode.Bytes, text: undefined, bytes: utf8(text) };
  }
  throw new SigV4Error(
    'invalid_payload',
    'body',
    `invalid body: a ${describe(body)} cannot be hashed before it is sent; pass the bytes, or unsignedPayload: true ` +
      'where the service accepts UNSIGNED-PAYLOAD (S3), or payloadHash computed with PayloadHasher',
  );
}

/** The bytes of a binary body, or `undefined` when it is not binary. */
export function bodyBytes(body: unknown): Uint8Array | undefined {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  // An ArrayBuffer from another realm (a worker, a vm context).
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return new Uint8Array(body as ArrayBuffer);
  return undefined;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  encoder ??= new TextEncoder();
  return encoder.encode(text);
}

function describe(value: unknown): string {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag === 'Object' && value && typeof (value as { pipe?: unknown }).pipe === 'function') return 'stream';
  return tag === 'Object' ? 'plain object (serialize it first)' : tag;
}
