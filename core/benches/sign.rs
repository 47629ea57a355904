//! sigv4kit beside aws-sigv4 (the AWS SDK for Rust's signer) on the same
//! requests in the same run, and payload hashing beside raw `sha2`.
//!
//! `make bench` runs this and `scripts/bench-report.py` turns criterion's
//! estimates into the ratios in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use aws_sigv4::http_request::{
    sign as aws_sign, SignableBody, SignableRequest, SignatureLocation as AwsLocation,
    SigningSettings as AwsSettings,
};
use aws_sigv4::sign::v4;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use sigv4kit::{
    Credentials, Payload, PayloadHasher, Request, Signer, SigningSettings, SigningTime,
};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const HOST: &str = "abc123.execute-api.us-east-1.amazonaws.com";
const TIME: u64 = 1_440_938_160;

struct Shape {
    name: &'static str,
    method: &'static str,
    target: &'static str,
    body: Vec<u8>,
    presign: bool,
}

fn shapes() -> Vec<Shape> {
    let json: Vec<u8> = format!(
        "{{\"items\":[{}]}}",
        vec!["\"abcdefghijklmnopqrstuvwxyz0123456789\""; 27].join(",")
    )
    .into_bytes()[..1024]
        .to_vec();
    vec![
        Shape {
            name: "get-with-query",
            method: "GET",
            target: "/prod/pets?type=dog&limit=10&page=2",
            body: vec![],
            presign: false,
        },
        Shape {
            name: "post-json-1KiB",
            method: "POST",
            target: "/prod/pets",
            body: json,
            presign: false,
        },
        Shape {
            name: "presign-get",
            method: "GET",
            target: "/prod/pets?type=dog",
            body: vec![],
            presign: true,
        },
    ]
}

fn bench_sign(c: &mut Criterion) {
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    let time = SigningTime::from_unix(TIME as i64).unwrap();
    let identity = aws_credential_types::Credentials::new(AKID, SECRET, None, None, "bench").into();

    for shape in shapes() {
        let mut group = c.benchmark_group(shape.name);
        let headers = [("Host", HOST), ("Content-Type", "application/json")];
        group.bench_function(BenchmarkId::new("sigv4kit", "cached-key"), |b| {
            b.iter(|| {
                let request = Request {
                    method: shape.method,
                    target: shape.target,
                    headers: headers.to_vec(),
                };
                let out = if shape.presign {
                    signer.presign(&creds, &request, Payload::Bytes(&shape.body), time, 3600)
                } else {
                    signer.sign(&creds, &request, Payload::Bytes(&shape.body), time)
                };
                black_box(out.unwrap());
            })
        });
        group.bench_function(BenchmarkId::new("sigv4kit", "fresh-credentials"), |b| {
            b.iter(|| {
                // New credentials each time: the key is derived every sign.
                let creds = Credentials::new(AKID, SECRET, None).unwrap();
                let request = Request {
                    method: shape.method,
                    target: shape.target,
                    headers: headers.to_vec(),
                };
                black_box(
                    signer
                        .sign(&creds, &request, Payload::Bytes(&shape.body), time)
                        .unwrap(),
                );
            })
        });
        if !shape.presign && shape.body.is_empty() {
            // The hashing floor of this signature: only the SHA-256
            // compressions it must run with the key cached (see
            // benches/ratio.rs, which reports sign / floor).
            let request = Request {
                method: shape.method,
                target: shape.target,
                headers: headers.to_vec(),
            };
            let out = signer
                .sign(&creds, &request, Payload::Bytes(&shape.body), time)
                .unwrap();
            let blocks = |len: usize| (len + 9).div_ceil(64);
            let chains = [
                blocks(out.canonical_request().len()),
                blocks(64 + out.string_to_sign().len()) - 1,
                blocks(64 + 32) - 1,
            ];
            let data: Vec<GenericArray<u8, _>> = (0..chains.iter().sum::<usize>())
                .map(|i| GenericArray::clone_from_slice(&[i as u8; 64]))
                .collect();
            group.bench_function(BenchmarkId::new("sha256-floor", "compressions"), |b| {
                b.iter(|| {
                    let mut rest = &data[..];
                    for n in chains {
                        let (chain, tail) = rest.split_at(n);
                        let mut state = black_box([0x6a09e667u32; 8]);
                        sha2::compress256(&mut state, black_box(chain));
                        black_box(state);
                        rest = tail;
                    }
                })
            });
        }
        group.bench_function(BenchmarkId::new("aws-sigv4", "default"), |b| {
            b.iter(|| {
                let mut settings = AwsSettings::default();
                if shape.presign {
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
                let uri = format!("https://{HOST}{}", shape.target);
                let signable = SignableRequest::new(
                    shape.method,
                    uri,
                    headers.iter().copied(),
                    SignableBody::Bytes(&shape.body),
                )
                .unwrap();
                black_box(aws_sign(signable, &params).unwrap());
            })
        });
        group.finish();
    }
}

fn bench_hash(c: &mut Criterion) {
    const SIZE: usize = 64 << 20;
    const CHUNK: usize = 64 << 10;
    let data: Vec<u8> = (0..SIZE).map(|i| (i * 31 % 251) as u8).collect();
    let mut group = c.benchmark_group("hash-64MiB");
    group.throughput(Throughput::Bytes(SIZE as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function(
        BenchmarkId::new("sigv4kit", "PayloadHasher-64KiB-chunks"),
        |b| {
            b.iter(|| {
                let mut h = PayloadHasher::new();
                for chunk in data.chunks(CHUNK) {
                    h.update(chunk);
                }
                black_box(h.finish_hex());
            })
        },
    );
    group.bench_function(BenchmarkId::new("sha2", "Sha256-64KiB-chunks"), |b| {
        b.iter(|| {
            let mut h = Sha256::new();
            for chunk in data.chunks(CHUNK) {
                h.update(chunk);
            }
            black_box(h.finalize());
        })
    });
    group.finish();
}

criterion_group!(benches, bench_sign, bench_hash);
criterion_main!(benches);
