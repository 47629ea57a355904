//! Crossing the boundary: string views, reading caller memory, handing out
//! and taking back boxed handles.

use core::ffi::c_char;

use crate::result::Failure;

/// A view of bytes that are usually UTF-8 text: `len` bytes at `data`, with
/// no NUL terminator assumed or promised.
///
/// Going in, the caller owns the bytes; `(NULL, 0)` is the empty string and
/// `(NULL, n > 0)` is refused with `SIGV4KIT_NULL_PARAMETER`. Coming out of
/// the library, the bytes belong to the handle the view came from and stay
/// valid until that handle is freed; print one with
/// `printf("%.*s", (int)s.len, s.data)`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigv4kit_str {
    /// First byte, or NULL for an empty string.
    pub data: *const c_char,
    /// Number of bytes.
    pub len: usize,
}

impl sigv4kit_str {
    pub(crate) const EMPTY: sigv4kit_str = sigv4kit_str {
        data: core::ptr::null(),
        len: 0,
    };

    /// A view of `text`, valid as long as `text` is.
    pub(crate) fn of(text: &str) -> sigv4kit_str {
        sigv4kit_str {
            data: text.as_ptr().cast(),
            len: text.len(),
        }
    }
}

/// One request header: a name and a value, both pointer + length.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigv4kit_header {
    /// Header name, such as `Host`; any case.
    pub name: sigv4kit_str,
    /// Header value, exactly as sent.
    pub value: sigv4kit_str,
}

/// Reads caller bytes; `(NULL, 0)` is empty.
#[inline(always)]
pub(crate) unsafe fn bytes_arg<'a>(
    data: *const u8,
    len: usize,
    what: &'static str,
) -> Result<&'a [u8], Failure> {
    if data.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(what))
        };
    }
    // SAFETY: the caller promises `len` readable bytes at `data`.
    Ok(unsafe { core::slice::from_raw_parts(data, len) })
}

/// Whether every byte is ASCII, read eight bytes at a time (the last eight
/// overlapping the others) so that the short strings of a request cost a
/// few loads each instead of a loop per byte: up to 64 bytes (most
/// methods, names, values, hosts and targets) without any loop.
#[inline(always)]
pub(crate) fn is_ascii(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_ne_bytes(w)
    };
    let half = |at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&bytes[at..at + 4]);
        u64::from(u32::from_ne_bytes(w))
    };
    let n = bytes.len();
    let seen = match n {
        0 => 0,
        1..=3 => u64::from(bytes[0] | bytes[n / 2] | bytes[n - 1]),
        4..=7 => half(0) | half(n - 4),
        8..=16 => word(0) | word(n - 8),
        17..=32 => word(0) | word(8) | word(n - 16) | word(n - 8),
        33..=64 => {
            word(0)
                | word(8)
                | word(16)
                | word(24)
                | word(n - 32)
                | word(n - 24)
                | word(n - 16)
                | word(n - 8)
        }
        _ => {
            let mut acc = word(n - 8);
            let mut at = 0;
            while at + 8 <= n {
                acc |= word(at);
                at += 8;
            }
            acc
        }
    };
    seen & HIGH == 0
}

/// Reads caller text, which must be UTF-8; `bad_utf8` builds the error that
/// names the field.
// Inlined: a request has eight or more of these per signature, and the
// call and its large `Result` cost as much as the check.
#[inline(always)]
pub(crate) unsafe fn str_arg<'a>(
    data: *const c_char,
    len: usize,
    what: &'static str,
    bad_utf8: impl FnOnce() -> Failure,
) -> Result<&'a str, Failure> {
    let raw = unsafe { bytes_arg(data.cast(), len, what)? };
    // Requests are almost always ASCII: `is_ascii` proves it, cheaper than
    // the general UTF-8 check on short strings. Anything else gets that check.
    if is_ascii(raw) {
        // SAFETY: every byte is ASCII, and ASCII is valid UTF-8.
        return Ok(unsafe { core::str::from_utf8_unchecked(raw) });
    }
    core::str::from_utf8(raw).map_err(|_| bad_utf8())
}

/// Reads a [`sigv4kit_str`] argument.
#[inline(always)]
pub(crate) unsafe fn view_arg<'a>(
    view: sigv4kit_str,
    what: &'static str,
    bad_utf8: impl FnOnce() -> Failure,
) -> Result<&'a str, Failure> {
    unsafe { str_arg(view.data, view.len, what, bad_utf8) }
}

/// Borrows a handle the caller passed, refusing NULL.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, what: &'static str) -> Result<&'a T, Failure> {
    // SAFETY: a non-NULL handle pointer came from this library and is live.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(what))
}

/// Borrows a handle mutably, refusing NULL.
pub(crate) unsafe fn handle_mut<'a, T>(
    ptr: *mut T,
    what: &'static str,
) -> Result<&'a mut T, Failure> {
    // SAFETY: as for `handle`, and the caller does not share it meanwhile.
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(what))
}

/// Refuses a NULL out-parameter before any work is done.
pub(crate) fn out_arg<T>(ptr: *mut T, what: &'static str) -> Result<*mut T, Failure> {
    if ptr.is_null() {
        Err(Failure::null(what))
    } else {
        Ok(ptr)
    }
}

/// Hands a new handle to the caller through a checked out-parameter.
pub(crate) unsafe fn give<T>(out: *mut *mut T, value: T) {
    // SAFETY: `out` was checked by `out_arg` and points to writable memory.
    unsafe { out.write(Box::into_raw(Box::new(value))) }
}

/// Takes back and drops a handle; NULL is ignored.
pub(crate) unsafe fn take_back<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: a non-NULL handle came from `give` and is freed once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Copies `text` and a NUL into a caller buffer of `len` bytes, or reports
/// the size needed. `*out_n` receives the text's length (without the NUL)
/// either way, so a caller can retry with a larger buffer.
pub(crate) unsafe fn copy_out(
    text: &str,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> Result<(), Failure> {
    let out_n = out_arg(out_n, "out_n")?;
    if buf.is_null() && len > 0 {
        return Err(Failure::null("buf"));
    }
    // SAFETY: checked non-NULL above.
    unsafe { out_n.write(text.len()) };
    if len < text.len() + 1 {
        return Err(Failure::buffer_too_small());
    }
    // SAFETY: the caller promises `len` writable bytes at `buf`, and
    // `len > text.len()`.
    unsafe {
        core::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast(), text.len());
        buf.add(text.len()).write(0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_ascii;

    /// Every length up to ten words, with one high byte at each position
    /// or none: the answer of the standard library's byte-by-byte check.
    #[test]
    fn is_ascii_sees_every_byte() {
        for n in 0..80 {
            let plain = vec![b'a'; n];
            assert!(is_ascii(&plain), "{n}");
            for at in 0..n {
                let mut high = plain.clone();
                high[at] = 0xC3;
                assert_eq!(is_ascii(&high), high.is_ascii(), "{n} {at}");
            }
        }
    }
}
