//! The order of the chain, and the profile sources: assume-role (with
//! `source_profile` chains and `credential_source`), and the providers a
//! profile can name, in botocore's order.

use super::{container, fail, imds, process, sso, sts, ChainError, Cx, Files, Source, Stop, R};
use crate::profile::{self, Profile};
use crate::Credentials;

type Found = (Credentials, &'static str);

fn nothing(source: &'static str, setting: &str, reason: &str) -> Stop {
    Stop::Fail(ChainError {
        not_found: true,
        ..ChainError::new(source, setting, reason)
    })
}

/// One source on its own.
fn run_only(cx: &Cx<'_>, only: Source) -> R<Found> {
    let src = only.name();
    let found = match only {
        Source::Environment => match profile::credentials_from_env(cx.env_fn()) {
            Ok(c) => c.map(|c| (c, src)),
            Err(e) => {
                return fail(
                    src,
                    format!("AWS_{}", e.field().to_ascii_uppercase()),
                    e.to_string(),
                )
            }
        },
        Source::Container => container::load(cx)?.map(|c| (c, src)),
        _ => {
            let files = cx.shared_files()?;
            let (name, chosen) = profile_name(cx);
            let exists = files.names().contains(&name);
            if !exists && chosen.is_some() && only != Source::WebIdentity {
                return fail(
                    "profile",
                    chosen.unwrap_or("profile"),
                    format!(
                        "the profile \"{}\" is in neither the config nor the credentials file",
                        printable(&name)
                    ),
                );
            }
            let p = if exists { files.merged(&name) } else { None };
            match (only, p) {
                (Source::InstanceMetadata, _) => {
                    imds::load(cx, &files, exists.then_some(name.as_str()))?.map(|c| (c, src))
                }
                (Source::WebIdentity, p) => {
                    sts::web_identity(cx, p.as_ref(), true)?.map(|c| (c, src))
                }
                (Source::Sso, Some(p)) => sso::load(cx, &files, &p)?.map(|c| (c, src)),
                (Source::Process, Some(p)) => process::load(cx, &p)?.map(|c| (c, src)),
                (Source::Profile, Some(p)) => {
                    if is_role_profile(&p) {
                        let mut visited = vec![name.clone()];
                        Some(assume_role(cx, &files, &name, &mut visited)?)
                    } else {
                        profile_providers(cx, &files, Some(&name), false)?
                    }
                }
                _ => None,
            }
        }
    };
    found.ok_or_else(|| {
        nothing(
            src,
            src,
            "this source is not configured or has no credentials",
        )
    })
}

/// The whole chain.
pub(crate) fn run(cx: &Cx<'_>) -> R<Found> {
    if let Some(only) = cx.options().only {
        return run_only(cx, only);
    }
    let explicit = cx.options().profile.is_some();
    if !explicit {
        match profile::credentials_from_env(cx.env_fn()) {
            Ok(Some(c)) => return Ok((c, "environment")),
            Ok(None) => {}
            Err(e) => {
                return fail(
                    "environment",
                    format!("AWS_{}", e.field().to_ascii_uppercase()),
                    e.to_string(),
                )
            }
        }
    }
    let files = cx.shared_files()?;
    let (name, chosen) = profile_name(cx);
    let exists = files.names().contains(&name);
    if !exists && chosen.is_some() {
        return fail(
            "profile",
            chosen.unwrap_or("profile"),
            format!(
                "the profile \"{}\" is in neither the config nor the credentials file",
                printable(&name)
            ),
        );
    }
    let name = exists.then_some(name);
    if let Some(name) = &name {
        if let Some(p) = files.merged(name) {
            if is_role_profile(&p) {
                let mut visited = vec![name.clone()];
                return assume_role(cx, &files, name, &mut visited);
            }
        }
    }
    if let Some(found) = profile_providers(cx, &files, name.as_deref(), !explicit)? {
        return Ok(found);
    }
    if let Some(c) = container::load(cx)? {
        return Ok((c, "container"));
    }
    if let Some(c) = imds::load(cx, &files, name.as_deref())? {
        return Ok((c, "instance_metadata"));
    }
    Err(nothing(
        "chain",
        "credentials",
        "no credentials found: not in the environment (AWS_ACCESS_KEY_ID), \
         the shared files (AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), \
         web identity (AWS_WEB_IDENTITY_TOKEN_FILE), the container endpoint \
         (AWS_CONTAINER_CREDENTIALS_*) or instance metadata",
    ))
}

/// The profile name, and the setting that chose it if one did.
fn profile_name(cx: &Cx<'_>) -> (String, Option<&'static str>) {
    if let Some(p) = &cx.options().profile {
        return (p.clone(), Some("profile"));
    }
    if let Some(p) = cx.env("AWS_PROFILE") {
        return (p.to_owned(), Some("AWS_PROFILE"));
    }
    if let Some(p) = cx.env("AWS_DEFAULT_PROFILE") {
        return (p.to_owned(), Some("AWS_DEFAULT_PROFILE"));
    }
    ("default".into(), None)
}

pub(crate) fn printable(s: &str) -> String {
    crate::error::printable(s)
}

/// A URL as an error may show it: without user information (a
/// `user:password@` a user put in an endpoint variable) and without the
/// query, either of which can hold a secret.
pub(crate) fn printable_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let path = tail.split(['?', '#']).next().unwrap_or("");
    printable(&format!("{scheme}{host}{path}"))
}

/// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's.
pub(crate) fn region(cx: &Cx<'_>) -> R<Option<String>> {
    if let Some(r) = cx
        .env("AWS_REGION")
        .or_else(|| cx.env("AWS_DEFAULT_REGION"))
    {
        return Ok(Some(r.to_owned()));
    }
    let files = cx.shared_files()?;
    let (name, _) = profile_name(cx);
    Ok(files
        .merged(&name)
        .and_then(|p| p.region().filter(|r| !r.is_empty()).map(str::to_owned)))
}

fn is_role_profile(p: &Profile) -> bool {
    p.get("role_arn").is_some() && p.get("web_identity_token_file").is_none()
}

fn has_static(p: &Profile) -> bool {
    p.get("aws_access_key_id").is_some() || p.get("aws_secret_access_key").is_some()
}

fn setting(profile: &str, key: &str) -> String {
    format!("profile {}: {key}", printable(profile))
}

/// What a profile names, without the assume-role step: web identity, SSO,
/// static keys in the credentials file, `credential_process`, static keys in
/// the config file.
fn profile_providers(
    cx: &Cx<'_>,
    files: &Files<'_>,
    name: Option<&str>,
    use_env: bool,
) -> R<Option<Found>> {
    let merged = name.and_then(|n| files.merged(n));
    if let Some(c) = sts::web_identity(cx, merged.as_ref(), use_env)? {
        return Ok(Some((c, "web_identity")));
    }
    let (Some(name), Some(p)) = (name, merged) else {
        return Ok(None);
    };
    if let Some(c) = sso::load(cx, files, &p)? {
        return Ok(Some((c, "sso")));
    }
    if let Some(c) = static_keys(files.credentials_only(name), "shared_credentials_file")? {
        return Ok(Some((c, "shared_credentials_file")));
    }
    if let Some(c) = process::load(cx, &p)? {
        return Ok(Some((c, "process")));
    }
    if let Some(c) = static_keys(files.config_only(name), "config_file")? {
        return Ok(Some((c, "config_file")));
    }
    Ok(None)
}

fn static_keys(p: Option<Profile>, source: &'static str) -> R<Option<Credentials>> {
    let Some(p) = p else { return Ok(None) };
    match p.static_credentials() {
        Ok(c) => Ok(c),
        Err(_) => {
            let missing = if p.get("aws_access_key_id").is_none() {
                "aws_access_key_id"
            } else {
                "aws_secret_access_key"
            };
            fail(
                source,
                setting(p.name(), missing),
                "the profile has only half of a key pair",
            )
        }
    }
}

/// `role_arn` in profile `name`: the source credentials, then STS
/// `AssumeRole` signed with them.
fn assume_role(cx: &Cx<'_>, files: &Files<'_>, name: &str, visited: &mut Vec<String>) -> R<Found> {
    const SRC: &str = "assume_role";
    let Some(p) = files.merged(name) else {
        return fail(
            SRC,
            setting(name, "source_profile"),
            "the profile does not exist",
        );
    };
    let source_profile = p.get("source_profile");
    let credential_source = p.get("credential_source");
    let source = match (source_profile, credential_source) {
        (Some(_), Some(_)) => {
            return fail(
                SRC,
                setting(name, "source_profile, credential_source"),
                "set one of source_profile and credential_source, not both",
            )
        }
        (None, None) => {
            return fail(
                SRC,
                setting(name, "role_arn"),
                "role_arn needs source_profile or credential_source",
            )
        }
        (None, Some(cs)) => from_credential_source(cx, files, name, cs)?,
        (Some(sp), None) => {
            if !files.names().iter().any(|n| n == sp) {
                return fail(
                    SRC,
                    setting(name, "source_profile"),
                    format!("source_profile \"{}\" does not exist", printable(sp)),
                );
            }
            let source = files.merged(sp);
            if visited.iter().any(|v| v == sp) {
                // A profile may name itself as its source when it holds
                // static keys; any other revisit is a cycle.
                let self_with_keys = sp == name && source.as_ref().is_some_and(has_static);
                if !self_with_keys {
                    let mut path = visited.join(" -> ");
                    path.push_str(" -> ");
                    path.push_str(sp);
                    return fail(
                        SRC,
                        setting(name, "source_profile"),
                        format!("source_profile chain loops: {}", printable(&path)),
                    );
                }
            }
            visited.push(sp.to_owned());
            match source {
                Some(sprof) if !has_static(&sprof) && is_role_profile(&sprof) => {
                    assume_role(cx, files, sp, visited)?.0
                }
                _ => match profile_providers(cx, files, Some(sp), false)? {
                    Some((c, _)) => c,
                    None => {
                        return fail(
                            SRC,
                            setting(name, "source_profile"),
                            format!("source profile \"{}\" has no credentials", printable(sp)),
                        )
                    }
                },
            }
        }
    };
    let c = sts::assume_role(cx, name, &p, &source)?;
    Ok((c, SRC))
}

fn from_credential_source(cx: &Cx<'_>, files: &Files<'_>, name: &str, cs: &str) -> R<Credentials> {
    const SRC: &str = "assume_role";
    let found = match cs {
        "Environment" => match profile::credentials_from_env(cx.env_fn()) {
            Ok(c) => c,
            Err(e) => {
                return fail(SRC, setting(name, "credential_source"), e.to_string());
            }
        },
        "Ec2InstanceMetadata" => imds::load(cx, files, Some(name))?,
        "EcsContainer" => container::load(cx)?,
        _ => {
            return fail(
                SRC,
                setting(name, "credential_source"),
                format!(
                    "credential_source \"{}\" is not one of Environment, Ec2InstanceMetadata, EcsContainer",
                    printable(cs)
                ),
            )
        }
    };
    match found {
        Some(c) => Ok(c),
        None => fail(
            SRC,
            setting(name, "credential_source"),
            format!("credential_source {cs} provided no credentials"),
        ),
    }
}
