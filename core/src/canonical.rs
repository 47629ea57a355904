//! The canonical request: the one string both ends of SigV4 must build alike.
//!
//! Signing and verification share this module, so a verifier can never
//! disagree with our own signer about a canonical form. The rules follow the
//! official signing test suite (and aws-c-auth where it is silent):
//!
//! * path: `.`/`..` segments removed and `//` collapsed when normalizing,
//!   then percent-encoded once more unless the service is S3;
//! * query: each key and value decoded and re-encoded, sorted by key then
//!   value; `+` is a literal plus;
//! * headers: names lower-cased, sorted stably, repeated names joined with
//!   `,` in their order, values trimmed with inner runs of white space
//!   (including folded lines) squeezed to one space.

use std::borrow::Cow;

use crate::encoding::{decode, encode_into};

/// Headers that are never signed: proxies and clients add, drop or rewrite
/// them in flight (aws-c-auth's list, plus `authorization`, which carries the
/// signature itself).
pub const UNSIGNED_HEADERS: [&str; 10] = [
    "authorization",
    "connection",
    "expect",
    "sec-websocket-key",
    "sec-websocket-protocol",
    "sec-websocket-version",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// Whether a header is left out of every signature.
pub fn is_unsigned_header(name: &str) -> bool {
    UNSIGNED_HEADERS
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

/// A header that goes into the canonical request: lower-cased name and raw
/// value.
pub(crate) struct CanonicalHeader<'a> {
    pub name: Cow<'a, str>,
    pub value: &'a str,
}

impl<'a> CanonicalHeader<'a> {
    pub fn new(name: &'a str, value: &'a str) -> Self {
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        CanonicalHeader { name, value }
    }
}

/// White space as the suite trims it (C `isspace`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Appends a header value trimmed, with inner runs of white space squeezed
/// to one space.
fn push_header_value(out: &mut String, value: &str) {
    let words = value
        .split(|c: char| c.is_ascii() && is_space(c as u8))
        .filter(|w| !w.is_empty());
    for (i, word) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Sorts the headers and writes the canonical header block (each line ending
/// in `\n`) and the signed header list (`a;b;c`).
pub(crate) fn headers(
    headers: &mut [CanonicalHeader<'_>],
    block: &mut String,
    signed: &mut String,
) {
    // A stable sort keeps repeated headers in the order they were given.
    headers.sort_by(|a, b| a.name.cmp(&b.name));
    let mut previous: Option<&str> = None;
    for header in headers.iter() {
        if previous == Some(&*header.name) {
            block.pop(); // the '\n' of the previous value
            block.push(',');
        } else {
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(&header.name);
            block.push_str(&header.name);
            block.push(':');
        }
        push_header_value(block, header.value);
        block.push('\n');
        previous = Some(&header.name);
    }
}

/// Appends the canonical path.
pub(crate) fn path(out: &mut String, raw: &str, normalize: bool, double_encode: bool) {
    let normalized;
    let path = if normalize {
        normalized = normalize_path(raw);
        normalized.as_str()
    } else {
        raw
    };
    if double_encode {
        encode_into(out, path.as_bytes(), true);
    } else {
        out.push_str(path);
    }
}

/// Removes empty and `.` segments and resolves `..`, keeping a trailing `/`.
fn normalize_path(raw: &str) -> String {
    if !raw.contains("//") && !raw.contains("/.") {
        return raw.to_owned();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in raw.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(raw.len());
    out.push('/');
    out.push_str(&segments.join("/"));
    if raw.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// One query parameter, percent-encoded canonically.
pub(crate) struct QueryParam {
    pub key: String,
    pub value: String,
}

impl QueryParam {
    /// From an unencoded key and value (the `X-Amz-*` parameters we add).
    pub fn plain(key: &str, value: &str) -> Self {
        let mut k = String::with_capacity(key.len());
        encode_into(&mut k, key.as_bytes(), false);
        let mut v = String::with_capacity(value.len());
        encode_into(&mut v, value.as_bytes(), false);
        QueryParam { key: k, value: v }
    }
}

/// The raw `key=value` pieces of a query string, empty pieces skipped, each
/// with its decoded key.
pub(crate) fn query_pieces(query: &str) -> impl Iterator<Item = (&str, Cow<'_, [u8]>)> {
    query.split('&').filter(|p| !p.is_empty()).map(|piece| {
        let key = piece.split_once('=').map_or(piece, |(k, _)| k);
        (piece, decode(key))
    })
}

/// Decodes and canonically re-encodes the pieces of `query` whose decoded key
/// `keep` accepts, appending them to `params`.
pub(crate) fn collect_query(
    query: &str,
    mut keep: impl FnMut(&[u8]) -> bool,
    params: &mut Vec<QueryParam>,
) {
    for (piece, key) in query_pieces(query) {
        if !keep(&key) {
            continue;
        }
        let raw_value = piece.split_once('=').map_or("", |(_, v)| v);
        let mut k = String::with_capacity(key.len());
        encode_into(&mut k, &key, false);
        let mut v = String::with_capacity(raw_value.len());
        encode_into(&mut v, &decode(raw_value), false);
        params.push(QueryParam { key: k, value: v });
    }
}

/// Sorts the parameters and appends `k=v&k=v`.
pub(crate) fn query(out: &mut String, params: &mut [QueryParam]) {
    params.sort_unstable_by(|a, b| a.key.cmp(&b.key).then_with(|| a.value.cmp(&b.value)));
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&p.key);
        out.push('=');
        out.push_str(&p.value);
    }
}

/// Assembles the canonical request from its parts. `path_rules` is
/// `(normalize, double_encode)`.
pub(crate) fn request(
    method: &str,
    raw_path: &str,
    path_rules: (bool, bool),
    params: &mut [QueryParam],
    header_block: &str,
    signed_headers: &str,
    payload: &str,
) -> String {
    let mut out = String::with_capacity(
        method.len()
            + raw_path.len() * 3
            + params.len() * 32
            + header_block.len()
            + signed_headers.len()
            + 80,
    );
    out.push_str(method);
    out.push('\n');
    path(&mut out, raw_path, path_rules.0, path_rules.1);
    out.push('\n');
    query(&mut out, params);
    out.push('\n');
    out.push_str(header_block);
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    out.push_str(payload);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon_value(v: &str) -> String {
        let mut s = String::from("x:");
        push_header_value(&mut s, v);
        s
    }

    #[test]
    fn squeezes_header_white_space() {
        assert_eq!(canon_value("  \"a   b   c\"  "), "x:\"a b c\"");
        assert_eq!(
            canon_value("value1\n  value2\n     value3"),
            "x:value1 value2 value3"
        );
        assert_eq!(canon_value(""), "x:");
        assert_eq!(canon_value("   "), "x:");
        assert_eq!(canon_value("\ta\t\tb\u{e9} c"), "x:a b\u{e9} c");
    }

    #[test]
    fn normalizes_paths_like_the_suite() {
        for (raw, want) in [
            ("/", "/"),
            ("//", "/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("//example//", "/example/"),
            ("/a/./b/../c/", "/a/c/"),
            ("/../../a", "/a"),
            ("/.hidden/..x", "/.hidden/..x"),
        ] {
            assert_eq!(normalize_path(raw), want, "{raw}");
        }
    }
}
