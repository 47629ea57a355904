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
    if let Some(b) = url.bytes().find(|b| !b.is_ascii_graphic()) {
        return Err(bad(if b == b' ' {
            "URL must not contain spaces; percent-encode them"
        } else if b.is_ascii() {
            "URL must not contain control characters"
        } else {
            "URL must be ASCII; percent-encode other characters"
        }));
    }
    if url.contains('\\') {
        return Err(bad("URL must not contain backslashes"));
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
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
    if !host.starts_with('[')
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=%".contains(&b))
    {
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

/// The region and service an AWS endpoint signs for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The region, such as `us-east-1`.
    pub region: String,
    /// The signing name, such as `execute-api` or `s3`.
    pub service: String,
}

/// Host suffixes of AWS endpoints.
const AWS_SUFFIXES: [&str; 4] = [".amazonaws.com.cn", ".amazonaws.com", ".api.aws", ".on.aws"];

/// Endpoint prefixes whose signing name differs from the prefix.
const SIGNING_NAMES: [(&str, &str); 9] = [
    ("lambda-url", "lambda"),
    ("iot-data", "iotdata"),
    ("data-ats.iot", "iotdata"),
    ("runtime.sagemaker", "sagemaker"),
    ("runtime.lex", "lex"),
    ("s3-control", "s3"),
    ("s3-accesspoint", "s3"),
    ("s3-website", "s3"),
    ("dualstack", "s3"),
];

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`: two letters, words, a number.
fn is_region(label: &str) -> bool {
    let mut parts = label.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    first_ok
        && rest.len() >= 2
        && rest[..rest.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && rest
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The region and service an AWS endpoint host (with or without a port)
/// signs for, for callers that did not name them:
/// `abc.execute-api.us-east-1.amazonaws.com` signs for `execute-api` in
/// `us-east-1`. A global endpoint without a region (`sts.amazonaws.com`)
/// signs for `us-east-1`. `None` when the host is not recognizably AWS.
pub fn infer_scope(host: &str) -> Option<Scope> {
    let mut hostname = host.to_ascii_lowercase();
    if let Some(colon) = hostname.rfind(':') {
        if !hostname.ends_with(']') && hostname[colon + 1..].bytes().all(|b| b.is_ascii_digit()) {
            hostname.truncate(colon);
        }
    }
    let hostname = hostname.trim_end_matches('.');
    let suffix = AWS_SUFFIXES.iter().find(|s| hostname.ends_with(*s))?;
    let mut labels: Vec<&str> = hostname[..hostname.len() - suffix.len()]
        .split('.')
        .collect();
    let mut region = "us-east-1";
    let last = *labels.last()?;
    if is_region(last) {
        region = last;
        labels.pop();
    } else if let Some(legacy) = last.strip_prefix("s3-").filter(|r| is_region(r)) {
        // Legacy `bucket.s3-us-west-2.amazonaws.com`.
        return Some(Scope {
            region: legacy.into(),
            service: "s3".into(),
        });
    }
    let service = *labels.last().filter(|l| !l.is_empty())?;
    let two_labels = labels[labels.len().saturating_sub(2)..].join(".");
    let named = SIGNING_NAMES
        .iter()
        .find(|(prefix, _)| *prefix == two_labels || *prefix == service);
    let service = match named {
        Some((_, name)) => name,
        // `bucket.s3.…`, `s3.dualstack.…`: S3 wherever it appears.
        None if labels.contains(&"s3") => "s3",
        None => service,
    };
    Some(Scope {
        region: region.into(),
        service: service.into(),
    })
}

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
    fn infers_scope_from_aws_hosts() {
        for (host, region, service) in [
            (
                "abc123.execute-api.us-west-2.amazonaws.com",
                "us-west-2",
                "execute-api",
            ),
            ("sts.amazonaws.com", "us-east-1", "sts"),
            (
                "dynamodb.eu-central-1.amazonaws.com:443",
                "eu-central-1",
                "dynamodb",
            ),
            ("bucket.s3.ap-south-1.amazonaws.com", "ap-south-1", "s3"),
            ("bucket.s3-us-west-1.amazonaws.com", "us-west-1", "s3"),
            ("bucket.s3.amazonaws.com", "us-east-1", "s3"),
            ("xyz.lambda-url.eu-west-1.on.aws", "eu-west-1", "lambda"),
            ("sts.cn-north-1.amazonaws.com.cn", "cn-north-1", "sts"),
            ("es.us-gov-west-1.amazonaws.com", "us-gov-west-1", "es"),
            (
                "ABC.Execute-API.US-EAST-2.amazonaws.com.",
                "us-east-2",
                "execute-api",
            ),
        ] {
            assert_eq!(
                infer_scope(host),
                Some(Scope {
                    region: region.into(),
                    service: service.into()
                }),
                "{host}"
            );
        }
        for host in [
            "example.com",
            "127.0.0.1:8080",
            "amazonaws.com",
            ".amazonaws.com",
            "us-east-1.amazonaws.com",
            "[::1]:80",
        ] {
            assert_eq!(infer_scope(host), None, "{host}");
        }
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
