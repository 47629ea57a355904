//! Canonicalization must never panic on any request, and whatever the signer
//! signs, the verifier must accept.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigv4kit::verify::{parse_signature, VerifySettings};
use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Fields separated by NUL: method, target, then header name/value pairs.
    let mut fields = text.split('\0');
    let method = fields.next().unwrap_or("");
    let target = fields.next().unwrap_or("");
    let rest: Vec<&str> = fields.collect();
    // Headers of the signature itself (x-amz-*) are the signer's to set; a
    // caller's bogus x-amz-content-sha256 is a request S3 would refuse too.
    let mut headers: Vec<(&str, &str)> = rest
        .chunks(2)
        .map(|c| (c[0], *c.get(1).unwrap_or(&"")))
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            // One Host, set below: a request with two is invalid (RFC 9112).
            !n.starts_with("x-amz-") && n != "host"
        })
        .collect();
    headers.push(("Host", "example.amazonaws.com"));
    let request = Request {
        method,
        target,
        headers,
    };
    let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into())).unwrap();
    let t = SigningTime::from_unix(1_440_938_160).unwrap();
    for s3 in [false, true] {
        let signer = Signer::new(SigningSettings::new(
            "us-east-1",
            if s3 { "s3" } else { "execute-api" },
        ))
        .unwrap();
        for presign in [false, true] {
            let out = if presign {
                signer.presign(&creds, &request, Payload::Bytes(data), t, 60)
            } else {
                signer.sign(&creds, &request, Payload::Bytes(data), t)
            };
            let Ok(out) = out else { continue };
            let sent_target = out.presigned_target().unwrap_or(target).to_owned();
            let sent = Request {
                method,
                target: &sent_target,
                headers: out.headers(&request),
            };
            let settings = VerifySettings::new().with_path_rules(if s3 {
                sigv4kit::PathRules::S3
            } else {
                sigv4kit::PathRules::STANDARD
            });
            parse_signature(&sent)
                .and_then(|p| p.verify(&sent, Payload::Bytes(data), &creds, t, &settings))
                .expect("what we sign must verify");
        }
    }
});
