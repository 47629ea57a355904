//! Signing: an `Authorization` header or a presigned URL, through the
//! pipeline of [`crate::sign`].

#[allow(unused_imports)]
use crate::prelude::*;

use crate::encoding::{decimal, encode_str_into};
use crate::sign::canonical::{self, Parts, QueryEntry, QueryParams};
use crate::sign::presign::{self, check_expires_in, Param};
use crate::sign::signature::{self, Key, Signature};
use crate::sign::string_to_sign::{self, Scope};
use crate::sign::{self as pipeline, SignatureLocation, Written};
use crate::{Algorithm, Credentials, Error, PathRules, Payload, Request, SigningTime};
use core::ops::Range;

use crate::sync::Once;

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
#[derive(Clone)]
pub struct Signer {
    settings: SigningSettings,
    /// The credential scope after its date (`/region/service/aws4_request`,
    /// SigV4a's without the region), written once for every signature.
    scope_tail: Box<str>,
    /// The same, percent-encoded as `X-Amz-Credential` carries it.
    scope_tail_encoded: Box<str>,
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The tails only repeat the settings.
        f.debug_struct("Signer")
            .field("settings", &self.settings)
            .finish()
    }
}

/// What signing produced: what to add to the request, and the intermediate
/// strings for debugging a 403.
///
/// Everything it says lives in one buffer, written in one pass: the
/// canonical request, the string to sign, then the values of the added
/// headers that are not quoted from those two (`Authorization`, a session
/// token, a region set) or a presigned target. One allocation per
/// signature, where the parts as separate strings took two (a presigned
/// URL) to five (header signing with a session token and a signed
/// `x-amz-content-sha256`).
#[derive(Clone)]
pub struct SigningOutput {
    location: SignatureLocation,
    text: String,
    written: Written,
    /// The presigned target, in `text`.
    target: Option<Range<usize>>,
    added: Added,
    /// [`SigningOutput::added_headers`] as owned strings, made on its first
    /// call (the other accessors read `text` and never need them).
    owned: Once<Vec<(&'static str, String)>>,
}

impl PartialEq for SigningOutput {
    fn eq(&self, other: &Self) -> bool {
        // `owned` is a copy of what `added` says, made or not.
        self.location == other.location
            && self.text == other.text
            && self.written == other.written
            && self.target == other.target
            && self.added == other.added
    }
}

impl Eq for SigningOutput {}

/// The headers a signature adds: at most five, listed inline, each value a
/// range of the output's buffer.
#[derive(Clone, Default, PartialEq, Eq)]
struct Added {
    items: [(&'static str, Range<usize>); 5],
    len: usize,
}

impl Added {
    fn push(&mut self, name: &'static str, value: Range<usize>) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = (name, value);
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[(&'static str, Range<usize>)] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// The headers a signature adds, read from its output without copying
/// ([`SigningOutput::added`]): what [`SigningOutput::added_headers`] lists,
/// as `(name, value)` pairs of string slices.
#[derive(Clone, Copy)]
pub struct AddedHeaders<'a> {
    output: &'a SigningOutput,
}

impl<'a> AddedHeaders<'a> {
    /// How many headers the signature adds.
    pub fn len(&self) -> usize {
        self.output.added.len
    }

    /// Whether it adds none (a presigned URL).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The header at `index`, in the order of
    /// [`SigningOutput::added_headers`].
    pub fn get(&self, index: usize) -> Option<(&'static str, &'a str)> {
        let (name, range) = self.output.added.as_slice().get(index)?;
        Some((name, self.output.text.get(range.clone())?))
    }

    /// Each header, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'static str, &'a str)> + 'a {
        let text = self.output.text.as_str();
        self.output
            .added
            .as_slice()
            .iter()
            .map(move |(name, range)| (*name, text.get(range.clone()).unwrap_or_default()))
    }
}

impl core::fmt::Debug for SigningOutput {
    // The session token may be among the added headers or in the target.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use crate::redact;
        let added: Vec<(&str, &str)> = self
            .added()
            .iter()
            .map(|(n, v)| {
                let secret = crate::request::is_sensitive_header(n);
                (n, if secret { redact::REDACTED } else { v })
            })
            .collect();
        f.debug_struct("SigningOutput")
            .field("location", &self.location)
            .field("signature", &self.signature())
            .field("target", &self.presigned_target().map(redact::target))
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
    ///
    /// The owned strings are copied from the output on the first call;
    /// [`SigningOutput::added`] reads the same headers without copying.
    pub fn added_headers(&self) -> &[(&'static str, String)] {
        self.owned.get_or_init(|| {
            self.added()
                .iter()
                .map(|(n, v)| (n, v.to_owned()))
                .collect()
        })
    }

    /// The headers the signer adds, as [`SigningOutput::added_headers`]
    /// lists them, read in place (no allocation).
    pub fn added(&self) -> AddedHeaders<'_> {
        AddedHeaders { output: self }
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
        all.extend(self.added().iter().map(|(n, v)| (n as &str, v)));
        all
    }

    /// The request target to send: for a presigned URL, the original target
    /// with the `X-Amz-*` parameters appended; otherwise `None` (unchanged).
    pub fn presigned_target(&self) -> Option<&str> {
        self.text.get(self.target.clone()?)
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
        self.added()
            .iter()
            .find(|(n, _)| *n == "Authorization")
            .map(|(_, v)| v)
    }
}

impl Signer {
    /// A signer for these settings, which are checked here once.
    pub fn new(settings: SigningSettings) -> Result<Self, Error> {
        settings.validate()?;
        let mut scope_tail = String::new();
        Scope {
            date: "",
            region: &settings.region,
            service: &settings.service,
            algorithm: settings.algorithm,
            tail: "",
        }
        .write_tail(&mut scope_tail);
        let mut scope_tail_encoded = String::new();
        encode_str_into(&mut scope_tail_encoded, &scope_tail, false);
        Ok(Signer {
            settings,
            scope_tail: scope_tail.into_boxed_str(),
            scope_tail_encoded: scope_tail_encoded.into_boxed_str(),
        })
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
            tail: &self.scope_tail,
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
        // Which of ADDED_LEFT_OUT this signature sets itself, in its order.
        let adds = [
            true,
            token.is_some(),
            region_set.is_some(),
            s.content_sha256_header,
        ];
        let left_out = |name: &str| {
            may_be_left_out(name)
                && (canonical::is_unsigned_header(name)
                    || (!presign
                        && ADDED_LEFT_OUT
                            .iter()
                            .zip(adds)
                            .any(|(added, on)| on && name.eq_ignore_ascii_case(added))))
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
        } = Scratch::take();
        params.clear();
        signed_list.clear();
        canonical::collect_query(query, |k| !is_stale_param(k), &mut params);
        let mut expires_buf = [0u8; 20];
        let expires_text = expires_in.map_or("", |e| decimal(e, &mut expires_buf));
        // The presign parameters quote the signed header list before the
        // canonical request does; the canonical request copies its header
        // names from it.
        canonical::write_signed_headers(&mut signed_list, headers);
        let signed_run = if presign {
            let values = presign::Params {
                access_key_id,
                scope,
                amz_date,
                expires_in: expires_text,
                signed_headers: &signed_list,
                region_set,
                session_token: sign_token,
            };
            push_presign_params(&mut params, &values, &self.scope_tail_encoded)
        } else {
            0..0
        };

        let parts = Parts {
            method: request.method,
            raw_path: path,
            path_rules: s.path_rules,
            sorted_headers: headers,
            payload: payload_value,
            signed_list: Some(&signed_list),
        };
        // One buffer for everything the output says, sized once.
        let extra = if presign {
            path.len()
                + query.len()
                + params.text_len()
                + 3 * token.map_or(0, str::len)
                + 48
                + signature::MAX_LEN
        } else {
            s.algorithm.name().len()
                + access_key_id.len()
                + scope.len()
                + signed_list.len()
                + token.map_or(0, str::len)
                + region_set.map_or(0, str::len)
                + 40
                + signature::MAX_LEN
        };
        let mut text = String::with_capacity(
            parts.size_hint(&params) + string_to_sign::len(amz_date, &scope) + extra,
        );
        let written = pipeline::run(&mut text, &parts, &mut params, amz_date, &scope, Some(key));

        let mut added = Added::default();
        let target = if presign {
            let start = text.len();
            write_presigned_target(
                &mut text,
                path,
                query,
                params.text(signed_run),
                token.filter(|_| sign_token.is_none()),
                &written.signature,
                &is_stale_param,
            );
            Some(start..text.len())
        } else {
            // The date is quoted from the string to sign's second line, the
            // payload value from the canonical request's last.
            let date_at = written.string_to_sign.start + s.algorithm.name().len() + 1;
            added.push("X-Amz-Date", date_at..date_at + amz_date.len());
            if let Some(r) = region_set {
                added.push("X-Amz-Region-Set", append(&mut text, r));
            }
            if let Some(t) = token {
                added.push("X-Amz-Security-Token", append(&mut text, t));
            }
            if s.content_sha256_header {
                let end = written.canonical_request.end;
                added.push("X-Amz-Content-Sha256", end - payload_value.len()..end);
            }
            let start = text.len();
            write_authorization(
                &mut text,
                access_key_id,
                &scope,
                &signed_list,
                &written.signature,
            );
            added.push("Authorization", start..text.len());
            None
        };

        Scratch {
            params,
            signed_list,
        }
        .put_back();

        Ok(SigningOutput {
            location: if presign {
                SignatureLocation::Query
            } else {
                SignatureLocation::Headers
            },
            text,
            written,
            target,
            added,
            owned: Once::new(),
        })
    }
}

/// The headers the signer sets itself that header signing leaves out of a
/// signature when they come with the request (`sign_at`'s `left_out`, which
/// pairs each with whether this signature sets it); the never-signed ones
/// are [`canonical::UNSIGNED_HEADERS`].
const ADDED_LEFT_OUT: [&str; 4] = [
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-region-set",
    "x-amz-content-sha256",
];

/// One bit per length of a name header signing may leave out (all under 32).
const LEFT_OUT_LENGTHS: u32 =
    length_bits(&canonical::UNSIGNED_HEADERS) | length_bits(&ADDED_LEFT_OUT);

const fn length_bits(names: &[&str]) -> u32 {
    let mut bits = 0u32;
    let mut i = 0;
    while i < names.len() {
        bits |= 1 << names[i].len();
        i += 1;
    }
    bits
}

/// Whether a header name has the length of one that may be left out: most
/// names (`host`, `content-type`) are passed by one bit test, before any
/// comparison.
#[inline(always)]
fn may_be_left_out(name: &str) -> bool {
    name.len() < 32 && (LEFT_OUT_LENGTHS >> name.len()) & 1 == 1
}

/// Adds the signed parameters of a presigned URL to the query's and returns
/// where their text is. They are written in the URL's order, each followed by
/// `&`, so that the presigned target copies them as one run, and listed in
/// canonical order ([`QueryParams::push_sorted`]), so that they need no
/// sorting. The algorithm's name, the date, the scope's date and the
/// lifetime are letters, digits and `-` only (tests check the names):
/// copied, not encoded.
fn push_presign_params(
    params: &mut QueryParams,
    values: &presign::Params<'_>,
    scope_tail_encoded: &str,
) -> Range<usize> {
    let mut at: [Option<QueryEntry>; Param::ALL.len()] = [None; Param::ALL.len()];
    let start = params.text_len();
    for param in Param::ALL {
        let name = param.name();
        let entry = match param {
            Param::Algorithm => {
                params.write_piece(name, |t| t.push_str(values.scope.algorithm.name()))
            }
            Param::Credential => params.write_piece(name, |t| {
                encode_str_into(t, values.access_key_id, false);
                t.push_str("%2F");
                t.push_str(values.scope.date);
                t.push_str(scope_tail_encoded);
            }),
            Param::Date => params.write_piece(name, |t| t.push_str(values.amz_date)),
            Param::Expires => params.write_piece(name, |t| t.push_str(values.expires_in)),
            Param::SignedHeaders => params.write_piece(name, |t| {
                encode_str_into(t, values.signed_headers, false);
            }),
            #[cfg(feature = "sigv4a")]
            Param::RegionSet => match values.region_set {
                Some(r) => params.write_piece(name, |t| encode_str_into(t, r, false)),
                None => continue,
            },
            Param::SecurityToken => match values.session_token {
                Some(token) => params.write_piece(name, |t| encode_str_into(t, token, false)),
                None => continue,
            },
            Param::Signature => continue,
        };
        at[param as usize] = Some(entry);
    }
    let run = start..params.text_len();
    for param in Param::CANONICAL_ORDER {
        if let Some(entry) = at[param as usize] {
            params.push_sorted(entry);
        }
    }
    run
}

/// Appends `value` and returns where it is.
fn append(text: &mut String, value: &str) -> Range<usize> {
    let start = text.len();
    text.push_str(value);
    start..text.len()
}

/// What a signature needs only while it is made: the query parameter set
/// and a presigned URL's signed header list.
#[derive(Default)]
struct Scratch {
    params: QueryParams,
    signed_list: String,
}

#[cfg(feature = "std")]
std::thread_local! {
    /// Each thread's scratch: taken for one signature and put back, so its
    /// buffers are allocated once per thread, not per call.
    static SCRATCH: core::cell::Cell<Scratch> = const {
        // Built in place: no lazy initialization to check on each use.
        core::cell::Cell::new(Scratch {
            params: QueryParams::new(),
            signed_list: String::new(),
        })
    };
}

impl Scratch {
    /// This thread's scratch (without `std`, which has no thread-local
    /// storage here, a new one).
    fn take() -> Scratch {
        #[cfg(feature = "std")]
        return SCRATCH.with(|cell| cell.take());
        #[cfg(not(feature = "std"))]
        return Scratch::default();
    }

    /// Gives the scratch back for the thread's next signature.
    fn put_back(self) {
        #[cfg(feature = "std")]
        SCRATCH.with(|cell| cell.set(self));
    }
}

/// Appends the `Authorization` header's value.
fn write_authorization(
    text: &mut String,
    access_key_id: &str,
    scope: &Scope<'_>,
    signed_headers: &str,
    signature: &Signature,
) {
    text.push_str(scope.algorithm.name());
    text.push_str(" Credential=");
    text.push_str(access_key_id);
    text.push('/');
    scope.write(text);
    text.push_str(", SignedHeaders=");
    text.push_str(signed_headers);
    text.push_str(", Signature=");
    text.push_str(signature::as_str(signature));
}

/// The original path and query (minus stale `X-Amz-*` pieces, kept byte for
/// byte otherwise), then the signed presign parameters as the canonical
/// query encoded them (`signed_run`, in the URL's order), a session token
/// added after signing if there is one, and the signature.
fn write_presigned_target(
    out: &mut String,
    path: &str,
    query: &str,
    signed_run: &str,
    unsigned_token: Option<&str>,
    signature: &Signature,
    is_stale: &dyn Fn(&[u8]) -> bool,
) {
    out.push_str(path);
    out.push('?');
    for (piece, key) in canonical::query_pieces(query) {
        if !is_stale(&key) {
            out.push_str(piece);
            out.push('&');
        }
    }
    out.push_str(signed_run);
    if let Some(token) = unsigned_token {
        out.push_str(Param::SecurityToken.name());
        out.push('=');
        encode_str_into(out, token, false);
        out.push('&');
    }
    out.push_str(Param::Signature.name());
    out.push('=');
    out.push_str(signature::as_str(signature));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vanilla(settings: SigningSettings, token: Option<&str>) -> SigningOutput {
        let signer = Signer::new(settings).unwrap();
        let credentials = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_owned),
        )
        .unwrap();
        let request = Request::new("GET", "/").header("Host", "example.amazonaws.com");
        let time = SigningTime::parse_rfc3339("2015-08-30T12:36:00Z").unwrap();
        signer
            .sign(&credentials, &request, Payload::Bytes(b""), time)
            .unwrap()
    }

    #[test]
    fn added_headers_read_in_place_and_owned_agree() {
        // get-vanilla of the official suite: its Authorization as published.
        let out = vanilla(SigningSettings::new("us-east-1", "service"), None);
        let want = [
            ("X-Amz-Date", "20150830T123600Z"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
        ];
        assert_eq!(out.added().iter().collect::<Vec<_>>(), want);
        let copy = out.clone();
        let owned: Vec<(&str, &str)> = out
            .added_headers()
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        assert_eq!(owned, want);
        // Making the owned copies changes nothing the output compares by.
        assert!(copy == out);

        // Every kind of added header: the token copied in, the payload
        // value and the date quoted.
        let settings =
            SigningSettings::new("us-east-1", "service").with_content_sha256_header(true);
        let out = vanilla(settings, Some("TOKEN"));
        let added = out.added();
        assert_eq!(added.len(), 4);
        assert_eq!(added.get(0), Some(("X-Amz-Date", "20150830T123600Z")));
        assert_eq!(added.get(1), Some(("X-Amz-Security-Token", "TOKEN")));
        assert_eq!(
            added.get(2),
            Some(("X-Amz-Content-Sha256", crate::EMPTY_PAYLOAD_SHA256))
        );
        let (name, auth) = added.get(3).unwrap();
        assert_eq!(name, "Authorization");
        assert!(auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="
        ));
        assert_eq!(added.get(4), None);
        assert_eq!(out.authorization(), Some(auth));
        let debug = format!("{out:?}");
        assert!(!debug.contains("TOKEN"), "{debug}");
    }

    #[test]
    fn the_length_filter_passes_every_name_that_may_be_left_out() {
        for name in canonical::UNSIGNED_HEADERS
            .into_iter()
            .chain(ADDED_LEFT_OUT)
        {
            assert!(may_be_left_out(name), "{name}");
            assert!(may_be_left_out(&name.to_ascii_uppercase()), "{name}");
        }
        for name in ["host", "content-type", "x-amz-meta-a", ""] {
            assert!(!may_be_left_out(name), "{name}");
        }
    }

    #[test]
    fn presigned_targets_list_parameters_in_url_order_and_sign_them_sorted() {
        // Expected texts written out by hand from the SigV4 rules.
        let signer = Signer::new(SigningSettings::new("us-east-1", "service")).unwrap();
        let time = SigningTime::parse_rfc3339("2015-08-30T12:36:00Z").unwrap();
        let request = Request::new("GET", "/?b=2&X-Amz-Date=stale&a=1")
            .header("Host", "example.amazonaws.com");
        let params = "X-Amz-Algorithm=AWS4-HMAC-SHA256\
                      &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request\
                      &X-Amz-Date=20150830T123600Z&X-Amz-Expires=60";
        for omit in [false, true] {
            let signer =
                Signer::new(signer.settings().clone().with_omit_session_token(omit)).unwrap();
            let credentials = Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                Some("TOK+".into()),
            )
            .unwrap();
            let out = signer
                .presign(&credentials, &request, Payload::Unsigned, time, 60)
                .unwrap();
            let want_target = format!(
                "/?b=2&a=1&{params}&X-Amz-SignedHeaders=host&X-Amz-Security-Token=TOK%2B\
                 &X-Amz-Signature={}",
                out.signature()
            );
            assert_eq!(out.presigned_target(), Some(want_target.as_str()));
            let token = if omit {
                ""
            } else {
                "&X-Amz-Security-Token=TOK%2B"
            };
            let want_query = format!("{params}{token}&X-Amz-SignedHeaders=host&a=1&b=2");
            let query = out.canonical_request().lines().nth(2);
            assert_eq!(query, Some(want_query.as_str()), "omit {omit}");
        }
    }
}
