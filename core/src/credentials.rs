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

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;
use core::sync::atomic::{fence, AtomicU32, AtomicU64, Ordering};

use zeroize::Zeroizing;

use crate::mac::{hmac, HmacKey};
use crate::sync::{Lock, Once};
use crate::{Error, SigningTime};

/// An access key id, secret access key, optional session token and optional
/// expiry (seconds since the Unix epoch).
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
    expiration: Option<i64>,
    keys: Lock<KeyCache>,
    /// The key of the first scope these credentials signed for, for its
    /// latest day, readable without taking `keys`' lock. Boxed, so that
    /// credentials stay small to move and to hold in other types.
    fast: Box<FastKey>,
    /// The SigV4a key pair, derived on first use: it depends on the key
    /// pair alone.
    #[cfg(feature = "sigv4a")]
    sigv4a_key: Once<Result<crate::sigv4a::EcdsaKey, Error>>,
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
            keys: Lock::new(KeyCache::default()),
            fast: Box::default(),
            #[cfg(feature = "sigv4a")]
            sigv4a_key: Once::new(),
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
        // The usual case, one scope signed all day: no lock, no write to
        // memory other threads read, so threads sharing these credentials do
        // not pass a cache line back and forth on every signature.
        if let Some(key) = self.fast.get(date, region, service) {
            return key.mac_public(msg);
        }
        // The keyed states are copied out (and wiped when the copy drops), so
        // the lock is held for a lookup, not for the hashing: threads sharing
        // these credentials do not queue behind each other's signatures.
        let mut cache = self.keys.lock();
        let key = self.cached_key(&mut cache, date, region, service);
        // Written under the lock, so the slot has one writer at a time.
        self.fast.put(date, region, service, &key);
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
        self.cached_key(&mut self.keys.lock(), date, region, service)
    }

    /// The signing key from the cache, or derived and cached.
    fn cached_key(
        &self,
        cache: &mut KeyCache,
        date: &[u8],
        region: &str,
        service: &str,
    ) -> HmacKey {
        if let Some(key) = cache.find(date, region, service) {
            return key.clone();
        }
        let secret = &self.secret_access_key;
        let key = HmacKey::new(&*derive_signing_key(secret, date, region, service));
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
            keys: Lock::new(KeyCache::default()),
            fast: Box::default(),
            #[cfg(feature = "sigv4a")]
            sigv4a_key: Once::new(),
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
            scope: [region, service].concat(),
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

/// One signing key readable by many threads at once without a lock: a
/// sequence lock over atomics. The writer (one at a time, under the key
/// cache's lock) makes `seq` odd, stores the day and the keyed states, and
/// makes `seq` even again; a reader copies day and states between two reads
/// of `seq` and keeps the copy only if `seq` was even and did not move, so it
/// never uses a torn key. The slot serves one scope, the first these
/// credentials signed for (fixed once, so comparing it needs no lock); other
/// scopes go through the cache.
#[derive(Default)]
struct FastKey {
    /// Region and service of the slot's scope.
    scope: Once<(Box<str>, Box<str>)>,
    seq: AtomicU64,
    /// The day (`YYYYMMDD` as eight bytes), 0 while empty.
    day: AtomicU64,
    /// The inner, then the outer keyed state.
    states: [AtomicU32; 16],
}

/// `YYYYMMDD` as one word; `None` for anything of another length.
fn day_word(date: &[u8]) -> Option<u64> {
    let day: [u8; 8] = date.try_into().ok()?;
    Some(u64::from_le_bytes(day))
}

impl FastKey {
    fn is_for(&self, region: &str, service: &str) -> bool {
        self.scope
            .get()
            .is_some_and(|(r, s)| **r == *region && **s == *service)
    }

    /// The key for this day and scope, if the slot holds it.
    fn get(&self, date: &[u8], region: &str, service: &str) -> Option<HmacKey> {
        let day = day_word(date)?;
        if !self.is_for(region, service) {
            return None;
        }
        let before = self.seq.load(Ordering::Acquire);
        if before & 1 == 1 || self.day.load(Ordering::Relaxed) != day {
            return None;
        }
        let mut inner = [0u32; 8];
        let mut outer = [0u32; 8];
        for (word, slot) in inner.iter_mut().chain(outer.iter_mut()).zip(&self.states) {
            *word = slot.load(Ordering::Relaxed);
        }
        fence(Ordering::Acquire);
        let key = HmacKey::from_states(inner, outer);
        (self.seq.load(Ordering::Relaxed) == before).then_some(key)
    }

    /// Stores `key` for this day, if the scope is the slot's (the first one
    /// ever stored fixes it). Callers hold the key cache's lock.
    fn put(&self, date: &[u8], region: &str, service: &str, key: &HmacKey) {
        let Some(day) = day_word(date) else { return };
        self.scope.get_or_init(|| (region.into(), service.into()));
        if !self.is_for(region, service) || self.day.load(Ordering::Relaxed) == day {
            return;
        }
        let seq = self.seq.load(Ordering::Relaxed);
        self.seq.store(seq.wrapping_add(1), Ordering::Relaxed);
        fence(Ordering::Release);
        self.day.store(day, Ordering::Relaxed);
        let (inner, outer) = key.states();
        for (slot, &word) in self.states.iter().zip(inner.iter().chain(outer)) {
            slot.store(word, Ordering::Relaxed);
        }
        self.seq.store(seq.wrapping_add(2), Ordering::Release);
    }
}

impl Drop for FastKey {
    /// The states are key material: wiped like every other copy.
    fn drop(&mut self) {
        // Atomic stores, then a compiler fence (as `zeroize` does for plain
        // memory), so the wipe is not dropped as a dead store.
        for slot in &self.states {
            slot.store(0, Ordering::Relaxed);
        }
        self.day.store(0, Ordering::Relaxed);
        core::sync::atomic::compiler_fence(Ordering::SeqCst);
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
    fn the_lock_free_slot_never_serves_another_day_or_scope() {
        // Each MAC is checked against the HMAC under the key derived afresh
        // (the derivation the test above pins to AWS's published example).
        let c = Credentials::new("AKID", "secret", None).unwrap();
        let msg = b"string to sign";
        let want = |date: &[u8], region: &str, service: &str| {
            hmac(&*derive_signing_key("secret", date, region, service), msg)
        };
        let steps: [(&[u8], &str, &str); 8] = [
            (b"20240101", "us-east-1", "s3"),
            (b"20240101", "us-east-1", "s3"),
            (b"20240101", "eu-west-1", "s3"),
            (b"20240101", "us-east-1", "s3x"),
            (b"20240101", "us-east-1s", "3"),
            (b"20240102", "us-east-1", "s3"),
            (b"20240101", "us-east-1", "s3"),
            (b"20240102", "us-east-1", "s3"),
        ];
        for (date, region, service) in steps {
            assert_eq!(
                c.sign_with_key(date, region, service, msg),
                want(date, region, service),
                "{region} {service}"
            );
        }
        // A date of another length is never taken for a day in the slot.
        assert_eq!(
            c.sign_with_key(b"2024010", "us-east-1", "s3", msg),
            want(b"2024010", "us-east-1", "s3")
        );
    }

    #[test]
    #[cfg(feature = "std")] // without std, credentials are not Sync
    fn threads_sharing_credentials_across_a_day_change_agree() {
        let c = Credentials::new("AKID", "secret", None).unwrap();
        let msg = b"m";
        let days: [&[u8]; 3] = [b"20240101", b"20240102", b"20240103"];
        let want: Vec<[u8; 32]> = days
            .iter()
            .map(|d| hmac(&*derive_signing_key("secret", d, "r", "s"), msg))
            .collect();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let (c, want) = (&c, &want);
                scope.spawn(move || {
                    for i in 0..3000 {
                        let d = (i / 7 + t) % days.len();
                        assert_eq!(c.sign_with_key(days[d], "r", "s", msg), want[d]);
                    }
                });
            }
        });
    }

    #[test]
    fn compares_session_tokens() {
        let c = Credentials::new("AKID", "s", Some("tok".into())).unwrap();
        assert!(c.session_token_matches(Some("tok")));
        assert!(!c.session_token_matches(Some("tok2")));
        assert!(!c.session_token_matches(None));
    }
}
