//! The container credentials endpoint (ECS task roles, EKS Pod Identity):
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2) or
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the token of
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Plain HTTP only to the hosts the AWS
//! SDKs allow: loopback, 169.254.170.2, 169.254.170.23, fd00:ec2::23.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::profile_chain::{printable, printable_url};
use super::{credentials_from_parts, fail, parse_expiry, request, Cx, HttpAnswer, R};
use crate::json;
use crate::Credentials;

const SRC: &str = "container";
const RELATIVE: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const TIMEOUT_MS: u32 = 2_000;

/// Whether plain HTTP may go to `host` (as the `Host` header spells it:
/// lower case, IPv6 in brackets).
pub(crate) fn plain_http_allowed(host: &str) -> bool {
    if matches!(host, "localhost" | "169.254.170.2" | "169.254.170.23") {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| {
            ip.is_loopback() || ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23)
        });
    }
    host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// The container's credentials; `None` when neither URI variable is set.
pub(crate) fn load(cx: &Cx<'_>) -> R<Option<Credentials>> {
    let (url, setting) = if let Some(rel) = cx.env(RELATIVE) {
        if !rel.starts_with('/') {
            return fail(SRC, RELATIVE, "must be a path starting with /");
        }
        (format!("http://169.254.170.2{rel}"), RELATIVE)
    } else if let Some(full) = cx.env(FULL) {
        let Ok(parts) = crate::url::split_url(full) else {
            return fail(SRC, FULL, "is not an http(s) URL");
        };
        if parts.scheme == "http" && !plain_http_allowed(&parts.host) {
            return fail(
                SRC,
                FULL,
                format!(
                    "plain http only to a loopback address, 169.254.170.2, 169.254.170.23 or \
                     fd00:ec2::23, not {}; use https",
                    printable(&parts.host)
                ),
            );
        }
        (full.to_owned(), FULL)
    } else {
        return Ok(None);
    };
    let Ok(parts) = crate::url::split_url(&url) else {
        return fail(SRC, setting, "is not a valid URL path");
    };
    let mut headers = vec![
        ("Host".to_owned(), parts.host_header().into_owned()),
        ("Accept".to_owned(), "application/json".to_owned()),
    ];
    let token = if let Some(path) = cx.env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        match cx.file(&cx.expand(path))? {
            Some(t) => Some((t, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")),
            None => {
                return fail(
                    SRC,
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                    format!("the token file {} does not exist", printable(path)),
                )
            }
        }
    } else {
        cx.env("AWS_CONTAINER_AUTHORIZATION_TOKEN")
            .map(|t| (t, "AWS_CONTAINER_AUTHORIZATION_TOKEN"))
    };
    if let Some((token, token_setting)) = token {
        if token.contains(['\r', '\n']) {
            return fail(
                SRC,
                token_setting,
                "the authorization token holds a line break, which a header cannot",
            );
        }
        headers.push(("Authorization".to_owned(), token.to_owned()));
    }
    let answer = cx.http(request(
        "container",
        SRC,
        "GET",
        url.clone(),
        headers,
        String::new(),
        TIMEOUT_MS,
    ))?;
    match answer {
        HttpAnswer::Unreachable => fail(
            SRC,
            setting,
            format!(
                "could not reach the container endpoint {}",
                printable_url(&url)
            ),
        ),
        HttpAnswer::Response { status: 200, body } => parse(setting, body).map(Some),
        HttpAnswer::Response { status, .. } => fail(
            SRC,
            setting,
            format!("the container endpoint answered HTTP {status}"),
        ),
    }
}

/// `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}`, the shape of
/// both the container endpoint and instance metadata.
pub(crate) fn parse_credentials_json(
    src: &'static str,
    setting: &str,
    body: &str,
) -> R<Credentials> {
    let Some(doc) = json::parse(body) else {
        return fail(src, setting, "the answer is not JSON");
    };
    let expiration = match doc.str("Expiration") {
        Some(e) => Some(parse_expiry(src, setting, e)?),
        None => None,
    };
    credentials_from_parts(
        src,
        setting,
        doc.str("AccessKeyId"),
        doc.str("SecretAccessKey"),
        doc.str("Token"),
        expiration,
    )
}

fn parse(setting: &str, body: &str) -> R<Credentials> {
    parse_credentials_json(SRC, setting, body)
}
