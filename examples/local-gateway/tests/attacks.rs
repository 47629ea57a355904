//! The red-team cases (`testdata/cases/attacks.jsonl`, signed by botocore,
//! expected codes written by hand in `attacks.expected.jsonl`) replayed
//! against the gateway binary over raw TCP, with the gateway's clock fixed at
//! each case's `now` (`--clock`) and a config holding the case's keys.
//!
//! - an `ok-*` control must get 200;
//! - a refusal must get a 4xx, and the access log's `outcome` for it must be
//!   the core code the expected file names, unless the gateway refuses the
//!   request before verification, on its own: those cases are listed in
//!   [`GATEWAY_FIRST`] with the outcome and the reason;
//! - cases whose `verify` settings the gateway cannot express are listed in
//!   [`NOT_APPLICABLE`] with the reason; they are still sent, and a refusal
//!   among them must still be a 4xx.
//!
//! Every case id of the file must be in exactly one of these three groups,
//! so a case added to the file and forgotten here fails the test.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use common::{send, write_config, Gateway};
use serde_json::{json, Value};

/// What the gateway answers, for a case it refuses before the core's
/// verifier sees it.
enum Early {
    /// A 4xx with this access-log outcome.
    Logged(u16, &'static str),
    /// A status hyper answers itself, before the gateway's handler runs (so
    /// no access-log line).
    HttpLayer(u16),
}

/// Cases the gateway refuses (or, for the one control, refuses instead of
/// accepting) on its own, before verification: (id, answer, reason).
const GATEWAY_FIRST: &[(&str, Early, &str)] = &[
    (
        "ok-dot-segments-normalized",
        Early::Logged(400, "ambiguous_path"),
        "the gateway refuses every '.'/'..' segment instead of normalizing it (request_path.rs): \
         the verifier accepts the signature, the gateway never lets the path reach routing",
    ),
    (
        "repath-to-other",
        Early::Logged(400, "ambiguous_path"),
        "a '..' segment: refused by request_path.rs before verification",
    ),
    (
        "repath-encoded-dots",
        Early::Logged(400, "ambiguous_path"),
        "a percent-encoded '..' segment: refused by request_path.rs before verification",
    ),
    (
        "repath-encoded-dot",
        Early::Logged(400, "ambiguous_path"),
        "a percent-encoded '.' segment: refused by request_path.rs before verification",
    ),
    (
        "host-dropped",
        Early::Logged(400, "bad_host"),
        "HTTP/1.1 without Host is a 400 (RFC 9112 section 3.2) before any signature is read",
    ),
    (
        "host-doubled",
        Early::Logged(400, "bad_host"),
        "two Host headers are a 400 (RFC 9112 section 3.2) before any signature is read",
    ),
    (
        "authorization-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated auth header: check_single_signature refuses it before verification",
    ),
    (
        "x-amz-date-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated auth header: check_single_signature refuses it before verification",
    ),
    (
        "security-token-header-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated auth header: check_single_signature refuses it before verification",
    ),
    (
        "header-and-query-auth",
        Early::Logged(400, "ambiguous_signature"),
        "an Authorization header and X-Amz-* query parameters: refused before verification",
    ),
    (
        "query-x-amz-signature-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "query-x-amz-credential-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "query-x-amz-date-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "query-x-amz-signedheaders-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "query-x-amz-algorithm-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "query-x-amz-expires-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "query-x-amz-security-token-twice",
        Early::Logged(400, "ambiguous_signature"),
        "a repeated X-Amz-* query parameter: refused before verification",
    ),
    (
        "too-many-signed-headers",
        Early::HttpLayer(431),
        "303 header lines: hyper's limit of 100 headers answers 431 before the gateway's \
         handler runs, so there is no access-log line",
    ),
];

/// Cases whose `verify` settings the gateway cannot be configured for:
/// (id, reason).
const NOT_APPLICABLE: &[(&str, &str)] = &[
    (
        "ok-unsigned-payload-s3",
        "S3 settings (service s3, no path normalization, UNSIGNED-PAYLOAD allowed): the gateway \
         serves execute-api and sts only, and /bucket/key is not under its stage",
    ),
    (
        "streaming-payload-s3",
        "S3 settings (service s3, no path normalization): the gateway serves execute-api and sts \
         only, and /bucket/key is not under its stage",
    ),
    (
        "ok-streaming-unsigned-trailer-s3",
        "S3 settings (service s3, no path normalization): the gateway serves execute-api and sts \
         only, and /bucket/key is not under its stage",
    ),
    (
        "streaming-payload-truncated-s3",
        "S3 settings (service s3, no path normalization): the gateway serves execute-api and sts \
         only, and /bucket/key is not under its stage",
    ),
    (
        "streaming-ecdsa-s3",
        "S3 settings (service s3, no path normalization): the gateway serves execute-api and sts \
         only, and /bucket/key is not under its stage",
    ),
    (
        "repath-double-slash-s3",
        "S3's path settings (no normalization, no double encoding): the gateway always verifies \
         with execute-api's, and refuses '//' on its own",
    ),
];

fn cases_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cases")
}

fn read_jsonl(name: &str) -> Vec<Value> {
    let path = cases_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .collect()
}

/// Standard base64 with padding, as the case files write bodies.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {text:?}"),
        }
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let take = chunk.len() * 3 / 4;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + take]);
    }
    out
}

/// A gateway config (JSON, the TOML config's structure) holding `keys`, with
/// a policy that allows every caller everything: the attack cases are about
/// authentication, not authorization.
fn config_for(keys: &[Value]) -> String {
    let identities: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let temporary = k.get("session_token").is_some_and(|t| !t.is_null());
            let arn = if temporary {
                format!("arn:aws:sts::111122223333:assumed-role/replay/session-{i}")
            } else {
                format!("arn:aws:iam::111122223333:user/replay-{i}")
            };
            let mut identity = json!({
                "arn": arn,
                "access_key_id": k["access_key_id"],
                "secret_access_key": k["secret_access_key"],
            });
            if temporary {
                identity["session_token"] = k["session_token"].clone();
            }
            if let Some(exp) = k.get("expiration").filter(|e| !e.is_null()) {
                identity["expires_at"] = exp.clone();
            }
            identity
        })
        .collect();
    json!({
        "api": {
            "id": "abc123",
            "stage": "prod",
            "region": "us-east-1",
            "account": "111122223333",
            "routes": ["ANY /", "ANY /{proxy+}"],
        },
        "limits": { "max_clock_skew_secs": 300 },
        "verification": { "allow_unsigned_payload": false },
        "identities": identities,
        "policy": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": "*",
                "Action": "execute-api:Invoke",
                "Resource": "execute-api:/*",
            }],
        },
    })
    .to_string()
}

/// What the gateway is configured with, and so what a case's `verify` must
/// be for the core code to be expected.
fn gateway_settings(verify: &Value) -> bool {
    verify["region"] == "us-east-1"
        && (verify["service"] == "execute-api" || verify["service"] == "sts")
        && verify["normalize_path"] == true
        && verify["double_encode_path"] == true
        && verify["max_clock_skew"] == 300
        && verify["allow_unsigned_payload"].is_null()
}

struct Sent {
    id: String,
    status: u16,
    request_id: Option<String>,
    body: String,
}

#[test]
fn attack_cases_through_the_gateway() {
    let cases = read_jsonl("attacks.jsonl");
    let expected: HashMap<String, Value> = read_jsonl("attacks.expected.jsonl")
        .into_iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e))
        .collect();
    assert_eq!(cases.len(), expected.len(), "one expected line per case");

    let early: HashMap<&str, &Early> = GATEWAY_FIRST.iter().map(|(id, e, _)| (*id, e)).collect();
    let not_applicable: HashSet<&str> = NOT_APPLICABLE.iter().map(|(id, _)| *id).collect();
    let ids: HashSet<&str> = cases.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for listed in early.keys().chain(not_applicable.iter()) {
        assert!(
            ids.contains(listed),
            "{listed} is listed here but not in attacks.jsonl"
        );
        assert!(
            !(early.contains_key(listed) && not_applicable.contains(listed)),
            "{listed} is listed twice"
        );
    }

    // One gateway per (clock, keys): each case sees exactly its own keys at
    // its own `now`.
    let mut groups: BTreeMap<(String, String), Vec<&Value>> = BTreeMap::new();
    for case in &cases {
        let key = (
            case["now"].as_str().unwrap().to_string(),
            case["keys"].to_string(),
        );
        groups.entry(key).or_default().push(case);
    }

    let secrets: Vec<String> = cases
        .iter()
        .flat_map(|c| c["keys"].as_array().unwrap().clone())
        .flat_map(|k| [k["secret_access_key"].clone(), k["session_token"].clone()])
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();

    let mut failures = Vec::new();
    let mut checked = 0;
    for (n, ((now, _), group)) in groups.iter().enumerate() {
        let keys = group[0]["keys"].as_array().unwrap();
        let path = write_config(&format!("attacks-{n}.json"), &config_for(keys));
        let mut gw = Gateway::start(&["--config", &path, "--clock", now]);
        let mut sent = Vec::new();
        for case in group {
            let r = &case["request"];
            let headers: Vec<(String, String)> = r["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    (
                        h[0].as_str().unwrap().to_string(),
                        h[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let body = base64_decode(r["body_base64"].as_str().unwrap_or(""));
            // The head and body as captured; `send` adds only the framing
            // (Content-Length for a body, Connection: close), neither signed.
            let response = send(
                gw.port,
                r["method"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
                &headers,
                &body,
            );
            sent.push(Sent {
                id: case["id"].as_str().unwrap().to_string(),
                status: response.status,
                request_id: response.header("x-amzn-RequestId").map(str::to_string),
                body: response.text(),
            });
        }
        let (stopped, log) = gw.stop();
        assert!(stopped, "the gateway exits 0 on SIGTERM");
        for secret in &secrets {
            assert!(
                !log.contains(secret.as_str()),
                "a secret or token in the access log"
            );
        }
        let outcomes: HashMap<String, String> = log
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|e| {
                Some((
                    e["request_id"].as_str()?.to_string(),
                    e["outcome"].as_str()?.to_string(),
                ))
            })
            .collect();

        for s in sent {
            let case = group.iter().find(|c| c["id"] == s.id.as_str()).unwrap();
            let outcome = s
                .request_id
                .as_ref()
                .and_then(|id| outcomes.get(id))
                .cloned();
            let want = &expected[&s.id];
            let refusal = want
                .get("error")
                .map(|e| e["code"].as_str().unwrap().to_string());
            let mut fail = |what: String| {
                failures.push(format!(
                    "{}: {what} (got {} {:?}: {})",
                    s.id,
                    s.status,
                    outcome,
                    s.body.chars().take(200).collect::<String>()
                ))
            };
            if not_applicable.contains(s.id.as_str()) {
                if refusal.is_some() && !(400..500).contains(&s.status) {
                    fail("a refusal, even where not applicable, must be a 4xx".into());
                }
                assert!(
                    !gateway_settings(&case["verify"]),
                    "{} is listed as not applicable but its settings are the gateway's",
                    s.id
                );
                continue;
            }
            if !gateway_settings(&case["verify"]) {
                fail(format!(
                    "settings {} the gateway cannot express: list it in NOT_APPLICABLE",
                    case["verify"]
                ));
                continue;
            }
            checked += 1;
            match (early.get(s.id.as_str()), &refusal) {
                (Some(Early::Logged(status, name)), _) => {
                    if (s.status, outcome.as_deref()) != (*status, Some(*name)) {
                        fail(format!("expected the gateway's own {status} {name}"));
                    }
                }
                (Some(Early::HttpLayer(status)), _) => {
                    if s.status != *status || outcome.is_some() {
                        fail(format!(
                            "expected {status} from the HTTP layer, no log line"
                        ));
                    }
                }
                (None, None) => {
                    if s.status != 200 || outcome.as_deref() != Some("allowed") {
                        fail("a control must be allowed".into());
                    }
                }
                (None, Some(code)) => {
                    if !(400..500).contains(&s.status) || outcome.as_deref() != Some(code) {
                        fail(format!("expected a 4xx logged as {code}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        checked + NOT_APPLICABLE.len(),
        cases.len(),
        "every case checked or listed"
    );
}

#[test]
fn the_base64_reader_matches_known_values() {
    // RFC 4648 section 10's test vectors.
    for (text, plain) in [
        ("", ""),
        ("Zg==", "f"),
        ("Zm8=", "fo"),
        ("Zm9v", "foo"),
        ("Zm9vYg==", "foob"),
        ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"),
    ] {
        assert_eq!(base64_decode(text), plain.as_bytes(), "{text}");
    }
}
