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
