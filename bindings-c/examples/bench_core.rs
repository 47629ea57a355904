//! The core's cost per signature beside the C API's, for `make bench-c`:
//! the same request signed and dropped in a loop by the core, and through
//! the exported C functions, in interleaved rounds. Prints the median CPU
//! time per call of each and the median of the per-round ratios.
//! benches/bench_sign.c does the same work from a C program.

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

/// CPU time of this process (`CLOCK_PROCESS_CPUTIME_ID`), as the C benchmark
/// measures it, so that time spent descheduled on a busy machine is not
/// counted.
fn cpu_ns() -> f64 {
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e9 + ts.tv_nsec as f64
}

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    // `core` or `ffi` runs one side only (for instruction counts).
    let only = std::env::args().nth(2).unwrap_or_default();
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

    // The same request through the C API, called from this process: what
    // the boundary itself costs, apart from how a C program is linked.
    let ffi = ffi::Fixture::new();

    // Short batches of each side back to back, so that both see the same
    // load; the ratio is the median of the per-round ratios.
    let rounds = 40;
    let batch = (n / rounds).max(1);
    let (mut core_times, mut ffi_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = cpu_ns();
        for _ in 0..if only == "ffi" { 0 } else { batch } {
            let out = signer
                .sign(&creds, black_box(&request), Payload::Bytes(b""), time)
                .expect("sign");
            black_box(out);
        }
        let core_ns = (cpu_ns() - start) / f64::from(batch);
        let start = cpu_ns();
        for _ in 0..if only == "core" { 0 } else { batch } {
            ffi.sign_once();
        }
        let ffi_ns = (cpu_ns() - start) / f64::from(batch);
        core_times.push(core_ns);
        ffi_times.push(ffi_ns);
        ratios.push(ffi_ns / core_ns);
    }
    println!("rust-core {:.1} ns/op", median(&mut core_times));
    println!("rust-ffi {:.1} ns/op", median(&mut ffi_times));
    println!("ffi-ratio {:.3}", median(&mut ratios));
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

mod ffi {
    use sigv4kit_c::*;
    use std::hint::black_box;
    use std::ptr::null_mut;

    fn view(s: &'static str) -> sigv4kit_str {
        sigv4kit_str {
            data: s.as_ptr().cast(),
            len: s.len(),
        }
    }

    pub struct Fixture {
        signer: *mut sigv4kit_signer,
        creds: *mut sigv4kit_credentials,
        headers: [sigv4kit_header; 3],
    }

    impl Fixture {
        pub fn new() -> Fixture {
            let (region, service) = ("us-east-1", "execute-api");
            let (akid, secret) = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            let mut f = Fixture {
                signer: null_mut(),
                creds: null_mut(),
                headers: [
                    sigv4kit_header {
                        name: view("Host"),
                        value: view("abc123.execute-api.us-east-1.amazonaws.com"),
                    },
                    sigv4kit_header {
                        name: view("Accept"),
                        value: view("application/json"),
                    },
                    sigv4kit_header {
                        name: view("User-Agent"),
                        value: view("bench/1.0"),
                    },
                ],
            };
            // SAFETY: valid strings and out-pointers.
            unsafe {
                let rc = sigv4kit_signer_new(
                    region.as_ptr().cast(),
                    region.len(),
                    service.as_ptr().cast(),
                    service.len(),
                    &mut f.signer,
                    core::ptr::null_mut(),
                );
                assert_eq!(rc, sigv4kit_result::SIGV4KIT_OK);
                let rc = sigv4kit_credentials_new(
                    akid.as_ptr().cast(),
                    akid.len(),
                    secret.as_ptr().cast(),
                    secret.len(),
                    std::ptr::null(),
                    0,
                    -1,
                    &mut f.creds,
                    core::ptr::null_mut(),
                );
                assert_eq!(rc, sigv4kit_result::SIGV4KIT_OK);
            }
            f
        }

        pub fn sign_once(&self) {
            let request = sigv4kit_request {
                method: view("GET"),
                target: view("/prod/pets?type=dog&limit=10"),
                headers: self.headers.as_ptr(),
                headers_len: self.headers.len(),
            };
            let payload = sigv4kit_payload {
                kind: 0,
                data: std::ptr::null(),
                len: 0,
            };
            let mut out = null_mut();
            // SAFETY: handles from `new`, structs valid for the call.
            unsafe {
                let rc = sigv4kit_sign(
                    self.signer,
                    self.creds,
                    black_box(&request),
                    &payload,
                    1_440_938_160,
                    &mut out,
                    core::ptr::null_mut(),
                );
                assert_eq!(rc, sigv4kit_result::SIGV4KIT_OK);
                sigv4kit_signed_free(out);
            }
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            // SAFETY: handles from `new`, freed once.
            unsafe {
                sigv4kit_credentials_free(self.creds);
                sigv4kit_signer_free(self.signer);
            }
        }
    }
}
