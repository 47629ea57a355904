/**
 * Errors: one class, whose `code` is the same string every sigv4kit binding
 * uses (the conformance codes), so code that handles `invalid_header` works
 * whatever language produced it.
 */

/** The conformance error codes. */
export type SigV4ErrorCode =
  | 'invalid_method'
  | 'invalid_target'
  | 'invalid_header'
  | 'invalid_credentials'
  | 'invalid_region'
  | 'invalid_service'
  | 'invalid_timestamp'
  | 'invalid_expiry'
  | 'invalid_payload'
  // Verification: a received request that cannot be canonicalized.
  | 'invalid_request';

/**
 * Why a request, credentials or an option were refused. Messages name the
 * field at fault and never show a value: header values and credentials may
 * be secrets, and error messages end up in logs.
 */
export class SigV4Error extends Error {
  /** The conformance code, such as `invalid_header`. */
  readonly code: SigV4ErrorCode;
  /** The input field at fault, such as `headers`, `region` or `secret_access_key`. */
  readonly field: string;

  constructor(code: SigV4ErrorCode, field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigV4Error';
    this.code = code;
    this.field = field;
  }
}

// The engine throws `code US field US message` strings (US = U+001F).
const SEPARATOR = '\u001f';

/** Turns what the engine threw into a `SigV4Error`; anything else is rethrown as is. */
export function rethrow(thrown: unknown): never {
  if (typeof thrown === 'string') {
    const first = thrown.indexOf(SEPARATOR);
    const second = thrown.indexOf(SEPARATOR, first + 1);
    if (first > 0 && second > first) {
      throw new SigV4Error(
        thrown.slice(0, first) as SigV4ErrorCode,
        thrown.slice(first + 1, second),
        thrown.slice(second + 1),
      );
    }
  }
  throw thrown;
}
