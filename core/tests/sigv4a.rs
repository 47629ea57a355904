//! SigV4a against the official v4a vectors (testdata/aws-signing-test-suite/v4a,
//! signed by aws-c-auth): the derived key pair, the canonical request and
//! string to sign, signatures verified both ways, region sets and refusals.
#![cfg(feature = "sigv4a")]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sigv4kit::sigv4a::{self, PublicKey};
use sigv4kit::verify::{parse_signature, VerifyErrorCode, VerifySettings};
use sigv4kit::{
    Algorithm, Credentials, Error, PathRules, Payload, Request, Signer, SigningSettings,
    SigningTime,
};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/aws-signing-test-suite/v4a")
}

fn jsonl(name: &str) -> Vec<Value> {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/cases")
            .join(name),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.trim().is_empty())
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

fn hex32(text: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

fn vector_key(want: &Value) -> PublicKey {
    let key = &want["public_key"];
    PublicKey::from_coordinates(
        &hex32(key["x"].as_str().unwrap()),
        &hex32(key["y"].as_str().unwrap()),
    )
    .unwrap()
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

fn credentials_of(case: &Value) -> Credentials {
    let creds = &case["credentials"];
    Credentials::new(
        creds["access_key_id"].as_str().unwrap(),
        creds["secret_access_key"].as_str().unwrap(),
        creds["session_token"].as_str().map(str::to_owned),
    )
    .unwrap()
}

/// The key pair we derive from the secret is the one every vector's
/// `public-key.json` names.
#[test]
fn derives_the_vectors_key_pair() {
    let mut checked = 0;
    for dir in fs::read_dir(suite_dir()).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(text) = fs::read_to_string(dir.join("public-key.json")) else {
            continue;
        };
        let key: Value = serde_json::from_str(&text).unwrap();
        let context: Value =
            serde_json::from_str(&fs::read_to_string(dir.join("context.json")).unwrap()).unwrap();
        let creds = &context["credentials"];
        let credentials = Credentials::new(
            creds["access_key_id"].as_str().unwrap(),
            creds["secret_access_key"].as_str().unwrap(),
            None,
        )
        .unwrap();
        let ours = PublicKey::of(&credentials).unwrap();
        assert_eq!(
            sigv4kit::hex(&ours.x()),
            key["X"].as_str().unwrap(),
            "{dir:?}"
        );
        assert_eq!(
            sigv4kit::hex(&ours.y()),
            key["Y"].as_str().unwrap(),
            "{dir:?}"
        );
        let sec1 = ours.to_sec1_uncompressed();
        assert_eq!(sec1[0], 4);
        assert_eq!(&sec1[1..33], &ours.x());
        checked += 1;
    }
    assert_eq!(checked, 38);
}

/// Signing each vector's request gives its canonical request and string to
/// sign, and a signature that verifies under the vector's public key.
#[test]
fn signs_every_vector() {
    let cases = jsonl("v4a-suite.jsonl");
    let expected = jsonl("v4a-suite.expected.jsonl");
    assert_eq!(cases.len(), 76);
    for (case, want) in cases.iter().zip(&expected) {
        let credentials = credentials_of(case);
        let settings = SigningSettings::new(case["region"].as_str().unwrap(), "service")
            .with_algorithm(Algorithm::SigV4a)
            .with_path_rules(PathRules {
                double_encode: true,
                normalize: case["normalize_path"].as_bool().unwrap(),
            })
            .with_content_sha256_header(case["content_sha256_header"].as_bool().unwrap())
            .with_omit_session_token(case["omit_session_token"].as_bool().unwrap());
        let signer = Signer::new(settings).unwrap();
        let req = &case["request"];
        let headers: Vec<(&str, &str)> = req["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap(), h[1].as_str().unwrap()))
            .collect();
        let request = Request {
            method: req["method"].as_str().unwrap(),
            target: req["target"].as_str().unwrap(),
            headers,
        };
        let body = b64(req["body_base64"].as_str().unwrap());
        let time = SigningTime::parse_rfc3339(case["timestamp"].as_str().unwrap()).unwrap();
        let out = if case["signature_location"] == "query" {
            signer
                .presign(&credentials, &request, Payload::Bytes(&body), time, 3600)
                .unwrap()
        } else {
            signer
                .sign(&credentials, &request, Payload::Bytes(&body), time)
                .unwrap()
        };
        let id = &case["id"];
        assert_eq!(out.canonical_request(), want["canonical_request"], "{id}");
        assert_eq!(out.string_to_sign(), want["string_to_sign"], "{id}");
        assert!(
            vector_key(want).verifies(out.string_to_sign().as_bytes(), out.signature()),
            "{id}"
        );
        // One byte more in the string to sign and it no longer verifies.
        let other = format!("{}x", out.string_to_sign());
        assert!(
            !vector_key(want).verifies(other.as_bytes(), out.signature()),
            "{id}"
        );
    }
}

/// Every request the vectors signed (aws-c-auth's signatures, header and
/// presigned) passes our verifier, which checks it with the public key it
/// derives from the secret; changing the request breaks it.
#[test]
fn verifies_every_request_the_vectors_signed() {
    let cases = jsonl("v4a-suite.jsonl");
    let expected = jsonl("v4a-suite.expected.jsonl");
    for (case, want) in cases.iter().zip(&expected) {
        let credentials = credentials_of(case);
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
            headers,
        };
        let body = b64(case["request"]["body_base64"].as_str().unwrap());
        let settings = VerifySettings::new()
            .with_path_rules(PathRules {
                double_encode: true,
                normalize: case["normalize_path"].as_bool().unwrap(),
            })
            .with_region(Some("us-east-1".into()))
            .with_service(Some("service".into()));
        let id = &case["id"];
        let presented = parse_signature(&request).unwrap();
        assert_eq!(presented.algorithm(), Algorithm::SigV4a);
        assert_eq!(presented.region(), "us-east-1");
        let verified = presented
            .verify(
                &request,
                Payload::Bytes(&body),
                &credentials,
                now,
                &settings,
            )
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(verified.string_to_sign, want["string_to_sign"], "{id}");
        assert_eq!(verified.algorithm, Algorithm::SigV4a);

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
        assert_eq!(err.code(), VerifyErrorCode::SignatureMismatch, "{id}");

        // The region set (us-east-1) does not cover another region.
        let elsewhere = settings.clone().with_region(Some("eu-west-1".into()));
        let err = presented
            .verify(
                &request,
                Payload::Bytes(&body),
                &credentials,
                now,
                &elsewhere,
            )
            .unwrap_err();
        assert_eq!(err.code(), VerifyErrorCode::WrongScope, "{id}");
    }
}

fn sign_for(
    region_set: &str,
    presign: bool,
) -> (Credentials, Request<'static>, Vec<(String, String)>, String) {
    let credentials = Credentials::new(AKID, SECRET, Some("session-token".into())).unwrap();
    let signer = Signer::new(
        SigningSettings::new(region_set, "execute-api").with_algorithm(Algorithm::SigV4a),
    )
    .unwrap();
    let request = Request::new("GET", "/prod/pets?type=dog").header("Host", "abc.example.com");
    let time = SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap();
    let out = if presign {
        signer
            .presign(&credentials, &request, Payload::Bytes(b""), time, 900)
            .unwrap()
    } else {
        signer
            .sign(&credentials, &request, Payload::Bytes(b""), time)
            .unwrap()
    };
    let headers = out
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    let target = out.presigned_target().unwrap_or(request.target).to_owned();
    (credentials, request, headers, target)
}

fn verify_in(
    region: &str,
    credentials: &Credentials,
    headers: &[(String, String)],
    target: &str,
) -> Result<sigv4kit::verify::Verified, sigv4kit::verify::VerifyError> {
    let request = Request {
        method: "GET",
        target,
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    let now = SigningTime::parse_rfc3339("2024-05-01T10:01:00Z").unwrap();
    let settings = VerifySettings::new()
        .with_region(Some(region.into()))
        .with_service(Some("execute-api".into()));
    parse_signature(&request)?.verify(&request, Payload::Bytes(b""), credentials, now, &settings)
}

/// A region set is signed as given and covers what it names: `*` every
/// region, a list its members, a pattern its matches.
#[test]
fn region_sets_cover_what_they_name() {
    for presign in [false, true] {
        let (c, _, h, t) = sign_for("*", presign);
        let v = verify_in("eu-west-1", &c, &h, &t).unwrap();
        assert_eq!(v.region, "*");
        let (c, _, h, t) = sign_for("us-east-1,us-west-2", presign);
        assert!(verify_in("us-west-2", &c, &h, &t).is_ok());
        let err = verify_in("eu-west-1", &c, &h, &t).unwrap_err();
        assert_eq!(err.code(), VerifyErrorCode::WrongScope);
        let (c, _, h, t) = sign_for("us-*", presign);
        assert!(verify_in("us-east-2", &c, &h, &t).is_ok());
        if presign {
            assert!(
                t.contains("X-Amz-Region-Set=us-%2A&") || t.contains("X-Amz-Region-Set=us-%2A")
            );
            assert!(t.contains("X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256"));
            assert!(
                t.contains("X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fexecute-api%2Faws4_request")
            );
        } else {
            assert!(h
                .iter()
                .any(|(n, v)| n == "X-Amz-Region-Set" && v == "us-*"));
        }
    }
}

/// Bad region sets are refused with an error naming the region.
#[test]
fn refuses_bad_region_sets() {
    for bad in [
        "",
        "us-east-1,",
        "us-east-1, us-west-2",
        "us east",
        "us/east-1",
    ] {
        let err = Signer::new(SigningSettings::new(bad, "s3").with_algorithm(Algorithm::SigV4a))
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidRegion { .. }),
            "{bad:?}: {err:?}"
        );
        assert_eq!(err.field(), "region");
    }
}

/// The region set must be signed: a header signature that leaves
/// X-Amz-Region-Set out of SignedHeaders is refused, as is a SigV4a
/// signature without any region set.
#[test]
fn the_region_set_must_be_signed() {
    let (c, _, h, t) = sign_for("us-east-1", false);
    let auth = h
        .iter()
        .find(|(n, _)| n == "Authorization")
        .unwrap()
        .1
        .clone();
    let unsigned = auth.replace(";x-amz-region-set", "");
    let h2: Vec<(String, String)> = h
        .iter()
        .map(|(n, v)| {
            let v = if n == "Authorization" {
                unsigned.clone()
            } else {
                v.clone()
            };
            (n.clone(), v)
        })
        .collect();
    let err = verify_in("us-east-1", &c, &h2, &t).unwrap_err();
    assert_eq!(err.code(), VerifyErrorCode::UnsignedHeader);
    let h3: Vec<(String, String)> = h
        .iter()
        .filter(|(n, _)| n != "X-Amz-Region-Set")
        .cloned()
        .collect();
    let err = verify_in("us-east-1", &c, &h3, &t).unwrap_err();
    assert_eq!(err.code(), VerifyErrorCode::MalformedSignature);
    // A SigV4 signature of the same request is still SigV4.
    let v4 = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let request = Request::new("GET", "/").header("Host", "abc.example.com");
    let time = SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap();
    let out = v4.sign(&c, &request, Payload::Bytes(b""), time).unwrap();
    assert!(out
        .authorization()
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 "));
    assert!(!out
        .headers(&request)
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("x-amz-region-set")));
}

/// The session token is signed, or with omit_session_token added after
/// signing; both verify.
#[test]
fn session_tokens_signed_or_added_after() {
    let (c, _, h, t) = sign_for("us-east-1", false);
    assert!(h
        .iter()
        .any(|(n, v)| n == "X-Amz-Security-Token" && v == "session-token"));
    assert!(verify_in("us-east-1", &c, &h, &t).is_ok());
    let (c, _, h, t) = sign_for("us-east-1", true);
    assert!(t.contains("X-Amz-Security-Token=session-token"));
    assert!(verify_in("us-east-1", &c, &h, &t).is_ok());
    let wrong = Credentials::new(AKID, SECRET, Some("other".into())).unwrap();
    let err = verify_in("us-east-1", &wrong, &h, &t).unwrap_err();
    assert_eq!(err.code(), VerifyErrorCode::InvalidSessionToken);
    // Another secret derives another key: the signature no longer verifies.
    let other = Credentials::new(AKID, "another-secret", Some("session-token".into())).unwrap();
    let err = verify_in("us-east-1", &other, &h, &t).unwrap_err();
    assert_eq!(err.code(), VerifyErrorCode::SignatureMismatch);
}

/// The primitive for other SigV4a strings to sign (chunk signatures):
/// a DER signature under the derived key.
#[test]
fn signs_an_arbitrary_string_to_sign() {
    let c = Credentials::new(AKID, SECRET, None).unwrap();
    let sts = "AWS4-ECDSA-P256-SHA256-PAYLOAD\n20150830T123600Z\n20150830/s3/aws4_request\nabc";
    let sig = sigv4a::sign_string_to_sign(&c, sts).unwrap();
    assert!(sig.starts_with("30") && sig.len() <= sigv4a::MAX_SIGNATURE_HEX_LEN);
    let key = PublicKey::of(&c).unwrap();
    assert!(key.verifies(sts.as_bytes(), &sig));
    assert!(!key.verifies(b"other", &sig));
    assert!(!key.verifies(sts.as_bytes(), "zz"));
}

/// Nothing secret in Debug: the public key is shown, the private key and
/// the secret never.
#[test]
fn debug_shows_no_secret() {
    let c = Credentials::new(AKID, SECRET, Some("TOKEN123".into())).unwrap();
    let key = PublicKey::of(&c).unwrap();
    let shown = format!("{key:?} {c:?}");
    assert!(shown.contains("b6618f6a65740a99"));
    assert!(!shown.contains("wJalr") && !shown.contains("TOKEN123"));
    let signer =
        Signer::new(SigningSettings::new("*", "s3").with_algorithm(Algorithm::SigV4a)).unwrap();
    let out = signer
        .sign(
            &c,
            &Request::new("GET", "/").header("Host", "h"),
            Payload::Bytes(b""),
            SigningTime::parse_rfc3339("2024-05-01T10:00:00Z").unwrap(),
        )
        .unwrap();
    assert!(!format!("{out:?}").contains("TOKEN123"));
}
