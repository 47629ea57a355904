//! The gateway binary over real sockets: every 403 class API Gateway has,
//! STS, the identity pool, CORS, limits, malformed HTTP, concurrency,
//! shutdown and the access log.

mod common;

use common::*;
use sigv4kit::Credentials;
use sigv4kit_gateway::config::DEMO_CONFIG;

#[test]
fn allowed_call_echoes_the_request_and_the_caller() {
    let gw = Gateway::start(&["--quiet"]);
    let r = signed(
        &gw,
        &demo_credentials(),
        "GET",
        "/prod/hello?name=sigv4kit",
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(
        v["message"],
        format!("Hello, sigv4kit! You called GET /hello as {USER_ARN}.")
    );
    assert!(
        r.text().starts_with("{\"message\":"),
        "message comes first for clients printing a prefix"
    );
    assert_eq!(v["event"]["path"], "/hello");
    assert_eq!(v["event"]["queryStringParameters"]["name"], "sigv4kit");
    assert_eq!(
        v["event"]["requestContext"]["identity"]["userArn"],
        USER_ARN
    );
    assert_eq!(v["event"]["requestContext"]["identity"]["accessKey"], AKID);
    assert_eq!(v["event"]["headers"]["authorization"], "redacted");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r.header("x-amzn-RequestId").is_some());

    let body = br#"{"pet":"dog"}"#;
    let r = signed(&gw, &demo_credentials(), "POST", "/prod/pets", body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"]["body"], r#"{"pet":"dog"}"#);
}

#[test]
fn unsigned_requests_and_unknown_paths_get_missing_authentication_token() {
    let gw = Gateway::start(&["--quiet"]);
    let host = [("Host".to_string(), gw.host())];
    for target in [
        "/prod/hello",
        "/other/hello",
        "/prodx/hello",
        "/favicon.ico",
    ] {
        let r = send(gw.port, "GET", target, &host, b"");
        assert_eq!(r.status, 403, "{target}");
        assert_eq!(
            r.text().trim(),
            r#"{"message":"Missing Authentication Token"}"#
        );
        assert_eq!(
            r.header("x-amzn-ErrorType"),
            Some("MissingAuthenticationTokenException")
        );
    }
    // A signed request to a path outside the stage is an unknown path too.
    let r = signed(&gw, &demo_credentials(), "GET", "/staging/hello", b"");
    assert_eq!(
        (r.status, r.message().as_str()),
        (403, "Missing Authentication Token")
    );
}

#[test]
fn unknown_keys_are_an_invalid_security_token() {
    let gw = Gateway::start(&["--quiet"]);
    let stranger = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret", None).unwrap();
    let r = signed(&gw, &stranger, "GET", "/prod/hello", b"");
    assert_eq!(r.status, 403);
    assert_eq!(
        r.message(),
        "The security token included in the request is invalid."
    );
    assert_eq!(
        r.header("x-amzn-ErrorType"),
        Some("UnrecognizedClientException")
    );
}

#[test]
fn a_wrong_secret_or_one_changed_byte_is_a_signature_mismatch_quoting_our_strings() {
    let gw = Gateway::start(&["--quiet"]);
    let wrong_secret = Credentials::new(AKID, "not-the-secret", None).unwrap();
    let r = signed(&gw, &wrong_secret, "GET", "/prod/hello", b"");
    assert_eq!(r.status, 403);
    assert!(
        r.message()
            .starts_with("The request signature we calculated does not match"),
        "{}",
        r.message()
    );

    // Signed for ?name=a, sent with ?name=b: the canonical string quoted is
    // the one for what arrived.
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "GET",
        "/prod/hello?name=a",
        &[],
        b"",
        now(),
    );
    let r = send(gw.port, "GET", "/prod/hello?name=b", &headers, b"");
    assert_eq!(r.status, 403);
    assert_eq!(
        r.header("x-amzn-ErrorType"),
        Some("InvalidSignatureException")
    );
    let m = r.message();
    assert!(
        m.contains(
            "The Canonical String for this request should have been\n'GET\n/prod/hello\nname=b\n"
        ),
        "{m}"
    );
    assert!(
        m.contains("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n"),
        "{m}"
    );

    // One byte of the body changed after signing.
    let body = b"{\"n\":1}";
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "POST",
        "/prod/x",
        &[],
        body,
        now(),
    );
    let r = send(gw.port, "POST", "/prod/x", &headers, b"{\"n\":2}");
    assert_eq!(r.status, 403);
    assert!(r
        .message()
        .contains("The Canonical String for this request should have been"));
    // One byte of a signed header changed.
    let mut headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "GET",
        "/prod/x",
        &[("X-Trace", "abc")],
        b"",
        now(),
    );
    headers.iter_mut().find(|(n, _)| n == "X-Trace").unwrap().1 = "abd".into();
    assert_eq!(send(gw.port, "GET", "/prod/x", &headers, b"").status, 403);
}

#[test]
fn clock_skew_over_five_minutes_is_signature_expired() {
    let gw = Gateway::start(&["--quiet"]);
    for (offset, lead) in [
        (-600, "Signature expired: "),
        (600, "Signature not yet current: "),
    ] {
        let headers = sign_headers(
            &demo_credentials(),
            "execute-api",
            &gw.host(),
            "GET",
            "/prod/hello",
            &[],
            b"",
            now() + offset,
        );
        let r = send(gw.port, "GET", "/prod/hello", &headers, b"");
        assert_eq!(r.status, 403);
        assert!(r.message().starts_with(lead), "{}", r.message());
        assert!(r.message().contains("5 min."), "{}", r.message());
    }
    // Four minutes is within the allowed skew.
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "GET",
        "/prod/hello",
        &[],
        b"",
        now() - 240,
    );
    assert_eq!(
        send(gw.port, "GET", "/prod/hello", &headers, b"").status,
        200
    );
}

#[test]
fn presigned_urls_work_until_they_expire() {
    let gw = Gateway::start(&["--quiet"]);
    let host = [("Host".to_string(), gw.host())];
    let target = presign(&demo_credentials(), &gw.host(), "/prod/hello", now(), 300);
    let r = send(gw.port, "GET", &target, &host, b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["event"]["queryStringParameters"]["X-Amz-Signature"],
        "redacted"
    );

    let old = presign(
        &demo_credentials(),
        &gw.host(),
        "/prod/hello",
        now() - 3600,
        300,
    );
    let r = send(gw.port, "GET", &old, &host, b"");
    assert_eq!(r.status, 403);
    assert!(
        r.message().starts_with("Signature expired"),
        "{}",
        r.message()
    );

    // A presigned URL with one byte of its signature changed.
    let last = target.pop_last_hex();
    let r = send(gw.port, "GET", &last, &host, b"");
    assert_eq!(r.status, 403);
    assert!(
        r.message().contains("The String-to-Sign should have been"),
        "{}",
        r.message()
    );
}

trait PopLastHex {
    fn pop_last_hex(&self) -> String;
}

impl PopLastHex for String {
    /// The same URL with its last character (a hex digit of the signature)
    /// changed.
    fn pop_last_hex(&self) -> String {
        let mut s = self.clone();
        let last = s.pop().unwrap();
        s.push(if last == '0' { '1' } else { '0' });
        s
    }
}

#[test]
fn the_resource_policy_denies_with_api_gateways_message() {
    let gw = Gateway::start(&["--quiet"]);
    for target in ["/prod/denied", "/prod/%64enied", "/prod/denied/deeper"] {
        let r = signed(&gw, &demo_credentials(), "GET", target, b"");
        assert_eq!(r.status, 403, "{target}");
        assert_eq!(r.header("x-amzn-ErrorType"), Some("AccessDeniedException"));
        assert!(r.message().starts_with(&format!("User: {USER_ARN} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111122223333:demo/prod/GET/denied")), "{}", r.message());
        assert!(r.message().ends_with(" with an explicit deny"));
    }
    let r = signed(&gw, &demo_credentials(), "DELETE", "/prod/denied", b"");
    assert!(
        r.message().contains("demo/prod/DELETE/denied"),
        "{}",
        r.message()
    );
    assert_eq!(
        signed(&gw, &demo_credentials(), "GET", "/prod/denied-not", b"").status,
        200
    );
}

#[test]
fn implicit_deny_conditions_and_expired_configured_tokens() {
    let config = DEMO_CONFIG
        .replace(
            "Principal = { AWS = [\"arn:aws:iam::111122223333:user/demo\", \"arn:aws:iam::111122223333:role/demo-client\"] }",
            "Principal = \"*\"\nCondition = { StringLike = { \"aws:PrincipalArn\" = \"arn:aws:iam::111122223333:role/demo-*\" } }",
        )
        + "\n[[identities]]\narn = \"arn:aws:iam::111122223333:user/old\"\naccess_key_id = \"ASIAOLD\"\nsecret_access_key = \"s\"\nsession_token = \"t\"\nexpires_at = \"2020-01-01T00:00:00Z\"\n";
    // TOML lets an array of tables grow further down the file.
    let path = write_config("implicit.toml", &config);
    let gw = Gateway::start(&["--quiet", "--config", &path]);
    let r = signed(&gw, &demo_credentials(), "GET", "/prod/hello", b"");
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(
        r.message(),
        format!("User: {USER_ARN} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111122223333:demo/prod/GET/hello")
    );
    // The role's sessions match the StringLike condition.
    let (temp, _, _) = assume_role(&gw, "cond");
    assert_eq!(signed(&gw, &temp, "GET", "/prod/hello", b"").status, 200);
    let old = Credentials::new("ASIAOLD", "s", Some("t".into())).unwrap();
    let r = signed(&gw, &old, "GET", "/prod/hello", b"");
    assert_eq!(
        (r.status, r.message().as_str()),
        (403, "The security token included in the request is expired")
    );
}

#[test]
fn assume_role_then_call_with_the_session() {
    let gw = Gateway::start(&["--quiet"]);
    let (temp, _, token) = assume_role(&gw, "demo");
    assert!(temp.access_key_id().starts_with("ASIA"));
    let r = signed(&gw, &temp, "GET", "/prod/hello", b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["caller"],
        "arn:aws:sts::111122223333:assumed-role/demo-client/demo"
    );
    assert_eq!(
        r.json()["event"]["headers"]["x-amz-security-token"],
        "redacted"
    );
    // The session's key without its token, or with another token, is refused.
    let akid = temp.access_key_id().to_string();
    for token in [None, Some(format!("{token}x"))] {
        let c = Credentials::new(akid.clone(), "whatever", token).unwrap();
        let r = signed(&gw, &c, "GET", "/prod/hello", b"");
        assert_eq!(
            (r.status, r.message().as_str()),
            (
                403,
                "The security token included in the request is invalid."
            )
        );
    }
    // The session is denied /prod/denied like everyone.
    assert_eq!(signed(&gw, &temp, "GET", "/prod/denied", b"").status, 403);
    // GetCallerIdentity as the session, over a signed query-string GET.
    let target = "/?Action=GetCallerIdentity&Version=2011-06-15";
    let headers = sign_headers(&temp, "sts", &gw.host(), "GET", target, &[], b"", now());
    let r = send(gw.port, "GET", target, &headers, b"");
    assert_eq!(
        xml_tag(&r.text(), "Arn"),
        "arn:aws:sts::111122223333:assumed-role/demo-client/demo"
    );
    // Sessions may not assume the role again (it trusts the user only).
    let body = format!("Action=AssumeRole&RoleArn={ROLE_ARN}&RoleSessionName=again");
    let ct = [("Content-Type", "application/x-www-form-urlencoded")];
    let headers = sign_headers(
        &temp,
        "sts",
        &gw.host(),
        "POST",
        "/",
        &ct,
        body.as_bytes(),
        now(),
    );
    let r = send(gw.port, "POST", "/", &headers, body.as_bytes());
    assert_eq!(r.status, 403);
    assert_eq!(xml_tag(&r.text(), "Code"), "AccessDenied");
}

#[test]
fn sts_errors_are_xml_and_scopes_are_checked() {
    let gw = Gateway::start(&["--quiet"]);
    let body = b"Action=AssumeRole";
    let r = send(
        gw.port,
        "POST",
        "/",
        &[
            ("Host".into(), gw.host()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
        ],
        body,
    );
    assert_eq!(r.status, 403);
    assert_eq!(xml_tag(&r.text(), "Code"), "MissingAuthenticationToken");
    // Signed for execute-api but sent to STS, and the other way round.
    let ct = [("Content-Type", "application/x-www-form-urlencoded")];
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "POST",
        "/",
        &ct,
        body,
        now(),
    );
    let r = send(gw.port, "POST", "/", &headers, body);
    assert_eq!(xml_tag(&r.text(), "Code"), "SignatureDoesNotMatch");
    let headers = sign_headers(
        &demo_credentials(),
        "sts",
        &gw.host(),
        "GET",
        "/prod/hello",
        &[],
        b"",
        now(),
    );
    let r = send(gw.port, "GET", "/prod/hello", &headers, b"");
    assert_eq!(r.status, 403);
    assert!(
        r.message()
            .contains("Credential should be scoped to correct service: 'execute-api'"),
        "{}",
        r.message()
    );
}

#[test]
fn identity_pool_gives_browser_pages_a_session() {
    let gw = Gateway::start(&["--quiet"]);
    let r = send(
        gw.port,
        "POST",
        "/identity-pool/credentials",
        &[("Host".into(), gw.host())],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let c = &v["Credentials"];
    let temp = Credentials::new(
        c["AccessKeyId"].as_str().unwrap(),
        c["SecretKey"].as_str().unwrap(),
        Some(c["SessionToken"].as_str().unwrap().to_string()),
    )
    .unwrap();
    assert!(c["Expiration"].as_i64().unwrap() > now());
    let r = signed(&gw, &temp, "GET", "/prod/hello", b"");
    assert_eq!(
        r.json()["caller"],
        "arn:aws:sts::111122223333:assumed-role/demo-client/CognitoIdentityCredentials"
    );
    assert_eq!(
        send(
            gw.port,
            "GET",
            "/identity-pool/credentials",
            &[("Host".into(), gw.host())],
            b""
        )
        .status,
        405
    );
}

#[test]
fn cors_preflight_is_unsigned_and_allows_the_signing_headers() {
    let gw = Gateway::start(&["--quiet"]);
    let headers = [
        ("Host".to_string(), gw.host()),
        ("Origin".to_string(), "http://localhost:8080".to_string()),
        (
            "Access-Control-Request-Method".to_string(),
            "POST".to_string(),
        ),
        (
            "Access-Control-Request-Headers".to_string(),
            "authorization,x-amz-date,x-amz-security-token".to_string(),
        ),
    ];
    let r = send(gw.port, "OPTIONS", "/prod/hello", &headers, b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
        // Sent by the AWS SDK for JavaScript v3 from browsers.
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    ] {
        assert!(allowed.split(',').any(|a| a == h), "{h} in {allowed}");
    }
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    // Errors carry the CORS header too, so a page can read the message.
    let r = send(gw.port, "GET", "/prod/hello", &headers[..2], b"");
    assert_eq!(
        (r.status, r.header("access-control-allow-origin")),
        (403, Some("*"))
    );
}

#[test]
fn static_files_are_served_for_the_browser_demo() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("static-root");
    std::fs::create_dir_all(root.join("examples/browser")).unwrap();
    std::fs::write(
        root.join("examples/browser/index.html"),
        "<title>demo</title>",
    )
    .unwrap();
    let gw = Gateway::start(&["--quiet", "--static-root", root.to_str().unwrap()]);
    let host = [("Host".to_string(), gw.host())];
    let r = send(gw.port, "GET", "/browser/", &host, b"");
    assert_eq!((r.status, r.text().as_str()), (200, "<title>demo</title>"));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(
        send(gw.port, "GET", "/", &host, b"").header("location"),
        Some("/browser/")
    );
    // Dot segments are refused before any route or mount is chosen.
    assert_eq!(
        send(gw.port, "GET", "/browser/../Cargo.toml", &host, b"").status,
        400
    );
    assert_eq!(
        send(gw.port, "GET", "/browser/.hidden", &host, b"").status,
        404
    );
}

#[test]
fn bodies_over_the_limit_get_413_and_at_the_limit_pass() {
    let config = DEMO_CONFIG.replace("max_body_bytes = 10485760", "max_body_bytes = 1000");
    let path = write_config("small-body.toml", &config);
    let gw = Gateway::start(&["--quiet", "--config", &path]);
    let at_limit = vec![b'a'; 1000];
    assert_eq!(
        signed(&gw, &demo_credentials(), "POST", "/prod/upload", &at_limit).status,
        200
    );
    let over = vec![b'a'; 1001];
    let r = signed(&gw, &demo_credentials(), "POST", "/prod/upload", &over);
    assert_eq!(r.status, 413);
    assert_eq!(r.message(), "HTTP content length exceeded 1000 bytes.");
    // Chunked, so the size is only known while reading.
    let mut req = format!("POST /prod/upload HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", gw.host()).into_bytes();
    for _ in 0..3 {
        req.extend_from_slice(b"190\r\n");
        req.extend_from_slice(&[b'b'; 400]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(raw(gw.port, &req).status, 413);
}

#[test]
fn ten_mebibytes_is_the_default_limit() {
    let gw = Gateway::start(&["--quiet"]);
    let head = format!(
        "PUT /prod/big HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        gw.host(),
        10 * 1024 * 1024 + 1
    );
    let r = raw(gw.port, head.as_bytes());
    assert_eq!(r.status, 413);
    assert_eq!(r.message(), "HTTP content length exceeded 10485760 bytes.");
}

#[test]
fn malformed_http_gets_400() {
    let gw = Gateway::start(&["--quiet"]);
    for bad in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET /prod/hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /prod/he llo HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /prod/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
    ] {
        let r = raw(gw.port, bad);
        assert_eq!(r.status, 400, "{:?}", String::from_utf8_lossy(bad));
    }
    // Still serving afterwards.
    assert_eq!(
        signed(&gw, &demo_credentials(), "GET", "/prod/hello", b"").status,
        200
    );
}

#[test]
fn concurrent_clients_all_get_their_own_answer() {
    let gw = Gateway::start(&["--quiet"]);
    let host = gw.host();
    let port = gw.port;
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let host = host.clone();
            std::thread::spawn(move || {
                let creds = demo_credentials();
                for i in 0..25 {
                    let target = format!("/prod/echo?client={t}&n={i}");
                    let headers = sign_headers(
                        &creds,
                        "execute-api",
                        &host,
                        "GET",
                        &target,
                        &[],
                        b"",
                        now(),
                    );
                    let r = send(port, "GET", &target, &headers, b"");
                    assert_eq!(r.status, 200, "{}", r.text());
                    let q = &r.json()["event"]["queryStringParameters"];
                    assert_eq!(
                        (q["client"].as_str(), q["n"].as_str()),
                        (Some(&*t.to_string()), Some(&*i.to_string()))
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn access_log_has_a_line_per_request_and_no_secret() {
    let mut gw = Gateway::start(&[]);
    let (temp, secret, token) = assume_role(&gw, "logged");
    let host = [("Host".to_string(), gw.host())];
    let target = presign(&temp, &gw.host(), "/prod/hello?name=log", now(), 60);
    let signature = target.rsplit('=').next().unwrap().to_string();
    assert_eq!(send(gw.port, "GET", &target, &host, b"").status, 200);
    assert_eq!(signed(&gw, &temp, "GET", "/prod/denied", b"").status, 403);
    let (clean, log) = gw.stop();
    assert!(clean, "exit status after SIGTERM");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert_eq!(lines[0]["outcome"], "sts_ok");
    assert_eq!(lines[1]["status"], 200);
    assert_eq!(
        lines[1]["caller"],
        "arn:aws:sts::111122223333:assumed-role/demo-client/logged"
    );
    assert_eq!(lines[2]["outcome"], "explicit_deny");
    for forbidden in [
        secret.as_str(),
        token.as_str(),
        signature.as_str(),
        SECRET,
        "AWS4-HMAC-SHA256 Credential",
    ] {
        assert!(!log.contains(forbidden), "log leaks {forbidden}: {log}");
    }
}

#[test]
fn sigterm_lets_requests_in_flight_finish() {
    let mut gw = Gateway::start(&["--quiet"]);
    // A request whose body is still arriving when the signal comes.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", gw.port)).unwrap();
    let body = b"0123456789";
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "POST",
        "/prod/slow",
        &[],
        body,
        now(),
    );
    let mut head = "POST /prod/slow HTTP/1.1\r\n".to_string();
    for (n, v) in &headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    // Expect: 100-continue makes the server say when the handler starts
    // reading the body: from then on the request is in flight.
    head.push_str("Content-Length: 10\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
    use std::io::{Read, Write};
    stream.write_all(head.as_bytes()).unwrap();
    let mut interim = Vec::new();
    let mut byte = [0u8; 1];
    while !interim.ends_with(b"\r\n\r\n") {
        assert_eq!(
            stream.read(&mut byte).unwrap(),
            1,
            "connection closed before 100 Continue"
        );
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&interim)
    );
    stream.write_all(b"01234").unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &gw.child.id().to_string()])
        .status();
    // Give the signal time to arrive before the rest of the body; the
    // assertion below holds whichever comes first.
    std::thread::sleep(std::time::Duration::from_millis(200));
    stream.write_all(b"56789").unwrap();
    let mut data = Vec::new();
    stream.read_to_end(&mut data).unwrap();
    assert_eq!(parse_response(&data).status, 200);
    let (clean, _) = gw.stop();
    assert!(clean);
    // New connections are refused once it has stopped.
    assert!(std::net::TcpStream::connect(("127.0.0.1", gw.port)).is_err());
}

#[test]
fn sigint_stops_it_cleanly_too() {
    let mut gw = Gateway::start(&["--quiet"]);
    assert_eq!(
        signed(&gw, &demo_credentials(), "GET", "/prod/hello", b"").status,
        200
    );
    let _ = std::process::Command::new("kill")
        .args(["-INT", &gw.child.id().to_string()])
        .status();
    let status = gw.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn unreadable_signatures_are_an_incomplete_signature() {
    let gw = Gateway::start(&["--quiet"]);
    let credential = "Credential=AKIDEXAMPLE/20261122/us-east-1/execute-api/aws4_request";
    for (authorization, says) in [
        ("Bearer abc".to_string(), "AWS4-HMAC-SHA256"),
        (
            format!("AWS4-HMAC-SHA256 {credential}"),
            "Authorization header requires 'Signature' parameter.",
        ),
        (
            format!("AWS4-HMAC-SHA256 {credential}, SignedHeaders=host;x-amz-date, Signature=abc"),
            "'X-Amz-Date'",
        ),
    ] {
        let headers = [
            ("Host".to_string(), gw.host()),
            ("Authorization".to_string(), authorization),
        ];
        let r = send(gw.port, "GET", "/prod/hello", &headers, b"");
        assert_eq!(r.status, 403);
        assert_eq!(
            r.header("x-amzn-ErrorType"),
            Some("IncompleteSignatureException")
        );
        assert!(r.message().contains(says), "{}", r.message());
    }
    let r = send(
        gw.port,
        "GET",
        "/prod/hello?X-Amz-Algorithm=AWS4-HMAC-SHA256",
        &[("Host".into(), gw.host())],
        b"",
    );
    assert_eq!(
        (r.status, r.header("x-amzn-ErrorType")),
        (403, Some("IncompleteSignatureException"))
    );
}

#[test]
fn print_config_and_bad_configs_on_the_command_line() {
    let bin = env!("CARGO_BIN_EXE_sigv4kit-gateway");
    let out = std::process::Command::new(bin)
        .arg("--print-config")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), DEMO_CONFIG);

    let path = write_config(
        "bad.toml",
        &DEMO_CONFIG.replace(
            "max_session_duration_secs = 3600",
            "max_session_duration_secs = 5",
        ),
    );
    let out = std::process::Command::new(bin)
        .args(["--config", &path, "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("roles[0].max_session_duration_secs: must be 900 ..= 43200"),
        "{err}"
    );
    assert!(!err.contains("EXAMPLEKEY"), "{err}");

    let out = std::process::Command::new(bin)
        .args(["--listen", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("--listen not-an-address"));
}

/// The demo config with a broad Allow and one Deny on `/prod/GET/secret`.
fn secret_deny_config() -> String {
    DEMO_CONFIG.replace(
        "Resource = [\"execute-api:/prod/*/denied\", \"execute-api:/prod/*/denied/*\"]",
        "Resource = \"execute-api:/prod/GET/secret\"",
    )
}

#[test]
fn dot_segments_and_encoded_dots_cannot_reach_past_an_explicit_deny() {
    let path = write_config("secret-deny.toml", &secret_deny_config());
    let gw = Gateway::start(&["--quiet", "--config", &path]);
    for target in ["/prod/secret", "/prod/%73ecret", "/prod/secre%74"] {
        let r = signed(&gw, &demo_credentials(), "GET", target, b"");
        assert_eq!(r.status, 403, "{target}: {}", r.text());
        assert!(r.message().ends_with(" with an explicit deny"), "{target}");
    }
    assert_eq!(
        signed(&gw, &demo_credentials(), "GET", "/prod/public", b"").status,
        200
    );
    // Each is signed as the client sends it (the core's signer, like
    // botocore's, normalizes the path it signs), and sent raw.
    for target in [
        "/prod/./secret",
        "/prod/x/../secret",
        "/prod//secret",
        "//prod/secret",
        "/prod/%2E/secret",
        "/prod/%2e%2E/prod/secret",
        "/prod/x/%2E%2E/secret",
        "/prod/x/.%2e/secret",
        "/prod/x%2F..%2Fsecret",
        "/prod/secret%00",
        "/prod/%zz/../secret",
        "/prod/secret/.",
        "/prod/secret?x=1/../",
    ] {
        let r = signed(&gw, &demo_credentials(), "GET", target, b"");
        let (path, _) = target.split_once('?').unwrap_or((target, ""));
        if path == "/prod/secret" {
            // A `..` in the query is not a path segment: plain explicit deny.
            assert_eq!(r.status, 403, "{target}: {}", r.text());
            continue;
        }
        assert_eq!(r.status, 400, "{target}: {}", r.text());
        assert_eq!(r.header("x-amzn-ErrorType"), Some("BadRequestException"));
        assert!(
            r.message().starts_with("The request path"),
            "{}",
            r.message()
        );
    }
    // Unsigned, too: refused before anything looks at the route.
    let host = [("Host".to_string(), gw.host())];
    assert_eq!(
        send(gw.port, "GET", "/prod/./secret", &host, b"").status,
        400
    );
}

#[test]
fn not_principal_denies_every_caller_not_wholly_excepted() {
    // The IAM documentation's NotPrincipal example: everyone but Bob is
    // denied, and Bob is listed with his account.
    let config = DEMO_CONFIG
        .replace(
            "Principal = { AWS = [\"arn:aws:iam::111122223333:user/demo\", \"arn:aws:iam::111122223333:role/demo-client\"] }",
            "Principal = \"*\"",
        )
        .replace(
            "Principal = \"*\"\nAction = \"execute-api:Invoke\"\nResource = [\"execute-api:/prod/*/denied\", \"execute-api:/prod/*/denied/*\"]",
            "NotPrincipal = { AWS = [\"arn:aws:iam::111122223333:user/bob\", \"arn:aws:iam::111122223333:root\"] }\nAction = \"execute-api:Invoke\"\nResource = \"execute-api:/prod/GET/bobonly\"",
        )
        + "\n[[identities]]\narn = \"arn:aws:iam::111122223333:user/alice\"\naccess_key_id = \"AKIAALICE\"\nsecret_access_key = \"alice-secret\"\n\
           \n[[identities]]\narn = \"arn:aws:iam::111122223333:user/bob\"\naccess_key_id = \"AKIABOB\"\nsecret_access_key = \"bob-secret\"\n";
    assert!(config.contains("user/bob\", \"arn:aws:iam::111122223333:root"));
    let path = write_config("not-principal.toml", &config);
    let gw = Gateway::start(&["--quiet", "--config", &path]);
    let alice = Credentials::new("AKIAALICE", "alice-secret", None).unwrap();
    let bob = Credentials::new("AKIABOB", "bob-secret", None).unwrap();
    let (session, _, _) = assume_role(&gw, "not-bob");
    for (who, creds) in [
        ("demo", demo_credentials()),
        ("alice", alice.clone()),
        ("session", session),
    ] {
        let r = signed(&gw, &creds, "GET", "/prod/bobonly", b"");
        assert_eq!(r.status, 403, "{who}: {}", r.text());
        assert!(r.message().ends_with(" with an explicit deny"), "{who}");
        assert_eq!(
            signed(&gw, &creds, "GET", "/prod/hello", b"").status,
            200,
            "{who}"
        );
    }
    let r = signed(&gw, &bob, "GET", "/prod/bobonly", b"");
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn host_must_be_present_once_and_unambiguous() {
    let gw = Gateway::start(&["--quiet"]);
    let host = gw.host();
    for (bad, says) in [
        (
            "GET /prod/hello HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
            "no Host header",
        ),
        (
            format!("GET /prod/hello HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            "more than one Host header",
        ),
        (
            format!("GET /prod/hello HTTP/1.1\r\nHost: {host}\r\nHost: other.example\r\nConnection: close\r\n\r\n"),
            "more than one Host header",
        ),
        (
            format!("GET http://other.example/prod/hello HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            "not the Host header",
        ),
    ] {
        let r = raw(gw.port, bad.as_bytes());
        assert_eq!(r.status, 400, "{bad:?}: {}", r.text());
        assert!(r.message().contains(says), "{bad:?}: {}", r.message());
    }
    // Signed over a Host header the request then omits: refused before the
    // signature is looked at.
    let headers: Vec<(String, String)> = sign_headers(
        &demo_credentials(),
        "execute-api",
        &host,
        "GET",
        "/prod/hello",
        &[],
        b"",
        now(),
    )
    .into_iter()
    .filter(|(n, _)| !n.eq_ignore_ascii_case("host"))
    .collect();
    assert_eq!(
        send(gw.port, "GET", "/prod/hello", &headers, b"").status,
        400
    );
    // The absolute form naming the same host is fine.
    let target = format!("http://{host}/prod/hello");
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &host,
        "GET",
        "/prod/hello",
        &[],
        b"",
        now(),
    );
    assert_eq!(send(gw.port, "GET", &target, &headers, b"").status, 200);
}

/// Header-signs with `x-amz-content-sha256` set to `payload` (signed), for
/// the payload forms a body-hash signer never writes.
fn sign_declared_payload(
    gw: &Gateway,
    service: &str,
    method: &str,
    target: &str,
    payload: sigv4kit::Payload<'_>,
) -> Vec<(String, String)> {
    let mut settings = sigv4kit::SigningSettings::new("us-east-1", service);
    settings.content_sha256_header = true;
    let signer = sigv4kit::Signer::new(settings).unwrap();
    let host = gw.host();
    let request = sigv4kit::Request::new(method, target).header("Host", &host);
    let out = signer
        .sign(
            &demo_credentials(),
            &request,
            payload,
            sigv4kit::SigningTime::from_unix(now()).unwrap(),
        )
        .unwrap();
    out.headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// Signs the head of an aws-chunked POST to `target` and frames `data`.
fn sign_chunked(
    gw: &Gateway,
    target: &str,
    upload: &sigv4kit::chunked::ChunkedUpload,
    data: &[u8],
) -> (Vec<(String, String)>, Vec<u8>) {
    let mut settings = sigv4kit::SigningSettings::new("us-east-1", "execute-api");
    settings.content_sha256_header = true;
    let signer = sigv4kit::Signer::new(settings).unwrap();
    let host = gw.host();
    let plan_headers = upload.headers();
    let mut request = sigv4kit::Request::new("POST", target).header("Host", &host);
    // Content-Length left unsigned (as `send` writes it), so that a body
    // cut short still reaches the chunk checks.
    for (n, v) in plan_headers.iter().filter(|(n, _)| *n != "Content-Length") {
        request = request.header(n, v);
    }
    let credentials = demo_credentials();
    let out = signer
        .sign(
            &credentials,
            &request,
            upload.payload(),
            sigv4kit::SigningTime::from_unix(now()).unwrap(),
        )
        .unwrap();
    let mut encoder = upload.encoder(Some((&credentials, &out))).unwrap();
    let mut body = Vec::new();
    encoder.write(data, &mut body).unwrap();
    encoder.finish(&mut body).unwrap();
    let headers = out
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    (headers, body)
}

#[test]
fn chunked_uploads_verify_chunk_by_chunk_and_unsigned_payloads_are_refused_by_default() {
    use sigv4kit::chunked::{ChecksumAlgorithm, ChunkedMode, ChunkedUpload};
    let gw = Gateway::start(&["--quiet"]);
    let data: Vec<u8> = (0..40_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    for (mode, checksum) in [
        (ChunkedMode::Signed, None),
        (
            ChunkedMode::SignedWithTrailer,
            Some(ChecksumAlgorithm::Crc32c),
        ),
    ] {
        let upload = ChunkedUpload::new(mode, data.len() as u64, 8192, checksum).unwrap();
        let (headers, body) = sign_chunked(&gw, "/prod/pets", &upload, &data);
        let r = send(gw.port, "POST", "/prod/pets", &headers, &body);
        assert_eq!(r.status, 200, "{mode:?}: {}", r.text());
        // The integration gets the data, decoded.
        assert_eq!(
            r.json()["event"]["body"].as_str(),
            Some(std::str::from_utf8(&data).unwrap()),
            "{mode:?}"
        );
        // One byte of one chunk changed: that chunk's signature fails.
        let mut tampered = body.clone();
        tampered[20_000] ^= 0x01;
        let r = send(gw.port, "POST", "/prod/pets", &headers, &tampered);
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(
            r.header("x-amzn-ErrorType"),
            Some("InvalidSignatureException")
        );
        assert!(
            r.message().contains("signature of chunk 2"),
            "{}",
            r.message()
        );
        // Cut short, or with the final chunk dropped: refused as truncated.
        let r = send(
            gw.port,
            "POST",
            "/prod/pets",
            &headers,
            &body[..body.len() - 3],
        );
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(
            r.message().contains("ended before its final chunk"),
            "{}",
            r.message()
        );
    }
    // A captured streaming head (no decoded length declared) replayed with
    // any body at all is refused.
    let streaming = sign_declared_payload(
        &gw,
        "execute-api",
        "POST",
        "/prod/pets",
        sigv4kit::Payload::Precomputed("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    );
    for body in [
        &b""[..],
        b"0;chunk-signature=0000\r\n\r\n",
        br#"{"attacker":true}"#,
    ] {
        let r = send(gw.port, "POST", "/prod/pets", &streaming, body);
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(
            r.message().contains("x-amz-decoded-content-length"),
            "{}",
            r.message()
        );
    }
    let unsigned = sign_declared_payload(
        &gw,
        "execute-api",
        "POST",
        "/prod/pets",
        sigv4kit::Payload::Unsigned,
    );
    for body in [&b""[..], br#"{"any":"body"}"#] {
        let r = send(gw.port, "POST", "/prod/pets", &unsigned, body);
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(
            r.header("x-amzn-ErrorType"),
            Some("InvalidSignatureException")
        );
        assert!(r
            .message()
            .starts_with("UNSIGNED-PAYLOAD is accepted only by S3"));
    }
    // STS refuses it too, in its own XML.
    let body = b"Action=GetCallerIdentity&Version=2011-06-15";
    let mut headers = sign_declared_payload(&gw, "sts", "POST", "/", sigv4kit::Payload::Unsigned);
    headers.push((
        "Content-Type".into(),
        "application/x-www-form-urlencoded".into(),
    ));
    let r = send(gw.port, "POST", "/", &headers, body);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(xml_tag(&r.text(), "Code"), "SignatureDoesNotMatch");
    // The body's own digest, declared and signed, is fine.
    let digest = sign_declared_payload(
        &gw,
        "execute-api",
        "POST",
        "/prod/pets",
        sigv4kit::Payload::Bytes(b"{}"),
    );
    assert_eq!(
        send(gw.port, "POST", "/prod/pets", &digest, b"{}").status,
        200
    );
}

#[test]
fn unsigned_payload_is_a_setting() {
    let config = DEMO_CONFIG.replace(
        "allow_unsigned_payload = false",
        "allow_unsigned_payload = true",
    );
    let path = write_config("unsigned-payload.toml", &config);
    let gw = Gateway::start(&["--quiet", "--config", &path]);
    let unsigned = sign_declared_payload(
        &gw,
        "execute-api",
        "POST",
        "/prod/pets",
        sigv4kit::Payload::Unsigned,
    );
    let r = send(gw.port, "POST", "/prod/pets", &unsigned, b"{}");
    assert_eq!(r.status, 200, "{}", r.text());
    // Streaming stays refused whatever the setting.
    let streaming = sign_declared_payload(
        &gw,
        "execute-api",
        "POST",
        "/prod/pets",
        sigv4kit::Payload::Precomputed("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
    );
    assert_eq!(
        send(gw.port, "POST", "/prod/pets", &streaming, b"x").status,
        400
    );
}

#[test]
fn access_log_redacts_secret_parameters_however_their_names_are_encoded() {
    let mut gw = Gateway::start(&[]);
    let (temp, secret, token) = assume_role(&gw, "encoded");
    let host = [("Host".to_string(), gw.host())];
    let target = presign(&temp, &gw.host(), "/prod/hello", now(), 60);
    assert!(target.contains("X-Amz-Security-Token="), "{target}");
    let signature = target.rsplit('=').next().unwrap().to_string();
    // The core reads the percent-encoded name as the token parameter (and
    // the canonical query re-encodes it alike), so this still verifies.
    let encoded = target
        .replace("X-Amz-Security-Token=", "X-Amz-Security-%54oken=")
        .replace("X-Amz-Signature=", "X%2DAmz%2Dsignature=");
    let r = send(gw.port, "GET", &encoded, &host, b"");
    assert_eq!(r.status, 403, "the lower-case name is not the signature");
    let encoded = target.replace("X-Amz-Security-Token=", "X-Amz-Security-%54oken=");
    let r = send(gw.port, "GET", &encoded, &host, b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(!r.text().contains(&token), "the echo shows the token");
    // Unsigned requests carrying the token under other spellings.
    for name in [
        "x-amz-security-token",
        "X-Amz-Security-%74oken",
        "X%2DAmz%2DSecurity%2DToken",
        "X-Amz-Security-%2554oken",
        "%58-Amz-Signature",
    ] {
        let value = if name.contains("Signature") {
            &signature
        } else {
            &token
        };
        let value = sigv4kit::uri_encode(value);
        send(
            gw.port,
            "GET",
            &format!("/prod/hello?{name}={value}"),
            &host,
            b"",
        );
    }
    let (_, log) = gw.stop();
    assert_eq!(log.lines().count(), 8, "{log}");
    for forbidden in [
        secret.as_str(),
        token.as_str(),
        &sigv4kit::uri_encode(&token),
        signature.as_str(),
    ] {
        // The message names no value: a failing run must not print one.
        assert!(!log.contains(forbidden), "the access log leaks a secret");
    }
}

/// Opens a connection, writes `bytes` and keeps the connection open without
/// sending more; returns everything read until the server closed it. The
/// socket's own read timeout (far longer than the gateway's) only keeps a
/// broken gateway from hanging the test: running into it fails the test.
fn stall(port: u16, bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut data = Vec::new();
    stream
        .read_to_end(&mut data)
        .expect("the gateway ends a stalled connection itself");
    data
}

#[test]
fn stalled_heads_and_bodies_are_cut_off() {
    let config = DEMO_CONFIG
        .replace(
            "header_read_timeout_secs = 10",
            "header_read_timeout_secs = 1",
        )
        .replace("body_read_timeout_secs = 30", "body_read_timeout_secs = 1");
    let path = write_config("short-timeouts.toml", &config);
    let gw = Gateway::start(&["--quiet", "--config", &path]);
    let host = gw.host();
    // Content-Length: 10 and no body: answered 408, connection closed.
    let data = stall(
        gw.port,
        format!("POST /prod/x HTTP/1.1\r\nHost: {host}\r\nContent-Length: 10\r\n\r\n").as_bytes(),
    );
    let r = parse_response(&data);
    assert_eq!(r.status, 408, "{}", r.text());
    assert_eq!(r.header("connection"), Some("close"));
    assert_eq!(r.message(), "The request body did not arrive in time.");
    // Part of a body, then nothing.
    let data = stall(
        gw.port,
        format!("PUT /prod/x HTTP/1.1\r\nHost: {host}\r\nContent-Length: 10\r\n\r\n01234")
            .as_bytes(),
    );
    assert_eq!(parse_response(&data).status, 408);
    // A chunked body that never ends.
    let data = stall(
        gw.port,
        format!(
            "POST /prod/x HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"
        )
        .as_bytes(),
    );
    assert_eq!(parse_response(&data).status, 408);
    // Half a request head: the connection is closed (hyper may or may not
    // write a 408 first; either way the connection ended).
    let data = stall(
        gw.port,
        format!("GET /prod/x HTTP/1.1\r\nHost: {host}\r\n").as_bytes(),
    );
    if !data.is_empty() {
        assert_eq!(parse_response(&data).status, 408);
    }
    // Nothing at all after connecting.
    let data = stall(gw.port, b"");
    assert!(data.is_empty() || parse_response(&data).status == 408);
    // Still serving.
    assert_eq!(
        signed(&gw, &demo_credentials(), "GET", "/prod/hello", b"").status,
        200
    );
}

#[test]
fn timeouts_must_be_sane() {
    let bin = env!("CARGO_BIN_EXE_sigv4kit-gateway");
    for bad in [
        "body_read_timeout_secs = 0",
        "header_read_timeout_secs = 86400",
    ] {
        let field = bad.split(' ').next().unwrap();
        let config = DEMO_CONFIG.replace(
            &format!(
                "{field} = {}",
                if field.starts_with("body") { 30 } else { 10 }
            ),
            bad,
        );
        let path = write_config("bad-timeouts.toml", &config);
        let out = std::process::Command::new(bin)
            .args(["--config", &path, "--listen", "127.0.0.1:0"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(&format!("limits.{field}: must be 1 ..= 3600")),
            "{err}"
        );
    }
}

#[test]
fn a_raw_plus_in_the_query_is_a_space_as_api_gateway_reads_it() {
    let gw = Gateway::start(&["--quiet"]);
    // Signed for a space, sent as a form serializer writes it.
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "GET",
        "/prod/echo?q=a%20b&name=x%20y",
        &[],
        b"",
        now(),
    );
    let r = send(gw.port, "GET", "/prod/echo?q=a+b&name=x+y", &headers, b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"]["queryStringParameters"]["q"], "a b");
    assert!(r.message().starts_with("Hello, x y!"), "{}", r.message());
    // Signed for a literal plus but sent raw: the API would read a space,
    // so the signature does not cover what it reads.
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "GET",
        "/prod/echo?q=a%2Bb",
        &[],
        b"",
        now(),
    );
    let r = send(gw.port, "GET", "/prod/echo?q=a+b", &headers, b"");
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.message().contains("\nq=a%20b\n"), "{}", r.message());
    // The literal plus sent as %2B is a plus.
    let r = send(gw.port, "GET", "/prod/echo?q=a%2Bb", &headers, b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"]["queryStringParameters"]["q"], "a+b");
    // A `+` in the path is a plus, signed and read as one.
    let r = signed(&gw, &demo_credentials(), "GET", "/prod/a+b", b"");
    assert_eq!(r.json()["event"]["path"], "/a+b");
}

#[test]
fn a_signature_must_be_presented_once() {
    let gw = Gateway::start(&["--quiet"]);
    let headers = sign_headers(
        &demo_credentials(),
        "execute-api",
        &gw.host(),
        "GET",
        "/prod/hello",
        &[],
        b"",
        now(),
    );
    let auth = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .unwrap()
        .1
        .clone();
    let date = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-date"))
        .unwrap()
        .1
        .clone();
    for (extra, says) in [
        (
            ("Authorization", auth.clone()),
            "more than one authorization header",
        ),
        (
            ("authorization", "AWS4-HMAC-SHA256 x".to_string()),
            "more than one authorization header",
        ),
        (("X-Amz-Date", date), "more than one x-amz-date header"),
    ] {
        let mut h = headers.clone();
        h.push((extra.0.to_string(), extra.1));
        let r = send(gw.port, "GET", "/prod/hello", &h, b"");
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(r.message().contains(says), "{}", r.message());
    }
    // Presigned: any auth parameter twice, however its name is spelled, or
    // a query signature next to an Authorization header.
    let host = vec![("Host".to_string(), gw.host())];
    let target = presign(&demo_credentials(), &gw.host(), "/prod/hello", now(), 300);
    assert_eq!(send(gw.port, "GET", &target, &host, b"").status, 200);
    let signature = target.rsplit('=').next().unwrap();
    for extra in [
        format!("&X-Amz-Signature={signature}"),
        format!("&x-amz-signature={signature}"),
        format!("&X-Amz-%53ignature={signature}"),
        "&X-Amz-Expires=604800".to_string(),
        "&X-Amz-Date=20200101T000000Z".to_string(),
        "&X-AMZ-CREDENTIAL=x".to_string(),
        "&X-Amz-SignedHeaders=host".to_string(),
    ] {
        let r = send(gw.port, "GET", &format!("{target}{extra}"), &host, b"");
        assert_eq!(r.status, 400, "{extra}: {}", r.text());
        assert!(
            r.message().starts_with("The query has more than one"),
            "{}",
            r.message()
        );
    }
    let r = send(gw.port, "GET", &target, &headers, b"");
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.message().starts_with("Only one auth mechanism allowed"));
}

#[test]
fn cognito_answers_only_on_its_own_path() {
    let gw = Gateway::start(&["--quiet"]);
    let headers = [
        ("Host".to_string(), gw.host()),
        (
            "X-Amz-Target".to_string(),
            "AWSCognitoIdentityService.GetId".to_string(),
        ),
        (
            "Content-Type".to_string(),
            "application/x-amz-json-1.1".to_string(),
        ),
    ];
    let body = br#"{"IdentityPoolId":"us-east-1:00000000-0000-4000-8000-000000000000"}"#;
    let r = send(gw.port, "POST", "/", &headers, body);
    assert_eq!(r.status, 200, "{}", r.text());
    for target in ["/prod/hello", "/prod/", "/identity", "/x/"] {
        let r = send(gw.port, "POST", target, &headers, body);
        assert_eq!(r.status, 403, "{target}: {}", r.text());
        assert_eq!(r.message(), "Missing Authentication Token", "{target}");
    }
}

#[test]
fn sts_reads_parameters_as_it_verified_them() {
    let gw = Gateway::start(&["--quiet"]);
    let ct = [("Content-Type", "application/x-www-form-urlencoded")];
    // Action twice: refused, in the body, in the query, or one in each.
    for (target, body) in [
        (
            "/",
            "Action=GetCallerIdentity&Version=2011-06-15&Action=AssumeRole",
        ),
        (
            "/?Action=AssumeRole",
            "Action=GetCallerIdentity&Version=2011-06-15",
        ),
    ] {
        let headers = sign_headers(
            &demo_credentials(),
            "sts",
            &gw.host(),
            "POST",
            target,
            &ct,
            body.as_bytes(),
            now(),
        );
        let r = send(gw.port, "POST", target, &headers, body.as_bytes());
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(xml_tag(&r.text(), "Code"), "ValidationError");
        assert!(xml_tag(&r.text(), "Message").contains("Action"));
    }
    let target = "/?Action=GetCallerIdentity&Version=2011-06-15&Action=GetCallerIdentity";
    let headers = sign_headers(
        &demo_credentials(),
        "sts",
        &gw.host(),
        "GET",
        target,
        &[],
        b"",
        now(),
    );
    assert_eq!(send(gw.port, "GET", target, &headers, b"").status, 400);
    // A `+` in the query is a space for STS and for the signature alike:
    // signed as %20, sent as +.
    let signed_for = "/?Action=GetCallerIdentity&Version=2011-06-15&Note=a%20b";
    let headers = sign_headers(
        &demo_credentials(),
        "sts",
        &gw.host(),
        "GET",
        signed_for,
        &[],
        b"",
        now(),
    );
    let r = send(
        gw.port,
        "GET",
        "/?Action=GetCallerIdentity&Version=2011-06-15&Note=a+b",
        &headers,
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(xml_tag(&r.text(), "Arn"), USER_ARN);
    // `+` for a space in a form body: the body is hashed as sent and read
    // as a form, so `GetCaller+Identity` is no action STS knows.
    let body = b"Action=GetCaller+Identity&Version=2011-06-15";
    let headers = sign_headers(
        &demo_credentials(),
        "sts",
        &gw.host(),
        "POST",
        "/",
        &ct,
        body,
        now(),
    );
    let r = send(gw.port, "POST", "/", &headers, body);
    assert_eq!(r.status, 400, "{}", r.text());
}
