//! Signs the GET of the ratio benchmark in a loop, for instruction-level
//! profiles (`make bench-rust` runs it under callgrind and summarizes where
//! the instructions go; see scripts/profile-summary.py).
//!
//! usage: profile_sign [CALLS] [get|presign|url]
//!
//! `url` splits the GET's URL as the Python, C and Go bindings do before they
//! sign (`split_url`, `host_header`, `wire_target`), without signing.

use std::hint::black_box;

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

fn main() {
    let mut args = std::env::args().skip(1);
    let calls: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mode = args.next().unwrap_or_default();
    let presign = mode == "presign";
    if mode == "url" {
        let url =
            "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog&limit=10&page=2";
        for _ in 0..calls {
            let parts = sigv4kit::url::split_url(black_box(url)).expect("url");
            black_box(parts.host_header());
            black_box(sigv4kit::policy::wire_target(&parts.target));
        }
        return;
    }
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).expect("settings");
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .expect("credentials");
    let time = SigningTime::from_unix(1_440_938_160).expect("time");
    let target = if presign {
        "/prod/pets?type=dog"
    } else {
        "/prod/pets?type=dog&limit=10&page=2"
    };
    let headers = [
        ("Host", "abc123.execute-api.us-east-1.amazonaws.com"),
        ("Content-Type", "application/json"),
    ];
    for _ in 0..calls {
        let request = Request {
            method: "GET",
            target,
            headers: headers.to_vec(),
        };
        let out = if presign {
            signer.presign(&creds, black_box(&request), Payload::Bytes(b""), time, 3600)
        } else {
            signer.sign(&creds, black_box(&request), Payload::Bytes(b""), time)
        };
        black_box(out.expect("sign"));
    }
}
