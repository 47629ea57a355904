//! Header lists from the shapes Python code holds them in: a `dict`, any
//! mapping (`requests`' `CaseInsensitiveDict`), `httpx.Headers` (through
//! `multi_items()`, which keeps duplicates apart), or pairs.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

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

    fn push_text(&mut self, name: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let start = self.text.len();
        push_text(&mut self.text, name, "header name")?;
        let name_end = self.text.len();
        push_text(&mut self.text, value, "header value")?;
        self.spans.push((start, name_end, self.text.len()));
        Ok(())
    }

    /// Adds a header before the others (`Host` from a URL).
    pub fn push_front(&mut self, name: &str, value: &str) {
        self.push(name, value);
        if let Some(last) = self.spans.pop() {
            self.spans.insert(0, last);
        }
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

/// The headers in order, duplicates kept.
pub fn collect(headers: Option<&Bound<'_, PyAny>>) -> PyResult<HeaderList> {
    let mut out = HeaderList::default();
    let Some(headers) = headers.filter(|h| !h.is_none()) else {
        return Ok(out);
    };
    if let Ok(dict) = headers.cast::<PyDict>() {
        out.spans.reserve(dict.len());
        for (name, value) in dict.iter() {
            out.push_text(&name, &value)?;
        }
        return Ok(out);
    }
    if let Ok(list) = headers.cast::<PyList>() {
        // Pairs already (what the requests integration hands over): no
        // attribute lookups first.
        out.spans.reserve(list.len());
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

/// Appends a header name or value as text: `str` as is (through its UTF-8
/// bytes, without an intermediate `String`), `bytes` as Latin-1 (how HTTP
/// clients write them on the wire).
fn push_text(out: &mut String, value: &Bound<'_, PyAny>, what: &str) -> PyResult<()> {
    if let Ok(s) = value.cast::<PyString>() {
        let utf8 = s.encode_utf8()?;
        // Python's UTF-8 encoder only writes valid UTF-8.
        let text = core::str::from_utf8(utf8.as_bytes())
            .map_err(|_| PyTypeError::new_err(format!("headers: {what} is not valid text")))?;
        out.push_str(text);
        return Ok(());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        out.extend(b.as_bytes().iter().map(|&c| char::from(c)));
        return Ok(());
    }
    Err(PyTypeError::new_err(format!(
        "headers: each {what} must be str or bytes, not {}",
        value.get_type().name()?
    )))
}
