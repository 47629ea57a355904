//! Header lists from the shapes Python code holds them in: a `dict`, any
//! mapping (`requests`' `CaseInsensitiveDict`), `httpx.Headers` (through
//! `multi_items()`, which keeps duplicates apart), or pairs.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

/// Headers in order, duplicates kept, their text in one buffer: two
/// allocations for any number of headers instead of two per header.
#[derive(Default)]
pub struct HeaderList {
    text: String,
    /// `(name start, name end = value start, value end)` in `text`.
    spans: Vec<(usize, usize, usize)>,
}

impl HeaderList {
    fn push(&mut self, name: &str, value: &str) {
        let start = self.text.len();
        self.text.push_str(name);
        let name_end = self.text.len();
        self.text.push_str(value);
        self.spans.push((start, name_end, self.text.len()));
    }

    /// Appends a header given as Python objects (see [`push_text`]).
    pub fn push_text(&mut self, name: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let start = self.text.len();
        push_text(&mut self.text, name, "header name")?;
        let name_end = self.text.len();
        push_text(&mut self.text, value, "header value")?;
        self.spans.push((start, name_end, self.text.len()));
        Ok(())
    }

    /// Adds a header before the others (`Host` from a URL). The text goes
    /// at the end of the buffer; only its span moves to the front.
    pub fn push_front(&mut self, name: &str, value: &str) {
        self.push(name, value);
        if let Some(last) = self.spans.pop() {
            self.spans.insert(0, last);
        }
    }

    /// Room for `headers` more headers and `text` more bytes of their text,
    /// so that collecting (and the `Host` header after it) grows neither.
    pub fn reserve(&mut self, headers: usize, text: usize) {
        self.spans.reserve(headers);
        self.text.reserve(text);
    }

    /// Drops every header named in `added` (ASCII case-insensitive) and
    /// appends `added` in their place: the headers an aws-chunked plan sets.
    pub fn replace(&mut self, added: &[(&str, String)]) {
        let mut kept = HeaderList::default();
        for (name, value) in self.iter() {
            if !added.iter().any(|(a, _)| a.eq_ignore_ascii_case(name)) {
                kept.push(name, value);
            }
        }
        for (name, value) in added {
            kept.push(name, value);
        }
        *self = kept;
    }

    /// Whether a header of this name (ASCII case-insensitive) is present.
    pub fn has(&self, name: &str) -> bool {
        self.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The headers as `(name, value)`, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spans.iter().map(|&(start, name_end, end)| {
            (
                self.text.get(start..name_end).unwrap_or_default(),
                self.text.get(name_end..end).unwrap_or_default(),
            )
        })
    }
}

/// Where a call's headers come from.
pub enum Source<'a, 'py> {
    /// `headers=` as a user passes it (see [`collect`]).
    Any(Option<&'a Bound<'py, PyAny>>),
    /// Read already, in the pass that checked their layout
    /// (`crate::clients::httpx_request`).
    Collected(HeaderList),
    /// The values of a `requests` store, `{lower-case name: (name,
    /// value)}`, but those under these keys (its stale signature headers,
    /// see [`collect_store_values`]).
    StoreValues(&'a Bound<'py, PyDict>, &'a [&'static str]),
}

impl Source<'_, '_> {
    pub fn collect(self) -> PyResult<HeaderList> {
        match self {
            Source::Any(headers) => collect(headers),
            Source::Collected(list) => Ok(list),
            Source::StoreValues(store, skip) => collect_store_values(store, skip),
        }
    }
}

/// Headers from the values of a `requests` store (an `OrderedDict`, read
/// here through the `dict` it is, as `PyDict_Next` reads it: its keys are
/// unique, so the order in which they are read changes no signature), but
/// those under the keys in `skip` (stale signature headers, which the new
/// ones replace).
pub fn collect_store_values(store: &Bound<'_, PyDict>, skip: &[&str]) -> PyResult<HeaderList> {
    let mut out = HeaderList::default();
    out.reserve(store.len() + 1, TEXT_GUESS * (store.len() + 1));
    for (key, entry) in store.iter() {
        if !skip.is_empty() {
            let key = key.cast::<PyString>()?.to_str()?;
            if skip.contains(&key) {
                continue;
            }
        }
        push_entry(&mut out, &entry)?;
    }
    Ok(out)
}

/// One `(name, …, value)` entry.
fn push_entry(out: &mut HeaderList, entry: &Bound<'_, PyAny>) -> PyResult<()> {
    let entry = entry
        .cast::<PyTuple>()
        .ok()
        .filter(|t| t.len() >= 2)
        .ok_or_else(|| PyTypeError::new_err("headers: each entry must be a tuple"))?;
    out.push_text(&entry.get_item(0)?, &entry.get_item(entry.len() - 1)?)
}

/// Bytes reserved per header for its name and value: most (`Accept:
/// application/json`, a host name, a content type) fit.
pub const TEXT_GUESS: usize = 48;

/// The headers in order, duplicates kept.
pub fn collect(headers: Option<&Bound<'_, PyAny>>) -> PyResult<HeaderList> {
    let mut out = HeaderList::default();
    let Some(headers) = headers.filter(|h| !h.is_none()) else {
        return Ok(out);
    };
    if let Ok(dict) = headers.cast::<PyDict>() {
        // One slot more for `Host`, and a guess at the text of a typical
        // header (plus a host name) that saves the buffer's regrowths.
        out.reserve(dict.len() + 1, TEXT_GUESS * (dict.len() + 1));
        for (name, value) in dict.iter() {
            out.push_text(&name, &value)?;
        }
        return Ok(out);
    }
    if let Ok(list) = headers.cast::<PyList>() {
        // Pairs already (what the requests and httpx integrations hand
        // over): no attribute lookups first.
        out.reserve(list.len() + 1, TEXT_GUESS * (list.len() + 1));
        for pair in list.iter() {
            push_pair(&mut out, &pair)?;
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
        push_pair(&mut out, &pair?)?;
    }
    Ok(out)
}

/// One `(name, value)` pair.
fn push_pair(out: &mut HeaderList, pair: &Bound<'_, PyAny>) -> PyResult<()> {
    let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair
        .extract()
        .map_err(|_| PyTypeError::new_err("headers: each item must be a (name, value) pair"))?;
    out.push_text(&name, &value)
}

/// Appends a header name or value as text: `str` as is (its UTF-8 read in
/// place, which CPython caches in the object: no intermediate `bytes` or
/// `String`), `bytes` as Latin-1 (how HTTP clients write them on the wire).
fn push_text(out: &mut String, value: &Bound<'_, PyAny>, what: &str) -> PyResult<()> {
    if let Ok(s) = value.cast::<PyString>() {
        // A lone surrogate has no UTF-8 form: UnicodeEncodeError.
        out.push_str(s.to_str()?);
        return Ok(());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        match core::str::from_utf8(bytes) {
            // ASCII (the usual header) is the same text in Latin-1.
            Ok(ascii) if ascii.is_ascii() => out.push_str(ascii),
            _ => out.extend(bytes.iter().map(|&c| char::from(c))),
        }
        return Ok(());
    }
    Err(PyTypeError::new_err(format!(
        "headers: each {what} must be str or bytes, not {}",
        value.get_type().name()?
    )))
}
