//! The request path, read once: the one value routing, static files and the
//! resource policy see, and the path the signature was verified over.
//!
//! The core's verifier removes `.`/`..` segments and collapses `//` before it
//! canonicalizes the path (as every SigV4 signer but S3's does), while the
//! resource ARN is built from the percent-decoded path. If the gateway kept
//! the segments the verifier dropped, `GET /prod/x/../secret` would be
//! verified as `/prod/secret` and matched against the policy as
//! `/prod/x/../secret`, slipping past a Deny on `/prod/GET/secret`.
//!
//! AWS does not document what API Gateway does with such paths, and the core
//! does not export its normalization, so the gateway does not rewrite paths:
//! it refuses (400) every path that normalization or decoding could make mean
//! something else — an empty segment (`//`), a `.` or `..` segment written
//! plainly or percent-encoded (`%2E`, `%2e%2E`), an encoded `/` or `\`, a
//! control character, a broken `%` escape or bytes that are not UTF-8. Every
//! path that remains is one the core's normalization leaves unchanged, so
//! the path verified, routed and matched is byte for byte the same; the
//! server checks that against the canonical request the verifier returns
//! ([`RequestPath::is_canonical_path_of`]), so a later change in the core
//! fails closed instead of reopening the gap.

use std::fmt;

/// A request path accepted for routing, policy and verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestPath {
    raw: String,
    decoded: String,
}

/// Why a path was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not an origin-form path (does not start with `/`).
    NotAbsolute,
    /// `//` somewhere: an empty segment the verifier would drop.
    EmptySegment,
    /// A `.` or `..` segment, plain or percent-encoded.
    DotSegment,
    /// `%2F` or `%5C`: a separator hidden inside a segment.
    EncodedSeparator,
    /// A control character, plain or percent-encoded.
    ControlCharacter,
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathError::NotAbsolute => "The request path must start with '/'.",
            PathError::EmptySegment => "The request path must not contain empty segments ('//').",
            PathError::DotSegment => {
                "The request path must not contain '.' or '..' segments, plain or percent-encoded."
            }
            PathError::EncodedSeparator => {
                "The request path must not contain an encoded '/' or '\\' (%2F, %5C)."
            }
            PathError::ControlCharacter => "The request path must not contain control characters.",
            PathError::BadEscape => {
                "The request path has a '%' that is not followed by two hex digits."
            }
            PathError::NotUtf8 => "The request path does not decode to UTF-8.",
        })
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Strict percent-decoding of one segment: a broken escape is an error, not
/// a literal `%` (which would let `%zz` and `%25zz` name the same resource).
fn decode_segment(segment: &str) -> Result<Vec<u8>, PathError> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let pair = bytes
                .get(i + 1)
                .copied()
                .and_then(hex)
                .zip(bytes.get(i + 2).copied().and_then(hex));
            let (h, l) = pair.ok_or(PathError::BadEscape)?;
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

impl RequestPath {
    /// Reads the path of a request target (without the query), refusing
    /// anything ambiguous (see the module documentation).
    pub fn parse(raw: &str) -> Result<RequestPath, PathError> {
        let rest = raw.strip_prefix('/').ok_or(PathError::NotAbsolute)?;
        let segments: Vec<&str> = rest.split('/').collect();
        let last = segments.len() - 1;
        let mut decoded = Vec::with_capacity(raw.len());
        for (i, segment) in segments.iter().enumerate() {
            // Only the last segment may be empty: `/` and a trailing slash.
            if segment.is_empty() && i != last {
                return Err(PathError::EmptySegment);
            }
            let bytes = decode_segment(segment)?;
            if bytes == b"." || bytes == b".." {
                return Err(PathError::DotSegment);
            }
            if bytes.contains(&b'/') || bytes.contains(&b'\\') {
                return Err(PathError::EncodedSeparator);
            }
            if bytes.iter().any(|&b| b < 0x20 || b == 0x7f) {
                return Err(PathError::ControlCharacter);
            }
            decoded.push(b'/');
            decoded.extend_from_slice(&bytes);
        }
        let decoded = String::from_utf8(decoded).map_err(|_| PathError::NotUtf8)?;
        Ok(RequestPath {
            raw: raw.to_string(),
            decoded,
        })
    }

    /// The path as sent, percent-encoding and all: what the signature covers.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The percent-decoded path: what routes and the resource ARN use.
    pub fn decoded(&self) -> &str {
        &self.decoded
    }

    /// Whether `canonical_path` (the second line of the canonical request
    /// the verifier accepted: the path normalized, then encoded once more)
    /// is this path's. Decoding it once undoes the second encoding, which
    /// only ever writes `%XX` for a byte, so it must give back the raw path
    /// unchanged: the verifier normalized nothing away.
    pub fn is_canonical_path_of(&self, canonical_path: &str) -> bool {
        decode_segment(canonical_path).is_ok_and(|once| once == self.raw.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_decoded_once() {
        for (raw, decoded) in [
            ("/", "/"),
            ("/prod/hello", "/prod/hello"),
            ("/prod/hello/", "/prod/hello/"),
            ("/prod/%64enied", "/prod/denied"),
            ("/prod/a+b", "/prod/a+b"),
            ("/prod/%C3%A9t%C3%A9", "/prod/\u{e9}t\u{e9}"),
            ("/prod/.hidden/..x/...", "/prod/.hidden/..x/..."),
            ("/prod/%2525", "/prod/%25"),
        ] {
            let p = RequestPath::parse(raw).unwrap();
            assert_eq!((p.raw(), p.decoded()), (raw, decoded));
        }
    }

    #[test]
    fn ambiguous_paths_are_refused() {
        use PathError::*;
        for (raw, why) in [
            ("prod/x", NotAbsolute),
            ("*", NotAbsolute),
            ("//", EmptySegment),
            ("/prod//secret", EmptySegment),
            ("//prod/secret", EmptySegment),
            ("/prod/./secret", DotSegment),
            ("/prod/x/../secret", DotSegment),
            ("/prod/secret/.", DotSegment),
            ("/prod/..", DotSegment),
            ("/prod/%2E/secret", DotSegment),
            ("/prod/%2e%2E/secret", DotSegment),
            ("/prod/.%2e/secret", DotSegment),
            ("/prod/x%2F..%2Fsecret", EncodedSeparator),
            ("/prod/x%2fsecret", EncodedSeparator),
            ("/prod/x%5Csecret", EncodedSeparator),
            ("/prod/secret%00", ControlCharacter),
            ("/prod/a%0Ab", ControlCharacter),
            ("/prod/%zz", BadEscape),
            ("/prod/%4", BadEscape),
            ("/prod/%", BadEscape),
            ("/prod/%FF", NotUtf8),
        ] {
            assert_eq!(RequestPath::parse(raw), Err(why), "{raw}");
        }
    }

    #[test]
    fn the_canonical_path_check_sees_any_normalization() {
        let p = RequestPath::parse("/prod/a%20b").unwrap();
        assert!(p.is_canonical_path_of("/prod/a%2520b"));
        assert!(!p.is_canonical_path_of("/prod/a%20b"));
        assert!(!p.is_canonical_path_of("/a%2520b"));
        let p = RequestPath::parse("/prod/hello").unwrap();
        assert!(p.is_canonical_path_of("/prod/hello"));
        assert!(!p.is_canonical_path_of("/prod/secret"));
    }
}
