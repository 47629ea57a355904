//! Signing: an `Authorization` header or a presigned URL.

use crate::canonical::{self, QueryParams};
use crate::encoding::{encode_into, hex_into};
use crate::{Credentials, Error, Payload, Request, SigningTime};

/// The one algorithm name of SigV4.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The longest lifetime of a presigned URL: 7 days.
pub const MAX_EXPIRES_IN: u64 = 604_800;

/// Where the signature goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureLocation {
    /// An `Authorization` header.
    Headers,
    /// `X-Amz-*` query parameters: a presigned URL.
    Query,
}

/// What a signer signs for, and how. The defaults are those of every AWS
/// service but S3: double-encoded, normalized paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// Region of the credential scope, such as `us-east-1`.
    pub region: String,
    /// Signing name of the service, such as `execute-api` or `s3`.
    pub service: String,
    /// Percent-encode the path once more (`true` for every service but S3).
    pub double_encode_path: bool,
    /// Remove `.`/`..` segments and collapse `//` before signing (`false` for S3).
    pub normalize_path: bool,
    /// Also send and sign `x-amz-content-sha256` (S3 requires it). Header
    /// signing only: a presigned URL carries no such header, as in the
    /// official suite.
    pub content_sha256_header: bool,
    /// Add the session token after signing instead of signing it (IoT).
    pub omit_session_token: bool,
}

impl SigningSettings {
    /// Settings for `region` and `service` with the service's defaults
    /// ([`crate::policy::ServiceDefaults::for_service`]): for the S3 family
    /// single encoding, no normalization, a signed `x-amz-content-sha256`.
    pub fn new(region: impl Into<String>, service: impl Into<String>) -> Self {
        let service = service.into();
        let d = crate::policy::ServiceDefaults::for_service(&service);
        SigningSettings {
            region: region.into(),
            service,
            double_encode_path: d.double_encode_path,
            normalize_path: d.normalize_path,
            content_sha256_header: d.content_sha256_header,
            omit_session_token: false,
        }
    }

    /// Checks the region and service, which end up in the credential scope.
    pub fn validate(&self) -> Result<(), Error> {
        scope_part(&self.region).map_err(|reason| Error::InvalidRegion { reason })?;
        scope_part(&self.service).map_err(|reason| Error::InvalidService { reason })
    }
}

fn scope_part(value: &str) -> Result<(), &'static str> {
    if value.is_empty() {
        Err("must not be empty")
    } else if value.bytes().any(|b| b == b'/' || !b.is_ascii_graphic()) {
        Err("must be visible ASCII without '/' or white space")
    } else {
        Ok(())
    }
}

/// Checks a presigned URL lifetime.
pub fn check_expires_in(expires_in: u64) -> Result<(), Error> {
    if expires_in == 0 {
        Err(Error::InvalidExpiry {
            reason: "must be at least 1 second",
        })
    } else if expires_in > MAX_EXPIRES_IN {
        Err(Error::InvalidExpiry {
            reason: "must be at most 604800 seconds (7 days)",
        })
    } else {
        Ok(())
    }
}

/// A SigV4 signer for one region and service. It holds no credentials (a
/// credential provider may hand out new ones at any time) and no mutable
/// state, so one signer serves every thread.
#[derive(Clone, Debug)]
pub struct Signer {
    settings: SigningSettings,
}

/// What signing produced: what to add to the request, and the intermediate
/// strings for debugging a 403.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningOutput {
    location: SignatureLocation,
    target: Option<String>,
    added: Vec<(&'static str, String)>,
    canonical_request: String,
    string_to_sign: String,
    signature: [u8; 64],
}

impl core::fmt::Debug for SigningOutput {
    // The session token may be among the added headers or in the target.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use crate::redact;
        let added: Vec<(&str, &str)> = self
            .added
            .iter()
            .map(|(n, v)| {
                let secret = crate::request::is_sensitive_header(n);
                (*n, if secret { redact::REDACTED } else { v.as_str() })
            })
            .collect();
        f.debug_struct("SigningOutput")
            .field("location", &self.location)
            .field("signature", &self.signature())
            .field("target", &self.target.as_deref().map(redact::target))
            .field("added", &added)
            .field(
                "canonical_request",
                &redact::canonical_request(&self.canonical_request),
            )
            .field("string_to_sign", &self.string_to_sign)
            .finish()
    }
}

impl SigningOutput {
    /// Header or query signing.
    pub fn location(&self) -> SignatureLocation {
        self.location
    }

    /// The headers the signer adds (`X-Amz-Date`, `X-Amz-Security-Token`,
    /// `X-Amz-Content-Sha256`, `Authorization`). Each replaces any header of
    /// the same name (ASCII case-insensitive) the request had. Empty for a
    /// presigned URL.
    pub fn added_headers(&self) -> &[(&'static str, String)] {
        &self.added
    }

    /// Whether the request's own header of this name (case-insensitive) must
    /// go: the signer sets it, or, for `Authorization` on a presigned URL,
    /// a stale one would make the request carry two signatures.
    pub fn replaces_header(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("authorization")
            || self.added.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Every header to send: the request's own, minus those replaced, then
    /// the added ones.
    pub fn headers<'r>(&'r self, request: &Request<'r>) -> Vec<(&'r str, &'r str)> {
        let mut all: Vec<(&str, &str)> = request
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| !self.replaces_header(n))
            .collect();
        all.extend(self.added.iter().map(|(n, v)| (*n, v.as_str())));
        all
    }

    /// The request target to send: for a presigned URL, the original target
    /// with the `X-Amz-*` parameters appended; otherwise `None` (unchanged).
    pub fn presigned_target(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// The canonical request that was signed.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The signature, 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        hex_str(&self.signature)
    }

    /// The `Authorization` header value, for header signing.
    pub fn authorization(&self) -> Option<&str> {
        self.added
            .iter()
            .find(|(n, _)| *n == "Authorization")
            .map(|(_, v)| v.as_str())
    }
}

/// Query parameters a presigned URL carries; a stale copy in the request's
/// own query is dropped before signing again.
const PRESIGN_PARAMS: [&str; 6] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];
const TOKEN_PARAM: &str = "X-Amz-Security-Token";

impl Signer {
    /// A signer for these settings, which are checked here once.
    pub fn new(settings: SigningSettings) -> Result<Self, Error> {
        settings.validate()?;
        Ok(Signer { settings })
    }

    /// The settings this signer was made with.
    pub fn settings(&self) -> &SigningSettings {
        &self.settings
    }

    /// Signs with an `Authorization` header.
    pub fn sign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        payload: Payload<'_>,
        time: SigningTime,
    ) -> Result<SigningOutput, Error> {
        self.sign_at(credentials, request, payload, time, None)
    }

    /// Presigns: the signature goes into the query, valid for `expires_in`
    /// seconds (1 ..= 604800) from `time`.
    pub fn presign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        payload: Payload<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<SigningOutput, Error> {
        check_expires_in(expires_in)?;
        self.sign_at(credentials, request, payload, time, Some(expires_in))
    }

    fn sign_at(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        payload: Payload<'_>,
        time: SigningTime,
        expires_in: Option<u64>,
    ) -> Result<SigningOutput, Error> {
        request.validate()?;
        let s = &self.settings;
        let amz_date_bytes = time.amz_date();
        // Only ASCII digits and letters were written.
        let amz_date = core::str::from_utf8(&amz_date_bytes).unwrap_or_default();
        let date = &amz_date[..8];
        let mut payload_buf = [0u8; 64];
        let payload_value = payload.resolve(&mut payload_buf)?;
        let token = credentials.session_token();
        let sign_token = token.filter(|_| !s.omit_session_token);
        let presign = expires_in.is_some();
        let access_key_id = credentials.access_key_id();

        // Header signing replaces the request's own copies of what it adds;
        // the never-signed headers stay on the request but out of the
        // signature.
        let left_out = |name: &str| {
            canonical::is_unsigned_header(name)
                || (!presign
                    && (name.eq_ignore_ascii_case("x-amz-date")
                        || (token.is_some() && name.eq_ignore_ascii_case("x-amz-security-token"))
                        || (s.content_sha256_header
                            && name.eq_ignore_ascii_case("x-amz-content-sha256"))))
        };
        let mut added_names: [(&str, &str); 3] = [("", ""); 3];
        let mut added_count = 0;
        if !presign {
            let mut add = |name, value| {
                added_names[added_count] = (name, value);
                added_count += 1;
            };
            add("x-amz-date", amz_date);
            if let Some(t) = sign_token {
                add("x-amz-security-token", t);
            }
            if s.content_sha256_header {
                add("x-amz-content-sha256", payload_value);
            }
        }
        let signed_iter = request
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| !left_out(n))
            .chain(added_names[..added_count].iter().copied());
        // Requests rarely carry more than a few headers: sort them on the
        // stack, and only fall back to the heap for long header lists.
        let mut on_stack: [(&str, &str); 16] = [("", ""); 16];
        let mut on_heap: Vec<(&str, &str)>;
        let headers: &mut [(&str, &str)] = if request.headers.len() + added_count <= on_stack.len()
        {
            let mut n = 0;
            for (slot, header) in on_stack.iter_mut().zip(signed_iter) {
                *slot = header;
                n += 1;
            }
            &mut on_stack[..n]
        } else {
            on_heap = signed_iter.collect();
            &mut on_heap
        };
        let signed_headers = canonical::sort_headers(headers);

        let scope = credential_scope(date, &s.region, &s.service);
        let (path, query) = request.path_and_query();
        let is_stale_param = |key: &[u8]| {
            presign
                && (PRESIGN_PARAMS.iter().any(|p| p.as_bytes() == key)
                    || (token.is_some() && key == TOKEN_PARAM.as_bytes()))
        };
        let mut params = QueryParams::default();
        canonical::collect_query(query, |k| !is_stale_param(k), &mut params);
        let mut expires_buf = [0u8; 20];
        let expires_text = expires_in.map_or("", |e| decimal(e, &mut expires_buf));
        if presign {
            params.push_parts("X-Amz-Algorithm", &[ALGORITHM]);
            params.push_parts("X-Amz-Credential", &[access_key_id, "/", &scope]);
            params.push_parts("X-Amz-Date", &[amz_date]);
            params.push_parts("X-Amz-Expires", &[expires_text]);
            params.push_parts("X-Amz-SignedHeaders", &[&signed_headers]);
            if let Some(t) = sign_token {
                params.push_parts(TOKEN_PARAM, &[t]);
            }
        }

        let creq = canonical::request(
            request.method,
            path,
            (s.normalize_path, s.double_encode_path),
            &mut params,
            headers,
            &signed_headers,
            payload_value,
        );
        let sts = string_to_sign(amz_date, &scope, &creq);
        let signature_bytes = compute_signature(credentials, date, &s.region, &s.service, &sts);
        let signature = hex_str(&signature_bytes);

        let mut added: Vec<(&'static str, String)> = Vec::new();
        let target = if presign {
            let (algorithm, credential) = ([ALGORITHM], [access_key_id, "/", scope.as_str()]);
            let (date_part, expires_part) = ([amz_date], [expires_text]);
            let signed_part = [signed_headers.as_str()];
            let mut auth: Vec<(&str, &[&str])> = vec![
                ("X-Amz-Algorithm", &algorithm),
                ("X-Amz-Credential", &credential),
                ("X-Amz-Date", &date_part),
                ("X-Amz-Expires", &expires_part),
                ("X-Amz-SignedHeaders", &signed_part),
            ];
            let token_part = [token.unwrap_or_default()];
            if token.is_some() {
                auth.push((TOKEN_PARAM, &token_part));
            }
            let signature_part = [signature];
            auth.push(("X-Amz-Signature", &signature_part));
            Some(presigned_target(path, query, &auth, &is_stale_param))
        } else {
            added.reserve_exact(4);
            added.push(("X-Amz-Date", amz_date.to_owned()));
            if let Some(t) = token {
                added.push(("X-Amz-Security-Token", t.to_owned()));
            }
            if s.content_sha256_header {
                added.push(("X-Amz-Content-Sha256", payload_value.to_owned()));
            }
            let mut authorization = String::with_capacity(
                ALGORITHM.len()
                    + access_key_id.len()
                    + scope.len()
                    + signed_headers.len()
                    + signature.len()
                    + 48, // " Credential=", "/", ", SignedHeaders=", ", Signature="
            );
            authorization.push_str(ALGORITHM);
            authorization.push_str(" Credential=");
            authorization.push_str(access_key_id);
            authorization.push('/');
            authorization.push_str(&scope);
            authorization.push_str(", SignedHeaders=");
            authorization.push_str(&signed_headers);
            authorization.push_str(", Signature=");
            authorization.push_str(signature);
            added.push(("Authorization", authorization));
            None
        };

        Ok(SigningOutput {
            location: if presign {
                SignatureLocation::Query
            } else {
                SignatureLocation::Headers
            },
            target,
            added,
            canonical_request: creq,
            string_to_sign: sts,
            signature: signature_bytes,
        })
    }
}

/// Writes `n` in decimal into `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    core::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// `date/region/service/aws4_request`.
pub(crate) fn credential_scope(date: &str, region: &str, service: &str) -> String {
    let mut scope = String::with_capacity(date.len() + region.len() + service.len() + 16);
    scope.push_str(date);
    scope.push('/');
    scope.push_str(region);
    scope.push('/');
    scope.push_str(service);
    scope.push_str("/aws4_request");
    scope
}

/// The string to sign: algorithm, time, scope and the canonical request's hash.
pub(crate) fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    // Algorithm, date, scope and the 64 hex digits, with their line breaks.
    let mut sts = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    sts.push_str(ALGORITHM);
    sts.push('\n');
    sts.push_str(amz_date);
    sts.push('\n');
    sts.push_str(scope);
    sts.push('\n');
    hex_into(&mut sts, &crate::mac::sha256(canonical_request.as_bytes()));
    sts
}

/// The hex HMAC of the string to sign under the (cached) signing key, as
/// ASCII bytes (kept inline rather than in another allocation).
pub(crate) fn compute_signature(
    credentials: &Credentials,
    date: &str,
    region: &str,
    service: &str,
    string_to_sign: &str,
) -> [u8; 64] {
    let mac =
        credentials.sign_with_key(date.as_bytes(), region, service, string_to_sign.as_bytes());
    let mut buf = [0u8; 64];
    crate::encoding::hex_array(&mac, &mut buf);
    buf
}

/// The text of a signature made by [`compute_signature`].
pub(crate) fn hex_str(signature: &[u8; 64]) -> &str {
    // Only ASCII hex digits are ever stored.
    core::str::from_utf8(signature).unwrap_or_default()
}

/// The original path and query (minus stale `X-Amz-*` pieces, kept byte for
/// byte otherwise) with the presign parameters appended, encoded.
fn presigned_target(
    path: &str,
    query: &str,
    auth: &[(&str, &[&str])],
    is_stale: &dyn Fn(&[u8]) -> bool,
) -> String {
    let mut out = String::with_capacity(path.len() + query.len() + 512);
    out.push_str(path);
    out.push('?');
    for (piece, key) in canonical::query_pieces(query) {
        if !is_stale(&key) {
            out.push_str(piece);
            out.push('&');
        }
    }
    for (i, (key, parts)) in auth.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        for part in parts.iter() {
            encode_into(&mut out, part.as_bytes(), false);
        }
    }
    out
}
