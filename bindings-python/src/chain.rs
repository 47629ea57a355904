//! `sigv4kit._native.ChainResolver`: the core's sans-I/O credential chain.
//! Python does the I/O each step asks for (files, HTTP, processes, MFA
//! prompts) in `sigv4kit._chain`; the core decides what to do and what the
//! answers mean.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use sigv4kit::chain::{HttpAnswer, Options, Resolver, Step};
use sigv4kit::SigningTime;

use crate::credentials::PyCredentials;
use crate::errors::IntoPyResult;

/// One resolution of the default credential chain.
#[pyclass(module = "sigv4kit", name = "ChainResolver")]
pub struct PyChainResolver {
    inner: Resolver,
}

#[pymethods]
impl PyChainResolver {
    #[new]
    #[pyo3(signature = (environ, now, *, profile=None, home=None, imds_v1_fallback=false, mfa_token=false, session_name=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        environ: BTreeMap<String, String>,
        now: i64,
        profile: Option<String>,
        home: Option<String>,
        imds_v1_fallback: bool,
        mfa_token: bool,
        session_name: Option<String>,
    ) -> PyResult<Self> {
        let now = SigningTime::from_unix(now).or_raise(py)?;
        let options = Options::default()
            .with_profile(profile)
            .with_home(home)
            .with_imds_v1_fallback(imds_v1_fallback)
            .with_mfa_token(mfa_token)
            .with_session_name(session_name);
        Ok(PyChainResolver {
            inner: Resolver::new(environ, options, now),
        })
    }

    /// The next step, as a tuple whose first item names it:
    /// `("read_file", path)`, `("http", request_dict)`,
    /// `("process", id, argv)`, `("mfa", serial)`,
    /// `("done", credentials, source, region)` or
    /// `("failed", source, setting, message, not_found)`.
    fn next<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        match self.inner.next() {
            Step::ReadFile { path } => ("read_file", path).into_pyobject(py),
            Step::Http(req) => {
                let d = PyDict::new(py);
                d.set_item("id", req.id())?;
                d.set_item("source", req.source())?;
                d.set_item("method", req.method())?;
                d.set_item("url", req.url())?;
                d.set_item("headers", req.headers().to_vec())?;
                d.set_item("body", req.body())?;
                d.set_item("timeout", f64::from(req.timeout_ms()) / 1000.0)?;
                ("http", d).into_pyobject(py)
            }
            Step::Process { id, argv, .. } => ("process", id, argv).into_pyobject(py),
            Step::MfaToken { serial } => ("mfa", serial).into_pyobject(py),
            Step::Done(r) => {
                let creds = Py::new(
                    py,
                    PyCredentials {
                        inner: r.credentials,
                    },
                )?;
                ("done", creds, r.source, r.region).into_pyobject(py)
            }
            Step::Failed(e) => (
                "failed",
                e.source(),
                e.setting().to_owned(),
                e.to_string(),
                e.is_not_found(),
            )
                .into_pyobject(py),
            _ => ("failed", "chain", "", "unknown step", false).into_pyobject(py),
        }
    }

    /// A file's text, or `None` when it does not exist.
    #[pyo3(signature = (path, text))]
    fn file(&mut self, path: &str, text: Option<String>) {
        self.inner.file(path, text);
    }

    /// An HTTP answer; `status=None` when there was no answer at all.
    #[pyo3(signature = (id, status, body))]
    fn http(&mut self, id: &str, status: Option<u16>, body: String) {
        let answer = match status {
            Some(status) => HttpAnswer::Response { status, body },
            None => HttpAnswer::Unreachable,
        };
        self.inner.http(id, answer);
    }

    /// A process's exit code (`-1` when it could not run) and output.
    fn process(&mut self, id: &str, exit_code: i32, stdout: String) {
        self.inner.process(id, exit_code, stdout);
    }

    /// The MFA code for `serial`.
    fn mfa_token(&mut self, serial: &str, code: String) {
        self.inner.mfa_token(serial, code);
    }

    fn __repr__(&self) -> String {
        "ChainResolver(..)".into()
    }
}
