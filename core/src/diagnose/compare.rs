//! The comparison: the service's strings against ours, part by part, in the
//! order SigV4 builds them, and the usual cause of each difference.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Diagnosis, Document, Finding, QuotedError};
use crate::encoding::{decode, encode_into};
use crate::redact;

/// The parts of a canonical request, each with its line number (1-based).
struct Canonical<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a str,
    /// `(name, value, line)`, in order (sorted by name when well formed).
    headers: Vec<(&'a str, &'a str, usize)>,
    signed_headers: (&'a str, usize),
    payload: (&'a str, usize),
}

fn canonical(creq: &str) -> Canonical<'_> {
    let lines: Vec<&str> = creq.split('\n').collect();
    let at = |i: usize| lines.get(i).copied().unwrap_or("");
    let mut headers = Vec::new();
    let mut i = 3;
    while i < lines.len() && !lines[i].is_empty() {
        let (name, value) = lines[i].split_once(':').unwrap_or((lines[i], ""));
        headers.push((name, value, i + 1));
        i += 1;
    }
    // The blank line that ends the headers, then the list, then the hash.
    Canonical {
        method: at(0),
        path: at(1),
        query: at(2),
        headers,
        signed_headers: (at(i + 1), i + 2),
        payload: (at(i + 2), i + 3),
    }
}

pub(super) fn diagnose(creq: &str, sts: &str, quoted: &QuotedError) -> Diagnosis {
    if let Some(theirs) = &quoted.canonical_request {
        if let Some(d) = compare_canonical(creq, theirs) {
            return d;
        }
    }
    if let Some(theirs) = &quoted.string_to_sign {
        if let Some(d) = compare_string_to_sign(sts, theirs, quoted.canonical_request.is_some()) {
            return d;
        }
    }
    if quoted.canonical_request.is_some() || quoted.string_to_sign.is_some() {
        return Diagnosis::new(
            Finding::SigningKey,
            "signing key",
            "the secret access key is not the one that belongs to the access key id (a typo, a stray space or newline, a key from another profile), or it was derived for another date, region or service",
            "check the secret access key and the access key id come from the same credentials; re-read them from their source without surrounding white space",
        );
    }
    by_code(sts, quoted)
}

/// The scope `date/region/service/aws4_request` of a string to sign.
fn scope_of(sts: &str) -> Vec<&str> {
    sts.split('\n').nth(2).unwrap_or("").split('/').collect()
}

/// A refusal that quotes no strings: the code and message say what it is.
fn by_code(sts: &str, q: &QuotedError) -> Diagnosis {
    let code = q.code.as_deref().unwrap_or("");
    let scope = scope_of(sts);
    let our_region = scope
        .get(1)
        .map(|s| s.to_string())
        .filter(|s| !s.is_empty());
    let our_service = scope
        .get(2)
        .map(|s| s.to_string())
        .filter(|s| !s.is_empty());
    let our_time = sts
        .split('\n')
        .nth(1)
        .map(str::to_string)
        .filter(|s| !s.is_empty());
    if code == "RequestTimeTooSkewed" || q.request_time.is_some() || q.server_time.is_some() {
        return Diagnosis::new(
            Finding::ClockSkew,
            "clock",
            "this machine's clock is off, or the request was signed long before it was sent (a queue, a retry re-sending an old signature, a slow upload)",
            "synchronise the clock (NTP, chrony, or the container host's); sign right before sending and sign every retry anew",
        )
        .values(q.server_time.clone(), q.request_time.clone().or(our_time));
    }
    if code == "AuthorizationHeaderMalformed" && q.expected_region.is_some()
        || q.signed_region.is_some()
        || q.expected_region.is_some()
    {
        return Diagnosis::new(
            Finding::WrongRegion,
            "region",
            "the region given to the signer is not the endpoint's region (an S3 bucket in another region, a default region from the environment or profile)",
            "sign with the region the service names (for S3, the bucket's region: the x-amz-bucket-region response header)",
        )
        .values(q.expected_region.clone(), q.signed_region.clone().or(our_region));
    }
    if q.expected_service.is_some() {
        return Diagnosis::new(
            Finding::WrongService,
            "service",
            "the service name given to the signer is not the endpoint's signing name (execute-api for API Gateway, es for OpenSearch, s3, sts)",
            "sign with the signing name the service names",
        )
        .values(q.expected_service.clone(), our_service);
    }
    match code {
        "InvalidAccessKeyId" | "InvalidClientTokenId" | "UnrecognizedClientException" | "UnrecognizedClient" => {
            return Diagnosis::new(
                Finding::UnknownAccessKey,
                "access key id",
                "the access key id does not exist in this partition (aws, aws-cn, aws-us-gov) or was deleted, or a temporary key was sent without its session token or with another one",
                "check which credentials were picked up (environment, profile, role); send a temporary key with its own session token",
            )
        }
        "ExpiredToken" | "ExpiredTokenException" | "TokenRefreshRequired" => {
            return Diagnosis::new(
                Finding::ExpiredToken,
                "session token",
                "temporary credentials (from STS, SSO, a role or a container) were used past their expiry",
                "refresh the credentials before signing: pass a provider rather than fixed keys, so each request signs with current ones",
            )
        }
        "MissingAuthenticationTokenException" | "MissingAuthenticationToken" => {
            return Diagnosis::new(
                Finding::MissingAuthentication,
                "authorization",
                "the request carried no signature (a proxy or redirect dropped the Authorization header), or API Gateway has no route for this method and path",
                "check the URL (stage, resource path, method) and that the Authorization and X-Amz-* headers reach the service",
            )
        }
        "AccessDenied" | "AccessDeniedException" => {
            return Diagnosis::new(
                Finding::AccessDenied,
                "policy",
                "the signature was valid, but an IAM or resource policy does not allow this identity to make this call",
                "check the identity's policies and the resource policy for this action and resource",
            )
        }
        _ => {}
    }
    Diagnosis::new(
        Finding::NotQuoted,
        "unknown",
        "the service did not say what it computed (S3 with HEAD requests sends no body; some services send only the first sentence)",
        "compare the canonical request below with what the service received; repeat the call as GET, or against the local gateway, to see its quotes",
    )
}

fn at(document: Document, line: usize, finding: Finding, part: impl Into<String>) -> Diagnosis {
    let mut d = Diagnosis::new(finding, part, "", "");
    d.document = Some(document);
    d.line = Some(line);
    d
}

fn redact_line(line: &str, line_no: usize) -> String {
    if line_no == 3 {
        return redact::query(line).into_owned();
    }
    match line.split_once(':') {
        Some((name, _)) if name.eq_ignore_ascii_case("x-amz-security-token") => {
            format!("{name}:{}", redact::REDACTED)
        }
        _ => line.to_string(),
    }
}

fn compare_canonical(ours: &str, theirs: &str) -> Option<Diagnosis> {
    let (o, t) = (canonical(ours), canonical(theirs));
    let cr = Document::CanonicalRequest;
    let lines = |d: Diagnosis, ol: &str, tl: &str, n: usize| {
        d.values(Some(redact_line(tl, n)), Some(redact_line(ol, n)))
    };
    if o.method != t.method {
        let d = at(cr, 1, Finding::Method, "method");
        return Some(explained(lines(d, o.method, t.method, 1), method_cause()));
    }
    if o.path != t.path {
        let d = at(cr, 2, Finding::Path, "path");
        return Some(explained(
            lines(d, o.path, t.path, 2),
            path_cause(o.path, t.path),
        ));
    }
    if o.query != t.query {
        let d = at(cr, 3, Finding::Query, "query");
        return Some(explained(
            lines(d, o.query, t.query, 3),
            query_cause(o.query, t.query),
        ));
    }
    if let Some(d) = compare_headers(&o.headers, &t.headers) {
        return Some(d);
    }
    if o.signed_headers.0 != t.signed_headers.0 {
        let n = o.signed_headers.1;
        let d = at(cr, n, Finding::SignedHeaders, "signed headers");
        return Some(explained(
            lines(d, o.signed_headers.0, t.signed_headers.0, n),
            (
                "the list of signed headers reached the service changed: the Authorization header was rewritten, or headers were added or dropped between signing and sending".into(),
                "sign the request exactly as it is sent, after every header the client adds".into(),
            ),
        ));
    }
    if o.payload.0 != t.payload.0 {
        let n = o.payload.1;
        let d = at(cr, n, Finding::PayloadHash, "payload hash");
        return Some(explained(
            lines(d, o.payload.0, t.payload.0, n),
            payload_cause(o.payload.0, t.payload.0),
        ));
    }
    None
}

fn explained(mut d: Diagnosis, (cause, hint): (String, String)) -> Diagnosis {
    d.cause = cause;
    d.hint = hint;
    d
}

fn method_cause() -> (String, String) {
    (
        "the method sent is not the one signed: a redirect turned a POST into a GET, or the client or a proxy overrides the method".into(),
        "sign with the method that goes on the wire, and sign again after following a redirect".into(),
    )
}

/// `path` with each byte outside the unreserved set (and `/`) encoded once.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() * 3);
    encode_into(&mut out, path.as_bytes(), true);
    out
}

fn path_cause(ours: &str, theirs: &str) -> (String, String) {
    if encode_path(theirs) == ours {
        return (
            "the path was URI-encoded twice, as every service but S3 expects, while this service (S3, or one with S3's rules) encodes it once".into(),
            "sign with S3's path rules: no double encoding and no normalization (service s3, or double_encode_path false)".into(),
        );
    }
    if encode_path(ours) == theirs {
        return (
            "the path was encoded once, as S3 expects, while this service encodes the path twice"
                .into(),
            "sign with the default path rules (double encoding) for every service but S3".into(),
        );
    }
    if decode(ours) == decode(theirs) {
        return (
            "the same path was percent-encoded differently: the client or a proxy re-encoded it after signing (`!'()*`, `:` `@`, upper- or lower-case hex)".into(),
            "sign the path exactly as it is written on the request line; keep the client from re-encoding it".into(),
        );
    }
    (
        "the path that reached the service is not the one signed: a proxy or custom domain rewrote it (a stage or base path added or removed, a trailing slash, `.` or `//` segments normalised)".into(),
        "sign the path as the service receives it (with the stage, as on the wire), and for S3 keep `.`, `..` and `//` unnormalised".into(),
    )
}

fn query_cause(ours: &str, theirs: &str) -> (String, String) {
    let plus_as_space = |s: &str| s.replace("%2B", "%20").replace('+', "%20");
    if plus_as_space(ours) == plus_as_space(theirs) {
        return (
            "a `+` in the query: the service read it as a space where it was signed as a plus, or the other way round (form encoding writes a space as `+`)".into(),
            "send a space as `%20` and a plus as `%2B`, never a raw `+`, and sign what is sent".into(),
        );
    }
    let params = |s: &str| -> Vec<Vec<u8>> {
        s.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                let mut kv = decode(k).into_owned();
                kv.push(b'=');
                kv.extend_from_slice(&decode(v));
                kv
            })
            .collect()
    };
    if same_items(&params(ours), &params(theirs)) {
        return (
            "the same parameters were percent-encoded differently: the client's serializer leaves characters such as `:` `$` `,` `!'()*` unescaped that SigV4 escapes, or re-encodes after signing".into(),
            "sign the query as it is sent on the wire, and have the client send it exactly so".into(),
        );
    }
    let names = |s: &str| -> Vec<Vec<u8>> {
        s.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| decode(p.split_once('=').map_or(p, |(k, _)| k)).into_owned())
            .collect()
    };
    if !same_items(&names(ours), &names(theirs)) {
        return (
            "a query parameter was added or dropped after signing (by the client's `params`, a proxy, or a retry)".into(),
            "sign the URL after every parameter is in it".into(),
        );
    }
    // The same names: say which value changed (names are not secret). Both
    // canonical queries list their parameters in the same (sorted) order.
    let changed = ours
        .split('&')
        .zip(theirs.split('&'))
        .find(|(o, t)| o != t)
        .map(|(o, _)| {
            format!(
                " (`{}`)",
                crate::error::printable(o.split('=').next().unwrap_or(o))
            )
        })
        .unwrap_or_default();
    (
        format!("a query parameter's value{changed} changed between signing and sending"),
        "sign the URL exactly as it is sent".into(),
    )
}

/// Whether two lists hold the same items, each as often, in any order (a
/// query has a handful of parameters; no sort is linked in for them).
fn same_items(a: &[Vec<u8>], b: &[Vec<u8>]) -> bool {
    let count = |list: &[Vec<u8>], x: &Vec<u8>| list.iter().filter(|y| *y == x).count();
    a.len() == b.len() && a.iter().all(|x| count(a, x) == count(b, x))
}

fn compare_headers(
    ours: &[(&str, &str, usize)],
    theirs: &[(&str, &str, usize)],
) -> Option<Diagnosis> {
    let cr = Document::CanonicalRequest;
    let line = |name: &str, value: &str| redact_line(&format!("{name}:{value}"), 0);
    let (mut i, mut j) = (0, 0);
    loop {
        let only_ours = match (ours.get(i), theirs.get(j)) {
            (None, None) => return None,
            (Some(&(on, ov, ol)), Some(&(tn, tv, _))) if on == tn => {
                if ov != tv {
                    let d = at(cr, ol, Finding::Header, format!("header {on}"))
                        .values(Some(line(tn, tv)), Some(line(on, ov)));
                    return Some(explained(d, header_cause(on)));
                }
                i += 1;
                j += 1;
                continue;
            }
            (Some(o), Some(t)) => o.0 < t.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
        };
        let hint = "sign the request exactly as it is sent".to_string();
        return Some(if only_ours {
            let (on, ov, ol) = ours[i];
            explained(
                at(cr, ol, Finding::Header, format!("header {on}")).values(None, Some(line(on, ov))),
                (format!("`{on}` was signed but the service's canonical request has no such line: the headers that reached the service changed"), hint),
            )
        } else {
            let (tn, tv, tl) = theirs[j];
            explained(
                at(cr, tl, Finding::Header, format!("header {tn}"))
                    .values(Some(line(tn, tv)), None),
                (
                    format!(
                        "the service's canonical request has a `{tn}` line that was not signed"
                    ),
                    hint,
                ),
            )
        });
    }
}

fn header_cause(name: &str) -> (String, String) {
    let (cause, hint): (&str, &str) = match name {
        "host" => (
            "the Host that reached the service is not the one signed: a proxy, load balancer or custom domain in front of it, or a non-default port left out of (or added to) the Host",
            "sign with the host name (and port, if not the default) the service receives",
        ),
        "content-type" => (
            "the client changed Content-Type after signing (adding `; charset=utf-8`, or setting it from the body)",
            "set Content-Type explicitly before signing, as the client will send it",
        ),
        "content-length" => (
            "the body's length changed after signing (re-serialised, compressed, or a different body was sent)",
            "sign the final body bytes",
        ),
        "content-encoding" => (
            "the client or a proxy compressed the body (or changed Content-Encoding) after signing",
            "compress before signing, or turn the transparent compression off",
        ),
        "x-amz-date" => (
            "X-Amz-Date was rewritten after signing, or a retry re-sent an old one",
            "let the signer set X-Amz-Date, and sign every retry anew",
        ),
        "x-amz-security-token" => (
            "the session token that was sent is not the one signed (the credentials were refreshed between signing and sending)",
            "sign and send with the same credentials; let the signer add X-Amz-Security-Token",
        ),
        "x-amz-content-sha256" => (
            "the payload hash header was changed after signing",
            "let the signer set x-amz-content-sha256 from the body it signs",
        ),
        _ => (
            "a header changed in flight: the client or a proxy rewrote, folded or joined it after signing",
            "sign the request after the client has set every header, or do not sign headers a proxy rewrites",
        ),
    };
    (cause.into(), hint.into())
}

fn payload_cause(ours: &str, theirs: &str) -> (String, String) {
    let special = |s: &str| s == crate::UNSIGNED_PAYLOAD || s.starts_with("STREAMING-");
    if special(ours) || special(theirs) {
        return (
            "the payload was signed in another mode than the service reads it in (UNSIGNED-PAYLOAD or a streaming constant on one side, a body hash on the other)".into(),
            "sign the body hash for every service but S3, and send x-amz-content-sha256 with the value signed".into(),
        );
    }
    (
        "the body sent is not the body signed: changed after signing (Axios `transformRequest`, JSON re-serialisation, compression, a form rebuilt) or a stream read twice".into(),
        "sign the exact bytes that are sent, after every transform".into(),
    )
}

fn compare_string_to_sign(ours: &str, theirs: &str, creq_quoted: bool) -> Option<Diagnosis> {
    let sts = Document::StringToSign;
    let o: Vec<&str> = ours.split('\n').collect();
    let t: Vec<&str> = theirs.split('\n').collect();
    let line = |i: usize, v: &[&str]| v.get(i).copied().unwrap_or("").to_string();
    if line(0, &o) != line(0, &t) {
        return Some(explained(
            at(sts, 1, Finding::Algorithm, "algorithm").values(Some(line(0, &t)), Some(line(0, &o))),
            (
                "the service expects another signing algorithm (SigV4a's AWS4-ECDSA-P256-SHA256 for a multi-region endpoint, or SigV4)".into(),
                "sign with the algorithm the endpoint expects".into(),
            ),
        ));
    }
    if line(1, &o) != line(1, &t) {
        return Some(explained(
            at(sts, 2, Finding::Date, "date").values(Some(line(1, &t)), Some(line(1, &o))),
            (
                "the date the service read is not the signing time: X-Amz-Date was changed or dropped after signing, or a Date header was read instead".into(),
                "send the X-Amz-Date the signer added, unchanged".into(),
            ),
        ));
    }
    if line(2, &o) != line(2, &t) {
        let (our_scope, their_scope) = (line(2, &o), line(2, &t));
        let os: Vec<&str> = our_scope.split('/').collect();
        let ts: Vec<&str> = their_scope.split('/').collect();
        let parts: [(Finding, &str, &str, &str); 4] = [
            (
                Finding::ScopeDate,
                "scope date",
                "the credential scope's date is not the date of X-Amz-Date (a scope built by hand, or a signing key cached across midnight UTC)",
                "derive the scope from the signing time, in UTC",
            ),
            (
                Finding::ScopeRegion,
                "scope region",
                "the request was signed for another region than the endpoint's (a default region from the environment or profile, an S3 bucket elsewhere)",
                "sign with the endpoint's region, the one in the service's scope",
            ),
            (
                Finding::ScopeService,
                "scope service",
                "the request was signed for another service than the endpoint's signing name (execute-api, es, s3, sts …)",
                "sign with the service's signing name, the one in the service's scope",
            ),
            (
                Finding::ScopeTerminator,
                "scope terminator",
                "the credential scope does not end in aws4_request",
                "let the signer build the credential scope",
            ),
        ];
        for (i, (finding, part, cause, hint)) in parts.iter().enumerate() {
            let (ov, tv) = (
                os.get(i).copied().unwrap_or(""),
                ts.get(i).copied().unwrap_or(""),
            );
            if ov != tv {
                return Some(explained(
                    at(sts, 3, *finding, *part).values(Some(tv.to_string()), Some(ov.to_string())),
                    ((*cause).into(), (*hint).into()),
                ));
            }
        }
    }
    if line(3, &o) != line(3, &t) {
        let cause = if creq_quoted {
            "the canonical requests agree as quoted, yet their hashes differ: bytes the quote does not show (a carriage return, trailing white space, non-UTF-8 bytes in a header)"
        } else {
            "the canonical request the service computed differs from ours, but the error does not quote it"
        };
        return Some(explained(
            at(sts, 4, Finding::CanonicalRequestHash, "canonical request hash").values(Some(line(3, &t)), Some(line(3, &o))),
            (cause.into(), "sign the request exactly as it is sent; compare the two canonical requests byte for byte".into()),
        ));
    }
    None
}
