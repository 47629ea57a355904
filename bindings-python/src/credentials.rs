//! `sigv4kit.Credentials`: an immutable key pair, optional session token and
//! expiry, wrapping the core's value so its cache of derived signing keys
//! lives as long as the Python object.

use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::errors::IntoPyResult;
use crate::time;

/// AWS credentials. The secret key and session token never appear in
/// `repr()` or in an exception message.
#[pyclass(module = "sigv4kit", name = "Credentials", frozen)]
pub struct PyCredentials {
    pub inner: sigv4kit::Credentials,
}

#[pymethods]
impl PyCredentials {
    #[new]
    #[pyo3(signature = (access_key_id, secret_access_key, session_token=None, expiration=None))]
    fn new(
        py: Python<'_>,
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
        expiration: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let expiration = match expiration.filter(|e| !e.is_none()) {
            Some(value) => Some(time::unix_seconds(py, value, "expiration")?.floor() as i64),
            None => None,
        };
        let inner = sigv4kit::Credentials::new(access_key_id, secret_access_key, session_token)
            .or_raise(py)?
            .with_expiration(expiration);
        Ok(PyCredentials { inner })
    }

    /// The access key id (not a secret: every signed request carries it).
    #[getter]
    fn access_key_id(&self) -> &str {
        self.inner.access_key_id()
    }

    /// The secret access key. Never log it.
    #[getter]
    fn secret_access_key(&self) -> &str {
        self.inner.secret_access_key()
    }

    /// The session token of temporary credentials, or `None`.
    #[getter]
    fn session_token(&self) -> Option<&str> {
        self.inner.session_token()
    }

    /// When these credentials stop working, as an aware UTC `datetime`, or
    /// `None` for long-term keys.
    #[getter]
    fn expiration<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(secs) = self.inner.expiration() else {
            return Ok(None);
        };
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        datetime
            .getattr("datetime")?
            .call_method1("fromtimestamp", (secs, utc))
            .map(Some)
    }

    /// The expiry in seconds since the epoch, or `None`.
    #[getter]
    fn expiration_timestamp(&self) -> Option<i64> {
        self.inner.expiration()
    }

    /// Whether the credentials expire within `seconds` from `now` (default:
    /// the current time): the test a provider uses to refresh early.
    #[pyo3(signature = (seconds=0.0, now=None))]
    fn expires_within(
        &self,
        py: Python<'_>,
        seconds: f64,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        let now = time::signing_time(py, now)?;
        Ok(self.inner.expires_within(now, seconds.ceil() as i64))
    }

    /// The same key pair and token with another expiry.
    fn with_expiration(
        &self,
        py: Python<'_>,
        expiration: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let expiration = match expiration.filter(|e| !e.is_none()) {
            Some(value) => Some(time::unix_seconds(py, value, "expiration")?.floor() as i64),
            None => None,
        };
        Ok(PyCredentials {
            inner: self.inner.clone().with_expiration(expiration),
        })
    }

    /// Credentials from any object with `access_key`/`secret_key`/`token`
    /// attributes, such as botocore's frozen credentials.
    #[classmethod]
    fn from_botocore(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        credentials: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let credentials = if credentials.hasattr("get_frozen_credentials")? {
            credentials.call_method0("get_frozen_credentials")?
        } else {
            credentials.clone()
        };
        let token: Option<String> = credentials.getattr("token")?.extract()?;
        let inner = sigv4kit::Credentials::new(
            credentials.getattr("access_key")?.extract::<String>()?,
            credentials.getattr("secret_key")?.extract::<String>()?,
            token,
        )
        .or_raise(py)?;
        Ok(PyCredentials { inner })
    }

    fn __repr__(&self) -> String {
        format!(
            "Credentials(access_key_id={:?}, secret_access_key='***', session_token={}, expiration={})",
            self.inner.access_key_id(),
            if self.inner.session_token().is_some() { "'***'" } else { "None" },
            self.inner.expiration().map_or_else(
                || "None".to_owned(),
                |e| sigv4kit::SigningTime::from_unix(e).map_or_else(|_| e.to_string(), |t| format!("'{}'", t.rfc3339()))
            ),
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyCredentials>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        // The access key id alone: equal credentials share it, and hashing
        // the secret would put a function of it in a dict's table.
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.access_key_id().hash(&mut h);
        h.finish()
    }

    /// The same object: credentials are immutable.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The same object: credentials are immutable.
    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    /// Refuses pickling: a pickle is a file or a message holding the secret.
    fn __reduce__(&self) -> PyResult<()> {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "Credentials cannot be pickled (that would write the secret key out); pass the keys explicitly",
        ))
    }
}
