//! Credentials held in wasm memory.
//!
//! The core caches derived signing keys inside a `Credentials` value, so the
//! JS side keeps one `WasmCredentials` per set of keys for as long as they
//! are valid instead of rebuilding it per request. The JS `Credentials` holds
//! only this handle: the secret is copied out only when asked for.

#[allow(unused_imports)]
use crate::prelude::*;

use sigv4kit::{Credentials, SigningTime};
use wasm_bindgen::prelude::*;

use crate::errors;

/// A checked key pair (and optional session token and expiry).
#[wasm_bindgen]
pub struct WasmCredentials {
    pub(crate) inner: Credentials,
}

impl From<Credentials> for WasmCredentials {
    fn from(inner: Credentials) -> Self {
        WasmCredentials { inner }
    }
}

#[wasm_bindgen]
impl WasmCredentials {
    /// Checks the parts; `expiration_ms` is milliseconds since the epoch.
    #[wasm_bindgen(constructor)]
    pub fn new(
        access_key_id: &str,
        secret_access_key: &str,
        session_token: Option<String>,
        expiration_ms: Option<f64>,
    ) -> Result<WasmCredentials, JsValue> {
        let expiration = match expiration_ms {
            None => None,
            Some(ms) if ms.is_finite() => Some(crate::number::floor_i64(ms / 1000.0)),
            Some(_) => {
                return Err(JsValue::from(errors::error(
                    "invalid_credentials",
                    "expiration",
                    "invalid credentials (expiration): must be a valid date",
                )))
            }
        };
        let inner = Credentials::new(access_key_id, secret_access_key, session_token)
            .map_err(errors::to_js)?
            .with_expiration(expiration);
        Ok(WasmCredentials { inner })
    }

    /// The access key id (not a secret: it travels in every signature).
    #[wasm_bindgen(getter, js_name = accessKeyId)]
    pub fn access_key_id(&self) -> String {
        self.inner.access_key_id().to_owned()
    }

    /// The secret key, for handing credentials on to other AWS libraries.
    #[wasm_bindgen(js_name = secretAccessKey)]
    pub fn secret_access_key(&self) -> String {
        self.inner.secret_access_key().to_owned()
    }

    /// Whether there is a session token (without copying it out).
    #[wasm_bindgen(getter, js_name = hasSessionToken)]
    pub fn has_session_token(&self) -> bool {
        self.inner.session_token().is_some()
    }

    /// The session token, if any.
    #[wasm_bindgen(js_name = sessionToken)]
    pub fn session_token(&self) -> Option<String> {
        self.inner.session_token().map(str::to_owned)
    }

    /// Expiry in milliseconds since the epoch, if any.
    #[wasm_bindgen(getter, js_name = expirationMs)]
    pub fn expiration_ms(&self) -> Option<f64> {
        self.inner.expiration().map(|secs| secs as f64 * 1000.0)
    }

    /// Whether the credentials expire within `margin_secs` of `now_ms`: the
    /// test a provider uses to refresh before a request is refused.
    #[wasm_bindgen(js_name = expiresWithin)]
    pub fn expires_within(&self, now_ms: f64, margin_secs: f64) -> bool {
        match SigningTime::from_unix_millis(now_ms) {
            Ok(now) => self.inner.expires_within(now, margin_secs as i64),
            // A clock outside 1970..=9999 cannot judge expiry: refresh.
            Err(_) => true,
        }
    }
}
