//! Where credentials and request parts come from: the environment, the
//! shared AWS config and credentials files, a URL. The core decides what
//! these mean; this module does the reading it leaves to bindings.

use core::ffi::c_char;

use sigv4kit::profile;

use crate::credentials::sigv4kit_credentials;
use crate::ffi::{give, out_arg, sigv4kit_str, str_arg, take_back};
use crate::result::{guard, guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use sigv4kit_result::*;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn not_found(message: &str) -> Failure {
    Failure::new(SIGV4KIT_NOT_FOUND, message)
}

/// Credentials from the environment: `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
/// `AWS_CREDENTIAL_EXPIRATION`. `SIGV4KIT_NOT_FOUND` when neither key is
/// set, `SIGV4KIT_INVALID_CREDENTIALS` when only one is. Free the result
/// with `sigv4kit_credentials_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_from_env(
    credentials_out: *mut *mut sigv4kit_credentials,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(credentials_out, "credentials_out")?;
        let inner = profile::credentials_from_env(env)?.ok_or_else(|| {
            not_found(
                "no credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
            )
        })?;
        unsafe { give(out, sigv4kit_credentials { inner }) };
        Ok(())
    })
}

/// The static keys of a profile of the shared files (`~/.aws/config` and
/// `~/.aws/credentials`, or `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE`). `profile` `(NULL, 0)` means the selected
/// one: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
/// `SIGV4KIT_NOT_FOUND` when the profile has no static keys (it may use
/// roles or SSO, which need a provider this library does not run), and
/// `SIGV4KIT_INVALID_CREDENTIALS` when the profile is missing or broken.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_from_profile(
    profile_name: *const c_char,
    profile_name_len: usize,
    credentials_out: *mut *mut sigv4kit_credentials,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(credentials_out, "credentials_out")?;
        let name = unsafe {
            str_arg(profile_name, profile_name_len, "profile_name", || {
                Failure::not_utf8(SIGV4KIT_INVALID_CREDENTIALS, "the profile name").at("profile")
            })?
        };
        let name = if name.is_empty() {
            profile::selected_profile(env)
        } else {
            name.to_owned()
        };
        let home = env("HOME");
        let paths = profile::shared_file_paths(env, home.as_deref());
        // A file that does not exist is simply absent, as in the AWS CLI.
        let config = read_secret_file(&paths.config);
        let credentials = read_secret_file(&paths.credentials);
        let resolved = profile::resolve(
            config.as_deref().map(String::as_str),
            credentials.as_deref().map(String::as_str),
            &name,
        )?;
        let inner = resolved.static_credentials()?.ok_or_else(|| {
            not_found("the profile has no aws_access_key_id and aws_secret_access_key")
        })?;
        unsafe { give(out, sigv4kit_credentials { inner }) };
        Ok(())
    })
}

/// Reads a shared config or credentials file into a buffer that is wiped
/// when dropped: the file holds secret keys, and a freed plain `String`
/// would leave them in the heap. The buffer is sized from the file's length
/// up front so that reading never reallocates (which would leave an unwiped
/// copy behind). `None` when the file cannot be read or is not UTF-8.
fn read_secret_file(path: &str) -> Option<zeroize::Zeroizing<String>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(
        usize::try_from(len).ok()?.saturating_add(1),
    ));
    file.read_to_end(&mut bytes).ok()?;
    let text = core::str::from_utf8(&bytes).ok()?;
    let mut out = zeroize::Zeroizing::new(String::with_capacity(text.len()));
    out.push_str(text);
    Some(out)
}

/// The parts of an absolute `http://` or `https://` URL that a request is
/// built from: the `Host` header value (with the port only when it is not
/// the scheme's default) and the request target (path and query; the
/// fragment is dropped). Every `sigv4kit_str` read from it is owned by it.
///
/// Thread safety: immutable; read it from any thread, free it once.
pub struct sigv4kit_url {
    scheme: &'static str,
    host_header: String,
    target: String,
}

/// Splits an absolute URL, which must already be percent-encoded as it
/// will be sent (spaces and non-ASCII are refused with
/// `SIGV4KIT_INVALID_TARGET`). Free the result with `sigv4kit_url_free`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_url_parse(
    url: *const c_char,
    url_len: usize,
    url_out: *mut *mut sigv4kit_url,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(url_out, "url_out")?;
        let text = unsafe {
            str_arg(url, url_len, "url", || {
                Failure::not_utf8(SIGV4KIT_INVALID_TARGET, "the URL").at("target")
            })?
        };
        let parts = sigv4kit::url::split_url(text)?;
        let parsed = sigv4kit_url {
            scheme: parts.scheme,
            host_header: parts.host_header().into_owned(),
            target: parts.target.into_owned(),
        };
        unsafe { give(out, parsed) };
        Ok(())
    })
}

/// Frees a split URL. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_url_free(url: *mut sigv4kit_url) {
    let _ = guard(|| {
        unsafe { take_back(url) };
        Ok(())
    });
}

fn url_view(url: *const sigv4kit_url, pick: impl FnOnce(&sigv4kit_url) -> &str) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(pick(unsafe { url.as_ref()? })))
    })
}

/// `http` or `https`. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_url_scheme(url: *const sigv4kit_url) -> sigv4kit_str {
    url_view(url, |u| u.scheme)
}

/// The value of the `Host` header to send and sign. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_url_host_header(url: *const sigv4kit_url) -> sigv4kit_str {
    url_view(url, |u| &u.host_header)
}

/// The request target: the path (`/` when the URL has none) and the query.
/// Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_url_target(url: *const sigv4kit_url) -> sigv4kit_str {
    url_view(url, |u| &u.target)
}
