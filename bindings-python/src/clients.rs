//! The `requests` and `httpx` integrations' headers, read and written in
//! the layouts those clients keep them in, so that signing a request costs
//! no Python call per header.
//!
//! * `requests`: a prepared request's `CaseInsensitiveDict` stores
//!   `{lower-case name: (name, value)}` (an `OrderedDict`, so it is only
//!   used through the mapping protocol).
//! * `httpx`: `httpx.Headers` keeps a list of `(name, lower-case name,
//!   value)` as `bytes` (ASCII headers).
//!
//! The headers a signature consists of are the core's
//! (`sigv4kit::policy::SIGNER_HEADERS`): stale copies from an earlier
//! signing go before signing again, and the signer's added headers are
//! stored as the client's own `__setitem__` would store them.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyList, PyString};
use sigv4kit::policy::{is_signer_header, SIGNER_HEADERS};

use crate::signed::{with_name, PySignedRequest};

/// The signature headers' lower-case names as `str` (a `requests` store's
/// keys) and `bytes` (`httpx`'s), made once.
fn stale_names(py: Python<'_>) -> &[(Py<PyString>, Py<PyBytes>); 4] {
    static NAMES: PyOnceLock<[(Py<PyString>, Py<PyBytes>); 4]> = PyOnceLock::new();
    NAMES.get_or_init(py, || {
        SIGNER_HEADERS.map(|name| {
            (
                PyString::intern(py, name).unbind(),
                PyBytes::new(py, name.as_bytes()).unbind(),
            )
        })
    })
}

/// Removes every signature header from a `requests` store.
pub fn drop_stale_from_store(store: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = store.py();
    for (name, _) in stale_names(py) {
        let name = name.bind(py);
        if store.contains(name)? {
            store.del_item(name)?;
        }
    }
    Ok(())
}

/// Stores the headers signing added in a `requests` store.
pub fn store_added(
    py: Python<'_>,
    store: &Bound<'_, PyAny>,
    signed: &PySignedRequest,
) -> PyResult<()> {
    for (name, value) in signed.out.added_headers() {
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
        let lower = entry.get_item(1)?;
        Ok(lower
            .cast::<PyBytes>()
            .ok()
            .and_then(|b| core::str::from_utf8(b.as_bytes()).ok())
            .is_some_and(is_signer_header))
    };
    // From the end, so that each index still names the entry it did.
    for at in (0..entries.len()).rev() {
        if stale(&entries.get_item(at)?)? {
            entries.del_item(at)?;
        }
    }
    Ok(())
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
    let added = signed.out.added_headers();
    if !added.iter().all(|(_, v)| v.is_ascii()) {
        return Ok(false);
    }
    for (name, value) in added {
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
