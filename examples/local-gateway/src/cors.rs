//! CORS as API Gateway's "Enable CORS" sets it up: an OPTIONS preflight is
//! answered without any signature (browsers never sign it), it allows the
//! headers a SigV4-signing page sends, and every answer, errors included,
//! carries `Access-Control-Allow-Origin` so a page can read a 403's message.

/// The headers a browser may send: API Gateway's defaults plus those a
/// SigV4 signer can add (`X-Amz-Content-Sha256`, `X-Amz-User-Agent`), the
/// `X-Amz-Target` of the Cognito calls, and the retry headers the AWS SDK
/// for JavaScript v3 sends on every call from a browser
/// (`amz-sdk-invocation-id`, `amz-sdk-request`), without which its
/// preflight fails.
pub const ALLOW_HEADERS: &str =
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-Content-Sha256,X-Amz-User-Agent,X-Amz-Target,amz-sdk-invocation-id,amz-sdk-request";

/// Every method the API's routes can take.
pub const ALLOW_METHODS: &str = "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT";

/// Response headers a page may read besides the CORS-safelisted ones.
pub const EXPOSE_HEADERS: &str = "x-amzn-RequestId,x-amzn-ErrorType";

/// Headers for every response.
pub fn response_headers() -> [(&'static str, &'static str); 2] {
    [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Expose-Headers", EXPOSE_HEADERS),
    ]
}

/// Extra headers of a preflight answer.
pub fn preflight_headers() -> [(&'static str, &'static str); 3] {
    [
        ("Access-Control-Allow-Methods", ALLOW_METHODS),
        ("Access-Control-Allow-Headers", ALLOW_HEADERS),
        ("Access-Control-Max-Age", "600"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preflight_allows_every_signing_header() {
        let allowed: Vec<String> = ALLOW_HEADERS
            .split(',')
            .map(str::to_ascii_lowercase)
            .collect();
        for h in [
            "authorization",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-content-sha256",
            "content-type",
            "amz-sdk-invocation-id",
            "amz-sdk-request",
        ] {
            assert!(allowed.iter().any(|a| a == h), "{h}");
        }
        assert!(preflight_headers()
            .iter()
            .any(|(n, v)| *n == "Access-Control-Allow-Methods" && v.contains("POST")));
    }
}
