//! The gateway's configuration: the API, who may call it, and its resource
//! policy. The documented demo configuration (`gateway.toml` beside this
//! crate) is embedded as the default, so `sigv4kit-gateway` with no argument
//! is the demo.
//!
//! Everything is checked at load time and errors name the field at fault
//! (`identities[0].secret_access_key: must not be empty`), never a value: a
//! config holds secrets.

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use sigv4kit::{Credentials, SigningTime};

use crate::policy::Policy;
use crate::routes::Route;

/// The embedded demo configuration.
pub const DEMO_CONFIG: &str = include_str!("../gateway.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    api: RawApi,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    verification: RawVerification,
    #[serde(default)]
    identities: Vec<RawIdentity>,
    #[serde(default)]
    roles: Vec<RawRole>,
    #[serde(default)]
    identity_pool: Option<RawIdentityPool>,
    #[serde(default, rename = "static")]
    static_mounts: Vec<StaticMount>,
    #[serde(default)]
    uploads: Option<Uploads>,
    policy: Policy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApi {
    id: String,
    stage: String,
    region: String,
    account: String,
    routes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawLimits {
    max_body_bytes: u64,
    max_clock_skew_secs: u32,
    header_read_timeout_secs: u32,
    body_read_timeout_secs: u32,
}

impl Default for RawLimits {
    fn default() -> Self {
        RawLimits {
            max_body_bytes: 10 * 1024 * 1024,
            max_clock_skew_secs: 300,
            header_read_timeout_secs: 10,
            body_read_timeout_secs: 30,
        }
    }
}

/// `[verification]`: what a signature may leave unsigned.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawVerification {
    allow_unsigned_payload: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    arn: String,
    access_key_id: String,
    secret_access_key: String,
    #[serde(default)]
    session_token: Option<String>,
    #[serde(default)]
    expires_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    arn: String,
    #[serde(default)]
    trusted: Vec<String>,
    #[serde(default = "default_max_session")]
    max_session_duration_secs: u32,
}

fn default_max_session() -> u32 {
    3600
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentityPool {
    #[serde(default = "default_pool_id")]
    id: String,
    role: String,
    #[serde(default = "default_pool_duration")]
    duration_secs: u32,
}

fn default_pool_id() -> String {
    "us-east-1:00000000-0000-4000-8000-000000000000".into()
}

fn default_pool_duration() -> u32 {
    900
}

/// S3-style browser uploads: `POST {url}{bucket}` with a presigned POST
/// policy, verified as S3 verifies it (see `uploads.rs`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Uploads {
    /// Such as `/s3/`: the endpoint a presigned POST names is the gateway's
    /// origin followed by this path (without its last `/`).
    pub url: String,
    /// The buckets that exist; a POST to any other is 404 NoSuchBucket.
    pub buckets: Vec<String>,
}

/// A URL prefix served from a directory.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StaticMount {
    /// Such as `/browser/`.
    pub url: String,
    /// Such as `examples/browser`, relative to the working directory.
    pub dir: String,
}

/// The API the gateway plays.
#[derive(Clone, Debug)]
pub struct Api {
    /// API id, as in `abc123.execute-api...`.
    pub id: String,
    /// The only stage, first segment of every invoke path.
    pub stage: String,
    /// Region of the API, and the region signatures must be scoped to.
    pub region: String,
    /// Twelve-digit account id.
    pub account: String,
    /// Route keys.
    pub routes: Vec<Route>,
}

impl Api {
    /// `arn:aws:execute-api:REGION:ACCOUNT:API`.
    pub fn arn_prefix(&self) -> String {
        format!(
            "arn:aws:execute-api:{}:{}:{}",
            self.region, self.account, self.id
        )
    }
}

/// A caller known from the configuration.
pub struct IdentityConfig {
    /// User ARN or assumed-role session ARN.
    pub arn: String,
    /// Key pair, token and expiry.
    pub credentials: Credentials,
}

impl fmt::Debug for IdentityConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityConfig")
            .field("arn", &self.arn)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// A role STS may hand out sessions of.
#[derive(Clone, Debug)]
pub struct Role {
    /// `arn:aws:iam::ACCOUNT:role/NAME`.
    pub arn: String,
    /// Principal ARNs allowed to assume it.
    pub trusted: Vec<String>,
    /// Upper bound of `DurationSeconds`.
    pub max_session_duration_secs: u32,
}

impl Role {
    /// The role's name, last part of its ARN.
    pub fn name(&self) -> &str {
        self.arn.rsplit('/').next().unwrap_or(&self.arn)
    }
}

/// The unauthenticated credentials endpoint.
#[derive(Clone, Debug)]
pub struct IdentityPool {
    /// The identity pool id the Cognito-compatible `GetId` call must name.
    pub id: String,
    /// The role whose sessions are handed out.
    pub role: String,
    /// Lifetime of those sessions.
    pub duration_secs: u32,
}

/// A loaded, checked configuration.
#[derive(Debug)]
pub struct Config {
    /// The API.
    pub api: Api,
    /// Largest accepted body.
    pub max_body_bytes: u64,
    /// Largest accepted distance between X-Amz-Date and the clock.
    pub max_clock_skew_secs: u32,
    /// How long a client may take to send a request head (also the time
    /// an idle keep-alive connection is kept waiting for the next one).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a whole body once its head has
    /// arrived; a body still incomplete then gets 408 and the connection is
    /// closed, so `Content-Length: 10` and no body cannot hold it forever.
    pub body_read_timeout: Duration,
    /// Whether a header signature may sign `UNSIGNED-PAYLOAD` (leaving the
    /// body unchecked). AWS accepts that only for S3-family services, so
    /// the default for the gateway's `execute-api` and `sts` is `false`.
    pub allow_unsigned_payload: bool,
    /// Long-term and configured temporary identities.
    pub identities: Vec<IdentityConfig>,
    /// Assumable roles.
    pub roles: Vec<Role>,
    /// The identity pool stand-in, if configured.
    pub identity_pool: Option<IdentityPool>,
    /// Static file mounts.
    pub static_mounts: Vec<StaticMount>,
    /// Browser uploads, if configured.
    pub uploads: Option<Uploads>,
    /// The resource policy, prepared for evaluation.
    pub policy: Policy,
}

/// Which syntax a config file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML, like the embedded demo config.
    Toml,
    /// JSON with the same structure.
    Json,
}

impl Format {
    /// JSON for `.json` files, TOML otherwise.
    pub fn from_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// The account id of an IAM or STS ARN (`arn:aws:iam::ACCOUNT:...`).
pub fn arn_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (arn_, partition, service, _region, account) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let resource = parts.next()?;
    (arn_ == "arn"
        && !partition.is_empty()
        && !service.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && !resource.is_empty())
    .then_some(account)
}

impl Config {
    /// The embedded demo configuration.
    pub fn demo() -> Config {
        Config::parse(DEMO_CONFIG, Format::Toml).expect("the embedded demo config is valid")
    }

    /// Parses and checks a configuration.
    pub fn parse(text: &str, format: Format) -> Result<Config, String> {
        let raw: RawConfig = match format {
            Format::Toml => toml::from_str(text).map_err(|e| format!("config: {}", e.message()))?,
            Format::Json => serde_json::from_str(text).map_err(|e| format!("config: {e}"))?,
        };
        Config::check(raw)
    }

    fn check(raw: RawConfig) -> Result<Config, String> {
        let a = raw.api;
        let segment_ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        };
        if !segment_ok(&a.id) {
            return Err("api.id: must be letters, digits, '-' or '_'".into());
        }
        if !segment_ok(&a.stage) {
            return Err("api.stage: must be letters, digits, '-' or '_'".into());
        }
        if a.region.is_empty()
            || !a
                .region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err("api.region: must look like us-east-1".into());
        }
        if a.account.len() != 12 || !a.account.bytes().all(|b| b.is_ascii_digit()) {
            return Err("api.account: must be a twelve-digit account id".into());
        }
        if a.routes.is_empty() {
            return Err(
                "api.routes: needs at least one route key such as \"ANY /{proxy+}\"".into(),
            );
        }
        let routes = a
            .routes
            .iter()
            .enumerate()
            .map(|(i, key)| Route::parse(key).map_err(|e| format!("api.routes[{i}]: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let api = Api {
            id: a.id,
            stage: a.stage,
            region: a.region,
            account: a.account,
            routes,
        };

        if raw.limits.max_body_bytes == 0 {
            return Err("limits.max_body_bytes: must be at least 1".into());
        }
        if raw.limits.max_clock_skew_secs == 0 {
            return Err("limits.max_clock_skew_secs: must be at least 1".into());
        }
        for (name, secs) in [
            (
                "header_read_timeout_secs",
                raw.limits.header_read_timeout_secs,
            ),
            ("body_read_timeout_secs", raw.limits.body_read_timeout_secs),
        ] {
            if !(1..=3600).contains(&secs) {
                return Err(format!("limits.{name}: must be 1 ..= 3600"));
            }
        }

        let mut seen = HashSet::new();
        let mut identities = Vec::new();
        for (i, id) in raw.identities.into_iter().enumerate() {
            let at = |f: &str| format!("identities[{i}].{f}");
            if arn_account(&id.arn).is_none() {
                return Err(format!(
                    "{}: must be an ARN such as arn:aws:iam::111122223333:user/name",
                    at("arn")
                ));
            }
            if id.access_key_id.starts_with("ASIA") && id.session_token.is_none() {
                return Err(format!(
                    "{}: an ASIA… key is temporary and needs its session_token",
                    at("session_token")
                ));
            }
            let expiration = match &id.expires_at {
                None => None,
                Some(text) => Some(
                    SigningTime::parse_rfc3339(text)
                        .map_err(|e| format!("{}: {e}", at("expires_at")))?
                        .unix(),
                ),
            };
            let credentials =
                Credentials::new(id.access_key_id, id.secret_access_key, id.session_token)
                    .map_err(|e| format!("{}: {e}", at(e.field())))?
                    .with_expiration(expiration);
            if !seen.insert(credentials.access_key_id().to_string()) {
                return Err(format!(
                    "{}: the same key appears twice",
                    at("access_key_id")
                ));
            }
            identities.push(IdentityConfig {
                arn: id.arn,
                credentials,
            });
        }

        let mut roles = Vec::new();
        for (i, r) in raw.roles.into_iter().enumerate() {
            let is_role = arn_account(&r.arn).is_some()
                && r.arn.contains(":role/")
                && r.arn.starts_with("arn:aws:iam::");
            if !is_role {
                return Err(format!("roles[{i}].arn: must be a role ARN such as arn:aws:iam::111122223333:role/name"));
            }
            if !(900..=43_200).contains(&r.max_session_duration_secs) {
                return Err(format!(
                    "roles[{i}].max_session_duration_secs: must be 900 ..= 43200"
                ));
            }
            roles.push(Role {
                arn: r.arn,
                trusted: r.trusted,
                max_session_duration_secs: r.max_session_duration_secs,
            });
        }

        let identity_pool = match raw.identity_pool {
            None => None,
            Some(p) => {
                if !roles.iter().any(|r| r.arn == p.role) {
                    return Err("identity_pool.role: must be the arn of one of [[roles]]".into());
                }
                if !(60..=43_200).contains(&p.duration_secs) {
                    return Err("identity_pool.duration_secs: must be 60 ..= 43200".into());
                }
                let pool_id_ok = p.id.split_once(':').is_some_and(|(region, rest)| {
                    !region.is_empty() && !rest.is_empty() && !rest.contains(char::is_whitespace)
                });
                if !pool_id_ok {
                    return Err("identity_pool.id: must look like us-east-1:UUID".into());
                }
                Some(IdentityPool {
                    id: p.id,
                    role: p.role,
                    duration_secs: p.duration_secs,
                })
            }
        };

        for (i, m) in raw.static_mounts.iter().enumerate() {
            if !(m.url.starts_with('/') && m.url.ends_with('/')) || m.url == "/" {
                return Err(format!(
                    "static[{i}].url: must start and end with '/' and not be \"/\""
                ));
            }
            if m.url.trim_matches('/') == api.stage {
                return Err(format!("static[{i}].url: must not be the stage's path"));
            }
        }

        if let Some(u) = &raw.uploads {
            if !(u.url.starts_with('/') && u.url.ends_with('/')) || u.url == "/" {
                return Err("uploads.url: must start and end with '/' and not be \"/\"".into());
            }
            if u.url.trim_matches('/') == api.stage
                || raw.static_mounts.iter().any(|m| m.url == u.url)
            {
                return Err("uploads.url: must not be the stage's path or a static mount".into());
            }
            if u.buckets.iter().any(|b| b.is_empty() || b.contains('/')) {
                return Err("uploads.buckets: each must be a bucket name without '/'".into());
            }
        }
        let policy = raw.policy.prepare(&api.arn_prefix())?;
        Ok(Config {
            api,
            max_body_bytes: raw.limits.max_body_bytes,
            max_clock_skew_secs: raw.limits.max_clock_skew_secs,
            header_read_timeout: Duration::from_secs(raw.limits.header_read_timeout_secs.into()),
            body_read_timeout: Duration::from_secs(raw.limits.body_read_timeout_secs.into()),
            allow_unsigned_payload: raw.verification.allow_unsigned_payload,
            identities,
            roles,
            identity_pool,
            static_mounts: raw.static_mounts,
            uploads: raw.uploads,
            policy,
        })
    }

    /// The role with this ARN.
    pub fn role(&self, arn: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.arn == arn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_config_is_what_the_docs_say() {
        let c = Config::demo();
        assert_eq!(
            (
                c.api.id.as_str(),
                c.api.stage.as_str(),
                c.api.region.as_str()
            ),
            ("demo", "prod", "us-east-1")
        );
        assert_eq!(c.max_body_bytes, 10 * 1024 * 1024);
        assert!(!c.allow_unsigned_payload);
        assert_eq!(c.header_read_timeout, Duration::from_secs(10));
        assert_eq!(c.body_read_timeout, Duration::from_secs(30));
        assert_eq!(c.identities[0].arn, "arn:aws:iam::111122223333:user/demo");
        assert_eq!(c.identities[0].credentials.access_key_id(), "AKIDEXAMPLE");
        assert_eq!(c.roles[0].arn, "arn:aws:iam::111122223333:role/demo-client");
        assert_eq!(c.identity_pool.as_ref().unwrap().role, c.roles[0].arn);
        // Debug output of the whole config never shows a secret.
        let debug = format!("{c:?}");
        assert!(!debug.contains("EXAMPLEKEY"), "{debug}");
    }

    #[test]
    fn json_configs_have_the_same_structure() {
        let json = r#"{"api":{"id":"a1","stage":"v1","region":"eu-west-1","account":"123456789012","routes":["GET /pets"]},
            "identities":[{"arn":"arn:aws:iam::123456789012:user/ci-runner","access_key_id":"AKIA1","secret_access_key":"s"}],
            "policy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}}"#;
        let c = Config::parse(json, Format::Json).unwrap();
        assert_eq!(
            c.api.arn_prefix(),
            "arn:aws:execute-api:eu-west-1:123456789012:a1"
        );
        assert_eq!(c.max_clock_skew_secs, 300);
    }

    #[test]
    fn errors_name_the_field_and_never_the_secret() {
        let base = DEMO_CONFIG.replace("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "");
        let e = Config::parse(&base, Format::Toml).unwrap_err();
        assert_eq!(e, "identities[0].secret_access_key: invalid credentials (secret_access_key): must not be empty");
        let e = Config::parse(
            &DEMO_CONFIG.replace("account = \"111122223333\"", "account = \"1\""),
            Format::Toml,
        )
        .unwrap_err();
        assert!(e.starts_with("api.account"), "{e}");
        let e = Config::parse(
            &DEMO_CONFIG.replace("ANY /{proxy+}", "FETCH /x"),
            Format::Toml,
        )
        .unwrap_err();
        assert!(e.starts_with("api.routes[1]"), "{e}");
        let e = Config::parse(
            &DEMO_CONFIG.replace("[limits]", "[limits]\nbogus = 1"),
            Format::Toml,
        )
        .unwrap_err();
        assert!(e.contains("bogus"), "{e}");
        let bad_key = DEMO_CONFIG.replace(
            "access_key_id = \"AKIDEXAMPLE\"",
            "access_key_id = \"AKID/EXAMPLE\"",
        );
        let e = Config::parse(&bad_key, Format::Toml).unwrap_err();
        assert!(e.starts_with("identities[0].access_key_id"), "{e}");
        assert!(!e.contains("EXAMPLEKEY"));
    }

    #[test]
    fn arns_are_parsed_for_their_account() {
        assert_eq!(
            arn_account("arn:aws:iam::111122223333:user/demo"),
            Some("111122223333")
        );
        assert_eq!(
            arn_account("arn:aws:sts::111122223333:assumed-role/r/s"),
            Some("111122223333")
        );
        assert_eq!(arn_account("arn:aws:iam::1111:user/demo"), None);
        assert_eq!(arn_account("user/demo"), None);
    }

    #[test]
    fn the_ci_runner_example_config_loads_and_means_what_it_says() {
        use crate::policy::{Access, Caller, Decision};
        let c = Config::parse(include_str!("../examples/ci-runner.json"), Format::Json).unwrap();
        let res = |tail: &str| format!("{}/v1/{tail}", c.api.arn_prefix());
        let user = |arn: &'static str| Caller {
            arn,
            principal_arn: arn,
            account: "111122223333",
        };
        let ci = user("arn:aws:iam::111122223333:user/ci-runner");
        let alice = user("arn:aws:iam::111122223333:user/alice");
        let deployer = Caller {
            arn: "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
            principal_arn: "arn:aws:iam::111122223333:role/ci-deployer",
            account: "111122223333",
        };
        let eval = |caller: &Caller<'_>, tail: &str| {
            c.policy.evaluate(
                caller,
                &Access {
                    action: "execute-api:Invoke",
                    resource: &res(tail),
                },
            )
        };
        assert_eq!(eval(&alice, "GET/reports/7"), Decision::Allow);
        assert_eq!(eval(&alice, "POST/reports"), Decision::ImplicitDeny);
        assert_eq!(eval(&ci, "POST/reports"), Decision::Allow);
        assert_eq!(eval(&ci, "POST/admin/rotate"), Decision::ExplicitDeny);
        assert_eq!(eval(&deployer, "POST/admin/rotate"), Decision::Allow);
        assert!(c.api.routes.iter().any(|r| r.matches("GET", "/reports/7")));
        assert!(!c
            .api
            .routes
            .iter()
            .any(|r| r.matches("DELETE", "/reports/7")));
    }
}
