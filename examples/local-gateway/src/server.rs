//! The HTTP server: connections, routing and the order of checks API
//! Gateway applies (route, signature, resource policy, integration).
//!
//! Request routing, in order:
//! - `OPTIONS` anything: the CORS preflight, never signed.
//! - `GET`/`HEAD` under a static mount: files for the browser demo.
//! - `POST /identity-pool/credentials`: the unauthenticated credentials
//!   endpoint standing in for a Cognito identity pool.
//! - `POST` with `X-Amz-Target: AWSCognitoIdentityService.*`: Cognito's
//!   unauthenticated `GetId` and `GetCredentialsForIdentity`.
//! - `POST {uploads.url}BUCKET`: an S3 browser upload with a presigned POST
//!   policy.
//! - `/` with an STS `Action` (form body or query): STS, signed for `sts`.
//! - `/STAGE/...`: the API, signed for `execute-api`.
//! - anything else: 403 Missing Authentication Token, as API Gateway answers
//!   unknown paths.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::service::service_fn;
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::{json, Map, Value};
use sigv4kit::Request;
use tokio::net::TcpListener;

use crate::access_log::{self, Entry};
use crate::auth::{self, Failure};
use crate::config::Config;
use crate::identity::{Identity, IdentityStore};
use crate::policy::{Access, Caller, Decision};
use crate::request_path::RequestPath;
use crate::static_files::{self, Found};
use crate::{cors, sts};

/// Everything a request handler needs, shared by all connections.
pub struct State {
    /// The configuration (its identities moved into `store`).
    pub config: Config,
    /// Identities and sessions.
    pub store: IdentityStore,
    /// Directory relative static mounts are resolved against.
    pub static_root: PathBuf,
    /// Whether to write access log lines.
    pub access_log: bool,
    /// Verification times in microseconds, recorded for the load test only.
    pub verify_samples: Option<Mutex<Vec<u32>>>,
    /// Requests answered.
    pub requests: AtomicU64,
    /// A fixed time (unix seconds) that verification, STS and the identity
    /// pool use instead of the system clock: `--clock`, a testing aid for
    /// replaying captured requests. `None` (the default) is the system clock.
    pub clock: Option<i64>,
}

impl State {
    /// State for a configuration.
    pub fn new(mut config: Config, static_root: PathBuf) -> State {
        let store = IdentityStore::new(std::mem::take(&mut config.identities));
        State {
            config,
            store,
            static_root,
            access_log: true,
            verify_samples: None,
            requests: AtomicU64::new(0),
            clock: None,
        }
    }

    /// The time requests are verified at: the fixed clock if one was set,
    /// else the system clock.
    pub fn now(&self) -> i64 {
        self.clock.unwrap_or_else(now_unix)
    }
}

/// Path of the identity pool stand-in.
pub const IDENTITY_POOL_PATH: &str = "/identity-pool/credentials";

/// How long open connections get to finish once shutdown starts.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves connections from `listener` until `shutdown` completes, then stops
/// accepting, lets requests in flight finish (up to a grace period) and
/// returns.
pub async fn serve(listener: TcpListener, state: Arc<State>, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(state.config.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(pair) => pair,
                    Err(_) => {
                        // Out of file descriptors or similar: back off briefly
                        // instead of spinning.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                let service = service_fn(move |req| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(handle(&state, remote, req).await) }
                });
                let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A response before the common headers are added.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Bytes,
    headers: Vec<(&'static str, String)>,
    outcome: &'static str,
}

impl Reply {
    fn json(status: u16, value: &Value, outcome: &'static str) -> Reply {
        let mut body = serde_json::to_vec(value).unwrap_or_default();
        body.push(b'\n');
        Reply {
            status,
            content_type: "application/json",
            body: body.into(),
            headers: Vec::new(),
            outcome,
        }
    }

    /// An API Gateway error: `{"message": ...}` and `x-amzn-ErrorType`.
    fn api_error(
        status: u16,
        message: &str,
        error_type: &'static str,
        outcome: &'static str,
    ) -> Reply {
        Reply::json(status, &json!({ "message": message }), outcome)
            .with_header("x-amzn-ErrorType", error_type)
    }

    fn xml(status: u16, body: String, outcome: &'static str) -> Reply {
        Reply {
            status,
            content_type: "text/xml",
            body: body.into(),
            headers: Vec::new(),
            outcome,
        }
    }

    fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

async fn handle(
    state: &State,
    remote: SocketAddr,
    req: hyper::Request<Incoming>,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let request_id = sts::uuid_like();
    let mut entry = Entry {
        time_ms: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0),
        request_id: request_id.clone(),
        ip: remote.ip().to_string(),
        method: req.method().to_string(),
        path: access_log::redact_target(req.uri().path_and_query().map_or("/", |p| p.as_str())),
        ..Entry::default()
    };
    let reply = route(state, req, &request_id, &mut entry).await;
    entry.status = reply.status;
    entry.outcome = reply.outcome;
    entry.response_bytes = reply.body.len();
    entry.duration_us = started.elapsed().as_micros() as u64;
    if let (Some(samples), Some(us)) = (&state.verify_samples, entry.verify_us) {
        samples
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(us.min(u64::from(u32::MAX)) as u32);
    }
    state.requests.fetch_add(1, Ordering::Relaxed);
    if state.access_log {
        access_log::write(&entry);
    }
    let mut response = Response::new(Full::new(reply.body));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert("x-amzn-RequestId", v);
    }
    for (name, value) in cors::response_headers() {
        headers.insert(name, HeaderValue::from_static(value));
    }
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
    response
}

/// Reads the body up to the configured limit and within the body read
/// timeout: a declared or actual length over the limit is 413, a body not
/// complete in time 408 (and either way the connection is closed, the rest
/// of the body unread).
async fn read_body(state: &State, headers: &HeaderMap, body: Incoming) -> Result<Bytes, Reply> {
    let limit = state.config.max_body_bytes;
    let too_large = || {
        Reply::api_error(
            413,
            &format!("HTTP content length exceeded {limit} bytes."),
            "RequestTooLargeException",
            "body_too_large",
        )
        .with_header("Connection", "close")
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let collect = Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX)).collect();
    let Ok(collected) = tokio::time::timeout(state.config.body_read_timeout, collect).await else {
        return Err(Reply::api_error(
            408,
            "The request body did not arrive in time.",
            "RequestTimeoutException",
            "body_timeout",
        )
        .with_header("Connection", "close"));
    };
    match collected {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(_) => Err(Reply::api_error(
            400,
            "The request body could not be read.",
            "BadRequestException",
            "bad_body",
        )
        .with_header("Connection", "close")),
    }
}

/// Decodes a query key or value for the echoed event as API Gateway does:
/// `+` is a space, `%XX` a byte. A broken escape stays literal: the echo
/// only shows what arrived.
fn decode_component(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'+' {
            out.push(b' ');
            i += 1;
            continue;
        }
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn route(
    state: &State,
    req: hyper::Request<Incoming>,
    request_id: &str,
    entry: &mut Entry,
) -> Reply {
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let target = target_as_api_gateway_reads_it(parts.uri.path(), parts.uri.query());
    if let Err(message) = check_host(&parts) {
        return Reply::api_error(400, message, "BadRequestException", "bad_host");
    }
    if let Err(message) = check_single_signature(&parts) {
        return Reply::api_error(400, &message, "BadRequestException", "ambiguous_signature");
    }
    // Read once, here: everything below routes and authorizes on this path,
    // and verification checks the signature covers exactly it.
    let request_path = match RequestPath::parse(parts.uri.path()) {
        Ok(p) => p,
        Err(e) => {
            return Reply::api_error(400, &e.to_string(), "BadRequestException", "ambiguous_path")
        }
    };
    let path = request_path.decoded();

    if method == Method::OPTIONS {
        let mut reply = Reply {
            status: 200,
            content_type: "application/json",
            body: Bytes::from_static(b"{}\n"),
            headers: Vec::new(),
            outcome: "preflight",
        };
        for (name, value) in cors::preflight_headers() {
            reply = reply.with_header(name, value);
        }
        return reply;
    }

    if method == Method::GET || method == Method::HEAD {
        if let Some(mount) = static_files::mount_for(&state.config.static_mounts, path) {
            return match static_files::lookup(&state.static_root, mount, path).await {
                Found::File(bytes, content_type) => Reply {
                    status: 200,
                    content_type,
                    body: bytes.into(),
                    headers: vec![("Cache-Control", "no-cache".into())],
                    outcome: "static",
                },
                Found::Redirect(to) => Reply {
                    status: 301,
                    content_type: "text/plain",
                    body: Bytes::new(),
                    headers: vec![("Location", to)],
                    outcome: "static_redirect",
                },
                Found::NotFound => {
                    Reply::api_error(404, "Not Found", "NotFoundException", "static_not_found")
                }
            };
        }
        let unsigned = !parts.headers.contains_key("authorization") && parts.uri.query().is_none();
        if path == "/" && unsigned {
            if let Some(first) = state.config.static_mounts.first() {
                return Reply {
                    status: 302,
                    content_type: "text/plain",
                    body: Bytes::new(),
                    headers: vec![("Location", first.url.clone())],
                    outcome: "redirect",
                };
            }
        }
    }

    let body = match read_body(state, &parts.headers, body).await {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    entry.request_bytes = body.len();

    if let Some(uploads) = &state.config.uploads {
        if let Some(bucket) = path.strip_prefix(uploads.url.as_str()) {
            return upload(state, &parts, bucket, &body, request_id, entry);
        }
    }

    if path == IDENTITY_POOL_PATH {
        if method != Method::POST {
            return Reply::api_error(
                405,
                "Use POST.",
                "MethodNotAllowedException",
                "method_not_allowed",
            )
            .with_header("Allow", "POST, OPTIONS");
        }
        return match sts::identity_pool_credentials(&state.config, &state.store, state.now()) {
            Ok(value) => Reply::json(200, &value, "identity_pool_credentials"),
            Err(reason) => Reply::api_error(
                503,
                &reason,
                "ServiceUnavailableException",
                "identity_pool_unavailable",
            ),
        };
    }

    // Header values as text: invalid UTF-8 becomes U+FFFD, which can only
    // make the signature fail, never pass.
    let header_text: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let sig_request = Request {
        method: method.as_str(),
        target: &target,
        headers: header_text
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };

    let cognito_target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Cognito's JSON protocol posts to `/` only: any other path is the API's,
    // whatever headers it carries.
    if method == Method::POST
        && path == "/"
        && cognito_target.starts_with(crate::cognito::TARGET_PREFIX)
    {
        let reply = crate::cognito::handle(
            cognito_target,
            &body,
            &state.config,
            &state.store,
            state.now(),
        );
        let outcome = if reply.error_type.is_some() {
            "cognito_error"
        } else {
            "cognito_ok"
        };
        let mut out = Reply::json(reply.status, &reply.body, outcome);
        out.content_type = crate::cognito::CONTENT_TYPE;
        if let Some(t) = reply.error_type {
            out = out.with_header("x-amzn-ErrorType", t);
        }
        return out;
    }

    if path == "/" && is_sts_call(&parts, &body) {
        return sts_call(
            state,
            &sig_request,
            &request_path,
            &parts,
            &body,
            request_id,
            entry,
        );
    }

    let stage_prefix = format!("/{}", state.config.api.stage);
    let resource_path = match path.strip_prefix(&stage_prefix) {
        Some("") => "/".to_string(),
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => return missing_token(),
    };
    let Some(route) = state
        .config
        .api
        .routes
        .iter()
        .find(|r| r.matches(method.as_str(), &resource_path))
    else {
        return missing_token();
    };

    let api = &state.config.api;
    let now = state.now();
    let authed = auth::authenticate(
        &state.store,
        &state.config,
        &sig_request,
        &request_path,
        &body,
        "execute-api",
        Some(&api.region),
        now,
    );
    let authed = match authed {
        Ok(a) => a,
        Err(f) => return api_failure(f, entry),
    };
    entry.verify_us = Some(authed.verify_us);
    let identity = authed.identity;
    // An aws-chunked upload reaches the integration decoded.
    let body = authed.decoded_body.map_or(body, Into::into);
    entry.access_key_id = Some(identity.credentials.access_key_id().to_string());
    entry.caller = Some(identity.arn.clone());

    let resource = format!(
        "{}/{}/{}/{}",
        api.arn_prefix(),
        api.stage,
        method.as_str(),
        resource_path.trim_start_matches('/')
    );
    let caller = Caller {
        arn: &identity.arn,
        principal_arn: &identity.principal_arn,
        account: &identity.account,
    };
    let decision = state.config.policy.evaluate(
        &caller,
        &Access {
            action: "execute-api:Invoke",
            resource: &resource,
        },
    );
    let not_authorized = |suffix: &str, outcome| {
        Reply::api_error(
            403,
            &format!("User: {} is not authorized to perform: execute-api:Invoke on resource: {resource}{suffix}", identity.arn),
            "AccessDeniedException",
            outcome,
        )
    };
    match decision {
        Decision::ExplicitDeny => not_authorized(" with an explicit deny", "explicit_deny"),
        Decision::ImplicitDeny => not_authorized("", "implicit_deny"),
        Decision::Allow => {
            let event = lambda_event(
                state,
                &parts,
                &resource_path,
                route.key(),
                &body,
                &identity,
                request_id,
                now,
            );
            Reply::json(200, &event, "allowed")
        }
    }
}

/// A browser upload to an S3-style bucket route (see `uploads.rs`).
fn upload(
    state: &State,
    parts: &hyper::http::request::Parts,
    bucket: &str,
    body: &[u8],
    request_id: &str,
    entry: &mut Entry,
) -> Reply {
    let answer = if parts.method != Method::POST || bucket.contains('/') {
        crate::uploads::error(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            request_id,
            "upload_method_not_allowed",
        )
    } else {
        let uploads = state.config.uploads.as_ref();
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        crate::uploads::handle(
            &state.store,
            uploads.map_or(&[][..], |u| &u.buckets[..]),
            &state.config.api.region,
            bucket,
            content_type,
            body,
            state.now(),
            request_id,
        )
    };
    entry.access_key_id = answer.access_key_id.clone();
    let mut reply = if answer.body.is_empty() {
        Reply {
            status: answer.status,
            content_type: "text/plain",
            body: Bytes::new(),
            headers: Vec::new(),
            outcome: answer.outcome,
        }
    } else {
        Reply::xml(answer.status, answer.body, answer.outcome)
    };
    if let Some(location) = answer.location {
        reply = reply.with_header("Location", location);
    }
    reply.with_header("x-amz-request-id", request_id.to_owned())
}

/// The request target the signature is verified over: the path as sent,
/// and the query with every raw `+` written `%20`.
///
/// API Gateway (like STS, and like every form decoder) reads a raw `+` in
/// the query as a space, while the core's canonical query keeps it a
/// literal plus. Verifying the bytes as sent would accept a request signed
/// for `q=a%2Bb` (a plus) that the API then reads as `q=a b`, and refuse
/// one signed for `q=a%20b` and sent, as form serializers write it, as
/// `q=a+b`. Rewriting before verification makes the signature cover what
/// the API reads; `%2B` stays a plus. The core has no option for this (its
/// verifier takes the target as sent); a `VerifySettings` switch for
/// "`+` in the query is a space" would make this rewrite unnecessary.
fn target_as_api_gateway_reads_it(path: &str, query: Option<&str>) -> String {
    match query {
        None => path.to_string(),
        Some(query) => format!("{path}?{}", query.replace('+', "%20")),
    }
}

/// RFC 9112 §3.2: an HTTP/1.1 request without a `Host` header, or with more
/// than one, is a 400. SigV4 signs `host`, so which host a request was meant
/// for must never be ambiguous: an absolute-form target whose authority is
/// not the `Host` header is refused too (RFC 9112 has a server use the
/// target's authority there, while the signature covers the header).
fn check_host(parts: &hyper::http::request::Parts) -> Result<(), &'static str> {
    let mut hosts = parts.headers.get_all(hyper::header::HOST).iter();
    let host = hosts.next();
    if hosts.next().is_some() {
        return Err("The request has more than one Host header.");
    }
    let Some(host) = host else {
        return if parts.version == hyper::Version::HTTP_10 {
            Ok(())
        } else {
            Err("The request has no Host header.")
        };
    };
    if let Some(authority) = parts.uri.authority() {
        if !host
            .as_bytes()
            .eq_ignore_ascii_case(authority.as_str().as_bytes())
        {
            return Err("The request target's host is not the Host header.");
        }
    }
    Ok(())
}

/// Headers a signature is read from, each of which must come at most once.
const SINGLE_AUTH_HEADERS: [&str; 4] = [
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Query parameters a presigned signature is read from.
const AUTH_PARAMS: [&str; 7] = [
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-expires",
    "x-amz-signedheaders",
    "x-amz-signature",
    "x-amz-security-token",
];

/// Refuses requests that present their signature ambiguously: a repeated
/// `Authorization` (or `X-Amz-Date`, session token, content hash) header, a
/// repeated `X-Amz-*` auth query parameter (names compared decoded and
/// case-insensitively), or both a header and a query signature. The core
/// reads the first of each, another verifier or proxy might read the last;
/// AWS's own answer to two auth mechanisms is a refusal too.
fn check_single_signature(parts: &hyper::http::request::Parts) -> Result<(), String> {
    for name in SINGLE_AUTH_HEADERS {
        if parts.headers.get_all(name).iter().count() > 1 {
            return Err(format!("The request has more than one {name} header."));
        }
    }
    let mut seen = [false; AUTH_PARAMS.len()];
    let mut presigned = false;
    for pair in parts.uri.query().unwrap_or("").split('&') {
        let name = decode_component(pair.split('=').next().unwrap_or("")).to_ascii_lowercase();
        if let Some(i) = AUTH_PARAMS.iter().position(|p| *p == name) {
            if std::mem::replace(&mut seen[i], true) {
                return Err(format!("The query has more than one {name} parameter."));
            }
            presigned |= matches!(
                AUTH_PARAMS[i],
                "x-amz-algorithm" | "x-amz-credential" | "x-amz-signature"
            );
        }
    }
    if presigned && parts.headers.contains_key("authorization") {
        return Err(
            "Only one auth mechanism allowed: an Authorization header or X-Amz-* query parameters."
                .into(),
        );
    }
    Ok(())
}

fn missing_token() -> Reply {
    let f = Failure::missing();
    Reply::api_error(f.status, &f.message, f.error_type, f.outcome)
}

fn api_failure(f: Failure, entry: &mut Entry) -> Reply {
    entry.access_key_id = f.access_key_id.clone();
    entry.verify_us = f.verify_us;
    Reply::api_error(f.status, &f.message, f.error_type, f.outcome)
}

fn is_form(parts: &hyper::http::request::Parts) -> bool {
    parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

fn sts_params(parts: &hyper::http::request::Parts, body: &[u8]) -> Vec<(String, String)> {
    let mut params = sts::parse_form(parts.uri.query().unwrap_or(""));
    if is_form(parts) {
        params.extend(sts::parse_form(&String::from_utf8_lossy(body)));
    }
    params
}

fn is_sts_call(parts: &hyper::http::request::Parts, body: &[u8]) -> bool {
    parts.method == Method::POST || sts_params(parts, body).iter().any(|(k, _)| k == "Action")
}

fn sts_call(
    state: &State,
    request: &Request<'_>,
    path: &RequestPath,
    parts: &hyper::http::request::Parts,
    body: &[u8],
    request_id: &str,
    entry: &mut Entry,
) -> Reply {
    let now = state.now();
    let authed = auth::authenticate(
        &state.store,
        &state.config,
        request,
        path,
        body,
        "sts",
        None,
        now,
    );
    let authed = match authed {
        Ok(a) => a,
        Err(f) => {
            entry.access_key_id = f.access_key_id.clone();
            entry.verify_us = f.verify_us;
            let message = if f.outcome == "missing_authentication" {
                "Request is missing Authentication Token"
            } else {
                &f.message
            };
            let reply = sts::error(f.status, f.sts_code, message, request_id);
            return Reply::xml(reply.status, reply.body, f.outcome);
        }
    };
    entry.verify_us = Some(authed.verify_us);
    entry.access_key_id = Some(authed.identity.credentials.access_key_id().to_string());
    entry.caller = Some(authed.identity.arn.clone());
    let reply = sts::handle(
        &sts_params(parts, body),
        &authed.identity,
        &state.config,
        &state.store,
        now,
        request_id,
    );
    let outcome = match reply.error_code {
        None => "sts_ok",
        Some("AccessDenied") => "sts_access_denied",
        Some(_) => "sts_error",
    };
    Reply::xml(reply.status, reply.body, outcome)
}

/// Headers API Gateway would pass on but the echo does not repeat: they are
/// credentials.
fn echo_hidden(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token")
}

fn query_map(query: &str) -> (Value, Value) {
    if query.is_empty() {
        return (Value::Null, Value::Null);
    }
    let mut single = Map::new();
    let mut multi: Map<String, Value> = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode_component(k), decode_component(v));
        let value = if access_log::is_secret_param(&k) {
            "redacted".to_string()
        } else {
            v
        };
        single.insert(k.clone(), Value::String(value.clone()));
        match multi.get_mut(&k) {
            Some(Value::Array(list)) => list.push(Value::String(value)),
            _ => {
                multi.insert(k, json!([value]));
            }
        }
    }
    (Value::Object(single), Value::Object(multi))
}

/// The 200 answer: a greeting and the event a Lambda proxy integration would
/// receive, so a caller sees exactly what arrived and as whom.
#[allow(clippy::too_many_arguments)]
fn lambda_event(
    state: &State,
    parts: &hyper::http::request::Parts,
    resource_path: &str,
    route_key: &str,
    body: &[u8],
    identity: &Identity,
    request_id: &str,
    now: i64,
) -> Value {
    let api = &state.config.api;
    let query = parts.uri.query().unwrap_or("");
    let (single, multi) = query_map(query);
    let name = single
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("world")
        .to_string();
    let mut headers = Map::new();
    for (n, v) in &parts.headers {
        let value = if echo_hidden(n.as_str()) {
            "redacted".into()
        } else {
            String::from_utf8_lossy(v.as_bytes()).into_owned()
        };
        headers.insert(n.as_str().to_string(), Value::String(value));
    }
    let (body_value, is_base64) = if body.is_empty() {
        (Value::Null, false)
    } else {
        match std::str::from_utf8(body) {
            Ok(text) => (Value::String(text.to_string()), false),
            Err(_) => (Value::String(base64(body)), true),
        }
    };
    json!({
        "message": format!("Hello, {name}! You called {} {} as {}.", parts.method, resource_path, identity.arn),
        "caller": identity.arn,
        "event": {
            "resource": route_key.split_once(' ').map_or(route_key, |(_, p)| p),
            "path": resource_path,
            "httpMethod": parts.method.as_str(),
            "headers": headers,
            "queryStringParameters": single,
            "multiValueQueryStringParameters": multi,
            "requestContext": {
                "accountId": api.account,
                "apiId": api.id,
                "stage": api.stage,
                "httpMethod": parts.method.as_str(),
                "path": format!("/{}{}", api.stage, resource_path),
                "requestId": request_id,
                "requestTimeEpoch": now * 1000,
                "identity": {
                    "accessKey": identity.credentials.access_key_id(),
                    "accountId": identity.account,
                    "caller": identity.user_id,
                    "user": identity.user_id,
                    "userArn": identity.arn,
                },
            },
            "body": body_value,
            "isBase64Encoded": is_base64,
        },
    })
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_query_components_are_decoded() {
        assert_eq!(decode_component("%64enied"), "denied");
        assert_eq!(decode_component("a%2"), "a%2");
        assert_eq!(decode_component("%"), "%");
        assert_eq!(decode_component("%zz%41"), "%zzA");
        assert_eq!(decode_component("a+b%2Bc"), "a b+c");
    }

    #[test]
    fn a_raw_plus_in_the_query_is_verified_as_a_space() {
        assert_eq!(
            target_as_api_gateway_reads_it("/prod/a+b", Some("q=a+b%2Bc&x+y=1")),
            "/prod/a+b?q=a%20b%2Bc&x%20y=1"
        );
        assert_eq!(target_as_api_gateway_reads_it("/prod", None), "/prod");
        assert_eq!(target_as_api_gateway_reads_it("/", Some("")), "/?");
    }

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn echoed_queries_hide_signatures() {
        let (single, multi) = query_map("a=1&a=2&X-Amz-Signature=abc&b=%20x");
        assert_eq!(single["a"], "2");
        assert_eq!(multi["a"], json!(["1", "2"]));
        assert_eq!(single["X-Amz-Signature"], "redacted");
        assert_eq!(single["b"], " x");
    }
}
