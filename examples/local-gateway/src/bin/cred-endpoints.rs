//! `sigv4kit-cred-endpoints [CONFIG.json]`: serves IMDSv2, a container
//! credentials endpoint, STS (`AssumeRole`, `AssumeRoleWithWebIdentity`) and
//! the SSO portal on 127.0.0.1, on a port the system picks. Prints
//! `listening on http://127.0.0.1:PORT` and serves until its standard input
//! closes (so a test that starts it cannot leave it behind) or SIGTERM.

use std::convert::Infallible;
use std::io::Write;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use sigv4kit::SigningTime;
use sigv4kit_gateway::cred_endpoints::{EndpointConfig, Endpoints};

fn fail(message: &str) -> ! {
    eprintln!("sigv4kit-cred-endpoints: {message}");
    std::process::exit(2);
}

fn now() -> SigningTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    SigningTime::from_unix(secs).unwrap_or_else(|e| fail(&e.to_string()))
}

fn main() {
    let config = match std::env::args().nth(1) {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
            serde_json::from_str::<EndpointConfig>(&text)
                .unwrap_or_else(|e| fail(&format!("{path}: {e}")))
        }
        None => EndpointConfig::default(),
    };
    let endpoints = Arc::new(Endpoints::new(config).unwrap_or_else(|e| fail(&e)));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&e.to_string()));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| fail(&e.to_string()));
        let addr = listener.local_addr().unwrap_or_else(|e| fail(&e.to_string()));
        println!("listening on http://{addr}");
        let _ = std::io::stdout().flush();
        // A thread waits for the end of standard input (tokio's stdin
        // needs a feature this crate does not enable).
        let (closed_tx, stdin_closed) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
            let _ = closed_tx.send(());
        });
        tokio::pin!(stdin_closed);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let endpoints = endpoints.clone();
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let endpoints = endpoints.clone();
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            let headers: Vec<(String, String)> = parts
                                .headers
                                .iter()
                                .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                                .collect();
                            let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                            let r = endpoints.handle(parts.method.as_str(), target, &headers, &body, now());
                            let response = hyper::Response::builder()
                                .status(r.status)
                                .header("content-type", r.content_type)
                                .body(Full::new(Bytes::from(r.body)))
                                .unwrap_or_default();
                            Ok::<_, Infallible>(response)
                        }
                    });
                    tokio::spawn(async move {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                _ = &mut stdin_closed => break,
            }
        }
    });
}
