/**
 * Errors: one class, whose `code` is the same string every sigv4kit binding
 * uses (the conformance codes), so code that handles `invalid_header` works
 * whatever language produced it.
 */
import * as engine from './sigv4kit_wasm.js';

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
  | 'invalid_request'
  // POST policies (presignPost).
  | 'invalid_bucket'
  | 'invalid_key'
  | 'invalid_condition'
  | 'invalid_field'
  | 'invalid_endpoint';

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

/** Turns what the engine threw (a `WasmError`) into a `SigV4Error`; anything else is rethrown as is. */
export function rethrow(thrown: unknown): never {
  if (thrown instanceof engine.WasmError) {
    const error = new SigV4Error(thrown.code as SigV4ErrorCode, thrown.field, thrown.message);
    thrown.free();
    throw error;
  }
  throw thrown;
}
