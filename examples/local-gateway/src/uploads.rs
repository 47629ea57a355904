//! S3 browser uploads: a `multipart/form-data` POST to `{uploads.url}BUCKET`
//! carrying a presigned POST policy, verified by the core's POST verifier
//! (`sigv4kit::post_policy::verify`) and answered the way S3 answers: 204,
//! or `success_action_status`, or a redirect to `success_action_redirect`;
//! an S3 XML `<Error>` otherwise. The file is read and discarded.

use sigv4kit::post_policy::verify::{parse_post, PostCheck, PostVerifyError};
use sigv4kit::SigningTime;

use crate::identity::IdentityStore;
use crate::multipart;
use crate::sts::xml_escape;

/// The answer to one upload.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body: S3's XML, or empty.
    pub body: String,
    /// `Location` of a redirect or of the object.
    pub location: Option<String>,
    /// The access log's outcome.
    pub outcome: &'static str,
    /// Who signed, when the policy verified.
    pub access_key_id: Option<String>,
}

/// An S3 `<Error>` document.
pub fn error(
    status: u16,
    code: &str,
    message: &str,
    request_id: &str,
    outcome: &'static str,
) -> Answer {
    Answer {
        status,
        body: format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message><RequestId>{request_id}</RequestId></Error>",
            xml_escape(message)
        ),
        location: None,
        outcome,
        access_key_id: None,
    }
}

/// S3's status and error code for each refusal of the verifier.
pub fn s3_error(err: &PostVerifyError) -> (u16, &'static str) {
    match err {
        PostVerifyError::MissingAuthentication => (403, "AccessDenied"),
        PostVerifyError::MalformedPost { .. } => (400, "InvalidArgument"),
        PostVerifyError::WrongScope { .. } => (400, "AuthorizationHeaderMalformed"),
        PostVerifyError::UnknownAccessKey => (403, "InvalidAccessKeyId"),
        PostVerifyError::ExpiredCredentials => (400, "ExpiredToken"),
        PostVerifyError::InvalidSessionToken => (400, "InvalidToken"),
        PostVerifyError::SignatureMismatch => (403, "SignatureDoesNotMatch"),
        PostVerifyError::MalformedPolicy { .. } => (400, "InvalidPolicyDocument"),
        PostVerifyError::EntityTooSmall => (400, "EntityTooSmall"),
        PostVerifyError::EntityTooLarge => (400, "EntityTooLarge"),
        // Expired policies, failed conditions and extra fields.
        _ => (403, "AccessDenied"),
    }
}

/// Verifies and answers one upload to `bucket` of the configured
/// `buckets`, in `region`, at `now`.
#[allow(clippy::too_many_arguments)]
pub fn handle(
    store: &IdentityStore,
    buckets: &[String],
    region: &str,
    bucket: &str,
    content_type: &str,
    body: &[u8],
    now: i64,
    request_id: &str,
) -> Answer {
    if !buckets.iter().any(|b| b == bucket) {
        return error(
            404,
            "NoSuchBucket",
            "The specified bucket does not exist",
            request_id,
            "upload_no_such_bucket",
        );
    }
    let malformed = |_| {
        error(
            400,
            "MalformedPOSTRequest",
            "The body of your POST request is not well-formed multipart/form-data.",
            request_id,
            "upload_malformed",
        )
    };
    let Some(boundary) = multipart::boundary(content_type) else {
        return malformed("not multipart/form-data");
    };
    let form = match multipart::parse(body, &boundary) {
        Ok(form) => form,
        Err(reason) => return malformed(reason),
    };
    let Some(file) = &form.file else {
        return error(
            400,
            "InvalidArgument",
            "POST requires exactly one file upload per request.",
            request_id,
            "upload_no_file",
        );
    };
    let refused = |err: PostVerifyError| {
        let (status, code) = s3_error(&err);
        error(status, code, &err.to_string(), request_id, err.code())
    };
    let pairs: Vec<(&str, &str)> = form
        .fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let presented = match parse_post(&pairs) {
        Ok(p) => p,
        Err(err) => return refused(err),
    };
    let Some(identity) = store.lookup(presented.access_key_id()) else {
        return refused(PostVerifyError::UnknownAccessKey);
    };
    let Ok(now) = SigningTime::from_unix(now) else {
        return error(
            500,
            "InternalError",
            "The gateway's clock is out of range.",
            request_id,
            "upload_clock",
        );
    };
    let check = PostCheck::new(bucket, file.len() as u64, now)
        .filename(form.filename.as_deref())
        .region(Some(region));
    let verified = match presented.verify(&identity.credentials, &check) {
        Ok(v) => v,
        Err(err) => return refused(err),
    };
    let field = |name: &str| {
        form.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let location = format!(
        "/{bucket}/{}",
        sigv4kit::uri_encode(verified.key()).replace("%2F", "/")
    );
    let mut answer = Answer {
        status: 204,
        body: String::new(),
        location: Some(location.clone()),
        outcome: "upload_stored",
        access_key_id: Some(verified.access_key_id().to_owned()),
    };
    if let Some(redirect) = field("success_action_redirect").filter(|r| !r.is_empty()) {
        let sep = if redirect.contains('?') { '&' } else { '?' };
        answer.status = 303;
        answer.location = Some(format!(
            "{redirect}{sep}bucket={}&key={}",
            sigv4kit::uri_encode(bucket),
            sigv4kit::uri_encode(verified.key())
        ));
        return answer;
    }
    match field("success_action_status") {
        Some("200") => answer.status = 200,
        Some("201") => {
            answer.status = 201;
            answer.body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse><Location>{}</Location><Bucket>{}</Bucket><Key>{}</Key></PostResponse>",
                xml_escape(&location),
                xml_escape(bucket),
                xml_escape(verified.key())
            );
        }
        _ => {}
    }
    answer
}
