//! Signing: an `Authorization` header or a presigned URL, through the
//! pipeline of [`crate::sign`].

use crate::encoding::encode_str_into;
use crate::sign::canonical::{self, Parts, QueryParams};
use crate::sign::presign::{self, check_expires_in, Param};
use crate::sign::signature::{self, Key, Signature};
use crate::sign::string_to_sign::Scope;
use crate::sign::{self as pipeline, SignatureLocation, Written};
use crate::{Algorithm, Credentials, Error, PathRules, Payload, Request, SigningTime};

/// What a signer signs for, and how. Build it with [`SigningSettings::new`]
/// (the service's defaults) and the `with_*` methods: fields may be added,
/// so it cannot be built literally outside this crate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningSettings {
    /// Region of the credential scope, such as `us-east-1`; for SigV4a the
    /// region set (`*`, `us-east-1`, `us-east-1,us-west-2`).
    pub region: String,
    /// Signing name of the service, such as `execute-api` or `s3`.
    pub service: String,
    /// How the path is signed ([`PathRules::S3`] for the S3 family,
    /// [`PathRules::STANDARD`] for every other service).
    pub path_rules: PathRules,
    /// Also send and sign `x-amz-content-sha256` (S3 requires it). Header
    /// signing only: a presigned URL carries no such header, as in the
    /// official suite.
    pub content_sha256_header: bool,
    /// Add the session token after signing instead of signing it (IoT).
    pub omit_session_token: bool,
    /// SigV4 (the default) or SigV4a.
    pub algorithm: Algorithm,
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
            path_rules: d.path_rules,
            content_sha256_header: d.content_sha256_header,
            omit_session_token: false,
            algorithm: Algorithm::SigV4,
        }
    }

    /// How the path is signed.
    pub fn with_path_rules(mut self, rules: PathRules) -> Self {
        self.path_rules = rules;
        self
    }

    /// Whether `x-amz-content-sha256` is sent and signed.
    pub fn with_content_sha256_header(mut self, value: bool) -> Self {
        self.content_sha256_header = value;
        self
    }

    /// Whether the session token is added after signing instead of signed.
    pub fn with_omit_session_token(mut self, value: bool) -> Self {
        self.omit_session_token = value;
        self
    }

    /// Which algorithm signs; for SigV4a, `region` is the region set.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Checks the region (for SigV4a the region set) and service, which end
    /// up in the credential scope or, for SigV4a's region set, in
    /// `X-Amz-Region-Set`.
    pub fn validate(&self) -> Result<(), Error> {
        #[cfg(feature = "sigv4a")]
        if self.algorithm.is_sigv4a() {
            crate::sigv4a::check_region_set(&self.region)?;
            return scope_part(&self.service).map_err(|reason| Error::InvalidService { reason });
        }
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
    added: Added,
    /// The canonical request, then the string to sign, where `written` says.
    text: String,
    written: Written,
}

/// The headers a signature adds, kept inline: there are at most five, so
/// their list needs no allocation of its own (their values still do).
#[derive(Clone, Default, PartialEq, Eq)]
struct Added {
    items: [(&'static str, String); 5],
    len: usize,
}

impl Added {
    fn push(&mut self, header: (&'static str, String)) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = header;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[(&'static str, String)] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

impl core::fmt::Debug for SigningOutput {
    // The session token may be among the added headers or in the target.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use crate::redact;
        let added: Vec<(&str, &str)> = self
            .added
            .as_slice()
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
                &redact::canonical_request(self.canonical_request()),
            )
            .field("string_to_sign", &self.string_to_sign())
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
        self.added.as_slice()
    }

    /// Whether the request's own header of this name (case-insensitive) must
    /// go: the signer sets it, or, for `Authorization` on a presigned URL,
    /// a stale one would make the request carry two signatures.
    pub fn replaces_header(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("authorization")
            || self
                .added
                .as_slice()
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
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
        all.extend(self.added.as_slice().iter().map(|(n, v)| (*n, v.as_str())));
        all
    }

    /// The request target to send: for a presigned URL, the original target
    /// with the `X-Amz-*` parameters appended; otherwise `None` (unchanged).
    pub fn presigned_target(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// The canonical request that was signed.
    pub fn canonical_request(&self) -> &str {
        &self.text[self.written.canonical_request.clone()]
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        &self.text[self.written.string_to_sign.clone()]
    }

    /// The signature: for SigV4 64 lower-case hex digits, for SigV4a the
    /// hex of the DER-encoded ECDSA signature.
    pub fn signature(&self) -> &str {
        signature::as_str(&self.written.signature)
    }

    /// The `Authorization` header value, for header signing.
    pub fn authorization(&self) -> Option<&str> {
        self.added
            .as_slice()
            .iter()
            .find(|(n, _)| *n == "Authorization")
            .map(|(_, v)| v.as_str())
    }
}

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
        let scope = Scope {
            date: &amz_date[..8],
            region: &s.region,
            service: &s.service,
            algorithm: s.algorithm,
        };
        // SigV4a signs its region set in X-Amz-Region-Set.
        let region_set = Some(s.region.as_str()).filter(|_| s.algorithm.is_sigv4a());
        let key = match s.algorithm {
            Algorithm::SigV4 => Key::Hmac(credentials),
            #[cfg(feature = "sigv4a")]
            Algorithm::SigV4a => Key::Ecdsa(credentials.sigv4a_key()?),
        };
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
                        || (region_set.is_some() && name.eq_ignore_ascii_case("x-amz-region-set"))
                        || (s.content_sha256_header
                            && name.eq_ignore_ascii_case("x-amz-content-sha256"))))
        };
        let mut added_names: [(&str, &str); 4] = [("", ""); 4];
        let mut added_count = 0;
        if !presign {
            let mut add = |name, value| {
                added_names[added_count] = (name, value);
                added_count += 1;
            };
            add("x-amz-date", amz_date);
            if let Some(r) = region_set {
                add("x-amz-region-set", r);
            }
            if let Some(t) = sign_token {
                add("x-amz-security-token", t);
            }
            if s.content_sha256_header {
                add("x-amz-content-sha256", payload_value);
            }
        }
        // Requests rarely carry more than a few headers: sort them on the
        // stack, and only fall back to the heap for long header lists. A
        // plain loop, as an iterator chain here costs more than the copy.
        let mut on_stack: [(&str, &str); 16] = [("", ""); 16];
        let mut on_heap: Vec<(&str, &str)>;
        let headers: &mut [(&str, &str)] = if request.headers.len() + added_count <= on_stack.len()
        {
            let mut n = 0;
            for &(name, value) in &request.headers {
                if !left_out(name) {
                    on_stack[n] = (name, value);
                    n += 1;
                }
            }
            for &header in &added_names[..added_count] {
                on_stack[n] = header;
                n += 1;
            }
            &mut on_stack[..n]
        } else {
            on_heap = request
                .headers
                .iter()
                .copied()
                .filter(|(n, _)| !left_out(n))
                .chain(added_names[..added_count].iter().copied())
                .collect();
            &mut on_heap
        };
        canonical::sort_headers(headers);

        let (path, query) = request.path_and_query();
        // A presigned URL signed before carries stale parameters: they go.
        let is_stale_param = |key: &[u8]| {
            presign
                && Param::find(key).is_some_and(|p| p != Param::SecurityToken || token.is_some())
        };
        // The query parameter set is scratch, reused by every signature on
        // this thread: nothing of it outlives the call.
        let Scratch {
            mut params,
            mut signed_list,
        } = SCRATCH.with(|cell| cell.take());
        params.clear();
        signed_list.clear();
        canonical::collect_query(query, |k| !is_stale_param(k), &mut params);
        let mut expires_buf = [0u8; 20];
        let expires_text = expires_in.map_or("", |e| decimal(e, &mut expires_buf));
        // The presign parameters quote the signed header list before the
        // canonical request does; the canonical request copies its header
        // names from it.
        canonical::write_signed_headers(&mut signed_list, headers);
        let presign_params = |session_token| presign::Params {
            access_key_id,
            scope,
            amz_date,
            expires_in: expires_text,
            signed_headers: &signed_list,
            region_set,
            session_token,
        };
        if presign {
            presign_params(sign_token).for_each(|p, parts| {
                params.push_parts(p.name(), parts);
            });
        }

        let parts = Parts {
            method: request.method,
            raw_path: path,
            path_rules: s.path_rules,
            sorted_headers: headers,
            payload: payload_value,
            signed_list: Some(&signed_list),
        };
        let mut text = String::new();
        let written = pipeline::run(&mut text, &parts, &mut params, amz_date, &scope, Some(key));

        let mut added = Added::default();
        let target = if presign {
            let target_params = presign_params(token);
            Some(presigned_target(
                path,
                query,
                &target_params,
                &params,
                &written.signature,
                &is_stale_param,
            ))
        } else {
            added.push(("X-Amz-Date", amz_date.to_owned()));
            if let Some(r) = region_set {
                added.push(("X-Amz-Region-Set", r.to_owned()));
            }
            if let Some(t) = token {
                added.push(("X-Amz-Security-Token", t.to_owned()));
            }
            if s.content_sha256_header {
                added.push(("X-Amz-Content-Sha256", payload_value.to_owned()));
            }
            added.push((
                "Authorization",
                authorization(s.algorithm, access_key_id, &text, &written),
            ));
            None
        };

        SCRATCH.with(|cell| {
            cell.set(Scratch {
                params,
                signed_list,
            })
        });

        Ok(SigningOutput {
            location: if presign {
                SignatureLocation::Query
            } else {
                SignatureLocation::Headers
            },
            target,
            added,
            text,
            written,
        })
    }
}

/// What a signature needs only while it is made: the query parameter set
/// and a presigned URL's signed header list.
#[derive(Default)]
struct Scratch {
    params: QueryParams,
    signed_list: String,
}

std::thread_local! {
    /// Each thread's scratch: taken for one signature and put back, so its
    /// buffers are allocated once per thread, not per call.
    static SCRATCH: core::cell::Cell<Scratch> = core::cell::Cell::new(Scratch::default());
}

/// The `Authorization` header: its scope and signed header list are quoted
/// from the pipeline's buffer.
fn authorization(
    algorithm: Algorithm,
    access_key_id: &str,
    text: &str,
    written: &Written,
) -> String {
    let scope = &text[written.scope.clone()];
    let signed_headers = &text[written.signed_headers.clone()];
    let parts = [
        algorithm.name(),
        " Credential=",
        access_key_id,
        "/",
        scope,
        ", SignedHeaders=",
        signed_headers,
        ", Signature=",
        signature::as_str(&written.signature),
    ];
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
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

/// The original path and query (minus stale `X-Amz-*` pieces, kept byte for
/// byte otherwise) with the presign parameters and the signature appended,
/// encoded. The parameters that were signed are copied as the canonical
/// query encoded them (`signed` holds them, in the order they were added,
/// which is the order of [`presign::Params::for_each`]); only one that was
/// not signed (a session token added after signing) is encoded here.
fn presigned_target(
    path: &str,
    query: &str,
    params: &presign::Params<'_>,
    signed: &QueryParams,
    signature: &Signature,
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
    let mut index = 0;
    let mut write = |param: Param, parts: &[&str]| {
        match signed.added(index) {
            Some((key, value)) if key == param.name() => {
                out.push_str(key);
                out.push('=');
                out.push_str(value);
            }
            _ => {
                out.push_str(param.name());
                out.push('=');
                for part in parts {
                    encode_str_into(&mut out, part, false);
                }
            }
        }
        index += 1;
        out.push('&');
    };
    params.for_each(&mut write);
    out.push_str(Param::Signature.name());
    out.push('=');
    out.push_str(signature::as_str(signature));
    out
}
