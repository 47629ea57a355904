/**
 * Verification, the server side of SigV4 (Node): checks the signature a
 * request presents the way API Gateway's IAM authorizer does, with the same
 * core that signs. For local gateways, test doubles and services that accept
 * SigV4 from their own clients.
 */
import type { IncomingMessage } from 'node:http';
import * as engine from './sigv4kit_wasm.js';
import type { WasmPresented, WasmVerified } from './sigv4kit_wasm.js';
import { Credentials } from './credentials.js';
import type { CredentialsLike } from './credentials.js';
import { rethrow } from './errors.js';
import { prepareRequest, preparePayload } from './request.js';
import type { SignableRequest, BodyInput } from './request.js';

/** Why a signature was not accepted. */
export type VerificationFailure =
  | 'missing_authentication'
  | 'malformed_signature'
  | 'unknown_access_key'
  | 'wrong_scope'
  | 'invalid_session_token'
  | 'signature_expired'
  | 'presigned_url_expired'
  | 'payload_hash_mismatch'
  | 'expired_credentials'
  | 'unsigned_payload_not_allowed'
  | 'streaming_payload_unsupported'
  | 'duplicate_auth_parameter'
  | 'unsigned_header'
  | 'missing_signed_header'
  | 'too_many_signed_headers'
  | 'signature_mismatch'
  | 'malformed_chunk'
  | 'chunk_too_large'
  | 'chunk_signature_mismatch'
  | 'truncated_stream'
  | 'data_after_final_chunk'
  | 'decoded_length_mismatch'
  | 'malformed_trailer'
  | 'trailer_signature_mismatch'
  | 'checksum_mismatch';

// The canonical requests as the verifier computed them, session token
// included, kept out of the objects themselves so that no `util.inspect`,
// `console.log`, `JSON.stringify` or spread of a result or an error shows
// the token; read only through `unredactedCanonicalRequest()`.
const UNREDACTED = new WeakMap<object, string>();

/**
 * A request whose signature was not accepted. `message` is fit for the
 * client (it is what AWS would say); `canonicalRequest` and `stringToSign`
 * (on a mismatch) are the verifier's, for the server's logs, with the
 * session token (`x-amz-security-token:` line, `X-Amz-Security-Token=` in
 * the query) replaced by `** redacted **` by the core's redaction.
 */
export class SignatureVerificationError extends Error {
  readonly code: VerificationFailure;
  /** The access key id presented, when one was. */
  readonly accessKeyId: string | undefined;
  /** The verifier's canonical request, session token redacted (on a mismatch). */
  readonly canonicalRequest: string | undefined;
  /** The verifier's string to sign (on a mismatch); it holds no secret. */
  readonly stringToSign: string | undefined;

  constructor(
    code: VerificationFailure,
    message: string,
    extra: { accessKeyId?: string; canonicalRequest?: string; stringToSign?: string; unredactedCanonicalRequest?: string } = {},
  ) {
    super(message);
    this.name = 'SignatureVerificationError';
    this.code = code;
    this.accessKeyId = extra.accessKeyId;
    this.canonicalRequest = extra.canonicalRequest;
    this.stringToSign = extra.stringToSign;
    if (extra.unredactedCanonicalRequest !== undefined) UNREDACTED.set(this, extra.unredactedCanonicalRequest);
  }

  /**
   * The verifier's canonical request exactly as computed, to diff against
   * the client's. It HOLDS THE SESSION TOKEN when one was signed: never log
   * it. `undefined` unless the refusal is a signature mismatch.
   */
  unredactedCanonicalRequest(): string | undefined {
    return UNREDACTED.get(this) ?? this.canonicalRequest;
  }
}

/** The secret for an access key id, or `undefined` when the key is unknown. */
export type CredentialsLookup = (
  accessKeyId: string,
) => CredentialsLike | Credentials | undefined | Promise<CredentialsLike | Credentials | undefined>;

export interface VerifyOptions {
  /** Finds the credentials (with the session token issued along, if any) of an access key id. */
  credentials: CredentialsLookup;
  /** The region the credential scope must name; any when absent. */
  region?: string;
  /** The service the credential scope must name; any when absent. */
  service?: string;
  /** Whether signers double-encoded the path: `true` for every service but S3. */
  doubleEncodePath?: boolean;
  /** Whether signers normalized the path: `true` for every service but S3. */
  normalizePath?: boolean;
  /** How far a header signature's time may be from now, either way; 300 s by default. */
  maxClockSkewSeconds?: number;
  /** The verifier's time; `Date.now()` by default. */
  now?: Date | number;
  /**
   * Whether a signed `UNSIGNED-PAYLOAD` is accepted. By default AWS's rule:
   * only for the S3 family (`s3`, `s3-object-lambda`, `s3-outposts`, `s3express`).
   */
  allowUnsignedPayload?: boolean;
}

/**
 * What an accepted request was signed with. `canonicalRequest` has the
 * session token redacted (by the core's redaction), so a result can be
 * logged, inspected or serialized whole; `unredactedCanonicalRequest()`
 * returns the canonical request as verified, token included.
 */
export class VerifiedRequest {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  readonly location: 'headers' | 'query';
  readonly signedAt: Date;
  /** The canonical request that matched, session token redacted. */
  readonly canonicalRequest: string;
  /** The string to sign that matched; it holds no secret. */
  readonly stringToSign: string;

  /** @internal Made by `verifyRequest`. */
  constructor(fields: {
    accessKeyId: string;
    region: string;
    service: string;
    location: 'headers' | 'query';
    signedAt: Date;
    canonicalRequest: string;
    stringToSign: string;
    unredactedCanonicalRequest: string;
  }) {
    this.accessKeyId = fields.accessKeyId;
    this.region = fields.region;
    this.service = fields.service;
    this.location = fields.location;
    this.signedAt = fields.signedAt;
    this.canonicalRequest = fields.canonicalRequest;
    this.stringToSign = fields.stringToSign;
    UNREDACTED.set(this, fields.unredactedCanonicalRequest);
  }

  /**
   * The canonical request exactly as verified, to diff against a client's.
   * It HOLDS THE SESSION TOKEN when one was signed: never log it.
   */
  unredactedCanonicalRequest(): string {
    return UNREDACTED.get(this) ?? this.canonicalRequest;
  }

  toString(): string {
    return `VerifiedRequest { accessKeyId: '${this.accessKeyId}', region: '${this.region}', service: '${this.service}', location: '${this.location}', signedAt: ${this.signedAt.toISOString()} }`;
  }
}

function rethrowVerification(thrown: unknown, accessKeyId?: string): never {
  if (thrown instanceof engine.WasmVerifyError) {
    const error = new SignatureVerificationError(thrown.code as VerificationFailure, thrown.message, {
      accessKeyId,
      canonicalRequest: thrown.redactedCanonicalRequest,
      stringToSign: thrown.stringToSign,
      unredactedCanonicalRequest: thrown.canonicalRequest,
    });
    thrown.free();
    throw error;
  }
  return rethrow(thrown);
}

/**
 * The request a Node `http` server received, for `verifyRequest`: the target
 * and headers exactly as they arrived (`rawHeaders`, repeats kept apart).
 */
export function incomingRequest(message: IncomingMessage, body?: BodyInput): SignableRequest {
  const headers: [string, string][] = [];
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i] as string, raw[i + 1] as string]);
  return { method: message.method ?? 'GET', target: message.url ?? '/', headers, body };
}

/**
 * Checks the SigV4 signature of a request (header or presigned URL) and
 * resolves with who signed it; rejects with a `SignatureVerificationError`
 * saying why not.
 *
 * ```js
 * const chunks = []; for await (const c of req) chunks.push(c);
 * const who = await verifyRequest(incomingRequest(req, Buffer.concat(chunks)), {
 *   service: 'execute-api', region: 'us-east-1', credentials: (id) => keys.get(id),
 * });
 * ```
 */
export async function verifyRequest(request: SignableRequest, options: VerifyOptions): Promise<VerifiedRequest> {
  const prepared = prepareRequest(request);
  const payload = preparePayload(request.body, false, undefined);
  let packed = prepared.method + '\0' + prepared.target + '\0';
  let count = prepared.headers.length;
  if (prepared.derivedHost !== undefined) {
    packed += 'Host\0' + prepared.derivedHost + '\0';
    count += 1;
  }
  for (const [name, value] of prepared.headers) packed += name + '\0' + value + '\0';

  let presented: WasmPresented;
  try {
    presented = engine.parseSignature(packed, count);
  } catch (err) {
    return rethrowVerification(err);
  }
  const accessKeyId = presented.accessKeyId;
  const found = await options.credentials(accessKeyId);
  if (!found) {
    throw new SignatureVerificationError('unknown_access_key', 'The security token included in the request is invalid.', { accessKeyId });
  }
  const credentials = found instanceof Credentials ? found : new Credentials(found);
  const now = options.now === undefined ? Date.now() : options.now instanceof Date ? options.now.getTime() : options.now;
  let out: WasmVerified;
  try {
    out = presented.verify(
      Credentials.engineOf(credentials),
      packed,
      count,
      payload.mode as number,
      payload.bytes,
      now,
      options.doubleEncodePath ?? true,
      options.normalizePath ?? true,
      options.maxClockSkewSeconds ?? 300,
      options.region,
      options.service,
      options.allowUnsignedPayload,
    );
  } catch (err) {
    return rethrowVerification(err, accessKeyId);
  }
  const verified = new VerifiedRequest({
    accessKeyId,
    region: out.region,
    service: out.service,
    location: out.location as 'headers' | 'query',
    signedAt: new Date(out.signedAtMs),
    canonicalRequest: out.redactedCanonicalRequest,
    stringToSign: out.stringToSign,
    unredactedCanonicalRequest: out.canonicalRequest,
  });
  out.free();
  return verified;
}
