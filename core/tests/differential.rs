//! Property tests against independent implementations: signatures against
//! the `aws-sigv4` crate (the AWS SDK for Rust's signer), the URL split
//! against the `url` crate, and "never panics" on arbitrary input.

use std::time::{Duration, UNIX_EPOCH};

use aws_sigv4::http_request::{
    sign as aws_sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation as AwsLocation, SigningSettings as AwsSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use proptest::prelude::*;
use sigv4kit::url::split_url;
use sigv4kit::{Credentials, PathRules, Payload, Request, Signer, SigningSettings, SigningTime};

const UNRESERVED: &str = "[A-Za-z0-9._~-]";

/// A path segment: unreserved characters and percent-escapes, never `.`/`..`.
fn segment() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => proptest::string::string_regex(UNRESERVED).unwrap(),
            1 => Just("%20".to_string()),
            1 => Just("%E1%88%B4".to_string()),
            1 => Just("%2F".to_string()),
            1 => Just("%25".to_string()),
        ],
        1..6,
    )
    .prop_map(|parts| parts.concat())
    .prop_filter("dot segments are normalized differently on purpose", |s| {
        s != "." && s != ".."
    })
}

fn path() -> impl Strategy<Value = String> {
    (prop::collection::vec(segment(), 0..4), any::<bool>()).prop_map(|(segs, trailing)| {
        let mut p = format!("/{}", segs.join("/"));
        if trailing && !segs.is_empty() {
            p.push('/');
        }
        p
    })
}

fn query_word() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => proptest::string::string_regex(UNRESERVED).unwrap(),
            1 => Just("%20".to_string()),
            1 => Just("%2B".to_string()),
            1 => Just("%3D".to_string()),
            1 => Just("%26".to_string()),
            1 => Just("%C3%A9".to_string()),
        ],
        0..5,
    )
    .prop_map(|parts| parts.concat())
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            query_word().prop_filter("non-empty key", |k| !k.is_empty()),
            query_word(),
        ),
        0..5,
    )
    .prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// Header values as clients send them: visible ASCII, single inner spaces.
fn header_value() -> impl Strategy<Value = String> {
    prop::collection::vec("[!-~]{1,8}", 1..4).prop_map(|words| words.join(" "))
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            prop::sample::select(vec![
                "X-Custom-A",
                "x-custom-b",
                "Content-Type",
                "X-Amz-Target",
                "accept",
            ]),
            header_value(),
        ),
        0..4,
    )
    .prop_map(|hs| hs.into_iter().map(|(n, v)| (n.to_string(), v)).collect())
}

#[derive(Debug, Clone)]
struct Case {
    method: &'static str,
    host: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    token: Option<String>,
    time: i64,
    s3: bool,
    content_sha256: bool,
    presign: Option<u64>,
    region: &'static str,
    service: &'static str,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
        prop::sample::select(vec![
            "example.amazonaws.com",
            "abc.execute-api.us-east-1.amazonaws.com:8443",
        ]),
        path(),
        query(),
        headers(),
        prop::collection::vec(any::<u8>(), 0..80),
        prop::option::of("[A-Za-z0-9/+=]{8,40}"),
        0i64..4_000_000_000,
        any::<bool>(),
        any::<bool>(),
        prop::option::of(1u64..=604_800),
        prop::sample::select(vec!["us-east-1", "eu-west-3", "ap-southeast-2"]),
    )
        .prop_map(
            |(
                method,
                host,
                path,
                query,
                headers,
                body,
                token,
                time,
                s3,
                content_sha256,
                presign,
                region,
            )| {
                Case {
                    method,
                    host: host.to_string(),
                    path,
                    query,
                    headers,
                    body,
                    token,
                    time,
                    s3,
                    content_sha256: content_sha256 && presign.is_none(),
                    presign,
                    region,
                    service: if s3 { "s3" } else { "execute-api" },
                }
            },
        )
}

fn ours(c: &Case) -> String {
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        c.token.clone(),
    )
    .unwrap();
    let mut settings = SigningSettings::new(c.region, c.service);
    settings.path_rules = if c.s3 {
        PathRules::S3
    } else {
        PathRules::STANDARD
    };
    settings.content_sha256_header = c.content_sha256;
    let signer = Signer::new(settings).unwrap();
    let target = if c.query.is_empty() {
        c.path.clone()
    } else {
        format!("{}?{}", c.path, c.query)
    };
    let mut request = Request::new(c.method, &target).header("Host", &c.host);
    for (n, v) in &c.headers {
        request = request.header(n, v);
    }
    let time = SigningTime::from_unix(c.time).unwrap();
    let out = match c.presign {
        None => signer.sign(&creds, &request, Payload::Bytes(&c.body), time),
        Some(e) => signer.presign(&creds, &request, Payload::Bytes(&c.body), time, e),
    };
    out.unwrap().signature().to_owned()
}

/// Signs `c` both ways (header and presigned) and verifies each with our
/// verifier, with the settings the signer used; then checks that one byte
/// more in the body or method is refused.
fn sign_then_verify(c: &Case) -> Result<(), String> {
    use sigv4kit::verify::{parse_signature, VerifySettings};
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        c.token.clone(),
    )
    .unwrap();
    let mut settings = SigningSettings::new(c.region, c.service);
    settings.path_rules = if c.s3 {
        PathRules::S3
    } else {
        PathRules::STANDARD
    };
    let target = if c.query.is_empty() {
        c.path.clone()
    } else {
        format!("{}?{}", c.path, c.query)
    };
    let mut request = Request::new(c.method, &target).header("Host", &c.host);
    for (n, v) in &c.headers {
        request = request.header(n, v);
    }
    let time = SigningTime::from_unix(c.time).unwrap();
    let verify_settings = VerifySettings::new()
        .with_path_rules(if c.s3 {
            PathRules::S3
        } else {
            PathRules::STANDARD
        })
        .with_region(Some(c.region.into()))
        .with_service(Some(c.service.into()));
    for (presign, content_sha256) in [(false, false), (false, true), (true, false)] {
        settings.content_sha256_header = content_sha256;
        let signer = Signer::new(settings.clone()).unwrap();
        let payload = Payload::Bytes(&c.body);
        let out = if presign {
            signer.presign(&creds, &request, payload, time, c.presign.unwrap_or(60))
        } else {
            signer.sign(&creds, &request, payload, time)
        }
        .map_err(|e| e.to_string())?;
        let sent_target = out.presigned_target().unwrap_or(&target).to_owned();
        let sent = Request {
            method: c.method,
            target: &sent_target,
            headers: out.headers(&request),
        };
        let presented = parse_signature(&sent).map_err(|e| format!("{e:?}"))?;
        presented
            .verify(&sent, payload, &creds, time, &verify_settings)
            .map_err(|e| format!("presign={presign}: {e:?}"))?;
        let mut longer = c.body.clone();
        longer.push(b'x');
        let tampered = presented.verify(
            &sent,
            Payload::Bytes(&longer),
            &creds,
            time,
            &verify_settings,
        );
        if tampered.is_ok() {
            return Err(format!("presign={presign}: a longer body verified"));
        }
    }
    Ok(())
}

fn theirs(c: &Case) -> String {
    let identity = aws_credential_types::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        c.token.clone(),
        None,
        "test",
    )
    .into();
    let mut settings = AwsSettings::default();
    if c.s3 {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    }
    if c.content_sha256 {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if let Some(e) = c.presign {
        settings.signature_location = AwsLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(e));
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(c.region)
        .name(c.service)
        .time(UNIX_EPOCH + Duration::from_secs(c.time as u64))
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let uri = if c.query.is_empty() {
        format!("https://{}{}", c.host, c.path)
    } else {
        format!("https://{}{}?{}", c.host, c.path, c.query)
    };
    let mut headers = vec![("Host", c.host.as_str())];
    headers.extend(c.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let signable = SignableRequest::new(
        c.method,
        uri,
        headers.into_iter(),
        SignableBody::Bytes(&c.body),
    )
    .unwrap();
    let (_, signature) = aws_sign(signable, &params).unwrap().into_parts();
    signature
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn signatures_match_aws_sigv4(c in case()) {
        prop_assert_eq!(ours(&c), theirs(&c), "{:?}", c);
    }

    /// Every generated case carries a Host: what we signed, header or
    /// presigned, we verify, and a changed body we refuse.
    #[test]
    fn what_we_sign_we_verify(c in case()) {
        let checked = sign_then_verify(&c);
        prop_assert!(checked.is_ok(), "{:?}: {:?}", c, checked);
    }

    #[test]
    fn url_split_matches_the_url_crate(
        https in any::<bool>(),
        upper_scheme in any::<bool>(),
        host in "[a-zA-Z0-9][a-zA-Z0-9-]{0,8}(\\.[a-zA-Z0-9]{1,8}){0,2}\\.[a-zA-Z]{2,6}",
        port in prop::option::of(0u16..=65535),
        path in path(),
        query in prop::option::of(query()),
        fragment in prop::option::of("[a-z0-9]{0,6}"),
        with_path in any::<bool>(),
    ) {
        // Punycode labels are validated by a URL parser, not by a split.
        prop_assume!(!host.to_ascii_lowercase().contains("xn--"));
        let scheme = match (https, upper_scheme) { (true, false) => "https", (true, true) => "HTTPS", (false, false) => "http", (false, true) => "HTTP" };
        let mut url = format!("{scheme}://{host}");
        if let Some(p) = port { url.push_str(&format!(":{p}")); }
        if with_path { url.push_str(&path); }
        if let Some(q) = &query { url.push('?'); url.push_str(q); }
        if let Some(f) = &fragment { url.push('#'); url.push_str(f); }

        let theirs = url::Url::parse(&url).unwrap();
        let ours = split_url(&url).unwrap();
        prop_assert_eq!(ours.scheme, theirs.scheme());
        prop_assert_eq!(Some(&*ours.host), theirs.host_str());
        prop_assert_eq!(ours.port, theirs.port());
        let mut target = theirs.path().to_owned();
        if let Some(q) = theirs.query() { target.push('?'); target.push_str(q); }
        prop_assert_eq!(&*ours.target, target.as_str());
    }

    #[test]
    fn arbitrary_input_never_panics(
        method in ".{0,8}",
        target in ".{0,40}",
        headers in prop::collection::vec((".{0,10}", ".{0,20}"), 0..4),
        url in ".{0,60}",
        payload in ".{0,70}",
        presign in prop::option::of(any::<u64>()),
        region in ".{0,12}",
        ini in ".{0,200}",
    ) {
        let _ = split_url(&url);
        let _ = sigv4kit::profile::resolve(Some(&ini), Some(&ini), "default");
        let _ = SigningTime::parse_rfc3339(&target);
        let _ = sigv4kit::url::infer_scope(&url);
        if let Ok(signer) = Signer::new(SigningSettings::new(region, "svc")) {
            let creds = Credentials::new("AKID", "secret", Some("tok".into())).unwrap();
            // Every request carries one Host (ours), so that every signed
            // one goes through the verifier below; the x-amz-* headers are
            // the signer's to set.
            let mut request = Request {
                method: &method,
                target: &target,
                headers: headers
                    .iter()
                    .filter(|(n, _)| {
                        let n = n.to_ascii_lowercase();
                        n != "host" && !n.starts_with("x-amz-")
                    })
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect(),
            };
            request.headers.push(("Host", "example.amazonaws.com"));
            let t = SigningTime::from_unix(0).unwrap();
            let settings = sigv4kit::verify::VerifySettings::new().with_allow_unsigned_payload(Some(true));
            for p in [Payload::Bytes(payload.as_bytes()), Payload::Precomputed(&payload), Payload::Unsigned] {
                let signed = match presign {
                    None => signer.sign(&creds, &request, p, t),
                    Some(e) => signer.presign(&creds, &request, p, t, e),
                };
                if let Ok(signed) = signed {
                    // What we signed, we verify; a streaming payload is
                    // refused by name until chunk signatures are checked.
                    let target = signed.presigned_target().unwrap_or(&target).to_owned();
                    let sent = Request { method: &method, target: &target, headers: signed.headers(&request) };
                    let verified = sigv4kit::verify::parse_signature(&sent)
                        .and_then(|p2| p2.verify(&sent, p, &creds, t, &settings));
                    if payload.starts_with("STREAMING-") && matches!(p, Payload::Precomputed(_)) {
                        prop_assert_eq!(
                            verified.map(|_| ()).map_err(|e| e.code()),
                            Err(sigv4kit::verify::VerifyErrorCode::StreamingPayloadUnsupported)
                        );
                    } else {
                        prop_assert!(verified.is_ok(), "{:?}", verified);
                    }
                }
            }
        }
    }
}

/// Long header lists take another path in the signer (the heap rather than
/// the stack); they must sign the same.
#[test]
fn long_header_lists_match_aws_sigv4() {
    for count in [14, 15, 16, 17, 40] {
        let c = Case {
            method: "POST",
            host: "example.amazonaws.com".into(),
            path: "/prod/items".into(),
            query: "a=1&b=2".into(),
            headers: (0..count)
                .map(|i| (format!("X-Custom-{}", count - i), format!("value {i}")))
                .collect(),
            body: b"{}".to_vec(),
            token: Some("token".into()),
            time: 1_700_000_000,
            s3: false,
            content_sha256: true,
            presign: None,
            region: "us-east-1",
            service: "execute-api",
        };
        assert_eq!(ours(&c), theirs(&c), "{count} headers");
    }
}
