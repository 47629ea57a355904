/**
 * Debugging a 403: which part of the signed request AWS disagrees with.
 *
 * A SigV4 refusal often quotes the canonical request and string to sign the
 * service computed (API Gateway's JSON, S3's XML, STS's query XML) or names
 * the clock, the region or the key. The core (`sigv4kit::diagnose`, the same
 * in every binding) compares that with what was signed and names the first
 * part that differs, with its usual cause and a fix. The Axios interceptor
 * and the fetch wrapper attach it to a 403 when `debug: true` (or
 * `SIGV4KIT_DEBUG=1` in Node). Browsers get it from the `sigv4kit/full`
 * entries (`sigv4kit/full/fetch`, `sigv4kit/full/axios`); the plain browser
 * engine leaves it out.
 */
import { assertReady, assertInEngine, engineExport, optionalExport } from './wasm.js';

/** The core's reading of a 403. `toString()` is the report a user reads. */
export interface Diagnosis {
  /** The stable name of the finding: `path`, `query`, `header`, `payload_hash`, `scope_region`, `signing_key`, `clock_skew`, `wrong_region`, … */
  finding: string;
  /** The part in words: `path`, `header content-type`, `scope region`. */
  part: string;
  /** `canonical request` or `string to sign`, when the error quoted one. */
  document?: string;
  /** The line (1-based) that differs. */
  line?: number;
  /** What the service computed or expects (a session token is redacted). */
  expected?: string;
  /** What was signed in its place. */
  signed?: string;
  /** The error code the service sent or implied (`SignatureDoesNotMatch`, …). */
  errorCode?: string;
  /** What usually causes this. */
  cause: string;
  /** What to change. */
  hint: string;
  /** The whole report. */
  text: string;
  toString(): string;
}

/** What was signed: a `SignedRequest` from `sign(…, { debug: true })`, or the two strings. */
export interface SignedStrings {
  canonicalRequest?: string;
  stringToSign?: string;
}

/** A 403 body: text, bytes, or the object a client parsed from JSON. */
export type ErrorBody = string | Uint8Array | ArrayBuffer | object;

function bodyText(body: ErrorBody): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  return JSON.stringify(body) ?? '';
}

/**
 * Explains a 403 answered to `signed`. `responseBody` is the body as
 * received (or the message alone). In browsers, `await ready()` first (the
 * integrations do; Node loads the engine at once).
 *
 * ```js
 * const signed = await signer.sign(request, { debug: true });
 * const res = await fetch(signed.url, { method: signed.method, headers: signed.headers });
 * if (res.status === 403) console.log(String(explainMismatch(signed, await res.text())));
 * ```
 */
export function explainMismatch(signed: SignedStrings, responseBody: ErrorBody): Diagnosis {
  const explain = engineExport('explainMismatch', 'explainMismatch()', 'sigv4kit/full');
  assertReady('explainMismatch()');
  const { canonicalRequest, stringToSign } = signed ?? {};
  if (typeof canonicalRequest !== 'string' || typeof stringToSign !== 'string') {
    throw new TypeError('explainMismatch: signed.canonicalRequest and signed.stringToSign are missing: sign with { debug: true }');
  }
  const d = explain(canonicalRequest, stringToSign, bodyText(responseBody));
  try {
    const text = d.text;
    const out: Diagnosis = {
      finding: d.finding,
      part: d.part,
      cause: d.cause,
      hint: d.hint,
      text,
      toString: () => text,
    };
    const optional = { document: d.document, line: d.line, expected: d.expected, signed: d.signed, errorCode: d.errorCode };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined && value !== null) (out as unknown as Record<string, unknown>)[key] = value;
    }
    Object.defineProperty(out, 'toString', { enumerable: false });
    return out;
  } finally {
    d.free();
  }
}

/** The canonical request and string to sign a 403 quotes (either may be absent). */
export function quotedStrings(responseBody: ErrorBody): SignedStrings {
  const quoted = engineExport('quotedStrings', 'quotedStrings()', 'sigv4kit/full');
  assertReady('quotedStrings()');
  const [canonicalRequest, stringToSign] = quoted(bodyText(responseBody)) as (string | undefined)[];
  const out: SignedStrings = {};
  if (canonicalRequest !== undefined) out.canonicalRequest = canonicalRequest;
  if (stringToSign !== undefined) out.stringToSign = stringToSign;
  return out;
}

/**
 * Whether the integrations diagnose 403s: `option` when given, else
 * whether `SIGV4KIT_DEBUG` (in Node's environment) turns it on.
 */
export function debugEnabled(option: boolean | undefined, entry: string): boolean {
  if (option === true) assertInEngine('explainMismatch', 'debug: true (403 diagnosis)', entry);
  if (option !== undefined) return option;
  // Only Node has an environment, and its engine has diagnosis.
  const enabled = optionalExport('debugEnabled');
  if (enabled === undefined) return false;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return enabled(env?.SIGV4KIT_DEBUG);
}
