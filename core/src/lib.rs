//! AWS Signature Version 4: signing and verification, sans-I/O.
//!
//! The core never reads the clock, the environment, files or the network: it
//! takes credentials, a signing time and a request described by the exact
//! bytes that will be sent, and returns what to add to the request together
//! with the canonical request and string to sign it computed (the two
//! strings an AWS 403 quotes). Bindings for JavaScript, Python, C and Go
//! supply the I/O and call this crate.
//!
//! The `std` feature (on by default) makes [`Credentials`] and
//! [`SigningOutput`] `Sync`, adds the credential chain ([`chain`]) and keeps
//! per-thread scratch buffers. Without it (`default-features = false`) the
//! crate is `no_std` + `alloc`, as the browser's WebAssembly engine builds it
//! to stay small; signing is the same, byte for byte.
//!
//! With the `sigv4a` feature the crate also signs and verifies SigV4a
//! (`AWS4-ECDSA-P256-SHA256`, ECDSA P-256 over a region set): see the
//! `sigv4a` module and `Algorithm::SigV4a`.
//!
//! ```
//! use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};
//!
//! let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api"))?;
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
//! let request = Request::new("GET", "/prod/pets?type=dog").header("Host", "abc123.execute-api.us-east-1.amazonaws.com");
//! let time = SigningTime::parse_rfc3339("2015-08-30T12:36:00Z")?;
//! let signed = signer.sign(&credentials, &request, Payload::Bytes(b""), time)?;
//! for (name, value) in signed.added_headers() {
//!     println!("{name}: {value}");
//! }
//! assert!(signed.authorization().unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"));
//! # Ok::<(), sigv4kit::Error>(())
//! ```

// Tests link std (for their harness and helpers) but keep the `std` feature off
// when it is off, so that `cargo test --no-default-features` runs the no_std
// code paths.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Without `std`, the names its prelude gives every module come from here.
extern crate alloc;

mod algorithm;
#[cfg(feature = "std")]
pub mod chain;
pub mod chunked;
mod credentials;
pub mod diagnose;
mod encoding;
mod error;
mod json;
mod mac;
mod payload;
pub mod policy;
pub mod post_policy;
pub mod profile;
pub mod redact;
mod request;
pub mod scope;
mod sign;
mod signer;
#[cfg(feature = "sigv4a")]
pub mod sigv4a;
mod sync;
mod time;
pub mod url;
pub mod verify;

/// What `std`'s prelude gives a module, for the builds without `std`; each
/// module imports it (a no-op with `std`, whose prelude has the same names).
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec::Vec;
    pub(crate) use alloc::{format, vec};
}

pub use algorithm::Algorithm;
pub use credentials::Credentials;
pub use encoding::{hex, uri_encode};
pub use error::{Error, ErrorCode};
pub use payload::{
    check_precomputed, Payload, PayloadHasher, EMPTY_PAYLOAD_SHA256, KNOWN_PAYLOAD_CONSTANTS,
    UNSIGNED_PAYLOAD,
};
pub use request::Request;
pub use sign::canonical::{is_unsigned_header, UNSIGNED_HEADERS};
pub use sign::presign::{check_expires_in, MAX_EXPIRES_IN};
pub use sign::string_to_sign::ALGORITHM;
pub use sign::PathRules;
pub use sign::SignatureLocation;
pub use signer::{Signer, SigningOutput, SigningSettings};
pub use time::SigningTime;
