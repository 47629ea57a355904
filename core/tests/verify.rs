//! Verification against requests AWS itself signed (the official suite's
//! signed requests), against our own signer, and every refusal.

use std::fs;
use std::path::Path;

use serde_json::Value;
use sigv4kit::verify::{parse_signature, VerifyError, VerifyErrorCode, VerifySettings};
use sigv4kit::{Credentials, PathRules, Payload, Request, Signer, SigningSettings, SigningTime};

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
        let settings = VerifySettings::new()
            .with_path_rules(PathRules {
                double_encode: true,
                normalize: case["normalize_path"].as_bool().unwrap(),
            })
            .with_region(Some("us-east-1".into()))
            .with_service(Some("service".into()));
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
    let settings = VerifySettings::new().with_service(Some("execute-api".into()));
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

/// A body hashed in chunks verifies like the whole body, and a declared
/// x-amz-content-sha256 that is not the body's digest is refused.
#[test]
fn precomputed_payloads_verify_and_declared_digests_must_match() {
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    let mut settings = SigningSettings::new("us-east-1", "s3");
    settings.content_sha256_header = true;
    let signer = Signer::new(settings).unwrap();
    let body = vec![7u8; 200_000];
    let request = Request::new("PUT", "/bucket/key").header("Host", "bucket.s3.amazonaws.com");
    let t = SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap();
    let out = signer
        .sign(&creds, &request, Payload::Bytes(&body), t)
        .unwrap();
    let sent = Request {
        headers: out.headers(&request),
        ..request.clone()
    };
    let mut hasher = sigv4kit::PayloadHasher::new();
    for chunk in body.chunks(4096) {
        hasher.update(chunk);
    }
    let digest = hasher.finish_hex();
    let settings = VerifySettings::new().with_path_rules(PathRules::S3);
    let presented = parse_signature(&sent).unwrap();
    presented
        .verify(&sent, Payload::Precomputed(&digest), &creds, t, &settings)
        .unwrap();
    presented
        .verify(&sent, Payload::Bytes(&body), &creds, t, &settings)
        .unwrap();
    let other = sigv4kit::EMPTY_PAYLOAD_SHA256;
    assert_eq!(
        presented.verify(&sent, Payload::Precomputed(other), &creds, t, &settings),
        Err(VerifyError::PayloadHashMismatch)
    );
    assert_eq!(
        presented.verify(&sent, Payload::Bytes(b"x"), &creds, t, &settings),
        Err(VerifyError::PayloadHashMismatch)
    );
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
    let settings = VerifySettings::new().with_region(Some("eu-west-1".into()));
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

/// Verifies `headers`/`target` (as sent) with `settings`, returning the code.
fn code_of(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
    creds: &Credentials,
    now: SigningTime,
    settings: &VerifySettings,
) -> Result<(), VerifyErrorCode> {
    let request = Request {
        method,
        target,
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    parse_signature(&request)
        .and_then(|p| p.verify(&request, Payload::Bytes(body), creds, now, settings))
        .map(|_| ())
        .map_err(|e| e.code())
}

fn edited(
    headers: &[(String, String)],
    name: &str,
    f: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    headers
        .iter()
        .filter_map(|(n, v)| {
            if n.eq_ignore_ascii_case(name) {
                f(v).map(|v| (n.clone(), v))
            } else {
                Some((n.clone(), v.clone()))
            }
        })
        .collect()
}

#[test]
fn expired_credentials_are_refused() {
    let (creds, target, headers, t) = demo_signed(None);
    let settings = VerifySettings::new();
    let body = b"{\"k\":1}";
    let valid = creds.clone().with_expiration(Some(t.unix() + 1));
    assert_eq!(
        code_of("POST", &target, &headers, body, &valid, t, &settings),
        Ok(())
    );
    for expiration in [t.unix(), t.unix() - 3600] {
        let expired = creds.clone().with_expiration(Some(expiration));
        assert_eq!(
            code_of("POST", &target, &headers, body, &expired, t, &settings),
            Err(VerifyErrorCode::ExpiredCredentials)
        );
    }
    // The same for a presigned URL that is itself still valid.
    let (creds, target, headers, t) = demo_signed(Some(600));
    let expired = creds.with_expiration(Some(t.unix() - 1));
    assert_eq!(
        code_of("POST", &target, &headers, body, &expired, t, &settings),
        Err(VerifyErrorCode::ExpiredCredentials)
    );
}

#[test]
fn every_signed_header_must_be_present_and_host_signed() {
    let (creds, target, headers, t) = demo_signed(None);
    let settings = VerifySettings::new();
    let body = b"{\"k\":1}";
    // Host dropped: it is listed, so it must be there.
    let no_host = edited(&headers, "host", |_| None);
    assert_eq!(
        code_of("POST", &target, &no_host, body, &creds, t, &settings),
        Err(VerifyErrorCode::MissingSignedHeader)
    );
    // SignedHeaders edited to name a header the request does not carry.
    let ghost = edited(&headers, "authorization", |v| {
        Some(v.replace("SignedHeaders=host;", "SignedHeaders=a-ghost;host;"))
    });
    assert_eq!(
        code_of("POST", &target, &ghost, body, &creds, t, &settings),
        Err(VerifyErrorCode::MissingSignedHeader)
    );
    // SignedHeaders edited to leave host out.
    let unsigned_host = edited(&headers, "authorization", |v| {
        Some(v.replace("SignedHeaders=host;", "SignedHeaders="))
    });
    assert_eq!(
        code_of("POST", &target, &unsigned_host, body, &creds, t, &settings),
        Err(VerifyErrorCode::UnsignedHeader)
    );
    // Two Host headers: RFC 9112 makes the request invalid.
    let mut two_hosts = headers.clone();
    two_hosts.push(("Host".into(), "evil.example".into()));
    assert_eq!(
        code_of("POST", &target, &two_hosts, body, &creds, t, &settings),
        Err(VerifyErrorCode::InvalidRequest)
    );
}

#[test]
fn signed_header_lists_are_bounded() {
    let (creds, target, headers, t) = demo_signed(None);
    let names: Vec<String> = (0..sigv4kit::verify::MAX_SIGNED_HEADERS)
        .map(|i| format!("x-h{i:05}"))
        .collect();
    let mut sorted = names.clone();
    sorted.push("host".into());
    sorted.sort();
    let list = sorted.join(";");
    let long = edited(&headers, "authorization", |v| {
        let start = v.find("SignedHeaders=").unwrap() + "SignedHeaders=".len();
        let end = start + v[start..].find(',').unwrap();
        Some(format!("{}{list}{}", &v[..start], &v[end..]))
    });
    assert_eq!(
        code_of(
            "POST",
            &target,
            &long,
            b"",
            &creds,
            t,
            &VerifySettings::new()
        ),
        Err(VerifyErrorCode::TooManySignedHeaders)
    );
    // 256 names is the limit, not a refusal: it fails later, on the
    // headers it names that the request lacks.
    let at_limit = sorted[..sorted.len() - 1].join(";");
    let ok_len = edited(&headers, "authorization", |v| {
        let start = v.find("SignedHeaders=").unwrap() + "SignedHeaders=".len();
        let end = start + v[start..].find(',').unwrap();
        Some(format!("{}{at_limit}{}", &v[..start], &v[end..]))
    });
    assert_eq!(at_limit.split(';').count(), 256);
    assert_eq!(
        code_of(
            "POST",
            &target,
            &ok_len,
            b"",
            &creds,
            t,
            &VerifySettings::new()
        ),
        Err(VerifyErrorCode::MissingSignedHeader)
    );
}

#[test]
fn duplicated_authentication_is_refused() {
    let body = b"{\"k\":1}";
    let settings = VerifySettings::new();
    let (creds, target, headers, t) = demo_signed(None);
    let mut two_auth = headers.clone();
    let auth = headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .unwrap()
        .clone();
    two_auth.push(auth);
    assert_eq!(
        code_of("POST", &target, &two_auth, body, &creds, t, &settings),
        Err(VerifyErrorCode::DuplicateAuthParameter)
    );
    let mut two_dates = headers.clone();
    two_dates.push(("X-Amz-Date".into(), "20240501T100001Z".into()));
    assert_eq!(
        code_of("POST", &target, &two_dates, body, &creds, t, &settings),
        Err(VerifyErrorCode::DuplicateAuthParameter)
    );
    let twice_in_header = edited(&headers, "authorization", |v| {
        Some(format!("{v}, Signature={}", "0".repeat(64)))
    });
    assert_eq!(
        code_of(
            "POST",
            &target,
            &twice_in_header,
            body,
            &creds,
            t,
            &settings
        ),
        Err(VerifyErrorCode::DuplicateAuthParameter)
    );

    let (creds, target, headers, t) = demo_signed(Some(60));
    for param in [
        "X-Amz-Signature",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-SignedHeaders",
        "X-Amz-Security-Token",
        "X-Amz-Algorithm",
        "X-Amz-Expires",
    ] {
        let piece = target
            .split(['?', '&'])
            .find(|p| p.starts_with(&format!("{param}=")))
            .unwrap();
        let doubled = format!("{target}&{piece}");
        assert_eq!(
            code_of("POST", &doubled, &headers, body, &creds, t, &settings),
            Err(VerifyErrorCode::DuplicateAuthParameter),
            "{param}"
        );
    }
    // Header and query authentication at once.
    let (_, _, header_signed, _) = demo_signed(None);
    let mut both = headers.clone();
    both.push(
        header_signed
            .iter()
            .find(|(n, _)| n == "Authorization")
            .unwrap()
            .clone(),
    );
    assert_eq!(
        code_of("POST", &target, &both, body, &creds, t, &settings),
        Err(VerifyErrorCode::DuplicateAuthParameter)
    );
}

/// Signs with `x-amz-content-sha256: value` signed, for `service`.
fn signed_with_declared(
    service: &str,
    value: &str,
) -> (Credentials, Vec<(String, String)>, SigningTime) {
    let credentials = Credentials::new(AKID, SECRET, None).unwrap();
    let mut settings = SigningSettings::new("us-east-1", service);
    settings.content_sha256_header = true;
    let signer = Signer::new(settings).unwrap();
    let request = Request::new("PUT", "/prod/items").header("Host", "127.0.0.1:4566");
    let t = SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap();
    let out = signer
        .sign(&credentials, &request, Payload::Precomputed(value), t)
        .unwrap();
    let headers = out
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    (credentials, headers, t)
}

#[test]
fn payload_policy_follows_aws() {
    let plain = VerifySettings::new();
    let s3 = VerifySettings::new().with_path_rules(PathRules::S3);
    for service in ["execute-api", "sts", "dynamodb"] {
        let (creds, headers, t) = signed_with_declared(service, "UNSIGNED-PAYLOAD");
        assert_eq!(
            code_of(
                "PUT",
                "/prod/items",
                &headers,
                b"anything",
                &creds,
                t,
                &plain
            ),
            Err(VerifyErrorCode::UnsignedPayloadNotAllowed),
            "{service}"
        );
        let allowed = plain.clone().with_allow_unsigned_payload(Some(true));
        assert_eq!(
            code_of(
                "PUT",
                "/prod/items",
                &headers,
                b"anything",
                &creds,
                t,
                &allowed
            ),
            Ok(()),
            "{service}"
        );
    }
    for service in ["s3", "s3-object-lambda", "s3-outposts", "s3express"] {
        let (creds, headers, t) = signed_with_declared(service, "UNSIGNED-PAYLOAD");
        assert_eq!(
            code_of("PUT", "/prod/items", &headers, b"anything", &creds, t, &s3),
            Ok(()),
            "{service}"
        );
        let refused = s3.clone().with_allow_unsigned_payload(Some(false));
        assert_eq!(
            code_of(
                "PUT",
                "/prod/items",
                &headers,
                b"anything",
                &creds,
                t,
                &refused
            ),
            Err(VerifyErrorCode::UnsignedPayloadNotAllowed),
            "{service}"
        );
    }
    // A chunked body is decoded: this one declares no decoded length. The
    // unsigned-trailer form follows the UNSIGNED-PAYLOAD rule; SigV4a's
    // ECDSA chunks are not checked, so they are refused by name.
    for streaming in sigv4kit::KNOWN_PAYLOAD_CONSTANTS
        .iter()
        .filter(|c| c.starts_with("STREAMING-"))
    {
        for (service, settings) in [("execute-api", &plain), ("s3", &s3)] {
            let (creds, headers, t) = signed_with_declared(service, streaming);
            let want = if streaming.contains("ECDSA") {
                VerifyErrorCode::StreamingPayloadUnsupported
            } else if streaming.contains("UNSIGNED") && service == "execute-api" {
                VerifyErrorCode::UnsignedPayloadNotAllowed
            } else {
                VerifyErrorCode::InvalidRequest
            };
            assert_eq!(
                code_of(
                    "PUT",
                    "/prod/items",
                    &headers,
                    b"0\r\n\r\n",
                    &creds,
                    t,
                    settings
                ),
                Err(want),
                "{service} {streaming}"
            );
        }
    }
}

#[test]
fn error_codes_are_distinct_and_stable() {
    let all = VerifyErrorCode::ALL;
    let mut names: Vec<&str> = all.iter().map(|c| c.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len());
    assert_eq!(
        VerifyErrorCode::ExpiredCredentials.as_str(),
        "expired_credentials"
    );
    assert_eq!(
        VerifyErrorCode::SignatureMismatch.as_str(),
        "signature_mismatch"
    );
    assert_eq!(
        VerifyError::UnknownAccessKey.code().as_str(),
        "unknown_access_key"
    );
}

#[test]
fn invalid_percent_sequences_are_refused_by_signer_and_verifier() {
    let (creds, target, headers, t) = demo_signed(None);
    let bad = format!("{target}&c=%zz");
    assert_eq!(
        code_of(
            "POST",
            &bad,
            &headers,
            b"{\"k\":1}",
            &creds,
            t,
            &VerifySettings::new()
        ),
        Err(VerifyErrorCode::InvalidRequest)
    );
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let request = Request::new("GET", "/?a=%zz").header("Host", "h");
    let err = signer
        .sign(&creds, &request, Payload::Bytes(b""), t)
        .unwrap_err();
    assert_eq!(err.code(), "invalid_target");
    assert!(err.to_string().contains("query"), "{err}");
}

#[test]
fn no_debug_output_shows_the_session_token() {
    let token = "session-token";
    for presign in [None, Some(60)] {
        let credentials = Credentials::new(AKID, SECRET, Some(token.into())).unwrap();
        let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
        let request = Request::new("GET", "/prod?a=1").header("Host", "127.0.0.1");
        let t = SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap();
        let out = match presign {
            None => signer.sign(&credentials, &request, Payload::Bytes(b""), t),
            Some(e) => signer.presign(&credentials, &request, Payload::Bytes(b""), t, e),
        }
        .unwrap();
        assert!(
            out.canonical_request().contains(token),
            "the test must have a token to hide"
        );
        let target = out.presigned_target().unwrap_or(request.target).to_owned();
        let sent = Request {
            method: "GET",
            target: &target,
            headers: out.headers(&request),
        };
        let verified = parse_signature(&sent)
            .unwrap()
            .verify(
                &sent,
                Payload::Bytes(b""),
                &credentials,
                t,
                &VerifySettings::new(),
            )
            .unwrap();
        let url = format!("https://127.0.0.1{target}");
        let parts = sigv4kit::url::split_url(&url).unwrap();
        let shown = format!(
            "{out:?} {out:#?} {sent:?} {verified:?} {verified:#?} {parts:?} {:?}",
            parse_signature(&sent).unwrap()
        );
        assert!(!shown.contains(token), "{shown}");
        assert!(shown.contains("** redacted **"), "{shown}");
    }
}
