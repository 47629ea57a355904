//! One JSON line per request on standard output, like API Gateway's access
//! logs. The line holds the access key id (it travels in clear in every
//! Authorization header and is what AWS logs too) but never a secret, a
//! session token, a signature, an Authorization header or a body: the query
//! string is logged with the values of `X-Amz-Signature`,
//! `X-Amz-Security-Token` and `X-Amz-Credential` replaced.

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

/// Query parameters whose values never reach the log.
const REDACTED_PARAMS: &[&str] = &[
    "x-amz-signature",
    "x-amz-security-token",
    "x-amz-credential",
];

/// The request target with secret-bearing query values replaced.
pub fn redact_target(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_string();
    };
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            if REDACTED_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
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
}
