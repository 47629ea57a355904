//! SigV4a requests through the gateway binary: accepted when the region set
//! covers the API's region (checked with the public key derived from the
//! caller's secret), refused otherwise or when tampered with.

mod common;

use common::*;
use sigv4kit::{Algorithm, Payload, Request, Signer, SigningSettings, SigningTime};

/// A SigV4a-signed request for `region_set`: (target, headers) as sent.
fn sign_v4a(
    gw: &Gateway,
    region_set: &str,
    method: &str,
    target: &str,
    body: &[u8],
    presign: bool,
) -> (String, Vec<(String, String)>) {
    let signer = Signer::new(
        SigningSettings::new(region_set, "execute-api").with_algorithm(Algorithm::SigV4a),
    )
    .unwrap();
    let host = gw.host();
    let request = Request::new(method, target).header("Host", &host);
    let time = SigningTime::from_unix(now()).unwrap();
    let credentials = demo_credentials();
    let out = if presign {
        signer
            .presign(&credentials, &request, Payload::Bytes(body), time, 300)
            .unwrap()
    } else {
        signer
            .sign(&credentials, &request, Payload::Bytes(body), time)
            .unwrap()
    };
    let headers = out
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    (
        out.presigned_target().unwrap_or(target).to_string(),
        headers,
    )
}

#[test]
fn accepts_sigv4a_for_region_sets_that_cover_the_api() {
    let gw = Gateway::start(&["--quiet"]);
    for region_set in ["us-east-1", "*", "us-west-2,us-east-1", "us-*"] {
        for presign in [false, true] {
            let (target, headers) =
                sign_v4a(&gw, region_set, "GET", "/prod/hello?name=v4a", b"", presign);
            let r = send(gw.port, "GET", &target, &headers, b"");
            assert_eq!(
                r.status,
                200,
                "{region_set} presign={presign}: {}",
                r.text()
            );
            assert_eq!(
                r.json()["event"]["requestContext"]["identity"]["userArn"],
                USER_ARN
            );
        }
    }
    let body = br#"{"pet":"dog"}"#;
    let (target, headers) = sign_v4a(&gw, "*", "POST", "/prod/pets", body, false);
    let r = send(gw.port, "POST", &target, &headers, body);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn refuses_sigv4a_for_other_regions_and_tampered_requests() {
    let gw = Gateway::start(&["--quiet"]);
    let (target, headers) = sign_v4a(
        &gw,
        "eu-west-1,eu-central-1",
        "GET",
        "/prod/hello",
        b"",
        false,
    );
    let r = send(gw.port, "GET", &target, &headers, b"");
    assert_eq!(r.status, 403, "{}", r.text());

    let body = br#"{"pet":"dog"}"#;
    let (target, headers) = sign_v4a(&gw, "us-east-1", "POST", "/prod/pets", body, false);
    let r = send(gw.port, "POST", &target, &headers, br#"{"pet":"cat"}"#);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.message().contains("signature"), "{}", r.text());

    // The region set is signed: changing it breaks the signature.
    let (target, mut headers) = sign_v4a(&gw, "eu-west-1", "GET", "/prod/hello", b"", false);
    for (n, v) in &mut headers {
        if n == "X-Amz-Region-Set" {
            *v = "us-east-1".into();
        }
    }
    let r = send(gw.port, "GET", &target, &headers, b"");
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.message().contains("signature"), "{}", r.text());
}
