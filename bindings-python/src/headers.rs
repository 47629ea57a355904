//! Header lists from the shapes Python code holds them in: a `dict`, any
//! mapping (`requests`' `CaseInsensitiveDict`), `httpx.Headers` (through
//! `multi_items()`, which keeps duplicates apart), or pairs.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

/// The headers in order, duplicates kept.
pub fn collect(headers: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(headers) = headers.filter(|h| !h.is_none()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    if let Ok(dict) = headers.cast::<PyDict>() {
        out.reserve(dict.len());
        for (name, value) in dict.iter() {
            out.push((text(&name, "header name")?, text(&value, "header value")?));
        }
        return Ok(out);
    }
    let pairs = if headers.hasattr("multi_items")? {
        headers.call_method0("multi_items")?
    } else if headers.hasattr("items")? {
        headers.call_method0("items")?
    } else if headers.is_instance_of::<PyString>() || headers.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "headers must be a mapping or a list of (name, value) pairs, not a string",
        ));
    } else {
        headers.clone()
    };
    for pair in pairs.try_iter().map_err(|_| {
        PyTypeError::new_err("headers must be a mapping or a list of (name, value) pairs")
    })? {
        let pair = pair?;
        let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair
            .extract()
            .map_err(|_| PyTypeError::new_err("headers: each item must be a (name, value) pair"))?;
        out.push((text(&name, "header name")?, text(&value, "header value")?));
    }
    Ok(out)
}

/// A header name or value as text: `str` as is, `bytes` as Latin-1 (how
/// HTTP clients write them on the wire).
fn text(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.as_bytes().iter().map(|&c| char::from(c)).collect());
    }
    Err(PyTypeError::new_err(format!(
        "headers: each {what} must be str or bytes, not {}",
        value.get_type().name()?
    )))
}
