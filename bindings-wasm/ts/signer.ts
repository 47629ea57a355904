/**
 * `Signer`: the public face of the engine.
 */
import * as engine from './sigv4kit_wasm.js';
import { assertReady, assertInEngine, engineExport, isReady, ready, memoryBytes, memoryWords } from './wasm.js';
import type { WasmSigner } from './sigv4kit_wasm.js';
import { SigV4Error, rethrow } from './errors.js';
import { Credentials, CredentialSource, sourceFor } from './credentials.js';
import type { CredentialsInput } from './credentials.js';
import { prepareRequest, preparePayload, Mode } from './request.js';
import { nativeDigest } from './native-hash.js';
import { defaultExpiresIn, headerValueSeparator } from './policy.js';
import type { BodyInput, SignableRequest, PreparedRequest } from './request.js';
import type { PresignPostOptions, PresignedPost } from './post-policy.js';

/** The signature algorithms: SigV4 and SigV4a. */
export type SigningAlgorithm = 'AWS4-HMAC-SHA256' | 'AWS4-ECDSA-P256-SHA256';

const SIGV4: SigningAlgorithm = 'AWS4-HMAC-SHA256';
const SIGV4A: SigningAlgorithm = 'AWS4-ECDSA-P256-SHA256';

/** How a signer signs; the defaults are the core's (S3 differs from other services). */
export interface SigningSettings {
  /**
   * `AWS4-HMAC-SHA256` (SigV4, the default) or `AWS4-ECDSA-P256-SHA256`
   * (SigV4a, whose `region` is a region set: `*`, `us-east-1`,
   * `us-east-1,us-west-2`). In browsers and Workers SigV4a needs the
   * `sigv4kit/sigv4a` entry, whose engine carries ECDSA; Node's has it in
   * every entry.
   */
  algorithm?: SigningAlgorithm;
  /** Percent-encode the path once more before signing: `true` for every service but S3. */
  doubleEncodePath?: boolean;
  /** Remove `.`/`..` segments and collapse `//` before signing: `true` for every service but S3. */
  normalizePath?: boolean;
  /** Also send and sign `X-Amz-Content-Sha256`: `true` for S3. */
  contentSha256Header?: boolean;
  /** Add the session token after signing instead of signing it (AWS IoT). */
  omitSessionToken?: boolean;
  /**
   * Sign `UNSIGNED-PAYLOAD` instead of hashing bodies (services that allow it, such as S3). When
   * not given, the core's service default applies: presigned URLs of the S3 family sign
   * `UNSIGNED-PAYLOAD` (as botocore and S3 require), everything else the body's hash.
   */
  unsignedPayload?: boolean;
}

export interface SignerOptions extends SigningSettings {
  /** Region of the credential scope, such as `us-east-1`; for SigV4a the region set. */
  region: string;
  /** Signing name of the service, such as `execute-api`, `s3`, `lambda`. */
  service: string;
  /** Keys, a `Credentials`, or an async provider (memoized until 5 minutes before expiry). */
  credentials: CredentialsInput | Credentials;
}

/** Per-request options. */
export interface SignOptions {
  /** The signing time: a `Date`, milliseconds since the epoch, or an RFC 3339 UTC string. Defaults to `Date.now()`. */
  signingDate?: Date | number | string;
  /** Sign `UNSIGNED-PAYLOAD` for this request. */
  unsignedPayload?: boolean;
  /** The body's SHA-256 in lower-case hex (or a `STREAMING-…` constant), computed elsewhere. */
  payloadHash?: string;
  /** Also return the canonical request and string to sign, to debug a 403. */
  debug?: boolean;
}

export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid, 1 to 604800 (7 days). Defaults to 3600 (the core's default, as botocore and the AWS CLI). */
  expiresIn?: number;
}

/** What signing produced. */
export interface SignedRequest {
  method: string;
  /**
   * Where to send the request: the absolute URL (with the `X-Amz-*` query
   * parameters when presigned), or the target when the request gave one.
   */
  url: string;
  /** The request target (path and query) to send. */
  target: string;
  /**
   * Every header to send, as a plain object: the request's own minus those
   * the signer replaced, plus `X-Amz-Date`, `Authorization` and the rest.
   * A `Host` taken from the URL is signed but not listed (fetch forbids
   * setting it; HTTP clients derive it from the URL the same way).
   */
  headers: Record<string, string>;
  /** The same headers as `[name, value]` pairs, repeated names kept apart. */
  headerList: [string, string][];
  /** The body, as given. */
  body: BodyInput;
  /**
   * The signature: 64 lower-case hex digits (SigV4), or the hex of a
   * DER-encoded ECDSA signature (SigV4a, different on every signer: check it
   * by verifying, not by comparing).
   */
  signature: string;
  /** The `Authorization` header value (header signing only). */
  authorization?: string;
  /** The canonical request that was signed (with `debug: true`). */
  canonicalRequest?: string;
  /** The string to sign (with `debug: true`). */
  stringToSign?: string;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The options of a call that gives none: one object, never written, instead of one per call. */
const NO_OPTIONS: PresignOptions = Object.freeze({});

/**
 * Throws unless the loaded engine signs SigV4a. A plain `Error`, as for an
 * engine not loaded yet: nothing is wrong with the input, the plain browser
 * engine leaves ECDSA out to stay small.
 */
function assertSigV4a(): void {
  if (!engine.hasSigV4a()) {
    throw new Error("SigV4a (AWS4-ECDSA-P256-SHA256) is not in this build's engine: import { Signer } from 'sigv4kit/sigv4a'");
  }
}

/**
 * Signs requests for one region and service. Holds no mutable state besides
 * the memoized credentials, so one signer serves a whole application.
 *
 * ```js
 * const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials });
 * const { url, headers } = await signer.sign({ method: 'GET', url: 'https://…/prod/pets?type=dog' });
 * ```
 */
export class Signer {
  readonly region: string;
  readonly service: string;
  /** `AWS4-HMAC-SHA256` (SigV4) or `AWS4-ECDSA-P256-SHA256` (SigV4a). */
  readonly algorithm: SigningAlgorithm;
  readonly #settings: SigningSettings;
  readonly #credentials: CredentialSource;
  #engine: WasmSigner | undefined;
  #presignUnsignedPayload: boolean | undefined;
  // Where the engine signer's input buffer is, and its size (see #reserve).
  #inputAt = 0;
  #inputRoom = 0;

  constructor(options: SignerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new SigV4Error('invalid_region', 'options', 'invalid options: expected { region, service, credentials }');
    }
    const { region, service, credentials } = options;
    if (typeof region !== 'string') throw new SigV4Error('invalid_region', 'region', 'invalid region: must be a string');
    if (typeof service !== 'string') throw new SigV4Error('invalid_service', 'service', 'invalid service: must be a string');
    const algorithm = options.algorithm ?? SIGV4;
    if (algorithm !== SIGV4 && algorithm !== SIGV4A) {
      throw new TypeError(`invalid algorithm: must be '${SIGV4}' or '${SIGV4A}'`);
    }
    this.region = region;
    this.service = service;
    this.algorithm = algorithm;
    if (algorithm === SIGV4A && isReady()) assertSigV4a();
    this.#settings = {
      doubleEncodePath: flag(options, 'doubleEncodePath'),
      normalizePath: flag(options, 'normalizePath'),
      contentSha256Header: flag(options, 'contentSha256Header'),
      omitSessionToken: flag(options, 'omitSessionToken'),
      unsignedPayload: flag(options, 'unsignedPayload'),
    };
    this.#credentials = sourceFor(credentials);
    // Checked now where the engine is loaded, so a bad region fails here.
    try {
      assertReady('');
      this.#engine = this.#build();
    } catch (err) {
      if (err instanceof SigV4Error) throw err;
    }
  }

  /** The settings in force, defaults filled in. */
  get settings(): Required<SigningSettings> {
    const signer = this.#signer();
    return {
      algorithm: this.algorithm,
      doubleEncodePath: signer.doubleEncodePath,
      normalizePath: signer.normalizePath,
      contentSha256Header: signer.contentSha256Header,
      omitSessionToken: signer.omitSessionToken,
      unsignedPayload: this.#settings.unsignedPayload === true,
    };
  }

  /** Signs with an `Authorization` header. */
  sign(request: SignableRequest, options: SignOptions = NO_OPTIONS): Promise<SignedRequest> {
    return this.#settle(request, options, false);
  }

  /** Presigns: a URL anyone can use until `expiresIn` seconds from now. */
  presign(request: SignableRequest, options: PresignOptions = NO_OPTIONS): Promise<SignedRequest> {
    return this.#settle(request, options, true);
  }

  /**
   * `sign` and `presign`. With the engine loaded and the credentials known
   * (fixed ones, or a provider's still fresh answer) the request is signed
   * at once, as `signSync` would, and the promise comes back settled: no
   * turns of the microtask queue for values already at hand. Otherwise it
   * waits for the engine and the provider. Errors reject either way.
   */
  #settle(request: SignableRequest, options: PresignOptions, presign: boolean): Promise<SignedRequest> {
    if (isReady()) {
      const now = Date.now();
      const credentials = this.#credentials.peek(now);
      if (credentials) {
        try {
          return Promise.resolve(this.#run(request, options, credentials, now, presign ? expiresIn(options) : -1));
        } catch (err) {
          return Promise.reject(err);
        }
      }
    }
    return this.#later(request, options, presign);
  }

  async #later(request: SignableRequest, options: PresignOptions, presign: boolean): Promise<SignedRequest> {
    await ready();
    const now = Date.now();
    const credentials = await this.#credentials.get(now);
    return this.#run(request, options, credentials, now, presign ? expiresIn(options) : -1);
  }

  /**
   * A presigned S3 POST for a browser upload, in this signer's region:
   * `{ url, fields }` for a form or `FormData` (see `post-policy.ts`, a
   * module imported on first use: only the engine of `sigv4kit/full` in
   * browsers presigns POSTs, and pages that never call this never fetch it).
   */
  async presignPost(options: PresignPostOptions): Promise<PresignedPost> {
    assertInEngine('presignPost', 'presignPost()', 'sigv4kit/full');
    await ready();
    const now = Date.now();
    const credentials = await this.#credentials.get(now);
    const { presignPostWith } = await import('./post-policy.js');
    return presignPostWith(this.region, signingTime(options?.signingDate, now), options, {
      SigV4Error,
      rethrow,
      presign: engineExport('presignPost', 'presignPost()', 'sigv4kit/full'),
      credentials: () => Credentials.engineOf(credentials),
    });
  }

  /**
   * Signs synchronously: for fixed credentials (or a provider's still fresh
   * answer) and a loaded engine (always in Node; after `await ready()` in
   * browsers).
   */
  signSync(request: SignableRequest, options: SignOptions = NO_OPTIONS): SignedRequest {
    const now = Date.now();
    return this.#run(request, options, this.#syncCredentials(now, 'signSync'), now, -1);
  }

  /** `presign`, synchronously (see `signSync`). */
  presignSync(request: SignableRequest, options: PresignOptions = NO_OPTIONS): SignedRequest {
    const now = Date.now();
    return this.#run(request, options, this.#syncCredentials(now, 'presignSync'), now, expiresIn(options));
  }

  #syncCredentials(now: number, what: string): Credentials {
    assertReady(what);
    const credentials = this.#credentials.peek(now);
    if (!credentials) {
      throw new SigV4Error(
        'invalid_credentials',
        'credentials',
        `${what} needs fixed credentials, or a provider that already answered; use ${what.replace('Sync', '')}() instead`,
      );
    }
    return credentials;
  }

  /**
   * The credentials `signer` signs with at `now` (resolving its provider):
   * for the chunked-upload module, whose chunk signatures continue the
   * head's with the same key.
   * @internal
   */
  static credentialsAt(signer: Signer, now: number): Promise<Credentials> {
    return Promise.resolve(signer.#credentials.get(now));
  }

  #signer(): WasmSigner {
    if (!this.#engine) {
      assertReady('signing');
      this.#engine = this.#build();
    }
    return this.#engine;
  }

  #build(): WasmSigner {
    const s = this.#settings;
    const sigv4a = this.algorithm === SIGV4A;
    if (sigv4a) assertSigV4a();
    try {
      return new engine.WasmSigner(
        this.region,
        this.service,
        s.doubleEncodePath,
        s.normalizePath,
        s.contentSha256Header,
        s.omitSessionToken,
        sigv4a ? true : undefined,
      );
    } catch (err) {
      return rethrow(err);
    }
  }

  #run(request: SignableRequest, options: SignOptions, credentials: Credentials, now: number, expires: number): SignedRequest {
    const signer = this.#signer();
    const prepared = prepareRequest(request);
    const unsigned =
      options.unsignedPayload ??
      this.#settings.unsignedPayload ??
      (expires >= 0 && options.payloadHash === undefined && this.#presignUnsigned(signer));
    const payload = preparePayload(request.body, unsigned, options.payloadHash, true);
    // A body the runtime hashes faster natively than the engine goes in as
    // its digest (see native-hash.ts); the core signs the same value.
    const body = payload.text ?? payload.bytes;
    const digest = (payload.mode === Mode.Text || payload.mode === Mode.Bytes) && body !== undefined ? nativeDigest(body) : undefined;
    const time = signingTime(options.signingDate, now);
    const debug = options.debug === true;

    // The request crosses once: its fields, NUL-terminated (see the engine's
    // `wire`), then the body, written straight into the engine's memory.
    let packed = prepared.method + '\0' + prepared.target + '\0';
    let count = prepared.headers.length;
    if (prepared.derivedHost !== undefined) {
      packed += 'Host\0' + prepared.derivedHost + '\0';
      count += 1;
    }
    for (const [name, value] of prepared.headers) packed += name + '\0' + value + '\0';
    let mode = payload.mode;
    let textLength: number;
    let bodyLength = 0;
    if (digest !== undefined) {
      // 64 ASCII hex digits: one write for the fields and the digest.
      mode = Mode.Precomputed;
      bodyLength = digest.length;
      textLength = this.#write(signer, packed + digest, 0) - bodyLength;
    } else {
      textLength = this.#write(signer, packed, 0);
      if (payload.text !== undefined) {
        bodyLength = this.#write(signer, payload.text, textLength);
      } else if (payload.bytes !== undefined) {
        bodyLength = payload.bytes.length;
        const at = this.#reserve(signer, textLength + bodyLength);
        memoryBytes().set(payload.bytes, at + textLength);
      }
    }

    const table = signer.sign(
      Credentials.engineOf(credentials),
      textLength,
      count,
      bodyLength,
      mode as number,
      time,
      expires,
      // A URL goes out as the core's wire form (no raw `+` in the query);
      // a target is sent, and signed, byte for byte.
      prepared.origin !== undefined,
      debug,
    );
    // 0: refused, and the engine kept the reason.
    if (table === 0) return rethrow(signer.takeError());
    return assemble(table, prepared, request.body, debug);
  }

  /**
   * The address of the engine signer's input buffer, grown to at least
   * `length` bytes. The address is kept between signatures: the buffer
   * moves only when the engine grows it, here, so a request of the usual
   * size costs no call for it.
   */
  #reserve(signer: WasmSigner, length: number): number {
    if (length > this.#inputRoom) {
      const room = Math.max(length, 2 * this.#inputRoom, 1024);
      this.#inputAt = signer.reserveInput(room);
      this.#inputRoom = room;
    }
    return this.#inputAt;
  }

  /**
   * Writes `text` as UTF-8 into the input buffer at byte `offset`
   * (`TextEncoder.encodeInto`, no intermediate copy) and returns how many
   * bytes it took. Room for one byte per UTF-16 unit is tried first (all of
   * an ASCII text); the rest, if any, gets the worst case of three.
   */
  #write(signer: WasmSigner, text: string, offset: number): number {
    encoder ??= new TextEncoder();
    let room = text.length;
    let at = this.#reserve(signer, offset + room);
    let { read, written } = encoder.encodeInto(text, memoryBytes().subarray(at + offset, at + offset + room));
    while (read < text.length) {
      room = written + (text.length - read) * 3;
      at = this.#reserve(signer, offset + room);
      const more = encoder.encodeInto(text.slice(read), memoryBytes().subarray(at + offset + written, at + offset + room));
      read += more.read;
      written += more.written;
    }
    return written;
  }

  #presignUnsigned(signer: WasmSigner): boolean {
    this.#presignUnsignedPayload ??= signer.presignUnsignedPayload;
    return this.#presignUnsignedPayload;
  }

  toString(): string {
    const id = this.#credentials.accessKeyId;
    const algorithm = this.algorithm === SIGV4A ? `, algorithm: '${SIGV4A}'` : '';
    return `Signer { region: '${this.region}', service: '${this.service}'${algorithm}${id ? `, accessKeyId: '${id}'` : ''} }`;
  }

  toJSON(): Record<string, unknown> {
    return { region: this.region, service: this.service, accessKeyId: this.#credentials.accessKeyId };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

// The conformance code closest to each option, for a mistyped one.
const OPTION_CODES = {
  doubleEncodePath: 'invalid_target',
  normalizePath: 'invalid_target',
  contentSha256Header: 'invalid_payload',
  omitSessionToken: 'invalid_credentials',
  unsignedPayload: 'invalid_payload',
} as const;

function flag(options: SignerOptions, key: keyof typeof OPTION_CODES): boolean | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new SigV4Error(OPTION_CODES[key], key, `invalid ${key}: must be true or false`);
  return value;
}

function expiresIn(options: PresignOptions): number {
  const value = options.expiresIn ?? defaultExpiresIn();
  if (typeof value !== 'number') throw new SigV4Error('invalid_expiry', 'expires_in', 'invalid expiresIn: must be a number of seconds');
  return value < 0 ? 0 : value; // negative: refused by the engine as out of range, never read as "header signing"
}

function signingTime(value: SignOptions['signingDate'], now: number): number {
  if (value === undefined) return now;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    try {
      return engine.parseTime(value);
    } catch (err) {
      return rethrow(err);
    }
  }
  throw new SigV4Error('invalid_timestamp', 'timestamp', 'invalid signingDate: expected a Date, milliseconds or an RFC 3339 string');
}

let encoder: TextEncoder | undefined;
let decoder: TextDecoder | undefined;

/**
 * The names the engine adds, as literals: property keys V8 already knows,
 * cheaper to store than strings fresh from a decode.
 */
function knownName(name: string): string {
  switch (name) {
    case 'X-Amz-Date':
      return 'X-Amz-Date';
    case 'Authorization':
      return 'Authorization';
    case 'X-Amz-Security-Token':
      return 'X-Amz-Security-Token';
    case 'X-Amz-Content-Sha256':
      return 'X-Amz-Content-Sha256';
    default:
      return name;
  }
}

/** Adds a header to the plain-object form, joining a repeated name's values. */
function put(headers: Record<string, string>, join: string, name: string, value: string): void {
  const existing = headers[name];
  headers[name] = existing === undefined ? value : existing + join + value;
}

/**
 * Builds the result from the table the engine's `sign` returned, read in
 * place from its memory: one decode of the result text, then slices at the
 * offsets the table gives. Every header to send is the core's list, in its
 * order (the request's own minus those the core drops, then the added ones);
 * a `Host` taken from the URL is signed but not listed.
 */
function assemble(table: number, prepared: PreparedRequest, body: BodyInput, debug: boolean): SignedRequest {
  const words = memoryWords();
  let t = table >>> 2;
  const textAt = words[t] as number;
  const textLength = words[t + 1] as number;
  const dropped = words[t + 2] as number;
  const added = words[t + 3] as number;
  t += 4;
  decoder ??= new TextDecoder();
  const text = decoder.decode(memoryBytes().subarray(textAt, textAt + textLength));
  const targetEnd = words[t] as number;
  const canonicalEnd = words[t + 1] as number;
  const stringToSignEnd = words[t + 2] as number;
  let end = words[t + 3] as number;
  const signature = text.slice(stringToSignEnd, end);
  t += 4;

  const headerList: [string, string][] = [];
  const headers: Record<string, string> = {};
  const join = headerValueSeparator();
  // The dropped indices count the derived Host, which comes first.
  const shift = prepared.derivedHost === undefined ? 0 : 1;
  const droppedAt = t + 2 * added;
  let next = dropped > 0 ? (words[droppedAt] as number) - shift : -1;
  let d = 1;
  const own = prepared.headers;
  for (let i = 0; i < own.length; i += 1) {
    if (i === next) {
      next = d < dropped ? (words[droppedAt + d] as number) - shift : -1;
      d += 1;
      continue;
    }
    // The pair prepareRequest made, not the caller's: safe to hand out.
    const header = own[i] as [string, string];
    headerList.push(header);
    put(headers, join, header[0], header[1]);
  }
  let authorization: string | undefined;
  for (let a = 0; a < added; a += 1) {
    const nameEnd = words[t] as number;
    const valueEnd = words[t + 1] as number;
    const name = knownName(text.slice(end, nameEnd));
    const value = text.slice(nameEnd, valueEnd);
    headerList.push([name, value]);
    put(headers, join, name, value);
    if (name === 'Authorization') authorization = value;
    end = valueEnd;
    t += 2;
  }
  const target = targetEnd === 0 ? prepared.target : text.slice(0, targetEnd);
  const result: SignedRequest = {
    method: prepared.method,
    url: prepared.origin === undefined ? target : prepared.origin + target,
    target,
    headers,
    headerList,
    body,
    signature,
  };
  if (authorization !== undefined) result.authorization = authorization;
  if (debug) {
    result.canonicalRequest = text.slice(targetEnd, canonicalEnd);
    result.stringToSign = text.slice(canonicalEnd, stringToSignEnd);
  }
  return result;
}
