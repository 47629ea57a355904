//! The Rust demo client: signs calls to the local IAM gateway with the
//! `sigv4kit` crate and sends them over a plain socket (any HTTP client
//! works the same way: sign the exact method, target, headers and body you
//! send, then add the headers the signer returns).
//!
//! Start the gateway (`cargo run -p sigv4kit-gateway`), then:
//!
//! ```sh
//! SIGV4KIT_ENDPOINT=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=AKIDEXAMPLE \
//! AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY AWS_REGION=us-east-1 \
//! DEMO_ROLE_ARN=arn:aws:iam::111122223333:role/demo-client \
//! cargo run -p sigv4kit-example --bin demo-client
//! ```
//!
//! It prints one line per call: `CALL<TAB>STATUS<TAB>message`.

use std::error::Error;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{SystemTime, UNIX_EPOCH};

use sigv4kit::chain::{HttpAnswer, Options, Resolver, Step};
use sigv4kit::url::split_url;
use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let endpoint = var("SIGV4KIT_ENDPOINT")?;
    let region = var("AWS_REGION")?;
    let role_arn = var("DEMO_ROLE_ARN")?;
    // Keep one Credentials value: it caches the derived signing keys.
    let credentials = Credentials::new(
        var("AWS_ACCESS_KEY_ID")?,
        var("AWS_SECRET_ACCESS_KEY")?,
        None,
    )?;
    let api = Signer::new(SigningSettings::new(region.as_str(), "execute-api"))?;
    let sts = Signer::new(SigningSettings::new(region.as_str(), "sts"))?;

    // split_url gives the Host header exactly as it will be sent, port included.
    let url = split_url(&endpoint)?;
    let host = url.host_header().into_owned();
    let client = Client { host: host.clone() };

    // allowed: a signed GET.
    let r = client.signed(
        &api,
        &credentials,
        "GET",
        "/prod/hello?name=sigv4kit",
        &[],
        b"",
    )?;
    report("allowed", &r);

    // unsigned: the same call without a signature.
    let r = client.send("GET", "/prod/hello", &[("Host", host.as_str())], b"")?;
    report("unsigned", &r);

    // tampered: sign ?name=a, send ?name=b. The 403 quotes the canonical
    // request the gateway computed, to compare with signed.canonical_request().
    let request = Request::new("GET", "/prod/hello?name=a").header("Host", &host);
    let signed = api.sign(&credentials, &request, Payload::Bytes(b""), now()?)?;
    let r = client.send("GET", "/prod/hello?name=b", &signed.headers(&request), b"")?;
    report("tampered", &r);

    // denied: signed, but the resource policy denies everyone /prod/denied.
    let r = client.signed(&api, &credentials, "GET", "/prod/denied", &[], b"")?;
    report("denied", &r);

    // presigned: the signature travels in the query; any plain GET works.
    let request = Request::new("GET", "/prod/hello").header("Host", &host);
    let presigned = api.presign(&credentials, &request, Payload::Unsigned, now()?, 300)?;
    let target = presigned
        .presigned_target()
        .ok_or("presign returns a target")?;
    let r = client.send("GET", target, &[("Host", host.as_str())], b"")?;
    report("presigned", &r);

    // profile-role: profiles with role_arn + source_profile (AWS_CONFIG_FILE).
    // The core's credential chain says what to read and which STS call to
    // make (signed with the source profile's keys, to AWS_ENDPOINT_URL_STS);
    // this client does the I/O, then the API judges the role's session.
    for (call, variable) in [
        ("profile-role", "DEMO_PROFILE_ROLE"),
        ("profile-role-denied", "DEMO_PROFILE_DENIED"),
    ] {
        let role_credentials = profile_credentials(&var(variable)?)?;
        let r = client.signed(&api, &role_credentials, "GET", "/prod/hello", &[], b"")?;
        report(call, &r);
    }

    // assume-role: STS AssumeRole (a form POST signed for "sts"), then call
    // the API with the temporary credentials it returns.
    let form = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName=demo",
        sigv4kit::uri_encode(&role_arn)
    );
    let content_type = ("Content-Type", "application/x-www-form-urlencoded");
    let r = client.signed(
        &sts,
        &credentials,
        "POST",
        "/",
        &[content_type],
        form.as_bytes(),
    )?;
    if r.status != 200 {
        report("assume-role", &r);
        return Ok(());
    }
    let xml = String::from_utf8_lossy(&r.body).into_owned();
    let temporary = Credentials::new(
        xml_text(&xml, "AccessKeyId")?,
        xml_text(&xml, "SecretAccessKey")?,
        Some(xml_text(&xml, "SessionToken")?),
    )?;
    let r = client.signed(&api, &temporary, "GET", "/prod/hello", &[], b"")?;
    report("assume-role", &r);
    Ok(())
}

/// Runs the core's default chain for `profile`: files with std::fs, HTTP
/// with the one-shot client below (the demo's endpoints are plain HTTP on
/// loopback), processes with std::process.
fn profile_credentials(profile: &str) -> Result<Credentials> {
    let options = Options::default()
        .with_profile(Some(profile.to_owned()))
        .with_home(std::env::var("HOME").ok());
    let mut resolver = Resolver::new(std::env::vars(), options, now()?);
    for _ in 0..50 {
        match resolver.next() {
            Step::ReadFile { path } => {
                let text = std::fs::read_to_string(&path).ok();
                resolver.file(&path, text);
            }
            Step::Http(req) => {
                let url = split_url(req.url())?;
                let client = Client {
                    host: url.host_header().into_owned(),
                };
                let headers: Vec<(&str, &str)> = req
                    .headers()
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let answer =
                    match client.send(req.method(), &url.target, &headers, req.body().as_bytes()) {
                        Ok(reply) => HttpAnswer::Response {
                            status: reply.status,
                            body: String::from_utf8_lossy(&reply.body).into_owned(),
                        },
                        Err(_) => HttpAnswer::Unreachable,
                    };
                resolver.http(req.id(), answer);
            }
            Step::Process { id, argv, .. } => {
                let out = std::process::Command::new(&argv[0])
                    .args(&argv[1..])
                    .output();
                let (code, stdout) = match out {
                    Ok(o) => (
                        o.status.code().unwrap_or(-1),
                        String::from_utf8_lossy(&o.stdout).into_owned(),
                    ),
                    Err(_) => (-1, String::new()),
                };
                resolver.process(&id, code, stdout);
            }
            Step::Done(resolved) => return Ok(resolved.credentials),
            Step::Failed(e) => return Err(e.into()),
            other => return Err(format!("unexpected step {other:?}").into()),
        }
    }
    Err("the credential chain did not finish".into())
}

fn now() -> Result<SigningTime> {
    // The core never reads the clock: the caller passes the time in.
    Ok(SigningTime::from_unix(
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64,
    )?)
}

struct Reply {
    status: u16,
    body: Vec<u8>,
}

/// Prints `CALL<TAB>STATUS<TAB>message`: the JSON `message`, or the body.
fn report(call: &str, reply: &Reply) {
    let body = String::from_utf8_lossy(&reply.body);
    let message = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.trim().to_string());
    let first: String = message
        .replace(['\n', '\t'], " ")
        .chars()
        .take(80)
        .collect();
    println!("{call}\t{}\t{first}", reply.status);
}

/// The text of the first `<name>` element of an STS answer.
fn xml_text(xml: &str, name: &str) -> Result<String> {
    let open = format!("<{name}>");
    let start = xml
        .find(&open)
        .ok_or(format!("no <{name}> in the STS answer"))?
        + open.len();
    let end = start + xml[start..].find('<').ok_or("unterminated element")?;
    Ok(xml[start..end].to_string())
}

struct Client {
    host: String,
}

impl Client {
    /// Signs exactly what will be sent, then sends it.
    fn signed(
        &self,
        signer: &Signer,
        credentials: &Credentials,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply> {
        let mut request = Request::new(method, target).header("Host", &self.host);
        for &(name, value) in headers {
            request = request.header(name, value);
        }
        let signed = signer.sign(credentials, &request, Payload::Bytes(body), now()?)?;
        self.send(method, target, &signed.headers(&request), body)
    }

    /// A one-shot HTTP/1.1 exchange (the gateway is plain HTTP on loopback).
    fn send(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply> {
        let mut stream = TcpStream::connect(self.host.as_str())?;
        let mut head = format!("{method} {target} HTTP/1.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("no HTTP response")?;
        let status_line = String::from_utf8_lossy(&raw[..split])
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        let status = status_line.split(' ').nth(1).ok_or("no status")?.parse()?;
        Ok(Reply {
            status,
            body: raw[split + 4..].to_vec(),
        })
    }
}
