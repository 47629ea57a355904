//! The C API of sigv4kit: AWS Signature Version 4 signing and verification
//! for C, C++, Go (cgo) and anything else that can call C.
//!
//! The header `include/sigv4kit.h` is generated from this crate by a pinned
//! cbindgen and committed. The conventions follow rustls-ffi:
//!
//! - every symbol starts with `sigv4kit_` (macros with `SIGV4KIT_`);
//! - handles are opaque, made by a `_new` function and released by the
//!   matching `_free`, which accepts NULL;
//! - fallible functions return a [`sigv4kit_result`] and write their outputs
//!   through out-parameters only when they return `SIGV4KIT_OK`;
//! - strings and bytes go in as pointer + length, never NUL-terminated, and
//!   come out as [`sigv4kit_str`] views owned by the handle they came from;
//! - nothing depends on the calling thread: a function whose failure can say
//!   more than its result takes a last `sigv4kit_error **error_out`, which
//!   receives an error object the caller owns (`sigv4kit_error_message`
//!   copies its message into a caller buffer);
//! - NULL where a value is required is refused with
//!   `SIGV4KIT_NULL_PARAMETER`, never dereferenced;
//! - no panic crosses the boundary: each export catches one and returns
//!   `SIGV4KIT_PANIC` (or an empty value).

#![allow(non_camel_case_types)]
// Every export checks its pointers for NULL and documents what else it
// requires (lengths that match, handles from this library) in the header.
#![allow(clippy::missing_safety_doc)]

mod chain;
mod chunked;
mod credentials;
mod diagnose;
mod ffi;
mod hasher;
mod result;
mod scratch;
mod sign;
mod signer;
mod sources;
mod time;
mod util;
mod verify;

pub use chain::*;
pub use chunked::*;
pub use credentials::*;
pub use diagnose::*;
pub use ffi::{sigv4kit_header, sigv4kit_str};
pub use hasher::*;
pub use result::*;
pub use sign::*;
pub use signer::*;
pub use sources::*;
pub use time::*;
pub use util::*;
pub use verify::*;

/// Major version of the library this header belongs to.
pub const SIGV4KIT_VERSION_MAJOR: u32 = 0;
/// Minor version of the library this header belongs to.
pub const SIGV4KIT_VERSION_MINOR: u32 = 1;
/// Patch version of the library this header belongs to.
pub const SIGV4KIT_VERSION_PATCH: u32 = 0;

/// The version of the linked library, `"MAJOR.MINOR.PATCH"`, NUL-terminated
/// and static. Compare it with the `SIGV4KIT_VERSION_*` macros to detect a
/// header that does not match the library.
#[no_mangle]
pub extern "C" fn sigv4kit_version() -> *const core::ffi::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_macros_match_the_package() {
        assert_eq!(
            super::SIGV4KIT_VERSION_MAJOR.to_string(),
            env!("CARGO_PKG_VERSION_MAJOR")
        );
        assert_eq!(
            super::SIGV4KIT_VERSION_MINOR.to_string(),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        // cbindgen cannot emit a string constant, so the header's
        // SIGV4KIT_VERSION comes from cbindgen.toml.
        let config = include_str!("../cbindgen.toml");
        let define = concat!(
            "#define SIGV4KIT_VERSION \\\"",
            env!("CARGO_PKG_VERSION"),
            "\\\""
        );
        assert!(config.contains(define), "cbindgen.toml lacks {define}");
        assert_eq!(
            super::SIGV4KIT_VERSION_PATCH.to_string(),
            env!("CARGO_PKG_VERSION_PATCH")
        );
    }
}
