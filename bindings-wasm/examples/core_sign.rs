//! The Rust core's time for a request, natively: the reference the npm
//! benchmark (bench/sign.mjs) puts beside the WebAssembly engine's time for
//! the same request, so that the cost of the engine and of its glue shows.
//!
//! `core_sign N METHOD TARGET BODY [NAME VALUE]...` signs the request N
//! times with an Authorization header (credentials and time fixed, key cache
//! warm, as a long-lived `Signer` in Node runs) and prints the mean
//! microseconds of CPU time per signature (the benchmark measures Node's
//! CPU time too: time spent descheduled on a busy machine counts for
//! neither).

use std::hint::black_box;

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

/// `struct timespec` on 64-bit Linux.
#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

/// CPU time of this process in microseconds (`CLOCK_PROCESS_CPUTIME_ID`).
fn cpu_us() -> f64 {
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e6 + ts.tv_nsec as f64 / 1e3
}

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
    let start = cpu_us();
    for _ in 0..n {
        sign();
    }
    println!("{}", (cpu_us() - start) / f64::from(n));
}
