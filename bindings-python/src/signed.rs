//! `sigv4kit.SignedRequest`: what to send, and what was signed.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};

/// The result of `Signer.sign` or `Signer.presign`. It keeps the core's
/// output and the request's own headers as they were converted for signing;
/// the Python objects (header dicts, URLs) are built when they are asked for,
/// so a caller that reads only what it sends pays for nothing else.
#[pyclass(module = "sigv4kit", name = "SignedRequest", frozen)]
pub struct PySignedRequest {
    /// The caller's `method` argument.
    pub method: Py<PyString>,
    /// `scheme://host[:port]` when the request was given as an absolute
    /// URL, then the target that was signed (a presigned URL's is in
    /// `out`).
    pub url: SentUrl,
    /// Where the target starts in `url` (0: no origin).
    pub origin_len: usize,
    /// The request's own headers (`Host` added for an absolute URL).
    pub request_headers: crate::headers::HeaderList,
    pub out: sigv4kit::SigningOutput,
    pub presigned: bool,
    pub expires_in: Option<u64>,
}

/// The URL a request was signed for.
pub enum SentUrl {
    /// The caller's own `url` argument, which spelled it exactly (the usual
    /// request): kept, not copied, and handed back as the URL to send.
    Given(Py<PyString>),
    /// Written for the request (the core's wire form of the URL given).
    Built(String),
    /// The caller's URL exactly, written here from its parts (httpx's
    /// parsed URL), with no Python string made for it.
    Written(String),
}

impl PySignedRequest {
    /// The text of `url`. A given `str` was read as UTF-8 when it was
    /// signed, so reading it again finds CPython's cached form.
    fn url_text<'a>(&'a self, py: Python<'a>) -> PyResult<&'a str> {
        match &self.url {
            SentUrl::Given(given) => given.bind(py).to_str(),
            SentUrl::Built(text) | SentUrl::Written(text) => Ok(text),
        }
    }

    /// The target to send.
    fn sent_target<'a>(&'a self, py: Python<'a>) -> PyResult<&'a str> {
        match self.out.presigned_target() {
            Some(target) => Ok(target),
            None => Ok(self
                .url_text(py)?
                .get(self.origin_len..)
                .unwrap_or_default()),
        }
    }

    /// Every header to send, in order: the request's own minus those the
    /// signature replaces, then the added ones (the core's rule).
    fn sent_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        let own = self
            .request_headers
            .iter()
            .filter(|(n, _)| !self.out.replaces_header(n));
        own.chain(self.out.added().iter().map(|(n, v)| (n as &str, v)))
    }
}

/// The names the core's signer adds, made once as Python objects in each
/// spelling a caller reads (as given and lower-case, as `str` for a `dict`
/// and `requests`, as `bytes` for `httpx`): a result then makes only the
/// values. Any other name (none today) is made when asked for.
const ADDED_NAMES: [&str; 5] = [
    "X-Amz-Date",
    "Authorization",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
    "X-Amz-Region-Set",
];

/// One added header name in the spellings above.
pub struct Name {
    pub text: Py<PyString>,
    pub lower: Py<PyString>,
    pub raw: Py<PyBytes>,
    pub raw_lower: Py<PyBytes>,
}

impl Name {
    fn new(py: Python<'_>, name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        Name {
            text: PyString::intern(py, name).unbind(),
            lower: PyString::intern(py, &lower).unbind(),
            raw: PyBytes::new(py, name.as_bytes()).unbind(),
            raw_lower: PyBytes::new(py, lower.as_bytes()).unbind(),
        }
    }
}

/// Calls `with` on the Python spellings of an added header's name.
pub fn with_name<R>(py: Python<'_>, name: &str, with: impl FnOnce(&Name) -> R) -> R {
    static NAMES: PyOnceLock<[Name; 5]> = PyOnceLock::new();
    let made = NAMES.get_or_init(py, || ADDED_NAMES.map(|n| Name::new(py, n)));
    match ADDED_NAMES.iter().position(|n| *n == name) {
        Some(at) => with(&made[at]),
        None => with(&Name::new(py, name)),
    }
}

/// Headers as a `dict`; repeated names are joined as the core joins them
/// (`,`, as the canonical request does: what is signed is what is sent).
fn to_dict<'py, 'a>(
    py: Python<'py>,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in pairs {
        match dict.get_item(name)? {
            Some(previous) => {
                let previous = previous.extract::<String>()?;
                let joined = sigv4kit::policy::join_header_values([previous.as_str(), value]);
                dict.set_item(name, joined)?
            }
            None => dict.set_item(name, value)?,
        }
    }
    Ok(dict)
}

#[pymethods]
impl PySignedRequest {
    /// The HTTP method.
    #[getter]
    fn method<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        self.method.bind(py).clone()
    }

    /// The URL to send: absolute when the request was given as one (for
    /// `presign`, the presigned URL), else the request target.
    #[getter]
    pub fn url<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        match (&self.url, self.out.presigned_target()) {
            (SentUrl::Given(given), None) => Ok(given.bind(py).clone()),
            (SentUrl::Built(text) | SentUrl::Written(text), None) => Ok(PyString::new(py, text)),
            (_, Some(target)) => {
                let origin = self.url_text(py)?.get(..self.origin_len);
                Ok(PyString::new(
                    py,
                    &[origin.unwrap_or_default(), target].concat(),
                ))
            }
        }
    }

    /// The request target (path and query) to send.
    #[getter]
    fn target<'a>(&'a self, py: Python<'a>) -> PyResult<&'a str> {
        self.sent_target(py)
    }

    /// Every header to send (`Host` included) as a `dict`.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, self.sent_headers())
    }

    /// Every header to send, in order, as `(name, value)` pairs.
    #[getter]
    fn header_list(&self) -> Vec<(&str, &str)> {
        self.sent_headers().collect()
    }

    /// Only the headers signing added (`X-Amz-Date`, `X-Amz-Security-Token`,
    /// `X-Amz-Content-Sha256`, `Authorization`); each replaces a header of
    /// the same name, in any case. Empty for a presigned URL.
    #[getter]
    fn added_headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        // The core adds each name once: no joining to look for.
        let dict = PyDict::new(py);
        for (name, value) in self.out.added().iter() {
            with_name(py, name, |n| dict.set_item(n.text.bind(py), value))?;
        }
        Ok(dict)
    }

    /// The canonical request that was signed (what AWS quotes in a 403).
    #[getter]
    fn canonical_request(&self) -> &str {
        self.out.canonical_request()
    }

    /// The string to sign.
    #[getter]
    fn string_to_sign(&self) -> &str {
        self.out.string_to_sign()
    }

    /// The signature: 64 lower-case hex digits.
    #[getter]
    fn signature(&self) -> &str {
        self.out.signature()
    }

    /// The `Authorization` header value, or `None` for a presigned URL.
    #[getter]
    fn authorization(&self) -> Option<&str> {
        self.out.authorization()
    }

    /// The signing time as SigV4 writes it (`20150830T123600Z`).
    #[getter]
    fn amz_date(&self) -> &str {
        self.out.string_to_sign().lines().nth(1).unwrap_or_default()
    }

    /// `"headers"` or `"query"`.
    #[getter]
    fn signature_location(&self) -> &'static str {
        if self.presigned {
            "query"
        } else {
            "headers"
        }
    }

    /// Lifetime of a presigned URL in seconds, or `None`.
    #[getter]
    fn expires_in(&self) -> Option<u64> {
        self.expires_in
    }

    /// Explains a signature-mismatch 403 to this request: the first line
    /// where the canonical request (or string to sign) AWS quotes differs
    /// from the one signed here (the core's `sigv4kit::diagnose`). `error`
    /// is the message, the response body or the response, which
    /// `sigv4kit.debug` (reached through `sigv4kit._internal`) turns into
    /// the body text.
    fn explain_mismatch(slf: &Bound<'_, Self>, error: &Bound<'_, PyAny>) -> PyResult<String> {
        static EXPLAIN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        EXPLAIN
            .import(slf.py(), "sigv4kit._internal", "explain_mismatch")?
            .call1((slf, error))?
            .extract()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        // The query of a presigned URL may hold a session token.
        let path = self.sent_target(py)?.split('?').next().unwrap_or_default();
        let signature = self.out.signature();
        Ok(format!(
            "<SignedRequest {} {path} location={} signature={}…>",
            self.method.bind(py).to_str()?,
            self.signature_location(),
            &signature[..signature.len().min(12)]
        ))
    }
}
