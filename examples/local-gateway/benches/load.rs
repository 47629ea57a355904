//! Load test: several concurrent clients on loopback send a bounded number
//! of signed requests over keep-alive connections to the gateway running in
//! this process. Reports requests per second, client-side latency and the
//! gateway's signature verification time (p50/p99), and fails on any error
//! or lost request.
//!
//! `cargo bench -p sigv4kit-gateway --bench load` (CLIENTS and REQUESTS in
//! the environment override the defaults).

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};
use sigv4kit_gateway::config::Config;
use sigv4kit_gateway::server::{serve, State};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64)).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let clients = env_or("CLIENTS", 8);
    let per_client = env_or("REQUESTS", 2_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(clients, per_client));
}

/// Runs `clients` concurrent keep-alive clients of `per_client` requests
/// each: signed POSTs (expecting 200 and their own echo) or unsigned GETs
/// (expecting 403). Returns the latencies in microseconds and the errors.
async fn load(host: &str, clients: usize, per_client: usize, signed: bool) -> (Vec<u64>, usize) {
    let mut tasks = Vec::new();
    for client in 0..clients {
        let host = host.to_string();
        tasks.push(tokio::spawn(async move {
            let credentials = Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            )
            .unwrap();
            let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
            let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .unwrap();
            tokio::spawn(conn);
            let mut latencies = Vec::with_capacity(per_client);
            let mut errors = 0usize;
            for i in 0..per_client {
                let target = format!("/prod/load?client={client}&n={i}");
                let body = format!("{{\"client\":{client},\"n\":{i}}}");
                let req = if signed {
                    let now = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .unwrap()
                        .as_secs() as i64;
                    let request = Request::new("POST", &target)
                        .header("Host", &host)
                        .header("Content-Type", "application/json");
                    let out = signer
                        .sign(
                            &credentials,
                            &request,
                            Payload::Bytes(body.as_bytes()),
                            SigningTime::from_unix(now).unwrap(),
                        )
                        .unwrap();
                    let mut builder = hyper::Request::builder().method("POST").uri(&target);
                    for (name, value) in out.headers(&request) {
                        builder = builder.header(name, value);
                    }
                    builder.body(Full::new(Bytes::from(body))).unwrap()
                } else {
                    hyper::Request::builder()
                        .uri(&target)
                        .header("Host", &host)
                        .body(Full::new(Bytes::new()))
                        .unwrap()
                };
                let sent = Instant::now();
                sender.ready().await.unwrap();
                let res = sender.send_request(req).await.unwrap();
                let status = res.status();
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                latencies.push(sent.elapsed().as_micros() as u64);
                let ok = if signed {
                    let echoed = serde_json::from_slice::<serde_json::Value>(&bytes)
                        .ok()
                        .and_then(|v| {
                            v["event"]["queryStringParameters"]["n"]
                                .as_str()
                                .map(str::to_string)
                        });
                    status == 200 && echoed.as_deref() == Some(i.to_string().as_str())
                } else {
                    status == 403
                };
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    (latencies, errors)
}

async fn run(clients: usize, per_client: usize) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = State::new(Config::demo(), ".".into());
    state.access_log = false;
    state.verify_samples = Some(Mutex::new(Vec::with_capacity(clients * per_client)));
    let state = Arc::new(state);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, state.clone(), async {
        let _ = stop_rx.await;
    }));
    let host = addr.to_string();
    let total = clients * per_client;

    // Baseline in the same run: unsigned requests, refused before any
    // verification, over the same number of connections and requests.
    let started = Instant::now();
    let (_, baseline_errors) = load(&host, clients, per_client, false).await;
    let baseline_rps = total as f64 / started.elapsed().as_secs_f64();
    let baseline_answered = state.requests.swap(0, Ordering::Relaxed) as usize;

    let started = Instant::now();
    let (mut latencies, errors) = load(&host, clients, per_client, true).await;
    let elapsed = started.elapsed();
    let _ = stop_tx.send(());
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .unwrap()
        .unwrap();

    let answered = state.requests.load(Ordering::Relaxed) as usize;
    let mut verify: Vec<u64> = state
        .verify_samples
        .as_ref()
        .unwrap()
        .lock()
        .unwrap()
        .iter()
        .map(|&us| u64::from(us))
        .collect();
    verify.sort_unstable();
    latencies.sort_unstable();
    let rps = total as f64 / elapsed.as_secs_f64();
    println!(
        "gateway load: {clients} clients x {per_client} signed POSTs over keep-alive on loopback"
    );
    println!(
        "  requests/s            {rps:.0}  ({total} in {:.2} s)",
        elapsed.as_secs_f64()
    );
    println!(
        "  baseline requests/s   {baseline_rps:.0}  (unsigned, refused before verification; signed/baseline = {:.2})",
        rps / baseline_rps
    );
    println!(
        "  request latency       p50 {} us  p99 {} us  (client side, signing excluded)",
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0)
    );
    println!(
        "  verification          p50 {} us  p99 {} us  ({} samples)",
        percentile(&verify, 50.0),
        percentile(&verify, 99.0),
        verify.len()
    );
    println!(
        "  verification share    {:.0}% of the p50 request latency",
        100.0 * percentile(&verify, 50.0) as f64 / percentile(&latencies, 50.0).max(1) as f64
    );
    println!(
        "  errors {}, answered {answered} of {total} (baseline {baseline_answered} of {total})",
        errors + baseline_errors
    );
    assert_eq!(
        errors + baseline_errors,
        0,
        "every request must get its own answer"
    );
    assert_eq!(answered, total, "no request may be lost");
    assert_eq!(baseline_answered, total, "no baseline request may be lost");
    assert_eq!(verify.len(), total, "every signed request was verified");
}
