//! Core errors as the package's exception classes.
//!
//! The classes are defined in Python (`sigv4kit/errors.py`) so that each can
//! inherit from both `SigV4Error` and the built-in exception a Python user
//! would catch (`ValueError`); this module looks them up once, in
//! `sigv4kit._internal` (the one module of the package the extension
//! imports), and raises them. Messages come from the core's `Display`, which never shows a value,
//! only field and header names.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

const CLASSES: [(&str, &str); 41] = [
    ("invalid_method", "InvalidMethodError"),
    ("invalid_target", "InvalidTargetError"),
    ("invalid_header", "InvalidHeaderError"),
    ("invalid_credentials", "InvalidCredentialsError"),
    ("invalid_region", "InvalidRegionError"),
    ("invalid_service", "InvalidServiceError"),
    ("invalid_timestamp", "InvalidTimestampError"),
    ("invalid_expiry", "InvalidExpiryError"),
    ("invalid_payload", "InvalidPayloadError"),
    // POST policies (`Signer.presign_post`).
    ("invalid_bucket", "InvalidBucketError"),
    ("invalid_key", "InvalidKeyError"),
    ("invalid_condition", "InvalidConditionError"),
    ("invalid_field", "InvalidFieldError"),
    ("invalid_endpoint", "InvalidEndpointError"),
    // Verification verdicts.
    ("missing_authentication", "MissingAuthenticationError"),
    ("malformed_signature", "MalformedSignatureError"),
    ("unknown_access_key", "UnknownAccessKeyError"),
    ("wrong_scope", "WrongScopeError"),
    ("invalid_session_token", "InvalidSessionTokenError"),
    ("signature_expired", "SignatureExpiredError"),
    ("presigned_url_expired", "PresignedUrlExpiredError"),
    ("payload_hash_mismatch", "PayloadHashMismatchError"),
    ("signature_mismatch", "SignatureMismatchError"),
    ("invalid_request", "InvalidRequestError"),
    ("expired_credentials", "ExpiredCredentialsError"),
    (
        "unsigned_payload_not_allowed",
        "UnsignedPayloadNotAllowedError",
    ),
    (
        "streaming_payload_unsupported",
        "StreamingPayloadUnsupportedError",
    ),
    ("duplicate_auth_parameter", "DuplicateAuthParameterError"),
    ("unsigned_header", "UnsignedHeaderError"),
    ("missing_signed_header", "MissingSignedHeaderError"),
    ("too_many_signed_headers", "TooManySignedHeadersError"),
    // aws-chunked bodies.
    ("malformed_chunk", "MalformedChunkError"),
    ("chunk_too_large", "ChunkTooLargeError"),
    ("chunk_signature_mismatch", "ChunkSignatureMismatchError"),
    ("truncated_stream", "TruncatedStreamError"),
    ("data_after_final_chunk", "DataAfterFinalChunkError"),
    ("decoded_length_mismatch", "DecodedLengthMismatchError"),
    ("malformed_trailer", "MalformedTrailerError"),
    (
        "trailer_signature_mismatch",
        "TrailerSignatureMismatchError",
    ),
    ("checksum_mismatch", "ChecksumMismatchError"),
    // Anything else: the base class.
    ("", "SigV4Error"),
];

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TYPES: [PyOnceLock<Py<PyType>>; 41] = [EMPTY; 41];

/// An exception of the class for `code`, with `field` and `message`.
pub fn error(py: Python<'_>, code: &str, field: &str, message: &str) -> PyErr {
    let index = CLASSES
        .iter()
        .position(|(c, _)| *c == code)
        .unwrap_or(CLASSES.len() - 1);
    let class = match TYPES[index].import(py, "sigv4kit._internal", CLASSES[index].1) {
        Ok(class) => class,
        Err(err) => return err,
    };
    let kwargs = PyDict::new(py);
    // A code without a class of its own still reaches the caller as `code`.
    if index == CLASSES.len() - 1 && !code.is_empty() {
        if let Err(err) = kwargs.set_item("code", code) {
            return err;
        }
    }
    if let Err(err) = kwargs.set_item("field", field) {
        return err;
    }
    match class.call((message,), Some(&kwargs)) {
        Ok(instance) => PyErr::from_value(instance),
        Err(err) => err,
    }
}

/// A core error as a Python exception.
pub fn core_error(py: Python<'_>, err: &sigv4kit::Error) -> PyErr {
    error(py, err.code(), err.field(), &err.to_string())
}

/// Converts core results inside binding code.
pub trait IntoPyResult<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, sigv4kit::Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| core_error(py, &e))
    }
}
