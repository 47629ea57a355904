//! Verification: the server side of SigV4, as API Gateway's IAM authorizer
//! does it.
//!
//! Verification is two steps so that a server can look up the secret between
//! them: [`parse_signature`] reads what the request presents (and says whether
//! it is signed at all), then [`PresentedSignature::verify`] rebuilds the
//! canonical request with the same code the signer uses and compares
//! signatures in constant time. A mismatch carries the canonical request and
//! string to sign the server expected, so a client can diff them.

use core::fmt;

use subtle::ConstantTimeEq;

use crate::canonical::{self, QueryParams};
use crate::encoding::decode;
use crate::payload::check_precomputed;
use crate::signer::{
    compute_signature, credential_scope, string_to_sign, ALGORITHM, MAX_EXPIRES_IN,
};
use crate::{
    Credentials, Error, Payload, Request, SignatureLocation, SigningTime, UNSIGNED_PAYLOAD,
};

/// How strictly to verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifySettings {
    /// The path was double-encoded by the signer (every service but S3).
    pub double_encode_path: bool,
    /// The signer normalized the path (every service but S3).
    pub normalize_path: bool,
    /// How far a header signature's time may be from now, either way.
    pub max_clock_skew_secs: i64,
    /// The region the credential scope must name; `None` accepts any.
    pub region: Option<String>,
    /// The service the credential scope must name; `None` accepts any.
    pub service: Option<String>,
}

impl Default for VerifySettings {
    fn default() -> Self {
        VerifySettings {
            double_encode_path: true,
            normalize_path: true,
            max_clock_skew_secs: 300,
            region: None,
            service: None,
        }
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
    /// The session token is missing, unexpected, or not the one issued with
    /// the access key.
    InvalidSessionToken,
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
    /// The signature does not match the request.
    SignatureMismatch {
        /// The canonical request the verifier built.
        canonical_request: String,
        /// The string to sign the verifier built.
        string_to_sign: String,
    },
}

impl fmt::Debug for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
            VerifyError::InvalidSessionToken => {
                f.write_str("the security token included in the request is invalid")
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
            VerifyError::SignatureMismatch { .. } => {
                f.write_str("the signature does not match the request")
            }
        }
    }
}

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The access key id that signed.
    pub access_key_id: String,
    /// The region of the credential scope.
    pub region: String,
    /// The service of the credential scope.
    pub service: String,
    /// Header or query signature.
    pub location: SignatureLocation,
    /// When the request was signed.
    pub signed_at: SigningTime,
    /// The canonical request that matched.
    pub canonical_request: String,
    /// The string to sign that matched.
    pub string_to_sign: String,
}

/// The signature a request presents, read but not yet checked.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentedSignature {
    location: SignatureLocation,
    access_key_id: String,
    scope_date: String,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
    amz_date: String,
    signed_at: SigningTime,
    expires_in: Option<u64>,
    session_token: Option<String>,
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
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish_non_exhaustive()
    }
}

/// Reads the SigV4 signature a request presents, from its `Authorization`
/// header or its query.
pub fn parse_signature(request: &Request<'_>) -> Result<PresentedSignature, VerifyError> {
    let (_, query) = request.path_and_query();
    let query_param = |name: &str| -> Option<String> {
        canonical::query_pieces(query)
            .find(|(_, key)| **key == *name.as_bytes())
            .map(|(piece, _)| {
                String::from_utf8_lossy(&decode(piece.split_once('=').map_or("", |(_, v)| v)))
                    .into_owned()
            })
    };
    if let Some(auth) = request.header_value("authorization") {
        parse_authorization_header(request, auth)
    } else if let Some(algorithm) = query_param("X-Amz-Algorithm") {
        if algorithm != ALGORITHM {
            return Err(malformed(format!("X-Amz-Algorithm must be {ALGORITHM}")));
        }
        let need = |name: &'static str| {
            query_param(name).ok_or_else(|| malformed(format!("missing {name}")))
        };
        let credential = need("X-Amz-Credential")?;
        let amz_date = need("X-Amz-Date")?;
        let expires: u64 = need("X-Amz-Expires")?
            .parse()
            .map_err(|_| malformed("X-Amz-Expires must be a whole number of seconds"))?;
        if expires == 0 || expires > MAX_EXPIRES_IN {
            return Err(malformed(
                "X-Amz-Expires must be between 1 and 604800 seconds",
            ));
        }
        let signed_headers = need("X-Amz-SignedHeaders")?;
        let signature = need("X-Amz-Signature")?;
        build(
            SignatureLocation::Query,
            &credential,
            &signed_headers,
            signature,
            amz_date,
            Some(expires),
            query_param("X-Amz-Security-Token"),
        )
    } else if query_param("X-Amz-Signature").is_some() || query_param("X-Amz-Credential").is_some()
    {
        Err(malformed("X-Amz-Algorithm is missing from the query"))
    } else {
        Err(VerifyError::MissingAuthentication)
    }
}

fn parse_authorization_header(
    request: &Request<'_>,
    auth: &str,
) -> Result<PresentedSignature, VerifyError> {
    let rest = auth
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or_else(|| malformed(format!("the Authorization header must use {ALGORITHM}")))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = part.split_once('=').ok_or_else(|| {
            malformed("invalid key=value pair (missing equal-sign) in Authorization header")
        })?;
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
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
    if !missing.is_empty() {
        return Err(malformed(missing.join(" ")));
    }
    build(
        SignatureLocation::Headers,
        credential.unwrap_or_default(),
        signed_headers.unwrap_or_default(),
        signature.unwrap_or_default().to_owned(),
        amz_date.unwrap_or_default().trim().to_owned(),
        None,
        request
            .header_value("x-amz-security-token")
            .map(|t| t.trim().to_owned()),
    )
}

fn build(
    location: SignatureLocation,
    credential: &str,
    signed_headers: &str,
    signature: String,
    amz_date: String,
    expires_in: Option<u64>,
    session_token: Option<String>,
) -> Result<PresentedSignature, VerifyError> {
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = parts[..] else {
        return Err(malformed(
            "Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request",
        ));
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
    let signed: Vec<String> = signed_headers.split(';').map(str::to_owned).collect();
    if signed
        .iter()
        .any(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(malformed(
            "SignedHeaders must be lower-case names separated by ';'",
        ));
    }
    if !signed.windows(2).all(|w| w[0] < w[1]) {
        return Err(malformed(
            "SignedHeaders must be sorted and without repeats",
        ));
    }
    if !signed.iter().any(|h| h == "host") {
        return Err(malformed("SignedHeaders must include host"));
    }
    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(malformed("Signature must be 64 lower-case hex digits"));
    }
    Ok(PresentedSignature {
        location,
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

    /// Checks the signature against `credentials` (looked up by
    /// [`access_key_id`](Self::access_key_id)) at time `now`.
    pub fn verify(
        &self,
        request: &Request<'_>,
        payload: Payload<'_>,
        credentials: &Credentials,
        now: SigningTime,
        settings: &VerifySettings,
    ) -> Result<Verified, VerifyError> {
        request.validate().map_err(VerifyError::InvalidRequest)?;
        if credentials.access_key_id() != self.access_key_id {
            return Err(malformed(
                "the credentials given are not those of the presented access key id",
            ));
        }
        if let Some(region) = &settings.region {
            if *region != self.region {
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
        if !credentials.session_token_matches(self.session_token.as_deref()) {
            return Err(VerifyError::InvalidSessionToken);
        }

        let presign = self.location == SignatureLocation::Query;
        let (path, query) = request.path_and_query();
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| {
                self.signed_headers
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(n))
            })
            .collect();
        let signed_headers = canonical::sort_headers(&mut headers);

        let mut payload_values: Vec<String> = Vec::with_capacity(2);
        let signed_content_sha = self
            .signed_headers
            .iter()
            .any(|h| h == "x-amz-content-sha256")
            .then(|| request.header_value("x-amz-content-sha256"))
            .flatten();
        match signed_content_sha.map(str::trim) {
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
                payload_values.push(payload.value().map_err(VerifyError::InvalidRequest)?);
                if presign && payload_values[0] != UNSIGNED_PAYLOAD {
                    // Presigned URLs for S3-style services sign UNSIGNED-PAYLOAD.
                    payload_values.push(UNSIGNED_PAYLOAD.to_owned());
                }
            }
        }

        // A presigned URL may carry its session token signed or, for services
        // that take it after signing (IoT), unsigned: try both.
        let token_variants: &[bool] = if presign && self.session_token.is_some() {
            &[true, false]
        } else {
            &[true]
        };
        let scope = credential_scope(&self.scope_date, &self.region, &self.service);
        let mut first_miss = None;
        for payload_value in &payload_values {
            for &with_token in token_variants {
                let skip = |k: &[u8]| {
                    presign
                        && (k == b"X-Amz-Signature"
                            || (!with_token && k == b"X-Amz-Security-Token"))
                };
                let mut params = QueryParams::default();
                canonical::collect_query(query, |k| !skip(k), &mut params);
                let creq = canonical::request(
                    request.method,
                    path,
                    (settings.normalize_path, settings.double_encode_path),
                    &mut params,
                    &headers,
                    &signed_headers,
                    payload_value,
                );
                let sts = string_to_sign(&self.amz_date, &scope, &creq);
                let expected = compute_signature(
                    credentials,
                    &self.scope_date,
                    &self.region,
                    &self.service,
                    &sts,
                );
                if bool::from(expected[..].ct_eq(self.signature.as_bytes())) {
                    return Ok(Verified {
                        access_key_id: self.access_key_id.clone(),
                        region: self.region.clone(),
                        service: self.service.clone(),
                        location: self.location,
                        signed_at: self.signed_at,
                        canonical_request: creq,
                        string_to_sign: sts,
                    });
                }
                first_miss.get_or_insert((creq, sts));
            }
        }
        let (canonical_request, string_to_sign) = first_miss.unwrap_or_default();
        Err(VerifyError::SignatureMismatch {
            canonical_request,
            string_to_sign,
        })
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
