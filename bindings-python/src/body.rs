//! Request bodies: what the signature says about the payload.
//!
//! Small bodies are borrowed and hashed by the core. Large ones, and file
//! objects, are hashed here in chunks with the GIL released (other Python
//! threads run meanwhile); a file is read in 1 MiB pieces and put back where
//! it was, so it can still be sent.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use sigv4kit::{Payload, PayloadHasher};

/// Bodies from this size on are hashed without the GIL: below it, releasing
/// and taking back the GIL costs more than it frees.
const DETACH_FROM: usize = 64 * 1024;
const CHUNK: usize = 1024 * 1024;

/// A body ready to sign.
pub enum Body<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
    Digest(String),
    Given(String),
    Unsigned,
}

impl Body<'_> {
    pub fn payload(&self) -> Payload<'_> {
        match self {
            Body::Bytes(b) => Payload::Bytes(b.as_bytes()),
            Body::Owned(v) => Payload::Bytes(v),
            Body::Digest(d) | Body::Given(d) => Payload::Precomputed(d),
            Body::Unsigned => Payload::Unsigned,
        }
    }
}

/// The payload to sign: `payload_hash` verbatim when given, else
/// `UNSIGNED-PAYLOAD` when `unsigned`, else the hash of `body`.
pub fn read<'py>(
    py: Python<'py>,
    body: Option<&Bound<'py, PyAny>>,
    unsigned: bool,
    payload_hash: Option<String>,
) -> PyResult<Body<'py>> {
    if let Some(given) = payload_hash {
        return Ok(Body::Given(given));
    }
    if unsigned {
        return Ok(Body::Unsigned);
    }
    let Some(body) = body.filter(|b| !b.is_none()) else {
        return Ok(Body::Owned(Vec::new()));
    };
    if let Ok(bytes) = body.cast::<PyBytes>() {
        if bytes.as_bytes().len() >= DETACH_FROM {
            return Ok(Body::Digest(hash_detached(py, bytes.as_bytes())));
        }
        return Ok(Body::Bytes(bytes.clone()));
    }
    if let Ok(text) = body.cast::<PyString>() {
        return Ok(owned(py, text.to_cow()?.into_owned().into_bytes()));
    }
    if let Ok(array) = body.cast::<PyByteArray>() {
        // Copied: another thread may resize a bytearray while the GIL is out.
        return Ok(owned(py, array.to_vec()));
    }
    if body.hasattr("read")? {
        return read_file(py, body).map(Body::Digest);
    }
    // memoryview, array.array and anything else with the buffer protocol.
    let builtins = py.import("builtins")?;
    match builtins.getattr("memoryview")?.call1((body,)) {
        Ok(view) => {
            let bytes = view.call_method0("tobytes")?;
            Ok(owned(py, bytes.cast::<PyBytes>()?.as_bytes().to_vec()))
        }
        Err(_) => Err(PyTypeError::new_err(format!(
            "body must be bytes, str, bytearray, memoryview or a binary file object, not {}; \
             for a stream that cannot be read twice pass unsigned_payload=True or payload_hash=...",
            body.get_type().name()?
        ))),
    }
}

/// A body's bytes, whole (for verification, which must compare a declared
/// payload hash with what arrived).
pub fn whole(py: Python<'_>, body: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<u8>> {
    let Some(body) = body.filter(|b| !b.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(bytes) = body.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = body.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned().into_bytes());
    }
    if let Ok(array) = body.cast::<PyByteArray>() {
        return Ok(array.to_vec());
    }
    let source = if body.hasattr("read")? {
        body.call_method0("read")?
    } else {
        body.clone()
    };
    if let Ok(bytes) = source.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    let view = py
        .import("builtins")?
        .getattr("memoryview")?
        .call1((&source,))
        .map_err(|_| {
            PyTypeError::new_err(
                "body must be bytes, str, bytearray, memoryview or a binary file object",
            )
        })?;
    Ok(view
        .call_method0("tobytes")?
        .cast::<PyBytes>()?
        .as_bytes()
        .to_vec())
}

/// The SHA-256 hex of a body.
pub fn digest(py: Python<'_>, body: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    match read(py, body, false, None)? {
        Body::Digest(d) => Ok(d),
        other => {
            let mut hasher = PayloadHasher::new();
            if let Payload::Bytes(b) = other.payload() {
                hasher.update(b);
            }
            Ok(hasher.finish_hex())
        }
    }
}

fn owned(py: Python<'_>, bytes: Vec<u8>) -> Body<'static> {
    if bytes.len() >= DETACH_FROM {
        Body::Digest(hash_detached(py, &bytes))
    } else {
        Body::Owned(bytes)
    }
}

fn hash_detached(py: Python<'_>, bytes: &[u8]) -> String {
    py.detach(|| {
        let mut hasher = PayloadHasher::new();
        hasher.update(bytes);
        hasher.finish_hex()
    })
}

/// Hashes a binary file object from its current position to its end, then
/// seeks back there when the file can seek.
fn read_file(py: Python<'_>, file: &Bound<'_, PyAny>) -> PyResult<String> {
    let seekable = file.hasattr("seekable")? && file.call_method0("seekable")?.is_truthy()?;
    let start = if seekable {
        Some(file.call_method0("tell")?)
    } else {
        None
    };
    let mut hasher = PayloadHasher::new();
    loop {
        let chunk = file.call_method1("read", (CHUNK,))?;
        let Ok(chunk) = chunk.cast::<PyBytes>() else {
            return Err(PyTypeError::new_err(format!(
                "body: the file object returned {} from read(); open it in binary mode ('rb')",
                chunk.get_type().name()?
            )));
        };
        let data = chunk.as_bytes();
        if data.is_empty() {
            break;
        }
        if data.len() >= DETACH_FROM {
            py.detach(|| hasher.update(data));
        } else {
            hasher.update(data);
        }
    }
    if let Some(start) = start {
        file.call_method1("seek", (start,))?;
    }
    Ok(hasher.finish_hex())
}
