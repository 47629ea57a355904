//! A small, strict split of an absolute `http`/`https` URL into what a
//! request needs: the `Host` header and the request target.
//!
//! It does not normalize or re-encode anything (a signer must sign the bytes
//! that are sent), so it refuses what a browser-grade parser would silently
//! rewrite: spaces, non-ASCII, backslashes, user info. A caller holding such
//! a URL encodes it first (`new URL(..).href` in JavaScript).

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

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
            // Joined by hand: `format!` would bring `core::fmt` into the
            // browser's engine.
            Some(port) => Cow::Owned(
                [
                    &*self.host,
                    ":",
                    crate::encoding::decimal(port.into(), &mut [0; 20]),
                ]
                .concat(),
            ),
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

/// What a byte of the authority is to [`split_common`]'s scan.
const OTHER: u8 = 0;
/// A lower-case host name byte (a [`HOST_BYTES`] byte, not upper case).
const HOST: u8 = 1;
/// The `:` before a port.
const COLON: u8 = 2;
/// The `/` or `?` that ends the authority.
const END: u8 = 3;

/// The authority's byte classes, as a table: the scan looks each byte up once.
const AUTHORITY_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if HOST_BYTES[i] && !b.is_ascii_uppercase() {
            HOST
        } else if b == b':' {
            COLON
        } else if b == b'/' || b == b'?' {
            END
        } else {
            OTHER
        };
        i += 1;
    }
    table
};

/// Splits `https://host[:port][/path][?query][#fragment]`.
pub fn split_url(url: &str) -> Result<UrlParts<'_>, Error> {
    // The URL a binding is usually handed (lower-case scheme and host, a
    // path, nothing to refuse) is split in one forward scan; anything else
    // (and every refusal) goes through the general split below, which gives
    // the same parts for what the scan accepts.
    match split_common(url) {
        Some(parts) => Ok(parts),
        None => split_general(url),
    }
}

/// The common URL, `http[s]://host[:port]/target` with a lower-case scheme and
/// host name, no fragment and nothing [`split_general`] refuses, in one
/// forward scan and without allocating; `None` for anything else.
fn split_common(url: &str) -> Option<UrlParts<'_>> {
    let b = url.as_bytes();
    let (scheme, default_port, start) = if b.starts_with(b"https://") {
        ("https", 443, 8)
    } else if b.starts_with(b"http://") {
        ("http", 80, 7)
    } else {
        return None;
    };
    // The host name, then at most a `:` and digits, up to a `/` or `?`.
    let rest = b.get(start..)?;
    let host_len = rest
        .iter()
        .position(|&c| AUTHORITY_CLASS[usize::from(c)] != HOST)
        .unwrap_or(rest.len());
    let mut end = start + host_len;
    let mut colon = None;
    match b.get(end).map(|&c| AUTHORITY_CLASS[usize::from(c)]) {
        None | Some(END) => {}
        Some(COLON) => {
            colon = Some(end);
            end += 1;
            end += b
                .get(end..)?
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(b.len() - end);
            if b.get(end)
                .is_some_and(|&c| AUTHORITY_CLASS[usize::from(c)] != END)
            {
                return None;
            }
        }
        Some(_) => return None,
    }
    let target = url.get(end..)?;
    // A target that does not start with `/` is written with one: the
    // general split allocates it.
    if !target.starts_with('/')
        || crate::request::any_byte(target.as_bytes(), |c| {
            !c.is_ascii_graphic() || c == b'\\' || c == b'#'
        })
    {
        return None;
    }
    let host = url.get(start..colon.unwrap_or(end))?;
    if host.is_empty() {
        return None;
    }
    let port = match colon {
        Some(at) => {
            let digits = b.get(at + 1..end)?;
            if digits.len() > 5 {
                return None;
            }
            let value = digits
                .iter()
                .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
            let value = u16::try_from(value).ok()?;
            // An empty port (`host:/`) is the default, as in the general split.
            (!digits.is_empty() && value != default_port).then_some(value)
        }
        None => None,
    };
    Some(UrlParts {
        scheme,
        host: Cow::Borrowed(host),
        port,
        target: Cow::Borrowed(target),
    })
}

/// Splits any URL, refusing what cannot be signed as given.
fn split_general(url: &str) -> Result<UrlParts<'_>, Error> {
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
        Cow::Owned(["/", target].concat())
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
    fn the_one_scan_splits_as_the_general_split_does() {
        // Every URL the one-scan split takes must come out as the general
        // split has it; the rest must be left to the general split.
        let schemes = ["https://", "http://", "HTTPS://", "ftp://", ""];
        let hosts = [
            "example.com",
            "a.b-c_d~e",
            "Example.com",
            "",
            "h%41",
            "u@h",
            "[::1]",
            "h\\x",
            "h#x",
            "h x",
        ];
        let ports = [
            "", ":", ":0", ":80", ":443", ":8443", ":00443", ":65535", ":65536", ":123456", ":8x",
            "::1",
        ];
        let targets = [
            "",
            "/",
            "/a/b?x=1&y=%2F",
            "?q",
            "/a#frag",
            "/a b",
            "/\\",
            "/\u{e9}",
            "/a?b+c",
            "/\t",
        ];
        let mut taken = 0;
        for scheme in schemes {
            for host in hosts {
                for port in ports {
                    for target in targets {
                        let url = format!("{scheme}{host}{port}{target}");
                        if let Some(fast) = split_common(&url) {
                            taken += 1;
                            assert_eq!(Ok(fast), split_general(&url), "{url}");
                        }
                    }
                }
            }
        }
        // The usual shapes do take the one scan.
        assert!(taken >= 40, "{taken}");
        let u = split_common("http://127.0.0.1:8080/prod/a%20b?x=1").unwrap();
        assert_eq!(
            (u.scheme, &*u.host, u.port, &*u.target),
            ("http", "127.0.0.1", Some(8080), "/prod/a%20b?x=1")
        );
        assert!(matches!(u.host, Cow::Borrowed(_)) && matches!(u.target, Cow::Borrowed(_)));
        let u = split_common("https://h.example:443/").unwrap();
        assert_eq!((u.port, &*u.host_header()), (None, "h.example"));
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
