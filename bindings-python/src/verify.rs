//! `sigv4kit.Verifier`: checks a received request's signature (a local
//! stand-in for API Gateway, a service receiving signed calls, tests).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use sigv4kit::verify::{parse_signature, VerifyError, VerifySettings};
use sigv4kit::{Payload, SignatureLocation};

use crate::credentials::PyCredentials;
use crate::errors::{error, IntoPyResult};
use crate::{body, headers, time};

/// Verifies SigV4 and SigV4a signatures against known credentials (SigV4a
/// with the public key derived from them).
#[pyclass(module = "sigv4kit", name = "Verifier", frozen)]
pub struct PyVerifier {
    settings: VerifySettings,
    /// A `Credentials`, or a mapping / callable from access key id to one.
    credentials: Py<PyAny>,
}

/// What a verified request was signed with.
#[pyclass(module = "sigv4kit", name = "VerifiedRequest", frozen, get_all)]
pub struct PyVerified {
    access_key_id: String,
    region: String,
    service: String,
    signature_location: &'static str,
    /// `AWS4-HMAC-SHA256` or `AWS4-ECDSA-P256-SHA256`.
    algorithm: &'static str,
    amz_date: String,
    canonical_request: String,
    string_to_sign: String,
}

#[pymethods]
impl PyVerified {
    fn __repr__(&self) -> String {
        format!(
            "VerifiedRequest(access_key_id={:?}, region={:?}, service={:?}, signature_location={:?}, amz_date={:?})",
            self.access_key_id, self.region, self.service, self.signature_location, self.amz_date
        )
    }
}

/// A verification error as the exception of its code: the core's own code
/// (`VerifyError::code`), so it is the same string in every binding. A request
/// that cannot be canonicalized names the field at fault instead of
/// `signature`.
fn verify_error(py: Python<'_>, err: VerifyError) -> PyErr {
    let code = err.code().as_str();
    let field = match &err {
        VerifyError::InvalidRequest(inner) => inner.field(),
        _ => "signature",
    };
    let message = err.to_string();
    let raised = error(py, code, field, &message);
    if let VerifyError::SignatureMismatch {
        canonical_request,
        string_to_sign,
    } = &err
    {
        let value = raised.value(py);
        // The verifier's own strings: what the signer should have signed.
        let _ = value.setattr("canonical_request", canonical_request.as_str());
        let _ = value.setattr("string_to_sign", string_to_sign.as_str());
    }
    raised
}

impl PyVerifier {
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        access_key_id: &str,
    ) -> PyResult<Option<Bound<'py, PyCredentials>>> {
        let source = self.credentials.bind(py);
        let found = if let Ok(fixed) = source.cast::<PyCredentials>() {
            (fixed.get().inner.access_key_id() == access_key_id).then(|| fixed.clone().into_any())
        } else if source.hasattr("get")? && !source.is_callable() {
            Some(source.call_method1("get", (access_key_id,))?)
        } else {
            Some(source.call1((access_key_id,))?)
        };
        match found.filter(|f| !f.is_none()) {
            None => Ok(None),
            Some(value) => value.cast_into::<PyCredentials>().map(Some).map_err(|_| {
                PyTypeError::new_err(
                    "the credentials lookup must return sigv4kit.Credentials or None",
                )
            }),
        }
    }
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (
        credentials, *, region=None, service=None, max_clock_skew=300,
        double_encode_path=true, normalize_path=true, allow_unsigned_payload=None,
    ))]
    fn new(
        credentials: &Bound<'_, PyAny>,
        region: Option<String>,
        service: Option<String>,
        max_clock_skew: i64,
        double_encode_path: bool,
        normalize_path: bool,
        allow_unsigned_payload: Option<bool>,
    ) -> PyResult<Self> {
        let usable = credentials.cast::<PyCredentials>().is_ok()
            || credentials.hasattr("get")?
            || credentials.is_callable();
        if !usable {
            return Err(PyTypeError::new_err(
                "credentials must be sigv4kit.Credentials, a mapping from access key id to \
                 Credentials, or a function taking an access key id",
            ));
        }
        let settings = VerifySettings::new()
            .with_path_rules(sigv4kit::PathRules {
                double_encode: double_encode_path,
                normalize: normalize_path,
            })
            .with_max_clock_skew_secs(max_clock_skew)
            .with_region(region)
            .with_service(service)
            .with_allow_unsigned_payload(allow_unsigned_payload);
        Ok(PyVerifier {
            settings,
            credentials: credentials.clone().unbind(),
        })
    }

    /// Verifies the request as received; returns what it was signed with, or
    /// raises a `SignatureError` subclass saying why it is refused.
    #[pyo3(signature = (method, url, headers=None, body=None, *, now=None))]
    fn verify(
        &self,
        py: Python<'_>,
        method: &str,
        url: &str,
        headers: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyVerified> {
        let mut header_list = headers::collect(headers)?;
        let target = if url.starts_with('/') {
            url.to_owned()
        } else {
            let parts = sigv4kit::url::split_url(url).or_raise(py)?;
            if !header_list.has("host") {
                header_list.push_front("Host", &parts.host_header());
            }
            parts.target.into_owned()
        };
        // The whole body: a declared x-amz-content-sha256 must be checked
        // against the bytes that arrived.
        let body_bytes = body::whole(py, body)?;
        let when = time::signing_time(py, now)?;
        let request = sigv4kit::Request {
            method,
            target: &target,
            headers: header_list.iter().collect(),
        };
        let presented = parse_signature(&request).map_err(|e| verify_error(py, e))?;
        let Some(credentials) = self.lookup(py, presented.access_key_id())? else {
            return Err(error(
                py,
                sigv4kit::verify::VerifyErrorCode::UnknownAccessKey.as_str(),
                "signature",
                "the access key id is not known (The security token included in the request is invalid.)",
            ));
        };
        let creds = &credentials.get().inner;
        let settings = &self.settings;
        let verified = py
            .detach(|| {
                presented.verify(&request, Payload::Bytes(&body_bytes), creds, when, settings)
            })
            .map_err(|e| verify_error(py, e))?;
        Ok(PyVerified {
            access_key_id: verified.access_key_id,
            region: verified.region,
            service: verified.service,
            signature_location: match verified.location {
                SignatureLocation::Headers => "headers",
                SignatureLocation::Query => "query",
            },
            algorithm: verified.algorithm.name(),
            amz_date: String::from_utf8_lossy(&verified.signed_at.amz_date()).into_owned(),
            canonical_request: verified.canonical_request,
            string_to_sign: verified.string_to_sign,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Verifier(region={:?}, service={:?})",
            self.settings.region, self.settings.service
        )
    }
}
