//! IAM Identity Center: a profile's `sso_session` (with its
//! `[sso-session NAME]` section) or the legacy `sso_start_url`, the token
//! `aws sso login` cached under `~/.aws/sso/cache/<sha1>.json`, then the
//! portal's `GetRoleCredentials`.

use super::profile_chain::printable;
use super::sha1::sha1_hex;
use super::{credentials_from_parts, fail, parse_expiry, request, Cx, Files, HttpAnswer, R};
use crate::json;
use crate::profile::{self, Profile};
use crate::{uri_encode, Credentials};

const SRC: &str = "sso";
const TIMEOUT_MS: u32 = 10_000;

/// The token cache file for a session name or legacy start URL.
pub(crate) fn cache_file(key: &str) -> String {
    format!("~/.aws/sso/cache/{}.json", sha1_hex(key.as_bytes()))
}

/// The profile's SSO credentials; `None` when it has no SSO settings.
pub(crate) fn load(cx: &Cx<'_>, files: &Files<'_>, p: &Profile) -> R<Option<Credentials>> {
    let name = printable(p.name());
    let setting = |key: &str| format!("profile {name}: {key}");
    let (start_url, region, key) = if let Some(session) = p.get("sso_session") {
        let Some(s) = files.config.and_then(|c| profile::sso_session(c, session)) else {
            return fail(
                SRC,
                setting("sso_session"),
                format!(
                    "there is no [sso-session {}] section in the config file",
                    printable(session)
                ),
            );
        };
        let (Some(url), Some(region)) = (s.get("sso_start_url"), s.get("sso_region")) else {
            return fail(
                SRC,
                format!(
                    "sso-session {}: sso_start_url, sso_region",
                    printable(session)
                ),
                "the sso-session section needs sso_start_url and sso_region",
            );
        };
        (url.to_owned(), region.to_owned(), session.to_owned())
    } else if let Some(url) = p.get("sso_start_url") {
        let Some(region) = p.get("sso_region") else {
            return fail(
                SRC,
                setting("sso_region"),
                "the profile has sso_start_url but no sso_region",
            );
        };
        (url.to_owned(), region.to_owned(), url.to_owned())
    } else {
        return Ok(None);
    };
    let missing: Vec<&str> = ["sso_account_id", "sso_role_name"]
        .into_iter()
        .filter(|k| p.get(k).is_none())
        .collect();
    if !missing.is_empty() {
        return fail(
            SRC,
            setting(&missing.join(", ")),
            "an SSO profile needs sso_account_id and sso_role_name",
        );
    }
    let account = p.get("sso_account_id").unwrap_or_default();
    let role = p.get("sso_role_name").unwrap_or_default();
    let path = cx.expand(&cache_file(&key));
    let login = "run `aws sso login` to sign in again";
    let Some(text) = cx.file(&path)? else {
        return fail(
            SRC,
            setting("sso_session / sso_start_url"),
            format!(
                "no cached SSO token ({} does not exist); {login}",
                printable(&path)
            ),
        );
    };
    let Some(doc) = json::parse(text) else {
        return fail(
            SRC,
            printable(&path),
            "the SSO token cache file is not JSON",
        );
    };
    let (Some(token), Some(expires)) = (doc.str("accessToken"), doc.str("expiresAt")) else {
        return fail(
            SRC,
            printable(&path),
            format!("the cached SSO token lacks accessToken or expiresAt; {login}"),
        );
    };
    let expires_at = parse_expiry(SRC, &printable(&path), expires)?;
    if expires_at <= cx.now().unix() {
        return fail(
            SRC,
            setting("sso_session / sso_start_url"),
            format!("the cached SSO token has expired; {login}"),
        );
    }
    let (base, url_setting) = match cx
        .env("AWS_ENDPOINT_URL_SSO")
        .or_else(|| cx.env("AWS_ENDPOINT_URL"))
    {
        Some(u) => (
            u.trim_end_matches('/').to_owned(),
            "AWS_ENDPOINT_URL_SSO".to_owned(),
        ),
        None => {
            if !region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return fail(
                    SRC,
                    setting("sso_region"),
                    "the region is not a region name",
                );
            }
            (
                format!("https://portal.sso.{region}.amazonaws.com"),
                setting("sso_region"),
            )
        }
    };
    let url = format!(
        "{base}/federation/credentials?account_id={}&role_name={}",
        uri_encode(account),
        uri_encode(role)
    );
    let Ok(parts) = crate::url::split_url(&url) else {
        return fail(
            SRC,
            url_setting,
            "the SSO portal endpoint is not an http(s) URL",
        );
    };
    let headers = vec![
        ("Host".to_owned(), parts.host_header().into_owned()),
        ("x-amz-sso_bearer_token".to_owned(), token.to_owned()),
    ];
    let answer = cx.http(request(
        "sso:GetRoleCredentials",
        SRC,
        "GET",
        url,
        headers,
        String::new(),
        TIMEOUT_MS,
    ))?;
    let _ = start_url;
    match answer {
        HttpAnswer::Unreachable => fail(SRC, url_setting, "could not reach the SSO portal"),
        HttpAnswer::Response { status: 200, body } => {
            let Some(doc) = json::parse(body) else {
                return fail(SRC, url_setting, "the SSO portal's answer is not JSON");
            };
            let Some(rc) = doc.get("roleCredentials") else {
                return fail(
                    SRC,
                    url_setting,
                    "the SSO portal's answer has no roleCredentials",
                );
            };
            let expiration = rc
                .int("expiration")
                .and_then(|ms| i64::try_from(ms / 1000).ok());
            credentials_from_parts(
                SRC,
                &url_setting,
                rc.str("accessKeyId"),
                rc.str("secretAccessKey"),
                rc.str("sessionToken"),
                expiration,
            )
            .map(Some)
        }
        HttpAnswer::Response {
            status: status @ (401 | 403),
            ..
        } => fail(
            SRC,
            setting("sso_role_name"),
            format!("the SSO portal refused the cached token or role (HTTP {status}); {login}"),
        ),
        HttpAnswer::Response { status, .. } => fail(
            SRC,
            url_setting,
            format!("the SSO portal answered HTTP {status}"),
        ),
    }
}
