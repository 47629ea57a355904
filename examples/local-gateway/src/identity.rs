//! Who holds which key: the identities of the config and the temporary
//! sessions STS and the identity pool hand out, kept in memory only.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use sigv4kit::Credentials;

use crate::config::{arn_account, IdentityConfig, Role};

/// A caller the gateway can verify signatures of.
pub struct Identity {
    /// The caller's ARN: a user, or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    pub arn: String,
    /// `aws:PrincipalArn`: the user ARN, or the role ARN of a session.
    pub principal_arn: String,
    /// Account id.
    pub account: String,
    /// `AIDA…` for users, `AROA…:SESSION` for sessions, as STS reports it.
    pub user_id: String,
    /// Keys, token and expiry.
    pub credentials: Credentials,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("arn", &self.arn)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Identity {
    /// Whether its credentials have expired at `now` (unix seconds).
    pub fn expired(&self, now: i64) -> bool {
        self.credentials.expiration().is_some_and(|exp| exp <= now)
    }
}

/// Temporary credentials just issued; the secret is in `identity.credentials`
/// and leaves only in the STS or identity-pool response body.
pub struct Issued {
    /// The session, already registered.
    pub identity: Arc<Identity>,
    /// The secret access key, for the response body.
    pub secret_access_key: String,
    /// The session token, for the response body.
    pub session_token: String,
    /// Expiry, unix seconds.
    pub expiration: i64,
}

/// Sessions above this count are refused until old ones expire, so a loop
/// calling AssumeRole cannot grow the gateway's memory without bound.
const MAX_SESSIONS: usize = 100_000;

/// The lookup table from access key id to identity.
pub struct IdentityStore {
    fixed: HashMap<String, Arc<Identity>>,
    sessions: RwLock<HashMap<String, Arc<Identity>>>,
}

impl IdentityStore {
    /// The identities of a config (taken out of it: the store becomes the one
    /// owner of their secrets); no sessions yet.
    pub fn new(identities: Vec<IdentityConfig>) -> IdentityStore {
        let mut fixed = HashMap::new();
        for id in identities {
            let account = arn_account(&id.arn).unwrap_or_default().to_string();
            let principal_arn = role_of_session_arn(&id.arn).unwrap_or_else(|| id.arn.clone());
            let user_id = stable_id("AIDA", &id.arn);
            let identity = Identity {
                arn: id.arn,
                principal_arn,
                account,
                user_id,
                credentials: id.credentials,
            };
            fixed.insert(
                identity.credentials.access_key_id().to_string(),
                Arc::new(identity),
            );
        }
        IdentityStore {
            fixed,
            sessions: RwLock::new(HashMap::new()),
        }
    }

    /// The identity holding this access key id, expired or not (the caller
    /// tells an expired token apart from an unknown key).
    pub fn lookup(&self, access_key_id: &str) -> Option<Arc<Identity>> {
        if let Some(id) = self.fixed.get(access_key_id) {
            return Some(id.clone());
        }
        self.sessions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(access_key_id)
            .cloned()
    }

    /// Number of live sessions.
    pub fn session_count(&self) -> usize {
        self.sessions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// Issues temporary credentials for a session of `role`.
    pub fn issue_session(
        &self,
        role: &Role,
        session_name: &str,
        now: i64,
        duration_secs: u32,
    ) -> Result<Issued, String> {
        let account = arn_account(&role.arn).unwrap_or_default().to_string();
        let arn = format!(
            "arn:aws:sts::{account}:assumed-role/{}/{session_name}",
            role.name()
        );
        let access_key_id = format!("ASIA{}", random_base32(16));
        let secret_access_key = random_base64(30);
        let session_token = format!("IQoJb3JpZ2luX2VjE{}", random_base64(240));
        let expiration = now + i64::from(duration_secs);
        let credentials = Credentials::new(
            access_key_id.clone(),
            secret_access_key.clone(),
            Some(session_token.clone()),
        )
        .map_err(|e| e.to_string())?
        .with_expiration(Some(expiration));
        let identity = Arc::new(Identity {
            arn,
            principal_arn: role.arn.clone(),
            account,
            user_id: format!("{}:{session_name}", stable_id("AROA", &role.arn)),
            credentials,
        });
        let mut sessions = self.sessions.write().unwrap_or_else(|e| e.into_inner());
        if sessions.len() >= MAX_SESSIONS {
            sessions.retain(|_, s| !s.expired(now));
            if sessions.len() >= MAX_SESSIONS {
                return Err("too many live sessions; try again when some have expired".into());
            }
        }
        sessions.insert(access_key_id, identity.clone());
        Ok(Issued {
            identity,
            secret_access_key,
            session_token,
            expiration,
        })
    }
}

/// `arn:aws:sts::A:assumed-role/ROLE/SESSION` → `arn:aws:iam::A:role/ROLE`.
pub fn role_of_session_arn(arn: &str) -> Option<String> {
    let rest = arn.strip_prefix("arn:aws:sts::")?;
    let (account, resource) = rest.split_once(':')?;
    let role = resource.strip_prefix("assumed-role/")?.split('/').next()?;
    Some(format!("arn:aws:iam::{account}:role/{role}"))
}

/// A unique id derived from an ARN, shaped like IAM's (`AIDA` + 17 chars),
/// the same on every run so logs stay comparable.
fn stable_id(prefix: &str, arn: &str) -> String {
    // FNV-1a, twice with different seeds: not a security property, only a
    // stable spread of the ARN over 17 base-32 characters.
    let mut out = String::from(prefix);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for seed in [0u8, 1u8] {
        for b in arn.bytes().chain([seed]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let mut v = h;
        for _ in 0..(if seed == 0 { 9 } else { 8 }) {
            out.push(BASE32[(v % 32) as usize] as char);
            v /= 32;
        }
    }
    out
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    getrandom::getrandom(&mut buf).expect("the operating system's random source works");
    buf
}

fn random_base32(len: usize) -> String {
    random_bytes(len)
        .iter()
        .map(|b| BASE32[usize::from(b % 32)] as char)
        .collect()
}

fn random_base64(len: usize) -> String {
    random_bytes(len)
        .iter()
        .map(|b| BASE64[usize::from(b % 64)] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_issued_registered_and_expire() {
        let mut config = crate::config::Config::demo();
        let store = IdentityStore::new(std::mem::take(&mut config.identities));
        assert!(store.lookup("AKIDEXAMPLE").is_some());
        let issued = store
            .issue_session(&config.roles[0], "demo", 1_000, 900)
            .unwrap();
        let akid = issued.identity.credentials.access_key_id().to_string();
        assert!(akid.starts_with("ASIA") && akid.len() == 20, "{akid}");
        assert_eq!(
            issued.identity.arn,
            "arn:aws:sts::111122223333:assumed-role/demo-client/demo"
        );
        assert_eq!(
            issued.identity.principal_arn,
            "arn:aws:iam::111122223333:role/demo-client"
        );
        assert_eq!(
            issued.identity.credentials.session_token(),
            Some(issued.session_token.as_str())
        );
        assert_eq!(issued.secret_access_key.len(), 30);
        let found = store.lookup(&akid).unwrap();
        assert!(!found.expired(1_899));
        assert!(found.expired(1_900));
        let other = store
            .issue_session(&config.roles[0], "demo", 1_000, 900)
            .unwrap();
        assert_ne!(other.identity.credentials.access_key_id(), akid);
        assert_ne!(other.session_token, issued.session_token);
        assert_eq!(store.session_count(), 2);
        assert!(!format!("{:?}", found).contains(&issued.secret_access_key));
    }

    #[test]
    fn session_arns_name_their_role() {
        assert_eq!(
            role_of_session_arn("arn:aws:sts::111122223333:assumed-role/demo-client/s1").as_deref(),
            Some("arn:aws:iam::111122223333:role/demo-client")
        );
        assert_eq!(
            role_of_session_arn("arn:aws:iam::111122223333:user/demo"),
            None
        );
        assert_eq!(stable_id("AIDA", "x").len(), 21);
        assert_eq!(stable_id("AIDA", "x"), stable_id("AIDA", "x"));
        assert_ne!(stable_id("AIDA", "x"), stable_id("AIDA", "y"));
    }
}
