//! The shared config/credentials files and the `AWS_*` environment, decided
//! by the core's `sigv4kit::profile`. JS reads the variables and the files
//! (I/O belongs to the host) and passes their text in.

#[allow(unused_imports)]
use crate::prelude::*;

use sigv4kit::profile::{self, Profile};
use wasm_bindgen::prelude::*;

use crate::errors;
use crate::wire::NUL;
use crate::WasmCredentials;

/// Looks a variable up in `NAME=value NUL NAME=value …`.
fn env_lookup(env: &str) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| {
        env.split(NUL).find_map(|entry| {
            let (key, value) = entry.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    }
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION`, or `undefined` when
/// the keys are not set.
#[wasm_bindgen(js_name = credentialsFromEnv)]
pub fn credentials_from_env(env: &str) -> Result<Option<WasmCredentials>, JsValue> {
    Ok(profile::credentials_from_env(env_lookup(env))
        .map_err(errors::to_js)?
        .map(WasmCredentials::from))
}

/// The profile to use: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
#[wasm_bindgen(js_name = selectedProfile)]
pub fn selected_profile(env: &str) -> String {
    profile::selected_profile(env_lookup(env))
}

/// `AWS_REGION`, else `AWS_DEFAULT_REGION`.
#[wasm_bindgen(js_name = regionFromEnv)]
pub fn region_from_env(env: &str) -> Option<String> {
    profile::region_from_env(env_lookup(env))
}

/// `[config, credentials]`: the paths of the shared files, honouring
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, `~` expanded to `home`.
#[wasm_bindgen(js_name = sharedFilePaths)]
pub fn shared_file_paths(env: &str, home: Option<String>) -> Vec<String> {
    let paths = profile::shared_file_paths(env_lookup(env), home.as_deref());
    vec![paths.config, paths.credentials]
}

/// A resolved profile.
#[wasm_bindgen]
pub struct WasmProfile {
    inner: Profile,
}

/// Resolves `name` from the texts of the config and credentials files.
#[wasm_bindgen(js_name = resolveProfile)]
pub fn resolve_profile(
    config: Option<String>,
    credentials: Option<String>,
    name: &str,
) -> Result<WasmProfile, JsValue> {
    let inner =
        profile::resolve(config.as_deref(), credentials.as_deref(), name).map_err(errors::to_js)?;
    Ok(WasmProfile { inner })
}

#[wasm_bindgen]
impl WasmProfile {
    /// The profile's `region`, if set.
    pub fn region(&self) -> Option<String> {
        self.inner.region().map(str::to_owned)
    }

    /// The profile's static keys, `undefined` when it has none.
    pub fn credentials(&self) -> Result<Option<WasmCredentials>, JsValue> {
        Ok(self
            .inner
            .static_credentials()
            .map_err(errors::to_js)?
            .map(WasmCredentials::from))
    }

    /// Where the profile's credentials come from, in words for an error
    /// message when they are not static keys: one of the core's names
    /// (`static`, `assume_role`, `web_identity`, `process`, `sso`, `none`).
    pub fn source(&self) -> String {
        sigv4kit::policy::credential_source_name(&self.inner.credential_source()).to_owned()
    }
}
