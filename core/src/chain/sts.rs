//! STS: `AssumeRole` (signed here with the source credentials) and
//! `AssumeRoleWithWebIdentity` (unsigned), over the Query protocol, and
//! their XML answers.

use super::profile_chain::{printable, printable_url, region};
use super::{credentials_from_parts, fail, parse_expiry, request, Cx, HttpAnswer, R};
use crate::profile::Profile;
use crate::{uri_encode, Credentials, Payload, Request, Signer, SigningSettings};

const TIMEOUT_MS: u32 = 10_000;

/// Regions where `AWS_STS_REGIONAL_ENDPOINTS=legacy` means the global
/// endpoint (the AWS SDKs' list).
const LEGACY_GLOBAL: [&str; 16] = [
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The STS endpoint URL and the region to sign for.
fn endpoint(cx: &Cx<'_>, profile: Option<&Profile>) -> R<(String, String, &'static str)> {
    let region = region(cx)?;
    let signing_region = region.clone().unwrap_or_else(|| "us-east-1".into());
    if let Some(url) = cx.env("AWS_ENDPOINT_URL_STS") {
        return Ok((url.to_owned(), signing_region, "AWS_ENDPOINT_URL_STS"));
    }
    if let Some(url) = cx.env("AWS_ENDPOINT_URL") {
        return Ok((url.to_owned(), signing_region, "AWS_ENDPOINT_URL"));
    }
    if let Some(url) = profile
        .and_then(|p| p.get("endpoint_url"))
        .filter(|u| !u.is_empty())
    {
        return Ok((url.to_owned(), signing_region, "endpoint_url"));
    }
    let legacy = cx
        .env("AWS_STS_REGIONAL_ENDPOINTS")
        .or_else(|| profile.and_then(|p| p.get("sts_regional_endpoints")))
        .is_some_and(|v| v.eq_ignore_ascii_case("legacy"));
    match region {
        Some(r) if !(legacy && LEGACY_GLOBAL.contains(&r.as_str())) => {
            if !r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return fail("assume_role", "region", "the region is not a region name");
            }
            let suffix = if r.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            Ok((
                format!("https://sts.{r}.{suffix}"),
                r,
                "AWS_STS_REGIONAL_ENDPOINTS",
            ))
        }
        _ => Ok((
            "https://sts.amazonaws.com".into(),
            signing_region,
            "AWS_STS_REGIONAL_ENDPOINTS",
        )),
    }
}

fn session_name(cx: &Cx<'_>) -> String {
    cx.options()
        .session_name
        .clone()
        .unwrap_or_else(|| format!("sigv4kit-session-{}", cx.now().unix()))
}

fn form(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", uri_encode(k), uri_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// STS `AssumeRole` for profile `name` with the `source` credentials.
pub(crate) fn assume_role(
    cx: &Cx<'_>,
    name: &str,
    p: &Profile,
    source: &Credentials,
) -> R<Credentials> {
    const SRC: &str = "assume_role";
    let setting = |key: &str| format!("profile {}: {key}", printable(name));
    let role_arn = p.get("role_arn").unwrap_or_default();
    let session = p
        .get("role_session_name")
        .map(str::to_owned)
        .unwrap_or_else(|| session_name(cx));
    let mut params: Vec<(&str, &str)> = vec![
        ("Action", "AssumeRole"),
        ("Version", "2011-06-15"),
        ("RoleArn", role_arn),
        ("RoleSessionName", &session),
    ];
    if let Some(d) = p.get("duration_seconds") {
        if d.parse::<u32>()
            .map_or(true, |n| !(900..=43_200).contains(&n))
        {
            return fail(
                SRC,
                setting("duration_seconds"),
                "duration_seconds must be a whole number of seconds from 900 to 43200",
            );
        }
        params.push(("DurationSeconds", d));
    }
    if let Some(e) = p.get("external_id") {
        params.push(("ExternalId", e));
    }
    let code;
    if let Some(serial) = p.get("mfa_serial") {
        if !cx.options().mfa_token {
            return fail(
                SRC,
                setting("mfa_serial"),
                "the profile requires an MFA code (mfa_serial) and no MFA token function was given",
            );
        }
        code = cx.mfa(serial)?;
        params.push(("SerialNumber", serial));
        params.push(("TokenCode", code));
    }
    let body = form(&params);
    let (url, signing_region, url_setting) = endpoint(cx, Some(p))?;
    let bad_url = || fail(SRC, url_setting, "the STS endpoint is not an http(s) URL");
    let Ok(parts) = crate::url::split_url(&url) else {
        return bad_url();
    };
    let host = parts.host_header().into_owned();
    let target = parts.target.into_owned();
    const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";
    let signed = Signer::new(SigningSettings::new(signing_region, "sts")).and_then(|s| {
        let req = Request::new("POST", &target)
            .header("Host", &host)
            .header("Content-Type", FORM);
        s.sign(source, &req, Payload::Bytes(body.as_bytes()), cx.now())
    });
    let signed = match signed {
        Ok(s) => s,
        Err(e) => {
            return fail(
                SRC,
                setting("source_profile"),
                format!("cannot sign the AssumeRole request ({})", e.field()),
            )
        }
    };
    let mut headers = vec![
        ("Host".to_owned(), host),
        ("Content-Type".to_owned(), FORM.to_owned()),
    ];
    headers.extend(
        signed
            .added()
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned())),
    );
    // The id names the hop, so a chain's requests stay apart.
    let id = format!("sts:AssumeRole:{}", printable(name));
    let answer = cx.http(request(
        id,
        SRC,
        "POST",
        url.clone(),
        headers,
        body,
        TIMEOUT_MS,
    ))?;
    parse_answer(SRC, &setting("role_arn"), &url, answer)
}

/// `AssumeRoleWithWebIdentity`, from `AWS_WEB_IDENTITY_TOKEN_FILE` +
/// `AWS_ROLE_ARN` (unless `use_env` is false) or the profile's
/// `web_identity_token_file` + `role_arn`. `None` when neither names a
/// token file.
pub(crate) fn web_identity(
    cx: &Cx<'_>,
    p: Option<&Profile>,
    use_env: bool,
) -> R<Option<Credentials>> {
    const SRC: &str = "web_identity";
    let get = |env: &str, key: &str| -> Option<(String, String)> {
        if use_env {
            if let Some(v) = cx.env(env) {
                return Some((v.to_owned(), env.to_owned()));
            }
        }
        p.and_then(|p| {
            p.get(key).filter(|v| !v.is_empty()).map(|v| {
                (
                    v.to_owned(),
                    format!("profile {}: {key}", printable(p.name())),
                )
            })
        })
    };
    let Some((token_file, file_setting)) =
        get("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file")
    else {
        return Ok(None);
    };
    let Some((role_arn, role_setting)) = get("AWS_ROLE_ARN", "role_arn") else {
        return fail(
            SRC,
            file_setting,
            "a web identity token file is set but no role ARN (AWS_ROLE_ARN or role_arn)",
        );
    };
    let session = get("AWS_ROLE_SESSION_NAME", "role_session_name")
        .map(|(v, _)| v)
        .unwrap_or_else(|| session_name(cx));
    let path = cx.expand(&token_file);
    let Some(token) = cx.file(&path)? else {
        return fail(
            SRC,
            file_setting,
            format!("the token file {} does not exist", printable(&path)),
        );
    };
    let body = form(&[
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", &role_arn),
        ("RoleSessionName", &session),
        ("WebIdentityToken", token),
    ]);
    let (url, _, url_setting) = endpoint(cx, p)?;
    let Ok(parts) = crate::url::split_url(&url) else {
        return fail(SRC, url_setting, "the STS endpoint is not an http(s) URL");
    };
    let headers = vec![
        ("Host".to_owned(), parts.host_header().into_owned()),
        (
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
        ),
    ];
    let answer = cx.http(request(
        "sts:AssumeRoleWithWebIdentity",
        SRC,
        "POST",
        url.clone(),
        headers,
        body,
        TIMEOUT_MS,
    ))?;
    parse_answer(SRC, &role_setting, &url, answer).map(Some)
}

fn parse_answer(
    src: &'static str,
    setting: &str,
    url: &str,
    answer: &HttpAnswer,
) -> R<Credentials> {
    match answer {
        HttpAnswer::Unreachable => fail(
            src,
            setting,
            format!("could not reach STS at {}", printable_url(url)),
        ),
        HttpAnswer::Response { status: 200, body } => parse_credentials_xml(src, setting, body),
        HttpAnswer::Response { status, body } => {
            let code = element(body, "Code")
                .filter(|c| c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'))
                .unwrap_or_else(|| "no error code".into());
            fail(src, setting, format!("STS answered HTTP {status} ({code})"))
        }
    }
}

/// The `<Credentials>` of an `AssumeRole*Response`.
pub(crate) fn parse_credentials_xml(
    src: &'static str,
    setting: &str,
    body: &str,
) -> R<Credentials> {
    let Some(creds) = element_raw(body, "Credentials") else {
        return fail(src, setting, "the STS answer holds no <Credentials>");
    };
    let id = element(creds, "AccessKeyId");
    let secret = element(creds, "SecretAccessKey").map(zeroize::Zeroizing::new);
    let token = element(creds, "SessionToken").map(zeroize::Zeroizing::new);
    let expiration = match element(creds, "Expiration") {
        Some(e) => Some(parse_expiry(src, setting, &e)?),
        None => None,
    };
    credentials_from_parts(
        src,
        setting,
        id.as_deref(),
        secret.as_deref().map(String::as_str),
        token.as_deref().map(String::as_str),
        expiration,
    )
}

/// The text between `<name>` and `</name>` (first occurrence), unescaped.
fn element(xml: &str, name: &str) -> Option<String> {
    element_raw(xml, name).map(unescape)
}

fn element_raw<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&close)? + start;
    Some(xml[start..end].trim())
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
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
