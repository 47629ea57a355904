//! Authentication: the core's SigV4 verification, answered with the
//! messages API Gateway's IAM authorizer (and STS) send, so a client sees
//! here what it would see from AWS.
//!
//! The gateway only looks up the secret and maps outcomes to HTTP; reading
//! and checking the signature is `sigv4kit::verify`'s job.

use std::sync::Arc;
use std::time::Instant;

use sigv4kit::verify::{parse_signature, VerifyError, VerifySettings};
use sigv4kit::{Payload, Request, SignatureLocation, SigningTime};

use crate::config::Config;
use crate::identity::{Identity, IdentityStore};
use crate::request_path::RequestPath;

/// A request that passed authentication.
pub struct Authenticated {
    /// Who signed it.
    pub identity: Arc<Identity>,
    /// Time spent in signature verification, microseconds.
    pub verify_us: u64,
    /// For an `aws-chunked` body: the data its checked chunks held, which
    /// is what the integration receives (as API Gateway would pass it on).
    pub decoded_body: Option<Vec<u8>>,
}

/// Why authentication failed, in the words of both API Gateway and STS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 403 for authentication failures, 400 for requests that cannot be read.
    pub status: u16,
    /// The `message` API Gateway puts in its JSON body.
    pub message: String,
    /// API Gateway's `x-amzn-ErrorType`.
    pub error_type: &'static str,
    /// The STS error code for the same failure.
    pub sts_code: &'static str,
    /// Short name for the access log.
    pub outcome: &'static str,
    /// The access key id presented, if one could be read.
    pub access_key_id: Option<String>,
    /// Time spent in verification, when it got that far.
    pub verify_us: Option<u64>,
}

/// API Gateway's answer to a request without any signature (also its
/// answer to a path that matches no route).
pub const MISSING_TOKEN: &str = "Missing Authentication Token";
/// API Gateway's answer to an unknown access key id or a wrong session token.
pub const INVALID_TOKEN: &str = "The security token included in the request is invalid.";
/// API Gateway's answer to credentials past their expiry.
pub const EXPIRED_TOKEN: &str = "The security token included in the request is expired";
/// The first sentence of API Gateway's signature mismatch message.
pub const MISMATCH_LEAD: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

impl Failure {
    fn new(
        status: u16,
        message: impl Into<String>,
        error_type: &'static str,
        sts_code: &'static str,
        outcome: &'static str,
    ) -> Self {
        Failure {
            status,
            message: message.into(),
            error_type,
            sts_code,
            outcome,
            access_key_id: None,
            verify_us: None,
        }
    }

    /// No SigV4 signature at all.
    pub fn missing() -> Failure {
        Failure::new(
            403,
            MISSING_TOKEN,
            "MissingAuthenticationTokenException",
            "MissingAuthenticationToken",
            "missing_authentication",
        )
    }
}

fn amz(t: SigningTime) -> String {
    String::from_utf8_lossy(&t.amz_date()).into_owned()
}

/// Maps a verification error to what API Gateway answers. The access log's
/// outcome is the core's code for the error, so the log, every binding and
/// the conformance cases name a refusal the same way.
pub fn failure_for(error: &VerifyError, skew_secs: i64) -> Failure {
    let code = error.code().as_str();
    let incomplete = |message: String| {
        Failure::new(
            403,
            message,
            "IncompleteSignatureException",
            "IncompleteSignature",
            code,
        )
    };
    let bad_request =
        |message: String| Failure::new(400, message, "BadRequestException", "InvalidRequest", code);
    match error {
        VerifyError::MissingAuthentication => Failure::missing(),
        VerifyError::Malformed { reason } => incomplete(reason.clone()),
        VerifyError::UnsignedHeader { .. }
        | VerifyError::MissingSignedHeader { .. }
        | VerifyError::TooManySignedHeaders { .. } => incomplete(error.to_string()),
        VerifyError::InvalidRequest(e) => {
            Failure::new(400, e.to_string(), "BadRequestException", "MalformedInput", code)
        }
        VerifyError::DuplicateAuthParameter { .. } | VerifyError::StreamingPayloadUnsupported => {
            bad_request(error.to_string())
        }
        // A chunked body whose framing or lengths are wrong: a bad request,
        // as S3 answers it; a chunk, trailer or checksum that does not
        // verify: a signature that does not match.
        VerifyError::MalformedChunk { .. }
        | VerifyError::ChunkTooLarge { .. }
        | VerifyError::TruncatedStream
        | VerifyError::DataAfterFinalChunk
        | VerifyError::DecodedLengthMismatch { .. }
        | VerifyError::MalformedTrailer { .. } => bad_request(error.to_string()),
        VerifyError::ChunkSignatureMismatch { .. }
        | VerifyError::TrailerSignatureMismatch
        | VerifyError::ChecksumMismatch { .. } => Failure::new(
            403,
            error.to_string(),
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            code,
        ),
        VerifyError::WrongScope { reason } => {
            Failure::new(403, reason.clone(), "InvalidSignatureException", "SignatureDoesNotMatch", code)
        }
        VerifyError::UnknownAccessKey | VerifyError::InvalidSessionToken => {
            Failure::new(403, INVALID_TOKEN, "UnrecognizedClientException", "InvalidClientTokenId", code)
        }
        VerifyError::ExpiredCredentials { .. } => {
            Failure::new(403, EXPIRED_TOKEN, "ExpiredTokenException", "ExpiredToken", code)
        }
        VerifyError::SignatureExpired { signed_at, now } => {
            let minutes = skew_secs / 60;
            let message = if signed_at < now {
                let limit = SigningTime::from_unix(now.unix() - skew_secs).unwrap_or(*now);
                format!("Signature expired: {} is now earlier than {} ({} - {minutes} min.)", amz(*signed_at), amz(limit), amz(*now))
            } else {
                let limit = SigningTime::from_unix(now.unix() + skew_secs).unwrap_or(*now);
                format!(
                    "Signature not yet current: {} is still later than {} ({} + {minutes} min.)",
                    amz(*signed_at),
                    amz(limit),
                    amz(*now)
                )
            };
            Failure::new(403, message, "InvalidSignatureException", "SignatureDoesNotMatch", code)
        }
        VerifyError::PresignedUrlExpired { expired_at, now } => Failure::new(
            403,
            format!("Signature expired: the presigned URL was valid until {} and it is now {}", amz(*expired_at), amz(*now)),
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            code,
        ),
        VerifyError::PayloadHashMismatch => Failure::new(
            403,
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            code,
        ),
        VerifyError::UnsignedPayloadNotAllowed { .. } => Failure::new(
            403,
            "UNSIGNED-PAYLOAD is accepted only by S3: sign the SHA-256 of the body (x-amz-content-sha256).",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            code,
        ),
        VerifyError::SignatureMismatch { canonical_request, string_to_sign } => Failure::new(
            403,
            format!(
                "{MISMATCH_LEAD}\n\nThe Canonical String for this request should have been\n'{canonical_request}'\n\nThe String-to-Sign should have been\n'{string_to_sign}'\n"
            ),
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            code,
        ),
        // A variant added to the core later: refuse, never accept.
        _ => Failure::new(403, error.to_string(), "AccessDeniedException", "AccessDenied", code),
    }
}

/// Verifies a request for `service` (and `region`, when given) against the
/// identities the gateway knows. `path` is the path the gateway routes and
/// authorizes: a signature that checks out over any other path (should the
/// core ever normalize one the gateway accepted) is refused.
#[allow(clippy::too_many_arguments)]
pub fn authenticate(
    store: &IdentityStore,
    config: &Config,
    request: &Request<'_>,
    path: &RequestPath,
    body: &[u8],
    service: &str,
    region: Option<&str>,
    now: i64,
) -> Result<Authenticated, Failure> {
    let skew = i64::from(config.max_clock_skew_secs);
    let presented = parse_signature(request).map_err(|e| failure_for(&e, skew))?;
    let akid = presented.access_key_id().to_string();
    let with_key = |mut f: Failure| {
        f.access_key_id = Some(akid.clone());
        f
    };
    let Some(identity) = store.lookup(&akid) else {
        return Err(with_key(Failure::new(
            403,
            INVALID_TOKEN,
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "unknown_access_key",
        )));
    };
    // Credentials past their expiry the core refuses (expired_credentials),
    // so the log names that refusal as every binding does.
    // UNSIGNED-PAYLOAD only where configured, or for a presigned URL with no
    // body: botocore and the other presigners always write it there, and an
    // empty body is all there is to cover. An aws-chunked body (a signed
    // STREAMING-* x-amz-content-sha256) is decoded by the core, which checks
    // every chunk signature, the trailer and the decoded length.
    let presigned_empty = presented.location() == SignatureLocation::Query && body.is_empty();
    let settings = VerifySettings::new()
        .with_allow_unsigned_payload(Some(config.allow_unsigned_payload || presigned_empty))
        .with_max_clock_skew_secs(skew)
        .with_region(region.map(str::to_string))
        .with_service(Some(service.to_string()));
    let time = SigningTime::from_unix(now).map_err(|_| with_key(Failure::missing()))?;
    let started = Instant::now();
    let chunked = request
        .header_value("x-amz-content-sha256")
        .is_some_and(|v| v.trim().starts_with("STREAMING-"));
    let mut decoded_body = None;
    let result = if chunked {
        presented
            .verify_chunked(request, &identity.credentials, time, &settings)
            .and_then(|(verified, mut decoder)| {
                let mut data = Vec::with_capacity(decoder.declared_length().min(1 << 24) as usize);
                decoder.update(body, &mut data)?;
                decoder.finish()?;
                decoded_body = Some(data);
                Ok(verified)
            })
    } else {
        presented.verify(
            request,
            Payload::Bytes(body),
            &identity.credentials,
            time,
            &settings,
        )
    };
    let verify_us = started.elapsed().as_micros() as u64;
    match result {
        Ok(verified) => {
            let canonical_path = verified.canonical_request.split('\n').nth(1);
            if !canonical_path.is_some_and(|p| path.is_canonical_path_of(p)) {
                let mut f = with_key(Failure::new(
                    403,
                    "The request path is not the path that was signed.",
                    "AccessDeniedException",
                    "AccessDenied",
                    "path_not_verified",
                ));
                f.verify_us = Some(verify_us);
                return Err(f);
            }
            Ok(Authenticated {
                identity,
                verify_us,
                decoded_body,
            })
        }
        Err(e) => {
            let mut f = with_key(failure_for(&e, skew));
            f.verify_us = Some(verify_us);
            Err(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_messages_read_like_api_gateway() {
        let signed_at = SigningTime::parse_rfc3339("2015-08-30T12:30:00Z").unwrap();
        let now = SigningTime::parse_rfc3339("2015-08-30T12:41:00Z").unwrap();
        let f = failure_for(&VerifyError::SignatureExpired { signed_at, now }, 300);
        assert_eq!(f.message, "Signature expired: 20150830T123000Z is now earlier than 20150830T123600Z (20150830T124100Z - 5 min.)");
        let f = failure_for(
            &VerifyError::SignatureExpired {
                signed_at: now,
                now: signed_at,
            },
            300,
        );
        assert_eq!(f.message, "Signature not yet current: 20150830T124100Z is still later than 20150830T123500Z (20150830T123000Z + 5 min.)");
    }

    #[test]
    fn mismatch_quotes_both_strings() {
        let f = failure_for(
            &VerifyError::SignatureMismatch {
                canonical_request: "GET\n/\n".into(),
                string_to_sign: "AWS4-HMAC-SHA256\nX".into(),
            },
            300,
        );
        assert_eq!((f.status, f.error_type), (403, "InvalidSignatureException"));
        assert!(f
            .message
            .contains("The Canonical String for this request should have been\n'GET\n/\n'"));
        assert!(f
            .message
            .contains("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\nX'"));
    }
}
