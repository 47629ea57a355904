//! The request to sign, described by the exact bytes that go on the wire.
//!
//! SigV4 fails closed with a bare 403 when the signed request and the sent
//! request differ by one byte, so the core takes the request line's target
//! and the header list as they will be sent, and refuses anything that could
//! not be sent as given (a line break in a header value, a method that is not
//! a token) instead of signing something else.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::Error;

/// A request to sign: method, request target (path and query exactly as on
/// the request line) and headers in order, duplicates allowed. The `Host`
/// header is given like any other; [`crate::url::split_url`] builds it from a
/// URL.
#[derive(Clone, Default)]
pub struct Request<'a> {
    /// The HTTP method, such as `GET`.
    pub method: &'a str,
    /// Path, then `?` and the query if any, as on the request line.
    pub target: &'a str,
    /// Header name and value pairs, in the order they are sent.
    pub headers: Vec<(&'a str, &'a str)>,
}

impl<'a> Request<'a> {
    /// A request with no headers yet.
    pub fn new(method: &'a str, target: &'a str) -> Self {
        Request {
            method,
            target,
            headers: Vec::new(),
        }
    }

    /// Adds a header (builder style).
    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The path and the query (without `?`; empty when there is none).
    pub fn path_and_query(&self) -> (&'a str, &'a str) {
        // A byte search: `?` is ASCII, so both halves are text.
        match self.target.bytes().position(|b| b == b'?') {
            Some(at) => (
                self.target.get(..at).unwrap_or_default(),
                self.target.get(at + 1..).unwrap_or_default(),
            ),
            None => (self.target, ""),
        }
    }

    /// The value of the first header called `name` (ASCII case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, v)| v)
    }

    /// Refuses what cannot be sent or signed exactly as given.
    pub fn validate(&self) -> Result<(), Error> {
        validate_method(self.method)?;
        validate_target(self.target)?;
        for (name, value) in &self.headers {
            validate_header(name, value)?;
        }
        Ok(())
    }
}

/// Header values that must never appear in logs or debug output.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    [
        "authorization",
        "x-amz-security-token",
        "cookie",
        "proxy-authorization",
    ]
    .iter()
    .any(|s| name.eq_ignore_ascii_case(s))
}

impl fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|&(n, v)| {
                (
                    n,
                    if is_sensitive_header(n) {
                        crate::redact::REDACTED
                    } else {
                        v
                    },
                )
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("target", &crate::redact::target(self.target))
            .field("headers", &headers)
            .finish()
    }
}

/// RFC 9110 `tchar`: what a method or header name may be made of.
pub(crate) fn is_tchar(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

/// `is_tchar` as a table: it runs for every byte of every header name.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        i += 1;
    }
    table
};

pub(crate) fn validate_method(method: &str) -> Result<(), Error> {
    if method.is_empty() {
        return Err(Error::InvalidMethod {
            reason: "must not be empty",
        });
    }
    if !method.bytes().all(is_tchar) {
        return Err(Error::InvalidMethod {
            reason: "must be an HTTP token (letters, digits, !#$%&'*+-.^_`|~)",
        });
    }
    Ok(())
}

pub(crate) fn validate_target(target: &str) -> Result<(), Error> {
    if !target.starts_with('/') {
        return Err(Error::InvalidTarget {
            reason: "must start with '/'",
        });
    }
    // One vector pass finds whether any check below can fail at all: most
    // targets have no control character, `#` or `%`.
    if !any_byte(target.as_bytes(), |b| {
        b < b' ' || b == 0x7f || b == b'#' || b == b'%'
    }) {
        return Ok(());
    }
    if any_byte(target.as_bytes(), |b| b < b' ' || b == 0x7f) {
        return Err(Error::InvalidTarget {
            reason: "must not contain control characters or line breaks",
        });
    }
    if target.as_bytes().contains(&b'#') {
        return Err(Error::InvalidTarget {
            reason: "must not contain a fragment ('#'); fragments are never sent",
        });
    }
    if let Some(at) = target.bytes().position(|b| b == b'?') {
        if has_invalid_percent(target.get(at + 1..).unwrap_or_default()) {
            return Err(Error::InvalidTarget {
                reason:
                    "query has a '%' not followed by two hex digits; write a literal '%' as %25",
            });
        }
    }
    Ok(())
}

/// Whether any byte passes `test`, as one pass without an early exit, which
/// the compiler turns into wide vector compares: it runs over every byte of
/// every target and header value, mostly finding nothing.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    bytes.iter().fold(false, |found, &b| found | test(b))
}

/// Whether a query holds a `%` that does not start a `%XX` escape. The
/// canonical query decodes every key and value, so such a `%` has no one
/// meaning: aws-c-auth refuses it (`AWS_ERROR_MALFORMED_INPUT_STRING`), a
/// lenient decoder keeps it as `%25`, and a server in between may do either.
/// Signer and verifier both refuse it, so neither signs what the other reads
/// differently. (The path is not decoded by SigV4, so a `%` there is bytes.)
fn has_invalid_percent(query: &str) -> bool {
    let b = query.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'%') {
        let at = i + off;
        match (b.get(at + 1), b.get(at + 2)) {
            (Some(h), Some(l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => i = at + 3,
            _ => return true,
        }
    }
    false
}

/// A header name must be a token; a value may hold tabs, visible characters,
/// UTF-8 and obsolete line folding (a line break followed by a space or tab,
/// which HTTP reads as a space), but no other line break or control
/// character: that is how header injection starts.
pub(crate) fn validate_header(name: &str, value: &str) -> Result<(), Error> {
    if name.is_empty() {
        return Err(Error::header(name, "name must not be empty"));
    }
    if !name.bytes().all(is_tchar) {
        return Err(Error::header(
            name,
            "name must be an HTTP token (no spaces, colons or control characters)",
        ));
    }
    let bytes = value.as_bytes();
    if !any_byte(bytes, |b| b < b' ' || b == 0x7f) {
        return Ok(()); // the usual case, in one pass
    }
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' | b'\n' => {
                let after = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                let folded = bytes[i] == b'\n' || after == i + 2;
                if !(folded && matches!(bytes.get(after), Some(b' ' | b'\t'))) {
                    return Err(Error::header(name, "value contains a line break"));
                }
                i = after;
            }
            b'\t' => i += 1,
            b if b.is_ascii_control() => {
                return Err(Error::header(name, "value contains a control character"))
            }
            _ => i += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_cannot_be_sent() {
        let code = |r: Request| r.validate().unwrap_err().code();
        assert_eq!(code(Request::new("", "/")), "invalid_method");
        assert_eq!(code(Request::new("GE T", "/")), "invalid_method");
        assert_eq!(code(Request::new("GET", "")), "invalid_target");
        assert_eq!(code(Request::new("GET", "example.com/")), "invalid_target");
        assert_eq!(code(Request::new("GET", "/a\r\nb")), "invalid_target");
        assert_eq!(code(Request::new("GET", "/a#b")), "invalid_target");
        assert_eq!(code(Request::new("GET", "/?a=%zz")), "invalid_target");
        assert_eq!(code(Request::new("GET", "/?a=100%")), "invalid_target");
        assert_eq!(code(Request::new("GET", "/?%4=b")), "invalid_target");
        Request::new("GET", "/%zz?a=%41%4a&b=%7e")
            .validate()
            .unwrap();
        assert_eq!(
            code(Request::new("GET", "/").header("X-A", "a\r\nX-B: b")),
            "invalid_header"
        );
        assert_eq!(
            code(Request::new("GET", "/").header("X-A", "a\nb")),
            "invalid_header"
        );
        assert_eq!(
            code(Request::new("GET", "/").header("X-A", "a\r b")),
            "invalid_header"
        );
        assert_eq!(
            code(Request::new("GET", "/").header("X-A", "a\0b")),
            "invalid_header"
        );
        assert_eq!(
            code(Request::new("GET", "/").header("X A", "a")),
            "invalid_header"
        );
        assert_eq!(
            code(Request::new("GET", "/").header("", "a")),
            "invalid_header"
        );
        assert_eq!(
            code(Request::new("GET", "/").header("X-A", "a\n")),
            "invalid_header"
        );
    }

    #[test]
    fn accepts_folding_spaces_utf8_and_tabs() {
        Request::new("GET", "/example space/\u{1234}?\u{1234}=bar")
            .header("My-Header1", "value1\n  value2\r\n\tvalue3")
            .header("X-Tab", "a\tb \u{e9}")
            .header("X-Empty", "")
            .validate()
            .unwrap();
    }

    #[test]
    fn header_errors_name_the_header_but_not_the_value() {
        let err = Request::new("GET", "/")
            .header("X-Secret", "hunter2\r\n")
            .validate()
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("X-Secret") && !text.contains("hunter2"),
            "{text}"
        );
        let debug = format!(
            "{:?}",
            Request::new("GET", "/").header("Authorization", "AWS4 sig")
        );
        assert!(!debug.contains("AWS4 sig"), "{debug}");
        let debug = format!(
            "{:?}",
            Request::new("GET", "/?X-Amz-Security-%54oken=TOKEN123&a=1")
                .header("X-Amz-Security-Token", "TOKEN123")
        );
        assert!(
            !debug.contains("TOKEN123") && debug.contains("a=1"),
            "{debug}"
        );
    }
}
