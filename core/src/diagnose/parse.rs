//! What an AWS error body says: its code, its message, and the canonical
//! request and string to sign it quotes, in each shape services send.
//!
//! - API Gateway, OpenSearch and the JSON protocols: a JSON object whose
//!   `message` (or `Message`) ends with "The Canonical String for this request
//!   should have been\n'…'\n\nThe String-to-Sign should have been\n'…'\n";
//!   the code is in `__type` (`…#InvalidSignatureException`).
//! - The query protocols (STS, SQS, SNS, IAM):
//!   `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message>`
//!   with the same quotes inside the XML-escaped message.
//! - S3: `<Error><Code>SignatureDoesNotMatch</Code>…<StringToSign>…</StringToSign>
//!   …<CanonicalRequest>…</CanonicalRequest><CanonicalRequestBytes>47 45 54 …`,
//!   `RequestTimeTooSkewed` with `<RequestTime>` and `<ServerTime>`,
//!   `AuthorizationHeaderMalformed` with `<Region>`.
//! - A bare message (what a client library shows).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::json::{self, Value as Json};

/// The parts of an error body that say why a request was refused.
///
/// No field holds a secret: a token the body echoes (S3's `<Token-0>`) is
/// never read. (The quoted canonical request may hold a session token
/// header; [`super::Diagnosis`] redacts it before showing any line.)
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct QuotedError {
    /// The error code (`SignatureDoesNotMatch`, `InvalidSignatureException`,
    /// `RequestTimeTooSkewed`, …), from the body or implied by its message.
    pub code: Option<String>,
    /// The human-readable message.
    pub message: Option<String>,
    /// The canonical request the service computed.
    pub canonical_request: Option<String>,
    /// The string to sign the service computed.
    pub string_to_sign: Option<String>,
    /// The region the service expects (`<Region>`, "expecting 'eu-west-1'").
    pub expected_region: Option<String>,
    /// The region the service says was signed for ("…not 'us-west-2'").
    pub signed_region: Option<String>,
    /// The service the endpoint expects ("…correct service: 'sts'").
    pub expected_service: Option<String>,
    /// The signing time the service read (`<RequestTime>`, "Signature
    /// expired: 20240101T000000Z is now earlier than …").
    pub request_time: Option<String>,
    /// The service's clock (`<ServerTime>`, or the time in parentheses).
    pub server_time: Option<String>,
}

impl core::fmt::Debug for QuotedError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let creq = self
            .canonical_request
            .as_deref()
            .map(crate::redact::canonical_request);
        f.debug_struct("QuotedError")
            .field("code", &self.code)
            .field("canonical_request", &creq)
            .field("string_to_sign", &self.string_to_sign)
            .field("expected_region", &self.expected_region)
            .field("signed_region", &self.signed_region)
            .field("expected_service", &self.expected_service)
            .field("request_time", &self.request_time)
            .field("server_time", &self.server_time)
            .finish_non_exhaustive()
    }
}

const CANONICAL_LEAD: &str = "The Canonical String for this request should have been";
const STS_LEAD: &str = "The String-to-Sign should have been";

/// Reads an error body (JSON, XML or text). Never fails: what cannot be
/// read is left `None`.
pub fn parse_error(body: &str) -> QuotedError {
    let text = body.trim_start_matches('\u{feff}').trim();
    let mut q = QuotedError::default();
    if text.starts_with('{') {
        if let Some(doc) = json::parse(text) {
            read_json(&doc, &mut q);
        } else {
            // Not JSON after all (a log line pasted with raw newlines): read
            // the quotes from the text.
            q.message = Some(text.to_string());
        }
    } else if text.starts_with('<') {
        read_xml(text, &mut q);
    } else {
        q.message = Some(text.to_string());
    }
    if let Some(message) = q.message.clone() {
        read_message(&message, &mut q);
    }
    q
}

fn read_json(doc: &Json, q: &mut QuotedError) {
    // API Gateway: {"message": …}; JSON protocols: {"__type", "message"};
    // some APIs behind API Gateway wrap it: {"errors": [{"message", "code"}]}.
    let inner = match doc.get("errors") {
        Some(Json::Arr(items)) => items.first().unwrap_or(doc),
        _ => doc,
    };
    q.message = ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|k| inner.str(k))
        .map(str::to_string);
    q.code = ["__type", "code", "Code"]
        .iter()
        .find_map(|k| inner.str(k))
        // `com.amazon.coral.service#InvalidSignatureException`
        .map(|c| c.rsplit('#').next().unwrap_or(c).to_string())
        .filter(|c| !c.is_empty());
}

fn read_xml(text: &str, q: &mut QuotedError) {
    q.code = element(text, "Code");
    q.message = element(text, "Message");
    // The byte forms are exact (the text forms may have lost a trailing
    // space or a carriage return on the way); use them when they decode.
    q.canonical_request = element(text, "CanonicalRequestBytes")
        .and_then(|b| hex_bytes(&b))
        .or_else(|| element(text, "CanonicalRequest"));
    q.string_to_sign = element(text, "StringToSignBytes")
        .and_then(|b| hex_bytes(&b))
        .or_else(|| element(text, "StringToSign"));
    q.expected_region = element(text, "Region").filter(|r| !r.is_empty());
    q.request_time = element(text, "RequestTime");
    q.server_time = element(text, "ServerTime");
}

/// The text of the first `<name>…</name>` (attributes allowed), unescaped.
fn element(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(i) = text[from..].find(&open) {
        let start = from + i + open.len();
        let rest = &text[start..];
        // `<Code>` must not match `<CodeX>`.
        match rest.chars().next() {
            Some('>') | Some(' ') | Some('\t') | Some('\n') => {}
            _ => {
                from = start;
                continue;
            }
        }
        let body_start = start + rest.find('>')? + 1;
        let close = format!("</{name}>");
        let end = body_start + text[body_start..].find(&close)?;
        return Some(unescape(&text[body_start..end]));
    }
    None
}

/// XML's five entities and numeric character references.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// S3's `47 45 54 0a …`: bytes as hex pairs separated by spaces.
fn hex_bytes(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len() / 3 + 1);
    for pair in s.split_ascii_whitespace() {
        if pair.len() != 2 {
            return None;
        }
        bytes.push(u8::from_str_radix(pair, 16).ok()?);
    }
    // Not UTF-8 (or empty): the text form is used instead.
    String::from_utf8(bytes).ok().filter(|s| !s.is_empty())
}

/// The quotes and the facts a message states in words.
fn read_message(message: &str, q: &mut QuotedError) {
    if q.canonical_request.is_none() {
        q.canonical_request = quoted_after(message, CANONICAL_LEAD, Some(STS_LEAD));
    }
    if q.string_to_sign.is_none() {
        q.string_to_sign = quoted_after(message, STS_LEAD, None);
    }
    // S3: "the region 'us-east-1' is wrong; expecting 'eu-west-1'".
    if let Some(found) = between(message, "the region '", "'") {
        q.signed_region.get_or_insert(found);
    }
    if let Some(found) = between(message, "expecting '", "'") {
        q.expected_region.get_or_insert(found);
    }
    // API Gateway and the JSON/query protocols.
    if let Some(found) = between(message, "scoped to a valid region, not '", "'") {
        q.signed_region.get_or_insert(found);
    }
    if let Some(found) = between(message, "scoped to correct service: '", "'") {
        q.expected_service.get_or_insert(found);
    }
    // "Signature expired: 20240101T000000Z is now earlier than
    // 20240101T000500Z (20240101T001000Z - 5 min.)"; "Signature not yet
    // current: … is still later than … (… + 5 min.)".
    for lead in ["Signature expired: ", "Signature not yet current: "] {
        if let Some(found) = between(message, lead, " ") {
            q.request_time.get_or_insert(found);
            if let Some(now) = between(message, "(", " ") {
                q.server_time.get_or_insert(now);
            }
        }
    }
    if q.code.is_none() {
        q.code = implied_code(message).map(str::to_string);
    }
}

/// The code a message implies when the body carries none (API Gateway puts
/// it in the `x-amzn-ErrorType` header, which a body does not show).
fn implied_code(message: &str) -> Option<&'static str> {
    const CODES: &[(&str, &str)] = &[
        (
            "The request signature we calculated does not match",
            "SignatureDoesNotMatch",
        ),
        ("Signature expired", "InvalidSignatureException"),
        ("Signature not yet current", "InvalidSignatureException"),
        ("Credential should be scoped", "InvalidSignatureException"),
        (
            "The security token included in the request is invalid",
            "UnrecognizedClientException",
        ),
        (
            "The security token included in the request is expired",
            "ExpiredTokenException",
        ),
        (
            "Missing Authentication Token",
            "MissingAuthenticationTokenException",
        ),
        ("is not authorized to perform", "AccessDeniedException"),
    ];
    CODES
        .iter()
        .find(|(lead, _)| message.contains(lead))
        .map(|(_, code)| *code)
}

/// The text between `start` and the next `end` after it.
fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(text[from..from + len].to_string())
}

/// The text quoted in single quotes after `lead`, up to the last quote
/// before `next` (a quoted canonical request may itself hold quotes, in a
/// header value).
fn quoted_after(text: &str, lead: &str, next: Option<&str>) -> Option<String> {
    let start = text.find(lead)? + lead.len();
    let rest = text[start..].trim_start();
    let rest = rest.strip_prefix('\'')?;
    let segment = match next.and_then(|n| rest.find(n)) {
        Some(end) => &rest[..end],
        None => rest,
    };
    match segment.rfind('\'') {
        Some(end) => Some(segment[..end].to_string()),
        None => Some(segment.trim_end().to_string()),
    }
}
