//! Small helpers a C caller needs around signing.

use core::ffi::c_char;

use crate::ffi::{bytes_arg, copy_out, str_arg};
use crate::result::{guard, guard_value, sigv4kit_result, Failure};
use sigv4kit_result::*;

/// Percent-encodes `text` the SigV4 way (RFC 3986 unreserved characters
/// kept, everything else `%XX` in upper case), as query parameter names and
/// values must be before signing. Writes the result and a NUL into `buf`;
/// `*out_n` receives its length (also with `SIGV4KIT_BUFFER_TOO_SMALL`; at
/// most `3 * text_len`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_uri_encode(
    text: *const c_char,
    text_len: usize,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sigv4kit_result {
    guard(|| {
        let text = unsafe {
            str_arg(text, text_len, "text", || {
                Failure::not_utf8(SIGV4KIT_INVALID_ARGUMENT, "the text")
            })?
        };
        unsafe { copy_out(&sigv4kit::uri_encode(text), buf, len, out_n) }
    })
}

/// Whether SigV4 leaves a header of this name out of the signature (such as
/// `Authorization`, `Connection`, `Expect`, `Transfer-Encoding`), because
/// proxies add, change or drop it on the way. False for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_is_unsigned_header(name: *const c_char, name_len: usize) -> bool {
    guard_value(false, || {
        let name = unsafe { bytes_arg(name.cast(), name_len, "name") }.ok()?;
        Some(sigv4kit::is_unsigned_header(
            core::str::from_utf8(name).ok()?,
        ))
    })
}

/// The request target as it goes on the wire, the core's rule for every
/// binding: a raw `+` in the query becomes `%20` (API Gateway reads a raw `+`
/// as a space, S3 as a plus; `%20` is a space to both), so that a query a
/// form encoder wrote (a space as `+`, a plus as `%2B`) means the same to
/// every service. Sign and send the result. The path is left alone. Writes
/// the result and a NUL into `buf`; `*out_n` receives its length (also with
/// `SIGV4KIT_BUFFER_TOO_SMALL`; at most `3 * target_len`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_wire_target(
    target: *const c_char,
    target_len: usize,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sigv4kit_result {
    guard(|| {
        let target = unsafe {
            str_arg(target, target_len, "target", || {
                Failure::not_utf8(SIGV4KIT_INVALID_TARGET, "the target")
            })?
        };
        unsafe { copy_out(&sigv4kit::policy::wire_target(target), buf, len, out_n) }
    })
}

/// The lifetime of a presigned URL when the caller has no other in mind:
/// 3600 seconds, the same in every sigv4kit binding (and botocore's).
#[no_mangle]
pub extern "C" fn sigv4kit_default_expires_in() -> u64 {
    sigv4kit::policy::DEFAULT_EXPIRES_IN
}

/// Whether a header of this name is one a signer sets (`Authorization`,
/// `X-Amz-Date`, `X-Amz-Security-Token`, `X-Amz-Content-Sha256`; ASCII
/// case-insensitive): a request signed before carries stale copies to drop
/// before signing again. False for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_is_signer_header(name: *const c_char, name_len: usize) -> bool {
    guard_value(false, || {
        let name = unsafe { bytes_arg(name.cast(), name_len, "name") }.ok()?;
        Some(sigv4kit::policy::is_signer_header(
            core::str::from_utf8(name).ok()?,
        ))
    })
}
