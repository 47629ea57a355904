//! The chain of chunk signatures: each signs its chunk's hash and the
//! previous signature, starting from the seed (the head's signature), so
//! chunks cannot be dropped, reordered, re-framed or appended.
//!
//! The signature itself is a pluggable step ([`Step`]): HMAC-SHA256 under the
//! day's signing key for SigV4. SigV4a's ECDSA form differs only in the
//! algorithm names and the signing step, so it is another variant here,
//! nothing else.

#[allow(unused_imports)]
use crate::prelude::*;

use subtle::ConstantTimeEq;

use crate::encoding::hex;
use crate::mac::{sha256, HmacKey};
use crate::sign::string_to_sign::ALGORITHM;
use crate::{Credentials, Error, EMPTY_PAYLOAD_SHA256};

/// How a chunk or trailer signature is made and checked.
pub(crate) enum Step {
    /// SigV4: HMAC-SHA256 under the scope's signing key.
    Hmac(HmacKey),
    /// SigV4a, signing: ECDSA P-256 under the key derived from these
    /// credentials' secret (derived once, then cached by them).
    #[cfg(feature = "sigv4a")]
    EcdsaSign(Credentials),
    /// SigV4a, verifying: the public half of that key.
    #[cfg(feature = "sigv4a")]
    EcdsaVerify(crate::sigv4a::PublicKey),
}

/// The width of a SigV4a chunk signature on the wire: aws-c-auth pads the
/// hex of the DER signature (at most 72 bytes) with `*` to 144 characters,
/// so that the framed length is known before signing.
pub(crate) const ECDSA_SIGNATURE_WIDTH: usize = 144;

impl Step {
    fn is_ecdsa(&self) -> bool {
        !matches!(self, Step::Hmac(_))
    }

    fn payload_algorithm(&self) -> &'static str {
        if self.is_ecdsa() {
            "AWS4-ECDSA-P256-SHA256-PAYLOAD"
        } else {
            "AWS4-HMAC-SHA256-PAYLOAD"
        }
    }

    fn trailer_algorithm(&self) -> &'static str {
        if self.is_ecdsa() {
            "AWS4-ECDSA-P256-SHA256-TRAILER"
        } else {
            "AWS4-HMAC-SHA256-TRAILER"
        }
    }

    fn sign(&self, string_to_sign: &[u8]) -> String {
        match self {
            Step::Hmac(key) => hex(&key.mac(string_to_sign)),
            #[cfg(feature = "sigv4a")]
            Step::EcdsaSign(credentials) => {
                // The key was derived when the seed was signed with these
                // credentials, so this cannot fail here; an empty signature
                // would fail verification, never pass it.
                let text = core::str::from_utf8(string_to_sign).unwrap_or_default();
                crate::sigv4a::sign_string_to_sign(credentials, text).unwrap_or_default()
            }
            #[cfg(feature = "sigv4a")]
            Step::EcdsaVerify(_) => String::new(),
        }
    }

    fn verify(&self, string_to_sign: &[u8], presented: &str) -> bool {
        match self {
            Step::Hmac(key) => {
                let want = hex(&key.mac(string_to_sign));
                bool::from(want.as_bytes().ct_eq(presented.as_bytes()))
            }
            #[cfg(feature = "sigv4a")]
            Step::EcdsaVerify(key) => key.verifies(string_to_sign, presented),
            #[cfg(feature = "sigv4a")]
            Step::EcdsaSign(credentials) => crate::sigv4a::PublicKey::of(credentials)
                .is_ok_and(|key| key.verifies(string_to_sign, presented)),
        }
    }
}

/// The running state of one chain.
pub(crate) struct Chain {
    step: Step,
    /// `amz_date \n scope \n`, shared by every string to sign.
    time_and_scope: String,
    previous: String,
    /// The string-to-sign buffer, reused for every chunk.
    buf: Vec<u8>,
}

impl Chain {
    /// A chain with this step, for the scope text `scope` at `amz_date`,
    /// seeded with the head's signature.
    pub fn new(step: Step, amz_date: &str, scope: &str, seed: &str) -> Chain {
        Chain {
            step,
            time_and_scope: format!("{amz_date}\n{scope}\n"),
            previous: seed.to_owned(),
            buf: Vec::with_capacity(256),
        }
    }

    /// Whether the chunk signatures are SigV4a's.
    pub fn is_ecdsa(&self) -> bool {
        self.step.is_ecdsa()
    }

    /// The width of a chunk signature on the wire.
    pub fn signature_width(&self) -> usize {
        if self.is_ecdsa() {
            ECDSA_SIGNATURE_WIDTH
        } else {
            64
        }
    }

    /// A chain for the scope `date/region/service` at `amz_date`, seeded
    /// with the head's signature.
    pub fn hmac(
        credentials: &Credentials,
        amz_date: &str,
        date: &str,
        region: &str,
        service: &str,
        seed: &str,
    ) -> Chain {
        let key = credentials.signing_key(date.as_bytes(), region, service);
        let scope = format!("{date}/{region}/{service}/aws4_request");
        Chain::new(Step::Hmac(key), amz_date, &scope, seed)
    }

    /// A chain from the head a signer produced: its string to sign holds
    /// the time and scope, its signature is the seed.
    pub fn from_seed(
        credentials: &Credentials,
        seed: &crate::SigningOutput,
    ) -> Result<Chain, Error> {
        let bad = |reason| Err(Error::InvalidPayload { reason });
        if seed.location() != crate::SignatureLocation::Headers {
            return bad(
                "a chunked upload is signed with an Authorization header, not a presigned URL",
            );
        }
        let mut lines = seed.string_to_sign().split('\n');
        let (Some(algorithm), Some(amz_date), Some(scope)) =
            (lines.next(), lines.next(), lines.next())
        else {
            return bad("the seed is not a SigV4 signature");
        };
        let parts: Vec<&str> = scope.split('/').collect();
        match (algorithm, &parts[..]) {
            (ALGORITHM, [date, region, service, "aws4_request"]) => Ok(Chain::hmac(
                credentials,
                amz_date,
                date,
                region,
                service,
                seed.signature(),
            )),
            #[cfg(feature = "sigv4a")]
            (crate::sigv4a::ALGORITHM, [_, _, "aws4_request"]) => {
                credentials.sigv4a_key()?;
                Ok(Chain::new(
                    Step::EcdsaSign(credentials.clone()),
                    amz_date,
                    scope,
                    seed.signature(),
                ))
            }
            _ => bad("the seed is not a SigV4 signature"),
        }
    }

    fn string_to_sign(&mut self, algorithm: &str, lines: &[&str]) -> &[u8] {
        self.buf.clear();
        for part in [algorithm, "\n", &self.time_and_scope, &self.previous] {
            self.buf.extend_from_slice(part.as_bytes());
        }
        for line in lines {
            self.buf.push(b'\n');
            self.buf.extend_from_slice(line.as_bytes());
        }
        &self.buf
    }

    fn chunk_string(&mut self, data: &[u8]) -> Vec<u8> {
        let hash = hex(&sha256(data));
        let algorithm = self.step.payload_algorithm();
        self.string_to_sign(algorithm, &[EMPTY_PAYLOAD_SHA256, &hash])
            .to_vec()
    }

    fn trailer_string(&mut self, canonical_trailer: &[u8]) -> Vec<u8> {
        let hash = hex(&sha256(canonical_trailer));
        let algorithm = self.step.trailer_algorithm();
        self.string_to_sign(algorithm, &[&hash]).to_vec()
    }

    /// Signs the next chunk's data and moves the chain on.
    pub fn sign_chunk(&mut self, data: &[u8]) -> &str {
        let sts = self.chunk_string(data);
        self.previous = self.step.sign(&sts);
        &self.previous
    }

    /// Checks the next chunk's signature; on success the chain moves on.
    pub fn verify_chunk(&mut self, data: &[u8], presented: &str) -> bool {
        let sts = self.chunk_string(data);
        let ok = self.step.verify(&sts, presented);
        if ok {
            self.previous = presented.to_owned();
        }
        ok
    }

    /// Signs the trailer (its canonical form: `name:value\n` per line).
    pub fn sign_trailer(&mut self, canonical_trailer: &[u8]) -> &str {
        let sts = self.trailer_string(canonical_trailer);
        self.previous = self.step.sign(&sts);
        &self.previous
    }

    /// Checks the trailer signature.
    pub fn verify_trailer(&mut self, canonical_trailer: &[u8], presented: &str) -> bool {
        let sts = self.trailer_string(canonical_trailer);
        self.step.verify(&sts, presented)
    }
}
