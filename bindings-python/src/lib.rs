//! `sigv4kit._native`: the extension module behind the Python package
//! `sigv4kit`.
//!
//! It converts Python values to the core's types and back, and nothing more:
//! signing rules live in the core, Python idioms (credential providers, the
//! `requests`/`httpx` integrations, `RequestSigner`) in the pure-Python
//! package around this module.

mod body;
mod chain;
mod chunked;
mod clients;
mod credentials;
mod diagnose;
mod errors;
mod headers;
mod post_policy;
mod profile;
mod signed;
mod signer;
mod time;
mod verify;

use pyo3::prelude::*;

/// Percent-encodes a string the way SigV4 does (RFC 3986 unreserved
/// characters kept, everything else as `%XX` of its UTF-8 bytes).
#[pyfunction]
fn uri_encode(value: &str) -> String {
    sigv4kit::uri_encode(value)
}

/// The SHA-256 (lower-case hex) of a body, computed exactly as `Signer.sign`
/// does: for a payload hash computed ahead of time or elsewhere.
#[pyfunction]
fn hash_payload(py: Python<'_>, body: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    body::digest(py, body)
}

/// The `(region, service)` an AWS endpoint host signs for, or `None` when the
/// host is not recognizably AWS (the core's rules, shared by every binding).
#[pyfunction]
fn infer_scope(host: &str) -> Option<(String, String)> {
    sigv4kit::url::infer_scope(host).map(|s| (s.region, s.service))
}

/// The region and service for a request to `host`: those given, the
/// missing ones inferred from the host (the core's rule, shared by every
/// binding's integrations); `InvalidRegionError`/`InvalidServiceError`
/// naming the missing one when the host is not an AWS host.
#[pyfunction]
#[pyo3(signature = (host, region=None, service=None))]
fn resolve_scope(
    py: Python<'_>,
    host: &str,
    region: Option<&str>,
    service: Option<&str>,
) -> PyResult<(String, String)> {
    use crate::errors::IntoPyResult;
    let scope = sigv4kit::policy::resolve_scope(host, region, service).or_raise(py)?;
    Ok((scope.region, scope.service))
}

/// The SigV4a public key of these credentials, as the 65 bytes of its
/// uncompressed SEC 1 encoding (`04 || x || y`): what a service verifying
/// SigV4a holds for the access key. The private key never leaves the core.
#[pyfunction]
fn sigv4a_public_key<'py>(
    py: Python<'py>,
    credentials: &Bound<'py, credentials::PyCredentials>,
) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
    use crate::errors::IntoPyResult;
    let key = sigv4kit::sigv4a::PublicKey::of(&credentials.get().inner).or_raise(py)?;
    Ok(pyo3::types::PyBytes::new(py, &key.to_sec1_uncompressed()))
}

/// The request target as it goes on the wire (the core's rule): a raw `+`
/// in the query becomes `%20`.
#[pyfunction]
fn wire_target(target: &str) -> String {
    sigv4kit::policy::wire_target(target).into_owned()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<credentials::PyCredentials>()?;
    m.add_class::<signer::PySigner>()?;
    m.add_class::<signed::PySignedRequest>()?;
    m.add_class::<profile::PyProfile>()?;
    m.add_class::<chain::PyChainResolver>()?;
    m.add_class::<verify::PyVerifier>()?;
    m.add_class::<verify::PyVerified>()?;
    m.add_class::<chunked::PyChunkedEncoder>()?;
    m.add_function(wrap_pyfunction!(profile::credentials_from_env, m)?)?;
    m.add_function(wrap_pyfunction!(profile::selected_profile, m)?)?;
    m.add_function(wrap_pyfunction!(profile::region_from_env, m)?)?;
    m.add_function(wrap_pyfunction!(profile::shared_file_paths, m)?)?;
    m.add_function(wrap_pyfunction!(profile::resolve_profile, m)?)?;
    m.add_function(wrap_pyfunction!(profile::profile_names, m)?)?;
    m.add_class::<diagnose::PyDiagnosis>()?;
    m.add_function(wrap_pyfunction!(diagnose::explain_mismatch, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose::quoted_strings, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose::debug_enabled, m)?)?;
    m.add("DEBUG_ENV", sigv4kit::diagnose::DEBUG_ENV)?;
    m.add_function(wrap_pyfunction!(uri_encode, m)?)?;
    m.add_function(wrap_pyfunction!(hash_payload, m)?)?;
    m.add_function(wrap_pyfunction!(infer_scope, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_scope, m)?)?;
    m.add_function(wrap_pyfunction!(wire_target, m)?)?;
    m.add_function(wrap_pyfunction!(sigv4a_public_key, m)?)?;
    m.add("SIGV4", sigv4kit::Algorithm::SigV4.name())?;
    m.add("SIGV4A", sigv4kit::Algorithm::SigV4a.name())?;
    m.add("DEFAULT_EXPIRES_IN", sigv4kit::policy::DEFAULT_EXPIRES_IN)?;
    m.add("SIGNER_HEADERS", sigv4kit::policy::SIGNER_HEADERS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("UNSIGNED_PAYLOAD", sigv4kit::UNSIGNED_PAYLOAD)?;
    m.add("EMPTY_PAYLOAD_SHA256", sigv4kit::EMPTY_PAYLOAD_SHA256)?;
    m.add("MAX_EXPIRES_IN", sigv4kit::MAX_EXPIRES_IN)?;
    Ok(())
}
