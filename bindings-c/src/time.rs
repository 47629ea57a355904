//! Signing times: the core never reads the clock, so this binding does.

use core::ffi::c_char;
use std::time::{SystemTime, UNIX_EPOCH};

use sigv4kit::SigningTime;

use crate::ffi::{out_arg, str_arg};
use crate::result::{guard, guard_err, sigv4kit_error, sigv4kit_result, Failure};
use sigv4kit_result::*;

/// The current time from the system clock, in whole seconds since the Unix
/// epoch: the usual `time` argument of `sigv4kit_sign`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_time_now(seconds_out: *mut i64) -> sigv4kit_result {
    guard(|| {
        let out = out_arg(seconds_out, "seconds_out")?;
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_secs()).ok())
            .ok_or_else(|| {
                Failure::new(
                    SIGV4KIT_INVALID_TIMESTAMP,
                    "invalid timestamp: the system clock is before 1970",
                )
            })?;
        unsafe { out.write(secs) };
        Ok(())
    })
}

/// Parses an RFC 3339 UTC time such as `2015-08-30T12:36:00Z` (a fraction
/// of a second is dropped; offsets other than `Z`/`+00:00` are refused) into
/// seconds since the Unix epoch.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_time_parse_rfc3339(
    text: *const c_char,
    text_len: usize,
    seconds_out: *mut i64,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(seconds_out, "seconds_out")?;
        let text = unsafe {
            str_arg(text, text_len, "text", || {
                Failure::not_utf8(SIGV4KIT_INVALID_TIMESTAMP, "the timestamp").at("timestamp")
            })?
        };
        let secs = SigningTime::parse_rfc3339(text)?.unix();
        unsafe { out.write(secs) };
        Ok(())
    })
}
