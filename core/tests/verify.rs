//! Verification against requests AWS itself signed (the official suite's
//! signed requests), against our own signer, and every refusal.

use std::fs;
use std::path::Path;

use serde_json::Value;
use sigv4kit::verify::{parse_signature, VerifyError, VerifySettings};
use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn cases_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/cases")
}

fn jsonl(name: &str) -> Vec<Value> {
    fs::read_to_string(cases_dir().join(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn b64(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            _ => 63,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Every request of the official suite, as AWS signed it (headers and
/// presigned), verifies; changing the signed request breaks it.
#[test]
fn accepts_every_request_the_suite_signed() {
    let cases = jsonl("v4-suite.jsonl");
    let expected = jsonl("v4-suite.expected.jsonl");
    let mut checked = 0;
    for (case, want) in cases.iter().zip(&expected) {
        let creds = &case["credentials"];
        let credentials = Credentials::new(
            creds["access_key_id"].as_str().unwrap(),
            creds["secret_access_key"].as_str().unwrap(),
            creds["session_token"].as_str().map(str::to_owned),
        )
        .unwrap();
        let now = SigningTime::parse_rfc3339(case["timestamp"].as_str().unwrap()).unwrap();
        let signed = &want["signed_request"];
        let headers: Vec<(&str, &str)> = signed["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap(), h[1].as_str().unwrap()))
            .collect();
        let request = Request {
            method: signed["method"].as_str().unwrap(),
            target: signed["target"].as_str().unwrap(),
            headers: headers.clone(),
        };
        let body = b64(case["request"]["body_base64"].as_str().unwrap());
        let settings = VerifySettings {
            normalize_path: case["normalize_path"].as_bool().unwrap(),
            region: Some("us-east-1".into()),
            service: Some("service".into()),
            ..VerifySettings::default()
        };
        let presented = parse_signature(&request).unwrap();
        assert_eq!(presented.access_key_id(), AKID);
        let verified = presented
            .verify(
                &request,
                Payload::Bytes(&body),
                &credentials,
                now,
                &settings,
            )
            .unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
        assert_eq!(
            verified.canonical_request,
            want["canonical_request"].as_str().unwrap(),
            "{}",
            case["id"]
        );

        // One byte more in the method breaks the signature.
        let tampered = Request {
            method: "PUT",
            ..request.clone()
        };
        let err = parse_signature(&tampered)
            .unwrap()
            .verify(
                &tampered,
                Payload::Bytes(&body),
                &credentials,
                now,
                &settings,
            )
            .unwrap_err();
        match err {
            VerifyError::SignatureMismatch {
                canonical_request, ..
            } => assert!(canonical_request.starts_with("PUT\n")),
            other => panic!("{}: {other}", case["id"]),
        }
        checked += 1;
    }
    assert_eq!(checked, 76);
}

fn demo_signed(presign: Option<u64>) -> (Credentials, String, Vec<(String, String)>, SigningTime) {
    let credentials = Credentials::new(AKID, SECRET, Some("session-token".into())).unwrap();
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let request = Request::new("POST", "/prod/items?b=2&a=1")
        .header("Host", "127.0.0.1:4566")
        .header("X-Custom", "x");
    let t = SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap();
    let out = match presign {
        None => signer
            .sign(&credentials, &request, Payload::Bytes(b"{\"k\":1}"), t)
            .unwrap(),
        Some(e) => signer
            .presign(&credentials, &request, Payload::Bytes(b"{\"k\":1}"), t, e)
            .unwrap(),
    };
    let target = out.presigned_target().unwrap_or(request.target).to_owned();
    let headers = out
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    (credentials, target, headers, t)
}

fn check(
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
    creds: &Credentials,
    now: SigningTime,
) -> Result<(), VerifyError> {
    let request = Request {
        method: "POST",
        target,
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    let settings = VerifySettings {
        service: Some("execute-api".into()),
        ..VerifySettings::default()
    };
    parse_signature(&request)?
        .verify(&request, Payload::Bytes(body), creds, now, &settings)
        .map(|_| ())
}

#[test]
fn header_signatures_round_trip_and_refuse_each_fault() {
    let (creds, target, headers, t) = demo_signed(None);
    let body = b"{\"k\":1}";
    check(&target, &headers, body, &creds, t).unwrap();
    check(
        &target,
        &headers,
        body,
        &creds,
        SigningTime::from_unix(t.unix() + 300).unwrap(),
    )
    .unwrap();

    let late = SigningTime::from_unix(t.unix() + 301).unwrap();
    assert!(matches!(
        check(&target, &headers, body, &creds, late),
        Err(VerifyError::SignatureExpired { .. })
    ));
    let early = SigningTime::from_unix(t.unix() - 301).unwrap();
    assert!(matches!(
        check(&target, &headers, body, &creds, early),
        Err(VerifyError::SignatureExpired { .. })
    ));

    assert!(matches!(
        check(&target, &headers, b"{\"k\":2}", &creds, t),
        Err(VerifyError::SignatureMismatch { .. })
    ));
    assert!(matches!(
        check("/prod/items?b=2&a=2", &headers, body, &creds, t),
        Err(VerifyError::SignatureMismatch { .. })
    ));

    let wrong_secret = Credentials::new(AKID, "other", Some("session-token".into())).unwrap();
    assert!(matches!(
        check(&target, &headers, body, &wrong_secret, t),
        Err(VerifyError::SignatureMismatch { .. })
    ));
    let other_token = Credentials::new(AKID, SECRET, Some("another".into())).unwrap();
    assert_eq!(
        check(&target, &headers, body, &other_token, t),
        Err(VerifyError::InvalidSessionToken)
    );
    let no_token = Credentials::new(AKID, SECRET, None).unwrap();
    assert_eq!(
        check(&target, &headers, body, &no_token, t),
        Err(VerifyError::InvalidSessionToken)
    );

    let unsigned: Vec<_> = headers
        .iter()
        .filter(|(n, _)| n != "Authorization")
        .cloned()
        .collect();
    assert_eq!(
        check(&target, &unsigned, body, &creds, t),
        Err(VerifyError::MissingAuthentication)
    );

    let mut mangled = headers.clone();
    for (n, v) in &mut mangled {
        if n == "Authorization" {
            *v = v.replace("SignedHeaders=", "Signed=");
        }
    }
    match check(&target, &mangled, body, &creds, t) {
        Err(VerifyError::Malformed { reason }) => {
            assert!(reason.contains("'SignedHeaders'"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_scope_is_named() {
    let (creds, target, headers, t) = demo_signed(None);
    let request = Request {
        method: "POST",
        target: &target,
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    let settings = VerifySettings {
        region: Some("eu-west-1".into()),
        ..VerifySettings::default()
    };
    let err = parse_signature(&request).unwrap().verify(
        &request,
        Payload::Bytes(b"{\"k\":1}"),
        &creds,
        t,
        &settings,
    );
    assert!(matches!(err, Err(VerifyError::WrongScope { reason }) if reason.contains("us-east-1")));
}

#[test]
fn presigned_urls_round_trip_and_expire() {
    let (creds, target, headers, t) = demo_signed(Some(60));
    let body = b"{\"k\":1}";
    check(
        &target,
        &headers,
        body,
        &creds,
        SigningTime::from_unix(t.unix() + 60).unwrap(),
    )
    .unwrap();
    let after = SigningTime::from_unix(t.unix() + 61).unwrap();
    assert!(matches!(
        check(&target, &headers, body, &creds, after),
        Err(VerifyError::PresignedUrlExpired { .. })
    ));
    let tampered = target.replace("b=2", "b=3");
    assert!(matches!(
        check(&tampered, &headers, body, &creds, t),
        Err(VerifyError::SignatureMismatch { .. })
    ));
    let without_token: String = target
        .split('&')
        .filter(|p| !p.starts_with("X-Amz-Security-Token"))
        .collect::<Vec<_>>()
        .join("&");
    assert_eq!(
        check(&without_token, &headers, body, &creds, t),
        Err(VerifyError::InvalidSessionToken)
    );
}

#[test]
fn debug_and_display_never_show_the_token() {
    let (_, target, headers, _) = demo_signed(Some(60));
    let request = Request {
        method: "POST",
        target: &target,
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    let shown = format!("{:?}", parse_signature(&request).unwrap());
    assert!(!shown.contains("session-token"), "{shown}");
}
