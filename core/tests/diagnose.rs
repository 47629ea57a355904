//! `sigv4kit::diagnose` on arbitrary input: it never panics, and a session
//! token in either canonical request never shows in what it answers.

use proptest::prelude::*;
use sigv4kit::diagnose::explain;

const LEAD: &str = "The Canonical String for this request should have been";

fn canonical(path: &str, query: &str, token: &str, trace: &str) -> String {
    format!(
        "GET\n{path}\n{query}\nhost:h\nx-amz-date:20240101T000000Z\nx-amz-security-token:{token}\nx-trace:{trace}\n\nhost;x-amz-date;x-amz-security-token;x-trace\nUNSIGNED-PAYLOAD"
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(creq in ".{0,200}", sts in ".{0,200}", body in ".{0,400}") {
        let d = explain(&creq, &sts, &body);
        prop_assert!(!d.to_string().is_empty());
    }

    #[test]
    fn never_panics_on_quotes_and_markup(parts in proptest::collection::vec(prop_oneof![
        Just(LEAD.to_string()), Just("'".to_string()), Just("\n".to_string()),
        Just("<CanonicalRequest>".to_string()), Just("</CanonicalRequest>".to_string()),
        Just("<CanonicalRequestBytes>".to_string()), Just("&#x".to_string()), Just("{\"message\":\"".to_string()),
        "[a-z0-9 %&;=:/]{0,8}",
    ], 0..24)) {
        let body = parts.concat();
        let _ = explain("GET\n/\n\nhost:h\n\nhost\nx", "A\nB\nC/D/E/F\nG", &body);
    }

    #[test]
    fn a_token_never_shows(
        token in "[A-Za-z0-9+/=]{16,40}",
        other in "[A-Za-z0-9+/=]{16,40}",
        path in "/[a-z%0-9]{0,8}",
        query in "[a-z]=[a-z%0-9+]{0,6}",
        trace in "[a-z]{0,6}",
    ) {
        let ours = canonical("/p", "a=1", &token, "abc");
        let theirs = canonical(&path, &query, &other, &trace);
        let body = format!("{{\"message\":\"{LEAD}\\n'{}'\\n\"}}", theirs.replace('\n', "\\n"));
        let d = explain(&ours, "AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/execute-api/aws4_request\n00", &body);
        let shown = format!("{d}\n{d:?}");
        prop_assert!(!shown.contains(&token), "{}", shown);
        prop_assert!(!shown.contains(&other), "{}", shown);
    }
}
