//! HMAC-SHA256 (RFC 2104) over the SHA-256 compression function, so that a
//! signing key can be kept as its two precomputed, zeroizable states.
//!
//! Every SigV4 signature is one HMAC under the day's signing key. Keying an
//! HMAC costs two SHA-256 blocks, a third of the work of a small request's
//! signature; caching the keyed inner and outer states saves it. Holding
//! those states in a generic HMAC type would leave key-equivalent material
//! in memory that nothing wipes, so this module keeps them as plain arrays
//! that are zeroized on drop. The compression function is `sha2`'s, with its
//! hardware (SHA-NI) dispatch; the padding here is the standard SHA-256
//! padding, checked against RFC 4231's test cases below.

#[allow(unused_imports)]
use crate::prelude::*;

use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// SHA-256 of `msg`, without the streaming buffer of the `Digest` API (the
/// message is already whole).
pub(crate) fn sha256(msg: &[u8]) -> [u8; 32] {
    finish_public(IV, 0, msg)
}

/// A key made ready for HMAC-SHA256: the states after its padded inner and
/// outer blocks.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    sha2::compress256(
        state,
        core::slice::from_ref(GenericArray::from_slice(block)),
    );
}

/// Continues SHA-256 from `state` (which has absorbed `prefix_len` bytes, a
/// multiple of 64) over `msg`, pads, and returns the digest; the copy of the
/// message's last bytes is wiped afterwards (key derivation hashes secrets).
pub(crate) fn finish(state: [u32; 8], prefix_len: u64, msg: &[u8]) -> [u8; 32] {
    finish_with(state, prefix_len, msg, true)
}

/// [`finish`] for a message that is not secret (a canonical request, a
/// string to sign, the inner digest of a request's signature): its tail
/// copy is left as it is, a third of the cost of a short hash otherwise.
/// The state, which derives from the key, is wiped either way.
pub(crate) fn finish_public(state: [u32; 8], prefix_len: u64, msg: &[u8]) -> [u8; 32] {
    finish_with(state, prefix_len, msg, false)
}

fn finish_with(mut state: [u32; 8], prefix_len: u64, msg: &[u8], wipe_tail: bool) -> [u8; 32] {
    let mut blocks = msg.chunks_exact(64);
    for block in &mut blocks {
        sha2::compress256(
            &mut state,
            core::slice::from_ref(GenericArray::from_slice(block)),
        );
    }
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() < 56 { 64 } else { 128 };
    let bits = (prefix_len + msg.len() as u64) * 8;
    tail[tail_len - 8..tail_len].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..tail_len].chunks_exact(64) {
        sha2::compress256(
            &mut state,
            core::slice::from_ref(GenericArray::from_slice(block)),
        );
    }
    if wipe_tail {
        tail.zeroize();
    }
    let mut out = [0u8; 32];
    for (word, bytes) in state.iter().zip(out.chunks_exact_mut(4)) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    state.zeroize();
    out
}

impl HmacKey {
    /// Keys HMAC with `key` of any length (a key longer than a block is
    /// hashed first, as RFC 2104 says).
    pub fn new(key: &[u8]) -> Self {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            let mut digest: [u8; 32] = Sha256::digest(key).into();
            block[..32].copy_from_slice(&digest);
            digest.zeroize();
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let (mut inner, mut outer) = (IV, IV);
        let mut pad = [0u8; 64];
        for (p, k) in pad.iter_mut().zip(&block) {
            *p = k ^ 0x36;
        }
        compress(&mut inner, &pad);
        for (p, k) in pad.iter_mut().zip(&block) {
            *p = k ^ 0x5c;
        }
        compress(&mut outer, &pad);
        pad.zeroize();
        block.zeroize();
        HmacKey { inner, outer }
    }

    /// The keyed inner and outer states, for a copy that must live outside
    /// this type (the credentials' lock-free slot); the caller wipes it.
    pub fn states(&self) -> (&[u32; 8], &[u32; 8]) {
        (&self.inner, &self.outer)
    }

    /// A key from states [`HmacKey::states`] gave.
    pub fn from_states(inner: [u32; 8], outer: [u32; 8]) -> Self {
        HmacKey { inner, outer }
    }

    /// HMAC-SHA256 of `msg` under this key.
    pub fn mac(&self, msg: &[u8]) -> [u8; 32] {
        let inner = finish(self.inner, 64, msg);
        finish(self.outer, 64, &inner)
    }

    /// HMAC-SHA256 of a message that is not secret, with a result that is
    /// not secret either (a request's signature): no copy of them is wiped.
    pub fn mac_public(&self, msg: &[u8]) -> [u8; 32] {
        let inner = finish_public(self.inner, 64, msg);
        finish_public(self.outer, 64, &inner)
    }
}

/// One-shot HMAC-SHA256.
pub(crate) fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    HmacKey::new(key).mac(msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 4231's HMAC-SHA-256 test cases 1-4, 6 and 7 (case 5 truncates).
    #[test]
    fn matches_rfc_4231() {
        let cases: [(Vec<u8>, Vec<u8>, &str); 6] = [
            (vec![0x0b; 20], b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (vec![0xaa; 20], vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), vec![0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            (vec![0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (vec![0xaa; 131], b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ];
        for (key, msg, want) in cases {
            assert_eq!(hex(&hmac(&key, &msg)), want);
        }
    }

    /// Message lengths around the padding boundaries agree with SHA-256
    /// computed the ordinary way.
    #[test]
    fn pads_every_length_correctly() {
        for len in 0..300usize {
            let msg: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            assert_eq!(sha256(&msg)[..], Sha256::digest(&msg)[..], "length {len}");
        }
        let key = HmacKey::new(b"key");
        for len in 0..200usize {
            let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut inner_input = vec![0x36u8 ^ b'k', 0x36 ^ b'e', 0x36 ^ b'y'];
            inner_input.resize(64, 0x36);
            inner_input.extend_from_slice(&msg);
            let inner = Sha256::digest(&inner_input);
            let mut outer_input = vec![0x5cu8 ^ b'k', 0x5c ^ b'e', 0x5c ^ b'y'];
            outer_input.resize(64, 0x5c);
            outer_input.extend_from_slice(&inner);
            assert_eq!(
                key.mac(&msg)[..],
                Sha256::digest(&outer_input)[..],
                "length {len}"
            );
        }
    }
}
