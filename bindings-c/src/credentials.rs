//! Credentials: an access key pair, an optional session token and expiry.

use core::ffi::c_char;

use sigv4kit::{Credentials, SigningTime};

use crate::ffi::{give, handle, out_arg, sigv4kit_str, str_arg, take_back};
use crate::result::{guard, guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use sigv4kit_result::*;

/// An access key id, secret access key, optional session token and optional
/// expiry. The secret and token are copied in, wiped from memory when the
/// handle is freed, and never appear in a message. Signing keys derived from
/// the secret are cached inside the handle: keep one handle for as long as
/// the credentials are valid instead of making one per request.
///
/// Thread safety: share one handle between any number of threads (its key
/// cache is locked internally), and free it once when all are done.
pub struct sigv4kit_credentials {
    pub(crate) inner: Credentials,
}

fn bad_utf8(field: &'static str) -> Failure {
    Failure::not_utf8(SIGV4KIT_INVALID_CREDENTIALS, field).at(field)
}

/// New credentials from an access key id and secret access key, and a
/// session token for temporary credentials: pass `(NULL, 0)` (or an empty
/// token) for none. `expiration` is when temporary credentials stop working,
/// in seconds since the Unix epoch, or a negative value for none (see
/// `sigv4kit_credentials_expires_within`). Free with
/// `sigv4kit_credentials_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_new(
    access_key_id: *const c_char,
    access_key_id_len: usize,
    secret_access_key: *const c_char,
    secret_access_key_len: usize,
    session_token: *const c_char,
    session_token_len: usize,
    expiration: i64,
    credentials_out: *mut *mut sigv4kit_credentials,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(credentials_out, "credentials_out")?;
        let akid = unsafe {
            str_arg(access_key_id, access_key_id_len, "access_key_id", || {
                bad_utf8("access_key_id")
            })?
        };
        let secret = unsafe {
            str_arg(
                secret_access_key,
                secret_access_key_len,
                "secret_access_key",
                || bad_utf8("secret_access_key"),
            )?
        };
        let token = unsafe {
            str_arg(session_token, session_token_len, "session_token", || {
                bad_utf8("session_token")
            })?
        };
        let token = (!token.is_empty()).then(|| token.to_owned());
        let inner = Credentials::new(akid, secret, token)?
            .with_expiration((expiration >= 0).then_some(expiration));
        unsafe { give(out, sigv4kit_credentials { inner }) };
        Ok(())
    })
}

/// Frees credentials, wiping the secret and token. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_free(credentials: *mut sigv4kit_credentials) {
    let _ = guard(|| {
        unsafe { take_back(credentials) };
        Ok(())
    });
}

/// The access key id (not a secret), owned by the handle. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_access_key_id(
    credentials: *const sigv4kit_credentials,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        let c = unsafe { credentials.as_ref()? };
        Some(sigv4kit_str::of(c.inner.access_key_id()))
    })
}

/// The length of a SigV4a public key in its uncompressed SEC 1 encoding.
pub const SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN: usize = 65;

/// The SigV4a public key of these credentials (derived from the secret,
/// once per handle): writes its uncompressed SEC 1 encoding, `04 || x || y`,
/// `SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN` bytes, to `key_out`. What a service
/// that verifies SigV4a holds for an access key; the private key never
/// leaves the library.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_sigv4a_public_key(
    credentials: *const sigv4kit_credentials,
    key_out: *mut u8,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let c = unsafe { handle(credentials, "credentials")? };
        if key_out.is_null() {
            return Err(Failure::new(SIGV4KIT_NULL_PARAMETER, "key_out is NULL").at("key_out"));
        }
        let key = sigv4kit::sigv4a::PublicKey::of(&c.inner)?.to_sec1_uncompressed();
        // SAFETY: the caller promises SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN bytes at `key_out`.
        unsafe {
            core::ptr::copy_nonoverlapping(
                key.as_ptr(),
                key_out,
                key.len().min(SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN),
            )
        };
        Ok(())
    })
}

/// Whether the credentials carry a session token. False for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_has_session_token(
    credentials: *const sigv4kit_credentials,
) -> bool {
    guard_value(false, || {
        Some(
            unsafe { credentials.as_ref()? }
                .inner
                .session_token()
                .is_some(),
        )
    })
}

/// The expiry in seconds since the Unix epoch, or -1 when the credentials
/// do not expire (and for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_expiration(
    credentials: *const sigv4kit_credentials,
) -> i64 {
    guard_value(-1, || unsafe { credentials.as_ref()? }.inner.expiration())
}

/// Whether the credentials expire within `margin_seconds` of `now` (seconds
/// since the Unix epoch): the test a credential provider uses to refresh
/// early. Credentials without an expiry never do.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_expires_within(
    credentials: *const sigv4kit_credentials,
    now: i64,
    margin_seconds: i64,
    expiring_out: *mut bool,
) -> sigv4kit_result {
    guard(|| {
        let credentials = unsafe { handle(credentials, "credentials")? };
        let out = out_arg(expiring_out, "expiring_out")?;
        let now = SigningTime::from_unix(now)?;
        let expiring = credentials.inner.expires_within(now, margin_seconds);
        unsafe { out.write(expiring) };
        Ok(())
    })
}
