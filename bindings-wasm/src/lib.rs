//! The WebAssembly engine of the npm package `sigv4kit`.
//!
//! This crate is not the package's public API: the hand-written TypeScript
//! in `ts/` is. The exports here are shaped for speed across the JS/wasm
//! boundary, where every argument is a copy and every returned string is a
//! decode: a request is written once into a buffer in wasm memory (see
//! [`wire`] and [`WasmSigner::sign`]), the result is read once from wasm
//! memory through a table of offsets, and JS turns them into friendly
//! objects. Errors cross as [`errors::WasmError`] objects and become
//! `SigV4Error` instances on the JS side. Credentials live in wasm
//! ([`WasmCredentials`]): JS holds a handle, not the secret.
//!
//! Nothing here reads the clock or the environment: JS passes `Date.now()`
//! and the `AWS_*` variables in, as the core requires.

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

#[cfg(feature = "shared-config")]
mod chain;
#[cfg(feature = "chunked")]
mod chunked;
mod credentials;
#[cfg(feature = "diagnose")]
mod diagnose;
mod errors;
#[cfg(feature = "hashing-floor")]
mod floor;
#[cfg(all(not(feature = "std"), target_arch = "wasm32"))]
mod no_std;
mod number;
mod policy;
#[cfg(feature = "post-policy")]
mod post_policy;
#[cfg(feature = "shared-config")]
mod profile;
mod signer;
#[cfg(feature = "verify")]
mod verify;
mod wire;

#[cfg(feature = "shared-config")]
pub use chain::WasmChainResolver;
#[cfg(feature = "chunked")]
pub use chunked::{WasmChunkedEncoder, WasmChunkedUpload};
pub use credentials::WasmCredentials;
#[cfg(feature = "diagnose")]
pub use diagnose::WasmDiagnosis;
pub use errors::WasmError;
#[cfg(feature = "hashing-floor")]
pub use floor::hashing_floor;
#[cfg(feature = "shared-config")]
pub use profile::WasmProfile;
pub use signer::{WasmHasher, WasmSigner};
#[cfg(feature = "verify")]
pub use verify::WasmPresented;

#[allow(unused_imports)]
use crate::prelude::*;
use wasm_bindgen::prelude::*;

/// What `std`'s prelude gives a module, for the browser engine built
/// without `std`; each module imports it (a no-op with `std`).
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

/// Parses an RFC 3339 UTC timestamp with the core's parser and returns it in
/// milliseconds since the epoch, so that a string signing date means exactly
/// what it means in every other binding.
#[wasm_bindgen(js_name = parseTime)]
pub fn parse_time(text: &str) -> Result<f64, errors::WasmError> {
    let time = sigv4kit::SigningTime::parse_rfc3339(text).map_err(errors::to_js)?;
    Ok(time.unix() as f64 * 1000.0)
}

/// The region and service an AWS host signs for, as `[region, service]`,
/// or `undefined` when the host is not recognizably AWS (the core's rules).
#[wasm_bindgen(js_name = inferScope)]
pub fn infer_scope(host: &str) -> Option<Vec<String>> {
    sigv4kit::url::infer_scope(host).map(|s| vec![s.region, s.service])
}

/// Whether this engine signs SigV4a (`AWS4-ECDSA-P256-SHA256`): the Node
/// engine and the `sigv4kit/sigv4a` browser engine do; the plain browser
/// engine leaves ECDSA out to stay small.
#[wasm_bindgen(js_name = hasSigV4a)]
pub fn has_sigv4a() -> bool {
    cfg!(feature = "sigv4a")
}

/// The engine's `WebAssembly.Memory`, through which the glue writes requests
/// into [`WasmSigner::reserve_input`]'s buffer and reads results.
#[wasm_bindgen(js_name = engineMemory)]
pub fn engine_memory() -> JsValue {
    wasm_bindgen::memory()
}
