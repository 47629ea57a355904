//! The default credential chain (the core's `sigv4kit::chain`), two ways:
//!
//! - `sigv4kit_credentials_from_chain`: one call that does the I/O itself:
//!   the environment, the files and `credential_process` with the standard
//!   library, HTTP through a transport callback the caller provides (the
//!   example uses libcurl), or, without one, built-in plain HTTP to the
//!   link-local and loopback endpoints only (instance metadata, the
//!   container endpoint).
//! - `sigv4kit_chain_*`: the resolver step by step, for bindings that do
//!   the I/O with their own facilities (the Go binding: `net/http`,
//!   `os/exec`).

use core::ffi::{c_char, c_void};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use sigv4kit::chain::{HttpAnswer, HttpRequest, Options, Resolver, Step};
use sigv4kit::{Credentials, SigningTime};

use crate::credentials::sigv4kit_credentials;
use crate::ffi::{
    bytes_arg, give, handle, handle_mut, out_arg, sigv4kit_header, sigv4kit_str, str_arg, take_back,
};
use crate::result::{guard, guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use sigv4kit_result::*;

/// Flag: fall back to IMDSv1 (no session token) when the IMDSv2 token
/// request is refused. Off by default: IMDSv1 is what SSRF attacks use.
pub const SIGV4KIT_CHAIN_IMDS_V1_FALLBACK: u32 = 1;

/// Flag of `sigv4kit_chain_new`: the caller answers `mfa` steps
/// (`sigv4kit_chain_mfa`); without it a profile with `mfa_serial` fails.
pub const SIGV4KIT_CHAIN_MFA_CODES: u32 = 2;

/// An HTTP request the chain asks the transport to send, exactly as
/// described: the headers include `Host`; send no others but
/// `Content-Length`. Every view is valid during the callback only.
#[repr(C)]
pub struct sigv4kit_http_request {
    /// `GET`, `PUT` or `POST`.
    pub method: sigv4kit_str,
    /// The absolute URL.
    pub url: sigv4kit_str,
    /// The headers, in order. Values may be secrets: never log them.
    pub headers: *const sigv4kit_header,
    /// How many headers.
    pub headers_len: usize,
    /// The body (empty for `GET`). May hold a token.
    pub body: sigv4kit_str,
    /// How long to wait for the whole answer, in milliseconds.
    pub timeout_ms: u32,
}

/// Where a transport puts the answer (`sigv4kit_http_response_set`).
pub struct sigv4kit_http_response {
    answer: Option<(u16, String)>,
}

/// Sends `request` and records the answer with `sigv4kit_http_response_set`.
/// Returns false when nothing answered (connection refused, timeout): the
/// chain then treats the endpoint as absent or failed, as the SDKs do.
pub type sigv4kit_transport = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        request: *const sigv4kit_http_request,
        response: *mut sigv4kit_http_response,
    ) -> bool,
>;

/// Records the status and body of the answer (the body is copied; it must
/// be UTF-8, as every credential endpoint answers).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_http_response_set(
    response: *mut sigv4kit_http_response,
    status: u16,
    body: *const u8,
    body_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let response = unsafe { handle_mut(response, "response")? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let text = String::from_utf8_lossy(body).into_owned();
        response.answer = Some((status, text));
        Ok(())
    })
}

fn bad_utf8(what: &'static str) -> Failure {
    Failure::not_utf8(SIGV4KIT_INVALID_ARGUMENT, what).at(what)
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn options(profile: &str, flags: u32) -> Options {
    Options::default()
        .with_profile((!profile.is_empty()).then(|| profile.to_owned()))
        .with_home(std::env::var("HOME").ok())
        .with_imds_v1_fallback(flags & SIGV4KIT_CHAIN_IMDS_V1_FALLBACK != 0)
}

/// Hosts the built-in plain HTTP client may reach: the instance metadata
/// and container endpoints, and loopback.
fn builtin_allowed(ip: IpAddr) -> bool {
    ip.is_loopback()
        || [
            "169.254.169.254",
            "169.254.170.2",
            "169.254.170.23",
            "fd00:ec2::254",
            "fd00:ec2::23",
        ]
        .iter()
        .any(|a| a.parse::<IpAddr>().is_ok_and(|x| x == ip))
}

/// The built-in transport: plain HTTP/1.1 to the hosts above.
fn builtin_http(req: &HttpRequest) -> Result<HttpAnswer, Failure> {
    let needs = || {
        Failure::new(
            SIGV4KIT_INVALID_ARGUMENT,
            format!(
                "credentials ({}): {} needs a transport callback (the built-in client speaks \
                 plain HTTP to instance metadata, the container endpoint and loopback only)",
                req.source(),
                req.url()
            ),
        )
        .at("transport")
        .in_source(req.source())
    };
    let parts = sigv4kit::url::split_url(req.url()).map_err(|_| needs())?;
    if parts.scheme != "http" {
        return Err(needs());
    }
    let host = parts.host.trim_start_matches('[').trim_end_matches(']');
    let port = parts.port.unwrap_or(80);
    let addrs: Vec<SocketAddr> = if host == "localhost" {
        ("localhost", port)
            .to_socket_addrs()
            .map(|a| a.collect())
            .unwrap_or_default()
    } else {
        match host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => return Err(needs()),
        }
    };
    let timeout = Duration::from_millis(u64::from(req.timeout_ms().max(1)));
    let Some(addr) = addrs.into_iter().find(|a| builtin_allowed(a.ip())) else {
        return Err(needs());
    };
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, timeout) else {
        return Ok(HttpAnswer::Unreachable);
    };
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let mut head = format!("{} {} HTTP/1.1\r\n", req.method(), parts.target);
    for (n, v) in req.headers() {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    if !req.body().is_empty() || req.method() != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", req.body().len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    if stream.write_all(head.as_bytes()).is_err()
        || stream.write_all(req.body().as_bytes()).is_err()
    {
        return Ok(HttpAnswer::Unreachable);
    }
    let mut raw = Vec::new();
    if stream.read_to_end(&mut raw).is_err() && raw.is_empty() {
        return Ok(HttpAnswer::Unreachable);
    }
    Ok(parse_response(&raw).unwrap_or(HttpAnswer::Unreachable))
}

/// Status and body of an HTTP/1.1 response read to the end.
fn parse_response(raw: &[u8]) -> Option<HttpAnswer> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = core::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut chunked = false;
    let mut length: Option<usize> = None;
    for line in lines {
        let (n, v) = line.split_once(':')?;
        let (n, v) = (n.trim(), v.trim());
        if n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked") {
            chunked = true;
        } else if n.eq_ignore_ascii_case("content-length") {
            length = v.parse().ok();
        }
    }
    let mut body = &raw[split + 4..];
    let decoded;
    if chunked {
        let mut out = Vec::new();
        loop {
            let end = body.windows(2).position(|w| w == b"\r\n")?;
            let size_text = core::str::from_utf8(&body[..end]).ok()?;
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            body = &body[end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(body.get(..size)?);
            body = body.get(size + 2..)?;
        }
        decoded = out;
        body = &decoded;
    } else if let Some(n) = length {
        body = body.get(..n)?;
    }
    Some(HttpAnswer::Response {
        status,
        body: String::from_utf8_lossy(body).into_owned(),
    })
}

fn read_file(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn run_process(argv: &[String]) -> (i32, String) {
    let Some((program, args)) = argv.split_first() else {
        return (-1, String::new());
    };
    match std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
    {
        Ok(out) => (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ),
        Err(_) => (-1, String::new()),
    }
}

fn unfinished() -> Failure {
    Failure::new(
        SIGV4KIT_INVALID_CREDENTIALS,
        "credentials (chain): the chain did not finish",
    )
    .in_source("chain")
}

/// Credentials from the default chain, in botocore's order: the
/// environment, assume-role profiles (signed here), web identity, SSO, the
/// shared files, `credential_process`, the container endpoint, instance
/// metadata. `profile` `(NULL, 0)` means `AWS_PROFILE` or `default` (an
/// explicit profile skips the environment's keys). `transport` sends the
/// HTTP requests (with `userdata`); NULL uses the built-in plain HTTP
/// client, which reaches instance metadata, the container endpoint and
/// loopback only (an https endpoint such as STS then fails, naming it).
/// `SIGV4KIT_NOT_FOUND` when no source is configured;
/// `SIGV4KIT_INVALID_CREDENTIALS` when one fails (and when a profile needs
/// an MFA code: use the step-by-step API); `SIGV4KIT_INVALID_ARGUMENT` when
/// the built-in client cannot reach an endpoint (field `transport`). On
/// failure a non-NULL `error_out` receives an error whose message names the
/// source and the setting (`sigv4kit_error_source`,
/// `sigv4kit_error_setting`), never a secret or token. Free the result with
/// `sigv4kit_credentials_free`; resolve again before its expiry.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_credentials_from_chain(
    profile: *const c_char,
    profile_len: usize,
    flags: u32,
    transport: sigv4kit_transport,
    userdata: *mut c_void,
    credentials_out: *mut *mut sigv4kit_credentials,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(credentials_out, "credentials_out")?;
        let profile = unsafe { str_arg(profile, profile_len, "profile", || bad_utf8("profile"))? };
        let now = SigningTime::from_unix(now_unix())?;
        let mut r = Resolver::new(std::env::vars(), options(profile, flags), now);
        for _ in 0..100 {
            match r.next() {
                Step::ReadFile { path } => {
                    let text = read_file(&path);
                    r.file(&path, text);
                }
                Step::Http(req) => {
                    let answer = match transport {
                        None => builtin_http(&req)?,
                        Some(send) => {
                            let headers: Vec<sigv4kit_header> = req
                                .headers()
                                .iter()
                                .map(|(n, v)| sigv4kit_header {
                                    name: sigv4kit_str::of(n),
                                    value: sigv4kit_str::of(v),
                                })
                                .collect();
                            let c_req = sigv4kit_http_request {
                                method: sigv4kit_str::of(req.method()),
                                url: sigv4kit_str::of(req.url()),
                                headers: headers.as_ptr(),
                                headers_len: headers.len(),
                                body: sigv4kit_str::of(req.body()),
                                timeout_ms: req.timeout_ms(),
                            };
                            let mut response = sigv4kit_http_response { answer: None };
                            // SAFETY: the callback gets views valid for the call.
                            let answered = unsafe { send(userdata, &c_req, &mut response) };
                            match (answered, response.answer) {
                                (true, Some((status, body))) => {
                                    HttpAnswer::Response { status, body }
                                }
                                _ => HttpAnswer::Unreachable,
                            }
                        }
                    };
                    r.http(req.id(), answer);
                }
                Step::Process { id, argv, .. } => {
                    let (code, stdout) = run_process(&argv);
                    r.process(&id, code, stdout);
                }
                Step::MfaToken { .. } => {
                    return Err(Failure::new(
                        SIGV4KIT_INVALID_CREDENTIALS,
                        "credentials (assume_role): MFA codes need the step-by-step \
                         sigv4kit_chain API [setting: mfa_serial]",
                    )
                    .in_source("assume_role"))
                }
                Step::Done(resolved) => {
                    unsafe {
                        give(
                            out,
                            sigv4kit_credentials {
                                inner: resolved.credentials,
                            },
                        )
                    };
                    return Ok(());
                }
                Step::Failed(e) => return Err(e.into()),
                _ => break,
            }
        }
        Err(unfinished())
    })
}

/// The default chain, step by step: `sigv4kit_chain_step` says what to do
/// next, the caller does it and passes the answer back, until the step is
/// `done` or `failed`; then `sigv4kit_chain_credentials` gives the
/// credentials, or the failure as a result and a `sigv4kit_error`.
///
/// Thread safety: use from one thread at a time.
pub struct sigv4kit_chain {
    resolver: Resolver,
    // Wiped when replaced or freed: the `done` step holds the keys.
    step: zeroize::Zeroizing<String>,
    outcome: Option<Result<Credentials, Failure>>,
}

/// A step-by-step resolver. `env` is `NAME=value` entries each ended by a
/// NUL, or `(NULL, 0)` for this process's environment; `profile` as for
/// `sigv4kit_credentials_from_chain`; `flags` `SIGV4KIT_CHAIN_*` (with
/// `SIGV4KIT_CHAIN_MFA_CODES` when the caller answers MFA steps). `now` is seconds since the epoch. Free it
/// with `sigv4kit_chain_free`. A non-NULL `error_out` receives the detail
/// of a failure (the field: `env`, `profile`, `timestamp`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_new(
    env: *const c_char,
    env_len: usize,
    profile: *const c_char,
    profile_len: usize,
    flags: u32,
    now: i64,
    chain_out: *mut *mut sigv4kit_chain,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(chain_out, "chain_out")?;
        let profile = unsafe { str_arg(profile, profile_len, "profile", || bad_utf8("profile"))? };
        let now = SigningTime::from_unix(now)?;
        let mut opts =
            options(profile, flags).with_mfa_token(flags & SIGV4KIT_CHAIN_MFA_CODES != 0);
        let vars: Vec<(String, String)> = if env.is_null() {
            std::env::vars().collect()
        } else {
            let text = unsafe { str_arg(env, env_len, "env", || bad_utf8("env"))? };
            text.split('\0')
                .filter_map(|e| e.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        if let Some((_, home)) = vars.iter().find(|(k, _)| k == "HOME") {
            opts = opts.with_home(Some(home.clone()));
        }
        unsafe {
            give(
                out,
                sigv4kit_chain {
                    resolver: Resolver::new(vars, opts, now),
                    step: zeroize::Zeroizing::new(String::new()),
                    outcome: None,
                },
            )
        };
        Ok(())
    })
}

/// The next step, as NUL-separated fields whose first names it:
/// `read_file path`; `http id source method url timeout_ms body
/// (name value)*`; `process id arg...`; `mfa serial`; `done source region
/// access_key_id secret_access_key session_token expiration` (expiration in
/// seconds since the epoch, `-1` for none: for bindings that build their own
/// credentials value; `sigv4kit_chain_credentials` gives the handle);
/// `failed` alone: `sigv4kit_chain_credentials` then returns the failure's
/// result and error. The view is owned by the chain until the next call,
/// and wiped then or when the chain is freed: it may hold secrets and
/// tokens, never log it. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_step(chain: *mut sigv4kit_chain) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        let chain = unsafe { chain.as_mut()? };
        let mut f: Vec<String> = Vec::new();
        chain.outcome = None;
        let step = chain.resolver.next();
        if let Some(fields) = step.io_fields() {
            f = fields;
        }
        match step {
            Step::ReadFile { .. }
            | Step::Http(_)
            | Step::Process { .. }
            | Step::MfaToken { .. } => {}
            Step::Done(r) => {
                let c = &r.credentials;
                f.extend([
                    "done".into(),
                    r.source.into(),
                    r.region.clone().unwrap_or_default(),
                    c.access_key_id().into(),
                    c.secret_access_key().into(),
                    c.session_token().unwrap_or_default().into(),
                    c.expiration()
                        .map_or_else(|| "-1".into(), |e| e.to_string()),
                ]);
                chain.outcome = Some(Ok(r.credentials));
            }
            Step::Failed(e) => {
                f.push("failed".into());
                chain.outcome = Some(Err(e.into()));
            }
            // A step of the core this library version cannot pass on.
            _ => {
                f.push("failed".into());
                chain.outcome = Some(Err(Failure::new(
                    SIGV4KIT_INVALID_CREDENTIALS,
                    "credentials (chain): a step this library cannot pass on",
                )
                .in_source("chain")));
            }
        }
        chain.step = zeroize::Zeroizing::new(f.join("\0"));
        for field in &mut f {
            zeroize::Zeroize::zeroize(field);
        }
        Some(sigv4kit_str::of(&chain.step))
    })
}

/// The answer to `read_file`: the text, or `present` false when the file
/// does not exist.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_file(
    chain: *mut sigv4kit_chain,
    path: *const c_char,
    path_len: usize,
    present: bool,
    text: *const c_char,
    text_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let chain = unsafe { handle_mut(chain, "chain")? };
        let path = unsafe { str_arg(path, path_len, "path", || bad_utf8("path"))? };
        let text = unsafe { bytes_arg(text.cast(), text_len, "text")? };
        let text = present.then(|| String::from_utf8_lossy(text).into_owned());
        chain.resolver.file(path, text);
        Ok(())
    })
}

/// The answer to `http`: `status` negative when nothing answered.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_http(
    chain: *mut sigv4kit_chain,
    id: *const c_char,
    id_len: usize,
    status: i32,
    body: *const c_char,
    body_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let chain = unsafe { handle_mut(chain, "chain")? };
        let id = unsafe { str_arg(id, id_len, "id", || bad_utf8("id"))? };
        let body = unsafe { bytes_arg(body.cast(), body_len, "body")? };
        let answer = match u16::try_from(status) {
            Ok(status) => HttpAnswer::Response {
                status,
                body: String::from_utf8_lossy(body).into_owned(),
            },
            Err(_) => HttpAnswer::Unreachable,
        };
        chain.resolver.http(id, answer);
        Ok(())
    })
}

/// The answer to `process`: exit code (`-1` if it could not run) and output.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_process(
    chain: *mut sigv4kit_chain,
    id: *const c_char,
    id_len: usize,
    exit_code: i32,
    stdout_text: *const c_char,
    stdout_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let chain = unsafe { handle_mut(chain, "chain")? };
        let id = unsafe { str_arg(id, id_len, "id", || bad_utf8("id"))? };
        let out = unsafe { bytes_arg(stdout_text.cast(), stdout_len, "stdout")? };
        chain
            .resolver
            .process(id, exit_code, String::from_utf8_lossy(out).into_owned());
        Ok(())
    })
}

/// The answer to `mfa`: the device's current code.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_mfa(
    chain: *mut sigv4kit_chain,
    serial: *const c_char,
    serial_len: usize,
    code: *const c_char,
    code_len: usize,
) -> sigv4kit_result {
    guard(|| {
        let chain = unsafe { handle_mut(chain, "chain")? };
        let serial = unsafe { str_arg(serial, serial_len, "serial", || bad_utf8("serial"))? };
        let code = unsafe { str_arg(code, code_len, "code", || bad_utf8("code"))? };
        chain.resolver.mfa_token(serial, code.to_owned());
        Ok(())
    })
}

/// The outcome of the last step. After `done`: the credentials (free them
/// with `sigv4kit_credentials_free`). After `failed`: the chain's failure,
/// `SIGV4KIT_NOT_FOUND` when no source is configured or
/// `SIGV4KIT_INVALID_CREDENTIALS` when one failed, with (for a non-NULL
/// `error_out`) an error naming the source and the setting
/// (`sigv4kit_error_source`, `sigv4kit_error_setting`), never a secret or
/// token. After any other step: `SIGV4KIT_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_credentials(
    chain: *const sigv4kit_chain,
    credentials_out: *mut *mut sigv4kit_credentials,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(credentials_out, "credentials_out")?;
        let chain = unsafe { handle(chain, "chain")? };
        match &chain.outcome {
            Some(Ok(credentials)) => {
                let inner = credentials.clone();
                unsafe { give(out, sigv4kit_credentials { inner }) };
                Ok(())
            }
            Some(Err(failure)) => Err(failure.clone()),
            None => Err(Failure::new(
                SIGV4KIT_INVALID_ARGUMENT,
                "the chain's last step was neither done nor failed",
            )
            .at("chain")),
        }
    })
}

/// Frees a chain. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chain_free(chain: *mut sigv4kit_chain) {
    let _ = guard(|| {
        unsafe { take_back(chain) };
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_length_and_chunked_responses() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello...").unwrap();
        assert!(matches!(r, HttpAnswer::Response { status: 200, ref body } if body == "hello"));
        let r = parse_response(
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        )
        .unwrap();
        assert!(matches!(r, HttpAnswer::Response { status: 404, ref body } if body == "abcde"));
        assert!(parse_response(b"garbage").is_none());
    }

    /// Runs a resolver over `env`, every file absent, to its failure.
    fn failure_of(env: &[(&str, &str)]) -> Failure {
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        let mut r = Resolver::new(env, Options::default(), SigningTime::from_unix(0).unwrap());
        for _ in 0..50 {
            match r.next() {
                Step::ReadFile { path } => r.file(&path, None),
                Step::Failed(e) => return e.into(),
                other => panic!("unexpected step {other:?}"),
            }
        }
        panic!("the chain did not finish");
    }

    /// The result comes from the chain's not-found flag, the source and
    /// setting from its error: nothing is read back from the message.
    #[test]
    fn chain_failures_map_to_results_with_source_and_setting() {
        let base = [
            ("HOME", "/nonexistent"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ];
        let f = failure_of(&base);
        assert_eq!(f.result(), SIGV4KIT_NOT_FOUND);
        assert_eq!(f.source(), "chain");
        let token = "Bearer secret-container-token";
        let f = failure_of(&[
            base[0],
            base[1],
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://192.0.2.1/creds",
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", token),
        ]);
        assert_eq!(f.result(), SIGV4KIT_INVALID_CREDENTIALS);
        assert_eq!(f.source(), "container");
        assert_eq!(f.setting(), "AWS_CONTAINER_CREDENTIALS_FULL_URI");
        assert!(!f.message().contains("secret-container-token"));
    }

    #[test]
    fn the_builtin_client_reaches_only_metadata_and_loopback() {
        for ok in [
            "127.0.0.1",
            "::1",
            "169.254.169.254",
            "169.254.170.2",
            "fd00:ec2::23",
        ] {
            assert!(builtin_allowed(ok.parse().unwrap()), "{ok}");
        }
        for no in ["10.0.0.1", "8.8.8.8", "169.254.170.3", "fd00:ec2::24"] {
            assert!(!builtin_allowed(no.parse().unwrap()), "{no}");
        }
    }
}
