//! The POST verifier over arbitrary forms: whatever fields arrive (any
//! names, repeats, hostile policies and signatures), parsing and verifying
//! must return a verdict, never panic, and never accept a form this key did
//! not sign.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigv4kit::post_policy::verify::{parse_post, PostCheck};
use sigv4kit::{Credentials, SigningTime};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Name/value pairs separated by NUL; the first value is the file size.
    let mut parts = text.split('\0');
    let size = parts
        .next()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0);
    let mut fields = Vec::new();
    while let Some(name) = parts.next() {
        fields.push((name, parts.next().unwrap_or("")));
    }
    let Ok(presented) = parse_post(&fields) else {
        return;
    };
    let credentials = Credentials::new(
        presented.access_key_id(),
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        None,
    );
    let Ok(credentials) = credentials else {
        return;
    };
    let Ok(now) = SigningTime::from_unix(1_451_347_200) else {
        return;
    };
    let verdict = presented.verify(&credentials, &PostCheck::new("examplebucket", size, now));
    // A random form cannot carry a valid HMAC of its own policy.
    assert!(verdict.is_err(), "accepted a form nobody signed");
});
