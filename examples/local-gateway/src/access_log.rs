//! One JSON line per request on standard output, like API Gateway's access
//! logs. The line holds the access key id (it travels in clear in every
//! Authorization header and is what AWS logs too) but never a secret, a
//! session token, a signature, an Authorization header or a body: the query
//! string is logged with the values of `X-Amz-Signature`,
//! `X-Amz-Security-Token` and `X-Amz-Credential` (and of any parameter
//! named after a token, signature, credential, secret or password) replaced,
//! whatever the case or percent-encoding of the name: the core decodes
//! `X-Amz-Security-%54oken` to the token parameter, so must the redaction.

use std::io::Write;

use serde::Serialize;

/// The fields of a log line.
#[derive(Debug, Default, Serialize)]
pub struct Entry {
    /// Unix time in milliseconds when the request arrived.
    pub time_ms: u64,
    /// The id returned in `x-amzn-RequestId`.
    pub request_id: String,
    /// Client address.
    pub ip: String,
    /// HTTP method.
    pub method: String,
    /// Path and redacted query.
    pub path: String,
    /// Response status.
    pub status: u16,
    /// What happened, such as `allowed`, `signature_mismatch`, `explicit_deny`.
    pub outcome: &'static str,
    /// Access key id presented, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// The caller's ARN once the signature checked out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    /// Request body length.
    pub request_bytes: usize,
    /// Response body length.
    pub response_bytes: usize,
    /// Time spent verifying the signature, in microseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_us: Option<u64>,
    /// Total handling time in microseconds.
    pub duration_us: u64,
}

/// Words that mark a query parameter as secret-bearing when its name,
/// decoded, contains one: `X-Amz-Signature`, `X-Amz-Security-Token` and
/// `X-Amz-Credential` in any case or encoding, and anything a client may
/// have named after a password or secret.
const SECRET_NAME_WORDS: &[&str] = &["signature", "token", "credential", "secret", "password"];

/// Percent-decodes (and reads `+` as a space) until nothing changes, at
/// most a few rounds, so that `X-Amz-Security-%54oken`, `%2558`-style double
/// encodings and `x%2Damz%2Dsignature` are all seen for what they are.
fn decoded_name(name: &str) -> String {
    let mut current = name.to_string();
    for _ in 0..4 {
        let bytes = current.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match bytes[i] {
                b'%' if i + 2 < bytes.len() => {
                    if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    out.push(b'%');
                }
                b'+' => out.push(b' '),
                b => out.push(b),
            }
            i += 1;
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Whether the value of a query parameter named `raw_name` (as sent, still
/// percent-encoded) must never be logged or echoed.
pub fn is_secret_param(raw_name: &str) -> bool {
    let name = decoded_name(raw_name).to_ascii_lowercase();
    SECRET_NAME_WORDS.iter().any(|w| name.contains(w))
}

/// The request target with secret-bearing query values replaced.
pub fn redact_target(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_string();
    };
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            if is_secret_param(name) {
                format!("{name}=redacted")
            } else {
                pair.to_string()
            }
        })
        .collect();
    format!("{path}?{}", redacted.join("&"))
}

/// Writes one line; logging never fails a request.
pub fn write(entry: &Entry) {
    if let Ok(mut line) = serde_json::to_string(entry) {
        line.push('\n');
        let _ = std::io::stdout().lock().write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presigned_queries_are_redacted() {
        let t = "/prod/hello?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830&X-Amz-Security-Token=tok&x-amz-signature=abc&name=a";
        let r = redact_target(t);
        assert_eq!(r, "/prod/hello?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=redacted&X-Amz-Security-Token=redacted&x-amz-signature=redacted&name=a");
        assert_eq!(redact_target("/a"), "/a");
    }

    #[test]
    fn encoded_and_oddly_cased_names_are_redacted_too() {
        for name in [
            "X-Amz-Security-%54oken",
            "X-Amz-Security-%74oken",
            "x-amz-security-token",
            "X-AMZ-SECURITY-TOKEN",
            "X%2DAmz%2DSecurity%2DToken",
            "X%2damz%2dsignature",
            "%58-Amz-Signature",
            "X-Amz-Security-%2554oken",
            "X-Amz-Credential",
            "X-Amz-%43redential",
            "x-amz-security-token%00",
            "access_token",
            "client+secret",
        ] {
            let r = redact_target(&format!("/prod/x?a=1&{name}=SECRETVALUE&b=2"));
            assert!(!r.contains("SECRETVALUE"), "{name}: {r}");
            assert_eq!(r, format!("/prod/x?a=1&{name}=redacted&b=2"));
        }
        // Names without a value and plain parameters are kept as sent.
        assert_eq!(
            redact_target("/x?X-Amz-Date=1&flag&q=a%20b"),
            "/x?X-Amz-Date=1&flag&q=a%20b"
        );
        assert_eq!(decoded_name("a%"), "a%");
        assert_eq!(decoded_name("%4"), "%4");
    }
}
