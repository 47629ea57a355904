//! The Rust conformance runner: reads cases (one JSON object a line) on
//! standard input and writes one result line each, through the crate's
//! public API only. See `CONFORMANCE.md` for the contract.

use std::io::{self, BufRead, Write};

#[path = "conformance/post_policy.rs"]
mod post_policy;

use serde_json::{json, Map, Value};
use sigv4kit::verify::{parse_signature, VerifyError, VerifySettings};
use sigv4kit::{
    Credentials, PathRules, Payload, Request, SignatureLocation, Signer, SigningSettings,
    SigningTime,
};

fn main() {
    let stdin = io::stdin();
    let mut out = io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let result = match serde_json::from_str::<Value>(&line) {
            Ok(case) => run(&case),
            Err(_) => error_line(Value::Null, "invalid_case", "the line is not valid JSON"),
        };
        // A closed pipe ends the run; nothing else is worth reporting.
        if writeln!(out, "{result}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
}

fn error_line(id: Value, code: &str, message: &str) -> Value {
    json!({ "id": id, "error": { "code": code, "message": message } })
}

/// A field of the wrong type or a missing required one.
struct BadCase(&'static str);

fn run(case: &Value) -> Value {
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    if case.get("op").and_then(Value::as_str) == Some("post_policy") {
        return post_policy::run(case);
    }
    if case.get("op").and_then(Value::as_str) == Some("verify") {
        return match verify_case(case) {
            Ok(result) => json!({ "id": id, "verified": result }),
            Err(VerifyOutcome::BadCase(BadCase(message))) => {
                error_line(id, "invalid_case", message)
            }
            Err(VerifyOutcome::Refused(err)) => {
                error_line(id, err.code().as_str(), &err.to_string())
            }
        };
    }
    if case.get("op").and_then(Value::as_str) == Some("diagnose") {
        return diagnose_case(case, id);
    }
    let outcome = match case.get("op").and_then(Value::as_str) {
        Some("defaults") => defaults_case(case),
        Some("chunked") => chunked_case(case),
        _ => sign_case(case),
    };
    match outcome {
        Ok(result) => {
            let mut result = result;
            result.insert("id".into(), id);
            Value::Object(result)
        }
        Err(Outcome::BadCase(BadCase(message))) => error_line(id, "invalid_case", message),
        Err(Outcome::Refused(err)) => error_line(id, err.code(), &err.to_string()),
    }
}

/// The `diagnose` operation: the core's reading of a 403 body against the
/// strings that were signed.
fn diagnose_case(case: &Value, id: Value) -> Value {
    let field = |name: &str| case.get(name).and_then(Value::as_str);
    let (Some(creq), Some(sts), Some(body)) = (
        field("canonical_request"),
        field("string_to_sign"),
        field("body"),
    ) else {
        return error_line(
            id,
            "invalid_case",
            "canonical_request, string_to_sign and body must be strings",
        );
    };
    let d = sigv4kit::diagnose::explain(creq, sts, body);
    json!({ "id": id, "diagnosis": {
        "finding": d.finding.code(),
        "part": d.part,
        "line": d.line,
        "expected": d.expected,
        "signed": d.signed,
        "error_code": d.error_code,
        "cause": d.cause,
        "hint": d.hint,
        "text": d.to_string(),
    }})
}

enum Outcome {
    BadCase(BadCase),
    Refused(sigv4kit::Error),
}

impl From<BadCase> for Outcome {
    fn from(b: BadCase) -> Self {
        Outcome::BadCase(b)
    }
}

impl From<sigv4kit::Error> for Outcome {
    fn from(e: sigv4kit::Error) -> Self {
        Outcome::Refused(e)
    }
}

fn str_field<'a>(obj: &'a Value, key: &str, message: &'static str) -> Result<&'a str, BadCase> {
    obj.get(key).and_then(Value::as_str).ok_or(BadCase(message))
}

fn bool_field(obj: &Value, key: &str, default: bool) -> Result<bool, BadCase> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(BadCase("a boolean option has another type")),
    }
}

/// The case's `credentials` object as the core's credentials.
fn case_credentials(case: &Value) -> Result<Credentials, Outcome> {
    let creds = case
        .get("credentials")
        .ok_or(BadCase("missing credentials"))?;
    let token = match creds.get("session_token") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(BadCase("session_token must be a string or null").into()),
    };
    Ok(Credentials::new(
        str_field(creds, "access_key_id", "missing credentials.access_key_id")?,
        str_field(
            creds,
            "secret_access_key",
            "missing credentials.secret_access_key",
        )?,
        token,
    )?)
}

fn sign_case(case: &Value) -> Result<Map<String, Value>, Outcome> {
    if case.get("id").is_none() {
        return Err(BadCase("missing id").into());
    }
    let algorithm = case
        .get("algorithm")
        .and_then(Value::as_str)
        .unwrap_or("AWS4-HMAC-SHA256");
    let algorithm = sigv4kit::Algorithm::from_name(algorithm).ok_or(BadCase(
        "unsupported algorithm: AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256",
    ))?;
    let location = case
        .get("signature_location")
        .and_then(Value::as_str)
        .unwrap_or("headers");
    let credentials = case_credentials(case)?;
    let mut settings = SigningSettings::new(
        str_field(case, "region", "missing region")?,
        str_field(case, "service", "missing service")?,
    );
    settings.path_rules = PathRules {
        double_encode: bool_field(case, "double_encode_path", true)?,
        normalize: bool_field(case, "normalize_path", true)?,
    };
    settings.content_sha256_header = bool_field(case, "content_sha256_header", false)?;
    settings.omit_session_token = bool_field(case, "omit_session_token", false)?;
    settings.algorithm = algorithm;
    let time = SigningTime::parse_rfc3339(str_field(case, "timestamp", "missing timestamp")?)?;
    let expires_in = match case.get("expires_in") {
        None | Some(Value::Null) => 3600,
        Some(v) => v.as_u64().ok_or(sigv4kit::Error::InvalidExpiry {
            reason: "must be a whole number of seconds",
        })?,
    };

    let req = case.get("request").ok_or(BadCase("missing request"))?;
    let method = str_field(req, "method", "missing request.method")?;
    let target = str_field(req, "target", "missing request.target")?;
    let mut header_pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(list) = req.get("headers") {
        for pair in list
            .as_array()
            .ok_or(BadCase("request.headers must be a list of pairs"))?
        {
            match pair.as_array().map(Vec::as_slice) {
                Some([Value::String(n), Value::String(v)]) => header_pairs.push((n, v)),
                _ => {
                    return Err(
                        BadCase("each header must be a [name, value] pair of strings").into(),
                    )
                }
            }
        }
    }
    let body = match req.get("body_base64") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => {
            base64_decode(s).ok_or(BadCase("request.body_base64 is not base64"))?
        }
        Some(_) => return Err(BadCase("request.body_base64 must be a string").into()),
    };
    let payload_spec = case.get("payload");
    let mode = payload_spec
        .and_then(|p| p.get("mode"))
        .and_then(Value::as_str)
        .unwrap_or("hash");
    let payload = match mode {
        "hash" => Payload::Bytes(&body),
        "unsigned" => Payload::Unsigned,
        "precomputed" => Payload::Precomputed(
            payload_spec
                .and_then(|p| p.get("value"))
                .and_then(Value::as_str)
                .ok_or(BadCase("payload.value is required for precomputed"))?,
        ),
        _ => return Err(BadCase("payload.mode must be hash, unsigned or precomputed").into()),
    };

    let signer = Signer::new(settings)?;
    let request = Request {
        method,
        target,
        headers: header_pairs,
    };
    let signed = match location {
        "headers" => signer.sign(&credentials, &request, payload, time)?,
        "query" => signer.presign(&credentials, &request, payload, time, expires_in)?,
        _ => return Err(BadCase("signature_location must be headers or query").into()),
    };
    let headers: Vec<Value> = signed
        .headers(&request)
        .into_iter()
        .map(|(n, v)| json!([n, v]))
        .collect();
    let mut result = Map::new();
    result.insert(
        "canonical_request".into(),
        signed.canonical_request().into(),
    );
    result.insert("string_to_sign".into(), signed.string_to_sign().into());
    result.insert("signature".into(), signed.signature().into());
    result.insert(
        "signed_request".into(),
        json!({
            "method": method,
            "target": signed.presigned_target().unwrap_or(target),
            "headers": headers,
        }),
    );
    Ok(result)
}

enum VerifyOutcome {
    BadCase(BadCase),
    Refused(VerifyError),
}

impl From<BadCase> for VerifyOutcome {
    fn from(b: BadCase) -> Self {
        VerifyOutcome::BadCase(b)
    }
}

impl From<VerifyError> for VerifyOutcome {
    fn from(e: VerifyError) -> Self {
        VerifyOutcome::Refused(e)
    }
}

/// The `verify` operation: parse the presented signature, look its access
/// key id up in `keys`, verify with the case's settings.
fn verify_case(case: &Value) -> Result<Value, VerifyOutcome> {
    let req = case.get("request").ok_or(BadCase("missing request"))?;
    let method = str_field(req, "method", "missing request.method")?;
    let target = str_field(req, "target", "missing request.target")?;
    let headers = header_pairs(req)?;
    let body = match req.get("body_base64") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => {
            base64_decode(s).ok_or(BadCase("request.body_base64 is not base64"))?
        }
        Some(_) => return Err(BadCase("request.body_base64 must be a string").into()),
    };
    let now = SigningTime::parse_rfc3339(str_field(case, "now", "missing now")?)
        .map_err(|_| BadCase("now must be an RFC 3339 UTC time"))?;
    let v = case.get("verify").unwrap_or(&Value::Null);
    let opt_str = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let settings = VerifySettings::new()
        .with_path_rules(PathRules {
            double_encode: bool_field(v, "double_encode_path", true)?,
            normalize: bool_field(v, "normalize_path", true)?,
        })
        .with_max_clock_skew_secs(
            v.get("max_clock_skew")
                .and_then(Value::as_i64)
                .unwrap_or(300),
        )
        .with_region(opt_str("region"))
        .with_service(opt_str("service"))
        .with_allow_unsigned_payload(match v.get("allow_unsigned_payload") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                return Err(BadCase("allow_unsigned_payload must be a boolean or null").into())
            }
        });
    let request = Request {
        method,
        target,
        headers,
    };
    let presented = parse_signature(&request)?;
    let key = case
        .get("keys")
        .and_then(Value::as_array)
        .ok_or(BadCase("keys must be a list"))?
        .iter()
        .find(|k| k.get("access_key_id").and_then(Value::as_str) == Some(presented.access_key_id()))
        .ok_or(VerifyError::UnknownAccessKey)?;
    let expiration = match key.get("expiration") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            SigningTime::parse_rfc3339(s)
                .map_err(|_| BadCase("keys[].expiration must be an RFC 3339 UTC time"))?
                .unix(),
        ),
        Some(_) => return Err(BadCase("keys[].expiration must be a string or null").into()),
    };
    let credentials = Credentials::new(
        str_field(key, "access_key_id", "missing keys[].access_key_id")?,
        str_field(key, "secret_access_key", "missing keys[].secret_access_key")?,
        key.get("session_token")
            .and_then(Value::as_str)
            .map(str::to_owned),
    )
    .map_err(|_| BadCase("keys[] holds unusable credentials"))?
    .with_expiration(expiration);
    let verified = presented.verify(
        &request,
        Payload::Bytes(&body),
        &credentials,
        now,
        &settings,
    )?;
    Ok(json!({
        "access_key_id": verified.access_key_id,
        "region": verified.region,
        "service": verified.service,
        "location": match verified.location {
            SignatureLocation::Headers => "headers",
            SignatureLocation::Query => "query",
        },
    }))
}

fn header_pairs(req: &Value) -> Result<Vec<(&str, &str)>, BadCase> {
    let mut pairs = Vec::new();
    if let Some(list) = req.get("headers") {
        for pair in list
            .as_array()
            .ok_or(BadCase("request.headers must be a list of pairs"))?
        {
            match pair.as_array().map(Vec::as_slice) {
                Some([Value::String(n), Value::String(v)]) => pairs.push((n.as_str(), v.as_str())),
                _ => {
                    return Err(BadCase(
                        "each header must be a [name, value] pair of strings",
                    ))
                }
            }
        }
    }
    Ok(pairs)
}

/// A `defaults` case: only what a user gives, through the core's policy
/// (`SigningSettings::new`, `policy::wire_target`, `policy::default_payload`,
/// `policy::DEFAULT_EXPIRES_IN`, `SigningOutput::headers`); the result is
/// what goes on the wire.
fn defaults_case(case: &Value) -> Result<Map<String, Value>, Outcome> {
    use sigv4kit::policy;
    let creds = case
        .get("credentials")
        .ok_or(BadCase("missing credentials"))?;
    let token = creds
        .get("session_token")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let credentials = Credentials::new(
        str_field(creds, "access_key_id", "missing credentials.access_key_id")?,
        str_field(
            creds,
            "secret_access_key",
            "missing credentials.secret_access_key",
        )?,
        token,
    )?;
    let region = str_field(case, "region", "missing region")?;
    let service = str_field(case, "service", "missing service")?;
    let time = SigningTime::parse_rfc3339(str_field(case, "timestamp", "missing timestamp")?)?;
    let method = str_field(case, "method", "missing method")?;
    let url = sigv4kit::url::split_url(str_field(case, "url", "missing url")?)?;
    let host = url.host_header().into_owned();
    let target = policy::wire_target(&url.target).into_owned();
    let mut request = Request::new(method, &target).header("Host", &host);
    let given = case.get("headers").and_then(Value::as_array);
    for pair in given.into_iter().flatten() {
        match (
            pair.get(0).and_then(Value::as_str),
            pair.get(1).and_then(Value::as_str),
        ) {
            (Some(n), Some(v)) => request.headers.push((n, v)),
            _ => return Err(BadCase("each header must be a [name, value] pair of strings").into()),
        }
    }
    let body = base64_decode(
        case.get("body_base64")
            .and_then(Value::as_str)
            .unwrap_or(""),
    )
    .ok_or(BadCase("body_base64 is not base64"))?;
    let presign = bool_field(case, "presign", false)?;
    let signer = Signer::new(SigningSettings::new(region, service))?;
    let payload = policy::default_payload(service, presign, &body);
    let signed = if presign {
        let expires = case
            .get("expires_in")
            .and_then(Value::as_u64)
            .unwrap_or(policy::DEFAULT_EXPIRES_IN);
        signer.presign(&credentials, &request, payload, time, expires)?
    } else {
        signer.sign(&credentials, &request, payload, time)?
    };
    let sent = signed.presigned_target().unwrap_or(&target);
    let mut headers: Vec<(String, &str)> = signed
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v))
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut result = Map::new();
    result.insert("method".into(), json!(method));
    result.insert(
        "url".into(),
        json!(format!("{}://{host}{sent}", url.scheme)),
    );
    result.insert("headers".into(), json!(headers));
    Ok(result)
}

/// The `chunked` operation: an aws-chunked upload of the request's body,
/// the head signed with the service's defaults, the body framed by the
/// core's encoder (fed in pieces of 10000 bytes).
fn chunked_case(case: &Value) -> Result<Map<String, Value>, Outcome> {
    use sigv4kit::chunked::{ChecksumAlgorithm, ChunkedMode, ChunkedUpload};
    let credentials = case_credentials(case)?;
    let mut settings = SigningSettings::new(
        str_field(case, "region", "missing region")?,
        str_field(case, "service", "missing service")?,
    );
    // SigV4a's ECDSA chunks: the head signed with AWS4-ECDSA-P256-SHA256.
    if let Some(name) = case.get("algorithm").and_then(Value::as_str) {
        settings.algorithm = sigv4kit::Algorithm::from_name(name).ok_or(BadCase(
            "unsupported algorithm: AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256",
        ))?;
    }
    let time = SigningTime::parse_rfc3339(str_field(case, "timestamp", "missing timestamp")?)?;
    let spec = case.get("chunked").ok_or(BadCase("missing chunked"))?;
    let mode = ChunkedMode::parse(str_field(spec, "mode", "missing chunked.mode")?).ok_or(
        sigv4kit::Error::InvalidPayload {
            reason: "mode must be signed, signed-trailer or unsigned-trailer",
        },
    )?;
    let checksum = match spec.get("checksum") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(ChecksumAlgorithm::parse(name).ok_or(
            sigv4kit::Error::InvalidPayload {
                reason: "checksum must be crc32, crc32c or sha256",
            },
        )?),
        Some(_) => return Err(BadCase("chunked.checksum must be a string or null").into()),
    };
    let chunk_size = spec
        .get("chunk_size")
        .and_then(Value::as_u64)
        .ok_or(BadCase("chunked.chunk_size must be a whole number"))?;
    let req = case.get("request").ok_or(BadCase("missing request"))?;
    let method = str_field(req, "method", "missing request.method")?;
    let target = str_field(req, "target", "missing request.target")?;
    let given = header_pairs(req)?;
    let body = match req.get("body_base64") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => {
            base64_decode(s).ok_or(BadCase("request.body_base64 is not base64"))?
        }
        Some(_) => return Err(BadCase("request.body_base64 must be a string").into()),
    };
    let upload = ChunkedUpload::new(
        mode,
        body.len() as u64,
        usize::try_from(chunk_size).unwrap_or(usize::MAX),
        checksum,
    )?;
    let plan_headers = upload.headers();
    let mut headers: Vec<(&str, &str)> = given
        .into_iter()
        .filter(|(n, _)| !plan_headers.iter().any(|(p, _)| p.eq_ignore_ascii_case(n)))
        .collect();
    headers.extend(plan_headers.iter().map(|(n, v)| (*n, v.as_str())));
    let request = Request {
        method,
        target,
        headers,
    };
    let signed = Signer::new(settings)?.sign(&credentials, &request, upload.payload(), time)?;
    let mut encoder = upload.encoder(Some((&credentials, &signed)))?;
    let mut framed = Vec::new();
    for piece in body.chunks(10_000) {
        encoder.write(piece, &mut framed)?;
    }
    encoder.finish(&mut framed)?;
    let sent: Vec<Value> = signed
        .headers(&request)
        .into_iter()
        .map(|(n, v)| json!([n, v]))
        .collect();
    let mut result = Map::new();
    result.insert(
        "signed_request".into(),
        json!({ "method": method, "target": target, "headers": sent }),
    );
    result.insert("body_base64".into(), base64_encode(&framed).into());
    Ok(result)
}

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = u32::from(group[0]) << 16
            | u32::from(*group.get(1).unwrap_or(&0)) << 8
            | u32::from(*group.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= group.len() {
                ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}
