//! The verifier over arbitrary request heads: whatever arrives (any method,
//! target, header names and values, repeats, hostile `Authorization` and
//! `X-Amz-*` query parameters), parsing and verifying must return a verdict,
//! never panic, and never accept a request this key did not sign.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigv4kit::verify::{parse_signature, VerifySettings};
use sigv4kit::{Credentials, Payload, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Fields separated by NUL: method, target, then header name/value pairs,
    // then (after an empty name) the body.
    let mut fields = text.split('\0');
    let method = fields.next().unwrap_or("");
    let target = fields.next().unwrap_or("");
    let mut headers = Vec::new();
    let mut body = "";
    while let Some(name) = fields.next() {
        if name.is_empty() {
            body = fields.next().unwrap_or("");
            break;
        }
        headers.push((name, fields.next().unwrap_or("")));
    }
    let request = Request {
        method,
        target,
        headers,
    };
    let Ok(presented) = parse_signature(&request) else {
        return;
    };
    let _ = (
        presented.region(),
        presented.service(),
        presented.signed_headers(),
    );
    let creds = Credentials::new(presented.access_key_id(), "fuzz-secret", None)
        .map(|c| c.with_expiration(Some(1_900_000_000)));
    let Ok(creds) = creds else { return };
    let now = presented.signed_at();
    for settings in [
        VerifySettings::new(),
        VerifySettings::new()
            .with_path_rules(sigv4kit::PathRules::S3)
            .with_allow_unsigned_payload(Some(true)),
    ] {
        // A 256-bit HMAC under a key the input never saw cannot match: an
        // acceptance would mean the signature is not checked.
        let verdict = presented.verify(
            &request,
            Payload::Bytes(body.as_bytes()),
            &creds,
            now,
            &settings,
        );
        assert!(verdict.is_err(), "accepted a request it never signed");
        let _ = verdict.map_err(|e| (e.code().as_str(), e.to_string()));
    }
});
