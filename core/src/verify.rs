//! Verification: the server side of SigV4, as API Gateway's IAM authorizer
//! does it.
//!
//! Verification is two steps so that a server can look up the secret between
//! them: [`parse_signature`] reads what the request presents (and says whether
//! it is signed at all), then [`PresentedSignature::verify`] rebuilds the
//! canonical request with the same code the signer uses and compares
//! signatures in constant time. A mismatch carries the canonical request and
//! string to sign the server expected, so a client can diff them.
//!
//! It refuses what AWS refuses, each with its own [`VerifyErrorCode`]: a
//! repeated authentication parameter, a `SignedHeaders` list that leaves out
//! `host` or names a header the request lacks, expired credentials, signed
//! `STREAMING-*` payloads (their chunk signatures are not checked yet), and
//! `UNSIGNED-PAYLOAD` outside the S3 family unless [`VerifySettings`] allows
//! it. A query holding a `%` not followed by two hex digits is refused as an
//! invalid target (`invalid_request`), by the signer as well: aws-c-auth
//! refuses it, and a `%` read two ways is a request verified for something
//! other than what it does.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cmp::Ordering;
use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::chunked::{ChecksumAlgorithm, ChunkedDecoder, ChunkedMode, ChunkedSummary};
use crate::encoding::decode;
use crate::payload::check_precomputed;
use crate::redact;
use crate::sign::canonical::{self, Parts, QueryParams};
use crate::sign::presign::{Param, MAX_EXPIRES_IN};
use crate::sign::string_to_sign::Scope;
use crate::sign::{PathRules, SignatureLocation};
use crate::{Algorithm, Credentials, Error, Payload, Request, SigningTime, UNSIGNED_PAYLOAD};

/// The services for which AWS accepts a signed `UNSIGNED-PAYLOAD`: the S3
/// family. Every other service checks the body against the signature, so a
/// verifier standing in for one must not let a client switch that off.
pub const UNSIGNED_PAYLOAD_SERVICES: [&str; 4] =
    ["s3", "s3-object-lambda", "s3-outposts", "s3express"];

/// The most names a `SignedHeaders` list may hold. Real clients sign a
/// handful; the bound keeps a hostile list from costing more than a request
/// is worth (the header block of any HTTP server is bounded anyway).
pub const MAX_SIGNED_HEADERS: usize = 256;

/// How strictly to verify. Build it with [`VerifySettings::new`] and the
/// `with_*` methods: fields may be added, so it cannot be built literally
/// outside this crate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifySettings {
    /// How the signer signed the path ([`PathRules::STANDARD`] for every
    /// service but S3, [`PathRules::S3`] for it).
    pub path_rules: PathRules,
    /// How far a header signature's time may be from now, either way.
    pub max_clock_skew_secs: i64,
    /// The region the credential scope must name; `None` accepts any.
    pub region: Option<String>,
    /// The service the credential scope must name; `None` accepts any.
    pub service: Option<String>,
    /// Whether a signed `UNSIGNED-PAYLOAD` is accepted. `None` follows AWS:
    /// only for the services of [`UNSIGNED_PAYLOAD_SERVICES`] (by the
    /// credential scope's service).
    pub allow_unsigned_payload: Option<bool>,
    /// The largest chunk of an `aws-chunked` body accepted: a signed chunk
    /// is held until its signature is checked.
    pub max_chunk_size: usize,
}

impl Default for VerifySettings {
    fn default() -> Self {
        VerifySettings {
            path_rules: PathRules::STANDARD,
            max_clock_skew_secs: 300,
            region: None,
            service: None,
            allow_unsigned_payload: None,
            max_chunk_size: crate::chunked::DEFAULT_MAX_CHUNK_SIZE,
        }
    }
}

impl VerifySettings {
    /// The defaults: double-encoded, normalized paths, 300 s of clock skew,
    /// any scope, AWS's unsigned-payload rule.
    pub fn new() -> Self {
        VerifySettings::default()
    }

    /// How the signer signed the path ([`PathRules::S3`] for S3).
    pub fn with_path_rules(mut self, rules: PathRules) -> Self {
        self.path_rules = rules;
        self
    }

    /// How far a header signature's time may be from now, in seconds.
    pub fn with_max_clock_skew_secs(mut self, value: i64) -> Self {
        self.max_clock_skew_secs = value;
        self
    }

    /// The region the credential scope must name (`None`: any).
    pub fn with_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }

    /// The service the credential scope must name (`None`: any).
    pub fn with_service(mut self, service: Option<String>) -> Self {
        self.service = service;
        self
    }

    /// Whether a signed `UNSIGNED-PAYLOAD` is accepted (`None`: AWS's rule).
    pub fn with_allow_unsigned_payload(mut self, value: Option<bool>) -> Self {
        self.allow_unsigned_payload = value;
        self
    }

    /// The largest `aws-chunked` chunk accepted.
    pub fn with_max_chunk_size(mut self, value: usize) -> Self {
        self.max_chunk_size = value;
        self
    }

    /// Whether `UNSIGNED-PAYLOAD` is accepted for a scope naming `service`.
    pub fn unsigned_payload_allowed(&self, service: &str) -> bool {
        self.allow_unsigned_payload
            .unwrap_or_else(|| UNSIGNED_PAYLOAD_SERVICES.contains(&service))
    }
}

/// The stable, machine-readable name of a [`VerifyError`]: the same string in
/// every binding and in the conformance results. New codes may be added, so
/// matching on it outside this crate needs a fallback arm; [`ALL`] lists
/// every code, for a binding to test that its own mapping is complete.
///
/// [`ALL`]: VerifyErrorCode::ALL
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyErrorCode {
    /// `missing_authentication`
    MissingAuthentication,
    /// `malformed_signature`
    MalformedSignature,
    /// `invalid_request`
    InvalidRequest,
    /// `wrong_scope`
    WrongScope,
    /// `unknown_access_key`
    UnknownAccessKey,
    /// `invalid_session_token`
    InvalidSessionToken,
    /// `expired_credentials`
    ExpiredCredentials,
    /// `signature_expired`
    SignatureExpired,
    /// `presigned_url_expired`
    PresignedUrlExpired,
    /// `payload_hash_mismatch`
    PayloadHashMismatch,
    /// `unsigned_payload_not_allowed`
    UnsignedPayloadNotAllowed,
    /// `streaming_payload_unsupported`
    StreamingPayloadUnsupported,
    /// `duplicate_auth_parameter`
    DuplicateAuthParameter,
    /// `unsigned_header`
    UnsignedHeader,
    /// `missing_signed_header`
    MissingSignedHeader,
    /// `too_many_signed_headers`
    TooManySignedHeaders,
    /// `signature_mismatch`
    SignatureMismatch,
    /// `malformed_chunk`
    MalformedChunk,
    /// `chunk_too_large`
    ChunkTooLarge,
    /// `chunk_signature_mismatch`
    ChunkSignatureMismatch,
    /// `truncated_stream`
    TruncatedStream,
    /// `data_after_final_chunk`
    DataAfterFinalChunk,
    /// `decoded_length_mismatch`
    DecodedLengthMismatch,
    /// `malformed_trailer`
    MalformedTrailer,
    /// `trailer_signature_mismatch`
    TrailerSignatureMismatch,
    /// `checksum_mismatch`
    ChecksumMismatch,
}

impl VerifyErrorCode {
    /// Every code, in a fixed order.
    pub const ALL: [VerifyErrorCode; 26] = [
        VerifyErrorCode::MissingAuthentication,
        VerifyErrorCode::MalformedSignature,
        VerifyErrorCode::InvalidRequest,
        VerifyErrorCode::WrongScope,
        VerifyErrorCode::UnknownAccessKey,
        VerifyErrorCode::InvalidSessionToken,
        VerifyErrorCode::ExpiredCredentials,
        VerifyErrorCode::SignatureExpired,
        VerifyErrorCode::PresignedUrlExpired,
        VerifyErrorCode::PayloadHashMismatch,
        VerifyErrorCode::UnsignedPayloadNotAllowed,
        VerifyErrorCode::StreamingPayloadUnsupported,
        VerifyErrorCode::DuplicateAuthParameter,
        VerifyErrorCode::UnsignedHeader,
        VerifyErrorCode::MissingSignedHeader,
        VerifyErrorCode::TooManySignedHeaders,
        VerifyErrorCode::SignatureMismatch,
        VerifyErrorCode::MalformedChunk,
        VerifyErrorCode::ChunkTooLarge,
        VerifyErrorCode::ChunkSignatureMismatch,
        VerifyErrorCode::TruncatedStream,
        VerifyErrorCode::DataAfterFinalChunk,
        VerifyErrorCode::DecodedLengthMismatch,
        VerifyErrorCode::MalformedTrailer,
        VerifyErrorCode::TrailerSignatureMismatch,
        VerifyErrorCode::ChecksumMismatch,
    ];

    /// The code as the conformance contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyErrorCode::MissingAuthentication => "missing_authentication",
            VerifyErrorCode::MalformedSignature => "malformed_signature",
            VerifyErrorCode::InvalidRequest => "invalid_request",
            VerifyErrorCode::WrongScope => "wrong_scope",
            VerifyErrorCode::UnknownAccessKey => "unknown_access_key",
            VerifyErrorCode::InvalidSessionToken => "invalid_session_token",
            VerifyErrorCode::ExpiredCredentials => "expired_credentials",
            VerifyErrorCode::SignatureExpired => "signature_expired",
            VerifyErrorCode::PresignedUrlExpired => "presigned_url_expired",
            VerifyErrorCode::PayloadHashMismatch => "payload_hash_mismatch",
            VerifyErrorCode::UnsignedPayloadNotAllowed => "unsigned_payload_not_allowed",
            VerifyErrorCode::StreamingPayloadUnsupported => "streaming_payload_unsupported",
            VerifyErrorCode::DuplicateAuthParameter => "duplicate_auth_parameter",
            VerifyErrorCode::UnsignedHeader => "unsigned_header",
            VerifyErrorCode::MissingSignedHeader => "missing_signed_header",
            VerifyErrorCode::TooManySignedHeaders => "too_many_signed_headers",
            VerifyErrorCode::SignatureMismatch => "signature_mismatch",
            VerifyErrorCode::MalformedChunk => "malformed_chunk",
            VerifyErrorCode::ChunkTooLarge => "chunk_too_large",
            VerifyErrorCode::ChunkSignatureMismatch => "chunk_signature_mismatch",
            VerifyErrorCode::TruncatedStream => "truncated_stream",
            VerifyErrorCode::DataAfterFinalChunk => "data_after_final_chunk",
            VerifyErrorCode::DecodedLengthMismatch => "decoded_length_mismatch",
            VerifyErrorCode::MalformedTrailer => "malformed_trailer",
            VerifyErrorCode::TrailerSignatureMismatch => "trailer_signature_mismatch",
            VerifyErrorCode::ChecksumMismatch => "checksum_mismatch",
        }
    }
}

impl fmt::Display for VerifyErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a request was not accepted.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// Neither an `Authorization` header nor `X-Amz-*` query parameters.
    MissingAuthentication,
    /// A SigV4 signature is there but cannot be read.
    Malformed {
        /// What is wrong, in the words a client needs to fix it.
        reason: String,
    },
    /// The request itself cannot be canonicalized (bad header, target, method).
    InvalidRequest(Error),
    /// The credential scope names another region or service.
    WrongScope {
        /// Which part of the scope is wrong.
        reason: String,
    },
    /// The server knows no secret for the presented access key id. The core
    /// never looks keys up; a server's lookup step reports this.
    UnknownAccessKey,
    /// The session token is missing, unexpected, or not the one issued with
    /// the access key.
    InvalidSessionToken,
    /// The credentials the server holds for the access key have expired
    /// (temporary credentials past their expiration).
    ExpiredCredentials {
        /// When they expired, in seconds since the epoch.
        expiration: i64,
        /// The verifier's time.
        now: SigningTime,
    },
    /// A header signature's time is too far from now.
    SignatureExpired {
        /// When the request says it was signed.
        signed_at: SigningTime,
        /// The verifier's time.
        now: SigningTime,
    },
    /// A presigned URL's lifetime has passed.
    PresignedUrlExpired {
        /// When the URL stopped being valid.
        expired_at: SigningTime,
        /// The verifier's time.
        now: SigningTime,
    },
    /// A signed `x-amz-content-sha256` does not match the body.
    PayloadHashMismatch,
    /// The request signs `UNSIGNED-PAYLOAD` for a service that checks bodies.
    UnsignedPayloadNotAllowed {
        /// The service of the credential scope.
        service: String,
    },
    /// The request signs a `STREAMING-*` payload whose chunks cannot be
    /// checked here: the caller gave no chunked body (only a digest, or
    /// nothing) to [`PresentedSignature::verify`], or it is SigV4a's ECDSA
    /// form. Accepting it would leave the body unchecked.
    StreamingPayloadUnsupported,
    /// An authentication parameter is given twice (two `Authorization`
    /// headers, a repeated `X-Amz-*` query parameter or header), or both
    /// header and query authentication are present.
    DuplicateAuthParameter {
        /// Which parameter.
        name: &'static str,
    },
    /// A header that must be signed is not in `SignedHeaders`.
    UnsignedHeader {
        /// The header name, lower case.
        name: &'static str,
    },
    /// A header listed in `SignedHeaders` is not on the request.
    MissingSignedHeader {
        /// The header name as listed (escaped).
        name: String,
    },
    /// `SignedHeaders` lists more than [`MAX_SIGNED_HEADERS`] names.
    TooManySignedHeaders {
        /// How many it lists.
        count: usize,
    },
    /// The signature does not match the request.
    SignatureMismatch {
        /// The canonical request the verifier built.
        canonical_request: String,
        /// The string to sign the verifier built.
        string_to_sign: String,
    },
    /// A chunked body's framing cannot be read (a size line, a missing
    /// CRLF, a size that does not match the data).
    MalformedChunk {
        /// What is wrong.
        reason: &'static str,
    },
    /// A chunk is larger than the verifier holds.
    ChunkTooLarge {
        /// The size the chunk declares.
        size: u64,
        /// The largest accepted.
        max: u64,
    },
    /// A chunk's signature does not follow from the previous one and its
    /// data: the chunk was changed, dropped, reordered or re-framed.
    ChunkSignatureMismatch {
        /// Which chunk (0 is the first; the final empty chunk counts).
        index: u64,
    },
    /// The body ended before its final chunk (or its trailer).
    TruncatedStream,
    /// Bytes follow the end of a chunked body.
    DataAfterFinalChunk,
    /// The data is not as long as `x-amz-decoded-content-length` says.
    DecodedLengthMismatch {
        /// The declared length.
        declared: u64,
        /// The length received (or that a chunk would take it to).
        received: u64,
    },
    /// The trailer is missing, undeclared, or not the declared checksum.
    MalformedTrailer {
        /// What is wrong.
        reason: &'static str,
    },
    /// The trailer's signature does not follow from the last chunk's.
    TrailerSignatureMismatch,
    /// The trailing checksum is not the data's.
    ChecksumMismatch {
        /// The trailer name (`x-amz-checksum-crc32`, ...).
        name: &'static str,
    },
}

impl VerifyError {
    /// The stable code of this error.
    pub fn code(&self) -> VerifyErrorCode {
        match self {
            VerifyError::MissingAuthentication => VerifyErrorCode::MissingAuthentication,
            VerifyError::Malformed { .. } => VerifyErrorCode::MalformedSignature,
            VerifyError::InvalidRequest(_) => VerifyErrorCode::InvalidRequest,
            VerifyError::WrongScope { .. } => VerifyErrorCode::WrongScope,
            VerifyError::UnknownAccessKey => VerifyErrorCode::UnknownAccessKey,
            VerifyError::InvalidSessionToken => VerifyErrorCode::InvalidSessionToken,
            VerifyError::ExpiredCredentials { .. } => VerifyErrorCode::ExpiredCredentials,
            VerifyError::SignatureExpired { .. } => VerifyErrorCode::SignatureExpired,
            VerifyError::PresignedUrlExpired { .. } => VerifyErrorCode::PresignedUrlExpired,
            VerifyError::PayloadHashMismatch => VerifyErrorCode::PayloadHashMismatch,
            VerifyError::UnsignedPayloadNotAllowed { .. } => {
                VerifyErrorCode::UnsignedPayloadNotAllowed
            }
            VerifyError::StreamingPayloadUnsupported => {
                VerifyErrorCode::StreamingPayloadUnsupported
            }
            VerifyError::DuplicateAuthParameter { .. } => VerifyErrorCode::DuplicateAuthParameter,
            VerifyError::UnsignedHeader { .. } => VerifyErrorCode::UnsignedHeader,
            VerifyError::MissingSignedHeader { .. } => VerifyErrorCode::MissingSignedHeader,
            VerifyError::TooManySignedHeaders { .. } => VerifyErrorCode::TooManySignedHeaders,
            VerifyError::SignatureMismatch { .. } => VerifyErrorCode::SignatureMismatch,
            VerifyError::MalformedChunk { .. } => VerifyErrorCode::MalformedChunk,
            VerifyError::ChunkTooLarge { .. } => VerifyErrorCode::ChunkTooLarge,
            VerifyError::ChunkSignatureMismatch { .. } => VerifyErrorCode::ChunkSignatureMismatch,
            VerifyError::TruncatedStream => VerifyErrorCode::TruncatedStream,
            VerifyError::DataAfterFinalChunk => VerifyErrorCode::DataAfterFinalChunk,
            VerifyError::DecodedLengthMismatch { .. } => VerifyErrorCode::DecodedLengthMismatch,
            VerifyError::MalformedTrailer { .. } => VerifyErrorCode::MalformedTrailer,
            VerifyError::TrailerSignatureMismatch => VerifyErrorCode::TrailerSignatureMismatch,
            VerifyError::ChecksumMismatch { .. } => VerifyErrorCode::ChecksumMismatch,
        }
    }
}

impl fmt::Debug for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.code())?;
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingAuthentication => f.write_str("the request is not signed"),
            VerifyError::Malformed { reason } => write!(f, "malformed signature: {reason}"),
            VerifyError::InvalidRequest(e) => write!(f, "request cannot be verified: {e}"),
            VerifyError::WrongScope { reason } => f.write_str(reason),
            VerifyError::UnknownAccessKey => {
                f.write_str("the access key id is not known to this server")
            }
            VerifyError::InvalidSessionToken => {
                f.write_str("the security token included in the request is invalid")
            }
            VerifyError::ExpiredCredentials { expiration, now } => {
                let at = SigningTime::from_unix(*expiration).map_or_else(
                    |_| format!("{expiration} (seconds since the epoch)"),
                    amz,
                );
                write!(
                    f,
                    "the security token included in the request is expired: the credentials expired at {at}; the time is {}",
                    amz(*now)
                )
            }
            VerifyError::SignatureExpired { signed_at, now } => write!(
                f,
                "signature expired: signed at {} but the time is {}",
                amz(*signed_at),
                amz(*now)
            ),
            VerifyError::PresignedUrlExpired { expired_at, now } => {
                write!(
                    f,
                    "presigned URL expired at {}; the time is {}",
                    amz(*expired_at),
                    amz(*now)
                )
            }
            VerifyError::PayloadHashMismatch => {
                f.write_str("x-amz-content-sha256 does not match the body")
            }
            VerifyError::UnsignedPayloadNotAllowed { service } => write!(
                f,
                "x-amz-content-sha256: UNSIGNED-PAYLOAD is not accepted for service '{}'; sign the body's SHA-256",
                crate::error::printable(service)
            ),
            VerifyError::StreamingPayloadUnsupported => f.write_str(
                "x-amz-content-sha256: this STREAMING-* payload cannot be checked here (it must be the chunk form of the signature's own algorithm, on a header signature, with the chunked body given or verified with verify_chunked)",
            ),
            VerifyError::DuplicateAuthParameter { name } => {
                write!(f, "{name} is given more than once; only one authentication is allowed")
            }
            VerifyError::UnsignedHeader { name } => {
                write!(f, "SignedHeaders must include {name}")
            }
            VerifyError::MissingSignedHeader { name } => write!(
                f,
                "the header '{name}' is listed in SignedHeaders but not present on the request"
            ),
            VerifyError::TooManySignedHeaders { count } => write!(
                f,
                "SignedHeaders lists {count} names; at most {MAX_SIGNED_HEADERS} are accepted"
            ),
            VerifyError::SignatureMismatch { .. } => {
                f.write_str("the signature does not match the request")
            }
            VerifyError::MalformedChunk { reason } => write!(f, "malformed aws-chunked body: {reason}"),
            VerifyError::ChunkTooLarge { size, max } => {
                write!(f, "a chunk of {size} bytes is larger than the {max} accepted")
            }
            VerifyError::ChunkSignatureMismatch { index } => write!(
                f,
                "the signature of chunk {index} does not match: the chunk was changed, dropped, reordered or re-framed"
            ),
            VerifyError::TruncatedStream => f.write_str(
                "the aws-chunked body ended before its final chunk and trailer",
            ),
            VerifyError::DataAfterFinalChunk => {
                f.write_str("bytes follow the end of the aws-chunked body")
            }
            VerifyError::DecodedLengthMismatch { declared, received } => write!(
                f,
                "x-amz-decoded-content-length is {declared} but the chunks hold {received} bytes"
            ),
            VerifyError::MalformedTrailer { reason } => write!(f, "malformed trailer: {reason}"),
            VerifyError::TrailerSignatureMismatch => {
                f.write_str("x-amz-trailer-signature does not match the trailer")
            }
            VerifyError::ChecksumMismatch { name } => {
                write!(f, "{name} does not match the data")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VerifyError {}

fn amz(t: SigningTime) -> String {
    String::from_utf8_lossy(&t.amz_date()).into_owned()
}

fn malformed(reason: impl Into<String>) -> VerifyError {
    VerifyError::Malformed {
        reason: reason.into(),
    }
}

/// What an accepted request was signed with.
#[derive(Clone, PartialEq, Eq)]
pub struct Verified {
    /// The access key id that signed.
    pub access_key_id: String,
    /// The region of the credential scope; for SigV4a the signed region
    /// set.
    pub region: String,
    /// The service of the credential scope.
    pub service: String,
    /// Header or query signature.
    pub location: SignatureLocation,
    /// SigV4 or SigV4a.
    pub algorithm: Algorithm,
    /// When the request was signed.
    pub signed_at: SigningTime,
    /// The canonical request that matched. It holds the session token, if
    /// one was signed: never log it as it is.
    pub canonical_request: String,
    /// The string to sign that matched.
    pub string_to_sign: String,
    /// For an `aws-chunked` body given whole to [`PresentedSignature::verify`],
    /// what its checked chunks held; `None` otherwise (and from
    /// [`PresentedSignature::verify_chunked`], whose decoder reports it).
    pub chunked: Option<ChunkedSummary>,
}

impl fmt::Debug for Verified {
    // The canonical request holds a signed session token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("location", &self.location)
            .field("algorithm", &self.algorithm)
            .field("signed_at", &self.signed_at)
            .field(
                "canonical_request",
                &redact::canonical_request(&self.canonical_request),
            )
            .field("string_to_sign", &self.string_to_sign)
            .field("chunked", &self.chunked)
            .finish()
    }
}

/// The signature a request presents, read but not yet checked.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentedSignature {
    location: SignatureLocation,
    algorithm: Algorithm,
    access_key_id: String,
    scope_date: String,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
    amz_date: String,
    signed_at: SigningTime,
    expires_in: Option<u64>,
    session_token: Option<Zeroizing<String>>,
}

impl fmt::Debug for PresentedSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresentedSignature")
            .field("location", &self.location)
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("signed_headers", &self.signed_headers)
            .field("amz_date", &self.amz_date)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| redact::REDACTED),
            )
            .finish_non_exhaustive()
    }
}

/// Headers that carry authentication: each may appear once.
const AUTH_HEADERS: [(&str, &str); 4] = [
    ("authorization", "the Authorization header"),
    ("x-amz-date", "the X-Amz-Date header"),
    ("x-amz-security-token", "the X-Amz-Security-Token header"),
    ("x-amz-content-sha256", "the X-Amz-Content-Sha256 header"),
];

/// Reads the SigV4 signature a request presents, from its `Authorization`
/// header or its query.
///
/// Refused before any secret is looked up: a repeated authentication header
/// or `X-Amz-*` query parameter, header and query authentication at once
/// ([`VerifyError::DuplicateAuthParameter`]), a `SignedHeaders` list longer
/// than [`MAX_SIGNED_HEADERS`], or one without `host`
/// ([`VerifyError::UnsignedHeader`]).
pub fn parse_signature(request: &Request<'_>) -> Result<PresentedSignature, VerifyError> {
    let (_, query) = request.path_and_query();
    // One pass over the query: the first value of each auth parameter, and
    // a refusal for any second one.
    // Each presign parameter may appear once: with two `X-Amz-Signature`s
    // (or two credentials, dates, ...) the verifier and the service behind
    // it could read different ones.
    let mut values: [Option<&str>; Param::ALL.len()] = [None; Param::ALL.len()];
    for (piece, key) in canonical::query_pieces(query) {
        if let Some(p) = Param::find(&key) {
            if values[p as usize].is_some() {
                return Err(VerifyError::DuplicateAuthParameter { name: p.name() });
            }
            values[p as usize] = Some(piece.split_once('=').map_or("", |(_, v)| v));
        }
    }
    let query_param = |p: Param| -> Option<String> {
        values[p as usize].map(|raw| String::from_utf8_lossy(&decode(raw)).into_owned())
    };
    for (name, what) in AUTH_HEADERS {
        if request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .nth(1)
            .is_some()
        {
            return Err(VerifyError::DuplicateAuthParameter { name: what });
        }
    }
    let query_auth = [
        Param::Algorithm,
        Param::Credential,
        Param::SignedHeaders,
        Param::Signature,
    ]
    .iter()
    .any(|&p| values[p as usize].is_some());
    if let Some(auth) = request.header_value("authorization") {
        if query_auth {
            return Err(VerifyError::DuplicateAuthParameter {
                name: "authentication (both an Authorization header and X-Amz-* query parameters)",
            });
        }
        parse_authorization_header(request, auth)
    } else if let Some(algorithm) = query_param(Param::Algorithm) {
        let Some(algorithm) = Algorithm::from_name(&algorithm) else {
            return Err(malformed(format!(
                "X-Amz-Algorithm must be {}",
                algorithm_names()
            )));
        };
        let need =
            |p: Param| query_param(p).ok_or_else(|| malformed(format!("missing {}", p.name())));
        let credential = need(Param::Credential)?;
        let amz_date = need(Param::Date)?;
        let expires: u64 = need(Param::Expires)?
            .parse()
            .map_err(|_| malformed("X-Amz-Expires must be a whole number of seconds"))?;
        if expires == 0 || expires > MAX_EXPIRES_IN {
            return Err(malformed(
                "X-Amz-Expires must be between 1 and 604800 seconds",
            ));
        }
        let signed_headers = need(Param::SignedHeaders)?;
        let signature = need(Param::Signature)?;
        #[cfg(feature = "sigv4a")]
        let region_set = if algorithm.is_sigv4a() {
            Some(need(Param::RegionSet)?)
        } else {
            None
        };
        #[cfg(not(feature = "sigv4a"))]
        let region_set = None;
        build(
            SignatureLocation::Query,
            algorithm,
            region_set,
            &credential,
            &signed_headers,
            signature,
            amz_date,
            Some(expires),
            query_param(Param::SecurityToken).map(Zeroizing::new),
        )
    } else if query_auth {
        Err(malformed("X-Amz-Algorithm is missing from the query"))
    } else {
        Err(VerifyError::MissingAuthentication)
    }
}

fn parse_authorization_header(
    request: &Request<'_>,
    auth: &str,
) -> Result<PresentedSignature, VerifyError> {
    let (algorithm, rest) = Algorithm::ALL
        .iter()
        .find_map(|a| {
            auth.strip_prefix(a.name())
                .filter(|r| r.starts_with(' '))
                .map(|r| (*a, r))
        })
        .ok_or_else(|| {
            malformed(format!(
                "the Authorization header must use {}",
                algorithm_names()
            ))
        })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = part.split_once('=').ok_or_else(|| {
            malformed("invalid key=value pair (missing equal-sign) in Authorization header")
        })?;
        let (slot, name) = match key {
            "Credential" => (&mut credential, "Credential in the Authorization header"),
            "SignedHeaders" => (
                &mut signed_headers,
                "SignedHeaders in the Authorization header",
            ),
            "Signature" => (&mut signature, "Signature in the Authorization header"),
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(VerifyError::DuplicateAuthParameter { name });
        }
    }
    let mut missing = Vec::new();
    for (name, value) in [
        ("Credential", credential),
        ("Signature", signature),
        ("SignedHeaders", signed_headers),
    ] {
        if value.is_none() {
            missing.push(format!("Authorization header requires '{name}' parameter."));
        }
    }
    let amz_date = request.header_value("x-amz-date");
    if amz_date.is_none() {
        missing.push(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                .into(),
        );
    }
    // SigV4a: the region set is a header, which must be given once.
    let mut region_set = None;
    if algorithm.is_sigv4a() {
        let mut sets = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("x-amz-region-set"));
        region_set = sets.next().map(|(_, v)| v.trim().to_owned());
        if sets.next().is_some() {
            return Err(VerifyError::DuplicateAuthParameter {
                name: "the X-Amz-Region-Set header",
            });
        }
        if region_set.is_none() {
            missing.push(
                "a SigV4a Authorization header requires an 'X-Amz-Region-Set' header.".into(),
            );
        }
    }
    if !missing.is_empty() {
        return Err(malformed(missing.join(" ")));
    }
    build(
        SignatureLocation::Headers,
        algorithm,
        region_set,
        credential.unwrap_or_default(),
        signed_headers.unwrap_or_default(),
        signature.unwrap_or_default().to_owned(),
        amz_date.unwrap_or_default().trim().to_owned(),
        None,
        request
            .header_value("x-amz-security-token")
            .map(|t| Zeroizing::new(t.trim().to_owned())),
    )
}

/// The algorithm names this build accepts, for messages.
fn algorithm_names() -> String {
    let names: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
    names.join(" or ")
}

#[allow(clippy::too_many_arguments)]
fn build(
    location: SignatureLocation,
    algorithm: Algorithm,
    region_set: Option<String>,
    credential: &str,
    signed_headers: &str,
    signature: String,
    amz_date: String,
    expires_in: Option<u64>,
    session_token: Option<Zeroizing<String>>,
) -> Result<PresentedSignature, VerifyError> {
    let parts: Vec<&str> = credential.split('/').collect();
    // SigV4a's scope names no region: its region set is signed apart.
    let (access_key_id, scope_date, region, service, terminator) =
        match (region_set.as_deref(), &parts[..]) {
            (None, [a, d, r, s, t]) => (*a, *d, *r, *s, *t),
            (Some(set), [a, d, s, t]) => (*a, *d, set, *s, *t),
            (None, _) => {
                return Err(malformed(
                    "Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request",
                ))
            }
            (Some(_), _) => {
                return Err(malformed(
                    "a SigV4a Credential must be ACCESS_KEY_ID/YYYYMMDD/SERVICE/aws4_request",
                ))
            }
        };
    if terminator != "aws4_request" {
        return Err(malformed(
            "Credential should be scoped with a valid terminator: 'aws4_request'",
        ));
    }
    if access_key_id.is_empty() || region.is_empty() || service.is_empty() {
        return Err(malformed("Credential has an empty part"));
    }
    let signed_at = SigningTime::parse_amz_date(&amz_date)
        .map_err(|_| malformed("X-Amz-Date must be in the form YYYYMMDDTHHMMSSZ"))?;
    if !amz_date.starts_with(scope_date) || scope_date.len() != 8 {
        return Err(malformed(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}'",
            crate::error::printable(scope_date),
            &amz_date[..8]
        )));
    }
    // Bounded before anything is allocated per name.
    let count = signed_headers.bytes().filter(|&b| b == b';').count() + 1;
    if count > MAX_SIGNED_HEADERS {
        return Err(VerifyError::TooManySignedHeaders { count });
    }
    let signed: Vec<String> = signed_headers.split(';').map(str::to_owned).collect();
    if signed.iter().any(|h| {
        h.is_empty()
            || !h
                .bytes()
                .all(|b| crate::request::is_tchar(b) && !b.is_ascii_uppercase())
    }) {
        return Err(malformed(
            "SignedHeaders must be lower-case header names separated by ';'",
        ));
    }
    if !signed.windows(2).all(|w| w[0] < w[1]) {
        return Err(malformed(
            "SignedHeaders must be sorted and without repeats",
        ));
    }
    if signed.binary_search_by(|h| h.as_str().cmp("host")).is_err() {
        return Err(VerifyError::UnsignedHeader { name: "host" });
    }
    let lower_hex = signature
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if algorithm.is_sigv4a() {
        if location == SignatureLocation::Headers
            && signed
                .binary_search_by(|h| h.as_str().cmp("x-amz-region-set"))
                .is_err()
        {
            return Err(VerifyError::UnsignedHeader {
                name: "x-amz-region-set",
            });
        }
        // A DER ECDSA P-256 signature is 8 to 72 bytes.
        if !(16..=144).contains(&signature.len()) || signature.len() % 2 != 0 || !lower_hex {
            return Err(malformed(
                "a SigV4a Signature must be the lower-case hex of a DER-encoded ECDSA signature",
            ));
        }
    } else if signature.len() != 64 || !lower_hex {
        return Err(malformed("Signature must be 64 lower-case hex digits"));
    }
    Ok(PresentedSignature {
        location,
        algorithm,
        access_key_id: access_key_id.to_owned(),
        scope_date: scope_date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed,
        signature,
        amz_date,
        signed_at,
        expires_in,
        session_token,
    })
}

impl PresentedSignature {
    /// The access key id to look the secret up by.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Header or query signature.
    pub fn location(&self) -> SignatureLocation {
        self.location
    }

    /// SigV4 or SigV4a.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The region of the credential scope.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The service of the credential scope.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// When the request says it was signed.
    pub fn signed_at(&self) -> SigningTime {
        self.signed_at
    }

    /// Whether a session token was presented.
    pub fn has_session_token(&self) -> bool {
        self.session_token.is_some()
    }

    /// The headers named in `SignedHeaders`, lower case, sorted.
    pub fn signed_headers(&self) -> &[String] {
        &self.signed_headers
    }

    /// Checks the signature against `credentials` (looked up by
    /// [`access_key_id`](Self::access_key_id)) at time `now`.
    ///
    /// In order, it refuses: a request that cannot be canonicalized; other
    /// credentials than the presented key's; credentials past their
    /// expiration; another scope than `settings` names; a time outside the
    /// clock skew or the presigned lifetime; a wrong session token; a
    /// header listed in `SignedHeaders` but absent (so `host` is signed and
    /// present); a signed `STREAMING-*` payload; `UNSIGNED-PAYLOAD` where
    /// `settings` does not allow it; a body that is not the declared one; and
    /// finally a signature that does not match.
    ///
    /// A request that declares an `aws-chunked` body
    /// (`x-amz-content-sha256: STREAMING-…`) is checked in full when the
    /// body is given as [`Payload::Bytes`]: every chunk signature, the
    /// trailer and the decoded length ([`Verified::chunked`] says what it
    /// held). To check such a body as it arrives, use
    /// [`verify_chunked`](Self::verify_chunked).
    pub fn verify(
        &self,
        request: &Request<'_>,
        payload: Payload<'_>,
        credentials: &Credentials,
        now: SigningTime,
        settings: &VerifySettings,
    ) -> Result<Verified, VerifyError> {
        let (mut verified, chunked) =
            self.verify_head(request, payload, credentials, now, settings, false)?;
        if let Some((mode, body)) = chunked {
            let mut decoder = self.chunked_decoder(request, mode, credentials, settings)?;
            let mut sink = Vec::new();
            for piece in body.chunks(1 << 20) {
                decoder.update(piece, &mut sink)?;
                sink.clear();
            }
            verified.chunked = Some(decoder.finish()?);
        }
        Ok(verified)
    }

    /// Checks the head of an `aws-chunked` upload (its seed signature) and
    /// returns the decoder that checks the body as it arrives: feed it the
    /// received bytes, take the data it releases, and accept the upload
    /// only when [`ChunkedDecoder::finish`] succeeds.
    ///
    /// Refused as [`verify`](Self::verify) refuses, and also: a request that
    /// does not sign `x-amz-content-sha256` as one of the
    /// [`ChunkedMode`] values (`malformed_signature`; SigV4a's ECDSA forms
    /// are `streaming_payload_unsupported`), the unsigned-trailer form where
    /// `UNSIGNED-PAYLOAD` is not allowed, a missing or unreadable
    /// `x-amz-decoded-content-length` (`invalid_request`), and an
    /// `x-amz-trailer` that is missing, unexpected or not a checksum this
    /// verifier computes (`malformed_trailer`).
    pub fn verify_chunked(
        &self,
        request: &Request<'_>,
        credentials: &Credentials,
        now: SigningTime,
        settings: &VerifySettings,
    ) -> Result<(Verified, ChunkedDecoder), VerifyError> {
        let declared = self
            .signed_headers
            .binary_search_by(|h| h.as_str().cmp("x-amz-content-sha256"))
            .is_ok()
            .then(|| request.header_value("x-amz-content-sha256"))
            .flatten()
            .map(str::trim)
            .unwrap_or_default();
        let mode = match ChunkedMode::from_payload_value(declared)
            .filter(|m| m.is_ecdsa() == self.algorithm.is_sigv4a())
        {
            Some(mode) => mode,
            None if declared.starts_with("STREAMING-") => {
                return Err(VerifyError::StreamingPayloadUnsupported)
            }
            None => {
                return Err(malformed(
                    "not an aws-chunked upload: x-amz-content-sha256 must be signed as a STREAMING-… value",
                ))
            }
        };
        let (verified, _) = self.verify_head(
            request,
            Payload::Precomputed(declared),
            credentials,
            now,
            settings,
            true,
        )?;
        let decoder = self.chunked_decoder(request, mode, credentials, settings)?;
        Ok((verified, decoder))
    }

    /// The decoder for a body in `mode`, from the head's declared lengths
    /// and trailer.
    fn chunked_decoder(
        &self,
        request: &Request<'_>,
        mode: ChunkedMode,
        credentials: &Credentials,
        settings: &VerifySettings,
    ) -> Result<ChunkedDecoder, VerifyError> {
        let declared_length: u64 = request
            .header_value("x-amz-decoded-content-length")
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                VerifyError::InvalidRequest(Error::header(
                    "x-amz-decoded-content-length",
                    "an aws-chunked upload must declare its decoded length in decimal",
                ))
            })?;
        let trailer = request.header_value("x-amz-trailer").map(str::trim);
        let checksum = match (mode.has_trailer(), trailer) {
            (true, Some(name)) => Some(ChecksumAlgorithm::parse(name).ok_or(
                VerifyError::MalformedTrailer {
                    reason: "x-amz-trailer must name one checksum: x-amz-checksum-crc32, -crc32c or -sha256",
                },
            )?),
            (true, None) => {
                return Err(VerifyError::MalformedTrailer {
                    reason: "this STREAMING-…-TRAILER upload declares no x-amz-trailer",
                })
            }
            (false, Some(_)) => {
                return Err(VerifyError::MalformedTrailer {
                    reason: "x-amz-trailer is declared but STREAMING-AWS4-HMAC-SHA256-PAYLOAD sends no trailer",
                })
            }
            (false, None) => None,
        };
        let chain = if !mode.is_signed() {
            None
        } else if self.algorithm.is_sigv4a() {
            #[cfg(feature = "sigv4a")]
            {
                let key = crate::sigv4a::PublicKey::of(credentials)
                    .map_err(VerifyError::InvalidRequest)?;
                Some(crate::chunked::ecdsa_chain_for(
                    key,
                    &self.amz_date,
                    &self.scope_date,
                    &self.service,
                    &self.signature,
                ))
            }
            #[cfg(not(feature = "sigv4a"))]
            None
        } else {
            Some(crate::chunked::chain_for(
                credentials,
                &self.amz_date,
                &self.scope_date,
                &self.region,
                &self.service,
                &self.signature,
            ))
        };
        Ok(ChunkedDecoder::new(
            mode,
            chain,
            declared_length,
            checksum,
            settings.max_chunk_size,
        ))
    }

    /// The chain a signer continues from this head (its own, just signed):
    /// for bindings whose signer hands back headers, not a
    /// [`crate::SigningOutput`] (see [`crate::chunked::ChunkedUpload::encoder_for_headers`]).
    pub(crate) fn signing_chain(
        &self,
        credentials: &Credentials,
    ) -> Result<crate::chunked::Chain, Error> {
        if self.algorithm.is_sigv4a() {
            #[cfg(feature = "sigv4a")]
            return crate::chunked::ecdsa_signing_chain_for(
                credentials,
                &self.amz_date,
                &self.scope_date,
                &self.service,
                &self.signature,
            );
        }
        Ok(crate::chunked::chain_for(
            credentials,
            &self.amz_date,
            &self.scope_date,
            &self.region,
            &self.service,
            &self.signature,
        ))
    }

    /// The head's checks and signature; with a chunked body given whole,
    /// also which mode and body to decode next. `streaming` accepts a
    /// declared `STREAMING-…` value without a body (the caller decodes it).
    #[allow(clippy::type_complexity)]
    fn verify_head<'b>(
        &self,
        request: &Request<'_>,
        payload: Payload<'b>,
        credentials: &Credentials,
        now: SigningTime,
        settings: &VerifySettings,
        streaming: bool,
    ) -> Result<(Verified, Option<(ChunkedMode, &'b [u8])>), VerifyError> {
        request.validate().map_err(VerifyError::InvalidRequest)?;
        if credentials.access_key_id() != self.access_key_id {
            return Err(malformed(
                "the credentials given are not those of the presented access key id",
            ));
        }
        if let Some(expiration) = credentials.expiration() {
            if credentials.expires_within(now, 0) {
                return Err(VerifyError::ExpiredCredentials { expiration, now });
            }
        }
        if let Some(region) = &settings.region {
            if !self.covers_region(region) {
                return Err(VerifyError::WrongScope {
                    reason: format!(
                        "Credential should be scoped to a valid region, not '{}'.",
                        crate::error::printable(&self.region)
                    ),
                });
            }
        }
        if let Some(service) = &settings.service {
            if *service != self.service {
                return Err(VerifyError::WrongScope {
                    reason: format!(
                        "Credential should be scoped to correct service: '{}'.",
                        crate::error::printable(service)
                    ),
                });
            }
        }
        self.check_time(now, settings.max_clock_skew_secs)?;
        if !credentials.session_token_matches(self.session_token.as_deref().map(String::as_str)) {
            return Err(VerifyError::InvalidSessionToken);
        }

        let presign = self.location == SignatureLocation::Query;
        let (path, query) = request.path_and_query();
        let mut headers = self.signed_request_headers(request)?;
        canonical::sort_headers(&mut headers);

        let mut payload_values: Vec<String> = Vec::with_capacity(2);
        let signed_content_sha = self
            .signed_headers
            .binary_search_by(|h| h.as_str().cmp("x-amz-content-sha256"))
            .is_ok()
            .then(|| request.header_value("x-amz-content-sha256"))
            .flatten();
        let mut chunked: Option<(ChunkedMode, &'b [u8])> = None;
        match signed_content_sha.map(str::trim) {
            Some(declared) if declared.starts_with("STREAMING-") => {
                // A STREAMING form of another algorithm than the head's
                // (ECDSA chunks under a SigV4 head) is none this verifier
                // can check, in every build.
                let mode = ChunkedMode::from_payload_value(declared)
                    .filter(|m| m.is_ecdsa() == self.algorithm.is_sigv4a())
                    .ok_or(VerifyError::StreamingPayloadUnsupported)?;
                if presign {
                    return Err(VerifyError::StreamingPayloadUnsupported);
                }
                match payload {
                    Payload::Bytes(body) => chunked = Some((mode, body)),
                    Payload::Precomputed(v) if streaming && v == declared => {}
                    _ => return Err(VerifyError::StreamingPayloadUnsupported),
                }
                if !mode.is_signed() && !settings.unsigned_payload_allowed(&self.service) {
                    return Err(VerifyError::UnsignedPayloadNotAllowed {
                        service: self.service.clone(),
                    });
                }
                payload_values.push(declared.to_owned());
            }
            Some(declared) => {
                check_precomputed(declared).map_err(|_| {
                    malformed(
                        "x-amz-content-sha256 must be a SHA-256 hex digest or a known constant",
                    )
                })?;
                // A declared digest must be the body's, whether the caller
                // gave the body or hashed it in chunks (a precomputed digest).
                let actual = match payload {
                    Payload::Bytes(_) => {
                        Some(payload.value().map_err(VerifyError::InvalidRequest)?)
                    }
                    Payload::Precomputed(v) if v.len() == 64 => Some(v.to_owned()),
                    _ => None,
                };
                if let (true, Some(actual)) = (declared.len() == 64, actual) {
                    if !bool::from(actual.as_bytes().ct_eq(declared.as_bytes())) {
                        return Err(VerifyError::PayloadHashMismatch);
                    }
                }
                payload_values.push(declared.to_owned());
            }
            None => {
                let value = payload.value().map_err(VerifyError::InvalidRequest)?;
                if value.starts_with("STREAMING-") {
                    return Err(VerifyError::StreamingPayloadUnsupported);
                }
                let unsigned_ok = settings.unsigned_payload_allowed(&self.service);
                if presign && value != UNSIGNED_PAYLOAD && unsigned_ok {
                    // Presigned URLs for S3-style services sign UNSIGNED-PAYLOAD.
                    payload_values.push(value);
                    payload_values.push(UNSIGNED_PAYLOAD.to_owned());
                } else {
                    payload_values.push(value);
                }
            }
        }
        if payload_values[0] == UNSIGNED_PAYLOAD
            && !settings.unsigned_payload_allowed(&self.service)
        {
            return Err(VerifyError::UnsignedPayloadNotAllowed {
                service: self.service.clone(),
            });
        }

        // A presigned URL may carry its session token signed or, for services
        // that take it after signing (IoT), unsigned: try both.
        let token_variants: &[bool] = if presign && self.session_token.is_some() {
            &[true, false]
        } else {
            &[true]
        };
        let scope = Scope {
            date: &self.scope_date,
            region: &self.region,
            service: &self.service,
            algorithm: self.algorithm,
            tail: "",
        };
        let key = self.verifying_key(credentials)?;
        // One buffer and one parameter set, cleared and reused per variant.
        let mut text = String::new();
        let mut params = QueryParams::default();
        let mut first_miss: Option<(String, String)> = None;
        for payload_value in &payload_values {
            for &with_token in token_variants {
                let skip = |k: &[u8]| {
                    presign
                        && (k == Param::Signature.name().as_bytes()
                            || (!with_token && k == Param::SecurityToken.name().as_bytes()))
                };
                text.clear();
                params.clear();
                canonical::collect_query(query, |k| !skip(k), &mut params);
                let parts = Parts {
                    method: request.method,
                    raw_path: path,
                    path_rules: settings.path_rules,
                    sorted_headers: &headers,
                    payload: payload_value,
                    signed_list: None,
                };
                let written = crate::sign::run(
                    &mut text,
                    &parts,
                    &mut params,
                    &self.amz_date,
                    &scope,
                    key.signing_key(),
                );
                let texts = || {
                    (
                        text[written.canonical_request.clone()].to_owned(),
                        text[written.string_to_sign.clone()].to_owned(),
                    )
                };
                let string_to_sign = &text[written.string_to_sign.clone()];
                if key.accepts(string_to_sign, &written, &self.signature) {
                    let (canonical_request, string_to_sign) = texts();
                    let verified = Verified {
                        access_key_id: self.access_key_id.clone(),
                        region: self.region.clone(),
                        service: self.service.clone(),
                        location: self.location,
                        algorithm: self.algorithm,
                        signed_at: self.signed_at,
                        canonical_request,
                        string_to_sign,
                        chunked: None,
                    };
                    return Ok((verified, chunked));
                }
                if first_miss.is_none() {
                    first_miss = Some(texts());
                }
            }
        }
        let (canonical_request, string_to_sign) = first_miss.unwrap_or_default();
        Err(VerifyError::SignatureMismatch {
            canonical_request,
            string_to_sign,
        })
    }

    /// The request's headers that `SignedHeaders` names, in canonical order;
    /// refuses a listed name the request does not carry, and a second
    /// `Host` (RFC 9112: a request with two is invalid).
    ///
    /// Both lists are sorted once and merged, so the cost is
    /// O((n + m) log n) for n headers and m signed names, never n·m.
    /// Whether the signature is good for `region`: SigV4's scope names it,
    /// SigV4a's region set covers it.
    fn covers_region(&self, region: &str) -> bool {
        #[cfg(feature = "sigv4a")]
        if self.algorithm.is_sigv4a() {
            return crate::sigv4a::region_set_covers(&self.region, region);
        }
        self.region == region
    }

    /// What checks the signature: SigV4 signs again and compares, SigV4a
    /// verifies with the public key derived from the secret.
    fn verifying_key<'c>(&self, credentials: &'c Credentials) -> Result<Checker<'c>, VerifyError> {
        match self.algorithm {
            Algorithm::SigV4 => Ok(Checker::Hmac(credentials)),
            #[cfg(feature = "sigv4a")]
            Algorithm::SigV4a => crate::sigv4a::PublicKey::of(credentials)
                .map(Checker::Ecdsa)
                .map_err(VerifyError::InvalidRequest),
        }
    }

    fn signed_request_headers<'r>(
        &self,
        request: &Request<'r>,
    ) -> Result<Vec<(&'r str, &'r str)>, VerifyError> {
        let mut present: Vec<(&'r str, &'r str)> = request.headers.clone();
        crate::sign::sort::sort_stable(&mut present, |a, b| canonical::cmp_ignore_case(a.0, b.0));
        let mut picked = Vec::with_capacity(self.signed_headers.len() + 2);
        let mut i = 0;
        for name in &self.signed_headers {
            while i < present.len()
                && canonical::cmp_ignore_case(present[i].0, name) == Ordering::Less
            {
                i += 1;
            }
            let start = picked.len();
            while i < present.len() && present[i].0.eq_ignore_ascii_case(name) {
                picked.push(present[i]);
                i += 1;
            }
            match picked.len() - start {
                0 => {
                    return Err(VerifyError::MissingSignedHeader {
                        name: crate::error::printable(name),
                    })
                }
                1 => {}
                _ if name == "host" => {
                    return Err(VerifyError::InvalidRequest(crate::Error::header(
                        "Host",
                        "must appear once (RFC 9112)",
                    )))
                }
                _ => {}
            }
        }
        Ok(picked)
    }

    fn check_time(&self, now: SigningTime, max_skew: i64) -> Result<(), VerifyError> {
        let signed_at = self.signed_at;
        match self.expires_in {
            None => {
                if (now.unix() - signed_at.unix()).abs() > max_skew {
                    return Err(VerifyError::SignatureExpired { signed_at, now });
                }
            }
            Some(expires) => {
                if signed_at.unix() - now.unix() > max_skew {
                    return Err(VerifyError::SignatureExpired { signed_at, now });
                }
                let expired_at = signed_at.unix().saturating_add(expires as i64);
                if now.unix() > expired_at {
                    let expired_at = SigningTime::from_unix(expired_at).unwrap_or(signed_at);
                    return Err(VerifyError::PresignedUrlExpired { expired_at, now });
                }
            }
        }
        Ok(())
    }
}

/// How [`PresentedSignature::verify`] checks a signature.
enum Checker<'c> {
    /// Sign again under the SigV4 key and compare in constant time.
    Hmac(&'c Credentials),
    /// Verify the ECDSA signature with the SigV4a public key.
    #[cfg(feature = "sigv4a")]
    Ecdsa(crate::sigv4a::PublicKey),
}

impl Checker<'_> {
    /// The key the pipeline signs with: none for SigV4a, which verifies.
    fn signing_key(&self) -> Option<crate::sign::signature::Key<'_>> {
        match self {
            Checker::Hmac(credentials) => Some(crate::sign::signature::Key::Hmac(credentials)),
            #[cfg(feature = "sigv4a")]
            Checker::Ecdsa(_) => None,
        }
    }

    #[cfg_attr(not(feature = "sigv4a"), allow(unused_variables))]
    fn accepts(
        &self,
        string_to_sign: &str,
        written: &crate::sign::Written,
        presented: &str,
    ) -> bool {
        match self {
            Checker::Hmac(_) => {
                let ours = crate::sign::signature::as_str(&written.signature);
                bool::from(ours.as_bytes().ct_eq(presented.as_bytes()))
            }
            #[cfg(feature = "sigv4a")]
            Checker::Ecdsa(key) => key.verifies(string_to_sign.as_bytes(), presented),
        }
    }
}
