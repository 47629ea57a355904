//! The `requests` and `httpx` integrations' headers, read and written in
//! the layouts those clients keep them in, so that signing a request costs
//! no Python call per header.
//!
//! * `requests`: a prepared request's `CaseInsensitiveDict` stores
//!   `{lower-case name: (name, value)}` in an `OrderedDict`: read through
//!   the `dict` it is, changed only through the mapping protocol, which
//!   keeps its own order in step.
//! * `httpx`: `httpx.Headers` keeps a list of `(name, lower-case name,
//!   value)` as `bytes` (ASCII headers).
//!
//! The headers a signature consists of are the core's
//! (`sigv4kit::policy::SIGNER_HEADERS`): stale copies from an earlier
//! signing are not signed again (httpx's go before signing; a `requests`
//! store's are left out of what is read, then overwritten in place or
//! removed), and the signer's added headers are stored as the client's own
//! `__setitem__` would store them.

use std::fmt::Write as _;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use sigv4kit::policy::SIGNER_HEADERS;

use crate::signed::{with_name, PySignedRequest};

/// The signature headers' lower-case names as `str` (a `requests` store's
/// keys), made once.
fn stale_names(py: Python<'_>) -> &[Py<PyString>; 4] {
    static NAMES: PyOnceLock<[Py<PyString>; 4]> = PyOnceLock::new();
    NAMES.get_or_init(py, || {
        SIGNER_HEADERS.map(|name| PyString::intern(py, name).unbind())
    })
}

/// The signature headers a `requests` store holds (stale copies of an
/// earlier signing), as their keys, looked up through the `dict`: at most
/// the four there are.
pub fn stale_in_store(store: &Bound<'_, PyDict>) -> PyResult<([&'static str; 4], usize)> {
    let py = store.py();
    let mut found = [""; 4];
    let mut len = 0;
    for (name, key) in stale_names(py).iter().zip(SIGNER_HEADERS) {
        if store.contains(name.bind(py))? {
            if let Some(slot) = found.get_mut(len) {
                *slot = key;
                len += 1;
            }
        }
    }
    Ok((found, len))
}

/// Removes from a `requests` store the stale signature headers that
/// signing did not add again (those it did are overwritten in place by
/// [`store_added`], as the store's `__setitem__` keeps a key where it is),
/// through the mapping protocol, which keeps the `OrderedDict`'s own order
/// in step.
pub fn drop_stale_from_store(
    store: &Bound<'_, PyDict>,
    stale: &[&str],
    signed: &PySignedRequest,
) -> PyResult<()> {
    let py = store.py();
    let added = signed.out.added();
    for (name, key) in stale_names(py).iter().zip(SIGNER_HEADERS) {
        let again = added.iter().any(|(n, _)| n.eq_ignore_ascii_case(key));
        if stale.contains(&key) && !again {
            store.as_any().del_item(name.bind(py))?;
        }
    }
    Ok(())
}

/// Stores the headers signing added in a `requests` store, through the
/// mapping protocol (the `OrderedDict`'s `__setitem__`).
pub fn store_added(
    py: Python<'_>,
    store: &Bound<'_, PyDict>,
    signed: &PySignedRequest,
) -> PyResult<()> {
    let store = store.as_any();
    for (name, value) in signed.out.added().iter() {
        with_name(py, name, |n| {
            let entry = (n.text.bind(py), PyString::new(py, value));
            store.set_item(n.lower.bind(py), entry)
        })?;
    }
    Ok(())
}

/// Removes every signature header from an `httpx.Headers` entry list.
pub fn drop_stale_from_list(entries: &Bound<'_, PyList>) -> PyResult<()> {
    let stale = |entry: &Bound<'_, PyAny>| -> PyResult<bool> {
        // An entry is a tuple: its items read as a tuple's, not through
        // the generic subscript (which makes an int of the index).
        let lower = match entry.cast::<PyTuple>() {
            Ok(tuple) => tuple.get_item(1)?,
            Err(_) => entry.get_item(1)?,
        };
        Ok(lower.cast::<PyBytes>().is_ok_and(|b| {
            let b = b.as_bytes();
            SIGNER_HEADERS
                .iter()
                .any(|h| h.as_bytes().eq_ignore_ascii_case(b))
        }))
    };
    // From the end, so that each index still names the entry it did.
    for at in (0..entries.len()).rev() {
        if stale(&entries.get_item(at)?)? {
            entries.del_item(at)?;
        }
    }
    Ok(())
}

/// The text of an `httpx.URL` from its parsed form (`URL._uri_reference`,
/// httpx's `ParseResult`: scheme, userinfo, host, port, path, query,
/// fragment), written as httpx's own `str(url)` writes it, without its
/// Python string joins: `scheme:` when there is a scheme, `//` and the
/// authority (`userinfo@` when there is one, the host, in brackets when it
/// holds a `:`, `:port` when there is a port) when there is an authority,
/// the path, `?query` and `#fragment` when they are not `None`.
pub fn httpx_url(parts: &Bound<'_, PyAny>) -> PyResult<String> {
    let parts = parts.cast::<PyTuple>()?;
    if parts.len() != 7 {
        return Err(PyTypeError::new_err(
            "url must be a str or httpx's parsed URL (7 fields)",
        ));
    }
    let text = |at: usize| -> PyResult<Option<Bound<'_, PyString>>> {
        let item = parts.get_item(at)?;
        if item.is_none() {
            return Ok(None);
        }
        Ok(Some(item.cast_into::<PyString>()?))
    };
    let scheme = text(0)?.ok_or_else(|| PyTypeError::new_err("url: scheme is None"))?;
    let userinfo = text(1)?.ok_or_else(|| PyTypeError::new_err("url: userinfo is None"))?;
    let host = text(2)?.ok_or_else(|| PyTypeError::new_err("url: host is None"))?;
    let port = parts.get_item(3)?.extract::<Option<u16>>()?;
    let path = text(4)?.ok_or_else(|| PyTypeError::new_err("url: path is None"))?;
    let (query, fragment) = (text(5)?, text(6)?);
    let (scheme, userinfo, host, path) = (
        scheme.to_str()?,
        userinfo.to_str()?,
        host.to_str()?,
        path.to_str()?,
    );
    let mut out = String::with_capacity(scheme.len() + host.len() + path.len() + 64);
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push(':');
    }
    // The authority goes after `//`, which goes only when it is not empty.
    let slashes = out.len();
    out.push_str("//");
    let authority = out.len();
    if !userinfo.is_empty() {
        out.push_str(userinfo);
        out.push('@');
    }
    if host.contains(':') {
        out.push('[');
        out.push_str(host);
        out.push(']');
    } else {
        out.push_str(host);
    }
    if let Some(port) = port {
        // Writing to a String cannot fail.
        let _ = write!(out, ":{port}");
    }
    if out.len() == authority {
        out.truncate(slashes);
    }
    out.push_str(path);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query.to_str()?);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment.to_str()?);
    }
    Ok(out)
}

/// Appends the headers signing added to an `httpx.Headers` entry list
/// (whose signature headers were just removed, so appending is what
/// setting them does); `false`, with nothing appended, when a value is not
/// ASCII, which `httpx` encodes by its own rules.
pub fn append_added(
    py: Python<'_>,
    entries: &Bound<'_, PyList>,
    signed: &PySignedRequest,
) -> PyResult<bool> {
    let added = signed.out.added();
    if !added.iter().all(|(_, v)| v.is_ascii()) {
        return Ok(false);
    }
    for (name, value) in added.iter() {
        with_name(py, name, |n| {
            let entry = (
                n.raw.bind(py),
                n.raw_lower.bind(py),
                PyBytes::new(py, value.as_bytes()),
            );
            entries.append(entry)
        })?;
    }
    Ok(true)
}
