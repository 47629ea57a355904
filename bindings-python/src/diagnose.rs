//! `sigv4kit._native.explain_mismatch`: the core's reading of a 403
//! (`sigv4kit::diagnose`) as a Python object. The Python side
//! (`sigv4kit.debug`) only turns a response, bytes or a dict into the body
//! text.

use pyo3::prelude::*;

/// What a 403 points at, where, why, and what to change.
#[pyclass(module = "sigv4kit", name = "Diagnosis", frozen, get_all)]
pub struct PyDiagnosis {
    /// The stable name of the finding (`path`, `header`, `clock_skew`, …).
    finding: &'static str,
    /// The part in words (`header content-type`, `scope region`).
    part: String,
    /// `"canonical request"`, `"string to sign"`, or `None`.
    document: Option<&'static str>,
    /// The line (1-based) that differs, when the error quoted one.
    line: Option<usize>,
    /// What the service computed or expects.
    expected: Option<String>,
    /// What was signed in its place.
    signed: Option<String>,
    /// The error code the service sent or implied.
    error_code: Option<String>,
    /// What usually causes this.
    cause: String,
    /// What to change.
    hint: String,
    text: String,
}

#[pymethods]
impl PyDiagnosis {
    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        let line = self
            .line
            .map_or_else(|| "None".to_string(), |l| l.to_string());
        format!(
            "<Diagnosis {} part='{}' line={line}>",
            self.finding, self.part
        )
    }
}

/// Explains a 403 body against the canonical request and string to sign
/// that were signed.
#[pyfunction]
pub fn explain_mismatch(canonical_request: &str, string_to_sign: &str, body: &str) -> PyDiagnosis {
    let d = sigv4kit::diagnose::explain(canonical_request, string_to_sign, body);
    PyDiagnosis {
        finding: d.finding.code(),
        part: d.part.clone(),
        document: d.document.map(|doc| match doc {
            sigv4kit::diagnose::Document::CanonicalRequest => "canonical request",
            sigv4kit::diagnose::Document::StringToSign => "string to sign",
        }),
        line: d.line,
        expected: d.expected.clone(),
        signed: d.signed.clone(),
        error_code: d.error_code.clone(),
        cause: d.cause.clone(),
        hint: d.hint.clone(),
        text: d.to_string(),
    }
}

/// The canonical request and string to sign a 403 body quotes.
#[pyfunction]
pub fn quoted_strings(body: &str) -> (Option<String>, Option<String>) {
    let q = sigv4kit::diagnose::parse_error(body);
    (q.canonical_request, q.string_to_sign)
}

/// Whether the value of `SIGV4KIT_DEBUG` turns diagnosis on.
#[pyfunction]
#[pyo3(signature = (value=None))]
pub fn debug_enabled(value: Option<&str>) -> bool {
    sigv4kit::diagnose::debug_enabled(value)
}
