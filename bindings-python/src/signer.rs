//! `sigv4kit.Signer`: one region and service, any number of threads.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};
use sigv4kit::policy::{ServiceDefaults, DEFAULT_EXPIRES_IN};

// `presign`'s default lifetime is written as a literal so that Python's
// signature (and the stub) shows it; it is the core's.
const _: () = assert!(DEFAULT_EXPIRES_IN == 3600);

use crate::body;
use crate::chunked::PyChunkedEncoder;
use crate::credentials::PyCredentials;
use crate::errors::{error, IntoPyResult};
use crate::headers;
use crate::signed::{PySignedRequest, SentUrl};
use crate::time;

/// Signs requests for one region and service. Immutable and thread-safe:
/// share one signer across threads.
///
/// It holds `Credentials` only: the fixed ones it was made with. Credential
/// providers (the default chain, botocore objects, refreshing functions) are
/// resolved in Python, by the `sigv4kit.Signer` subclass; a call's own
/// `credentials=` that are not `Credentials` go through
/// `sigv4kit._internal.resolve_credentials`, the one hook.
#[pyclass(module = "sigv4kit._native", name = "Signer", frozen, subclass)]
pub struct PySigner {
    signer: sigv4kit::Signer,
    credentials: Option<Py<PyCredentials>>,
    unsigned_payload: bool,
}

/// Options of one sign or presign call.
struct Call<'a, 'py> {
    method: &'a Bound<'py, PyString>,
    url: CallUrl<'a, 'py>,
    headers: headers::Source<'a, 'py>,
    body: Option<&'a Bound<'py, PyAny>>,
    timestamp: Option<&'a Bound<'py, PyAny>>,
    unsigned_payload: Option<bool>,
    payload_hash: Option<String>,
    credentials: Option<&'a Bound<'py, PyAny>>,
    expires_in: Option<u64>,
    /// An aws-chunked upload: its headers join the request's, its
    /// `STREAMING-…` value is the payload, and an encoder comes back.
    chunked: Option<&'a sigv4kit::chunked::ChunkedUpload>,
}

impl<'a, 'py> Call<'a, 'py> {
    /// A call that signs only what these name: no body, the clock's time,
    /// the signer's payload choice, an `Authorization` header. The entry
    /// points name what they add with `..Call::new(...)`.
    fn new(
        method: &'a Bound<'py, PyString>,
        url: CallUrl<'a, 'py>,
        headers: headers::Source<'a, 'py>,
        credentials: Option<&'a Bound<'py, PyAny>>,
    ) -> Self {
        Call {
            method,
            url,
            headers,
            body: None,
            timestamp: None,
            unsigned_payload: None,
            payload_hash: None,
            credentials,
            expires_in: None,
            chunked: None,
        }
    }
}

/// A call's URL: the caller's `str`, or text written here for the caller's
/// URL (httpx's parsed form of it), which no Python string is made for.
enum CallUrl<'a, 'py> {
    Str(&'a Bound<'py, PyString>),
    Written(String),
}

/// `Credentials`, or `None` for none; anything else is refused by name.
fn fixed_credentials<'py>(
    credentials: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyCredentials>>> {
    match credentials.filter(|c| !c.is_none()) {
        None => Ok(None),
        Some(c) => match c.cast::<PyCredentials>() {
            Ok(fixed) => Ok(Some(fixed.clone())),
            Err(_) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "credentials must be sigv4kit.Credentials, not {} (sigv4kit.Signer resolves providers)",
                c.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))),
        },
    }
}

/// A call's request converted for the core: the URL to send, the target
/// to sign in it and the headers (with `Host` from the URL unless given).
struct Prepared<'a> {
    /// `scheme://host[:port]` (for an absolute URL), then the target:
    /// borrowed from the caller's `url` when it spells exactly that (a
    /// request target, or a URL already in the core's wire form with its
    /// scheme and host in lower case), which the result then hands back
    /// as it is, written here otherwise.
    url: Cow<'a, str>,
    /// Where the target starts in `url` (0 for a request target).
    origin_len: usize,
    headers: headers::HeaderList,
}

impl Prepared<'_> {
    fn target(&self) -> &str {
        self.url.get(self.origin_len..).unwrap_or_default()
    }
}

fn prepare<'a>(
    py: Python<'_>,
    url: &'a str,
    headers: headers::Source<'_, '_>,
) -> PyResult<Prepared<'a>> {
    let mut header_list = headers.collect()?;
    if url.starts_with('/') {
        return Ok(Prepared {
            url: Cow::Borrowed(url),
            origin_len: 0,
            headers: header_list,
        });
    }
    if !url.contains("://") {
        return Err(error(
                py,
                "invalid_target",
                "url",
                "invalid url: must be an absolute http:// or https:// URL, or a request target starting with '/'",
            ));
    }
    let parts = sigv4kit::url::split_url(url).or_raise(py)?;
    let host = parts.host_header();
    if !header_list.has("host") {
        header_list.push_front("Host", &host);
    }
    // A URL goes out in the core's wire form (no raw `+` in the query); a
    // target is signed and sent byte for byte.
    let target = sigv4kit::policy::wire_target(&parts.target);
    let origin_len = parts.scheme.len() + "://".len() + host.len();
    // The usual URL is its own wire form: compared piece by piece, and
    // borrowed, not written again.
    let as_given = url
        .strip_prefix(parts.scheme)
        .and_then(|rest| rest.strip_prefix("://"))
        .and_then(|rest| rest.strip_prefix(&*host))
        == Some(&*target);
    let sent = match as_given {
        true => Cow::Borrowed(url),
        false => Cow::Owned([parts.scheme, "://", &host, &target].concat()),
    };
    Ok(Prepared {
        url: sent,
        origin_len,
        headers: header_list,
    })
}

/// Payloads the core hashes inside `sign` (smaller than `body`'s own
/// detached hashing threshold) from which the GIL is released while it
/// signs. Below it, a signature is about a microsecond of core work, and
/// releasing and retaking the GIL around it costs more than it frees: each
/// hand-over to another waiting thread is a wake-up through the GIL's
/// condition variable, and one thread alone pays the release and the
/// reacquisition (with pyo3's deferred-reference check) on every call.
const DETACH_PAYLOAD_FROM: usize = 8 * 1024;

impl PySigner {
    fn credentials<'py>(
        &self,
        py: Python<'py>,
        explicit: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCredentials>> {
        if let Some(explicit) = explicit.filter(|c| !c.is_none()) {
            if let Ok(fixed) = explicit.cast::<PyCredentials>() {
                return Ok(fixed.clone());
            }
            // Anything else a call may pass (a provider, botocore
            // credentials) is resolved in Python, through the one hook.
            static RESOLVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let resolved = RESOLVE
                .import(py, "sigv4kit._internal", "resolve_credentials")?
                .call1((explicit,))?;
            return match fixed_credentials(Some(&resolved))? {
                Some(credentials) => Ok(credentials),
                None => Err(pyo3::exceptions::PyTypeError::new_err(
                    "credentials resolved to None, not sigv4kit.Credentials",
                )),
            };
        }
        match &self.credentials {
            Some(fixed) => Ok(fixed.bind(py).clone()),
            None => Err(error(
                py,
                "invalid_credentials",
                "credentials",
                "no credentials: this signer has none of its own; pass credentials=",
            )),
        }
    }

    /// Signs a call; the result is made into its Python object here, where
    /// it is put together, so that it is moved into place once.
    fn run<'py>(
        &self,
        py: Python<'py>,
        call: Call<'_, 'py>,
    ) -> PyResult<(Bound<'py, PySignedRequest>, Option<PyChunkedEncoder>)> {
        let credentials = self.credentials(py, call.credentials)?;
        let Prepared {
            url,
            origin_len,
            headers: mut header_list,
        } = prepare(
            py,
            match &call.url {
                CallUrl::Str(text) => text.to_str()?,
                CallUrl::Written(text) => text,
            },
            call.headers,
        )?;
        if let Some(plan) = call.chunked {
            header_list.replace(&plan.headers());
        }
        let unsigned = call.unsigned_payload.unwrap_or(self.unsigned_payload);
        let body = match call.chunked {
            Some(plan) => body::read(
                py,
                None,
                false,
                Some(plan.mode().payload_value().to_owned()),
            )?,
            None => body::read(py, call.body, unsigned, call.payload_hash)?,
        };
        let when = time::signing_time(py, call.timestamp)?;
        let request = sigv4kit::Request {
            method: call.method.to_str()?,
            target: url.get(origin_len..).unwrap_or_default(),
            headers: header_list.iter().collect(),
        };
        let creds = &credentials.get().inner;
        let payload = body.payload();
        let detach = self.detaches(&payload);
        let sign = || match call.expires_in {
            Some(expires_in) => self
                .signer
                .presign(creds, &request, payload, when, expires_in),
            None => self.signer.sign(creds, &request, payload, when),
        };
        // Long core work (a SigV4a signature, a large body) runs with the
        // GIL released: another Python thread runs meanwhile.
        let out = if detach { py.detach(sign) } else { sign() }.or_raise(py)?;
        let encoder = match call.chunked {
            Some(plan) => Some(PyChunkedEncoder::new(
                plan.encoder(Some((creds, &out))).or_raise(py)?,
                plan.encoded_length(),
            )),
            None => None,
        };
        drop(request);
        let rewritten = match url {
            Cow::Borrowed(_) => None,
            Cow::Owned(text) => Some(text),
        };
        let url = match (rewritten, call.url) {
            (Some(text), _) => SentUrl::Built(text),
            (None, CallUrl::Str(given)) => SentUrl::Given(given.clone().unbind()),
            (None, CallUrl::Written(text)) => SentUrl::Written(text),
        };
        let signed = Bound::new(
            py,
            PySignedRequest {
                method: call.method.clone().unbind(),
                url,
                origin_len,
                request_headers: header_list,
                out,
                presigned: call.expires_in.is_some(),
                expires_in: call.expires_in,
            },
        )?;
        Ok((signed, encoder))
    }

    /// Whether signing this payload releases the GIL (see
    /// [`DETACH_PAYLOAD_FROM`]); an ECDSA signature (SigV4a) always does.
    fn detaches(&self, payload: &sigv4kit::Payload<'_>) -> bool {
        self.signer.settings().algorithm.is_sigv4a()
            || matches!(payload, sigv4kit::Payload::Bytes(b) if b.len() >= DETACH_PAYLOAD_FROM)
    }
}

#[pymethods]
impl PySigner {
    #[new]
    #[pyo3(signature = (
        region, service, credentials=None, *,
        double_encode_path=None, normalize_path=None, content_sha256_header=None,
        omit_session_token=false, unsigned_payload=false, algorithm=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        region: String,
        service: String,
        credentials: Option<&Bound<'_, PyAny>>,
        double_encode_path: Option<bool>,
        normalize_path: Option<bool>,
        content_sha256_header: Option<bool>,
        omit_session_token: bool,
        unsigned_payload: bool,
        algorithm: Option<&str>,
    ) -> PyResult<Self> {
        let mut settings = sigv4kit::SigningSettings::new(region, service);
        if let Some(name) = algorithm {
            settings.algorithm = sigv4kit::Algorithm::from_name(name).ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err(
                    "algorithm must be 'AWS4-HMAC-SHA256' (SigV4) or 'AWS4-ECDSA-P256-SHA256' (SigV4a)",
                )
            })?;
        }
        if let Some(v) = double_encode_path {
            settings.path_rules.double_encode = v;
        }
        if let Some(v) = normalize_path {
            settings.path_rules.normalize = v;
        }
        if let Some(v) = content_sha256_header {
            settings.content_sha256_header = v;
        }
        settings.omit_session_token = omit_session_token;
        let signer = sigv4kit::Signer::new(settings).or_raise(py)?;
        Ok(PySigner {
            signer,
            credentials: fixed_credentials(credentials)?.map(Bound::unbind),
            unsigned_payload,
        })
    }

    /// Signs with an `Authorization` header.
    #[pyo3(signature = (
        method, url, headers=None, body=None, *,
        timestamp=None, unsigned_payload=None, payload_hash=None, credentials=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'py, PyString>,
        url: &Bound<'py, PyString>,
        headers: Option<&Bound<'py, PyAny>>,
        body: Option<&Bound<'py, PyAny>>,
        timestamp: Option<&Bound<'py, PyAny>>,
        unsigned_payload: Option<bool>,
        payload_hash: Option<String>,
        credentials: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PySignedRequest>> {
        let call = Call {
            body,
            timestamp,
            unsigned_payload,
            payload_hash,
            ..Call::new(
                method,
                CallUrl::Str(url),
                headers::Source::Any(headers),
                credentials,
            )
        };
        Ok(self.run(py, call)?.0)
    }

    /// `sign` for the `requests` integration, on the store of a prepared
    /// request's `CaseInsensitiveDict` (see `crate::clients`).
    #[pyo3(name = "_sign_requests", signature = (method, url, store, body=None, *, credentials=None))]
    fn sign_requests<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'py, PyString>,
        url: &Bound<'py, PyString>,
        store: &Bound<'py, PyAny>,
        body: Option<&Bound<'py, PyAny>>,
        credentials: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PySignedRequest>> {
        let store = store.cast::<PyDict>()?;
        let (found, len) = crate::clients::stale_in_store(store)?;
        let stale = found.get(..len).unwrap_or_default();
        let call = Call {
            body,
            ..Call::new(
                method,
                CallUrl::Str(url),
                headers::Source::StoreValues(store, stale),
                credentials,
            )
        };
        let signed = self.run(py, call)?.0;
        crate::clients::drop_stale_from_store(store, stale, signed.get())?;
        crate::clients::store_added(py, store, signed.get())?;
        Ok(signed)
    }

    /// `sign` for the `httpx` integration, on an `httpx.Request` itself:
    /// one call reads its method, URL (httpx's parsed form, written here as
    /// `str(url)` writes it: `crate::clients::httpx_url`), headers (the
    /// `httpx.Headers` entry list) and body (what `request.read()` returns,
    /// unless the payload is unsigned), signs, drops stale signature
    /// headers, appends the added headers to the entries and sets
    /// `request.url` when the core's wire form differs from the URL given.
    /// `None`, with the request untouched, when its headers are not kept in
    /// that layout or are not ASCII: the caller signs through httpx's public
    /// interface.
    #[pyo3(name = "_sign_httpx", signature = (request, *, credentials=None))]
    fn sign_httpx<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        credentials: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PySignedRequest>>> {
        let Some(parts) = crate::clients::httpx_request(request)? else {
            return Ok(None);
        };
        let body = match self.unsigned_payload {
            true => None,
            false => Some(crate::clients::httpx_body(request)?),
        };
        let crate::clients::HttpxRequest {
            method,
            url,
            headers: httpx_headers,
            entries,
            list,
            stale,
        } = parts;
        let url = match &url {
            crate::clients::HttpxUrl::Text(text) => CallUrl::Str(text),
            crate::clients::HttpxUrl::Parsed(parsed) => {
                CallUrl::Written(crate::clients::httpx_url(parsed)?)
            }
        };
        let call = Call {
            body: body.as_ref(),
            ..Call::new(&method, url, headers::Source::Collected(list), credentials)
        };
        let signed = self.run(py, call)?.0;
        // The stale signature headers were left out of what was signed;
        // they go once signing has succeeded, so that a refusal leaves the
        // request as it was (as the `requests` store is left).
        if stale {
            crate::clients::drop_stale_from_list(&entries)?;
        }
        let result = signed.get();
        if !crate::clients::append_added(py, &entries, result)? {
            crate::clients::set_added(&httpx_headers, result)?;
        }
        if let SentUrl::Built(text) = &result.url {
            crate::clients::set_httpx_url(request, text)?;
        }
        Ok(Some(signed))
    }

    /// Signs the head of an aws-chunked upload of `decoded_length` bytes
    /// and returns it with the encoder that frames (and signs) the body.
    #[pyo3(signature = (
        method, url, decoded_length, headers=None, *,
        mode="signed", checksum=None, chunk_size=65536, timestamp=None, credentials=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn sign_chunked_head<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'py, PyString>,
        url: &Bound<'py, PyString>,
        decoded_length: u64,
        headers: Option<&Bound<'py, PyAny>>,
        mode: &str,
        checksum: Option<&str>,
        chunk_size: usize,
        timestamp: Option<&Bound<'py, PyAny>>,
        credentials: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PySignedRequest>, PyChunkedEncoder)> {
        let plan = crate::chunked::plan(py, mode, checksum, decoded_length, chunk_size)?;
        let call = Call {
            timestamp,
            chunked: Some(&plan),
            ..Call::new(
                method,
                CallUrl::Str(url),
                headers::Source::Any(headers),
                credentials,
            )
        };
        let (signed, encoder) = self.run(py, call)?;
        match encoder {
            Some(encoder) => Ok((signed, encoder)),
            None => unreachable!("a chunked call makes an encoder"),
        }
    }

    /// Presigns: the signature goes into the query of the returned URL,
    /// valid for `expires_in` seconds (1 to 604800).
    #[pyo3(signature = (
        method, url, expires_in=3600, headers=None, body=None, *,
        timestamp=None, unsigned_payload=None, payload_hash=None, credentials=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn presign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'py, PyString>,
        url: &Bound<'py, PyString>,
        expires_in: i64,
        headers: Option<&Bound<'py, PyAny>>,
        body: Option<&Bound<'py, PyAny>>,
        timestamp: Option<&Bound<'py, PyAny>>,
        unsigned_payload: Option<bool>,
        payload_hash: Option<String>,
        credentials: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PySignedRequest>> {
        let expires_in = u64::try_from(expires_in).unwrap_or(0);
        sigv4kit::check_expires_in(expires_in).or_raise(py)?;
        // The service's default when the call and the signer chose nothing
        // (S3 presigned URLs sign UNSIGNED-PAYLOAD).
        let defaults = ServiceDefaults::for_service(&self.signer.settings().service);
        let unsigned_payload = unsigned_payload.or((payload_hash.is_none()
            && !self.unsigned_payload
            && defaults.presign_unsigned_payload)
            .then_some(true));
        let call = Call {
            body,
            timestamp,
            unsigned_payload,
            payload_hash,
            expires_in: Some(expires_in),
            ..Call::new(
                method,
                CallUrl::Str(url),
                headers::Source::Any(headers),
                credentials,
            )
        };
        Ok(self.run(py, call)?.0)
    }

    /// A presigned S3 POST (browser upload) for this signer's region:
    /// `{"url": ..., "fields": {...}}`, the shape of botocore's
    /// `generate_presigned_post`.
    #[pyo3(signature = (
        bucket, key, fields=None, conditions=None, expires_in=3600, *,
        endpoint=None, timestamp=None, credentials=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn presign_post<'py>(
        &self,
        py: Python<'py>,
        bucket: &str,
        key: &str,
        fields: Option<&Bound<'py, PyAny>>,
        conditions: Option<&Bound<'py, PyAny>>,
        expires_in: i64,
        endpoint: Option<&str>,
        timestamp: Option<&Bound<'py, PyAny>>,
        credentials: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let credentials = self.credentials(py, credentials)?;
        let when = time::signing_time(py, timestamp)?;
        let args = crate::post_policy::PostArgs {
            bucket,
            key,
            fields,
            conditions,
            expires_in,
            endpoint,
        };
        crate::post_policy::presign(
            py,
            &credentials.get().inner,
            &self.signer.settings().region,
            when,
            args,
        )
    }

    /// For benchmarks (`bindings-python/bench/bench.py`): signs what
    /// `sign(method, url, headers)` signs, `calls` times in the core with no
    /// Python in between, and returns the seconds per signature: the core's
    /// own time on the same request in the same process, for the ratio the
    /// benchmark reports. The headers are converted once; with
    /// `with_url=False` the URL is too (the core's `Signer::sign` alone),
    /// with `with_url=True` each call also splits the URL and writes its
    /// wire form and `Host` header (`split_url`, `wire_target`: the core's
    /// work for a request given as a URL). `calls=0` converts the request
    /// (headers, URL, clock) and returns: timed from Python, the floor of
    /// the binding's cost, the call and the conversion.
    #[pyo3(name = "_time_core", signature = (method, url, headers, calls, with_url=false))]
    fn time_core(
        &self,
        py: Python<'_>,
        method: &str,
        url: &str,
        headers: Option<&Bound<'_, PyAny>>,
        calls: u32,
        with_url: bool,
    ) -> PyResult<f64> {
        let credentials = self.credentials(py, None)?;
        let creds = &credentials.get().inner;
        // Converted as `sign` converts them; with `calls=0` nothing else
        // happens, and the call's time is the binding's conversion alone.
        let prepared = prepare(py, url, headers::Source::Any(headers))?;
        let when = time::signing_time(py, None)?;
        if calls == 0 {
            // Not even the clock reads of the timed loop.
            return Ok(0.0);
        }
        let own = match with_url {
            true => headers::collect(headers)?,
            false => headers::HeaderList::default(),
        };
        let sign = |target: &str, headers: Vec<(&str, &str)>| {
            let request = sigv4kit::Request {
                method,
                target,
                headers,
            };
            self.signer
                .sign(creds, &request, sigv4kit::Payload::Bytes(b""), when)
        };
        let start = std::time::Instant::now();
        for _ in 0..calls {
            let out = if with_url {
                let parts = sigv4kit::url::split_url(url).or_raise(py)?;
                let host = parts.host_header();
                let mut list = Vec::with_capacity(own.iter().count() + 1);
                if !own.has("host") {
                    list.push(("Host", &*host));
                }
                list.extend(own.iter());
                sign(&sigv4kit::policy::wire_target(&parts.target), list)
            } else {
                sign(prepared.target(), prepared.headers.iter().collect())
            };
            std::hint::black_box(out).ok();
        }
        Ok(start.elapsed().as_secs_f64() / f64::from(calls.max(1)))
    }

    /// The credentials this signer signs with when a call names none.
    fn get_credentials<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCredentials>> {
        self.credentials(py, None)
    }

    #[getter]
    fn region(&self) -> &str {
        &self.signer.settings().region
    }

    #[getter]
    fn service(&self) -> &str {
        &self.signer.settings().service
    }

    #[getter]
    fn double_encode_path(&self) -> bool {
        self.signer.settings().path_rules.double_encode
    }

    #[getter]
    fn normalize_path(&self) -> bool {
        self.signer.settings().path_rules.normalize
    }

    #[getter]
    fn content_sha256_header(&self) -> bool {
        self.signer.settings().content_sha256_header
    }

    #[getter]
    fn omit_session_token(&self) -> bool {
        self.signer.settings().omit_session_token
    }

    #[getter]
    fn unsigned_payload(&self) -> bool {
        self.unsigned_payload
    }

    /// `AWS4-HMAC-SHA256` (SigV4) or `AWS4-ECDSA-P256-SHA256` (SigV4a, for
    /// which `region` is the region set).
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.signer.settings().algorithm.name()
    }

    /// The same object: a signer is immutable.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The same object: a signer is immutable.
    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    fn __repr__(&self) -> String {
        let s = self.signer.settings();
        if s.algorithm.is_sigv4a() {
            format!(
                "Signer(region={:?}, service={:?}, algorithm={:?})",
                s.region,
                s.service,
                s.algorithm.name()
            )
        } else {
            format!("Signer(region={:?}, service={:?})", s.region, s.service)
        }
    }
}
