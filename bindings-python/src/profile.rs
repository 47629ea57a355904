//! The core's environment and shared-file logic, for the pure-Python
//! credential resolver: Python reads the environment and the files, the core
//! decides what they mean (the same way in every language).

use std::collections::BTreeMap;

use pyo3::prelude::*;
use sigv4kit::profile::{self, CredentialSource};

use crate::credentials::PyCredentials;
use crate::errors::IntoPyResult;

/// Looks a name up in a Python mapping such as `os.environ`.
fn lookup<'py>(environ: &'py Bound<'py, PyAny>) -> impl Fn(&str) -> Option<String> + 'py {
    move |name| {
        environ
            .call_method1("get", (name,))
            .ok()
            .filter(|v| !v.is_none())
            .and_then(|v| v.extract::<String>().ok())
    }
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION` in `environ`; `None`
/// when neither key is set.
#[pyfunction]
pub fn credentials_from_env(
    py: Python<'_>,
    environ: &Bound<'_, PyAny>,
) -> PyResult<Option<PyCredentials>> {
    Ok(profile::credentials_from_env(lookup(environ))
        .or_raise(py)?
        .map(|inner| PyCredentials { inner }))
}

/// `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `"default"`.
#[pyfunction]
pub fn selected_profile(environ: &Bound<'_, PyAny>) -> String {
    profile::selected_profile(lookup(environ))
}

/// `AWS_REGION`, else `AWS_DEFAULT_REGION`.
#[pyfunction]
pub fn region_from_env(environ: &Bound<'_, PyAny>) -> Option<String> {
    profile::region_from_env(lookup(environ))
}

/// `(config_path, credentials_path)`, from `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` or the `~/.aws` defaults.
#[pyfunction]
#[pyo3(signature = (environ, home=None))]
pub fn shared_file_paths(environ: &Bound<'_, PyAny>, home: Option<&str>) -> (String, String) {
    let paths = profile::shared_file_paths(lookup(environ), home);
    (paths.config, paths.credentials)
}

/// A profile resolved from the texts of the shared files.
#[pyclass(module = "sigv4kit", name = "Profile", frozen)]
pub struct PyProfile {
    inner: profile::Profile,
}

/// Resolves `profile` from the config and credentials file texts (either
/// may be `None`); settings in the credentials file win.
#[pyfunction]
#[pyo3(signature = (config_text, credentials_text, profile))]
pub fn resolve_profile(
    py: Python<'_>,
    config_text: Option<&str>,
    credentials_text: Option<&str>,
    profile: &str,
) -> PyResult<PyProfile> {
    Ok(PyProfile {
        inner: profile::resolve(config_text, credentials_text, profile).or_raise(py)?,
    })
}

/// Every profile name either file defines, sorted.
#[pyfunction]
#[pyo3(signature = (config_text, credentials_text))]
pub fn profile_names(config_text: Option<&str>, credentials_text: Option<&str>) -> Vec<String> {
    profile::profile_names(config_text, credentials_text)
}

#[pymethods]
impl PyProfile {
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The `region` setting, or `None`.
    #[getter]
    fn region(&self) -> Option<&str> {
        self.inner.region()
    }

    /// A setting by case-insensitive key, or `default`.
    #[pyo3(signature = (key, default=None))]
    fn get(&self, key: &str, default: Option<String>) -> Option<String> {
        self.inner.get(key).map(str::to_owned).or(default)
    }

    /// The profile's static keys, `None` when it has none.
    fn static_credentials(&self, py: Python<'_>) -> PyResult<Option<PyCredentials>> {
        Ok(self
            .inner
            .static_credentials()
            .or_raise(py)?
            .map(|inner| PyCredentials { inner }))
    }

    /// Where the profile's credentials come from: `("static", {})`,
    /// `("assume_role", {...})`, `("web_identity", {...})`,
    /// `("process", {"command": ...})`, `("sso", {})` or `("none", {})`.
    fn credential_source(&self) -> (&'static str, BTreeMap<&'static str, Option<String>>) {
        let mut details = BTreeMap::new();
        let source = self.inner.credential_source();
        let kind = sigv4kit::policy::credential_source_name(&source);
        match source {
            CredentialSource::Static => {}
            CredentialSource::AssumeRole {
                role_arn,
                source_profile,
                credential_source,
            } => {
                details.insert("role_arn", Some(role_arn));
                details.insert("source_profile", source_profile);
                details.insert("credential_source", credential_source);
            }
            CredentialSource::WebIdentity {
                role_arn,
                token_file,
            } => {
                details.insert("role_arn", Some(role_arn));
                details.insert("token_file", Some(token_file));
            }
            CredentialSource::Process { command } => {
                details.insert("command", Some(command));
            }
            _ => {}
        }
        (kind, details)
    }

    fn __repr__(&self) -> String {
        format!(
            "Profile(name={:?}, region={:?})",
            self.inner.name(),
            self.inner.region()
        )
    }
}
