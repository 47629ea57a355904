//! Test support: the gateway binary on a free port, a raw HTTP/1.1 client
//! (so tests control every byte, malformed ones included) and signing with
//! the core.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

pub const AKID: &str = "AKIDEXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const USER_ARN: &str = "arn:aws:iam::111122223333:user/demo";
pub const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/demo-client";

/// A running gateway, stopped with SIGTERM when dropped.
pub struct Gateway {
    pub child: Child,
    pub port: u16,
    pub stdout: Option<BufReader<ChildStdout>>,
}

impl Gateway {
    pub fn start(extra: &[&str]) -> Gateway {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sigv4kit-gateway"))
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the gateway starts");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no listening line: {line:?}"));
        Gateway {
            child,
            port,
            stdout: Some(stdout),
        }
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends SIGTERM and waits; returns (exit success, remaining stdout).
    pub fn stop(&mut self) -> (bool, String) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().unwrap();
        let mut rest = String::new();
        if let Some(mut out) = self.stdout.take() {
            let _ = out.read_to_string(&mut rest);
        }
        (status.success(), rest)
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let _ = self.child.wait();
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn message(&self) -> String {
        self.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Writes raw bytes, reads the whole answer (the request must ask for
/// `Connection: close`, or be one the server closes after).
pub fn raw(port: u16, bytes: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut data = Vec::new();
    let _ = stream.read_to_end(&mut data);
    parse_response(&data)
}

pub fn parse_response(data: &[u8]) -> Response {
    let split = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(data)));
    let head = String::from_utf8_lossy(&data[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: data[split + 4..].to_vec(),
    }
}

/// Sends a request described by its parts.
pub fn send(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Response {
    let mut out = format!("{method} {target} HTTP/1.1\r\n").into_bytes();
    for (n, v) in headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    if !body.is_empty() {
        out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(body);
    raw(port, &out)
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn demo_credentials() -> Credentials {
    Credentials::new(AKID, SECRET, None).unwrap()
}

/// Signs with the core and returns the headers to send (Host included).
#[allow(clippy::too_many_arguments)]
pub fn sign_headers(
    credentials: &Credentials,
    service: &str,
    host: &str,
    method: &str,
    target: &str,
    extra: &[(&str, &str)],
    body: &[u8],
    at: i64,
) -> Vec<(String, String)> {
    let signer = Signer::new(SigningSettings::new("us-east-1", service)).unwrap();
    let mut request = Request::new(method, target).header("Host", host);
    for (n, v) in extra {
        request = request.header(n, v);
    }
    let out = signer
        .sign(
            credentials,
            &request,
            Payload::Bytes(body),
            SigningTime::from_unix(at).unwrap(),
        )
        .unwrap();
    out.headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// A signed request sent as signed.
pub fn signed(
    gw: &Gateway,
    credentials: &Credentials,
    method: &str,
    target: &str,
    body: &[u8],
) -> Response {
    let headers = sign_headers(
        credentials,
        "execute-api",
        &gw.host(),
        method,
        target,
        &[],
        body,
        now(),
    );
    send(gw.port, method, target, &headers, body)
}

/// A presigned target.
pub fn presign(
    credentials: &Credentials,
    host: &str,
    target: &str,
    at: i64,
    expires: u64,
) -> String {
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let request = Request::new("GET", target).header("Host", host);
    let out = signer
        .presign(
            credentials,
            &request,
            Payload::Bytes(b""),
            SigningTime::from_unix(at).unwrap(),
            expires,
        )
        .unwrap();
    out.presigned_target().unwrap().to_string()
}

/// Text between `<name>` and `</name>`.
pub fn xml_tag(xml: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no <{name}> in {xml}"))
        + open.len();
    let end = xml[start..].find(&format!("</{name}>")).unwrap() + start;
    xml[start..end].to_string()
}

/// AssumeRole as the demo user; returns temporary credentials.
pub fn assume_role(gw: &Gateway, session: &str) -> (Credentials, String, String) {
    let body = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName={session}",
        ROLE_ARN.replace(':', "%3A").replace('/', "%2F")
    );
    let ct = [("Content-Type", "application/x-www-form-urlencoded")];
    let headers = sign_headers(
        &demo_credentials(),
        "sts",
        &gw.host(),
        "POST",
        "/",
        &ct,
        body.as_bytes(),
        now(),
    );
    let r = send(gw.port, "POST", "/", &headers, body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let xml = r.text();
    let (akid, secret, token) = (
        xml_tag(&xml, "AccessKeyId"),
        xml_tag(&xml, "SecretAccessKey"),
        xml_tag(&xml, "SessionToken"),
    );
    (
        Credentials::new(akid, secret.clone(), Some(token.clone())).unwrap(),
        secret,
        token,
    )
}

/// Writes a config file into the target directory and returns its path.
pub fn write_config(name: &str, text: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}
