//! S3 browser uploads through the gateway binary: a POST signed with the
//! core's presigner is stored; a tampered policy, an expired one, a field
//! the policy does not cover, a file too large, an unknown key and a
//! missing bucket get S3's XML errors.

mod common;

use common::*;
use sigv4kit::post_policy::{presign_post, Condition, PostPolicy, PresignedPost};
use sigv4kit::SigningTime;

const CLOCK: &str = "2026-03-01T12:00:00Z";

fn presigned(gw: &Gateway, policy: PostPolicy, at: &str) -> PresignedPost {
    let policy = policy.endpoint(format!("http://{}/s3", gw.host()));
    presign_post(
        &policy,
        &demo_credentials(),
        "us-east-1",
        SigningTime::parse_rfc3339(at).unwrap(),
    )
    .unwrap()
}

fn uploads_policy() -> PostPolicy {
    PostPolicy::new("uploads", "incoming/${filename}")
        .field("success_action_status", "201")
        .condition(Condition::Eq {
            field: "success_action_status".into(),
            value: "201".into(),
        })
        .condition(Condition::StartsWith {
            field: "Content-Type".into(),
            prefix: "text/".into(),
        })
        .condition(Condition::ContentLengthRange { min: 1, max: 64 })
}

/// Posts the fields, then the file, as a browser form does.
fn post(gw: &Gateway, path: &str, fields: &[(String, String)], file: &[u8]) -> Response {
    let boundary = "----sigv4kitFormBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let headers = vec![
        ("Host".to_string(), gw.host()),
        (
            "Content-Type".to_string(),
            format!("multipart/form-data; boundary={boundary}"),
        ),
    ];
    send(gw.port, "POST", path, &headers, &body)
}

fn with(fields: &[(String, String)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = fields.to_vec();
    out.extend(
        extra
            .iter()
            .map(|(n, v)| ((*n).to_string(), (*v).to_string())),
    );
    out
}

fn code(r: &Response) -> String {
    let text = r.text();
    let start = text.find("<Code>").map(|i| i + 6).unwrap_or(0);
    let end = text.find("</Code>").unwrap_or(start);
    text[start..end].to_string()
}

#[test]
fn a_presigned_post_uploads_and_every_tampering_is_refused_as_s3_does() {
    let gw = Gateway::start(&["--quiet", "--clock", CLOCK]);
    let post_ = presigned(&gw, uploads_policy(), "2026-03-01T11:59:00Z");
    assert_eq!(post_.url(), format!("http://{}/s3/uploads", gw.host()));
    let fields = with(post_.fields(), &[("Content-Type", "text/plain")]);

    let r = post(&gw, "/s3/uploads", &fields, b"hello");
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        r.text().contains("<Key>incoming/notes.txt</Key>"),
        "{}",
        r.text()
    );
    assert_eq!(r.header("Location"), Some("/uploads/incoming/notes.txt"));

    let r = post(&gw, "/s3/uploads", &fields, &[b'x'; 65]);
    assert_eq!(
        (r.status, code(&r)),
        (400, "EntityTooLarge".into()),
        "{}",
        r.text()
    );

    let r = post(
        &gw,
        "/s3/uploads",
        &with(&fields, &[("x-amz-meta-extra", "1")]),
        b"hello",
    );
    assert_eq!(
        (r.status, code(&r)),
        (403, "AccessDenied".into()),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains("Extra input fields: x-amz-meta-extra"),
        "{}",
        r.text()
    );

    let wrong_type: Vec<(String, String)> = with(post_.fields(), &[("Content-Type", "image/png")]);
    let r = post(&gw, "/s3/uploads", &wrong_type, b"hello");
    assert_eq!(
        (r.status, code(&r)),
        (403, "AccessDenied".into()),
        "{}",
        r.text()
    );
    assert!(r.text().contains("Policy Condition failed"), "{}", r.text());

    let tampered: Vec<(String, String)> = fields
        .iter()
        .map(|(n, v)| {
            if n == "policy" {
                // The same document with one condition loosened.
                let loosened = String::from_utf8(b64_decode(v))
                    .unwrap()
                    .replace("\"text/\"", "\"\"");
                (n.clone(), b64_encode(loosened.as_bytes()))
            } else {
                (n.clone(), v.clone())
            }
        })
        .collect();
    let r = post(&gw, "/s3/uploads", &tampered, b"hello");
    assert_eq!(
        (r.status, code(&r)),
        (403, "SignatureDoesNotMatch".into()),
        "{}",
        r.text()
    );

    let r = post(&gw, "/s3/other", &fields, b"hello");
    assert_eq!(
        (r.status, code(&r)),
        (404, "NoSuchBucket".into()),
        "{}",
        r.text()
    );

    let r = post(&gw, "/s3/uploads", &with(&[], &[("key", "a")]), b"hello");
    assert_eq!(
        (r.status, code(&r)),
        (403, "AccessDenied".into()),
        "{}",
        r.text()
    );

    let headers = vec![
        ("Host".to_string(), gw.host()),
        ("Content-Type".to_string(), "text/plain".to_string()),
    ];
    let r = send(gw.port, "POST", "/s3/uploads", &headers, b"hello");
    assert_eq!(
        (r.status, code(&r)),
        (400, "MalformedPOSTRequest".into()),
        "{}",
        r.text()
    );

    let r = send(gw.port, "GET", "/s3/uploads", &headers, b"");
    assert_eq!(
        (r.status, code(&r)),
        (405, "MethodNotAllowed".into()),
        "{}",
        r.text()
    );
}

#[test]
fn an_expired_policy_and_an_unknown_key_are_refused() {
    let gw = Gateway::start(&["--quiet", "--clock", CLOCK]);
    let old = presigned(&gw, uploads_policy().expires_in(60), "2026-03-01T11:58:00Z");
    let r = post(
        &gw,
        "/s3/uploads",
        &with(old.fields(), &[("Content-Type", "text/plain")]),
        b"hello",
    );
    assert_eq!(
        (r.status, code(&r)),
        (403, "AccessDenied".into()),
        "{}",
        r.text()
    );
    assert!(r.text().contains("Policy expired"), "{}", r.text());

    let stranger = sigv4kit::Credentials::new("AKIDSTRANGER", SECRET, None).unwrap();
    let policy = uploads_policy().endpoint(format!("http://{}/s3", gw.host()));
    let post_ = presign_post(
        &policy,
        &stranger,
        "us-east-1",
        SigningTime::parse_rfc3339(CLOCK).unwrap(),
    )
    .unwrap();
    let r = post(
        &gw,
        "/s3/uploads",
        &with(post_.fields(), &[("Content-Type", "text/plain")]),
        b"hello",
    );
    assert_eq!(
        (r.status, code(&r)),
        (403, "InvalidAccessKeyId".into()),
        "{}",
        r.text()
    );

    let eu = presign_post(
        &policy,
        &demo_credentials(),
        "eu-west-1",
        SigningTime::parse_rfc3339(CLOCK).unwrap(),
    )
    .unwrap();
    let r = post(
        &gw,
        "/s3/uploads",
        &with(eu.fields(), &[("Content-Type", "text/plain")]),
        b"hello",
    );
    assert_eq!(
        (r.status, code(&r)),
        (400, "AuthorizationHeaderMalformed".into()),
        "{}",
        r.text()
    );
}

#[test]
fn without_success_action_status_the_answer_is_204() {
    let gw = Gateway::start(&["--quiet", "--clock", CLOCK]);
    let post_ = presigned(&gw, PostPolicy::new("uploads", "fixed.bin"), CLOCK);
    let r = post(&gw, "/s3/uploads", post_.fields(), b"");
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_encode(input: &[u8]) -> String {
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b64_decode(input: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in input.bytes().filter(|&c| c != b'=') {
        bits = (bits << 6) | ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}
