//! The `post_policy` operation of the conformance contract: a presigned S3
//! POST through the crate's public API (see `CONFORMANCE.md`).

use serde_json::{json, Value};
use sigv4kit::post_policy::{presign_post, PostPolicy, PostPolicyError};
use sigv4kit::{Credentials, SigningTime};

/// The result line of one case: `{url, fields}` or an error.
pub fn run(case: &Value) -> Value {
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    match presign(case) {
        Ok((url, fields)) => json!({ "id": id, "url": url, "fields": fields }),
        Err(Failure::BadCase(message)) => {
            json!({ "id": id, "error": { "code": "invalid_case", "message": message } })
        }
        Err(Failure::Refused(err)) => {
            json!({ "id": id, "error": { "code": err.code(), "message": err.to_string() } })
        }
    }
}

enum Failure {
    BadCase(&'static str),
    Refused(PostPolicyError),
}

impl From<PostPolicyError> for Failure {
    fn from(e: PostPolicyError) -> Self {
        Failure::Refused(e)
    }
}

impl From<sigv4kit::Error> for Failure {
    fn from(e: sigv4kit::Error) -> Self {
        Failure::Refused(e.into())
    }
}

fn text<'a>(obj: &'a Value, key: &str, message: &'static str) -> Result<&'a str, Failure> {
    obj.get(key)
        .and_then(Value::as_str)
        .ok_or(Failure::BadCase(message))
}

fn presign(case: &Value) -> Result<(String, Vec<[String; 2]>), Failure> {
    let creds = case
        .get("credentials")
        .ok_or(Failure::BadCase("missing credentials"))?;
    let token = creds
        .get("session_token")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let credentials = Credentials::new(
        text(creds, "access_key_id", "missing credentials.access_key_id")?,
        text(
            creds,
            "secret_access_key",
            "missing credentials.secret_access_key",
        )?,
        token,
    )?;
    let time = SigningTime::parse_rfc3339(text(case, "timestamp", "missing timestamp")?)?;
    let mut policy = PostPolicy::new(
        text(case, "bucket", "missing bucket")?,
        text(case, "key", "missing key")?,
    );
    if let Some(conditions) = case.get("conditions") {
        policy = policy.conditions_json(&conditions.to_string())?;
    }
    for pair in case
        .get("fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match (
            pair.get(0).and_then(Value::as_str),
            pair.get(1).and_then(Value::as_str),
        ) {
            (Some(n), Some(v)) => policy = policy.field(n, v),
            _ => {
                return Err(Failure::BadCase(
                    "each field must be a [name, value] pair of strings",
                ))
            }
        }
    }
    if let Some(secs) = case.get("expires_in") {
        policy = policy.expires_in(
            secs.as_u64()
                .ok_or(Failure::BadCase("expires_in must be a whole number"))?,
        );
    }
    if let Some(endpoint) = case.get("endpoint").and_then(Value::as_str) {
        policy = policy.endpoint(endpoint);
    }
    let post = presign_post(
        &policy,
        &credentials,
        text(case, "region", "missing region")?,
        time,
    )?;
    let fields = post
        .fields()
        .iter()
        .map(|(n, v)| [n.clone(), v.clone()])
        .collect();
    Ok((post.url().to_owned(), fields))
}
