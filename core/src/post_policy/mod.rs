//! S3 POST policies: browser uploads straight to a bucket with an HTML form.
//!
//! A presigned POST is a form, not a signed request: the server that owns
//! the credentials writes a policy document (when it expires and what the
//! form may hold), signs the base64 of that document with the day's SigV4
//! signing key, and hands the browser the fields to post with the file. The
//! signature covers the exact bytes of the base64 text, so this module
//! writes the document byte for byte as botocore's `generate_presigned_post`
//! does (conditions in the caller's order, then the bucket, the key and the
//! `x-amz-*` conditions, escaped as Python's `json.dumps` escapes) and a policy made here equals
//! botocore's for the same inputs.
//!
//! [`verify`] is the other side, S3's: given the posted fields, the file's
//! size and the credentials of the access key the form names, it checks the
//! signature, the scope, the expiry and every condition, and that every
//! field is covered by one.
//!
//! ```
//! use sigv4kit::post_policy::{presign_post, Condition, PostPolicy};
//! use sigv4kit::{Credentials, SigningTime};
//!
//! let credentials = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None)?;
//! let policy = PostPolicy::new("examplebucket", "uploads/${filename}")
//!     .condition(Condition::ContentLengthRange { min: 1, max: 10 << 20 })
//!     .condition(Condition::StartsWith { field: "Content-Type".into(), prefix: "image/".into() });
//! let time = SigningTime::parse_rfc3339("2015-12-29T00:00:00Z").unwrap();
//! let post = presign_post(&policy, &credentials, "us-east-1", time)?;
//! assert_eq!(post.url(), "https://examplebucket.s3.amazonaws.com/");
//! assert_eq!(post.field("key"), Some("uploads/${filename}"));
//! # Ok::<(), sigv4kit::post_policy::PostPolicyError>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

mod base64;
mod json_text;
pub mod verify;

use core::fmt;

use crate::{check_expires_in, hex, Credentials, SigningSettings, SigningTime, ALGORITHM};

/// The variable S3 replaces with the uploaded file's name in the `key`
/// field.
pub const FILENAME_VARIABLE: &str = "${filename}";

/// The longest object key S3 accepts, in bytes.
pub const MAX_KEY_LEN: usize = 1024;

/// The largest `content-length-range` bound: 2^53 − 1, the largest integer
/// every JSON reader (JavaScript's included) holds exactly.
pub const MAX_CONTENT_LENGTH: u64 = (1 << 53) - 1;

/// How long a policy lives when the caller does not say: one hour, as
/// botocore's default.
pub const DEFAULT_EXPIRES_IN: u64 = 3600;

/// Form fields the signer writes itself; a caller may neither set them nor
/// put conditions on them.
const SIGNER_FIELDS: [&str; 7] = [
    "key",
    "policy",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-signature",
];

/// One condition of the policy: what a form field must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition {
    /// `{"field": "value"}`: the field must equal `value`.
    Exact {
        /// The form field's name, without `$`.
        field: String,
        /// The value it must have.
        value: String,
    },
    /// `["eq", "$field", "value"]`: the same test, in array form.
    Eq {
        /// The form field's name, without `$`.
        field: String,
        /// The value it must have.
        value: String,
    },
    /// `["starts-with", "$field", "prefix"]`; an empty prefix allows any
    /// value.
    StartsWith {
        /// The form field's name, without `$`.
        field: String,
        /// What its value must start with.
        prefix: String,
    },
    /// `["content-length-range", min, max]`: the file's size in bytes,
    /// both bounds included.
    ContentLengthRange {
        /// The smallest size allowed.
        min: u64,
        /// The largest size allowed.
        max: u64,
    },
}

impl Condition {
    /// The form field the condition is about (`None` for the length range).
    pub fn field(&self) -> Option<&str> {
        match self {
            Condition::Exact { field, .. }
            | Condition::Eq { field, .. }
            | Condition::StartsWith { field, .. } => Some(field),
            Condition::ContentLengthRange { .. } => None,
        }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Condition::Exact { field, value } => {
                out.push('{');
                json_text::push_str(out, field);
                out.push_str(": ");
                json_text::push_str(out, value);
                out.push('}');
            }
            Condition::Eq { field, value }
            | Condition::StartsWith {
                field,
                prefix: value,
            } => {
                out.push('[');
                json_text::push_str(
                    out,
                    if matches!(self, Condition::Eq { .. }) {
                        "eq"
                    } else {
                        "starts-with"
                    },
                );
                out.push_str(", ");
                json_text::push_str(out, &format!("${field}"));
                out.push_str(", ");
                json_text::push_str(out, value);
                out.push(']');
            }
            Condition::ContentLengthRange { min, max } => {
                out.push_str(&format!("[\"content-length-range\", {min}, {max}]"));
            }
        }
    }
}

/// What a presigned POST allows: the bucket, the key (which may end in
/// `${filename}`), the caller's conditions and prefilled fields, and the
/// lifetime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostPolicy {
    bucket: String,
    key: String,
    conditions: Vec<Condition>,
    fields: Vec<(String, String)>,
    expires_in: u64,
    endpoint: Option<String>,
}

impl PostPolicy {
    /// A policy for uploads of `key` into `bucket`, valid for an hour.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        PostPolicy {
            bucket: bucket.into(),
            key: key.into(),
            conditions: Vec::new(),
            fields: Vec::new(),
            expires_in: DEFAULT_EXPIRES_IN,
            endpoint: None,
        }
    }

    /// Adds a condition (after those added before).
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Adds conditions written as S3's policy documents write them: `text`
    /// is a JSON array of `{"field": "value"}`, `["eq", "$field",
    /// "value"]`, `["starts-with", "$field", "prefix"]` and
    /// `["content-length-range", min, max]` (what bindings hand over from
    /// their users' own values). An error names `conditions[i]`.
    pub fn conditions_json(mut self, text: &str) -> Result<Self, PostPolicyError> {
        let start = self.conditions.len();
        let bad = |field: String, reason: &'static str| {
            PostPolicyError::new("invalid_condition", field, reason)
        };
        let Some(crate::json::Value::Arr(items)) = crate::json::parse(text) else {
            return Err(bad("conditions".into(), "must be a JSON array"));
        };
        let parsed = verify::conditions_from_json(&items)
            .map_err(|(i, reason)| bad(format!("conditions[{}]", start + i), reason))?;
        self.conditions.extend(parsed);
        Ok(self)
    }

    /// Adds a form field to send with the file (`acl`, `Content-Type`,
    /// `success_action_status`, `x-amz-meta-*`, …). A field needs a
    /// condition that allows it, or S3 refuses the upload; presigning
    /// checks that.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// The policy's lifetime in seconds, 1 ..= 604800 (7 days, the life of
    /// a signing key's scope).
    pub fn expires_in(mut self, secs: u64) -> Self {
        self.expires_in = secs;
        self
    }

    /// Posts to `endpoint` (`http://127.0.0.1:9000`, an S3-compatible
    /// store) with the bucket in the path, instead of AWS's endpoint.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    fn check(&self) -> Result<(), PostPolicyError> {
        check_bucket(&self.bucket)?;
        check_key(&self.key)?;
        check_expires_in(self.expires_in).map_err(PostPolicyError::from_core)?;
        if let Some(endpoint) = &self.endpoint {
            check_endpoint(endpoint)?;
        }
        for (i, condition) in self.conditions.iter().enumerate() {
            check_condition(i, condition)?;
        }
        for (i, (name, value)) in self.fields.iter().enumerate() {
            if let Some(reason) = self.field_problem(i, name, value) {
                let at = if name.is_empty() {
                    "fields".to_owned()
                } else {
                    format!("fields.{}", crate::error::printable(name))
                };
                return Err(PostPolicyError::new("invalid_field", at, reason));
            }
        }
        Ok(())
    }

    /// What is wrong with the `i`th field, if anything.
    fn field_problem(&self, i: usize, name: &str, value: &str) -> Option<&'static str> {
        if name.is_empty() {
            return Some("a field name must not be empty");
        }
        if has_control(name) || name.contains('"') {
            return Some("a field name must not hold control characters or '\"'");
        }
        if has_control(value) {
            return Some("a field value must not hold control characters (browsers rewrite line breaks in forms)");
        }
        if is_signer_field(name) || name.eq_ignore_ascii_case("file") {
            return Some("is written by presigning (key, policy, x-amz-*) or is the file itself");
        }
        if self.fields[..i].iter().any(|(n, _)| n == name) {
            return Some("is given twice");
        }
        if verify::is_exempt(name) {
            return None;
        }
        let mut on_it = self
            .conditions
            .iter()
            .filter(|c| c.field() == Some(name))
            .peekable();
        if on_it.peek().is_none() {
            return Some("has no condition in the policy, so S3 would refuse the upload; add one");
        }
        if !on_it.all(|c| verify::condition_holds(c, value)) {
            return Some("does not meet a condition on it, so S3 would refuse the upload");
        }
        None
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

fn is_signer_field(name: &str) -> bool {
    SIGNER_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
}

fn check_bucket(bucket: &str) -> Result<(), PostPolicyError> {
    if bucket.is_empty() || bucket.len() > 255 {
        return Err(PostPolicyError::new(
            "invalid_bucket",
            "bucket",
            "must be 1 to 255 characters",
        ));
    }
    if !bucket
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    {
        return Err(PostPolicyError::new(
            "invalid_bucket",
            "bucket",
            "may hold only letters, digits, '.', '-' and '_'",
        ));
    }
    Ok(())
}

fn check_key(key: &str) -> Result<(), PostPolicyError> {
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(PostPolicyError::new(
            "invalid_key",
            "key",
            "must be 1 to 1024 bytes",
        ));
    }
    if has_control(key) {
        return Err(PostPolicyError::new(
            "invalid_key",
            "key",
            "must not hold control characters",
        ));
    }
    if let Some(at) = key.find(FILENAME_VARIABLE) {
        if at + FILENAME_VARIABLE.len() != key.len() {
            return Err(PostPolicyError::new(
                "invalid_key",
                "key",
                "${filename} may only end the key: the policy can then pin the part before it with starts-with",
            ));
        }
    }
    Ok(())
}

fn check_endpoint(endpoint: &str) -> Result<(), PostPolicyError> {
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(PostPolicyError::new(
            "invalid_endpoint",
            "endpoint",
            "must start with http:// or https://",
        ));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty()
        || !rest.bytes().all(|b| b.is_ascii_graphic())
        || rest.contains(['?', '#'])
    {
        return Err(PostPolicyError::new(
            "invalid_endpoint",
            "endpoint",
            "must be an http(s) URL with a host and no query, fragment or white space",
        ));
    }
    Ok(())
}

fn check_condition(i: usize, condition: &Condition) -> Result<(), PostPolicyError> {
    let at = || format!("conditions[{i}]");
    let bad = |reason| Err(PostPolicyError::new("invalid_condition", at(), reason));
    if let Condition::ContentLengthRange { min, max } = condition {
        if min > max {
            return bad("content-length-range: min is greater than max");
        }
        if *max > MAX_CONTENT_LENGTH {
            return bad("content-length-range: max is above 2^53 - 1");
        }
    }
    let (field, value) = match condition {
        Condition::Exact { field, value } | Condition::Eq { field, value } => (field, value),
        Condition::StartsWith { field, prefix } => (field, prefix),
        Condition::ContentLengthRange { .. } => return Ok(()),
    };
    if field.is_empty() {
        return bad("the field name must not be empty");
    }
    if has_control(field) || field.starts_with('$') {
        return bad(
            "the field name must not hold control characters or start with '$' (it is added)",
        );
    }
    if has_control(value) {
        return bad(
            "the value must not hold control characters (browsers rewrite line breaks in forms)",
        );
    }
    let key_prefix = matches!(condition, Condition::StartsWith { .. }) && field == "key";
    if field.eq_ignore_ascii_case("bucket") || (is_signer_field(field) && !key_prefix) {
        return bad("presigning writes the conditions on bucket, key, policy and x-amz-*; only [\"starts-with\", \"$key\", …] may be added");
    }
    if field.eq_ignore_ascii_case("file") {
        return bad(
            "the file is not a field a condition can test; use content-length-range for its size",
        );
    }
    Ok(())
}

/// A presigned POST: where to post and the form fields to send with the
/// file (the file last, as S3 requires).
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedPost {
    url: String,
    fields: Vec<(String, String)>,
    policy: String,
}

impl PresignedPost {
    /// The URL the form posts to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The fields in botocore's order: the caller's, then `key`, the
    /// `x-amz-*` fields, `policy` and `x-amz-signature`.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// One field's value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The policy document, as JSON text (what the `policy` field holds in
    /// base64). It names the session token, if any: do not log it.
    pub fn policy_json(&self) -> &str {
        &self.policy
    }

    /// The `x-amz-signature` field: hex HMAC-SHA256 of the base64 policy
    /// under the signing key.
    pub fn signature(&self) -> &str {
        self.field("x-amz-signature").unwrap_or_default()
    }
}

impl fmt::Debug for PresignedPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token field and the policy (which quotes the token) are hidden.
        let fields: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(n, v)| match n.as_str() {
                "x-amz-security-token" | "policy" => (n.as_str(), "** redacted **"),
                _ => (n.as_str(), v.as_str()),
            })
            .collect();
        f.debug_struct("PresignedPost")
            .field("url", &self.url)
            .field("fields", &fields)
            .finish()
    }
}

/// Why a POST policy could not be made. `field` names the input at fault
/// (`bucket`, `key`, `conditions[2]`, `fields.acl`, `expires_in`,
/// `region`, …); the message never quotes a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostPolicyError {
    code: &'static str,
    field: String,
    reason: &'static str,
    /// The core's error, when the refusal is one (region, credentials, …).
    core: Option<crate::Error>,
}

impl PostPolicyError {
    fn new(code: &'static str, field: impl Into<String>, reason: &'static str) -> Self {
        PostPolicyError {
            code,
            field: field.into(),
            reason,
            core: None,
        }
    }

    fn from_core(err: crate::Error) -> Self {
        PostPolicyError {
            code: err.code(),
            field: err.field().into(),
            reason: "",
            core: Some(err),
        }
    }

    /// The stable code: `invalid_bucket`, `invalid_key`,
    /// `invalid_condition`, `invalid_field`, `invalid_endpoint`, or the
    /// core's `invalid_expiry`, `invalid_region`, `invalid_credentials`,
    /// `invalid_timestamp`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The input at fault.
    pub fn field(&self) -> &str {
        &self.field
    }
}

impl fmt::Display for PostPolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.core {
            Some(err) => err.fmt(f), // names its field already
            None => write!(f, "invalid {}: {}", self.field, self.reason),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for PostPolicyError {}

impl From<crate::Error> for PostPolicyError {
    fn from(err: crate::Error) -> Self {
        PostPolicyError::from_core(err)
    }
}

/// Whether a bucket name can be a DNS label of a TLS host name
/// (`bucket.s3.amazonaws.com`): lower-case letters, digits and hyphens,
/// 3 to 63 of them. Others go in the path.
fn virtual_hostable(bucket: &str) -> bool {
    (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !bucket.starts_with('-')
        && !bucket.ends_with('-')
}

/// The URL botocore's S3 client gives a presigned POST: the bucket as a
/// host label of the global endpoint when it can be one, else in the path
/// of the region's endpoint (`s3.amazonaws.com` for us-east-1); with a
/// custom endpoint, always in its path.
fn post_url(bucket: &str, region: &str, endpoint: Option<&str>) -> String {
    if let Some(endpoint) = endpoint {
        return format!("{}/{bucket}", endpoint.trim_end_matches('/'));
    }
    if virtual_hostable(bucket) {
        return format!("https://{bucket}.s3.amazonaws.com/");
    }
    if region == "us-east-1" {
        format!("https://s3.amazonaws.com/{bucket}")
    } else {
        format!("https://s3.{region}.amazonaws.com/{bucket}")
    }
}

/// Builds and signs a POST policy for `region` at `time`: the policy
/// expires `expires_in` seconds after `time`.
pub fn presign_post(
    policy: &PostPolicy,
    credentials: &Credentials,
    region: &str,
    time: SigningTime,
) -> Result<PresignedPost, PostPolicyError> {
    SigningSettings::new(region, "s3").validate()?;
    policy.check()?;
    let expiration =
        SigningTime::from_unix(time.unix() + policy.expires_in as i64).map_err(|_| {
            PostPolicyError::new(
                "invalid_expiry",
                "expires_in",
                "the policy would expire after 9999-12-31",
            )
        })?;
    let amz_date = time.amz_date();
    let amz_date = core::str::from_utf8(&amz_date).unwrap_or_default();
    let credential = format!(
        "{}/{}/{region}/s3/aws4_request",
        credentials.access_key_id(),
        &amz_date[..8]
    );

    let mut conditions: Vec<Condition> = policy.conditions.clone();
    conditions.push(Condition::Exact {
        field: "bucket".into(),
        value: policy.bucket.clone(),
    });
    match policy.key.strip_suffix(FILENAME_VARIABLE) {
        Some(prefix) => conditions.push(Condition::StartsWith {
            field: "key".into(),
            prefix: prefix.into(),
        }),
        None => conditions.push(Condition::Exact {
            field: "key".into(),
            value: policy.key.clone(),
        }),
    }
    let mut signer_fields: Vec<(String, String)> = vec![
        ("x-amz-algorithm".into(), ALGORITHM.into()),
        ("x-amz-credential".into(), credential),
        ("x-amz-date".into(), amz_date.into()),
    ];
    if let Some(token) = credentials.session_token() {
        signer_fields.push(("x-amz-security-token".into(), token.into()));
    }
    for (name, value) in &signer_fields {
        conditions.push(Condition::Exact {
            field: name.clone(),
            value: value.clone(),
        });
    }

    let mut json = String::with_capacity(256 + 64 * conditions.len());
    json.push_str("{\"expiration\": ");
    json_text::push_str(&mut json, &expiration.rfc3339());
    json.push_str(", \"conditions\": [");
    for (i, condition) in conditions.iter().enumerate() {
        if i > 0 {
            json.push_str(", ");
        }
        condition.write_json(&mut json);
    }
    json.push_str("]}");

    let encoded = base64::encode(json.as_bytes());
    let signature = hex(&credentials.sign_with_key(
        &amz_date.as_bytes()[..8],
        region,
        "s3",
        encoded.as_bytes(),
    ));
    let mut fields = policy.fields.clone();
    fields.push(("key".into(), policy.key.clone()));
    fields.extend(signer_fields);
    fields.push(("policy".into(), encoded));
    fields.push(("x-amz-signature".into(), signature));
    Ok(PresignedPost {
        url: post_url(&policy.bucket, region, policy.endpoint.as_deref()),
        fields,
        policy: json,
    })
}
