//! Reading an AWS 403: which part of the signed request the service
//! disagrees with, what usually causes that, and what to change.
//!
//! SigV4 fails closed: the service recomputes the signature from the request
//! it received and answers 403 when the two differ. Many services say what
//! they computed: API Gateway, OpenSearch and the JSON and query protocols
//! quote the canonical request and string to sign in the message ("The
//! Canonical String for this request should have been '…'"), S3 puts them in
//! `<CanonicalRequest>` and `<StringToSign>` (and byte for byte in
//! `<CanonicalRequestBytes>`), and other refusals name the clock
//! (`RequestTimeTooSkewed`, "Signature expired"), the region
//! (`AuthorizationHeaderMalformed` with `<Region>`) or the key. Compared
//! with what was signed ([`crate::SigningOutput::canonical_request`] and
//! [`crate::SigningOutput::string_to_sign`]), the first part that differs
//! names the culprit far better than the bare status does.
//!
//! Every binding returns this module's answer; none parses an error body
//! itself. A [`Diagnosis`] quotes only lines of the two strings (a session
//! token among them is redacted), regions, times and error codes: never a
//! secret, never the error's own echo of a token (S3's `<Token-0>`).
//!
//! ```
//! use sigv4kit::diagnose::{explain, Finding};
//!
//! let signed_creq = "GET\n/prod/a%2520b\n\nhost:h\nx-amz-date:20240101T000000Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
//! let signed_sts = "AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/execute-api/aws4_request\n00";
//! let body = r#"{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'GET\n/prod/a%20b\n\nhost:h\nx-amz-date:20240101T000000Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/execute-api/aws4_request\n11'\n"}"#;
//! let d = explain(signed_creq, signed_sts, body);
//! assert_eq!(d.finding, Finding::Path);
//! assert_eq!(d.expected.as_deref(), Some("/prod/a%20b"));
//! assert!(d.to_string().contains("line 2 (path)"));
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

mod compare;
mod parse;

use core::fmt;

pub use parse::{parse_error, QuotedError};

/// What a 403 points at. [`Finding::code`] is the stable name every binding
/// reports (`path`, `header`, `clock_skew`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Finding {
    /// Line 1 of the canonical request: the HTTP method.
    Method,
    /// Line 2: the canonical path.
    Path,
    /// Line 3: the canonical query string.
    Query,
    /// A canonical header line ([`Diagnosis::part`] names which).
    Header,
    /// The signed-header list.
    SignedHeaders,
    /// The last line: the hash of the payload.
    PayloadHash,
    /// Line 1 of the string to sign: the algorithm.
    Algorithm,
    /// Line 2 of the string to sign: the request date and time.
    Date,
    /// The date of the credential scope.
    ScopeDate,
    /// The region of the credential scope.
    ScopeRegion,
    /// The service of the credential scope.
    ScopeService,
    /// The last part of the credential scope (`aws4_request`).
    ScopeTerminator,
    /// Line 4 of the string to sign, while the canonical requests (if
    /// quoted) agree.
    CanonicalRequestHash,
    /// Both strings agree: the signing key (secret, or key id) differs.
    SigningKey,
    /// The signing time is too far from the service's clock.
    ClockSkew,
    /// The service says the request was signed for another region.
    WrongRegion,
    /// The service says the request was signed for another service.
    WrongService,
    /// The access key id (or the session token with it) is not known.
    UnknownAccessKey,
    /// The session token has expired.
    ExpiredToken,
    /// No signature reached the service.
    MissingAuthentication,
    /// The signature was accepted; a policy refused the call.
    AccessDenied,
    /// The error quotes nothing to compare with.
    NotQuoted,
}

impl Finding {
    /// The stable name of the finding, the same in every binding.
    pub fn code(self) -> &'static str {
        match self {
            Finding::Method => "method",
            Finding::Path => "path",
            Finding::Query => "query",
            Finding::Header => "header",
            Finding::SignedHeaders => "signed_headers",
            Finding::PayloadHash => "payload_hash",
            Finding::Algorithm => "algorithm",
            Finding::Date => "date",
            Finding::ScopeDate => "scope_date",
            Finding::ScopeRegion => "scope_region",
            Finding::ScopeService => "scope_service",
            Finding::ScopeTerminator => "scope_terminator",
            Finding::CanonicalRequestHash => "canonical_request_hash",
            Finding::SigningKey => "signing_key",
            Finding::ClockSkew => "clock_skew",
            Finding::WrongRegion => "wrong_region",
            Finding::WrongService => "wrong_service",
            Finding::UnknownAccessKey => "unknown_access_key",
            Finding::ExpiredToken => "expired_token",
            Finding::MissingAuthentication => "missing_authentication",
            Finding::AccessDenied => "access_denied",
            Finding::NotQuoted => "not_quoted",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which of the two signed strings a difference is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The canonical request.
    CanonicalRequest,
    /// The string to sign.
    StringToSign,
}

impl Document {
    fn name(self) -> &'static str {
        match self {
            Document::CanonicalRequest => "canonical request",
            Document::StringToSign => "string to sign",
        }
    }
}

/// The answer: what differs, where, why that usually happens, what to do.
///
/// `Display` writes the report a user reads; the fields are there for code
/// (and for the conformance runners, which compare them across bindings).
/// Nothing in it is secret: lines holding a session token are redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnosis {
    /// What the 403 points at.
    pub finding: Finding,
    /// The part in words: `path`, `header content-type`, `scope region`.
    pub part: String,
    /// The document the difference is in, when the error quoted one.
    pub document: Option<Document>,
    /// The line (1-based) of that document that differs.
    pub line: Option<usize>,
    /// What the service computed or expects (a line, a region, its clock).
    pub expected: Option<String>,
    /// What was signed in its place.
    pub signed: Option<String>,
    /// The error code the service sent (or the one its message implies).
    pub error_code: Option<String>,
    /// What usually causes this finding.
    pub cause: String,
    /// What to change.
    pub hint: String,
    /// Shown when nothing could be compared: the canonical request signed,
    /// redacted, so that it can be compared by eye.
    pub signed_canonical_request: Option<String>,
}

impl Diagnosis {
    fn new(
        finding: Finding,
        part: impl Into<String>,
        cause: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnosis {
            finding,
            part: part.into(),
            document: None,
            line: None,
            expected: None,
            signed: None,
            error_code: None,
            cause: cause.into(),
            hint: hint.into(),
            signed_canonical_request: None,
        }
    }

    fn values(mut self, expected: Option<String>, signed: Option<String>) -> Self {
        self.expected = expected;
        self.signed = signed;
        self
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(code) = &self.error_code {
            write!(f, "{code}: ")?;
        }
        let (theirs, ours) = match (self.document, self.line) {
            (Some(doc), Some(line)) => {
                writeln!(
                    f,
                    "the {} differs first at line {line} ({}).",
                    doc.name(),
                    self.part
                )?;
                ("AWS computed:", "we signed:   ")
            }
            _ if self.finding == Finding::ClockSkew => {
                writeln!(f, "{}.", headline(self.finding))?;
                ("service clock:", "signed at:    ")
            }
            _ => {
                writeln!(f, "{}.", headline(self.finding))?;
                ("AWS expects:", "we signed:  ")
            }
        };
        if let Some(v) = &self.expected {
            writeln!(f, "  {theirs} {v}")?;
        }
        if let Some(v) = &self.signed {
            writeln!(f, "  {ours} {v}")?;
        }
        writeln!(f, "Usual cause: {}", self.cause)?;
        write!(f, "Fix: {}", self.hint)?;
        if let Some(creq) = &self.signed_canonical_request {
            write!(f, "\nWe signed this canonical request:\n{creq}")?;
        }
        Ok(())
    }
}

fn headline(finding: Finding) -> &'static str {
    match finding {
        Finding::SigningKey => "the canonical request and string to sign AWS computed match ours, so the signing key differs",
        Finding::ClockSkew => "the signing time is too far from the service's clock",
        Finding::WrongRegion => "the request was signed for another region than the endpoint's",
        Finding::WrongService => "the request was signed for another service than the endpoint's",
        Finding::UnknownAccessKey => "the service does not know the access key id (or the session token sent with it)",
        Finding::ExpiredToken => "the temporary credentials have expired",
        Finding::MissingAuthentication => "no signature reached the service",
        Finding::AccessDenied => "the signature was accepted; the call was refused by a policy",
        Finding::NotQuoted => "the error quotes no canonical request or string to sign to compare with",
        _ => "the request differs from the one signed",
    }
}

/// The environment variable every binding's integrations read when no
/// `debug` option is given: diagnosis of 403s is off unless it is set.
pub const DEBUG_ENV: &str = "SIGV4KIT_DEBUG";

/// Whether the value of [`DEBUG_ENV`] turns diagnosis on: any value but
/// empty, `0`, `false`, `no` and `off` (in any case).
pub fn debug_enabled(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let v = v.trim();
        !(v.is_empty()
            || ["0", "false", "no", "off"]
                .iter()
                .any(|f| v.eq_ignore_ascii_case(f)))
    })
}

/// Explains a 403 answered to a request that was signed with
/// `canonical_request` and `string_to_sign`. `error_body` is the response
/// body as received (API Gateway's JSON, S3's or STS's XML, or the message
/// text alone).
pub fn explain(canonical_request: &str, string_to_sign: &str, error_body: &str) -> Diagnosis {
    let quoted = parse_error(error_body);
    let mut d = compare::diagnose(canonical_request, string_to_sign, &quoted);
    d.error_code = quoted.code.clone();
    if d.finding == Finding::NotQuoted {
        d.signed_canonical_request =
            Some(crate::redact::canonical_request(canonical_request).into_owned());
    }
    d
}

#[cfg(test)]
mod tests;
