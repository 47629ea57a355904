//! SigV4a (`AWS4-ECDSA-P256-SHA256`), behind the `sigv4a` feature.
//!
//! SigV4a shares SigV4's canonical request, with the region set signed in
//! `X-Amz-Region-Set` (a header, or a query parameter of a presigned URL)
//! instead of a region in the credential scope
//! (`date/service/aws4_request`). The signature is ECDSA P-256 over the
//! SHA-256 of the string to sign, DER-encoded and written in hex, under a key
//! pair derived from the secret access key ([`PublicKey`] for its public
//! half). Select it with [`crate::SigningSettings::with_algorithm`] and
//! [`crate::Algorithm::SigV4a`]; [`crate::verify`] accepts it, verifying with
//! the public key derived from the secret it knows.
//!
//! ECDSA signatures are randomized in general (ours use RFC 6979 nonces, so
//! they are deterministic, but other signers' are not): a SigV4a signature is
//! checked by verifying it, never by comparing it with another signer's.
//!
//! ```
//! use sigv4kit::sigv4a::PublicKey;
//! use sigv4kit::verify::{parse_signature, VerifySettings};
//! use sigv4kit::{Algorithm, Credentials, Payload, Request, Signer, SigningSettings, SigningTime};
//!
//! let settings = SigningSettings::new("us-east-1,us-west-2", "s3").with_algorithm(Algorithm::SigV4a);
//! let signer = Signer::new(settings)?;
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
//! let request = Request::new("GET", "/key").header("Host", "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com");
//! let time = SigningTime::parse_rfc3339("2015-08-30T12:36:00Z")?;
//! let signed = signer.sign(&credentials, &request, Payload::Unsigned, time)?;
//! assert!(signed.authorization().unwrap().starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/s3/aws4_request"));
//!
//! // A verifier holding the public key checks the signature of the string to sign...
//! let key = PublicKey::of(&credentials)?;
//! assert!(key.verifies(signed.string_to_sign().as_bytes(), signed.signature()));
//! // ...and `verify` checks the whole request for a region the set covers.
//! let sent = Request { headers: signed.headers(&request), ..request.clone() };
//! let settings = VerifySettings::new()
//!     .with_region(Some("us-west-2".into()))
//!     .with_allow_unsigned_payload(Some(true));
//! let presented = parse_signature(&sent).unwrap();
//! let who = presented.verify(&sent, Payload::Unsigned, &credentials, time, &settings).unwrap();
//! assert_eq!(who.region, "us-east-1,us-west-2");
//! # Ok::<(), sigv4kit::Error>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

mod key;
mod region_set;

pub(crate) use key::EcdsaKey;
pub use key::PublicKey;
pub use region_set::{check_region_set, region_set_covers};

use crate::{Credentials, Error};

/// The algorithm name of SigV4a.
pub const ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256";

/// The header (and presigned URL parameter) that carries the region set.
pub const REGION_SET_HEADER: &str = "X-Amz-Region-Set";

/// The longest signature, in hex digits: a DER `SEQUENCE` of two `INTEGER`s
/// of at most 33 bytes each is at most 72 bytes.
pub const MAX_SIGNATURE_HEX_LEN: usize = 144;

/// Signs an arbitrary string to sign with the credentials' SigV4a key and
/// returns the signature as lower-case hex of its DER encoding. This is the
/// primitive under every SigV4a signature (a request's, or one chunk's of
/// an `AWS4-ECDSA-P256-SHA256-PAYLOAD` upload): the caller builds the string
/// to sign.
pub fn sign_string_to_sign(
    credentials: &Credentials,
    string_to_sign: &str,
) -> Result<String, Error> {
    let der = credentials.sigv4a_key()?.sign(string_to_sign.as_bytes());
    Ok(crate::hex(&der))
}

/// Lower-case or upper-case hex to bytes; `None` for odd lengths or other
/// characters.
pub(crate) fn decode_hex(text: &str) -> Option<Vec<u8>> {
    fn nibble(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}
