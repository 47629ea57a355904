//! Debugging a 403: the core's reading of an AWS refusal
//! (`sigv4kit::diagnose`) against what was signed.

use core::ffi::c_char;

use crate::ffi::{bytes_arg, give, handle, out_arg, sigv4kit_str, str_arg, take_back};
use crate::result::{guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use sigv4kit_result::*;

/// What a 403 points at, where, why, and what to change. Made by
/// `sigv4kit_explain_mismatch`, freed by `sigv4kit_diagnosis_free`; the
/// views its accessors return stay valid until then.
pub struct sigv4kit_diagnosis {
    inner: sigv4kit::diagnose::Diagnosis,
    text: String,
}

/// Explains a 403 answered to a request signed with `canonical_request` and
/// `string_to_sign` (`sigv4kit_signed_canonical_request` and
/// `sigv4kit_signed_string_to_sign`). `body` is the response body as
/// received: API Gateway's JSON, S3's or STS's XML, or the message alone
/// (bytes that are not UTF-8 are read as U+FFFD). On success
/// `*diagnosis_out` receives a diagnosis to free with
/// `sigv4kit_diagnosis_free`. Its text never holds a secret: a session
/// token in a quoted line is redacted.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_explain_mismatch(
    canonical_request: *const c_char,
    canonical_request_len: usize,
    string_to_sign: *const c_char,
    string_to_sign_len: usize,
    body: *const c_char,
    body_len: usize,
    diagnosis_out: *mut *mut sigv4kit_diagnosis,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(diagnosis_out, "diagnosis_out")?;
        let creq = unsafe {
            str_arg(
                canonical_request,
                canonical_request_len,
                "canonical_request",
                || Failure::not_utf8(SIGV4KIT_INVALID_ARGUMENT, "the canonical request"),
            )?
        };
        let sts = unsafe {
            str_arg(string_to_sign, string_to_sign_len, "string_to_sign", || {
                Failure::not_utf8(SIGV4KIT_INVALID_ARGUMENT, "the string to sign")
            })?
        };
        let body = unsafe { bytes_arg(body.cast(), body_len, "body")? };
        let inner = sigv4kit::diagnose::explain(creq, sts, &String::from_utf8_lossy(body));
        let text = inner.to_string();
        unsafe { give(out, sigv4kit_diagnosis { inner, text }) };
        Ok(())
    })
}

/// Frees a diagnosis. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_free(diagnosis: *mut sigv4kit_diagnosis) {
    guard_value((), || {
        unsafe { take_back(diagnosis) };
        Some(())
    });
}

fn view(
    diagnosis: *const sigv4kit_diagnosis,
    pick: impl FnOnce(&sigv4kit_diagnosis) -> Option<&str>,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        let d = unsafe { handle(diagnosis, "diagnosis") }.ok()?;
        pick(d).map(sigv4kit_str::of)
    })
}

/// The report a user reads: what differs, what the service computed and
/// what was signed, the usual cause, a fix. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_text(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| Some(&d.text))
}

/// The stable name of the finding, the same in every binding: `method`,
/// `path`, `query`, `header`, `signed_headers`, `payload_hash`, `algorithm`,
/// `date`, `scope_date`, `scope_region`, `scope_service`,
/// `scope_terminator`, `canonical_request_hash`, `signing_key`,
/// `clock_skew`, `wrong_region`, `wrong_service`, `unknown_access_key`,
/// `expired_token`, `missing_authentication`, `access_denied`,
/// `not_quoted`. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_finding(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| Some(d.inner.finding.code()))
}

/// The part in words: `path`, `header content-type`, `scope region`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_part(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| Some(&d.inner.part))
}

/// The line (1-based) of the canonical request or string to sign that
/// differs; 0 when the error quoted none (and for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_line(diagnosis: *const sigv4kit_diagnosis) -> u32 {
    guard_value(0, || {
        let d = unsafe { handle(diagnosis, "diagnosis") }.ok()?;
        d.inner.line.map(|l| u32::try_from(l).unwrap_or(u32::MAX))
    })
}

/// What the service computed or expects; `data` NULL when it did not say.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_expected(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| d.inner.expected.as_deref())
}

/// What was signed in its place; `data` NULL when nothing was.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_signed(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| d.inner.signed.as_deref())
}

/// The error code the service sent or implied (`SignatureDoesNotMatch`);
/// `data` NULL when there is none.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_error_code(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| d.inner.error_code.as_deref())
}

/// What usually causes this finding.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_cause(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| Some(&d.inner.cause))
}

/// What to change.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_diagnosis_hint(
    diagnosis: *const sigv4kit_diagnosis,
) -> sigv4kit_str {
    view(diagnosis, |d| Some(&d.inner.hint))
}
