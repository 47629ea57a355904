//! The SigV4a key pair, derived from the secret access key.
//!
//! The derivation is the one of the SigV4a specification (as aws-c-auth
//! implements it): a NIST SP 800-108 counter-mode KDF with HMAC-SHA256 whose
//! key is `"AWS4A" || secret` and whose fixed input is
//! `[0,0,0,1] || "AWS4-ECDSA-P256-SHA256" || 0x00 || access key id ||
//! counter || [0,0,1,0]` (one 256-bit block). The block, read as a
//! big-endian number `c`, gives the private scalar `c + 1` when `c <= n - 2`
//! (`n` the order of P-256); otherwise the counter (from 1, at most 254)
//! goes up and the block is recomputed. The key depends on nothing but the
//! key pair, so each [`Credentials`] derives it once.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use subtle::{Choice, ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroizing;

use crate::mac::hmac;
use crate::{Credentials, Error};

/// The order of P-256 minus 2, big-endian: the largest block the
/// derivation accepts.
const N_MINUS_2: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x4F,
];

/// The last counter value the specification allows.
const MAX_COUNTER: u8 = 254;

/// The private key of SigV4a for one key pair. It signs and hands out its
/// public key; the private scalar itself never leaves this type (and is
/// wiped when it is dropped).
pub(crate) struct EcdsaKey {
    signing: SigningKey,
}

impl fmt::Debug for EcdsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

impl EcdsaKey {
    /// Derives the key of `access_key_id` and `secret`.
    pub(crate) fn derive(access_key_id: &str, secret: &str) -> Result<EcdsaKey, Error> {
        let mut hmac_key = Zeroizing::new(Vec::with_capacity(5 + secret.len()));
        hmac_key.extend_from_slice(b"AWS4A");
        hmac_key.extend_from_slice(secret.as_bytes());
        let mut fixed = Vec::with_capacity(32 + access_key_id.len());
        for counter in 1..=MAX_COUNTER {
            fixed.clear();
            fixed.extend_from_slice(&[0, 0, 0, 1]);
            fixed.extend_from_slice(super::ALGORITHM.as_bytes());
            fixed.push(0);
            fixed.extend_from_slice(access_key_id.as_bytes());
            fixed.push(counter);
            fixed.extend_from_slice(&[0, 0, 1, 0]);
            let mut scalar = Zeroizing::new(hmac(&hmac_key, &fixed));
            if bool::from(greater_than(&scalar, &N_MINUS_2)) {
                continue;
            }
            add_one(&mut scalar);
            // 1 <= c + 1 <= n - 1: always a valid, non-zero scalar.
            if let Ok(signing) = SigningKey::from_bytes(p256::FieldBytes::from_slice(&*scalar)) {
                return Ok(EcdsaKey { signing });
            }
        }
        Err(Error::InvalidCredentials {
            field: "secret_access_key",
            reason: "no SigV4a key can be derived from it",
        })
    }

    /// The public key, for a verifier.
    pub(crate) fn public_key(&self) -> PublicKey {
        PublicKey {
            key: *self.signing.verifying_key(),
        }
    }

    /// The DER-encoded ECDSA P-256 signature of SHA-256(`message`), with a
    /// deterministic nonce (RFC 6979).
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        let signature: Signature = self.signing.sign(message);
        signature.to_der().as_bytes().to_vec()
    }
}

/// `a > b` for two 32-byte big-endian numbers, in constant time.
fn greater_than(a: &[u8; 32], b: &[u8; 32]) -> Choice {
    let mut gt = Choice::from(0);
    let mut eq = Choice::from(1);
    for (x, y) in a.iter().zip(b) {
        gt |= eq & x.ct_gt(y);
        eq &= x.ct_eq(y);
    }
    gt
}

/// Adds one to a 32-byte big-endian number (which is below `n - 1`, so it
/// does not overflow), in constant time.
fn add_one(value: &mut [u8; 32]) {
    let mut carry = 1u16;
    for byte in value.iter_mut().rev() {
        let sum = u16::from(*byte) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
}

/// A SigV4a public key (a P-256 point): what a verifier needs, and what a
/// service that verifies SigV4a holds for an access key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("x", &crate::hex(&self.x()))
            .field("y", &crate::hex(&self.y()))
            .finish()
    }
}

impl PublicKey {
    /// The key of SigV4a for these credentials (derived once per
    /// credentials value, then cached).
    pub fn of(credentials: &Credentials) -> Result<PublicKey, Error> {
        Ok(credentials.sigv4a_key()?.public_key())
    }

    /// A key from its affine coordinates (32 bytes each, big-endian), as the
    /// official vectors' `public-key.json` gives them.
    pub fn from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Option<PublicKey> {
        let point = p256::EncodedPoint::from_affine_coordinates(x.into(), y.into(), false);
        VerifyingKey::from_encoded_point(&point)
            .ok()
            .map(|key| PublicKey { key })
    }

    /// The affine x coordinate, big-endian.
    pub fn x(&self) -> [u8; 32] {
        self.coordinate(true)
    }

    /// The affine y coordinate, big-endian.
    pub fn y(&self) -> [u8; 32] {
        self.coordinate(false)
    }

    fn coordinate(&self, x: bool) -> [u8; 32] {
        let point = self.key.to_encoded_point(false);
        let mut out = [0u8; 32];
        if let Some(c) = if x { point.x() } else { point.y() } {
            out.copy_from_slice(c);
        }
        out
    }

    /// The uncompressed SEC 1 encoding, `04 || x || y` (65 bytes).
    pub fn to_sec1_uncompressed(&self) -> Vec<u8> {
        self.key.to_encoded_point(false).as_bytes().to_vec()
    }

    /// Whether `signature` (DER, as hex digits) is this key's ECDSA P-256
    /// signature of SHA-256(`message`).
    pub fn verifies(&self, message: &[u8], signature_hex: &str) -> bool {
        let Some(der) = super::decode_hex(signature_hex) else {
            return false;
        };
        match Signature::from_der(&der) {
            Ok(signature) => self.key.verify(message, &signature).is_ok(),
            Err(_) => false,
        }
    }
}
