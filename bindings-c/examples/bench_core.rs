//! The core's cost per signature beside the C API's, for `make bench-c`:
//! the same request signed and dropped in a loop by the core, through the
//! exported C functions called from Rust, and (built with `--cfg c_loop`
//! and linked with benches/bench_loop.c, as `make bench-c` does) by C code
//! calling the C API, all in interleaved rounds of this one process. The C
//! API is timed both ways a caller uses it: `sigv4kit_sign` with a new
//! result freed per call, and `sigv4kit_sign_into` into one output the
//! caller keeps. Prints the median CPU time per call of each, the medians of
//! the per-round ratios to the core, and the throughput of two threads
//! sharing one signer against one thread, for the core and for the C loop.

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
    // `core`, `ffi`, `into`, `c` or `c-into` runs one side only (for
    // instruction counts of the same build of the core on every side).
    let only = std::env::args().nth(2).unwrap_or_default();
    let runs = |side: &str| only.is_empty() || only == side;
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

    // Short batches of each side back to back, so that all see the same
    // load; each ratio is the median of the per-round ratios. 400 rounds of
    // 200 calls (about 0.15 ms a batch) rather than 40 of 2000: on a busy
    // machine a batch that another process interrupts (and leaves with cold
    // caches) is then one outlier among many that the median drops, and
    // repeated runs agree to within a point instead of three.
    let rounds = 400;
    let batch = (n / rounds).max(1);
    let (mut core_times, mut ffi_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut c_times, mut c_ratios) = (Vec::new(), Vec::new());
    let (mut into_times, mut into_ratios) = (Vec::new(), Vec::new());
    let (mut c_into_times, mut c_into_ratios) = (Vec::new(), Vec::new());
    let core_loop = |calls: u32| {
        for _ in 0..calls {
            let out = signer
                .sign(&creds, black_box(&request), Payload::Bytes(b""), time)
                .expect("sign");
            black_box(out);
        }
    };
    for _ in 0..rounds {
        let start = cpu_ns();
        core_loop(if runs("core") { batch } else { 0 });
        let core_ns = (cpu_ns() - start) / f64::from(batch);
        let start = cpu_ns();
        for _ in 0..if runs("ffi") { batch } else { 0 } {
            ffi.sign_once();
        }
        let ffi_ns = (cpu_ns() - start) / f64::from(batch);
        core_times.push(core_ns);
        ffi_times.push(ffi_ns);
        ratios.push(ffi_ns / core_ns);
        if runs("into") {
            let start = cpu_ns();
            ffi.sign_into(batch);
            let into_ns = (cpu_ns() - start) / f64::from(batch);
            into_times.push(into_ns);
            into_ratios.push(into_ns / core_ns);
        }
        if let Some(c_ns) = c_side::time(&ffi, batch, runs("c"), false) {
            c_times.push(c_ns);
            c_ratios.push(c_ns / core_ns);
        }
        if let Some(c_ns) = c_side::time(&ffi, batch, runs("c-into"), true) {
            c_into_times.push(c_ns);
            c_into_ratios.push(c_ns / core_ns);
        }
    }
    println!("rust-core {:.1} ns/op", median(&mut core_times));
    println!("rust-ffi {:.1} ns/op", median(&mut ffi_times));
    println!("ffi-ratio {:.3}", median(&mut ratios));
    if !into_times.is_empty() {
        println!("rust-into {:.1} ns/op", median(&mut into_times));
        println!("into-ratio {:.3}", median(&mut into_ratios));
    }
    if !c_times.is_empty() {
        println!("c-loop {:.1} ns/op", median(&mut c_times));
        println!("c-ratio {:.3}", median(&mut c_ratios));
    }
    if !c_into_times.is_empty() {
        println!("c-into {:.1} ns/op", median(&mut c_into_times));
        println!("c-into-ratio {:.3}", median(&mut c_into_ratios));
    }
    if only.is_empty() {
        // Two threads sharing one signer against one thread, wall time.
        // `second` is what the second thread runs (the same work on other
        // handles, to tell what sharing them costs).
        let scale_with = |work: &(dyn Fn() + Sync), second: &(dyn Fn() + Sync)| {
            let mut scales = Vec::new();
            for _ in 0..7 {
                let start = std::time::Instant::now();
                work();
                let one = start.elapsed().as_secs_f64();
                let start = std::time::Instant::now();
                std::thread::scope(|s| {
                    s.spawn(work);
                    s.spawn(second);
                });
                scales.push(2.0 * one / start.elapsed().as_secs_f64());
            }
            median(&mut scales)
        };
        let scale = |work: &(dyn Fn() + Sync)| scale_with(work, work);
        let calls = 20_000;
        println!("rust-two-threads {:.3}", scale(&|| core_loop(calls)));
        if c_side::ENABLED {
            println!(
                "c-two-threads {:.3}",
                scale(&|| c_side::run(&ffi, calls, false))
            );
            println!(
                "c-into-two-threads {:.3}",
                scale(&|| c_side::run(&ffi, calls, true))
            );
            // The same with a signer and credentials handle per thread: no
            // state shared at all, beside the line above for what sharing
            // the handles (the core's signing-key cache) costs.
            let own = ffi::Fixture::new();
            println!(
                "c-into-two-threads-own {:.3}",
                scale_with(&|| c_side::run(&ffi, calls, true), &|| c_side::run(
                    &own, calls, true
                ))
            );
        }
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        println!("load {}", load.split_whitespace().next().unwrap_or("?"));
    }
}

/// The C loop of benches/bench_loop.c, when it is linked in.
mod c_side {
    #[cfg(c_loop)]
    extern "C" {
        /// The handles go as untyped pointers: their types are opaque to C.
        fn bench_c_sign(
            signer: *const core::ffi::c_void,
            creds: *const core::ffi::c_void,
            n: core::ffi::c_long,
            reuse: core::ffi::c_int,
        ) -> core::ffi::c_int;
    }

    pub const ENABLED: bool = cfg!(c_loop);

    /// Runs the C loop `calls` times on the fixture's handles, into one
    /// reused output when `reuse`.
    pub fn run(ffi: &super::ffi::Fixture, calls: u32, reuse: bool) {
        #[cfg(c_loop)]
        {
            let (signer, creds) = ffi.handles();
            // SAFETY: live handles; the C API is thread-safe on shared
            // handles, as its header documents.
            let rc = unsafe {
                bench_c_sign(
                    signer.cast(),
                    creds.cast(),
                    core::ffi::c_long::from(calls),
                    core::ffi::c_int::from(reuse),
                )
            };
            assert_eq!(rc, 0, "C loop failed");
        }
        #[cfg(not(c_loop))]
        let _ = (ffi, calls, reuse);
    }

    /// CPU time per call of a batch of the C loop, when linked in and `on`.
    pub fn time(ffi: &super::ffi::Fixture, batch: u32, on: bool, reuse: bool) -> Option<f64> {
        if !ENABLED || !on {
            return None;
        }
        let start = super::cpu_ns();
        run(ffi, batch, reuse);
        Some((super::cpu_ns() - start) / f64::from(batch))
    }
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

    // SAFETY: the header documents signer and credentials handles as
    // shareable between threads; the header views point at static strings.
    unsafe impl Sync for Fixture {}

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

        /// The signer and credentials handles, shared with the C loop.
        #[allow(dead_code)] // used only when the C loop is linked in
        pub fn handles(&self) -> (*const sigv4kit_signer, *const sigv4kit_credentials) {
            (self.signer, self.creds)
        }

        /// The benchmark's GET as the C API takes it, with no body.
        fn request(&self) -> (sigv4kit_request, sigv4kit_payload) {
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
            (request, payload)
        }

        pub fn sign_once(&self) {
            let (request, payload) = self.request();
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

    impl Fixture {
        /// Signs the request `calls` times into one output kept for the
        /// whole batch (`sigv4kit_sign_into`).
        pub fn sign_into(&self, calls: u32) {
            let (request, payload) = self.request();
            let mut out = null_mut();
            // SAFETY: handles from `new`, structs valid for the calls, the
            // output made here and freed once.
            unsafe {
                assert_eq!(sigv4kit_signed_new(&mut out), sigv4kit_result::SIGV4KIT_OK);
                for _ in 0..calls {
                    let rc = sigv4kit_sign_into(
                        self.signer,
                        self.creds,
                        black_box(&request),
                        &payload,
                        1_440_938_160,
                        out,
                        core::ptr::null_mut(),
                    );
                    assert_eq!(rc, sigv4kit_result::SIGV4KIT_OK);
                }
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
