//! Signing settings and the signer built from them.

use core::ffi::c_char;

use sigv4kit::{Signer, SigningSettings};

use crate::ffi::{give, handle, handle_mut, out_arg, str_arg, take_back};
use crate::result::{guard, guard_err, sigv4kit_error, sigv4kit_result, Failure};
use sigv4kit_result::*;

/// What a signer signs for and how: region, service and the four options of
/// the SigV4 algorithm. Made by `sigv4kit_settings_new`, which picks the
/// defaults for the service, changed by the `sigv4kit_settings_set_*`
/// functions, read once by `sigv4kit_signer_new_with_settings`.
///
/// Thread safety: not synchronized. Set it up on one thread; several threads
/// may then read it (build signers) at once if none changes it.
pub struct sigv4kit_settings {
    inner: SigningSettings,
}

/// A SigV4 signer for one region and service. It holds no credentials and
/// no mutable state.
///
/// Thread safety: immutable; share one signer between any number of
/// threads, and free it once when all are done.
pub struct sigv4kit_signer {
    pub(crate) inner: Signer,
}

unsafe fn scope_args(
    region: *const c_char,
    region_len: usize,
    service: *const c_char,
    service_len: usize,
) -> Result<SigningSettings, Failure> {
    let region = unsafe {
        str_arg(region, region_len, "region", || {
            Failure::not_utf8(SIGV4KIT_INVALID_REGION, "region").at("region")
        })?
    };
    let service = unsafe {
        str_arg(service, service_len, "service", || {
            Failure::not_utf8(SIGV4KIT_INVALID_SERVICE, "service").at("service")
        })?
    };
    let settings = SigningSettings::new(region, service);
    settings.validate()?;
    Ok(settings)
}

/// New settings for `region` (such as `us-east-1`) and `service` (the
/// signing name, such as `execute-api`), both checked here. The options
/// start at the core's service defaults: for every service but S3,
/// double-encoded and normalized paths and no `x-amz-content-sha256`; for
/// the S3 family (`s3`, `s3-object-lambda`, `s3-outposts`, `s3express`) the
/// reverse (and `SIGV4KIT_PAYLOAD_DEFAULT` presigns `UNSIGNED-PAYLOAD`). Free with
/// `sigv4kit_settings_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_new(
    region: *const c_char,
    region_len: usize,
    service: *const c_char,
    service_len: usize,
    settings_out: *mut *mut sigv4kit_settings,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(settings_out, "settings_out")?;
        let inner = unsafe { scope_args(region, region_len, service, service_len)? };
        unsafe { give(out, sigv4kit_settings { inner }) };
        Ok(())
    })
}

/// Frees settings made by `sigv4kit_settings_new`. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_free(settings: *mut sigv4kit_settings) {
    let _ = guard(|| {
        unsafe { take_back(settings) };
        Ok(())
    });
}

/// Percent-encode the path once more before signing: `true` (the default)
/// for every service but S3, `false` to sign the path as it is on the wire
/// (S3).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_set_double_encode_path(
    settings: *mut sigv4kit_settings,
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

/// Remove `.`/`..` segments and collapse `//` in the path before signing:
/// `true` (the default) for every service but S3.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_set_normalize_path(
    settings: *mut sigv4kit_settings,
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

/// Also send and sign `X-Amz-Content-Sha256` with the payload value: S3
/// requires it (the default for `s3`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_set_content_sha256_header(
    settings: *mut sigv4kit_settings,
    value: bool,
) -> sigv4kit_result {
    guard(|| {
        unsafe { handle_mut(settings, "settings")? }
            .inner
            .content_sha256_header = value;
        Ok(())
    })
}

/// Leave the session token out of the signature and add it after signing
/// (AWS IoT wants this). Default `false`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_set_omit_session_token(
    settings: *mut sigv4kit_settings,
    value: bool,
) -> sigv4kit_result {
    guard(|| {
        unsafe { handle_mut(settings, "settings")? }
            .inner
            .omit_session_token = value;
        Ok(())
    })
}

/// Which signature a signer makes: the value `sigv4kit_settings_set_algorithm`
/// takes.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_algorithm {
    /// SigV4, `AWS4-HMAC-SHA256` (the default).
    SIGV4KIT_ALGORITHM_SIGV4 = 0,
    /// SigV4a, `AWS4-ECDSA-P256-SHA256`: the settings' region is then a
    /// region set (`*`, `us-east-1`, `us-east-1,us-west-2`), signed in
    /// `X-Amz-Region-Set`; the signature is the hex of a DER-encoded ECDSA
    /// P-256 signature (at most 144 digits).
    SIGV4KIT_ALGORITHM_SIGV4A = 1,
}

/// Sign with SigV4 or SigV4a: a `sigv4kit_algorithm` value (others are
/// refused with `SIGV4KIT_INVALID_ARGUMENT`). The region set of SigV4a is
/// checked when a signer is made from the settings
/// (`SIGV4KIT_INVALID_REGION`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_settings_set_algorithm(
    settings: *mut sigv4kit_settings,
    algorithm: u32,
) -> sigv4kit_result {
    guard(|| {
        let algorithm = if algorithm == sigv4kit_algorithm::SIGV4KIT_ALGORITHM_SIGV4 as u32 {
            sigv4kit::Algorithm::SigV4
        } else if algorithm == sigv4kit_algorithm::SIGV4KIT_ALGORITHM_SIGV4A as u32 {
            sigv4kit::Algorithm::SigV4a
        } else {
            return Err(Failure::new(
                SIGV4KIT_INVALID_ARGUMENT,
                "algorithm must be SIGV4KIT_ALGORITHM_SIGV4 or SIGV4KIT_ALGORITHM_SIGV4A",
            )
            .at("algorithm"));
        };
        unsafe { handle_mut(settings, "settings")? }.inner.algorithm = algorithm;
        Ok(())
    })
}

/// A signer for `region` and `service` with the service's default options
/// (see `sigv4kit_settings_new`). Free with `sigv4kit_signer_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signer_new(
    region: *const c_char,
    region_len: usize,
    service: *const c_char,
    service_len: usize,
    signer_out: *mut *mut sigv4kit_signer,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(signer_out, "signer_out")?;
        let settings = unsafe { scope_args(region, region_len, service, service_len)? };
        let inner = Signer::new(settings)?;
        unsafe { give(out, sigv4kit_signer { inner }) };
        Ok(())
    })
}

/// A signer with these settings, which are copied: free or change the
/// settings afterwards as you like. Free with `sigv4kit_signer_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signer_new_with_settings(
    settings: *const sigv4kit_settings,
    signer_out: *mut *mut sigv4kit_signer,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let settings = unsafe { handle(settings, "settings")? };
        let out = out_arg(signer_out, "signer_out")?;
        let inner = Signer::new(settings.inner.clone())?;
        unsafe { give(out, sigv4kit_signer { inner }) };
        Ok(())
    })
}

/// Frees a signer. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signer_free(signer: *mut sigv4kit_signer) {
    let _ = guard(|| {
        unsafe { take_back(signer) };
        Ok(())
    });
}
