//! Step 3 of the pipeline, the signature: the HMAC of the string to sign
//! under the signing key of the scope (derived once per key and scope, then
//! cached by [`Credentials`]), or, for SigV4a, the ECDSA signature under the
//! key pair derived from the secret.

#[allow(unused_imports)]
use crate::prelude::*;

use super::string_to_sign::Scope;
use crate::Credentials;

/// The longest signature text: SigV4's is 64 hex digits, SigV4a's (DER)
/// at most 144 (only room for SigV4's without the feature, so a SigV4-only
/// build carries and copies no more than before).
pub(crate) const MAX_LEN: usize = if cfg!(feature = "sigv4a") { 144 } else { 64 };

/// The signature as lower-case hex digits, kept inline rather than in
/// another allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Signature {
    hex: [u8; MAX_LEN],
    len: u8,
}

impl Default for Signature {
    /// No signature (empty text).
    fn default() -> Self {
        Signature {
            hex: [0u8; MAX_LEN],
            len: 0,
        }
    }
}

/// The key that signs the string to sign.
#[derive(Clone, Copy)]
pub(crate) enum Key<'a> {
    /// SigV4: the HMAC key of the scope, from these credentials' cache.
    Hmac(&'a Credentials),
    /// SigV4a: the credentials' derived key pair.
    #[cfg(feature = "sigv4a")]
    Ecdsa(&'a crate::sigv4a::EcdsaKey),
}

/// Signs the string to sign.
pub(crate) fn compute(key: Key<'_>, scope: &Scope<'_>, string_to_sign: &str) -> Signature {
    let mut out = Signature::default();
    match key {
        Key::Hmac(credentials) => {
            let mac = credentials.sign_with_key(
                scope.date.as_bytes(),
                scope.region,
                scope.service,
                string_to_sign.as_bytes(),
            );
            // Kept as bytes: `as_str` checks them when they are read.
            out.len = crate::encoding::hex_bytes(&mac, &mut out.hex) as u8;
        }
        #[cfg(feature = "sigv4a")]
        Key::Ecdsa(key) => {
            let der = key.sign(string_to_sign.as_bytes());
            let text = crate::hex(&der);
            let n = text.len().min(MAX_LEN);
            out.hex[..n].copy_from_slice(&text.as_bytes()[..n]);
            out.len = n as u8;
        }
    }
    out
}

/// The text of a signature made by [`compute`].
pub(crate) fn as_str(signature: &Signature) -> &str {
    // Only ASCII hex digits are ever stored.
    let hex = signature
        .hex
        .get(..usize::from(signature.len))
        .unwrap_or_default();
    core::str::from_utf8(hex).unwrap_or_default()
}
