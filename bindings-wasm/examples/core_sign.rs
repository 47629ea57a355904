//! The Rust core's time for a request, natively: the reference the npm
//! benchmark (bench/sign.mjs) puts beside the WebAssembly engine's time for
//! the same request, so that the cost of the engine and of its glue shows.
//!
//! `core_sign N METHOD TARGET BODY [NAME VALUE]...` signs the request N
//! times with an Authorization header (credentials and time fixed, key cache
//! warm, as a long-lived `Signer` in Node runs) and prints the mean
//! microseconds per signature.

use std::hint::black_box;
use std::time::Instant;

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: core_sign N METHOD TARGET BODY [NAME VALUE]...";
    let (n, method, target, body) = match &args[..] {
        [n, method, target, body, ..] if args.len() % 2 == 0 => (n, method, target, body),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let n: u32 = n.parse().unwrap_or_else(|_| {
        eprintln!("{usage}");
        std::process::exit(2);
    });
    let mut request = Request::new(method, target);
    for pair in args[4..].chunks_exact(2) {
        request = request.header(&pair[0], &pair[1]);
    }
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).expect("settings");
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .expect("credentials");
    let time = SigningTime::from_unix(1_440_938_160).expect("time");
    let sign = || {
        let signed = signer
            .sign(
                &credentials,
                black_box(&request),
                Payload::Bytes(body.as_bytes()),
                time,
            )
            .expect("signs");
        black_box(signed);
    };
    for _ in 0..n / 10 {
        sign();
    }
    let start = Instant::now();
    for _ in 0..n {
        sign();
    }
    println!("{}", start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
}
