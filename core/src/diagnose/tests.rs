//! The readers on their own; the shared cases (every binding, every body
//! format) are `testdata/cases/diagnose.jsonl`, run through each binding's
//! conformance runner.

use super::*;

const CREQ: &str = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

#[test]
fn byte_forms_win_over_text_forms() {
    // The text form lost a trailing space S3's byte form keeps.
    let bytes: Vec<String> = "GET\n/ \n".bytes().map(|b| format!("{b:02x}")).collect();
    let body = format!(
        "<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET\n/\n</CanonicalRequest><CanonicalRequestBytes>{}</CanonicalRequestBytes></Error>",
        bytes.join(" ")
    );
    assert_eq!(
        parse_error(&body).canonical_request.as_deref(),
        Some("GET\n/ \n")
    );
}

#[test]
fn xml_entities_and_similar_element_names() {
    let body = "<Error><CodeX>no</CodeX><Code>A&amp;B&#39;&#x41;&bogus;</Code></Error>";
    assert_eq!(parse_error(body).code.as_deref(), Some("A&B'A&bogus;"));
}

#[test]
fn quotes_may_hold_quotes() {
    let creq = "GET\n/\n\nx-note:it's\n\nx-note\nUNSIGNED-PAYLOAD";
    let body = format!(
        "The Canonical String for this request should have been\n'{creq}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\nX'\n"
    );
    let q = parse_error(&body);
    assert_eq!(q.canonical_request.as_deref(), Some(creq));
    assert_eq!(q.string_to_sign.as_deref(), Some("AWS4-HMAC-SHA256\nX"));
}

#[test]
fn json_that_is_not_json_is_read_as_text() {
    // A message pasted with raw newlines inside the string.
    let body = "{\"message\":\"x\n\nThe Canonical String for this request should have been\n'GET\n/a'\n\"}";
    assert_eq!(
        parse_error(body).canonical_request.as_deref(),
        Some("GET\n/a")
    );
}

#[test]
fn a_token_in_a_presigned_query_is_redacted() {
    let ours = CREQ.replace("\n\nhost:", "\nX-Amz-Security-Token=SECRET1&a=1\nhost:");
    let theirs = CREQ.replace("\n\nhost:", "\nX-Amz-Security-Token=SECRET1&a=2\nhost:");
    let body = format!("The Canonical String for this request should have been\n'{theirs}'\n");
    let d = explain(&ours, "", &body);
    assert_eq!(d.finding, Finding::Query);
    let shown = format!("{d}{d:?}");
    assert!(!shown.contains("SECRET1"), "{shown}");
}

#[test]
fn encodings_name_their_cause() {
    let with_path = |p: &str| CREQ.replacen("GET\n/\n", &format!("GET\n{p}\n"), 1);
    let quote =
        |c: &str| format!("The Canonical String for this request should have been\n'{c}'\n");
    let d = explain(&with_path("/a%20b"), "", &quote(&with_path("/a%2520b")));
    assert!(d.cause.contains("encodes the path twice"), "{}", d.cause);
    let d = explain(&with_path("/a%2ab"), "", &quote(&with_path("/a%2Ab")));
    assert!(
        d.cause.contains("percent-encoded differently"),
        "{}",
        d.cause
    );
}

#[test]
fn a_header_only_one_side_has() {
    let theirs = CREQ.replace("\n\nhost;", "\nx-extra:1\n\nhost;");
    let body = format!("The Canonical String for this request should have been\n'{theirs}'\n");
    let d = explain(CREQ, "", &body);
    assert_eq!(
        (d.finding, d.part.as_str(), d.line),
        (Finding::Header, "header x-extra", Some(6))
    );
    assert_eq!(
        (d.expected.as_deref(), d.signed.as_deref()),
        (Some("x-extra:1"), None)
    );
    let d = explain(
        &theirs,
        "",
        &format!("The Canonical String for this request should have been\n'{CREQ}'\n"),
    );
    assert_eq!(
        (d.expected.as_deref(), d.signed.as_deref()),
        (None, Some("x-extra:1"))
    );
}

#[test]
fn anything_goes_in_never_a_panic() {
    for body in [
        "",
        "{",
        "<",
        "<Error><Code>",
        "&#xFFFFFFFF;",
        "'",
        "The Canonical String for this request should have been",
        "{\"errors\":[]}",
        "<Error><CanonicalRequestBytes>zz</CanonicalRequestBytes></Error>",
    ] {
        let d = explain("", "", body);
        assert!(!d.to_string().is_empty());
    }
}

#[test]
fn the_debug_switch() {
    for on in ["1", "true", "yes", " TRUE "] {
        assert!(debug_enabled(Some(on)), "{on}");
    }
    for off in ["", "0", "false", "No", "OFF"] {
        assert!(!debug_enabled(Some(off)), "{off}");
    }
    assert!(!debug_enabled(None));
}

#[test]
fn json_values_around_the_message() {
    let body = r#"{"n": -1.5E+3, "ok": true, "none": null, "list": [1, {"a": "b"}], "__type": "x#Code", "message": "caf\u00e9 \ud83d\ude00 \"q\" \/"}"#;
    let q = parse_error(body);
    assert_eq!(q.message.as_deref(), Some("café 😀 \"q\" /"));
    assert_eq!(q.code.as_deref(), Some("Code"));
    // Broken JSON is read as text, never half-parsed.
    for broken in [
        r#"{"message": "a"#,
        r#"{"message": "\x"}"#,
        r#"{"message" "a"}"#,
        "{\"m\": \"\u{1}\"}",
    ] {
        assert!(
            parse_error(broken)
                .message
                .is_some_and(|m| m.starts_with('{')),
            "{broken}"
        );
    }
}
