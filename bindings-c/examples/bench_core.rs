//! The core's cost per signature, for `make bench-c` to compare with the C
//! API doing the same work (benches/bench_sign.c): the same request, signed
//! and dropped in a loop. Prints `rust-core <ns> ns/op`, the best of five
//! rounds.

use std::hint::black_box;
use std::time::Instant;

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).expect("settings");
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .expect("credentials");
    let time = SigningTime::from_unix(1_440_938_160).expect("time");
    let request = Request::new("GET", "/prod/pets?type=dog&limit=10")
        .header("Host", "abc123.execute-api.us-east-1.amazonaws.com")
        .header("Accept", "application/json")
        .header("User-Agent", "bench/1.0");
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..n {
            let out = signer
                .sign(&creds, black_box(&request), Payload::Bytes(b""), time)
                .expect("sign");
            black_box(out);
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(n));
    }
    println!("rust-core {best:.1} ns/op");
}
