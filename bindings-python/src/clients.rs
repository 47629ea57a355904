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
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use sigv4kit::policy::SIGNER_HEADERS;

use crate::headers::{HeaderList, TEXT_GUESS};
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

/// An `httpx.Request` read in httpx's own layout (see [`httpx_request`]).
pub struct HttpxRequest<'py> {
    pub method: Bound<'py, PyString>,
    pub url: HttpxUrl<'py>,
    /// `request.headers`, for the added headers that are not ASCII.
    pub headers: Bound<'py, PyAny>,
    /// `request.headers._list`.
    pub entries: Bound<'py, PyList>,
    /// The entries as the core reads them, but the signature headers
    /// (stale copies of an earlier signing, which signing replaces).
    pub list: HeaderList,
    /// Whether an entry is such a stale signature header, which
    /// [`drop_stale_from_list`] then removes from the entries.
    pub stale: bool,
}

/// An `httpx.Request`'s URL.
pub enum HttpxUrl<'py> {
    /// `URL._uri_reference`, in httpx 0.28's layout (see [`httpx_url`]).
    Parsed(Bound<'py, PyAny>),
    /// `str(request.url)`, for any other layout.
    Text(Bound<'py, PyString>),
}

/// Whether an entry's lower-case name is one of the signature headers (the
/// core's rule; a name that is not UTF-8 is none of them).
fn is_signature_header(lower: &[u8]) -> bool {
    std::str::from_utf8(lower).is_ok_and(sigv4kit::policy::is_signer_header)
}

/// Reads an `httpx.Request` as `sigv4kit.httpx` signs it through its
/// headers' entry list: its method, its URL (as parsed, or as text) and
/// the `httpx.Headers` entries, `(name, lower-case name, value)` as
/// `bytes`, in one pass that also finds stale signature headers. `None`
/// (and nothing changed) when the headers are not kept that way or are not
/// ASCII (`Headers.encoding` would not be `"ascii"`): the caller then signs
/// through httpx's public interface, which applies httpx's own encoding.
pub fn httpx_request<'py>(request: &Bound<'py, PyAny>) -> PyResult<Option<HttpxRequest<'py>>> {
    let py = request.py();
    let headers = request.getattr(intern!(py, "headers"))?;
    let Ok(entries) = headers.getattr(intern!(py, "_list")) else {
        return Ok(None);
    };
    let Ok(entries) = entries.cast_into::<PyList>() else {
        return Ok(None);
    };
    // `Headers.encoding` is `_encoding` once known; unknown, it is "ascii"
    // exactly when every name and value is ASCII, which the pass checks.
    let Ok(encoding) = headers.getattr(intern!(py, "_encoding")) else {
        return Ok(None);
    };
    let check_ascii = encoding.is_none();
    if !check_ascii && !encoding.eq(intern!(py, "ascii"))? {
        return Ok(None);
    }
    let mut stale = false;
    let mut list = HeaderList::default();
    list.reserve(entries.len(), TEXT_GUESS * entries.len());
    for entry in entries.iter() {
        let Ok(entry) = entry.cast_into::<PyTuple>() else {
            return Ok(None);
        };
        if entry.len() != 3 {
            return Ok(None);
        }
        let bytes = |at: usize| -> PyResult<Option<Bound<'py, PyBytes>>> {
            Ok(entry.get_item(at)?.cast_into::<PyBytes>().ok())
        };
        let (Some(name), Some(lower), Some(value)) = (bytes(0)?, bytes(1)?, bytes(2)?) else {
            return Ok(None);
        };
        if check_ascii && !(name.as_bytes().is_ascii() && value.as_bytes().is_ascii()) {
            return Ok(None);
        }
        if is_signature_header(lower.as_bytes()) {
            stale = true;
        } else {
            list.push_text(&name, &value)?;
        }
    }
    let method = request
        .getattr(intern!(py, "method"))?
        .cast_into::<PyString>()?;
    let url = request.getattr(intern!(py, "url"))?;
    let parts = url.getattr(intern!(py, "_uri_reference")).ok();
    let url = match (parts, parsed_url_type(py)?) {
        (Some(parts), Some(layout)) if parts.get_type().is(layout) => HttpxUrl::Parsed(parts),
        _ => HttpxUrl::Text(url.str()?),
    };
    Ok(Some(HttpxRequest {
        method,
        url,
        headers,
        entries,
        list,
        stale,
    }))
}

/// The body of an `httpx.Request`, as `request.read()` returns it: the
/// `_content` it keeps once read (a request built with its content has it
/// from the start), read in place; `read()` itself when there is none yet
/// (a stream), which reads and keeps it.
pub fn httpx_body<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = request.py();
    match request.getattr_opt(intern!(py, "_content"))? {
        Some(content) if content.is_instance_of::<PyBytes>() => Ok(content),
        _ => request.call_method0(intern!(py, "read")),
    }
}

/// The fields of httpx's parsed URL (`httpx._urlparse.ParseResult`, a
/// `NamedTuple` in httpx 0.28) in the order [`httpx_url`] reads them.
const PARSED_URL_FIELDS: [&str; 7] = [
    "scheme", "userinfo", "host", "port", "path", "query", "fragment",
];

/// httpx's `ParseResult` class when this httpx has it in the layout
/// [`httpx_url`] reads, looked up once; `None` for any other httpx, whose
/// URLs are then read as `str(url)`.
fn parsed_url_type(py: Python<'_>) -> PyResult<Option<&Bound<'_, PyAny>>> {
    static LAYOUT: PyOnceLock<Option<Py<PyAny>>> = PyOnceLock::new();
    let layout = LAYOUT.get_or_try_init(py, || -> PyResult<_> {
        let Ok(module) = py.import("httpx._urlparse") else {
            return Ok(None);
        };
        let Ok(class) = module.getattr("ParseResult") else {
            return Ok(None);
        };
        let fields = class
            .getattr_opt("_fields")?
            .and_then(|f| f.extract::<Vec<String>>().ok());
        Ok(
            (fields.as_deref() == Some(&PARSED_URL_FIELDS.map(String::from)[..]))
                .then(|| class.unbind()),
        )
    })?;
    Ok(layout.as_ref().map(|class| class.bind(py)))
}

/// Sets `request.url` to `httpx.URL(text)`: the wire form that was signed.
pub fn set_httpx_url(request: &Bound<'_, PyAny>, text: &str) -> PyResult<()> {
    let py = request.py();
    static URL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let url = URL.import(py, "httpx", "URL")?.call1((text,))?;
    request.setattr(intern!(py, "url"), url)
}

/// Sets the headers signing added through `httpx.Headers`' own
/// `__setitem__` (values that are not ASCII, which httpx encodes).
pub fn set_added(headers: &Bound<'_, PyAny>, signed: &PySignedRequest) -> PyResult<()> {
    for (name, value) in signed.out.added().iter() {
        headers.set_item(name, value)?;
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
        Ok(lower
            .cast::<PyBytes>()
            .is_ok_and(|b| is_signature_header(b.as_bytes())))
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
