//! A small, strict split of an absolute `http`/`https` URL into what a
//! request needs: the `Host` header and the request target.
//!
//! It does not normalize or re-encode anything (a signer must sign the bytes
//! that are sent), so it refuses what a browser-grade parser would silently
//! rewrite: spaces, non-ASCII, backslashes, user info. A caller holding such
//! a URL encodes it first (`new URL(..).href` in JavaScript).

use std::borrow::Cow;

use crate::Error;

/// The parts of an absolute URL that a request is built from.
#[derive(Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http` or `https`, lower case.
    pub scheme: &'static str,
    /// The host as it goes in the `Host` header: lower-cased, IPv6 literals in
    /// brackets, without the port.
    pub host: Cow<'a, str>,
    /// The port if one was written and it is not the scheme's default.
    pub port: Option<u16>,
    /// The request target: the path (`/` when the URL has none) and the query.
    /// The fragment is dropped, as it is never sent.
    pub target: Cow<'a, str>,
}

impl core::fmt::Debug for UrlParts<'_> {
    // A presigned URL's query holds the session token.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UrlParts")
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("target", &crate::redact::target(&self.target))
            .finish()
    }
}

impl UrlParts<'_> {
    /// The value of the `Host` header: the host, plus `:port` when the port is
    /// not the default of the scheme.
    pub fn host_header(&self) -> Cow<'_, str> {
        match self.port {
            Some(port) => Cow::Owned(format!("{}:{port}", self.host)),
            None => Cow::Borrowed(&self.host),
        }
    }
}

/// What a host name may be made of (RFC 3986 `reg-name`), as a table.
const HOST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
            );
        i += 1;
    }
    table
};

fn bad(reason: &'static str) -> Error {
    Error::InvalidTarget { reason }
}

/// Splits `https://host[:port][/path][?query][#fragment]`.
pub fn split_url(url: &str) -> Result<UrlParts<'_>, Error> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or(bad("URL must start with http:// or https://"))?;
    let (scheme, default_port) = if scheme.eq_ignore_ascii_case("https") {
        ("https", 443)
    } else if scheme.eq_ignore_ascii_case("http") {
        ("http", 80)
    } else {
        return Err(bad("URL scheme must be http or https"));
    };
    // One vectorizable pass finds nothing in the usual URL; only then are
    // the refusals told apart.
    if crate::request::any_byte(url.as_bytes(), |b| !b.is_ascii_graphic() || b == b'\\') {
        if let Some(b) = url.bytes().find(|b| !b.is_ascii_graphic()) {
            return Err(bad(if b == b' ' {
                "URL must not contain spaces; percent-encode them"
            } else if b.is_ascii() {
                "URL must not contain control characters"
            } else {
                "URL must be ASCII; percent-encode other characters"
            }));
        }
        return Err(bad("URL must not contain backslashes"));
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let authority_end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (authority, target) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(bad(
            "URL must not contain user info; pass credentials separately",
        ));
    }
    let (host, port_text) = if let Some(after_bracket) = authority.strip_prefix('[') {
        let close = after_bracket
            .find(']')
            .ok_or(bad("URL has an unclosed IPv6 literal"))?;
        let literal = &after_bracket[..close];
        if literal.is_empty()
            || !literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(bad("URL has an invalid IPv6 literal"));
        }
        let tail = &after_bracket[close + 1..];
        let port = match tail.strip_prefix(':') {
            Some(p) => p,
            None if tail.is_empty() => "",
            None => return Err(bad("URL has characters after an IPv6 literal")),
        };
        (&authority[..close + 2], port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, p),
            None => (authority, ""),
        }
    };
    if host.is_empty() {
        return Err(bad("URL must have a host"));
    }
    if !host.starts_with('[') && !host.bytes().all(|b| HOST_BYTES[usize::from(b)]) {
        return Err(bad("URL host has characters a host name cannot"));
    }
    let port = if port_text.is_empty() {
        None
    } else {
        if port_text.len() > 5 || !port_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("URL port must be a number from 0 to 65535"));
        }
        let value: u32 = port_text
            .parse()
            .map_err(|_| bad("URL port must be a number from 0 to 65535"))?;
        let value =
            u16::try_from(value).map_err(|_| bad("URL port must be a number from 0 to 65535"))?;
        (value != default_port).then_some(value)
    };
    let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    };
    let target = if target.starts_with('/') {
        Cow::Borrowed(target)
    } else {
        Cow::Owned(format!("/{target}"))
    };
    Ok(UrlParts {
        scheme,
        host,
        port,
        target,
    })
}

/// Scope inference lives in [`crate::scope`]; these names stay for the
/// callers (the bindings) that import them from here.
pub use crate::scope::{infer_scope, Scope};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_usual_shapes() {
        let u = split_url("https://Example.Amazonaws.com:8443/prod/a%20b?x=1&y=%2F#frag").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "example.amazonaws.com");
        assert_eq!(u.port, Some(8443));
        assert_eq!(u.target, "/prod/a%20b?x=1&y=%2F");
        assert_eq!(u.host_header(), "example.amazonaws.com:8443");

        let u = split_url("http://127.0.0.1:80?q").unwrap();
        assert_eq!(
            (u.port, &*u.target, &*u.host_header()),
            (None, "/?q", "127.0.0.1")
        );
        let u = split_url("http://[::1]:4566").unwrap();
        assert_eq!((&*u.host_header(), &*u.target), ("[::1]:4566", "/"));
    }

    #[test]
    fn refuses_what_it_would_have_to_rewrite() {
        for url in [
            "example.com/",
            "ftp://example.com/",
            "https://",
            "https://:443/",
            "https://user:pw@example.com/",
            "https://example.com/a b",
            "https://example.com/\u{e9}",
            "https://example.com\\a",
            "https://example.com:99999/",
            "https://example.com:8x/",
            "https://[::1/",
            "https://[zz]/",
            "https://ex ample.com/",
        ] {
            assert_eq!(
                split_url(url).unwrap_err().code(),
                "invalid_target",
                "{url}"
            );
        }
    }
}
