//! Hashing a body in chunks, so that a large upload is never held whole.

use core::ffi::c_char;

use sigv4kit::PayloadHasher;

use crate::ffi::{bytes_arg, copy_out, give, handle, handle_mut, out_arg, take_back};
use crate::result::{guard, guard_value, sigv4kit_result};

/// Length of a payload hash in hex digits; a buffer for one needs
/// `SIGV4KIT_PAYLOAD_HASH_LEN + 1` bytes (with the NUL).
pub const SIGV4KIT_PAYLOAD_HASH_LEN: usize = 64;

/// An incremental SHA-256 of a body: feed chunks with
/// `sigv4kit_payload_hasher_update`, then read the hex digest with
/// `sigv4kit_payload_hasher_finish` and sign with a
/// `SIGV4KIT_PAYLOAD_PRECOMPUTED` payload.
///
/// Thread safety: use from one thread at a time.
pub struct sigv4kit_payload_hasher {
    inner: PayloadHasher,
}

/// A hasher that has seen nothing. Free with `sigv4kit_payload_hasher_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_payload_hasher_new(
    hasher_out: *mut *mut sigv4kit_payload_hasher,
) -> sigv4kit_result {
    guard(|| {
        let out = out_arg(hasher_out, "hasher_out")?;
        unsafe {
            give(
                out,
                sigv4kit_payload_hasher {
                    inner: PayloadHasher::new(),
                },
            )
        };
        Ok(())
    })
}

/// Frees a hasher. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_payload_hasher_free(hasher: *mut sigv4kit_payload_hasher) {
    let _ = guard(|| {
        unsafe { take_back(hasher) };
        Ok(())
    });
}

/// Feeds the next `len` bytes of the body (`(NULL, 0)` feeds nothing).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_payload_hasher_update(
    hasher: *mut sigv4kit_payload_hasher,
    data: *const u8,
    len: usize,
) -> sigv4kit_result {
    guard(|| {
        let hasher = unsafe { handle_mut(hasher, "hasher")? };
        let chunk = unsafe { bytes_arg(data, len, "data")? };
        hasher.inner.update(chunk);
        Ok(())
    })
}

/// How many bytes were fed so far (0 for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_payload_hasher_len(
    hasher: *const sigv4kit_payload_hasher,
) -> u64 {
    guard_value(0, || Some(unsafe { hasher.as_ref()? }.inner.len()))
}

/// Writes the SHA-256 of everything fed so far as 64 lower-case hex digits
/// and a NUL into `buf` (`len` must be at least 65). `*out_n` receives 64,
/// also with `SIGV4KIT_BUFFER_TOO_SMALL`. The hasher is left as it was: feed
/// more, or `sigv4kit_payload_hasher_reset` it for the next body.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_payload_hasher_finish(
    hasher: *const sigv4kit_payload_hasher,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sigv4kit_result {
    guard(|| {
        let hasher = unsafe { handle(hasher, "hasher")? };
        let hex = hasher.inner.clone().finish_hex();
        unsafe { copy_out(&hex, buf, len, out_n) }
    })
}

/// Forgets everything fed, for the next body.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_payload_hasher_reset(
    hasher: *mut sigv4kit_payload_hasher,
) -> sigv4kit_result {
    guard(|| {
        unsafe { handle_mut(hasher, "hasher")? }.inner = PayloadHasher::new();
        Ok(())
    })
}
