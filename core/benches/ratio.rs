//! Interleaved comparison of sigv4kit and aws-sigv4 on a shared, noisy
//! machine.
//!
//! Criterion (benches/sign.rs) measures one function for seconds, then the
//! next; when other processes come and go in between, the ratio of the two
//! means moves with them. Here each round times a short batch of ours and a
//! short batch of theirs back to back, so both see the same load, and the
//! reported ratio is the median of the per-round ratios. Output is a Markdown
//! table for BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use aws_sigv4::http_request::{
    sign as aws_sign, SignableBody, SignableRequest, SignatureLocation as AwsLocation,
    SigningSettings as AwsSettings,
};
use aws_sigv4::sign::v4;
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use sigv4kit::{
    Credentials, Payload, PayloadHasher, Request, Signer, SigningSettings, SigningTime,
};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const HOST: &str = "abc123.execute-api.us-east-1.amazonaws.com";
const TIME: u64 = 1_440_938_160;

/// Times `batch` calls of `f`, in nanoseconds per call.
fn per_call(batch: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..batch {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(batch)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Rounds of (ours, theirs) batches: returns the median time of each and the
/// median of the per-round ratios theirs/ours.
fn compare(
    rounds: usize,
    batch: u32,
    mut ours: impl FnMut(),
    mut theirs: impl FnMut(),
) -> (f64, f64, f64) {
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which side goes first, so neither always runs warm.
        let (x, y) = if round % 2 == 0 {
            let x = per_call(batch, &mut ours);
            (x, per_call(batch, &mut theirs))
        } else {
            let y = per_call(batch, &mut theirs);
            (per_call(batch, &mut ours), y)
        };
        a.push(x);
        b.push(y);
        r.push(y / x);
    }
    (median(a), median(b), median(r))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, batch) = if quick { (11, 500) } else { (41, 2000) };
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    let time = SigningTime::from_unix(TIME as i64).unwrap();
    let identity = aws_credential_types::Credentials::new(AKID, SECRET, None, None, "bench").into();
    let json: Vec<u8> = (0..1024)
        .map(|i| b"{\"k\":\"abcdefghijklmnopqrstuvwxyz\"}"[i % 32])
        .collect();

    println!("| operation | sigv4kit | aws-sigv4 | aws-sigv4 / sigv4kit |");
    println!("| --- | ---: | ---: | ---: |");
    let shapes: [(&str, &str, &str, &[u8], bool); 3] = [
        (
            "GET with query",
            "GET",
            "/prod/pets?type=dog&limit=10&page=2",
            b"",
            false,
        ),
        ("POST, 1 KiB JSON body", "POST", "/prod/pets", &json, false),
        ("presigned GET", "GET", "/prod/pets?type=dog", b"", true),
    ];
    for (label, method, target, body, presign) in shapes {
        let headers = [("Host", HOST), ("Content-Type", "application/json")];
        let ours = || {
            let request = Request {
                method,
                target,
                headers: headers.to_vec(),
            };
            let out = if presign {
                signer.presign(&creds, &request, Payload::Bytes(body), time, 3600)
            } else {
                signer.sign(&creds, &request, Payload::Bytes(body), time)
            };
            black_box(out.unwrap());
        };
        let theirs = || {
            let mut settings = AwsSettings::default();
            if presign {
                settings.signature_location = AwsLocation::QueryParams;
                settings.expires_in = Some(Duration::from_secs(3600));
            }
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region("us-east-1")
                .name("execute-api")
                .time(UNIX_EPOCH + Duration::from_secs(TIME))
                .settings(settings)
                .build()
                .unwrap()
                .into();
            let signable = SignableRequest::new(
                method,
                format!("https://{HOST}{target}"),
                headers.iter().copied(),
                SignableBody::Bytes(body),
            )
            .unwrap();
            black_box(aws_sign(signable, &params).unwrap());
        };
        let (a, b, ratio) = compare(rounds, batch, ours, theirs);
        println!(
            "| {label} | {:.2} µs | {:.2} µs | {ratio:.1}x |",
            a / 1e3,
            b / 1e3
        );
    }

    hashing_floor(rounds, batch, &signer, &creds, time);
    two_threads(if quick { 5 } else { 15 }, &signer, &creds, time);

    let size = 64usize << 20;
    let data: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
    let hash_rounds = if quick { 3 } else { 9 };
    let (a, b, ratio) = compare(
        hash_rounds,
        1,
        || {
            let mut h = PayloadHasher::new();
            for chunk in data.chunks(64 << 10) {
                h.update(chunk);
            }
            black_box(h.finish_hex());
        },
        || {
            let mut h = Sha256::new();
            for chunk in data.chunks(64 << 10) {
                h.update(chunk);
            }
            black_box(h.finalize());
        },
    );
    let mib_s = |ns: f64| (size as f64 / (1 << 20) as f64) / (ns / 1e9);
    println!();
    println!("| hashing 64 MiB in 64 KiB chunks | sigv4kit PayloadHasher | raw sha2::Sha256 | sigv4kit / raw speed |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| throughput | {:.0} MiB/s | {:.0} MiB/s | {:.2} |",
        mib_s(a),
        mib_s(b),
        ratio
    );
}

/// SHA-256 blocks a message of `len` bytes takes once padded (the `0x80`
/// byte and the 8-byte length).
fn padded_blocks(len: usize) -> usize {
    (len + 9).div_ceil(64)
}

/// The physical limit of a signature: only the SHA-256 compressions it must
/// run with the signing key already derived and keyed (its inner and outer
/// pad blocks cached), timed against the whole signature in the same rounds,
/// for the GET and the presigned GET of the table above. The block counts
/// come from the strings the signature really hashed: the canonical request
/// from the initial state, the string to sign after the cached inner pad
/// block, and the outer hash (the 32-byte inner digest after the cached
/// outer pad block).
fn hashing_floor(
    rounds: usize,
    batch: u32,
    signer: &Signer,
    creds: &Credentials,
    time: SigningTime,
) {
    let headers = [("Host", HOST), ("Content-Type", "application/json")];
    println!();
    println!("Hashing floor: the SHA-256 compressions a signature must run with a cached signing key (the");
    println!("canonical request's blocks, the string to sign's after the cached inner pad block, one for the outer");
    println!("hash), timed alone in the same rounds as the signature.");
    println!();
    println!("| operation | sigv4kit | canonical request, string to sign | SHA-256 compressions | sign / floor |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let shapes = [
        (
            "GET with query",
            "/prod/pets?type=dog&limit=10&page=2",
            false,
        ),
        ("presigned GET", "/prod/pets?type=dog", true),
    ];
    for (label, target, presign) in shapes {
        let sign = || {
            let request = Request {
                method: "GET",
                target,
                headers: headers.to_vec(),
            };
            if presign {
                signer.presign(creds, &request, Payload::Bytes(b""), time, 3600)
            } else {
                signer.sign(creds, &request, Payload::Bytes(b""), time)
            }
            .unwrap()
        };
        let out = sign();
        let creq_blocks = padded_blocks(out.canonical_request().len());
        let inner_blocks = padded_blocks(64 + out.string_to_sign().len()) - 1;
        let outer_blocks = padded_blocks(64 + 32) - 1;
        let total = creq_blocks + inner_blocks + outer_blocks;
        let blocks: Vec<GenericArray<u8, _>> = (0..total)
            .map(|i| GenericArray::clone_from_slice(&[i as u8; 64]))
            .collect();
        let iv = [
            0x6a09e667u32,
            0xbb67ae85,
            0x3c6ef372,
            0xa54ff53a,
            0x510e527f,
            0x9b05688c,
            0x1f83d9ab,
            0x5be0cd19,
        ];
        let floor = || {
            let (creq, rest) = blocks.split_at(creq_blocks);
            let (inner, outer) = rest.split_at(inner_blocks);
            for chain in [creq, inner, outer] {
                let mut state = black_box(iv);
                sha2::compress256(&mut state, black_box(chain));
                black_box(state);
            }
        };
        let (a, b, ratio) = compare(rounds, batch, || drop(black_box(sign())), floor);
        println!(
            "| {label} | {:.2} µs | {} bytes, {} bytes | {total}: {:.2} µs | {:.2}x |",
            a / 1e3,
            out.canonical_request().len(),
            out.string_to_sign().len(),
            b / 1e3,
            1.0 / ratio
        );
    }
}

/// Throughput of one signer and one credentials value shared by two threads,
/// against one thread, in alternating rounds: each round times one thread
/// signing `batch` GETs, then two threads signing `batch` each at once.
///
/// Wall-clock scaling needs two free cores, which a shared machine rarely
/// has. So each thread also reads the CPU time it ran (Linux's per-thread
/// schedstat): if something shared (a lock, an atomic both threads write, a
/// cache line they pass back and forth, the allocator) slowed the threads, a
/// signature would cost more CPU time with two threads than with one. That
/// ratio does not depend on how many cores the other processes leave free.
fn two_threads(rounds: usize, signer: &Signer, creds: &Credentials, time: SigningTime) {
    let batch = 20_000u32;
    let work = || {
        let cpu_start = thread_cpu_ns();
        let headers = [("Host", HOST), ("Content-Type", "application/json")];
        for _ in 0..batch {
            let request = Request {
                method: "GET",
                target: "/prod/pets?type=dog&limit=10&page=2",
                headers: headers.to_vec(),
            };
            black_box(
                signer
                    .sign(creds, &request, Payload::Bytes(b""), time)
                    .unwrap(),
            );
        }
        Some(thread_cpu_ns()? - cpu_start?)
    };
    let mut scales = Vec::new();
    let mut cpu_ratios = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let one_cpu = work();
        let one = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(work);
            let b = s.spawn(work);
            (a.join().unwrap(), b.join().unwrap())
        });
        let two = start.elapsed().as_secs_f64();
        scales.push(2.0 * one / two);
        if let (Some(one_cpu), Some(a), Some(b)) = (one_cpu, a, b) {
            // CPU time per signature, two threads against one.
            cpu_ratios.push((a + b) as f64 / (2.0 * one_cpu as f64));
        }
    }
    println!();
    println!(
        "Two threads sharing one `Signer` and one `Credentials` (GET with query, {batch} signatures per thread per round,"
    );
    println!(
        "median of {rounds} rounds): {:.2}x the throughput of one thread (2.00 would be perfect scaling on 2 free cores;",
        median(scales)
    );
    println!("{}).", load_note());
    if cpu_ratios.len() == rounds {
        println!(
            "CPU time per signature with two threads at once: {:.2}x that of one thread alone (1.00: nothing the",
            median(cpu_ratios)
        );
        println!("threads share slows either; from each thread's own CPU time, so free cores do not matter).");
    }
}

/// The CPU time the calling thread has run, in nanoseconds (Linux's
/// `/proc/thread-self/schedstat`); `None` where the system does not say.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The machine's load average while the threads ran, when the system
/// says: on a shared machine, two threads get two cores only when it is low.
fn load_note() -> String {
    match std::fs::read_to_string("/proc/loadavg") {
        Ok(text) => format!(
            "load average {} while it ran, on {} cores",
            text.split_whitespace().next().unwrap_or("?"),
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ),
        Err(_) => "load average unknown".to_owned(),
    }
}
