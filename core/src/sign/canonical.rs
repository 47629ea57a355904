//! Step 1 of the pipeline, the canonical request: the one string both ends of
//! SigV4 must build alike.
//!
//! Signing and verification share this module, so a verifier can never
//! disagree with our own signer about a canonical form. The rules follow the
//! official signing test suite (and aws-c-auth where it is silent):
//!
//! * path ([`PathRules`]): `.`/`..` segments removed and `//` collapsed when
//!   normalizing, then percent-encoded once more unless the service is S3;
//! * query: each key and value decoded and re-encoded, sorted by key then
//!   value; `+` is a literal plus; a `%` not followed by two hex digits is
//!   refused before canonicalization (as aws-c-auth does), never guessed at;
//! * headers: names lower-cased, sorted stably, repeated names joined with
//!   `,` in their order, values trimmed with inner runs of white space
//!   (including folded lines) squeezed to one space.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

use core::ops::Range;

use crate::encoding::{decode, encode_into, encode_str_into};

/// How the canonical request writes the path: the one setting signer and
/// verifier must agree on beyond the request itself. Every AWS service but
/// the S3 family uses [`PathRules::STANDARD`]; S3 signs the path as sent
/// ([`PathRules::S3`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PathRules {
    /// Percent-encode the (already encoded) path once more.
    pub double_encode: bool,
    /// Remove `.`/`..` segments and collapse `//` before encoding.
    pub normalize: bool,
}

impl PathRules {
    /// Every service but S3: normalized, then encoded once more.
    pub const STANDARD: PathRules = PathRules {
        double_encode: true,
        normalize: true,
    };

    /// The S3 family: the path as sent, neither normalized nor re-encoded.
    pub const S3: PathRules = PathRules {
        double_encode: false,
        normalize: false,
    };

    /// The rules of the service with this signing name
    /// ([`crate::policy::ServiceDefaults::for_service`]).
    pub fn for_service(service: &str) -> Self {
        crate::policy::ServiceDefaults::for_service(service).path_rules
    }
}

impl Default for PathRules {
    fn default() -> Self {
        PathRules::STANDARD
    }
}

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
    // By length first: most names are compared with nothing at all.
    let candidates: &[&str] = match name.len() {
        6 => &["expect"],
        7 => &["upgrade"],
        10 => &["connection", "user-agent"],
        13 => &["authorization"],
        15 => &["x-amzn-trace-id"],
        17 => &["sec-websocket-key", "transfer-encoding"],
        21 => &["sec-websocket-version"],
        22 => &["sec-websocket-protocol"],
        _ => &[],
    };
    candidates.iter().any(|h| name.eq_ignore_ascii_case(h))
}

/// Orders header names as the canonical request does: ASCII
/// case-insensitively, without allocating lower-case copies.
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> core::cmp::Ordering {
    // A plain loop: names mostly differ in their first byte, and the
    // iterator form compiles to more work per byte than the sort saves.
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// Appends `name` lower-cased.
fn push_lower(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    out[start..].make_ascii_lowercase();
}

/// White space as the suite trims it (C `isspace`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Appends a header value trimmed, with inner runs of white space squeezed
/// to one space.
#[inline(always)]
fn push_header_value(out: &mut String, value: &str) {
    // Most values have nothing to trim or squeeze: no byte at or below
    // the space, checked in one pass, and the value copied where it is
    // written (the rest is out of line).
    if crate::request::any_byte(value.as_bytes(), |b| b <= b' ') {
        push_spaced_header_value(out, value);
    } else {
        out.push_str(value);
    }
}

/// [`push_header_value`] for a value with a space or control byte.
#[inline(never)]
fn push_spaced_header_value(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let plain = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
        && !bytes.iter().any(|&b| b != b' ' && is_space(b));
    if plain {
        out.push_str(value);
        return;
    }
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

/// Sorts the headers (name, raw value) as the canonical request lists them.
/// A stable sort keeps repeated headers in the order they were given.
pub(crate) fn sort_headers(headers: &mut [(&str, &str)]) {
    super::sort::sort_stable(headers, |a, b| cmp_ignore_case(a.0, b.0));
}

/// Appends the signed header list (`a;b;c`) of sorted headers.
pub(crate) fn write_signed_headers(out: &mut String, sorted: &[(&str, &str)]) {
    let mut previous: Option<&str> = None;
    for &(name, _) in sorted {
        if !previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            if previous.is_some() {
                out.push(';');
            }
            push_lower(out, name);
        }
        previous = Some(name);
    }
}

/// Writes the canonical header block of sorted headers: one line per name,
/// repeated names' values joined with `,`, each line ending in `\n`.
fn write_headers(out: &mut String, sorted: &[(&str, &str)]) {
    let mut previous: Option<&str> = None;
    for &(name, value) in sorted {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            out.pop(); // the '\n' of the previous value
            out.push(',');
        } else {
            push_lower(out, name);
            out.push(':');
        }
        push_header_value(out, value);
        out.push('\n');
        previous = Some(name);
    }
}

/// [`write_headers`] for headers whose signed header list is already
/// written (`signed_list`, by [`write_signed_headers`]): each name is copied
/// from the list, lower-cased there once for both uses. ASCII lower-casing
/// keeps a name's length, so the `k`-th name of the list is found by adding
/// up the lengths of those before it.
fn write_headers_from_list(out: &mut String, sorted: &[(&str, &str)], signed_list: &str) {
    let mut previous: Option<&str> = None;
    let mut at = 0;
    for &(name, value) in sorted {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            out.pop(); // the '\n' of the previous value
            out.push(',');
        } else {
            match signed_list.get(at..at + name.len()) {
                Some(lower) => out.push_str(lower),
                None => push_lower(out, name),
            }
            at += name.len() + 1;
            out.push(':');
        }
        push_header_value(out, value);
        out.push('\n');
        previous = Some(name);
    }
}

/// Appends the canonical path.
pub(crate) fn path(out: &mut String, raw: &str, rules: PathRules) {
    let normalized = if rules.normalize {
        normalize_path(raw)
    } else {
        Cow::Borrowed(raw)
    };
    let path: &str = &normalized;
    if rules.double_encode {
        encode_str_into(out, path, true);
    } else {
        out.push_str(path);
    }
}

/// Removes empty and `.` segments and resolves `..`, keeping a trailing `/`.
fn normalize_path(raw: &str) -> Cow<'_, str> {
    // One pass for `//` and `/.`, the only starts of something to remove.
    let b = raw.as_bytes();
    if !b
        .windows(2)
        .any(|w| w[0] == b'/' && matches!(w[1], b'/' | b'.'))
    {
        return Cow::Borrowed(raw);
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
    Cow::Owned(out)
}

/// Where one parameter is in [`QueryParams`]' text: its start, its `=`,
/// its end.
pub(crate) type QueryEntry = (usize, usize, usize);

/// Canonically encoded query parameters, kept in one buffer: `text` holds
/// each encoded `key=value`, and each entry of `params` is `(start, eq, end)`
/// in it, `eq` being where its `=` is. One allocation for the lot instead of
/// two per parameter, and a parameter is written out with one copy.
pub(crate) struct QueryParams {
    text: String,
    params: Vec<QueryEntry>,
    /// Where the entries added in canonical order start (a presigned URL's
    /// `X-Amz-*` parameters, by [`QueryParams::push_sorted`]), if any were.
    presorted: Option<usize>,
}

/// Orders two entries of `text` as the canonical query does: by key, then
/// value, as bytes.
fn cmp_entries(text: &[u8], a: &QueryEntry, b: &QueryEntry) -> core::cmp::Ordering {
    let (&(a0, a1, a2), &(b0, b1, b2)) = (a, b);
    // Keys mostly differ in their first byte: compared inline, that saves a
    // `memcmp` call per comparison. (An empty key has no first byte and is
    // compared in full.)
    match (
        text.get(a0).filter(|_| a0 < a1),
        text.get(b0).filter(|_| b0 < b1),
    ) {
        (Some(x), Some(y)) if x != y => return x.cmp(y),
        _ => {}
    }
    text[a0..a1]
        .cmp(&text[b0..b1])
        .then_with(|| text[a1 + 1..a2].cmp(&text[b1 + 1..b2]))
}

impl Default for QueryParams {
    fn default() -> Self {
        QueryParams::new()
    }
}

impl QueryParams {
    /// An empty set, usable in constants (a thread's scratch is one).
    pub const fn new() -> Self {
        QueryParams {
            text: String::new(),
            params: Vec::new(),
            presorted: None,
        }
    }

    /// Empties the set, keeping its buffers for the next canonical request.
    pub fn clear(&mut self) {
        self.text.clear();
        self.params.clear();
        self.presorted = None;
    }

    /// The length of the encoded parameters' text.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Adds a parameter from its decoded key and value bytes.
    pub fn push_bytes(&mut self, key: &[u8], value: &[u8]) {
        let start = self.text.len();
        encode_into(&mut self.text, key, false);
        let eq = self.text.len();
        self.text.push('=');
        encode_into(&mut self.text, value, false);
        self.params.push((start, eq, self.text.len()));
    }

    /// Adds a parameter from its raw key and value when neither holds a `%`
    /// (decoding would change nothing): encoded straight from the text.
    fn push_plain(&mut self, key: &str, value: &str) {
        let start = self.text.len();
        encode_str_into(&mut self.text, key, false);
        let eq = self.text.len();
        self.text.push('=');
        encode_str_into(&mut self.text, value, false);
        self.params.push((start, eq, self.text.len()));
    }

    /// Writes `key=value&` into the text without listing it yet
    /// ([`QueryParams::push_sorted`] does): `key` needs no encoding (one of
    /// [`crate::sign::presign::Param`]'s names, which are unreserved: a test
    /// checks) and `write` appends the value encoded. The entry leaves the
    /// `&` out; pieces written one after the other are a query's text.
    pub fn write_piece(&mut self, key: &str, write: impl FnOnce(&mut String)) -> QueryEntry {
        let start = self.text.len();
        self.text.push_str(key);
        let eq = self.text.len();
        self.text.push('=');
        write(&mut self.text);
        let entry = (start, eq, self.text.len());
        self.text.push('&');
        entry
    }

    /// Lists an entry after those collected from the query. Entries listed
    /// this way must come in canonical order and have keys that no
    /// collected parameter has (the signer drops a query's stale `X-Amz-*`
    /// parameters): the canonical query then merges them with the sorted
    /// collected ones instead of sorting them again.
    pub fn push_sorted(&mut self, entry: QueryEntry) {
        self.presorted.get_or_insert(self.params.len());
        self.params.push(entry);
    }

    /// A part of the text, such as pieces [`QueryParams::write_piece`] wrote.
    pub fn text(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or_default()
    }

    /// Sorts by key, then value, and appends `k=v&k=v`.
    pub fn write_sorted(&mut self, out: &mut String) {
        let split = self
            .presorted
            .unwrap_or(self.params.len())
            .min(self.params.len());
        let text = self.text.as_bytes();
        let (collected, added) = self.params.split_at_mut(split);
        super::sort::sort_stable(collected, |a, b| cmp_entries(text, a, b));
        // A merge of the two sorted runs; on a tie (which distinct keys
        // rule out) the collected entry would go first, as a stable sort of
        // the whole would put it.
        let (mut i, mut j) = (0, 0);
        let text = &self.text;
        loop {
            let next = match (collected.get(i), added.get(j)) {
                (Some(a), Some(b)) => {
                    if cmp_entries(text.as_bytes(), a, b) == core::cmp::Ordering::Greater {
                        j += 1;
                        b
                    } else {
                        i += 1;
                        a
                    }
                }
                (Some(a), None) => {
                    i += 1;
                    a
                }
                (None, Some(b)) => {
                    j += 1;
                    b
                }
                (None, None) => break,
            };
            if i + j > 1 {
                out.push('&');
            }
            out.push_str(&text[next.0..next.2]);
        }
    }
}

/// The raw `key=value` pieces of a query string, empty pieces skipped, each
/// with its decoded key.
pub(crate) fn query_pieces(query: &str) -> impl Iterator<Item = (&str, Cow<'_, [u8]>)> {
    query_split(query).map(|(piece, key, _)| (piece, decode(key)))
}

/// Splits a query into `(piece, raw key, raw value)`, skipping empty pieces.
fn query_split(query: &str) -> impl Iterator<Item = (&str, &str, &str)> {
    // A byte search for `=`: a `char` pattern costs a searcher's set-up per
    // piece.
    query.split('&').filter(|p| !p.is_empty()).map(|piece| {
        match piece.bytes().position(|b| b == b'=') {
            Some(eq) => (
                piece,
                piece.get(..eq).unwrap_or_default(),
                piece.get(eq + 1..).unwrap_or_default(),
            ),
            None => (piece, piece, ""),
        }
    })
}

/// Decodes and canonically re-encodes the pieces of `query` whose decoded key
/// `keep` accepts.
pub(crate) fn collect_query(
    query: &str,
    mut keep: impl FnMut(&[u8]) -> bool,
    params: &mut QueryParams,
) {
    if query.is_empty() {
        return;
    }
    // Room for the usual case (few escapes) and the presign parameters; a
    // reused set has it already.
    params.text.reserve(2 * query.len() + 256);
    // Most pieces are already canonical (one `=`, every other byte
    // unreserved): the query is copied once and those parameters point into
    // the copy, instead of being copied key by key and value by value.
    let base = params.text.len();
    params.text.push_str(query);
    let bytes = query.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let mut eq = None;
        let mut canonical = true;
        let mut end = bytes.len();
        // One table load and one branch per byte: only `&`, `=` and bytes
        // that need encoding leave the inner loop.
        let mut i = start;
        loop {
            while bytes
                .get(i)
                .is_some_and(|&c| crate::encoding::UNRESERVED[usize::from(c)])
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'&') => {
                    end = i;
                    break;
                }
                Some(b'=') if eq.is_none() => eq = Some(i),
                Some(_) => canonical = false,
            }
            i += 1;
        }
        let piece = start..end;
        start = end + 1;
        if let (true, Some(eq)) = (canonical, eq) {
            if keep(&bytes[piece.start..eq]) {
                params
                    .params
                    .push((base + piece.start, base + eq, base + piece.end));
            }
            continue;
        }
        let Some(piece) = query.get(piece) else {
            continue;
        };
        if piece.is_empty() {
            continue;
        }
        let (raw_key, raw_value) = match piece.bytes().position(|b| b == b'=') {
            Some(eq) => (
                piece.get(..eq).unwrap_or_default(),
                piece.get(eq + 1..).unwrap_or_default(),
            ),
            None => (piece, ""),
        };
        if !piece.contains('%') {
            if keep(raw_key.as_bytes()) {
                params.push_plain(raw_key, raw_value);
            }
            continue;
        }
        let key = decode(raw_key);
        if keep(&key) {
            params.push_bytes(&key, &decode(raw_value));
        }
    }
}

/// What the canonical request is made of, beyond its query (which
/// [`QueryParams`] holds, as it is sorted in place).
pub(crate) struct Parts<'a, 'h> {
    pub method: &'a str,
    pub raw_path: &'a str,
    pub path_rules: PathRules,
    /// The signed headers, sorted by [`sort_headers`].
    pub sorted_headers: &'h [(&'a str, &'a str)],
    /// The payload value: a hex SHA-256 or a constant such as `UNSIGNED-PAYLOAD`.
    pub payload: &'a str,
    /// The signed header list of `sorted_headers`, if the caller wrote it
    /// already ([`write_signed_headers`]; a presigned URL quotes it): then
    /// the header names are lower-cased once, not twice.
    pub signed_list: Option<&'h str>,
}

impl Parts<'_, '_> {
    /// An upper bound for the usual request, so the buffer grows once.
    pub fn size_hint(&self, params: &QueryParams) -> usize {
        let header_bytes: usize = self
            .sorted_headers
            .iter()
            .map(|(n, v)| 2 * n.len() + v.len() + 3)
            .sum();
        self.method.len()
            + self.raw_path.len() * 3
            + params.text.len()
            + params.params.len() * 2
            + header_bytes
            + self.payload.len()
            + 8
    }
}

/// Appends the canonical request to `out` in one pass and returns where, in
/// `out`, its signed header list is (the `Authorization` header quotes it).
pub(crate) fn write_request(
    out: &mut String,
    parts: &Parts<'_, '_>,
    params: &mut QueryParams,
) -> Range<usize> {
    out.push_str(parts.method);
    out.push('\n');
    path(out, parts.raw_path, parts.path_rules);
    out.push('\n');
    params.write_sorted(out);
    out.push('\n');
    let start = match parts.signed_list {
        Some(list) => {
            write_headers_from_list(out, parts.sorted_headers, list);
            out.push('\n');
            let start = out.len();
            out.push_str(list);
            start
        }
        None => {
            write_headers(out, parts.sorted_headers);
            out.push('\n');
            let start = out.len();
            write_signed_headers(out, parts.sorted_headers);
            start
        }
    };
    let signed_headers = start..out.len();
    out.push('\n');
    out.push_str(parts.payload);
    signed_headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_each_unsigned_header_in_any_case() {
        for name in UNSIGNED_HEADERS {
            assert!(is_unsigned_header(name), "{name}");
            assert!(is_unsigned_header(&name.to_ascii_uppercase()), "{name}");
        }
        for name in ["host", "x-amz-date", "content-type", "expects", "user-agen"] {
            assert!(!is_unsigned_header(name), "{name}");
        }
    }

    #[test]
    fn orders_names_as_their_lower_case_forms_do() {
        let names = [
            "",
            "a",
            "A",
            "ab",
            "aB",
            "b",
            "Host",
            "host-x",
            "hos",
            "x-amz-date",
            "X-Amz-Date",
            "x_a",
            "x-a",
            "X[",
            "x{",
        ];
        for a in names {
            for b in names {
                let want = a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase());
                assert_eq!(cmp_ignore_case(a, b), want, "{a} {b}");
            }
        }
    }

    #[test]
    fn canonicalizes_queries_plain_and_escaped_alike() {
        // Expected forms written out by hand from the SigV4 rules.
        for (query, want) in [
            ("", ""),
            ("a=b", "a=b"),
            ("b=2&a=1&a=0", "a=0&a=1&b=2"),
            ("a=b=c", "a=b%3Dc"),
            ("a&&b=1&", "a=&b=1"),
            ("=v", "=v"),
            ("k=", "k="),
            ("flag", "flag="),
            ("x=%41&y=~", "x=A&y=~"),
            ("sp=a+b", "sp=a%2Bb"),
            ("a=b c&z=1", "a=b%20c&z=1"),
            ("A=1&a=2&_=3", "A=1&_=3&a=2"),
            ("%C3%BC=1&u=%c3%bc", "%C3%BC=1&u=%C3%BC"),
            ("k=v&k=v", "k=v&k=v"),
            ("a-=1&a=2", "a=2&a-=1"),
        ] {
            let mut params = QueryParams::default();
            collect_query(query, |_| true, &mut params);
            let mut out = String::new();
            params.write_sorted(&mut out);
            assert_eq!(out, want, "{query}");
        }
        // A piece whose decoded key is refused goes, escaped or not.
        let mut params = QueryParams::default();
        collect_query("drop=1&k=v&dr%6Fp=2", |k| k != b"drop", &mut params);
        let mut out = String::new();
        params.write_sorted(&mut out);
        assert_eq!(out, "k=v");
    }

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
