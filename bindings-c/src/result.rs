//! Results, error objects and the panic boundary.

use core::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::ffi::{copy_out, give, handle, sigv4kit_str, take_back};

/// What a fallible function returns. `SIGV4KIT_OK` is zero; values 1 to 99
/// are the conformance error codes shared by every sigv4kit binding (their
/// names come from `sigv4kit_result_code`), 100 and up are about how the API
/// was called, 200 and up are why a verification refused a request. New values may be added
/// in later versions: treat an unknown one as a failure.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_result {
    /// Success; out-parameters were written.
    SIGV4KIT_OK = 0,
    /// `invalid_method`: the HTTP method is empty or not a token.
    SIGV4KIT_INVALID_METHOD = 1,
    /// `invalid_target`: the request target (path and query) or URL cannot
    /// be signed as given.
    SIGV4KIT_INVALID_TARGET = 2,
    /// `invalid_header`: a header name or value cannot be sent or signed.
    SIGV4KIT_INVALID_HEADER = 3,
    /// `invalid_credentials`: the access key id, secret or session token is
    /// unusable.
    SIGV4KIT_INVALID_CREDENTIALS = 4,
    /// `invalid_region`: empty, or not usable in a credential scope.
    SIGV4KIT_INVALID_REGION = 5,
    /// `invalid_service`: empty, or not usable in a credential scope.
    SIGV4KIT_INVALID_SERVICE = 6,
    /// `invalid_timestamp`: the signing time is malformed or out of range.
    SIGV4KIT_INVALID_TIMESTAMP = 7,
    /// `invalid_expiry`: a presigned URL lifetime outside 1 ..= 604800 s.
    SIGV4KIT_INVALID_EXPIRY = 8,
    /// `invalid_payload`: an unknown payload kind, or a precomputed payload
    /// that is neither a hex SHA-256 nor a known constant.
    SIGV4KIT_INVALID_PAYLOAD = 9,
    /// A required pointer argument was NULL (or `(NULL, n > 0)` was passed
    /// as a string).
    SIGV4KIT_NULL_PARAMETER = 100,
    /// A caller buffer is too small; the size needed was reported.
    SIGV4KIT_BUFFER_TOO_SMALL = 101,
    /// An index past the end of a list.
    SIGV4KIT_INDEX_OUT_OF_RANGE = 102,
    /// An argument outside its documented range (an unknown enum value).
    SIGV4KIT_INVALID_ARGUMENT = 103,
    /// A bug in sigv4kit was caught at the boundary; nothing was written.
    SIGV4KIT_PANIC = 104,
    /// Nothing to load: no credentials in the environment or the profile.
    SIGV4KIT_NOT_FOUND = 105,
    /// Verification: the request carries no SigV4 signature at all.
    SIGV4KIT_MISSING_AUTHENTICATION = 200,
    /// Verification: a signature is there but cannot be read.
    SIGV4KIT_MALFORMED_SIGNATURE = 201,
    /// Verification: the credential scope names another region or service.
    SIGV4KIT_WRONG_SCOPE = 202,
    /// Verification: the session token is missing, unexpected or wrong.
    SIGV4KIT_INVALID_SESSION_TOKEN = 203,
    /// Verification: a header signature's time is too far from now.
    SIGV4KIT_SIGNATURE_EXPIRED = 204,
    /// Verification: a presigned URL's lifetime has passed.
    SIGV4KIT_PRESIGNED_URL_EXPIRED = 205,
    /// Verification: a signed `x-amz-content-sha256` does not match the body.
    SIGV4KIT_PAYLOAD_HASH_MISMATCH = 206,
    /// Verification: the signature does not match the request.
    SIGV4KIT_SIGNATURE_MISMATCH = 207,
    /// Verification failed for a reason this version has no code for (a
    /// code added to the core after this header was generated).
    SIGV4KIT_VERIFICATION_FAILED = 208,
    /// Verification: `invalid_request`, the received request cannot be
    /// canonicalized (a bad header, target or method).
    SIGV4KIT_INVALID_REQUEST = 209,
    /// Verification: `unknown_access_key`, no secret is known for the
    /// presented access key id (the caller's lookup step reports it).
    SIGV4KIT_UNKNOWN_ACCESS_KEY = 210,
    /// Verification: `expired_credentials`, the credentials held for the key
    /// are past their expiration.
    SIGV4KIT_EXPIRED_CREDENTIALS = 211,
    /// Verification: `unsigned_payload_not_allowed`, `UNSIGNED-PAYLOAD` was
    /// signed for a service that checks bodies.
    SIGV4KIT_UNSIGNED_PAYLOAD_NOT_ALLOWED = 212,
    /// Verification: `streaming_payload_unsupported`, a `STREAMING-*`
    /// payload whose chunks cannot be checked (no chunked body was given,
    /// or SigV4a's ECDSA form).
    SIGV4KIT_STREAMING_PAYLOAD_UNSUPPORTED = 213,
    /// Verification: `duplicate_auth_parameter`, an authentication header or
    /// `X-Amz-*` parameter is given twice, or header and query auth at once.
    SIGV4KIT_DUPLICATE_AUTH_PARAMETER = 214,
    /// Verification: `unsigned_header`, `host` is not in SignedHeaders.
    SIGV4KIT_UNSIGNED_HEADER = 215,
    /// Verification: `missing_signed_header`, a header listed in
    /// SignedHeaders is not on the request.
    SIGV4KIT_MISSING_SIGNED_HEADER = 216,
    /// Verification: `too_many_signed_headers`, SignedHeaders lists more
    /// than 256 names.
    SIGV4KIT_TOO_MANY_SIGNED_HEADERS = 217,
    /// Verification: `malformed_chunk`, a chunked body's framing cannot be read.
    SIGV4KIT_MALFORMED_CHUNK = 218,
    /// Verification: `chunk_too_large`, a chunk is larger than the verifier holds.
    SIGV4KIT_CHUNK_TOO_LARGE = 219,
    /// Verification: `chunk_signature_mismatch`, a chunk's signature does not follow from the previous one and its data.
    SIGV4KIT_CHUNK_SIGNATURE_MISMATCH = 220,
    /// Verification: `truncated_stream`, the chunked body ended before its final chunk.
    SIGV4KIT_TRUNCATED_STREAM = 221,
    /// Verification: `data_after_final_chunk`, bytes follow the end of the chunked body.
    SIGV4KIT_DATA_AFTER_FINAL_CHUNK = 222,
    /// Verification: `decoded_length_mismatch`, the data is not as long as x-amz-decoded-content-length says.
    SIGV4KIT_DECODED_LENGTH_MISMATCH = 223,
    /// Verification: `malformed_trailer`, the trailer is missing, undeclared or not the declared checksum.
    SIGV4KIT_MALFORMED_TRAILER = 224,
    /// Verification: `trailer_signature_mismatch`, x-amz-trailer-signature does not match the trailer.
    SIGV4KIT_TRAILER_SIGNATURE_MISMATCH = 225,
    /// Verification: `checksum_mismatch`, the trailing checksum is not the data's.
    SIGV4KIT_CHECKSUM_MISMATCH = 226,
}

use sigv4kit_result::*;

/// Each result with its stable name (NUL-terminated for C) and the text
/// shown when no detailed message is at hand.
#[rustfmt::skip]
const TABLE: [(sigv4kit_result, &str, &str); 43] = [
    (SIGV4KIT_OK, "ok\0", "success"),
    (SIGV4KIT_INVALID_METHOD, "invalid_method\0", "invalid method"),
    (SIGV4KIT_INVALID_TARGET, "invalid_target\0", "invalid target"),
    (SIGV4KIT_INVALID_HEADER, "invalid_header\0", "invalid header"),
    (SIGV4KIT_INVALID_CREDENTIALS, "invalid_credentials\0", "invalid credentials"),
    (SIGV4KIT_INVALID_REGION, "invalid_region\0", "invalid region"),
    (SIGV4KIT_INVALID_SERVICE, "invalid_service\0", "invalid service"),
    (SIGV4KIT_INVALID_TIMESTAMP, "invalid_timestamp\0", "invalid timestamp"),
    (SIGV4KIT_INVALID_EXPIRY, "invalid_expiry\0", "invalid expires_in"),
    (SIGV4KIT_INVALID_PAYLOAD, "invalid_payload\0", "invalid payload"),
    (SIGV4KIT_NULL_PARAMETER, "null_parameter\0", "a required argument was NULL"),
    (SIGV4KIT_BUFFER_TOO_SMALL, "buffer_too_small\0", "the buffer is too small"),
    (SIGV4KIT_INDEX_OUT_OF_RANGE, "index_out_of_range\0", "index out of range"),
    (SIGV4KIT_INVALID_ARGUMENT, "invalid_argument\0", "an argument is out of range"),
    (SIGV4KIT_PANIC, "panic\0", "internal error in sigv4kit (a bug: please report it)"),
    (SIGV4KIT_NOT_FOUND, "not_found\0", "no credentials found"),
    (SIGV4KIT_MISSING_AUTHENTICATION, "missing_authentication\0", "the request is not signed"),
    (SIGV4KIT_MALFORMED_SIGNATURE, "malformed_signature\0", "malformed signature"),
    (SIGV4KIT_WRONG_SCOPE, "wrong_scope\0", "the credential scope is not the expected one"),
    (SIGV4KIT_INVALID_SESSION_TOKEN, "invalid_session_token\0", "the security token included in the request is invalid"),
    (SIGV4KIT_SIGNATURE_EXPIRED, "signature_expired\0", "signature expired"),
    (SIGV4KIT_PRESIGNED_URL_EXPIRED, "presigned_url_expired\0", "presigned URL expired"),
    (SIGV4KIT_PAYLOAD_HASH_MISMATCH, "payload_hash_mismatch\0", "x-amz-content-sha256 does not match the body"),
    (SIGV4KIT_SIGNATURE_MISMATCH, "signature_mismatch\0", "the signature does not match the request"),
    (SIGV4KIT_VERIFICATION_FAILED, "verification_failed\0", "verification failed"),
    (SIGV4KIT_INVALID_REQUEST, "invalid_request\0", "the request cannot be verified"),
    (SIGV4KIT_UNKNOWN_ACCESS_KEY, "unknown_access_key\0", "the access key id is not known"),
    (SIGV4KIT_EXPIRED_CREDENTIALS, "expired_credentials\0", "the credentials have expired"),
    (SIGV4KIT_UNSIGNED_PAYLOAD_NOT_ALLOWED, "unsigned_payload_not_allowed\0", "UNSIGNED-PAYLOAD is not accepted for this service"),
    (SIGV4KIT_STREAMING_PAYLOAD_UNSUPPORTED, "streaming_payload_unsupported\0", "this STREAMING payload cannot be checked"),
    (SIGV4KIT_DUPLICATE_AUTH_PARAMETER, "duplicate_auth_parameter\0", "an authentication parameter is given twice"),
    (SIGV4KIT_UNSIGNED_HEADER, "unsigned_header\0", "a header that must be signed is not"),
    (SIGV4KIT_MISSING_SIGNED_HEADER, "missing_signed_header\0", "a signed header is missing from the request"),
    (SIGV4KIT_TOO_MANY_SIGNED_HEADERS, "too_many_signed_headers\0", "SignedHeaders lists too many names"),
    (SIGV4KIT_MALFORMED_CHUNK, "malformed_chunk\0", "malformed aws-chunked body"),
    (SIGV4KIT_CHUNK_TOO_LARGE, "chunk_too_large\0", "a chunk is too large"),
    (SIGV4KIT_CHUNK_SIGNATURE_MISMATCH, "chunk_signature_mismatch\0", "a chunk signature does not match"),
    (SIGV4KIT_TRUNCATED_STREAM, "truncated_stream\0", "the chunked body is truncated"),
    (SIGV4KIT_DATA_AFTER_FINAL_CHUNK, "data_after_final_chunk\0", "bytes follow the chunked body"),
    (SIGV4KIT_DECODED_LENGTH_MISMATCH, "decoded_length_mismatch\0", "the decoded length does not match"),
    (SIGV4KIT_MALFORMED_TRAILER, "malformed_trailer\0", "malformed trailer"),
    (SIGV4KIT_TRAILER_SIGNATURE_MISMATCH, "trailer_signature_mismatch\0", "the trailer signature does not match"),
    (SIGV4KIT_CHECKSUM_MISMATCH, "checksum_mismatch\0", "the trailing checksum does not match"),
];

impl sigv4kit_result {
    fn entry(raw: u32) -> Option<&'static (sigv4kit_result, &'static str, &'static str)> {
        TABLE.iter().find(|(r, _, _)| *r as u32 == raw)
    }

    fn generic_message(self) -> &'static str {
        Self::entry(self as u32).map_or("unknown result", |e| e.2)
    }
}

/// Why a call failed, before it becomes a result code and (for a caller
/// who asked for one) a `sigv4kit_error`.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    result: sigv4kit_result,
    message: String,
    field: &'static str,
    source: &'static str,
    setting: String,
}

impl Failure {
    pub(crate) fn new(result: sigv4kit_result, message: impl Into<String>) -> Failure {
        Failure {
            result,
            message: message.into(),
            field: "",
            source: "",
            setting: String::new(),
        }
    }

    /// The same failure, naming the input field at fault.
    pub(crate) fn at(mut self, field: &'static str) -> Failure {
        self.field = field;
        self
    }

    #[cfg(test)]
    pub(crate) fn result(&self) -> sigv4kit_result {
        self.result
    }

    #[cfg(test)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    #[cfg(test)]
    pub(crate) fn source(&self) -> &'static str {
        self.source
    }

    #[cfg(test)]
    pub(crate) fn setting(&self) -> &str {
        &self.setting
    }

    /// The same failure, naming the credential source at fault (the
    /// chain's `container`, `assume-role`, ...).
    pub(crate) fn in_source(mut self, source: &'static str) -> Failure {
        self.source = source;
        self
    }

    pub(crate) fn null(what: &'static str) -> Failure {
        Failure::new(SIGV4KIT_NULL_PARAMETER, format!("{what} must not be NULL")).at(what)
    }

    pub(crate) fn buffer_too_small() -> Failure {
        Failure::new(
            SIGV4KIT_BUFFER_TOO_SMALL,
            SIGV4KIT_BUFFER_TOO_SMALL.generic_message(),
        )
    }

    pub(crate) fn not_utf8(result: sigv4kit_result, what: &str) -> Failure {
        Failure::new(
            result,
            format!("{}: {what} is not valid UTF-8", result.generic_message()),
        )
    }
}

/// The C result of each signing error code. The core's code enum may grow
/// (it is `#[non_exhaustive]`), so the match needs a fallback arm; the test
/// below walks `ErrorCode::ALL` so that no code of this core version falls
/// into it.
pub(crate) fn error_result(code: sigv4kit::ErrorCode) -> sigv4kit_result {
    use sigv4kit::ErrorCode as C;
    match code {
        C::InvalidMethod => SIGV4KIT_INVALID_METHOD,
        C::InvalidTarget => SIGV4KIT_INVALID_TARGET,
        C::InvalidHeader => SIGV4KIT_INVALID_HEADER,
        C::InvalidCredentials => SIGV4KIT_INVALID_CREDENTIALS,
        C::InvalidRegion => SIGV4KIT_INVALID_REGION,
        C::InvalidService => SIGV4KIT_INVALID_SERVICE,
        C::InvalidTimestamp => SIGV4KIT_INVALID_TIMESTAMP,
        C::InvalidExpiry => SIGV4KIT_INVALID_EXPIRY,
        C::InvalidPayload => SIGV4KIT_INVALID_PAYLOAD,
        _ => SIGV4KIT_INVALID_ARGUMENT,
    }
}

/// The C result of each verification code. The core's code enum may grow
/// (it is `#[non_exhaustive]`), so the match needs a fallback arm; the test
/// below walks `VerifyErrorCode::ALL` so that no code of this core version
/// falls into it.
pub(crate) fn verify_result(code: sigv4kit::verify::VerifyErrorCode) -> sigv4kit_result {
    use sigv4kit::verify::VerifyErrorCode as C;
    match code {
        C::MissingAuthentication => SIGV4KIT_MISSING_AUTHENTICATION,
        C::MalformedSignature => SIGV4KIT_MALFORMED_SIGNATURE,
        C::InvalidRequest => SIGV4KIT_INVALID_REQUEST,
        C::WrongScope => SIGV4KIT_WRONG_SCOPE,
        C::UnknownAccessKey => SIGV4KIT_UNKNOWN_ACCESS_KEY,
        C::InvalidSessionToken => SIGV4KIT_INVALID_SESSION_TOKEN,
        C::ExpiredCredentials => SIGV4KIT_EXPIRED_CREDENTIALS,
        C::SignatureExpired => SIGV4KIT_SIGNATURE_EXPIRED,
        C::PresignedUrlExpired => SIGV4KIT_PRESIGNED_URL_EXPIRED,
        C::PayloadHashMismatch => SIGV4KIT_PAYLOAD_HASH_MISMATCH,
        C::UnsignedPayloadNotAllowed => SIGV4KIT_UNSIGNED_PAYLOAD_NOT_ALLOWED,
        C::StreamingPayloadUnsupported => SIGV4KIT_STREAMING_PAYLOAD_UNSUPPORTED,
        C::DuplicateAuthParameter => SIGV4KIT_DUPLICATE_AUTH_PARAMETER,
        C::UnsignedHeader => SIGV4KIT_UNSIGNED_HEADER,
        C::MissingSignedHeader => SIGV4KIT_MISSING_SIGNED_HEADER,
        C::TooManySignedHeaders => SIGV4KIT_TOO_MANY_SIGNED_HEADERS,
        C::SignatureMismatch => SIGV4KIT_SIGNATURE_MISMATCH,
        C::MalformedChunk => SIGV4KIT_MALFORMED_CHUNK,
        C::ChunkTooLarge => SIGV4KIT_CHUNK_TOO_LARGE,
        C::ChunkSignatureMismatch => SIGV4KIT_CHUNK_SIGNATURE_MISMATCH,
        C::TruncatedStream => SIGV4KIT_TRUNCATED_STREAM,
        C::DataAfterFinalChunk => SIGV4KIT_DATA_AFTER_FINAL_CHUNK,
        C::DecodedLengthMismatch => SIGV4KIT_DECODED_LENGTH_MISMATCH,
        C::MalformedTrailer => SIGV4KIT_MALFORMED_TRAILER,
        C::TrailerSignatureMismatch => SIGV4KIT_TRAILER_SIGNATURE_MISMATCH,
        C::ChecksumMismatch => SIGV4KIT_CHECKSUM_MISMATCH,
        _ => SIGV4KIT_VERIFICATION_FAILED,
    }
}

impl From<sigv4kit::verify::VerifyError> for Failure {
    fn from(err: sigv4kit::verify::VerifyError) -> Failure {
        let field = match &err {
            sigv4kit::verify::VerifyError::InvalidRequest(inner) => inner.field(),
            _ => "",
        };
        Failure::new(verify_result(err.code()), err.to_string()).at(field)
    }
}

impl From<sigv4kit::chain::ChainError> for Failure {
    /// The chain's own distinction, not its text: no source configured is
    /// `SIGV4KIT_NOT_FOUND`, a configured source that failed is
    /// `SIGV4KIT_INVALID_CREDENTIALS`. The core builds the message, the
    /// source and the setting from names, paths and status codes, never
    /// from a secret or token.
    fn from(err: sigv4kit::chain::ChainError) -> Failure {
        let result = if err.is_not_found() {
            SIGV4KIT_NOT_FOUND
        } else {
            SIGV4KIT_INVALID_CREDENTIALS
        };
        Failure {
            result,
            message: err.to_string(),
            field: "",
            source: err.source(),
            setting: err.setting().to_owned(),
        }
    }
}

impl From<sigv4kit::Error> for Failure {
    fn from(err: sigv4kit::Error) -> Failure {
        // The core's messages name the field and never quote a value.
        Failure::new(error_result(err.error_code()), err.to_string()).at(err.field())
    }
}

/// Why a call failed, in detail: the result, a message that names the input
/// at fault (such as `invalid header "X-Foo": value contains a line break`)
/// and never quotes a value or a secret, and the name of that input field.
/// Functions that can say more than their result code take a last
/// `sigv4kit_error **error_out` argument: pass NULL to get only the code, or
/// the address of a `sigv4kit_error *`, which receives a new error on
/// failure only (free it with `sigv4kit_error_free`). Nothing depends on the
/// calling thread.
///
/// Thread safety: immutable; read it from any thread, free it once.
pub struct sigv4kit_error {
    result: sigv4kit_result,
    message: String,
    field: &'static str,
    source: &'static str,
    setting: String,
}

/// The panic boundary of every export that returns a result and no error
/// object: its result code says everything a caller can act on.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> sigv4kit_result {
    guard_err(core::ptr::null_mut(), body)
}

/// The panic boundary of an export with a `sigv4kit_error **error_out`: on
/// failure, a non-NULL `error_out` (which the caller promises points to
/// writable memory) receives the details.
pub(crate) fn guard_err(
    error_out: *mut *mut sigv4kit_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> sigv4kit_result {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return SIGV4KIT_OK,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::new(SIGV4KIT_PANIC, SIGV4KIT_PANIC.generic_message()),
    };
    let result = failure.result;
    if !error_out.is_null() {
        let Failure {
            result,
            message,
            field,
            source,
            setting,
        } = failure;
        let error = sigv4kit_error {
            result,
            message,
            field,
            source,
            setting,
        };
        // Building the error allocates; a panic there leaves *error_out as
        // it was, and the code still gets out.
        let _ = catch_unwind(AssertUnwindSafe(|| unsafe { give(error_out, error) }));
    }
    result
}

/// The panic boundary of an export that returns a plain value: NULL
/// arguments and panics give `fallback`.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> Option<T>) -> T {
    catch_unwind(AssertUnwindSafe(body))
        .ok()
        .flatten()
        .unwrap_or(fallback)
}

/// The stable name of a result: `"ok"`, one of the conformance error codes
/// such as `"invalid_header"`, or a name for the API-level results such as
/// `"null_parameter"`. Static and NUL-terminated; `"unknown"` for a value
/// this library does not know.
#[no_mangle]
pub extern "C" fn sigv4kit_result_code(result: u32) -> *const c_char {
    let name = sigv4kit_result::entry(result).map_or("unknown\0", |e| e.1);
    name.as_ptr().cast()
}

/// Copies the text of `result` into `buf` (`len` bytes), NUL-terminated: a
/// fixed text per result (such as `invalid header`), built from the value
/// alone. For the detail of a failure (which header, which field), pass a
/// `sigv4kit_error **` to the call and read `sigv4kit_error_message`.
///
/// `*out_n` receives the text's length without the NUL, also when the
/// result is `SIGV4KIT_BUFFER_TOO_SMALL` (then nothing is written to `buf`:
/// retry with `*out_n + 1` bytes).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_result_message(
    result: u32,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sigv4kit_result {
    guard(|| {
        let text = match sigv4kit_result::entry(result) {
            Some(e) => std::borrow::Cow::Borrowed(e.2),
            None => std::borrow::Cow::Owned(format!("unknown result {result}")),
        };
        unsafe { copy_out(&text, buf, len, out_n) }
    })
}

/// The result of the call that made `error` (`SIGV4KIT_NULL_PARAMETER` for
/// NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_result(error: *const sigv4kit_error) -> sigv4kit_result {
    guard_value(SIGV4KIT_NULL_PARAMETER, || {
        Some(unsafe { error.as_ref()? }.result)
    })
}

/// Copies the detailed message of `error` into `buf` (`len` bytes),
/// NUL-terminated. It names the field or header at fault and never quotes a
/// value or a secret. `*out_n` receives its length without the NUL, also
/// with `SIGV4KIT_BUFFER_TOO_SMALL` (then nothing is written to `buf`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_message(
    error: *const sigv4kit_error,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sigv4kit_result {
    guard(|| {
        let error = unsafe { handle(error, "error")? };
        unsafe { copy_out(&error.message, buf, len, out_n) }
    })
}

/// The input field at fault, as every sigv4kit binding names it: `method`,
/// `target`, `headers`, `access_key_id`, `secret_access_key`,
/// `session_token`, `region`, `service`, `timestamp`, `expires_in`,
/// `payload`, `profile`, or the C parameter that was NULL (such as
/// `request.headers`). Empty when no single field is at fault, and for
/// NULL. Static: valid for the life of the program.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_field(error: *const sigv4kit_error) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(unsafe { error.as_ref()? }.field))
    })
}

/// The credential source at fault, for an error of the default chain
/// (`sigv4kit_credentials_from_chain`, `sigv4kit_chain_credentials`): its
/// name as in the chain's results (`assume-role`, `sso`, `container`,
/// `instance-metadata`, ...), or `chain` when no source had credentials.
/// Empty for other errors and for NULL. Static: valid for the life of the
/// program.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_source(error: *const sigv4kit_error) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(unsafe { error.as_ref()? }.source))
    })
}

/// The setting at fault, for an error of the default chain: an environment
/// variable (`AWS_CONTAINER_CREDENTIALS_FULL_URI`) or a profile's setting
/// (`profile dev: source_profile`). Never a value. Empty for other errors
/// and for NULL. Owned by `error`: valid until it is freed.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_setting(error: *const sigv4kit_error) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(&unsafe { error.as_ref()? }.setting))
    })
}

/// Frees an error. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_free(error: *mut sigv4kit_error) {
    let _ = guard(|| {
        unsafe { take_back(error) };
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigv4kit::verify::VerifyErrorCode;
    use sigv4kit::ErrorCode;

    /// Every signing error code of the core has its own C result, whose
    /// name is the core's code, and every conformance result (1 to 99) is
    /// one of them.
    #[test]
    fn every_error_code_has_its_own_result() {
        let mut seen = Vec::new();
        for code in ErrorCode::ALL {
            let result = error_result(code);
            assert_ne!(result, SIGV4KIT_INVALID_ARGUMENT, "{code}");
            let name = sigv4kit_result::entry(result as u32).unwrap().1;
            assert_eq!(name.trim_end_matches('\0'), code.as_str());
            assert!(!seen.contains(&result), "{code}");
            seen.push(result);
        }
        for (result, _, _) in TABLE.iter().filter(|e| (1..100).contains(&(e.0 as u32))) {
            assert!(seen.contains(result), "{result:?} matches no core code");
        }
    }

    /// Every verification result (200 and up, but the fallback) is some
    /// core code's.
    #[test]
    fn every_verify_result_is_a_core_code() {
        let mapped: Vec<_> = VerifyErrorCode::ALL
            .iter()
            .map(|c| verify_result(*c))
            .collect();
        for (result, _, _) in TABLE.iter().filter(|e| e.0 as u32 >= 200) {
            if *result != SIGV4KIT_VERIFICATION_FAILED {
                assert!(mapped.contains(result), "{result:?} matches no core code");
            }
        }
    }

    /// Every verification code of the core has its own C result, whose name
    /// is the core's code: none falls back to `SIGV4KIT_VERIFICATION_FAILED`.
    #[test]
    fn every_verify_code_has_its_own_result() {
        let mut seen = Vec::new();
        for code in VerifyErrorCode::ALL {
            let result = verify_result(code);
            assert_ne!(result, SIGV4KIT_VERIFICATION_FAILED, "{code}");
            let name = sigv4kit_result::entry(result as u32).unwrap().1;
            assert_eq!(name.trim_end_matches('\0'), code.as_str());
            assert!(!seen.contains(&result), "{code}");
            seen.push(result);
        }
    }
}
