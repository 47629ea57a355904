//! Credentials, and the signing keys derived from them.
//!
//! The secret key and session token live in zeroizing buffers and are never
//! printed: `Debug` shows the access key id (which travels in every
//! `Authorization` header anyway) and hides the rest.
//!
//! Deriving a signing key costs four HMACs; SigV4 keys only change with the
//! date, region and service, so each `Credentials` keeps the last few keys it
//! derived. The cache is per credentials value, so it is keyed by the secret
//! without ever storing or hashing the secret elsewhere.

use core::fmt;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::mac::{hmac, HmacKey};
use crate::{Error, SigningTime};

/// An access key id, secret access key, optional session token and optional
/// expiry (seconds since the Unix epoch).
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
    expiration: Option<i64>,
    keys: Mutex<KeyCache>,
    /// The SigV4a key pair, derived on first use: it depends on the key
    /// pair alone.
    #[cfg(feature = "sigv4a")]
    sigv4a_key: std::sync::OnceLock<Result<crate::sigv4a::EcdsaKey, Error>>,
}

impl Credentials {
    /// Checks and wraps a key pair. An empty session token counts as none
    /// (`AWS_SESSION_TOKEN=` set to nothing is common in CI environments).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Result<Self, Error> {
        let access_key_id = access_key_id.into();
        let secret_access_key = Zeroizing::new(secret_access_key.into());
        let session_token = session_token.filter(|t| !t.is_empty()).map(Zeroizing::new);
        if access_key_id.is_empty() {
            return Err(Error::InvalidCredentials {
                field: "access_key_id",
                reason: "must not be empty",
            });
        }
        if !access_key_id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'/' && b != b',')
        {
            return Err(Error::InvalidCredentials {
                field: "access_key_id",
                reason: "must be visible ASCII without '/' or ','",
            });
        }
        if secret_access_key.is_empty() {
            return Err(Error::InvalidCredentials {
                field: "secret_access_key",
                reason: "must not be empty",
            });
        }
        if let Some(token) = &session_token {
            if token.bytes().any(|b| b.is_ascii_control()) {
                return Err(Error::InvalidCredentials {
                    field: "session_token",
                    reason: "must not contain control characters",
                });
            }
        }
        Ok(Credentials {
            access_key_id,
            secret_access_key,
            session_token,
            expiration: None,
            keys: Mutex::new(KeyCache::default()),
            #[cfg(feature = "sigv4a")]
            sigv4a_key: std::sync::OnceLock::new(),
        })
    }

    /// The same credentials with an expiry time (seconds since the epoch).
    pub fn with_expiration(mut self, expiration: Option<i64>) -> Self {
        self.expiration = expiration;
        self
    }

    /// The access key id; not a secret.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key. Handle with care: never log it.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials. Handle with care.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref().map(String::as_str)
    }

    /// When these credentials stop working, in seconds since the epoch.
    pub fn expiration(&self) -> Option<i64> {
        self.expiration
    }

    /// Whether the credentials expire within `margin_secs` of `now`: the test
    /// a provider uses to refresh early, before a request is refused.
    pub fn expires_within(&self, now: SigningTime, margin_secs: i64) -> bool {
        self.expiration
            .is_some_and(|exp| exp - margin_secs <= now.unix())
    }

    /// Compares a presented session token with this one in constant time.
    pub fn session_token_matches(&self, presented: Option<&str>) -> bool {
        use subtle::ConstantTimeEq;
        match (self.session_token(), presented) {
            (None, None) => true,
            (Some(ours), Some(theirs)) => bool::from(ours.as_bytes().ct_eq(theirs.as_bytes())),
            _ => false,
        }
    }

    /// HMAC-SHA256 of `msg` under the SigV4 signing key for `date`
    /// (`YYYYMMDD`), region and service, from the cache when it was derived
    /// before.
    pub(crate) fn sign_with_key(
        &self,
        date: &[u8],
        region: &str,
        service: &str,
        msg: &[u8],
    ) -> [u8; 32] {
        let mut cache = self
            .keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // The keyed states are copied out (and wiped when the copy drops), so
        // the lock is held for a lookup, not for the hashing: threads sharing
        // these credentials do not queue behind each other's signatures.
        if let Some(key) = cache.find(date, region, service) {
            let key = key.clone();
            drop(cache);
            return key.mac_public(msg);
        }
        let key = HmacKey::new(&*derive_signing_key(
            &self.secret_access_key,
            date,
            region,
            service,
        ));
        cache.insert(date, region, service, key.clone());
        drop(cache);
        key.mac_public(msg)
    }

    /// The SigV4a key pair of these credentials, derived once.
    #[cfg(feature = "sigv4a")]
    pub(crate) fn sigv4a_key(&self) -> Result<&crate::sigv4a::EcdsaKey, Error> {
        self.sigv4a_key
            .get_or_init(|| {
                crate::sigv4a::EcdsaKey::derive(&self.access_key_id, &self.secret_access_key)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The SigV4 signing key for `date` (`YYYYMMDD`), region and service,
    /// keyed for HMAC, from the cache when it was derived before (a chunked
    /// upload signs every chunk with it).
    pub(crate) fn signing_key(&self, date: &[u8], region: &str, service: &str) -> HmacKey {
        let mut cache = self
            .keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(key) = cache.find(date, region, service) {
            return key.clone();
        }
        let key = HmacKey::new(&*derive_signing_key(
            &self.secret_access_key,
            date,
            region,
            service,
        ));
        cache.insert(date, region, service, key.clone());
        key
    }
}

impl Clone for Credentials {
    fn clone(&self) -> Self {
        Credentials {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
            session_token: self.session_token.clone(),
            expiration: self.expiration,
            keys: Mutex::new(KeyCache::default()),
            #[cfg(feature = "sigv4a")]
            sigv4a_key: std::sync::OnceLock::new(),
        }
    }
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        self.access_key_id == other.access_key_id
            && *self.secret_access_key == *other.secret_access_key
            && self.session_token == other.session_token
            && self.expiration == other.expiration
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

fn derive_signing_key(
    secret: &str,
    date: &[u8],
    region: &str,
    service: &str,
) -> Zeroizing<[u8; 32]> {
    let mut seed = Zeroizing::new(Vec::with_capacity(4 + secret.len()));
    seed.extend_from_slice(b"AWS4");
    seed.extend_from_slice(secret.as_bytes());
    let k_date = Zeroizing::new(hmac(&seed, date));
    let k_region = Zeroizing::new(hmac(&*k_date, region.as_bytes()));
    let k_service = Zeroizing::new(hmac(&*k_region, service.as_bytes()));
    Zeroizing::new(hmac(&*k_service, b"aws4_request"))
}

/// A few recently derived keys: enough for one signer per region and
/// service, small enough to search linearly.
#[derive(Default)]
struct KeyCache {
    entries: Vec<KeyEntry>,
    next: usize,
}

struct KeyEntry {
    date: [u8; 8],
    scope: String,
    region_len: usize,
    key: HmacKey,
}

const KEY_CACHE_SIZE: usize = 4;

impl KeyCache {
    fn find(&self, date: &[u8], region: &str, service: &str) -> Option<&HmacKey> {
        self.entries
            .iter()
            .find(|e| {
                e.date[..] == *date
                    && e.region_len == region.len()
                    && e.scope.starts_with(region)
                    && e.scope[region.len()..] == *service
            })
            .map(|e| &e.key)
    }

    fn insert(&mut self, date: &[u8], region: &str, service: &str, key: HmacKey) {
        let mut day = [0u8; 8];
        if date.len() != day.len() {
            return;
        }
        day.copy_from_slice(date);
        let entry = KeyEntry {
            date: day,
            scope: format!("{region}{service}"),
            region_len: region.len(),
            key,
        };
        if self.entries.len() < KEY_CACHE_SIZE {
            self.entries.push(entry);
        } else {
            self.entries[self.next] = entry;
            self.next = (self.next + 1) % KEY_CACHE_SIZE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let c = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("TOKEN123".into()),
        )
        .unwrap();
        let shown = format!("{c:?} {:#?}", c.clone());
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("wJalr"));
        assert!(!shown.contains("TOKEN123"));
    }

    #[test]
    fn refuses_empty_and_malformed_parts() {
        let field = |r: Result<Credentials, Error>| match r.unwrap_err() {
            Error::InvalidCredentials { field, .. } => field,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(field(Credentials::new("", "s", None)), "access_key_id");
        assert_eq!(field(Credentials::new("AK ID", "s", None)), "access_key_id");
        assert_eq!(field(Credentials::new("AK/ID", "s", None)), "access_key_id");
        assert_eq!(
            field(Credentials::new("AKID", "", None)),
            "secret_access_key"
        );
        assert_eq!(
            field(Credentials::new("AKID", "s", Some("a\r\nb".into()))),
            "session_token"
        );
        assert!(Credentials::new("AKID", "s", Some(String::new()))
            .unwrap()
            .session_token()
            .is_none());
    }

    #[test]
    fn signing_key_matches_the_documented_derivation() {
        // The key derivation example of the AWS General Reference (20120215,
        // us-east-1, iam), whose intermediate keys it lists in hex.
        let c = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .unwrap();
        let key = derive_signing_key(c.secret_access_key(), b"20120215", "us-east-1", "iam");
        assert_eq!(
            crate::encoding::hex(&*key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
        // The cached, keyed form signs like the derived key, and the cache
        // tells scopes apart even when their concatenations coincide.
        let mac = |k: &HmacKey| k.mac(b"message");
        let want = hmac(&*key, b"message");
        assert_eq!(mac(&c.signing_key(b"20120215", "us-east-1", "iam")), want);
        assert_eq!(mac(&c.signing_key(b"20120215", "us-east-1", "iam")), want);
        assert_ne!(mac(&c.signing_key(b"20120215", "us-east-1", "iamx")), want);
        assert_ne!(mac(&c.signing_key(b"20120215", "us-east-1i", "am")), want);
    }

    #[test]
    fn compares_session_tokens() {
        let c = Credentials::new("AKID", "s", Some("tok".into())).unwrap();
        assert!(c.session_token_matches(Some("tok")));
        assert!(!c.session_token_matches(Some("tok2")));
        assert!(!c.session_token_matches(None));
    }
}
