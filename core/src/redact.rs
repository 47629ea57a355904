//! Redaction of the session token for `Debug` output.
//!
//! A session token is a bearer secret for as long as it lives: whoever holds
//! it (with the key pair it came with) can act as the role. It travels in
//! the `X-Amz-Security-Token` header or query parameter, and so shows up in
//! a presigned target and in the canonical request. Every `Debug` impl of the
//! core that prints one of those goes through here, so that a `{:?}` in a log
//! line never carries the token. Matching is on the decoded parameter name,
//! ASCII case-insensitively, so `X-Amz-Security-%54oken` is caught too.
//!
//! The functions are public so that the bindings show what the core's
//! `Debug` shows (Node's `util.inspect`, Python's `repr`) with this one
//! implementation rather than one of their own.
//!
//! ```
//! use sigv4kit::redact;
//! let creq = "GET\n/\n\nhost:h\nx-amz-security-token:SECRET\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD";
//! assert!(!redact::canonical_request(creq).contains("SECRET"));
//! assert_eq!(redact::target("/p?X-Amz-Security-Token=SECRET"), "/p?X-Amz-Security-Token=** redacted **");
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

use crate::encoding::decode;

/// What a redacted value is replaced with.
pub const REDACTED: &str = "** redacted **";

const TOKEN: &str = "x-amz-security-token";

fn is_token_name(raw: &str) -> bool {
    decode(raw).eq_ignore_ascii_case(TOKEN.as_bytes())
}

/// A query string (without `?`) with the value of every token parameter
/// replaced.
pub fn query(query: &str) -> Cow<'_, str> {
    if !query
        .split('&')
        .any(|p| is_token_name(p.split_once('=').map_or(p, |(k, _)| k)))
    {
        return Cow::Borrowed(query);
    }
    let pieces: Vec<Cow<'_, str>> = query
        .split('&')
        .map(|piece| match piece.split_once('=') {
            Some((key, _)) if is_token_name(key) => Cow::Owned(format!("{key}={REDACTED}")),
            _ => Cow::Borrowed(piece),
        })
        .collect();
    Cow::Owned(pieces.join("&"))
}

/// A request target (`/path?query`) or URL with the token redacted.
pub fn target(target: &str) -> Cow<'_, str> {
    match target.split_once('?') {
        Some((path, q)) => match query(q) {
            Cow::Borrowed(_) => Cow::Borrowed(target),
            Cow::Owned(q) => Cow::Owned(format!("{path}?{q}")),
        },
        None => Cow::Borrowed(target),
    }
}

/// A canonical request with the token redacted from its query line and from
/// its `x-amz-security-token:` header line.
pub fn canonical_request(creq: &str) -> Cow<'_, str> {
    let mut changed = false;
    let lines: Vec<Cow<'_, str>> = creq
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let out = if i == 2 {
                query(line)
            } else {
                match line.split_once(':') {
                    Some((name, _)) if name.eq_ignore_ascii_case(TOKEN) => {
                        Cow::Owned(format!("{name}:{REDACTED}"))
                    }
                    _ => Cow::Borrowed(line),
                }
            };
            changed |= matches!(out, Cow::Owned(_));
            out
        })
        .collect();
    if changed {
        Cow::Owned(lines.join("\n"))
    } else {
        Cow::Borrowed(creq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_spelling_of_the_token() {
        assert_eq!(
            target("/p?a=1&X-Amz-Security-Token=SECRET&b=2"),
            format!("/p?a=1&X-Amz-Security-Token={REDACTED}&b=2")
        );
        assert_eq!(
            target("/p?x-amz-security-%54oken=SECRET"),
            format!("/p?x-amz-security-%54oken={REDACTED}")
        );
        assert!(matches!(target("/p?a=SECRET"), Cow::Borrowed(_)));
        let creq = "GET\n/\nX-Amz-Security-Token=SECRET\nhost:h\nx-amz-security-token:SECRET\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD";
        let shown = canonical_request(creq);
        assert!(!shown.contains("SECRET"), "{shown}");
        assert_eq!(shown.lines().count(), creq.lines().count());
    }
}
