//! Verifying a signed request, as a server or a gateway does: read the
//! presented signature, look up the secret of its access key id, verify.

use core::ffi::c_char;

use sigv4kit::verify::{
    parse_signature, PresentedSignature, Verified, VerifyError, VerifySettings,
};
use sigv4kit::{SignatureLocation, SigningTime};

use crate::credentials::sigv4kit_credentials;
use crate::ffi::{give, handle, handle_mut, out_arg, sigv4kit_str, str_arg, take_back};
use crate::result::{guard, guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use crate::sign::{
    read_payload, read_request, sigv4kit_location, sigv4kit_payload, sigv4kit_request,
};
use sigv4kit_result::*;

/// How strictly `sigv4kit_presented_verify` checks: the path options the
/// signer used (double-encoded and normalized by default, as for every
/// service but S3), the allowed clock skew of header signatures (300 s by
/// default), and the region and service the credential scope must name (any
/// by default).
///
/// Thread safety: not synchronized. Set it up on one thread; any number of
/// threads may then verify with it at once if none changes it.
pub struct sigv4kit_verify_settings {
    inner: VerifySettings,
}

/// The SigV4 signature a request presents, read but not yet checked: tells
/// which access key id signed, so that its secret can be looked up.
///
/// Thread safety: immutable; read it from any thread, free it once.
pub struct sigv4kit_presented {
    inner: PresentedSignature,
}

/// What an accepted request was signed with. Every `sigv4kit_str` read from
/// it is owned by it.
///
/// Thread safety: immutable; read it from any thread, free it once.
pub struct sigv4kit_verified {
    inner: Verified,
}

/// Why a signature did not match: the canonical request and string to sign
/// the verifier built, to send back to the client (as AWS does in a 403) so
/// that it can see which line differs from its own.
///
/// Thread safety: immutable; read it from any thread, free it once.
pub struct sigv4kit_mismatch {
    canonical_request: String,
    string_to_sign: String,
}

fn location(l: SignatureLocation) -> sigv4kit_location {
    match l {
        SignatureLocation::Headers => sigv4kit_location::SIGV4KIT_LOCATION_HEADERS,
        SignatureLocation::Query => sigv4kit_location::SIGV4KIT_LOCATION_QUERY,
    }
}

/// New verification settings with the defaults. Free with
/// `sigv4kit_verify_settings_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_new(
    settings_out: *mut *mut sigv4kit_verify_settings,
) -> sigv4kit_result {
    guard(|| {
        let out = out_arg(settings_out, "settings_out")?;
        unsafe {
            give(
                out,
                sigv4kit_verify_settings {
                    inner: VerifySettings::default(),
                },
            )
        };
        Ok(())
    })
}

/// Frees verification settings. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_free(settings: *mut sigv4kit_verify_settings) {
    let _ = guard(|| {
        unsafe { take_back(settings) };
        Ok(())
    });
}

/// Whether the signer double-encoded the path (`true`, the default; `false`
/// for S3).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_set_double_encode_path(
    settings: *mut sigv4kit_verify_settings,
    value: bool,
) -> sigv4kit_result {
    guard(|| {
        unsafe { handle_mut(settings, "settings")? }
            .inner
            .path_rules
            .double_encode = value;
        Ok(())
    })
}

/// Whether the signer normalized the path (`true`, the default; `false` for
/// S3).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_set_normalize_path(
    settings: *mut sigv4kit_verify_settings,
    value: bool,
) -> sigv4kit_result {
    guard(|| {
        unsafe { handle_mut(settings, "settings")? }
            .inner
            .path_rules
            .normalize = value;
        Ok(())
    })
}

/// How many seconds a header signature's time may be from now, either way
/// (300 by default, as AWS allows). Negative values are refused with
/// `SIGV4KIT_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_set_max_clock_skew(
    settings: *mut sigv4kit_verify_settings,
    seconds: i64,
) -> sigv4kit_result {
    guard(|| {
        let settings = unsafe { handle_mut(settings, "settings")? };
        if seconds < 0 {
            return Err(Failure::new(
                SIGV4KIT_INVALID_ARGUMENT,
                "max clock skew must not be negative",
            ));
        }
        settings.inner.max_clock_skew_secs = seconds;
        Ok(())
    })
}

unsafe fn optional_text(
    text: *const c_char,
    len: usize,
    what: &'static str,
) -> Result<Option<String>, Failure> {
    let value = unsafe {
        str_arg(text, len, what, || {
            Failure::not_utf8(SIGV4KIT_INVALID_ARGUMENT, what)
        })?
    };
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// The region the credential scope must name; `(NULL, 0)` accepts any.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_set_region(
    settings: *mut sigv4kit_verify_settings,
    region: *const c_char,
    region_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let settings = unsafe { handle_mut(settings, "settings")? };
        settings.inner.region = unsafe { optional_text(region, region_len, "region")? };
        Ok(())
    })
}

/// The service the credential scope must name; `(NULL, 0)` accepts any.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_set_service(
    settings: *mut sigv4kit_verify_settings,
    service: *const c_char,
    service_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let settings = unsafe { handle_mut(settings, "settings")? };
        settings.inner.service = unsafe { optional_text(service, service_len, "service")? };
        Ok(())
    })
}

/// Whether `sigv4kit_presented_verify` accepts a signed `UNSIGNED-PAYLOAD`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_unsigned_payload {
    /// AWS's rule (the default): only for the S3 family (`s3`,
    /// `s3-object-lambda`, `s3-outposts`, `s3express`).
    SIGV4KIT_UNSIGNED_PAYLOAD_AWS_DEFAULT = 0,
    /// Accept it for any service.
    SIGV4KIT_UNSIGNED_PAYLOAD_ALLOW = 1,
    /// Refuse it for every service.
    SIGV4KIT_UNSIGNED_PAYLOAD_REFUSE = 2,
}

/// Whether a signed `UNSIGNED-PAYLOAD` is accepted; any other value than the
/// three of `sigv4kit_unsigned_payload` is `SIGV4KIT_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verify_settings_set_unsigned_payload(
    settings: *mut sigv4kit_verify_settings,
    policy: u32,
) -> sigv4kit_result {
    guard(|| {
        let settings = unsafe { handle_mut(settings, "settings")? };
        settings.inner.allow_unsigned_payload = match policy {
            0 => None,
            1 => Some(true),
            2 => Some(false),
            _ => {
                return Err(Failure::new(
                    SIGV4KIT_INVALID_ARGUMENT,
                    "policy must be a sigv4kit_unsigned_payload value",
                ))
            }
        };
        Ok(())
    })
}

/// Reads the signature `request` presents, from its `Authorization` header
/// or its `X-Amz-*` query parameters: `SIGV4KIT_MISSING_AUTHENTICATION` when
/// it has none, `SIGV4KIT_MALFORMED_SIGNATURE` when it cannot be read. Free
/// the result with `sigv4kit_presented_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_parse(
    request: *const sigv4kit_request,
    presented_out: *mut *mut sigv4kit_presented,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(presented_out, "presented_out")?;
        let request = unsafe { read_request(request)? };
        let inner = parse_signature(&request)?;
        unsafe { give(out, sigv4kit_presented { inner }) };
        Ok(())
    })
}

/// Frees a presented signature. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_free(presented: *mut sigv4kit_presented) {
    let _ = guard(|| {
        unsafe { take_back(presented) };
        Ok(())
    });
}

fn presented_view(
    p: *const sigv4kit_presented,
    pick: impl FnOnce(&PresentedSignature) -> &str,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(pick(&unsafe { p.as_ref()? }.inner)))
    })
}

/// The access key id that signed: look its secret up, make credentials,
/// and pass them to `sigv4kit_presented_verify`. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_access_key_id(
    presented: *const sigv4kit_presented,
) -> sigv4kit_str {
    presented_view(presented, |p| p.access_key_id())
}

/// The region of the presented credential scope. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_region(
    presented: *const sigv4kit_presented,
) -> sigv4kit_str {
    presented_view(presented, |p| p.region())
}

/// The service of the presented credential scope. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_service(
    presented: *const sigv4kit_presented,
) -> sigv4kit_str {
    presented_view(presented, |p| p.service())
}

/// Header or query signature (`SIGV4KIT_LOCATION_HEADERS` for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_location(
    presented: *const sigv4kit_presented,
) -> sigv4kit_location {
    guard_value(sigv4kit_location::SIGV4KIT_LOCATION_HEADERS, || {
        Some(location(unsafe { presented.as_ref()? }.inner.location()))
    })
}

/// When the request says it was signed, in seconds since the Unix epoch
/// (-1 for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_signed_at(presented: *const sigv4kit_presented) -> i64 {
    guard_value(-1, || {
        Some(unsafe { presented.as_ref()? }.inner.signed_at().unix())
    })
}

/// Whether a session token was presented (false for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presented_has_session_token(
    presented: *const sigv4kit_presented,
) -> bool {
    guard_value(false, || {
        Some(unsafe { presented.as_ref()? }.inner.has_session_token())
    })
}

/// Verifies the presented signature against `request` (the same one it was
/// parsed from), its `payload`, the `credentials` of the presented access
/// key id, at time `now` (seconds since the Unix epoch), with `settings`.
///
/// On `SIGV4KIT_OK`, `*verified_out` receives what the request was signed
/// with (free with `sigv4kit_verified_free`). Otherwise the result says why
/// (`SIGV4KIT_SIGNATURE_MISMATCH`, `SIGV4KIT_SIGNATURE_EXPIRED`, ...), and
/// for `SIGV4KIT_SIGNATURE_MISMATCH` only, `*mismatch_out` receives the
/// verifier's canonical request and string to sign, if `mismatch_out` is
/// not NULL (free with `sigv4kit_mismatch_free`). Secrets are compared in
/// constant time.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sigv4kit_presented_verify(
    presented: *const sigv4kit_presented,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    credentials: *const sigv4kit_credentials,
    now: i64,
    settings: *const sigv4kit_verify_settings,
    verified_out: *mut *mut sigv4kit_verified,
    mismatch_out: *mut *mut sigv4kit_mismatch,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let presented = unsafe { handle(presented, "presented")? };
        let credentials = unsafe { handle(credentials, "credentials")? };
        let settings = unsafe { handle(settings, "settings")? };
        let out = out_arg(verified_out, "verified_out")?;
        let request = unsafe { read_request(request)? };
        let payload = unsafe { read_payload(payload)? };
        let now = SigningTime::from_unix(now)?;
        match presented
            .inner
            .verify(&request, payload, &credentials.inner, now, &settings.inner)
        {
            Ok(inner) => {
                unsafe { give(out, sigv4kit_verified { inner }) };
                Ok(())
            }
            Err(err) => {
                if let VerifyError::SignatureMismatch {
                    canonical_request,
                    string_to_sign,
                } = &err
                {
                    if !mismatch_out.is_null() {
                        let mismatch = sigv4kit_mismatch {
                            canonical_request: canonical_request.clone(),
                            string_to_sign: string_to_sign.clone(),
                        };
                        unsafe { give(mismatch_out, mismatch) };
                    }
                }
                Err(err.into())
            }
        }
    })
}

/// Frees a verification result. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_free(verified: *mut sigv4kit_verified) {
    let _ = guard(|| {
        unsafe { take_back(verified) };
        Ok(())
    });
}

fn verified_view(
    v: *const sigv4kit_verified,
    pick: impl FnOnce(&Verified) -> &str,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(pick(&unsafe { v.as_ref()? }.inner)))
    })
}

/// The access key id that signed. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_access_key_id(
    verified: *const sigv4kit_verified,
) -> sigv4kit_str {
    verified_view(verified, |v| &v.access_key_id)
}

/// The region of the credential scope. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_region(
    verified: *const sigv4kit_verified,
) -> sigv4kit_str {
    verified_view(verified, |v| &v.region)
}

/// The service of the credential scope. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_service(
    verified: *const sigv4kit_verified,
) -> sigv4kit_str {
    verified_view(verified, |v| &v.service)
}

/// The canonical request that matched. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_canonical_request(
    verified: *const sigv4kit_verified,
) -> sigv4kit_str {
    verified_view(verified, |v| &v.canonical_request)
}

/// The string to sign that matched. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_string_to_sign(
    verified: *const sigv4kit_verified,
) -> sigv4kit_str {
    verified_view(verified, |v| &v.string_to_sign)
}

/// Header or query signature (`SIGV4KIT_LOCATION_HEADERS` for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_location(
    verified: *const sigv4kit_verified,
) -> sigv4kit_location {
    guard_value(sigv4kit_location::SIGV4KIT_LOCATION_HEADERS, || {
        Some(location(unsafe { verified.as_ref()? }.inner.location))
    })
}

/// When the request was signed, in seconds since the Unix epoch (-1 for
/// NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_verified_signed_at(verified: *const sigv4kit_verified) -> i64 {
    guard_value(-1, || {
        Some(unsafe { verified.as_ref()? }.inner.signed_at.unix())
    })
}

/// Frees a mismatch report. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_mismatch_free(mismatch: *mut sigv4kit_mismatch) {
    let _ = guard(|| {
        unsafe { take_back(mismatch) };
        Ok(())
    });
}

/// The canonical request the verifier built. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_mismatch_canonical_request(
    mismatch: *const sigv4kit_mismatch,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(
            &unsafe { mismatch.as_ref()? }.canonical_request,
        ))
    })
}

/// The string to sign the verifier built. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_mismatch_string_to_sign(
    mismatch: *const sigv4kit_mismatch,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(
            &unsafe { mismatch.as_ref()? }.string_to_sign,
        ))
    })
}
