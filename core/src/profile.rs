//! The shared `config` and `credentials` files and the `AWS_*` environment,
//! as pure functions of their text.
//!
//! Reading files and the environment is I/O, which each binding does with its
//! host's facilities; deciding what they mean lives here, once, so that a
//! profile resolves the same way in every language. The rules follow the AWS
//! SDKs: in `config`, profiles are `[profile NAME]` (and `[default]`); in
//! `credentials` they are `[NAME]`; keys are case-insensitive; `#` and `;`
//! start comment lines; an indented line continues the previous value; and
//! for the same key the credentials file wins over the config file.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::{Credentials, Error, SigningTime};

/// A setting's value. Every value is wiped when dropped, not only the
/// secret keys': the parser cannot know which keys a tool treats as secret,
/// and a secret left in a freed block outlives the process's need for it.
type Value = Zeroizing<String>;

/// A resolved profile: its settings from both files, merged.
#[derive(Clone, PartialEq, Eq)]
pub struct Profile {
    name: String,
    settings: BTreeMap<String, Value>,
}

const SECRET_KEYS: [&str; 3] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

impl core::fmt::Debug for Profile {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let shown: BTreeMap<&str, &str> = self
            .settings
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str(),
                    if SECRET_KEYS.contains(&k.as_str()) {
                        "** redacted **"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("settings", &shown)
            .finish()
    }
}

/// Where a profile's credentials come from: the next step a binding takes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialSource {
    /// `aws_access_key_id` and `aws_secret_access_key` in the profile.
    Static,
    /// `role_arn` with `source_profile` or `credential_source`: assume a role.
    AssumeRole {
        /// The role to assume.
        role_arn: String,
        /// The profile whose credentials assume it, if named.
        source_profile: Option<String>,
        /// `Environment`, `Ec2InstanceMetadata` or `EcsContainer`, if named.
        credential_source: Option<String>,
    },
    /// `role_arn` with `web_identity_token_file`.
    WebIdentity {
        /// The role to assume.
        role_arn: String,
        /// The file holding the OIDC token.
        token_file: String,
    },
    /// `credential_process`: run a command that prints credentials as JSON.
    Process {
        /// The command line.
        command: String,
    },
    /// `sso_session` or `sso_start_url`: IAM Identity Center.
    Sso,
    /// The profile names no credentials.
    None,
}

impl Profile {
    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A setting, by case-insensitive key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings
            .get(&key.to_ascii_lowercase())
            .map(|v| v.as_str())
    }

    /// Every setting, keys lower-cased.
    pub fn settings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.settings.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The `region` setting.
    pub fn region(&self) -> Option<&str> {
        self.get("region")
    }

    /// The static keys of the profile, if it has them; an error if it has
    /// only half of a key pair.
    pub fn static_credentials(&self) -> Result<Option<Credentials>, Error> {
        let id = self.get("aws_access_key_id");
        let secret = self.get("aws_secret_access_key");
        let token = self
            .get("aws_session_token")
            .or_else(|| self.get("aws_security_token"));
        match (id, secret) {
            (None, None) => Ok(None),
            (Some(id), Some(secret)) => {
                Credentials::new(id, secret, token.map(str::to_owned)).map(Some)
            }
            (Some(_), None) => {
                Err(self.error("has aws_access_key_id but no aws_secret_access_key"))
            }
            (None, Some(_)) => {
                Err(self.error("has aws_secret_access_key but no aws_access_key_id"))
            }
        }
    }

    /// Where this profile's credentials come from.
    pub fn credential_source(&self) -> CredentialSource {
        let owned = |k: &str| self.get(k).map(str::to_owned);
        if self.get("aws_access_key_id").is_some() {
            CredentialSource::Static
        } else if let (Some(role_arn), Some(token_file)) =
            (owned("role_arn"), owned("web_identity_token_file"))
        {
            CredentialSource::WebIdentity {
                role_arn,
                token_file,
            }
        } else if let Some(role_arn) = owned("role_arn") {
            CredentialSource::AssumeRole {
                role_arn,
                source_profile: owned("source_profile"),
                credential_source: owned("credential_source"),
            }
        } else if let Some(command) = owned("credential_process") {
            CredentialSource::Process { command }
        } else if self.get("sso_session").is_some() || self.get("sso_start_url").is_some() {
            CredentialSource::Sso
        } else {
            CredentialSource::None
        }
    }

    fn error(&self, reason: &'static str) -> Error {
        Error::InvalidProfile {
            profile: crate::error::printable(&self.name),
            reason,
        }
    }
}

/// Which file a text came from: profile sections are spelled differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
    /// The `[sso-session NAME]` sections of the config file.
    SsoSessions,
}

/// Parses one file into `profile name -> settings`. Lines that are not
/// sections, settings, comments or continuations are skipped, as the SDKs
/// do, rather than failing every request over one stray line.
fn parse(text: &str, kind: FileKind) -> BTreeMap<String, BTreeMap<String, Value>> {
    let mut profiles: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut last_key: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            // A continuation of the previous setting (nested settings such as
            // `s3 =` followed by indented lines).
            if let (Some(profile), Some(key)) = (&current, &last_key) {
                if let Some(value) = profiles.get_mut(profile).and_then(|p| p.get_mut(key)) {
                    // Built anew at its final size: growing the old one in
                    // place could leave an unwiped copy behind.
                    let mut joined =
                        Zeroizing::new(String::with_capacity(value.len() + 1 + trimmed.len()));
                    joined.push_str(value);
                    if !joined.is_empty() {
                        joined.push('\n');
                    }
                    joined.push_str(trimmed);
                    *value = joined;
                }
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            last_key = None;
            let header = rest.split([']']).next().unwrap_or("").trim();
            current = section_profile(header, kind);
            if let Some(name) = &current {
                profiles.entry(name.clone()).or_default();
            }
            continue;
        }
        let Some(profile) = &current else { continue };
        if let Some((key, value)) = trimmed.split_once('=') {
            let key = key.trim().to_ascii_lowercase();
            if key.is_empty() {
                continue;
            }
            profiles
                .entry(profile.clone())
                .or_default()
                .insert(key.clone(), Zeroizing::new(value.trim().to_owned()));
            last_key = Some(key);
        }
    }
    profiles
}

/// The profile a section header names, if it names one.
fn section_profile(header: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(header.to_owned()).filter(|h| !h.is_empty()),
        FileKind::Config => {
            if header == "default" {
                return Some("default".into());
            }
            let mut words = header.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("profile"), Some(name), None) => Some(name.to_owned()),
                _ => None, // sso-session, services, or a bare name (ignored in config)
            }
        }
        FileKind::SsoSessions => {
            let mut words = header.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("sso-session"), Some(name), None) => Some(name.to_owned()),
                _ => None,
            }
        }
    }
}

/// The `[sso-session NAME]` section of the config file text, as a profile
/// named `name` holding its settings (`sso_start_url`, `sso_region`, ...);
/// `None` when the file has no such section.
pub fn sso_session(config: &str, name: &str) -> Option<Profile> {
    parse(config, FileKind::SsoSessions)
        .remove(name)
        .map(|settings| Profile {
            name: name.to_owned(),
            settings,
        })
}

/// Resolves `profile` from the texts of the config and credentials files
/// (either may be absent). Settings in the credentials file win. A profile in
/// neither file is an error (`InvalidProfile`) whose reason says so.
pub fn resolve(
    config: Option<&str>,
    credentials: Option<&str>,
    profile: &str,
) -> Result<Profile, Error> {
    let mut found = false;
    let mut settings = BTreeMap::new();
    if let Some(text) = config {
        if let Some(p) = parse(text, FileKind::Config).remove(profile) {
            found = true;
            settings.extend(p);
        }
    }
    if let Some(text) = credentials {
        if let Some(p) = parse(text, FileKind::Credentials).remove(profile) {
            found = true;
            settings.extend(p);
        }
    }
    if !found {
        return Err(Error::InvalidProfile {
            profile: crate::error::printable(profile),
            reason: "not found in the shared config or credentials file",
        });
    }
    Ok(Profile {
        name: profile.to_owned(),
        settings,
    })
}

/// Every profile name either file defines, sorted.
pub fn profile_names(config: Option<&str>, credentials: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = config
        .map(|t| parse(t, FileKind::Config).into_keys().collect())
        .unwrap_or_default();
    names.extend(
        credentials
            .map(|t| parse(t, FileKind::Credentials).into_keys())
            .into_iter()
            .flatten(),
    );
    names.sort();
    names.dedup();
    names
}

fn env_var(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION`. `None` when neither
/// key is set; an error when only one is.
pub fn credentials_from_env(
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, Error> {
    let id = env_var(&env, "AWS_ACCESS_KEY_ID");
    let secret = env_var(&env, "AWS_SECRET_ACCESS_KEY");
    let token = env_var(&env, "AWS_SESSION_TOKEN").or_else(|| env_var(&env, "AWS_SECURITY_TOKEN"));
    let credentials = match (id, secret) {
        (None, None) => return Ok(None),
        (Some(id), Some(secret)) => Credentials::new(id, secret, token)?,
        (Some(_), None) => {
            return Err(Error::InvalidCredentials {
                field: "secret_access_key",
                reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            })
        }
        (None, Some(_)) => {
            return Err(Error::InvalidCredentials {
                field: "access_key_id",
                reason: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            })
        }
    };
    let expiration = match env_var(&env, "AWS_CREDENTIAL_EXPIRATION") {
        Some(text) => Some(SigningTime::parse_rfc3339(&text)?.unix()),
        None => None,
    };
    Ok(Some(credentials.with_expiration(expiration)))
}

/// The profile to use: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else
/// `default`.
pub fn selected_profile(env: impl Fn(&str) -> Option<String>) -> String {
    env_var(&env, "AWS_PROFILE")
        .or_else(|| env_var(&env, "AWS_DEFAULT_PROFILE"))
        .unwrap_or_else(|| "default".into())
}

/// The region from `AWS_REGION`, else `AWS_DEFAULT_REGION`.
pub fn region_from_env(env: impl Fn(&str) -> Option<String>) -> Option<String> {
    env_var(&env, "AWS_REGION").or_else(|| env_var(&env, "AWS_DEFAULT_REGION"))
}

/// Where the shared files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedFilePaths {
    /// The config file (`AWS_CONFIG_FILE`, else `~/.aws/config`).
    pub config: String,
    /// The credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else
    /// `~/.aws/credentials`).
    pub credentials: String,
}

/// The paths of the shared files, with a leading `~` expanded to `home`.
pub fn shared_file_paths(
    env: impl Fn(&str) -> Option<String>,
    home: Option<&str>,
) -> SharedFilePaths {
    let expand = |path: String| match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
            format!("{}{rest}", home.trim_end_matches(['/', '\\']))
        }
        _ => path,
    };
    SharedFilePaths {
        config: expand(env_var(&env, "AWS_CONFIG_FILE").unwrap_or_else(|| "~/.aws/config".into())),
        credentials: expand(
            env_var(&env, "AWS_SHARED_CREDENTIALS_FILE")
                .unwrap_or_else(|| "~/.aws/credentials".into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# a comment
[default]
region = us-west-2
output=json

[profile dev]
region = eu-west-1
Role_Arn = arn:aws:iam::123456789012:role/dev
source_profile = default
s3 =
  addressing_style = path
  max_concurrent_requests = 20

[dev]
region = ignored-bare-name-in-config

[sso-session corp]
sso_region = us-east-1

[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = /var/run/token
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secretdefault
; another comment
[dev]
aws_access_key_id=AKIDDEV\r
aws_secret_access_key=secretdev\r
aws_session_token = tokendev
region = us-east-2
[half]
aws_access_key_id = AKIDHALF
";

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn merges_both_files_with_credentials_winning() {
        let dev = resolve(Some(CONFIG), Some(CREDENTIALS), "dev").unwrap();
        assert_eq!(dev.region(), Some("us-east-2"));
        assert_eq!(
            dev.get("ROLE_ARN"),
            Some("arn:aws:iam::123456789012:role/dev")
        );
        assert_eq!(
            dev.get("s3"),
            Some("addressing_style = path\nmax_concurrent_requests = 20")
        );
        let creds = dev.static_credentials().unwrap().unwrap();
        assert_eq!(creds.access_key_id(), "AKIDDEV");
        assert_eq!(creds.secret_access_key(), "secretdev");
        assert_eq!(creds.session_token(), Some("tokendev"));
        assert_eq!(dev.credential_source(), CredentialSource::Static);
        assert!(!format!("{dev:?}").contains("secretdev"));
        assert!(!format!("{dev:?}").contains("tokendev"));

        let default = resolve(Some(CONFIG), Some(CREDENTIALS), "default").unwrap();
        assert_eq!(default.region(), Some("us-west-2"));
        assert_eq!(default.get("output"), Some("json"));
    }

    #[test]
    fn names_the_credential_source() {
        let web = resolve(Some(CONFIG), None, "web").unwrap();
        assert_eq!(
            web.credential_source(),
            CredentialSource::WebIdentity {
                role_arn: "arn:aws:iam::123456789012:role/web".into(),
                token_file: "/var/run/token".into()
            }
        );
        let dev = resolve(Some(CONFIG), None, "dev").unwrap();
        assert!(
            matches!(dev.credential_source(), CredentialSource::AssumeRole { source_profile: Some(p), .. } if p == "default")
        );
        assert!(dev.static_credentials().unwrap().is_none());
    }

    #[test]
    fn refuses_missing_profiles_and_half_keys() {
        let err = resolve(Some(CONFIG), Some(CREDENTIALS), "nope").unwrap_err();
        assert_eq!(err.code(), "invalid_credentials");
        assert!(err.to_string().contains("nope"));
        assert!(
            resolve(Some(CONFIG), None, "corp").is_err(),
            "sso-session sections are not profiles"
        );
        let half = resolve(None, Some(CREDENTIALS), "half").unwrap();
        assert!(half
            .static_credentials()
            .unwrap_err()
            .to_string()
            .contains("aws_secret_access_key"));
        assert_eq!(
            profile_names(Some(CONFIG), Some(CREDENTIALS)),
            ["default", "dev", "half", "web"]
        );
    }

    #[test]
    fn reads_the_environment() {
        assert!(credentials_from_env(env(&[])).unwrap().is_none());
        let c = credentials_from_env(env(&[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "secretenv"),
            ("AWS_SESSION_TOKEN", ""),
            ("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            (c.access_key_id(), c.session_token(), c.expiration()),
            ("AKIDENV", None, Some(1_893_456_000))
        );
        let err = credentials_from_env(env(&[("AWS_ACCESS_KEY_ID", "AKIDENV")])).unwrap_err();
        assert_eq!(err.field(), "secret_access_key");
        assert_eq!(selected_profile(env(&[("AWS_PROFILE", "dev")])), "dev");
        assert_eq!(selected_profile(env(&[("AWS_PROFILE", "")])), "default");
        assert_eq!(
            region_from_env(env(&[("AWS_DEFAULT_REGION", "eu-west-1")])).as_deref(),
            Some("eu-west-1")
        );
        let paths = shared_file_paths(env(&[("AWS_CONFIG_FILE", "~/cfg")]), Some("/home/u/"));
        assert_eq!(paths.config, "/home/u/cfg");
        assert_eq!(paths.credentials, "/home/u/.aws/credentials");
    }
}
