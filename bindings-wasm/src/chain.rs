//! The core's sans-I/O credential chain for Node: JS reads the files, sends
//! the HTTP requests and runs the processes each step asks for
//! (`ts/chain.ts`); the core decides what to do and what the answers mean.
//!
//! Steps cross as one string of NUL-separated fields whose first field
//! names the step (see [`WasmChainResolver::next`]).

#[allow(unused_imports)]
use crate::prelude::*;

use sigv4kit::chain::{HttpAnswer, Options, Resolver, Source, Step};
use sigv4kit::{Credentials, SigningTime};
use wasm_bindgen::prelude::*;

use crate::errors;
use crate::wire::NUL;
use crate::WasmCredentials;

/// One resolution of the default chain (or of one source of it).
#[wasm_bindgen]
pub struct WasmChainResolver {
    inner: Resolver,
    done: Option<Credentials>,
}

fn source_named(name: &str) -> Result<Option<Source>, JsValue> {
    Ok(Some(match name {
        "" => return Ok(None),
        "environment" => Source::Environment,
        "profile" => Source::Profile,
        "web_identity" => Source::WebIdentity,
        "sso" => Source::Sso,
        "process" => Source::Process,
        "container" => Source::Container,
        "instance_metadata" => Source::InstanceMetadata,
        _ => {
            return Err(
                errors::error("invalid_credentials", "source", "unknown credential source").into(),
            )
        }
    }))
}

#[wasm_bindgen]
impl WasmChainResolver {
    /// `env` is `NAME=value NUL …`; `now_ms` milliseconds since the epoch;
    /// `only` a source name or `""` for the whole chain.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        env: &str,
        now_ms: f64,
        profile: Option<String>,
        home: Option<String>,
        imds_v1_fallback: bool,
        mfa_token: bool,
        session_name: Option<String>,
        only: &str,
    ) -> Result<WasmChainResolver, JsValue> {
        let now = SigningTime::from_unix_millis(now_ms).map_err(errors::to_js)?;
        let vars = env.split(NUL).filter_map(|entry| {
            let (k, v) = entry.split_once('=')?;
            Some((k.to_owned(), v.to_owned()))
        });
        let options = Options::default()
            .with_profile(profile)
            .with_home(home)
            .with_imds_v1_fallback(imds_v1_fallback)
            .with_mfa_token(mfa_token)
            .with_session_name(session_name)
            .with_only(source_named(only)?);
        Ok(WasmChainResolver {
            inner: Resolver::new(vars, options, now),
            done: None,
        })
    }

    /// The next step: `read_file␀path`;
    /// `http␀id␀source␀method␀url␀timeout_ms␀body␀name␀value…`;
    /// `process␀id␀arg…`; `mfa␀serial`; `done␀source␀region` (then
    /// [`take_credentials`](Self::take_credentials));
    /// `failed␀source␀setting␀message␀not_found`.
    pub fn step(&mut self) -> String {
        let mut out = Vec::<String>::new();
        let step = self.inner.next();
        if let Some(fields) = step.io_fields() {
            out = fields;
        }
        match step {
            Step::ReadFile { .. }
            | Step::Http(_)
            | Step::Process { .. }
            | Step::MfaToken { .. } => {}
            Step::Done(r) => {
                self.done = Some(r.credentials);
                out.extend([
                    "done".into(),
                    r.source.to_owned(),
                    r.region.unwrap_or_default(),
                ]);
            }
            Step::Failed(e) => out.extend([
                "failed".into(),
                e.source().to_owned(),
                e.setting().to_owned(),
                e.to_string(),
                if e.is_not_found() { "1" } else { "0" }.into(),
            ]),
            _ => out.extend([
                "failed".into(),
                "chain".into(),
                String::new(),
                "unknown step".into(),
                "0".into(),
            ]),
        }
        out.join(&NUL.to_string())
    }

    /// The credentials of the `done` step.
    #[wasm_bindgen(js_name = takeCredentials)]
    pub fn take_credentials(&mut self) -> Option<WasmCredentials> {
        self.done.take().map(WasmCredentials::from)
    }

    /// A file's text, `undefined` when it does not exist.
    pub fn file(&mut self, path: &str, text: Option<String>) {
        self.inner.file(path, text);
    }

    /// An HTTP answer; `status` `undefined` when nothing answered.
    pub fn http(&mut self, id: &str, status: Option<u16>, body: String) {
        let answer = match status {
            Some(status) => HttpAnswer::Response { status, body },
            None => HttpAnswer::Unreachable,
        };
        self.inner.http(id, answer);
    }

    /// A process's exit code (`-1` when it could not run) and output.
    pub fn process(&mut self, id: &str, exit_code: i32, stdout: String) {
        self.inner.process(id, exit_code, stdout);
    }

    /// The MFA code for `serial`.
    #[wasm_bindgen(js_name = mfaToken)]
    pub fn mfa_token(&mut self, serial: &str, code: String) {
        self.inner.mfa_token(serial, code);
    }
}
