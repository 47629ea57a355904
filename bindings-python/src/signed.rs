//! `sigv4kit.SignedRequest`: what to send, and what was signed.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// The result of `Signer.sign` or `Signer.presign`.
#[pyclass(module = "sigv4kit", name = "SignedRequest", frozen)]
pub struct PySignedRequest {
    pub method: String,
    /// `scheme://host[:port]` when the request was given as an absolute URL.
    pub origin: Option<String>,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub added: Vec<(&'static str, String)>,
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    pub presigned: bool,
    pub expires_in: Option<u64>,
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
    fn method(&self) -> &str {
        &self.method
    }

    /// The URL to send: absolute when the request was given as one (for
    /// `presign`, the presigned URL), else the request target.
    #[getter]
    fn url(&self) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{}", self.target),
            None => self.target.clone(),
        }
    }

    /// The request target (path and query) to send.
    #[getter]
    fn target(&self) -> &str {
        &self.target
    }

    /// Every header to send (`Host` included) as a `dict`.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(
            py,
            self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        )
    }

    /// Every header to send, in order, as `(name, value)` pairs.
    #[getter]
    fn header_list(&self) -> Vec<(String, String)> {
        self.headers.clone()
    }

    /// Only the headers signing added (`X-Amz-Date`, `X-Amz-Security-Token`,
    /// `X-Amz-Content-Sha256`, `Authorization`); each replaces a header of
    /// the same name, in any case. Empty for a presigned URL.
    #[getter]
    fn added_headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        to_dict(py, self.added.iter().map(|(n, v)| (*n, v.as_str())))
    }

    /// The canonical request that was signed (what AWS quotes in a 403).
    #[getter]
    fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// The string to sign.
    #[getter]
    fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The signature: 64 lower-case hex digits.
    #[getter]
    fn signature(&self) -> &str {
        &self.signature
    }

    /// The `Authorization` header value, or `None` for a presigned URL.
    #[getter]
    fn authorization(&self) -> Option<&str> {
        self.added
            .iter()
            .find(|(n, _)| *n == "Authorization")
            .map(|(_, v)| v.as_str())
    }

    /// The signing time as SigV4 writes it (`20150830T123600Z`).
    #[getter]
    fn amz_date(&self) -> &str {
        self.string_to_sign.lines().nth(1).unwrap_or_default()
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

    fn __repr__(&self) -> String {
        // The query of a presigned URL may hold a session token.
        let path = self.target.split('?').next().unwrap_or_default();
        format!(
            "<SignedRequest {} {path} location={} signature={}…>",
            self.method,
            self.signature_location(),
            &self.signature[..self.signature.len().min(12)]
        )
    }
}
