//! The chain of chunk signatures: each signs its chunk's hash and the
//! previous signature, starting from the seed (the head's signature), so
//! chunks cannot be dropped, reordered, re-framed or appended.
//!
//! The signature itself is a pluggable step ([`Step`]): HMAC-SHA256 under the
//! day's signing key for SigV4. SigV4a's ECDSA form differs only in the
//! algorithm names and the signing step, so it is another variant here,
//! nothing else.

use subtle::ConstantTimeEq;

use crate::encoding::hex;
use crate::mac::{sha256, HmacKey};
use crate::sign::string_to_sign::ALGORITHM;
use crate::{Credentials, Error, EMPTY_PAYLOAD_SHA256};

/// How a chunk or trailer signature is made and checked.
pub(crate) enum Step {
    /// SigV4: HMAC-SHA256 under the scope's signing key.
    Hmac(HmacKey),
}

impl Step {
    fn payload_algorithm(&self) -> &'static str {
        match self {
            Step::Hmac(_) => "AWS4-HMAC-SHA256-PAYLOAD",
        }
    }

    fn trailer_algorithm(&self) -> &'static str {
        match self {
            Step::Hmac(_) => "AWS4-HMAC-SHA256-TRAILER",
        }
    }

    fn sign(&self, string_to_sign: &[u8]) -> String {
        match self {
            Step::Hmac(key) => hex(&key.mac(string_to_sign)),
        }
    }

    fn verify(&self, string_to_sign: &[u8], presented: &str) -> bool {
        match self {
            Step::Hmac(key) => {
                let want = hex(&key.mac(string_to_sign));
                bool::from(want.as_bytes().ct_eq(presented.as_bytes()))
            }
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
        Chain {
            step: Step::Hmac(key),
            time_and_scope: format!("{amz_date}\n{date}/{region}/{service}/aws4_request\n"),
            previous: seed.to_owned(),
            buf: Vec::with_capacity(256),
        }
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
        let (Some(ALGORITHM), Some(amz_date), Some(scope)) =
            (lines.next(), lines.next(), lines.next())
        else {
            return bad("the seed is not a SigV4 signature");
        };
        let parts: Vec<&str> = scope.split('/').collect();
        let [date, region, service, "aws4_request"] = parts[..] else {
            return bad("the seed is not a SigV4 signature");
        };
        Ok(Chain::hmac(
            credentials,
            amz_date,
            date,
            region,
            service,
            seed.signature(),
        ))
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
