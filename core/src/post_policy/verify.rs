//! The server side of a presigned POST, as S3 checks it.
//!
//! Two steps, as for signed requests: [`parse_post`] reads the posted form
//! fields far enough to know which access key signed them (the caller looks
//! the key up), then [`PresentedPost::verify`] checks, in this order, the
//! credential scope, the key's expiry, the session token, the signature over
//! the base64 policy exactly as posted, the policy's expiry, every
//! condition, and that every form field other than those S3 exempts
//! (`x-amz-signature`, `file`, `policy`, `x-ignore-*`) is named by a
//! condition. Each refusal has a stable code ([`PostVerifyError::code`]).
//!
//! Field names are matched as written, except the `x-amz-*` fields that
//! carry the signature, which are found whatever their case (SDKs send
//! `X-Amz-Signature` as well as `x-amz-signature`). A condition on a field
//! the form does not hold tests the empty string, so `["starts-with",
//! "$Content-Type", ""]` allows the field to be absent.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{base64, Condition, FILENAME_VARIABLE};
use crate::error::printable;
use crate::json::{self, Value};
use crate::{hex, Credentials, SigningTime, ALGORITHM};

/// How long after its `x-amz-date` a signature stays usable: the seven
/// days of a SigV4 scope.
const MAX_SIGNATURE_AGE: i64 = 604_800;

/// Whether S3 leaves the field out of the "every field needs a condition"
/// rule: the signature, the policy, the file and `x-ignore-*` fields.
pub fn is_exempt(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(lower.as_str(), "x-amz-signature" | "file" | "policy")
        || lower.starts_with("x-ignore-")
}

/// Whether a field value meets a condition on that field (the length
/// range is about the file and always holds here).
pub(crate) fn condition_holds(condition: &Condition, value: &str) -> bool {
    match condition {
        Condition::Exact { value: want, .. } | Condition::Eq { value: want, .. } => value == want,
        Condition::StartsWith { prefix, .. } => value.starts_with(prefix.as_str()),
        Condition::ContentLengthRange { .. } => true,
    }
}

/// Why a POST upload was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PostVerifyError {
    /// No `policy` and no `x-amz-signature`: an anonymous upload.
    MissingAuthentication,
    /// A field S3 needs is missing, given twice or malformed (`reason` says
    /// which).
    MalformedPost {
        /// What is wrong, naming the field.
        reason: String,
    },
    /// The credential scope names another region or service.
    WrongScope {
        /// What the scope named and what was expected.
        reason: String,
    },
    /// The access key is not known (for the caller's lookup to return).
    UnknownAccessKey,
    /// The key's credentials have expired.
    ExpiredCredentials,
    /// The session token is missing, unexpected or wrong.
    InvalidSessionToken,
    /// The signature is not that of the posted policy under this key.
    SignatureMismatch,
    /// The policy is not base64 JSON with an expiration and conditions S3
    /// knows.
    MalformedPolicy {
        /// What is wrong with it.
        reason: String,
    },
    /// The policy's expiration (or the signature's seven days) has passed.
    PolicyExpired,
    /// A condition does not hold; `condition` names its kind and field.
    ConditionFailed {
        /// The condition, as `["starts-with", "$key"]` (values left out).
        condition: String,
    },
    /// A form field no condition names.
    FieldNotInPolicy {
        /// The field's name.
        field: String,
    },
    /// The file is smaller than `content-length-range` allows.
    EntityTooSmall,
    /// The file is larger than `content-length-range` allows.
    EntityTooLarge,
}

impl PostVerifyError {
    /// Every code, in a fixed order, for bindings to test their mappings.
    pub const CODES: [&'static str; 13] = [
        "missing_authentication",
        "malformed_post",
        "wrong_scope",
        "unknown_access_key",
        "expired_credentials",
        "invalid_session_token",
        "signature_mismatch",
        "malformed_policy",
        "policy_expired",
        "condition_failed",
        "field_not_in_policy",
        "entity_too_small",
        "entity_too_large",
    ];

    /// The stable code of the refusal, the same in every binding.
    pub fn code(&self) -> &'static str {
        let index = match self {
            PostVerifyError::MissingAuthentication => 0,
            PostVerifyError::MalformedPost { .. } => 1,
            PostVerifyError::WrongScope { .. } => 2,
            PostVerifyError::UnknownAccessKey => 3,
            PostVerifyError::ExpiredCredentials => 4,
            PostVerifyError::InvalidSessionToken => 5,
            PostVerifyError::SignatureMismatch => 6,
            PostVerifyError::MalformedPolicy { .. } => 7,
            PostVerifyError::PolicyExpired => 8,
            PostVerifyError::ConditionFailed { .. } => 9,
            PostVerifyError::FieldNotInPolicy { .. } => 10,
            PostVerifyError::EntityTooSmall => 11,
            PostVerifyError::EntityTooLarge => 12,
        };
        Self::CODES[index]
    }
}

impl fmt::Display for PostVerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostVerifyError::MissingAuthentication => f.write_str("the form carries no policy and no signature"),
            PostVerifyError::MalformedPost { reason } => f.write_str(reason),
            PostVerifyError::WrongScope { reason } => f.write_str(reason),
            PostVerifyError::UnknownAccessKey => f.write_str("the access key id in x-amz-credential is not known"),
            PostVerifyError::ExpiredCredentials => f.write_str("the credentials that signed the policy have expired"),
            PostVerifyError::InvalidSessionToken => f.write_str("x-amz-security-token is missing, unexpected or invalid"),
            PostVerifyError::SignatureMismatch => f.write_str(
                "the signature we calculated does not match the one provided: check the secret key and that the policy field is sent as signed",
            ),
            PostVerifyError::MalformedPolicy { reason } => write!(f, "invalid policy document: {reason}"),
            PostVerifyError::PolicyExpired => f.write_str("Invalid according to Policy: Policy expired."),
            PostVerifyError::ConditionFailed { condition } => {
                write!(f, "Invalid according to Policy: Policy Condition failed: {condition}")
            }
            PostVerifyError::FieldNotInPolicy { field } => {
                write!(f, "Invalid according to Policy: Extra input fields: {field}")
            }
            PostVerifyError::EntityTooSmall => f.write_str("Your proposed upload is smaller than the minimum allowed size"),
            PostVerifyError::EntityTooLarge => f.write_str("Your proposed upload exceeds the maximum allowed size"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for PostVerifyError {}

fn malformed(reason: impl Into<String>) -> PostVerifyError {
    PostVerifyError::MalformedPost {
        reason: reason.into(),
    }
}

fn bad_policy(reason: impl Into<String>) -> PostVerifyError {
    PostVerifyError::MalformedPolicy {
        reason: reason.into(),
    }
}

/// The posted form, read far enough to name the key that signed it.
#[derive(Clone)]
pub struct PresentedPost {
    access_key_id: String,
    region: String,
    service: String,
    signed_at: SigningTime,
    signature: String,
    policy: String,
    session_token: Option<Zeroizing<String>>,
    fields: Vec<(String, String)>,
}

impl fmt::Debug for PresentedPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresentedPost")
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("signed_at", &self.signed_at)
            .field("has_session_token", &self.session_token.is_some())
            .finish_non_exhaustive()
    }
}

/// Reads the form fields (every field but the file, in the order posted).
pub fn parse_post(fields: &[(&str, &str)]) -> Result<PresentedPost, PostVerifyError> {
    for (i, (name, _)) in fields.iter().enumerate() {
        if fields[..i]
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            return Err(malformed(format!(
                "the form field \"{}\" is given twice",
                printable(name)
            )));
        }
    }
    let find = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    let (policy, signature) = (find("policy"), find("x-amz-signature"));
    if policy.is_none() && signature.is_none() {
        return Err(PostVerifyError::MissingAuthentication);
    }
    let mut missing: Vec<&str> = Vec::new();
    for name in [
        "policy",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "x-amz-signature",
        "key",
    ] {
        if find(name).is_none() {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return Err(malformed(format!(
            "the form must hold the fields {}",
            missing.join(", ")
        )));
    }
    let get = |name| find(name).unwrap_or_default();
    if get("x-amz-algorithm") != ALGORITHM {
        return Err(malformed("x-amz-algorithm must be AWS4-HMAC-SHA256"));
    }
    let parts: Vec<&str> = get("x-amz-credential").split('/').collect();
    let [access_key_id, scope_date, region, service, "aws4_request"] = parts[..] else {
        return Err(malformed(
            "x-amz-credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request",
        ));
    };
    if access_key_id.is_empty() || region.is_empty() || service.is_empty() {
        return Err(malformed("x-amz-credential has an empty part"));
    }
    let amz_date = get("x-amz-date");
    let signed_at = SigningTime::parse_amz_date(amz_date)
        .map_err(|_| malformed("x-amz-date must be in the form YYYYMMDDTHHMMSSZ"))?;
    if scope_date.len() != 8 || !amz_date.starts_with(scope_date) {
        return Err(malformed(
            "the date in x-amz-credential is not that of x-amz-date",
        ));
    }
    let signature = get("x-amz-signature");
    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(malformed(
            "x-amz-signature must be 64 lower-case hex digits",
        ));
    }
    Ok(PresentedPost {
        access_key_id: access_key_id.into(),
        region: region.into(),
        service: service.into(),
        signed_at,
        signature: signature.into(),
        policy: get("policy").into(),
        session_token: find("x-amz-security-token").map(|t| Zeroizing::new(t.to_owned())),
        fields: fields
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
    })
}

/// What the upload is checked against besides the form: the bucket of the
/// URL it was posted to, the file, the clock and the expected region.
#[derive(Clone, Debug)]
pub struct PostCheck<'a> {
    bucket: &'a str,
    file_size: u64,
    filename: Option<&'a str>,
    now: SigningTime,
    region: Option<&'a str>,
}

impl<'a> PostCheck<'a> {
    /// An upload of `file_size` bytes to `bucket`, checked at `now`.
    pub fn new(bucket: &'a str, file_size: u64, now: SigningTime) -> Self {
        PostCheck {
            bucket,
            file_size,
            filename: None,
            now,
            region: None,
        }
    }

    /// The uploaded file's name, which replaces `${filename}` in the key.
    pub fn filename(mut self, filename: Option<&'a str>) -> Self {
        self.filename = filename;
        self
    }

    /// The region the scope must name (`None`: any).
    pub fn region(mut self, region: Option<&'a str>) -> Self {
        self.region = region;
        self
    }
}

/// An accepted upload: who signed it and the object key it writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPost {
    access_key_id: String,
    region: String,
    key: String,
}

impl VerifiedPost {
    /// The access key that signed the policy.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The region of the credential scope.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The object key, `${filename}` replaced by the file's name.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl PresentedPost {
    /// The access key id the form names, to look its credentials up.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The region the credential scope names.
    pub fn region(&self) -> &str {
        &self.region
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Checks the upload as S3 does, with the credentials of
    /// [`access_key_id`](Self::access_key_id).
    pub fn verify(
        &self,
        credentials: &Credentials,
        check: &PostCheck<'_>,
    ) -> Result<VerifiedPost, PostVerifyError> {
        if self.service != "s3" {
            return Err(PostVerifyError::WrongScope {
                reason: format!(
                    "the credential scope names the service \"{}\"; expected \"s3\"",
                    printable(&self.service)
                ),
            });
        }
        if let Some(region) = check.region {
            if self.region != region {
                return Err(PostVerifyError::WrongScope {
                    reason: format!(
                        "the region \"{}\" is wrong; expecting \"{}\"",
                        printable(&self.region),
                        printable(region)
                    ),
                });
            }
        }
        if credentials
            .expiration()
            .is_some_and(|exp| exp <= check.now.unix())
        {
            return Err(PostVerifyError::ExpiredCredentials);
        }
        if !credentials.session_token_matches(self.session_token.as_deref().map(String::as_str)) {
            return Err(PostVerifyError::InvalidSessionToken);
        }
        let date = &self.signed_at.amz_date()[..8];
        let expected = hex(&credentials.sign_with_key(
            date,
            &self.region,
            &self.service,
            self.policy.as_bytes(),
        ));
        if !bool::from(expected.as_bytes().ct_eq(self.signature.as_bytes())) {
            return Err(PostVerifyError::SignatureMismatch);
        }

        let text = base64::decode(&self.policy)
            .ok_or_else(|| bad_policy("the policy field is not base64"))?;
        let text = Zeroizing::new(
            String::from_utf8(text).map_err(|_| bad_policy("the policy is not UTF-8"))?,
        );
        let doc = json::parse(&text).ok_or_else(|| bad_policy("the policy is not JSON"))?;
        let Some(Value::Str(expiration)) = doc.get("expiration") else {
            return Err(bad_policy("the policy has no expiration"));
        };
        let expiration = SigningTime::parse_rfc3339(expiration).map_err(|_| {
            bad_policy(
                "the expiration must be an ISO 8601 UTC time such as 2015-12-30T12:00:00.000Z",
            )
        })?;
        let conditions = match doc.get("conditions") {
            Some(Value::Arr(items)) => read_conditions(items)?,
            _ => return Err(bad_policy("the policy has no conditions array")),
        };
        if check.now > expiration || check.now.unix() > self.signed_at.unix() + MAX_SIGNATURE_AGE {
            return Err(PostVerifyError::PolicyExpired);
        }

        let posted_key = self.field("key").unwrap_or_default();
        let key = match check.filename {
            Some(name) => posted_key.replace(FILENAME_VARIABLE, name),
            None => posted_key.to_owned(),
        };
        for condition in &conditions {
            if let Condition::ContentLengthRange { min, max } = condition {
                if check.file_size < *min {
                    return Err(PostVerifyError::EntityTooSmall);
                }
                if check.file_size > *max {
                    return Err(PostVerifyError::EntityTooLarge);
                }
                continue;
            }
            let field = condition.field().unwrap_or_default();
            let value = match field {
                "bucket" => check.bucket,
                "key" => key.as_str(),
                _ => self.field(field).unwrap_or_default(),
            };
            if !condition_holds(condition, value) {
                return Err(PostVerifyError::ConditionFailed {
                    condition: describe(condition),
                });
            }
        }
        for (name, _) in &self.fields {
            if is_exempt(name) {
                continue;
            }
            if !conditions.iter().any(|c| c.field() == Some(name.as_str())) {
                return Err(PostVerifyError::FieldNotInPolicy {
                    field: printable(name),
                });
            }
        }
        Ok(VerifiedPost {
            access_key_id: self.access_key_id.clone(),
            region: self.region.clone(),
            key,
        })
    }
}

/// A condition without its value, for messages (a value may be a token).
fn describe(condition: &Condition) -> String {
    match condition {
        Condition::Exact { field, .. } => format!("{{\"{}\": …}}", printable(field)),
        Condition::Eq { field, .. } => format!("[\"eq\", \"${}\", …]", printable(field)),
        Condition::StartsWith { field, .. } => {
            format!("[\"starts-with\", \"${}\", …]", printable(field))
        }
        Condition::ContentLengthRange { min, max } => {
            format!("[\"content-length-range\", {min}, {max}]")
        }
    }
}

fn read_conditions(items: &[Value]) -> Result<Vec<Condition>, PostVerifyError> {
    conditions_from_json(items)
        .map_err(|(i, reason)| bad_policy(format!("condition {i}: {reason}")))
}

/// Reads conditions in the policy's JSON shapes; an error gives the index
/// of the condition at fault and why.
pub(crate) fn conditions_from_json(
    items: &[Value],
) -> Result<Vec<Condition>, (usize, &'static str)> {
    const SHAPES: &str = "must be {\"field\": \"value\"}, [\"eq\" or \"starts-with\", \"$field\", \"value\"] or [\"content-length-range\", min, max]";
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Obj(members) if !members.is_empty() => {
                for (field, value) in members {
                    let Value::Str(value) = value else {
                        return Err((i, "an exact match's value must be a string"));
                    };
                    out.push(Condition::Exact {
                        field: field.clone(),
                        value: value.to_string(),
                    });
                }
            }
            Value::Arr(parts) => match &parts[..] {
                [Value::Str(op), Value::Str(field), Value::Str(value)]
                    if op.as_str() == "eq" || op.as_str() == "starts-with" =>
                {
                    let field = field
                        .strip_prefix('$')
                        .ok_or((i, "the field must be written \"$name\""))?
                        .to_owned();
                    let value = value.to_string();
                    out.push(if op.as_str() == "eq" {
                        Condition::Eq { field, value }
                    } else {
                        Condition::StartsWith {
                            field,
                            prefix: value,
                        }
                    });
                }
                [Value::Str(op), min, max] if op.as_str() == "content-length-range" => {
                    let (Value::Int(min), Value::Int(max)) = (min, max) else {
                        return Err((
                            i,
                            "content-length-range takes two whole numbers from 0 to 2^53 - 1",
                        ));
                    };
                    out.push(Condition::ContentLengthRange {
                        min: *min,
                        max: *max,
                    });
                }
                _ => return Err((i, SHAPES)),
            },
            _ => return Err((i, SHAPES)),
        }
    }
    Ok(out)
}
