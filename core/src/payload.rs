//! What the signature says about the body: its SHA-256, `UNSIGNED-PAYLOAD`,
//! or a value the caller computed (a digest hashed elsewhere, or a
//! `STREAMING-…` constant of chunked uploads).

#[allow(unused_imports)]
use crate::prelude::*;

use sha2::{Digest, Sha256};

use crate::Error;

/// The payload part of a canonical request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload<'a> {
    /// Hash these bytes (the whole body).
    Bytes(&'a [u8]),
    /// Sign `UNSIGNED-PAYLOAD` instead of a hash (S3, or bodies that cannot be
    /// read twice).
    Unsigned,
    /// Sign this value verbatim: 64 lower-case hex digits (from a
    /// [`PayloadHasher`]) or a known constant.
    Precomputed(&'a str),
}

/// `UNSIGNED-PAYLOAD`.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The constants a precomputed payload may be besides a digest.
pub const KNOWN_PAYLOAD_CONSTANTS: [&str; 6] = [
    UNSIGNED_PAYLOAD,
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
];

/// The SHA-256 of the empty body, which every bodiless request signs.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

impl Payload<'_> {
    /// The value that goes on the last line of the canonical request; a
    /// computed digest is written into `buf`.
    pub(crate) fn resolve<'s>(&'s self, buf: &'s mut [u8; 64]) -> Result<&'s str, Error> {
        Ok(match self {
            Payload::Bytes([]) => EMPTY_PAYLOAD_SHA256,
            Payload::Bytes(bytes) => crate::encoding::hex_array(&Sha256::digest(bytes), buf),
            Payload::Unsigned => UNSIGNED_PAYLOAD,
            Payload::Precomputed(value) => {
                check_precomputed(value)?;
                value
            }
        })
    }

    /// The value as a string (allocates; for callers outside the hot path).
    pub fn value(&self) -> Result<String, Error> {
        let mut buf = [0u8; 64];
        self.resolve(&mut buf).map(str::to_owned)
    }
}

/// Checks a precomputed payload value.
pub fn check_precomputed(value: &str) -> Result<(), Error> {
    let is_digest = value.len() == 64
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if is_digest || KNOWN_PAYLOAD_CONSTANTS.contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidPayload {
            reason: "a precomputed payload must be 64 lower-case hex digits, UNSIGNED-PAYLOAD or a STREAMING-… constant",
        })
    }
}

/// Hashes a body in chunks, so that a large upload is never held whole.
#[derive(Clone, Default)]
pub struct PayloadHasher {
    sha: Sha256,
    len: u64,
}

impl PayloadHasher {
    /// A hasher that has seen nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next chunk of the body.
    pub fn update(&mut self, chunk: &[u8]) {
        self.sha.update(chunk);
        self.len += chunk.len() as u64;
    }

    /// How many bytes were fed.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was fed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The digest in lower-case hex, ready for [`Payload::Precomputed`].
    pub fn finish_hex(self) -> String {
        crate::encoding::hex(&self.sha.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_hash_equals_whole_hash() {
        let body: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut h = PayloadHasher::new();
        for chunk in body.chunks(333) {
            h.update(chunk);
        }
        assert_eq!(h.len(), 10_000);
        assert_eq!(h.finish_hex(), Payload::Bytes(&body).value().unwrap());
        assert_eq!(PayloadHasher::new().finish_hex(), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn checks_precomputed_values() {
        assert!(check_precomputed(EMPTY_PAYLOAD_SHA256).is_ok());
        assert!(check_precomputed("STREAMING-AWS4-HMAC-SHA256-PAYLOAD").is_ok());
        for bad in [
            "",
            "UNSIGNED",
            &EMPTY_PAYLOAD_SHA256.to_uppercase(),
            &EMPTY_PAYLOAD_SHA256[1..],
        ] {
            assert_eq!(
                check_precomputed(bad).unwrap_err().code(),
                "invalid_payload",
                "{bad}"
            );
        }
    }
}
