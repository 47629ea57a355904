//! Local stand-ins for the places AWS credentials come from, for tests and
//! the demo: EC2 instance metadata (IMDSv2), the container credentials
//! endpoint (ECS / EKS Pod Identity), STS `AssumeRole` (SigV4-verified) and
//! `AssumeRoleWithWebIdentity`, and the IAM Identity Center portal's
//! `GetRoleCredentials`. Bound to 127.0.0.1 only, on a port chosen at run
//! time (`sigv4kit-cred-endpoints`).
//!
//! Every answer is a pure function of the request, so two clients that make
//! the same calls (ours and botocore) get the same keys: issued credentials
//! are derived from what was asked (role ARN and caller, or account and
//! role) by SHA-256, and all expire at the configured time.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Deserialize;
use sigv4kit::verify::{parse_signature, VerifySettings};
use sigv4kit::{Credentials, Payload, PayloadHasher, Request, SigningTime};

use crate::sts::{parse_form, xml_escape};

/// What the endpoints accept and answer.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EndpointConfig {
    /// Long-term keys allowed to call `AssumeRole`: `[id, secret]`.
    pub keys: Vec<(String, String)>,
    /// The role IMDS reports.
    pub imds_role: String,
    /// Answer IMDS calls without a session token (IMDSv1).
    pub imds_v1: bool,
    /// The `Authorization` value the container endpoint requires, if any.
    pub container_token: Option<String>,
    /// The OIDC token `AssumeRoleWithWebIdentity` accepts.
    pub web_identity_token: String,
    /// The bearer token the SSO portal accepts.
    pub sso_token: String,
    /// When issued credentials expire (RFC 3339).
    pub expiration: String,
}

impl Default for EndpointConfig {
    fn default() -> Self {
        EndpointConfig {
            keys: Vec::new(),
            imds_role: "local-instance-role".into(),
            imds_v1: false,
            container_token: None,
            web_identity_token: "local-oidc-token".into(),
            sso_token: "local-sso-access-token".into(),
            expiration: "2099-01-01T00:00:00Z".into(),
        }
    }
}

/// An answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// Body.
    pub body: String,
}

fn reply(status: u16, content_type: &'static str, body: impl Into<String>) -> Reply {
    Reply {
        status,
        content_type,
        body: body.into(),
    }
}

const IMDS_TOKEN: &str = "local-imds-session-token";
const CREDS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// The endpoints, with the keys issued so far (so an `AssumeRole` signed
/// with credentials from an earlier `AssumeRole` verifies: a chain).
pub struct Endpoints {
    config: EndpointConfig,
    expiration: i64,
    known: Mutex<BTreeMap<String, Credentials>>,
}

fn sha256_hex(text: &str) -> String {
    let mut h = PayloadHasher::new();
    h.update(text.as_bytes());
    h.finish_hex()
}

/// Credentials derived from `kind` and `input`: `(id, secret, token)`.
pub fn derive(kind: &str, input: &str) -> (String, String, String) {
    let h = sha256_hex(&format!("{kind}|{input}"));
    let s = sha256_hex(&format!("secret|{kind}|{input}"));
    (
        format!("ASIA{}", h[..16].to_ascii_uppercase()),
        s[..40].to_owned(),
        format!("local-session-token-{}", &h[16..56]),
    )
}

impl Endpoints {
    /// Endpoints answering as `config` says.
    pub fn new(config: EndpointConfig) -> Result<Endpoints, String> {
        let expiration = SigningTime::parse_rfc3339(&config.expiration)
            .map_err(|e| format!("expiration: {e}"))?
            .unix();
        let mut known = BTreeMap::new();
        for (id, secret) in &config.keys {
            let c = Credentials::new(id.clone(), secret.clone(), None)
                .map_err(|e| format!("keys: {e}"))?;
            known.insert(id.clone(), c);
        }
        Ok(Endpoints {
            config,
            expiration,
            known: Mutex::new(known),
        })
    }

    fn issue(&self, kind: &str, input: &str) -> (String, String, String) {
        let (id, secret, token) = derive(kind, input);
        if let Ok(c) = Credentials::new(id.clone(), secret.clone(), Some(token.clone())) {
            if let Ok(mut known) = self.known.lock() {
                known.insert(id.clone(), c.with_expiration(Some(self.expiration)));
            }
        }
        (id, secret, token)
    }

    fn expiry_text(&self) -> String {
        crate::sts::iso8601(self.expiration)
    }

    fn creds_json(&self, kind: &str, input: &str) -> String {
        let (id, secret, token) = self.issue(kind, input);
        serde_json::json!({
            "Code": "Success",
            "LastUpdated": "2026-01-01T00:00:00Z",
            "Type": "AWS-HMAC",
            "AccessKeyId": id,
            "SecretAccessKey": secret,
            "Token": token,
            "Expiration": self.expiry_text(),
        })
        .to_string()
    }

    /// Answers one request. `headers` names are compared case-insensitively.
    pub fn handle(
        &self,
        method: &str,
        target: &str,
        headers: &[(String, String)],
        body: &[u8],
        now: SigningTime,
    ) -> Reply {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        match (method, path) {
            ("PUT", "/latest/api/token") => {
                match header("x-aws-ec2-metadata-token-ttl-seconds").map(str::parse::<u32>) {
                    Some(Ok(1..=21600)) => reply(200, "text/plain", IMDS_TOKEN),
                    _ => reply(400, "text/plain", "missing or invalid TTL"),
                }
            }
            ("GET", p) if p.starts_with(CREDS_PATH) => {
                match header("x-aws-ec2-metadata-token") {
                    Some(IMDS_TOKEN) => {}
                    None if self.config.imds_v1 => {}
                    _ => return reply(401, "text/plain", "Unauthorized"),
                }
                let role = &p[CREDS_PATH.len()..];
                if role.is_empty() {
                    reply(200, "text/plain", self.config.imds_role.clone())
                } else if role == self.config.imds_role {
                    reply(200, "text/plain", self.creds_json("imds", role))
                } else {
                    reply(404, "text/plain", "Not Found")
                }
            }
            ("GET", p) if p.starts_with("/container/") => {
                if let Some(want) = &self.config.container_token {
                    if header("authorization") != Some(want.as_str()) {
                        return reply(
                            401,
                            "application/json",
                            r#"{"code":"Unauthorized","message":"bad token"}"#,
                        );
                    }
                }
                reply(200, "application/json", self.creds_json("container", p))
            }
            ("GET", "/federation/credentials") => self.sso(query, header("x-amz-sso_bearer_token")),
            ("POST", "/") => self.sts(target, headers, body, now),
            _ => reply(404, "text/plain", "Not Found"),
        }
    }

    fn sso(&self, query: &str, token: Option<&str>) -> Reply {
        if token != Some(self.config.sso_token.as_str()) {
            return reply(
                401,
                "application/json",
                r#"{"message":"Session token not found or invalid"}"#,
            );
        }
        let params = parse_form(query);
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let (Some(account), Some(role)) = (get("account_id"), get("role_name")) else {
            return reply(
                400,
                "application/json",
                r#"{"message":"missing parameter"}"#,
            );
        };
        let (id, secret, token) = self.issue("sso", &format!("{account}|{role}"));
        let body = serde_json::json!({
            "roleCredentials": {
                "accessKeyId": id,
                "secretAccessKey": secret,
                "sessionToken": token,
                "expiration": self.expiration * 1000,
            }
        });
        reply(200, "application/json", body.to_string())
    }

    fn sts(
        &self,
        target: &str,
        headers: &[(String, String)],
        body: &[u8],
        now: SigningTime,
    ) -> Reply {
        let params = parse_form(&String::from_utf8_lossy(body));
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let error = |status: u16, code: &str, message: &str| {
            reply(
                status,
                "text/xml",
                format!(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{}</Message></Error></ErrorResponse>",
                    xml_escape(message)
                ),
            )
        };
        let (Some(action), Some(role_arn), Some(session)) =
            (get("Action"), get("RoleArn"), get("RoleSessionName"))
        else {
            return error(
                400,
                "MissingParameter",
                "Action, RoleArn and RoleSessionName are required",
            );
        };
        let input = match action {
            "AssumeRole" => {
                let mut request = Request::new("POST", target);
                for (n, v) in headers {
                    request = request.header(n, v);
                }
                let presented = match parse_signature(&request) {
                    Ok(p) => p,
                    Err(_) => {
                        return error(
                            403,
                            "MissingAuthenticationToken",
                            "the request is not signed",
                        )
                    }
                };
                let caller = presented.access_key_id().to_owned();
                let creds = self.known.lock().ok().and_then(|k| k.get(&caller).cloned());
                let Some(creds) = creds else {
                    return error(
                        403,
                        "InvalidClientTokenId",
                        "The security token included in the request is invalid.",
                    );
                };
                let settings = VerifySettings::new().with_service(Some("sts".into()));
                if presented
                    .verify(&request, Payload::Bytes(body), &creds, now, &settings)
                    .is_err()
                {
                    return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
                }
                if creds.session_token().is_some() {
                    let presented_token = headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-security-token"))
                        .map(|(_, v)| v.as_str());
                    if !creds.session_token_matches(presented_token) {
                        return error(
                            403,
                            "InvalidClientTokenId",
                            "The security token included in the request is invalid.",
                        );
                    }
                }
                format!("{role_arn}|{caller}")
            }
            "AssumeRoleWithWebIdentity" => {
                if get("WebIdentityToken") != Some(self.config.web_identity_token.as_str()) {
                    return error(
                        400,
                        "InvalidIdentityToken",
                        "The web identity token is not valid.",
                    );
                }
                role_arn.to_owned()
            }
            _ => {
                return error(
                    400,
                    "InvalidAction",
                    "only AssumeRole and AssumeRoleWithWebIdentity",
                )
            }
        };
        let (id, secret, token) = self.issue(action, &input);
        let account = role_arn.split(':').nth(4).unwrap_or("000000000000");
        let role_name = role_arn.rsplit('/').next().unwrap_or("role");
        reply(
            200,
            "text/xml",
            format!(
                "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                 <{action}Result><Credentials><AccessKeyId>{id}</AccessKeyId>\
                 <SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>\
                 <Expiration>{}</Expiration></Credentials><AssumedRoleUser>\
                 <Arn>arn:aws:sts::{}:assumed-role/{}/{}</Arn><AssumedRoleId>AROALOCAL:{}</AssumedRoleId>\
                 </AssumedRoleUser></{action}Result><ResponseMetadata><RequestId>local</RequestId>\
                 </ResponseMetadata></{action}Response>",
                self.expiry_text(),
                xml_escape(account),
                xml_escape(role_name),
                xml_escape(session),
                xml_escape(session),
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> SigningTime {
        SigningTime::parse_rfc3339("2026-12-01T09:00:00Z").unwrap()
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).into(), (*b).into()))
            .collect()
    }

    #[test]
    fn imds_wants_a_token_then_names_the_role() {
        let e = Endpoints::new(EndpointConfig::default()).unwrap();
        let r = e.handle("PUT", "/latest/api/token", &h(&[]), b"", now());
        assert_eq!(r.status, 400);
        let r = e.handle(
            "PUT",
            "/latest/api/token",
            &h(&[("X-aws-ec2-metadata-token-ttl-seconds", "21600")]),
            b"",
            now(),
        );
        assert_eq!(
            (r.status, r.body.as_str()),
            (200, "local-imds-session-token")
        );
        let path = "/latest/meta-data/iam/security-credentials/";
        assert_eq!(e.handle("GET", path, &h(&[]), b"", now()).status, 401);
        let tok = h(&[("x-aws-ec2-metadata-token", "local-imds-session-token")]);
        assert_eq!(
            e.handle("GET", path, &tok, b"", now()).body,
            "local-instance-role"
        );
        let r = e.handle(
            "GET",
            &format!("{path}local-instance-role"),
            &tok,
            b"",
            now(),
        );
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["Code"], "Success");
        assert_eq!(v["Expiration"], "2099-01-01T00:00:00Z");
        assert!(v["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    }

    #[test]
    fn container_checks_the_authorization_token() {
        let e = Endpoints::new(EndpointConfig {
            container_token: Some("Bearer t".into()),
            ..EndpointConfig::default()
        })
        .unwrap();
        assert_eq!(
            e.handle("GET", "/container/creds", &h(&[]), b"", now())
                .status,
            401
        );
        let r = e.handle(
            "GET",
            "/container/creds",
            &h(&[("Authorization", "Bearer t")]),
            b"",
            now(),
        );
        assert_eq!(r.status, 200);
    }

    #[test]
    fn sts_refuses_unsigned_assume_role_and_checks_web_tokens() {
        let e = Endpoints::new(EndpointConfig::default()).unwrap();
        let body = b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s";
        let r = e.handle("POST", "/", &h(&[("host", "127.0.0.1")]), body, now());
        assert_eq!(r.status, 403);
        assert!(r.body.contains("<Code>MissingAuthenticationToken</Code>"));
        let body = b"Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s&WebIdentityToken=nope";
        assert_eq!(e.handle("POST", "/", &h(&[]), body, now()).status, 400);
        let body = b"Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s&WebIdentityToken=local-oidc-token";
        let r = e.handle("POST", "/", &h(&[]), body, now());
        assert_eq!(r.status, 200);
        assert!(r
            .body
            .contains("<Expiration>2099-01-01T00:00:00Z</Expiration>"));
    }

    #[test]
    fn sso_wants_the_bearer_token() {
        let e = Endpoints::new(EndpointConfig::default()).unwrap();
        let q = "/federation/credentials?role_name=R&account_id=111122223333";
        assert_eq!(e.handle("GET", q, &h(&[]), b"", now()).status, 401);
        let r = e.handle(
            "GET",
            q,
            &h(&[("x-amz-sso_bearer_token", "local-sso-access-token")]),
            b"",
            now(),
        );
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        // 2099-01-01T00:00:00Z in milliseconds (GNU date -u -d ... +%s, times 1000).
        assert_eq!(v["roleCredentials"]["expiration"], 4_070_908_800_000_i64);
    }
}
