//! EC2 instance metadata (IMDSv2): a session token (`PUT
//! /latest/api/token`), the role name, then its credentials. IMDSv1 (no
//! token) only when the caller opts in.

use super::container::parse_credentials_json;
use super::profile_chain::printable;
use super::{fail, request, Cx, Files, HttpAnswer, R};
use crate::Credentials;

const SRC: &str = "instance_metadata";
const TIMEOUT_MS: u32 = 1_000;
const CREDS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// The instance's role credentials; `None` when IMDS is disabled,
/// unreachable, or the instance has no role.
pub(crate) fn load(
    cx: &Cx<'_>,
    files: &Files<'_>,
    profile: Option<&str>,
) -> R<Option<Credentials>> {
    if cx
        .env("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Ok(None);
    }
    let p = profile.and_then(|n| files.merged(n));
    let setting_of = |env: &'static str, key: &str| -> Option<(String, String)> {
        cx.env(env)
            .map(|v| (v.to_owned(), env.to_owned()))
            .or_else(|| {
                p.as_ref().and_then(|p| {
                    p.get(key).filter(|v| !v.is_empty()).map(|v| {
                        (
                            v.to_owned(),
                            format!("profile {}: {key}", printable(p.name())),
                        )
                    })
                })
            })
    };
    let (base, setting) = match setting_of(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "ec2_metadata_service_endpoint",
    ) {
        Some(found) => found,
        None => match setting_of(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
            "ec2_metadata_service_endpoint_mode",
        ) {
            Some((mode, setting)) if mode.eq_ignore_ascii_case("ipv6") => {
                ("http://[fd00:ec2::254]".to_owned(), setting)
            }
            Some((mode, setting)) if !mode.eq_ignore_ascii_case("ipv4") => {
                return fail(SRC, setting, "the endpoint mode must be IPv4 or IPv6");
            }
            _ => (
                "http://169.254.169.254".to_owned(),
                "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(),
            ),
        },
    };
    let base = base.trim_end_matches('/').to_owned();
    let Ok(parts) = crate::url::split_url(&base) else {
        return fail(SRC, setting, "the metadata endpoint is not an http(s) URL");
    };
    let host = parts.host_header().into_owned();
    let token_answer = cx.http(request(
        "imds:token",
        SRC,
        "PUT",
        format!("{base}/latest/api/token"),
        vec![
            ("Host".into(), host.clone()),
            (
                "x-aws-ec2-metadata-token-ttl-seconds".into(),
                "21600".into(),
            ),
        ],
        String::new(),
        TIMEOUT_MS,
    ))?;
    let token = match token_answer {
        HttpAnswer::Unreachable => return Ok(None),
        HttpAnswer::Response { status: 200, body } => Some(body.trim().to_owned()),
        HttpAnswer::Response { status, .. } if cx.options().imds_v1_fallback && *status != 400 => {
            None
        }
        HttpAnswer::Response { status, .. } => {
            return fail(
                SRC,
                setting,
                format!(
                    "the IMDSv2 token request was answered HTTP {status}; IMDSv1 is used only \
                     when the fallback is enabled"
                ),
            )
        }
    };
    let mut headers = vec![("Host".to_owned(), host)];
    if let Some(t) = &token {
        headers.push(("x-aws-ec2-metadata-token".into(), t.clone()));
    }
    let role_answer = cx.http(request(
        "imds:role",
        SRC,
        "GET",
        format!("{base}{CREDS_PATH}"),
        headers.clone(),
        String::new(),
        TIMEOUT_MS,
    ))?;
    let role = match role_answer {
        HttpAnswer::Response { status: 200, body } => {
            match body.lines().map(str::trim).find(|l| !l.is_empty()) {
                Some(r) => r.to_owned(),
                None => return Ok(None),
            }
        }
        // No role attached (404), or nothing answering.
        _ => return Ok(None),
    };
    if !role
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
    {
        return fail(SRC, setting, "the metadata service named an invalid role");
    }
    let creds_answer = cx.http(request(
        "imds:credentials",
        SRC,
        "GET",
        format!("{base}{CREDS_PATH}{role}"),
        headers,
        String::new(),
        TIMEOUT_MS,
    ))?;
    match creds_answer {
        HttpAnswer::Response { status: 200, body } => {
            if let Some(doc) = crate::json::parse(body) {
                if doc.str("Code").is_some_and(|c| c != "Success") {
                    return fail(
                        SRC,
                        setting,
                        "the metadata service's answer is not Code: Success",
                    );
                }
            }
            parse_credentials_json(SRC, &setting, body).map(Some)
        }
        HttpAnswer::Response { status, .. } => fail(
            SRC,
            setting,
            format!("the role's credentials were answered HTTP {status}"),
        ),
        HttpAnswer::Unreachable => Ok(None),
    }
}
