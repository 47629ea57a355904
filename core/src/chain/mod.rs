//! The default credential chain, sans-I/O.
//!
//! A [`Resolver`] is given the environment, some options and the time, and
//! answers one question at a time: *what must I read, call or run next?* A
//! binding does the I/O each [`Step`] asks for with its host's facilities,
//! hands the answer back, and asks again, until the resolver says
//! [`Step::Done`] (credentials, their expiry and the region) or
//! [`Step::Failed`] (an error naming the source and the setting at fault).
//!
//! ```text
//! let mut r = Resolver::new(env, Options::default(), now);
//! loop {
//!     match r.next() {
//!         Step::ReadFile { path } => r.file(&path, read(&path)),
//!         Step::Http(req) => r.http(req.id(), send(&req)),
//!         Step::Process { id, argv, .. } => r.process(&id, run(&argv)),
//!         Step::MfaToken { serial } => r.mfa_token(&serial, ask(&serial)),
//!         Step::Done(resolved) => return Ok(resolved),
//!         Step::Failed(e) => return Err(e),
//!     }
//! }
//! ```
//!
//! The order is botocore's: the environment; a profile's `role_arn` (with
//! `source_profile` or `credential_source`); web identity (environment or
//! profile); IAM Identity Center (`sso_session` or legacy `sso_start_url`);
//! static keys in the shared credentials file; `credential_process`; static
//! keys in the config file; the container endpoint; instance metadata.
//! An explicit profile ([`Options::profile`], as boto3's
//! `Session(profile_name=..)`) skips the environment's keys.
//!
//! Internally each call to [`Resolver::next`] replays the chain from the
//! start over the answers gathered so far, and stops at the first question
//! still unanswered: the chain reads as straight-line code, and the answers
//! are what make it advance.

mod container;
mod imds;
mod process;
mod profile_chain;
mod sha1;
mod sso;
mod sts;

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::profile::{self, Profile};
use crate::{Credentials, SigningTime};

pub use process::split_command;

/// One source of the chain, to run on its own ([`Options::only`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// `AWS_ACCESS_KEY_ID` and friends.
    Environment,
    /// The profile's chain, without the environment's keys, the container
    /// or instance metadata: assume-role, web identity, SSO, static keys,
    /// `credential_process` (the AWS SDKs' `fromIni`).
    Profile,
    /// `AssumeRoleWithWebIdentity` (environment or profile).
    WebIdentity,
    /// The profile's IAM Identity Center settings.
    Sso,
    /// The profile's `credential_process`.
    Process,
    /// The container endpoint.
    Container,
    /// EC2 instance metadata.
    InstanceMetadata,
}

impl Source {
    /// Its name in errors and in [`Resolved::source`].
    pub fn name(self) -> &'static str {
        match self {
            Source::Environment => "environment",
            Source::Profile => "profile",
            Source::WebIdentity => "web_identity",
            Source::Sso => "sso",
            Source::Process => "process",
            Source::Container => "container",
            Source::InstanceMetadata => "instance_metadata",
        }
    }
}

/// How to resolve, beyond what the environment says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// A profile chosen by the program (not by `AWS_PROFILE`): the
    /// environment's keys are then skipped, as botocore does.
    pub profile: Option<String>,
    /// The home directory, for `~` in paths and the SSO token cache.
    pub home: Option<String>,
    /// Fall back to IMDSv1 (no session token) when the IMDSv2 token request
    /// is refused. Off by default: IMDSv1 is what SSRF attacks use.
    pub imds_v1_fallback: bool,
    /// The caller can supply MFA codes ([`Step::MfaToken`]); without one, a
    /// profile with `mfa_serial` is refused.
    pub mfa_token: bool,
    /// The `RoleSessionName` when the profile names none (default
    /// `sigv4kit-session-<unix time>`).
    pub session_name: Option<String>,
    /// Run only this source instead of the whole chain.
    pub only: Option<Source>,
}

impl Options {
    /// Options with an explicit profile.
    pub fn with_profile(mut self, profile: Option<String>) -> Self {
        self.profile = profile;
        self
    }

    /// Options with the home directory.
    pub fn with_home(mut self, home: Option<String>) -> Self {
        self.home = home;
        self
    }

    /// Allows or forbids the IMDSv1 fallback.
    pub fn with_imds_v1_fallback(mut self, allow: bool) -> Self {
        self.imds_v1_fallback = allow;
        self
    }

    /// Says whether the caller can answer [`Step::MfaToken`].
    pub fn with_mfa_token(mut self, available: bool) -> Self {
        self.mfa_token = available;
        self
    }

    /// Runs one source on its own.
    pub fn with_only(mut self, source: Option<Source>) -> Self {
        self.only = source;
        self
    }

    /// Sets the default role session name.
    pub fn with_session_name(mut self, name: Option<String>) -> Self {
        self.session_name = name;
        self
    }
}

/// An HTTP request the binding is to send, exactly as described: the
/// method, the URL, these headers (`Host` included), this body.
#[derive(Clone)]
pub struct HttpRequest {
    id: String,
    source: &'static str,
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Zeroizing<String>,
    timeout_ms: u32,
}

impl core::fmt::Debug for HttpRequest {
    // Header values and the body may hold tokens; show names only.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("id", &self.id)
            .field("source", &self.source)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl HttpRequest {
    /// What to pass back to [`Resolver::http`] with the answer.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The source asking (`instance_metadata`, `container`, ...).
    pub fn source(&self) -> &'static str {
        self.source
    }
    /// `GET`, `PUT` or `POST`.
    pub fn method(&self) -> &'static str {
        self.method
    }
    /// The absolute URL.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The headers to send, in order. Values may be secrets.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
    /// The body (empty for `GET`). May hold a token.
    pub fn body(&self) -> &str {
        &self.body
    }
    /// How long to wait for the whole answer, in milliseconds.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }
}

/// What came back from an [`HttpRequest`].
#[derive(Clone)]
pub enum HttpAnswer {
    /// A response: status and body text.
    Response {
        /// The HTTP status.
        status: u16,
        /// The body, as text.
        body: String,
    },
    /// No response: connection refused, timed out, name not resolved.
    Unreachable,
}

impl core::fmt::Debug for HttpAnswer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            HttpAnswer::Response { status, body } => f
                .debug_struct("Response")
                .field("status", status)
                .field("body_len", &body.len())
                .finish(),
            HttpAnswer::Unreachable => f.write_str("Unreachable"),
        }
    }
}

/// The next thing the binding is to do.
#[derive(Debug)]
#[non_exhaustive]
pub enum Step {
    /// Read this file as UTF-8 text and pass it to [`Resolver::file`]
    /// (`None` if it does not exist).
    ReadFile {
        /// The path, `~` already expanded when a home was given.
        path: String,
    },
    /// Send this request and pass the answer to [`Resolver::http`].
    Http(HttpRequest),
    /// Run this program (no shell) and pass its exit code and standard
    /// output to [`Resolver::process`].
    Process {
        /// What to pass back.
        id: String,
        /// The program and its arguments.
        argv: Vec<String>,
        /// The `credential_process` line, as written.
        command: String,
    },
    /// Ask the user for the current code of this MFA device and pass it to
    /// [`Resolver::mfa_token`].
    MfaToken {
        /// The `mfa_serial` setting.
        serial: String,
    },
    /// Resolved.
    Done(Resolved),
    /// No credentials, or a source that failed.
    Failed(ChainError),
}

impl Step {
    /// The I/O this step asks for as text fields, its kind first
    /// (`read_file` path; `http` id source method url timeout_ms body, then
    /// header name/value pairs; `process` id argv...; `mfa` serial), for the
    /// bindings whose boundary carries strings (C, wasm): one encoding,
    /// written once. `None` for [`Step::Done`] and [`Step::Failed`], which
    /// each binding hands over in its own types.
    pub fn io_fields(&self) -> Option<Vec<String>> {
        match self {
            Step::ReadFile { path } => Some(vec!["read_file".into(), path.clone()]),
            Step::Http(req) => {
                let mut fields = vec![
                    "http".into(),
                    req.id().to_owned(),
                    req.source().to_owned(),
                    req.method().to_owned(),
                    req.url().to_owned(),
                    req.timeout_ms().to_string(),
                    req.body().to_owned(),
                ];
                for (name, value) in req.headers() {
                    fields.push(name.clone());
                    fields.push(value.clone());
                }
                Some(fields)
            }
            Step::Process { id, argv, .. } => {
                let mut fields = vec!["process".into(), id.clone()];
                fields.extend(argv.iter().cloned());
                Some(fields)
            }
            Step::MfaToken { serial } => Some(vec!["mfa".into(), serial.clone()]),
            Step::Done(_) | Step::Failed(_) => None,
        }
    }
}

/// Credentials found by the chain, with where they came from and the region.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The credentials; `expiration()` says when to resolve again.
    pub credentials: Credentials,
    /// The source that provided them (`environment`, `assume_role`, ...).
    pub source: &'static str,
    /// `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's `region`.
    pub region: Option<String>,
}

/// Why the chain found no credentials, naming the source and the setting.
/// The reason is built from names, paths, status codes and error codes,
/// never from a secret or token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainError {
    source: &'static str,
    setting: String,
    reason: String,
    not_found: bool,
}

impl ChainError {
    pub(crate) fn new(
        source: &'static str,
        setting: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        ChainError {
            source,
            setting: setting.into(),
            reason: reason.into(),
            not_found: false,
        }
    }

    /// The source at fault (`assume_role`, `sso`, `container`, ...), or
    /// `chain` when no source had credentials.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The setting at fault (`AWS_CONTAINER_CREDENTIALS_FULL_URI`,
    /// `profile dev: source_profile`, ...).
    pub fn setting(&self) -> &str {
        &self.setting
    }

    /// What went wrong.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// True when no source was configured at all (as opposed to one that
    /// was configured and failed).
    pub fn is_not_found(&self) -> bool {
        self.not_found
    }
}

impl core::fmt::Display for ChainError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "credentials ({}): {} [setting: {}]",
            self.source, self.reason, self.setting
        )
    }
}

impl std::error::Error for ChainError {}

/// Why a replay stopped.
pub(crate) enum Stop {
    Need(Box<Step>),
    Fail(ChainError),
}

impl From<ChainError> for Stop {
    fn from(e: ChainError) -> Self {
        Stop::Fail(e)
    }
}

pub(crate) type R<T> = Result<T, Stop>;

pub(crate) fn fail<T>(
    source: &'static str,
    setting: impl Into<String>,
    reason: impl Into<String>,
) -> R<T> {
    Err(Stop::Fail(ChainError::new(source, setting, reason)))
}

/// The resolver: see the module documentation.
pub struct Resolver {
    env: BTreeMap<String, String>,
    options: Options,
    now: SigningTime,
    files: BTreeMap<String, Option<Zeroizing<String>>>,
    http: BTreeMap<String, HttpAnswer>,
    processes: BTreeMap<String, (i32, Zeroizing<String>)>,
    mfa: BTreeMap<String, Zeroizing<String>>,
}

impl core::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Resolver")
            .field("options", &self.options)
            .field("files_read", &self.files.keys().collect::<Vec<_>>())
            .field("requests_answered", &self.http.len())
            .finish_non_exhaustive()
    }
}

impl Resolver {
    /// A resolver over `env` (the process environment, or what stands for
    /// it), resolving at `now`.
    pub fn new(
        env: impl IntoIterator<Item = (String, String)>,
        options: Options,
        now: SigningTime,
    ) -> Self {
        Resolver {
            env: env.into_iter().collect(),
            options,
            now,
            files: BTreeMap::new(),
            http: BTreeMap::new(),
            processes: BTreeMap::new(),
            mfa: BTreeMap::new(),
        }
    }

    /// The next step. Calling it again before answering returns the same
    /// step.
    pub fn next(&self) -> Step {
        let cx = Cx { r: self };
        match profile_chain::run(&cx) {
            Ok((credentials, source)) => {
                if credentials
                    .expiration()
                    .is_some_and(|e| e <= self.now.unix())
                {
                    return Step::Failed(ChainError::new(
                        source,
                        source,
                        "the credentials it returned have already expired",
                    ));
                }
                Step::Done(Resolved {
                    credentials,
                    source,
                    region: profile_chain::region(&cx).ok().flatten(),
                })
            }
            Err(Stop::Need(step)) => *step,
            Err(Stop::Fail(e)) => Step::Failed(e),
        }
    }

    /// The answer to [`Step::ReadFile`]: the file's text, `None` if absent.
    pub fn file(&mut self, path: &str, contents: Option<String>) {
        self.files
            .insert(path.to_owned(), contents.map(Zeroizing::new));
    }

    /// The answer to [`Step::Http`].
    pub fn http(&mut self, id: &str, answer: HttpAnswer) {
        self.http.insert(id.to_owned(), answer);
    }

    /// The answer to [`Step::Process`]: exit code (`-1` if it could not be
    /// started or was killed) and standard output.
    pub fn process(&mut self, id: &str, exit_code: i32, stdout: String) {
        self.processes
            .insert(id.to_owned(), (exit_code, Zeroizing::new(stdout)));
    }

    /// The answer to [`Step::MfaToken`].
    pub fn mfa_token(&mut self, serial: &str, code: String) {
        self.mfa.insert(serial.to_owned(), Zeroizing::new(code));
    }
}

/// What the sources see of the resolver during one replay.
pub(crate) struct Cx<'a> {
    r: &'a Resolver,
}

/// The shared files, as read.
pub(crate) struct Files<'a> {
    pub config: Option<&'a str>,
    pub credentials: Option<&'a str>,
}

impl<'a> Files<'a> {
    pub(crate) fn names(&self) -> Vec<String> {
        profile::profile_names(self.config, self.credentials)
    }
    pub(crate) fn merged(&self, name: &str) -> Option<Profile> {
        profile::resolve(self.config, self.credentials, name).ok()
    }
    pub(crate) fn credentials_only(&self, name: &str) -> Option<Profile> {
        profile::resolve(None, self.credentials, name).ok()
    }
    pub(crate) fn config_only(&self, name: &str) -> Option<Profile> {
        profile::resolve(self.config, None, name).ok()
    }
}

impl<'a> Cx<'a> {
    pub(crate) fn now(&self) -> SigningTime {
        self.r.now
    }

    pub(crate) fn options(&self) -> &'a Options {
        &self.r.options
    }

    /// An environment variable, empty counting as unset.
    pub(crate) fn env(&self, name: &str) -> Option<&'a str> {
        self.r
            .env
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn env_fn(&self) -> impl Fn(&str) -> Option<String> + 'a {
        let env = &self.r.env;
        move |name| env.get(name).cloned()
    }

    /// `~` expanded with the home directory.
    pub(crate) fn expand(&self, path: &str) -> String {
        match (path.strip_prefix('~'), self.r.options.home.as_deref()) {
            (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
                format!("{}{rest}", home.trim_end_matches(['/', '\\']))
            }
            _ => path.to_owned(),
        }
    }

    pub(crate) fn file(&self, path: &str) -> R<Option<&'a str>> {
        match self.r.files.get(path) {
            Some(text) => Ok(text.as_deref().map(String::as_str)),
            None => Err(Stop::Need(Box::new(Step::ReadFile {
                path: path.to_owned(),
            }))),
        }
    }

    pub(crate) fn shared_files(&self) -> R<Files<'a>> {
        let paths = profile::shared_file_paths(self.env_fn(), self.r.options.home.as_deref());
        let config = self.file(&paths.config)?;
        let credentials = self.file(&paths.credentials)?;
        Ok(Files {
            config,
            credentials,
        })
    }

    pub(crate) fn http(&self, request: HttpRequest) -> R<&'a HttpAnswer> {
        match self.r.http.get(&request.id) {
            Some(answer) => Ok(answer),
            None => Err(Stop::Need(Box::new(Step::Http(request)))),
        }
    }

    pub(crate) fn process(
        &self,
        id: String,
        argv: Vec<String>,
        command: &str,
    ) -> R<(i32, &'a str)> {
        match self.r.processes.get(&id) {
            Some((code, out)) => Ok((*code, out.as_str())),
            None => Err(Stop::Need(Box::new(Step::Process {
                id,
                argv,
                command: command.to_owned(),
            }))),
        }
    }

    pub(crate) fn mfa(&self, serial: &str) -> R<&'a str> {
        match self.r.mfa.get(serial) {
            Some(code) => Ok(code.as_str()),
            None => Err(Stop::Need(Box::new(Step::MfaToken {
                serial: serial.to_owned(),
            }))),
        }
    }
}

/// Builds a request the sources send.
pub(crate) fn request(
    id: impl Into<String>,
    source: &'static str,
    method: &'static str,
    url: impl Into<String>,
    headers: Vec<(String, String)>,
    body: String,
    timeout_ms: u32,
) -> HttpRequest {
    HttpRequest {
        id: id.into(),
        source,
        method,
        url: url.into(),
        headers,
        body: Zeroizing::new(body),
        timeout_ms,
    }
}

/// Credentials from the fields of a JSON document, with `source` and
/// `setting` for the errors.
pub(crate) fn credentials_from_parts(
    source: &'static str,
    setting: &str,
    id: Option<&str>,
    secret: Option<&str>,
    token: Option<&str>,
    expiration: Option<i64>,
) -> R<Credentials> {
    let (Some(id), Some(secret)) = (id, secret) else {
        return fail(
            source,
            setting,
            "the answer lacks the access key id or the secret access key",
        );
    };
    match Credentials::new(id, secret, token.map(str::to_owned)) {
        Ok(c) => Ok(c.with_expiration(expiration)),
        Err(e) => fail(
            source,
            setting,
            format!("the answer holds unusable credentials ({})", e.field()),
        ),
    }
}

/// An RFC 3339 expiry (`2026-12-01T10:00:00Z`, fractions allowed) as unix
/// seconds.
pub(crate) fn parse_expiry(source: &'static str, setting: &str, text: &str) -> R<i64> {
    // The SSO token cache of older CLIs writes `...UTC` for `Z`.
    let text = text.trim();
    let fixed;
    let text = if let Some(base) = text.strip_suffix("UTC") {
        fixed = format!("{base}Z");
        fixed.as_str()
    } else {
        text
    };
    match SigningTime::parse_rfc3339(text) {
        Ok(t) => Ok(t.unix()),
        Err(_) => fail(
            source,
            setting,
            "the expiry time is not an RFC 3339 UTC timestamp",
        ),
    }
}

#[cfg(test)]
mod tests;
