//! Results, error messages and the panic boundary.

use core::cell::RefCell;
use core::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::ffi::copy_out;

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
    /// payload was signed; chunk signatures are not verified yet.
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
}

use sigv4kit_result::*;

/// Each result with its stable name (NUL-terminated for C) and the text
/// shown when no detailed message is at hand.
#[rustfmt::skip]
const TABLE: [(sigv4kit_result, &str, &str); 34] = [
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
    (SIGV4KIT_STREAMING_PAYLOAD_UNSUPPORTED, "streaming_payload_unsupported\0", "STREAMING payloads are not supported"),
    (SIGV4KIT_DUPLICATE_AUTH_PARAMETER, "duplicate_auth_parameter\0", "an authentication parameter is given twice"),
    (SIGV4KIT_UNSIGNED_HEADER, "unsigned_header\0", "a header that must be signed is not"),
    (SIGV4KIT_MISSING_SIGNED_HEADER, "missing_signed_header\0", "a signed header is missing from the request"),
    (SIGV4KIT_TOO_MANY_SIGNED_HEADERS, "too_many_signed_headers\0", "SignedHeaders lists too many names"),
];

impl sigv4kit_result {
    fn entry(raw: u32) -> Option<&'static (sigv4kit_result, &'static str, &'static str)> {
        TABLE.iter().find(|(r, _, _)| *r as u32 == raw)
    }

    fn generic_message(self) -> &'static str {
        Self::entry(self as u32).map_or("unknown result", |e| e.2)
    }
}

/// Why a call failed, before it becomes a result code and a message.
#[derive(Debug)]
pub(crate) struct Failure {
    result: sigv4kit_result,
    message: String,
}

impl Failure {
    pub(crate) fn new(result: sigv4kit_result, message: impl Into<String>) -> Failure {
        Failure {
            result,
            message: message.into(),
        }
    }

    pub(crate) fn null(what: &'static str) -> Failure {
        Failure::new(SIGV4KIT_NULL_PARAMETER, format!("{what} must not be NULL"))
    }

    pub(crate) fn buffer_too_small() -> Failure {
        Failure::new(
            SIGV4KIT_BUFFER_TOO_SMALL,
            SIGV4KIT_BUFFER_TOO_SMALL.generic_message(),
        )
    }

    pub(crate) fn not_utf8(result: sigv4kit_result, field: &str) -> Failure {
        Failure::new(
            result,
            format!("{}: {field} is not valid UTF-8", result.generic_message()),
        )
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
        _ => SIGV4KIT_VERIFICATION_FAILED,
    }
}

impl From<sigv4kit::verify::VerifyError> for Failure {
    fn from(err: sigv4kit::verify::VerifyError) -> Failure {
        Failure::new(verify_result(err.code()), err.to_string())
    }
}

impl From<sigv4kit::Error> for Failure {
    fn from(err: sigv4kit::Error) -> Failure {
        let result = match err.code() {
            "invalid_method" => SIGV4KIT_INVALID_METHOD,
            "invalid_target" => SIGV4KIT_INVALID_TARGET,
            "invalid_header" => SIGV4KIT_INVALID_HEADER,
            "invalid_credentials" => SIGV4KIT_INVALID_CREDENTIALS,
            "invalid_region" => SIGV4KIT_INVALID_REGION,
            "invalid_service" => SIGV4KIT_INVALID_SERVICE,
            "invalid_timestamp" => SIGV4KIT_INVALID_TIMESTAMP,
            "invalid_expiry" => SIGV4KIT_INVALID_EXPIRY,
            "invalid_payload" => SIGV4KIT_INVALID_PAYLOAD,
            _ => SIGV4KIT_INVALID_ARGUMENT,
        };
        // The core's messages name the field and never quote a value.
        Failure::new(result, err.to_string())
    }
}

thread_local! {
    /// The last failure on this thread, for `sigv4kit_error_message`.
    static LAST: RefCell<Option<(sigv4kit_result, String)>> = const { RefCell::new(None) };
}

fn record(failure: Failure) -> sigv4kit_result {
    let Failure { result, message } = failure;
    // During thread teardown the slot may be gone; the code still gets out.
    let _ = LAST.try_with(|last| *last.borrow_mut() = Some((result, message)));
    result
}

/// The panic boundary of every export that returns a result.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> sigv4kit_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => SIGV4KIT_OK,
        Ok(Err(failure)) => record(failure),
        Err(_) => record(Failure::new(
            SIGV4KIT_PANIC,
            SIGV4KIT_PANIC.generic_message(),
        )),
    }
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

/// Copies the message of `result` into `buf` (`len` bytes), NUL-terminated.
///
/// When `result` is what the last failing call on this thread returned, the
/// message is that call's detailed one, which names the field at fault (such
/// as `invalid header "X-Foo": value contains a line break`) and never
/// quotes a value or a secret; otherwise it is a generic text for `result`.
/// So call it on the same thread, right after the call that failed.
///
/// `*out_n` receives the message length without the NUL, also when the
/// result is `SIGV4KIT_BUFFER_TOO_SMALL` (then nothing is written to `buf`:
/// retry with `*out_n + 1` bytes). This function does not itself replace the
/// remembered failure, so a retry returns the same message.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_error_message(
    result: u32,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sigv4kit_result {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let known = sigv4kit_result::entry(result).map(|e| e.0);
        let detailed = LAST
            .try_with(|last| match &*last.borrow() {
                Some((r, message)) if Some(*r) == known => Some(message.clone()),
                _ => None,
            })
            .ok()
            .flatten();
        let text = detailed.unwrap_or_else(|| match known {
            Some(r) => r.generic_message().to_owned(),
            None => format!("unknown result {result}"),
        });
        unsafe { copy_out(&text, buf, len, out_n) }
    }));
    match outcome {
        Ok(Ok(())) => SIGV4KIT_OK,
        Ok(Err(failure)) => failure.result,
        Err(_) => SIGV4KIT_PANIC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigv4kit::verify::VerifyErrorCode;

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
