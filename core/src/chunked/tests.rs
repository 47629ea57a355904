//! The worked examples of the S3 API reference, byte for byte, and the
//! encoder and decoder against each other.

use super::*;
use crate::verify::{parse_signature, VerifyErrorCode, VerifySettings};
use crate::{Credentials, PathRules, Request, Signer, SigningSettings, SigningTime};

/// The example's credentials, time and request (S3 API reference,
/// "Signature Calculations for the Authorization Header: Transferring
/// Payload in Multiple Chunks (Chunked Upload) (AWS Signature Version 4)",
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html>,
/// "Example: PUT Object"; and its sibling for trailers,
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html>).
fn doc_credentials() -> Credentials {
    Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        None,
    )
    .unwrap()
}

fn doc_time() -> SigningTime {
    SigningTime::parse_rfc3339("2013-05-24T00:00:00Z").unwrap()
}

fn doc_signer() -> Signer {
    Signer::new(
        SigningSettings::new("us-east-1", "s3")
            .with_path_rules(PathRules::S3)
            .with_content_sha256_header(true),
    )
    .unwrap()
}

/// SigV4 for the HMAC modes, SigV4a (region set `*`) for the ECDSA ones.
fn signer_for(mode: ChunkedMode) -> Signer {
    if !mode.is_ecdsa() {
        return doc_signer();
    }
    #[cfg(feature = "sigv4a")]
    {
        Signer::new(
            SigningSettings::new("*", "s3")
                .with_algorithm(crate::Algorithm::SigV4a)
                .with_path_rules(PathRules::S3)
                .with_content_sha256_header(true),
        )
        .unwrap()
    }
    #[cfg(not(feature = "sigv4a"))]
    unreachable!("no ECDSA modes without the sigv4a feature")
}

fn doc_body() -> Vec<u8> {
    vec![b'a'; 66_560]
}

fn doc_request(upload: &ChunkedUpload) -> Vec<(&'static str, String)> {
    let mut headers = vec![
        ("Host", "s3.amazonaws.com".to_owned()),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY".to_owned()),
    ];
    for (name, value) in upload.headers() {
        // The trailer example sends no Content-Length (it is not signed there).
        if upload.mode().has_trailer() && name == "Content-Length" {
            continue;
        }
        headers.push((name, value));
    }
    headers
}

fn sign_and_encode(
    upload: &ChunkedUpload,
    body: &[u8],
    piece: usize,
) -> (Vec<(String, String)>, String, Vec<u8>) {
    let credentials = doc_credentials();
    let headers = doc_request(upload);
    let request = Request {
        method: "PUT",
        target: "/examplebucket/chunkObject.txt",
        headers: headers.iter().map(|(n, v)| (*n, v.as_str())).collect(),
    };
    let seed = doc_signer()
        .sign(&credentials, &request, upload.payload(), doc_time())
        .unwrap();
    let mut encoder = upload.encoder(Some((&credentials, &seed))).unwrap();
    let mut out = Vec::new();
    for p in body.chunks(piece.max(1)) {
        encoder.write(p, &mut out).unwrap();
    }
    encoder.finish(&mut out).unwrap();
    let sent: Vec<(String, String)> = seed
        .headers(&request)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    (sent, seed.signature().to_owned(), out)
}

/// The documented chunk signatures: 64 KiB, 1 KiB, then the empty chunk.
const DOC_SEED: &str = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
const DOC_CHUNKS: [&str; 3] = [
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
];
const DOC_TRAILER_SEED: &str = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
const DOC_TRAILER_CHUNKS: [&str; 3] = [
    "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
    "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
    "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
];
const DOC_TRAILER_SIGNATURE: &str =
    "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

fn documented_body(signatures: [&str; 3], trailer: &str) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(format!("10000;chunk-signature={}\r\n", signatures[0]).as_bytes());
    body.extend_from_slice(&[b'a'; 65_536]);
    body.extend_from_slice(format!("\r\n400;chunk-signature={}\r\n", signatures[1]).as_bytes());
    body.extend_from_slice(&[b'a'; 1024]);
    body.extend_from_slice(format!("\r\n0;chunk-signature={}\r\n", signatures[2]).as_bytes());
    body.extend_from_slice(trailer.as_bytes());
    body.extend_from_slice(b"\r\n");
    body
}

#[test]
fn reproduces_the_documented_chunked_upload() {
    let upload = ChunkedUpload::new(ChunkedMode::Signed, 66_560, 65_536, None).unwrap();
    assert_eq!(
        upload.encoded_length(),
        66_824,
        "the documented Content-Length"
    );
    for piece in [1, 1000, 65_536, 70_000] {
        let (headers, seed, body) = sign_and_encode(&upload, &doc_body(), piece);
        assert_eq!(seed, DOC_SEED);
        let authorization = &headers
            .iter()
            .find(|(n, _)| n == "Authorization")
            .unwrap()
            .1;
        assert!(authorization.contains("SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,"));
        assert_eq!(body, documented_body(DOC_CHUNKS, ""), "pieces of {piece}");
    }
}

#[test]
fn reproduces_the_documented_trailer_upload() {
    let upload = ChunkedUpload::new(
        ChunkedMode::SignedWithTrailer,
        66_560,
        65_536,
        Some(ChecksumAlgorithm::Crc32c),
    )
    .unwrap();
    let (_, seed, body) = sign_and_encode(&upload, &doc_body(), 4096);
    assert_eq!(seed, DOC_TRAILER_SEED);
    let trailer = format!(
        "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:{DOC_TRAILER_SIGNATURE}\r\n"
    );
    assert_eq!(body, documented_body(DOC_TRAILER_CHUNKS, &trailer));
    assert_eq!(body.len() as u64, upload.encoded_length());
}

/// Verifies `body` sent with `headers` (as signed) at the documented time.
fn verify_whole(
    headers: &[(String, String)],
    body: &[u8],
) -> Result<ChunkedSummary, VerifyErrorCode> {
    let request = Request {
        method: "PUT",
        target: "/examplebucket/chunkObject.txt",
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    let settings = VerifySettings::new().with_path_rules(PathRules::S3);
    let presented = parse_signature(&request).map_err(|e| e.code())?;
    presented
        .verify(
            &request,
            crate::Payload::Bytes(body),
            &doc_credentials(),
            doc_time(),
            &settings,
        )
        .map(|v| v.chunked.unwrap())
        .map_err(|e| e.code())
}

/// Decodes in pieces of `piece` bytes through `verify_chunked`.
fn verify_streaming(
    headers: &[(String, String)],
    body: &[u8],
    piece: usize,
) -> Result<(Vec<u8>, ChunkedSummary), VerifyErrorCode> {
    let request = Request {
        method: "PUT",
        target: "/examplebucket/chunkObject.txt",
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    };
    let settings = VerifySettings::new()
        .with_path_rules(PathRules::S3)
        .with_max_chunk_size(70_000);
    let presented = parse_signature(&request).map_err(|e| e.code())?;
    let (_, mut decoder) = presented
        .verify_chunked(&request, &doc_credentials(), doc_time(), &settings)
        .map_err(|e| e.code())?;
    let mut out = Vec::new();
    for p in body.chunks(piece) {
        decoder.update(p, &mut out).map_err(|e| e.code())?;
    }
    let summary = decoder.finish().map_err(|e| e.code())?;
    Ok((out, summary))
}

fn doc_headers(trailer: bool) -> Vec<(String, String)> {
    let upload = if trailer {
        ChunkedUpload::new(
            ChunkedMode::SignedWithTrailer,
            66_560,
            65_536,
            Some(ChecksumAlgorithm::Crc32c),
        )
        .unwrap()
    } else {
        ChunkedUpload::new(ChunkedMode::Signed, 66_560, 65_536, None).unwrap()
    };
    sign_and_encode(&upload, &doc_body(), 1 << 20).0
}

#[test]
fn verifies_the_documented_bodies() {
    // The heads come from our signer, whose seeds the tests above compare
    // with the documented ones; the bodies are written from the document.
    let body = documented_body(DOC_CHUNKS, "");
    let summary = verify_whole(&doc_headers(false), &body).unwrap();
    assert_eq!((summary.decoded_length, summary.chunks), (66_560, 2));
    for piece in [1, 7, 100, 65_536, 1 << 20] {
        let (data, _) = verify_streaming(&doc_headers(false), &body, piece).unwrap();
        assert_eq!(data, doc_body());
    }
    let trailer = format!(
        "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:{DOC_TRAILER_SIGNATURE}\r\n"
    );
    let body = documented_body(DOC_TRAILER_CHUNKS, &trailer);
    let summary = verify_whole(&doc_headers(true), &body).unwrap();
    assert_eq!(
        summary.checksum,
        Some((ChecksumAlgorithm::Crc32c, "sOO8/Q==".to_owned()))
    );
}

#[test]
fn refuses_tampered_truncated_reordered_and_extended_bodies() {
    let headers = doc_headers(false);
    let body = documented_body(DOC_CHUNKS, "");
    let data_at = body.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut flipped = body.clone();
    flipped[data_at + 70_000 - 65_536 - 100] ^= 1;
    let mut tampered = body.clone();
    tampered[data_at + 10] = b'b';
    let reordered = {
        // The two data chunks swapped (with their signatures).
        let first_end = data_at + 65_536 + 2;
        let second_end = body.windows(3).rposition(|w| w == b"\r\n0").unwrap() + 2;
        let mut r = body[first_end..second_end].to_vec();
        r.extend_from_slice(&body[..first_end]);
        r.extend_from_slice(&body[second_end..]);
        r
    };
    let reframed = {
        // The same data in chunks of 1 KiB then 64 KiB, each chunk signed
        // with the documented signatures in order.
        let mut b = Vec::new();
        b.extend_from_slice(format!("400;chunk-signature={}\r\n", DOC_CHUNKS[0]).as_bytes());
        b.extend_from_slice(&[b'a'; 1024]);
        b.extend_from_slice(format!("\r\n10000;chunk-signature={}\r\n", DOC_CHUNKS[1]).as_bytes());
        b.extend_from_slice(&[b'a'; 65_536]);
        b.extend_from_slice(format!("\r\n0;chunk-signature={}\r\n\r\n", DOC_CHUNKS[2]).as_bytes());
        b
    };
    let without_final = body[..body.windows(3).rposition(|w| w == b"\r\n0").unwrap() + 2].to_vec();
    let mut extended = body.clone();
    extended.extend_from_slice(b"0;chunk-signature=");
    let mut bad_crlf = body.clone();
    bad_crlf[data_at + 65_536] = b'x';
    let cases: [(&str, &[u8], VerifyErrorCode); 8] = [
        (
            "tampered",
            &tampered,
            VerifyErrorCode::ChunkSignatureMismatch,
        ),
        ("flipped", &flipped, VerifyErrorCode::ChunkSignatureMismatch),
        (
            "reordered",
            &reordered,
            VerifyErrorCode::ChunkSignatureMismatch,
        ),
        (
            "re-framed",
            &reframed,
            VerifyErrorCode::ChunkSignatureMismatch,
        ),
        (
            "no final chunk",
            &without_final,
            VerifyErrorCode::TruncatedStream,
        ),
        (
            "cut short",
            &body[..body.len() - 1],
            VerifyErrorCode::TruncatedStream,
        ),
        ("extended", &extended, VerifyErrorCode::DataAfterFinalChunk),
        ("bad CRLF", &bad_crlf, VerifyErrorCode::MalformedChunk),
    ];
    for (what, body, code) in cases {
        assert_eq!(
            verify_whole(&headers, body).map(|_| ()),
            Err(code),
            "{what}"
        );
        assert_eq!(
            verify_streaming(&headers, body, 333).map(|_| ()),
            Err(code),
            "{what} streaming"
        );
    }
    // The declared length must be the data's.
    let mut lying = headers.clone();
    for (n, v) in &mut lying {
        if n.eq_ignore_ascii_case("x-amz-decoded-content-length") {
            *v = "66559".into();
        }
    }
    assert_eq!(
        verify_whole(&lying, &body).map(|_| ()),
        Err(VerifyErrorCode::SignatureMismatch),
        "the declared length is signed"
    );
}

#[test]
fn refuses_bad_trailers() {
    let headers = doc_headers(true);
    let good = format!(
        "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:{DOC_TRAILER_SIGNATURE}\r\n"
    );
    assert!(verify_whole(&headers, &documented_body(DOC_TRAILER_CHUNKS, &good)).is_ok());
    let cases = [
        (
            "x-amz-checksum-crc32c:AAAAAA==\r\nx-amz-trailer-signature:".to_owned()
                + DOC_TRAILER_SIGNATURE
                + "\r\n",
            VerifyErrorCode::TrailerSignatureMismatch,
        ),
        (
            "x-amz-checksum-crc32c:sOO8/Q==\r\n".to_owned(),
            VerifyErrorCode::MalformedTrailer,
        ),
        (
            "x-amz-checksum-crc32:sOO8/Q==\r\nx-amz-trailer-signature:".to_owned()
                + DOC_TRAILER_SIGNATURE
                + "\r\n",
            VerifyErrorCode::MalformedTrailer,
        ),
        (String::new(), VerifyErrorCode::MalformedTrailer),
    ];
    for (trailer, code) in cases {
        let body = documented_body(DOC_TRAILER_CHUNKS, &trailer);
        assert_eq!(
            verify_whole(&headers, &body).map(|_| ()),
            Err(code),
            "{trailer:?}"
        );
    }
}

/// Every mode and checksum, bodies of 0 bytes, one chunk, many chunks and
/// a partial last chunk: what the encoder writes, the decoder accepts, and
/// gives back the data.
#[test]
fn round_trips_every_mode() {
    let settings = VerifySettings::new()
        .with_path_rules(PathRules::S3)
        .with_allow_unsigned_payload(Some(true));
    let credentials = doc_credentials();
    for &mode in ChunkedMode::ALL {
        let checksums: &[Option<ChecksumAlgorithm>] = if mode.has_trailer() {
            &[
                Some(ChecksumAlgorithm::Crc32),
                Some(ChecksumAlgorithm::Crc32c),
                Some(ChecksumAlgorithm::Sha256),
            ]
        } else {
            &[None]
        };
        for &checksum in checksums {
            for len in [0usize, 1, 8192, 8193, 3 * 8192, 5 * 8192 + 17] {
                let data: Vec<u8> = (0..len).map(|i| (i * 13 % 256) as u8).collect();
                let upload = ChunkedUpload::new(mode, len as u64, 8192, checksum).unwrap();
                let mut headers: Vec<(&str, String)> =
                    vec![("Host", "bucket.s3.amazonaws.com".into())];
                headers.extend(upload.headers());
                let request = Request {
                    method: "PUT",
                    target: "/key",
                    headers: headers.iter().map(|(n, v)| (*n, v.as_str())).collect(),
                };
                let seed = signer_for(mode)
                    .sign(&credentials, &request, upload.payload(), doc_time())
                    .unwrap();
                let mut encoder = upload.encoder(Some((&credentials, &seed))).unwrap();
                let mut body = Vec::new();
                for p in data.chunks(5000) {
                    encoder.write(p, &mut body).unwrap();
                }
                encoder.finish(&mut body).unwrap();
                // The same body from the headers the head was sent with.
                let sent_headers = seed.headers(&request);
                let mut again = upload
                    .encoder_for_headers(&credentials, &sent_headers)
                    .unwrap();
                let mut body2 = Vec::new();
                again.write(&data, &mut body2).unwrap();
                again.finish(&mut body2).unwrap();
                assert_eq!(body2, body, "{mode:?} {len}");
                assert_eq!(
                    body.len() as u64,
                    upload.encoded_length(),
                    "{mode:?} {checksum:?} {len}"
                );
                let sent_headers = seed.headers(&request);
                let sent = Request {
                    method: "PUT",
                    target: "/key",
                    headers: sent_headers,
                };
                let presented = parse_signature(&sent).unwrap();
                let (_, mut decoder) = presented
                    .verify_chunked(&sent, &credentials, doc_time(), &settings)
                    .unwrap();
                let mut out = Vec::new();
                for p in body.chunks(999) {
                    decoder.update(p, &mut out).unwrap();
                }
                let summary = decoder.finish().unwrap();
                assert_eq!(out, data);
                assert_eq!(summary.decoded_length, len as u64);
                assert_eq!(summary.chunks, len.div_ceil(8192) as u64);
                // One byte of data changed is refused.
                if len > 0 {
                    let mut bad = body.clone();
                    let at = body.len() - upload.encoded_length() as usize
                        + body.iter().position(|&b| b == b'\n').unwrap()
                        + 1;
                    bad[at] ^= 0x20;
                    let verified = presented.verify(
                        &sent,
                        crate::Payload::Bytes(&bad),
                        &credentials,
                        doc_time(),
                        &settings,
                    );
                    let want = if mode.is_signed() {
                        VerifyErrorCode::ChunkSignatureMismatch
                    } else {
                        VerifyErrorCode::ChecksumMismatch
                    };
                    assert_eq!(
                        verified.map(|_| ()).map_err(|e| e.code()),
                        Err(want),
                        "{mode:?} {len}"
                    );
                }
            }
        }
    }
}

#[test]
fn refuses_bad_plans_and_misuse() {
    assert_eq!(
        ChunkedUpload::new(ChunkedMode::Signed, 1, 100, None)
            .unwrap_err()
            .code(),
        "invalid_payload"
    );
    assert!(ChunkedUpload::new(ChunkedMode::SignedWithTrailer, 1, 8192, None).is_err());
    assert!(
        ChunkedUpload::new(ChunkedMode::Signed, 1, 8192, Some(ChecksumAlgorithm::Crc32)).is_err()
    );
    let upload = ChunkedUpload::new(
        ChunkedMode::UnsignedWithTrailer,
        3,
        8192,
        Some(ChecksumAlgorithm::Crc32),
    )
    .unwrap();
    assert!(ChunkedUpload::new(ChunkedMode::Signed, 3, 8192, None)
        .unwrap()
        .encoder(None)
        .is_err());
    let mut e = upload.encoder(None).unwrap();
    let mut out = Vec::new();
    assert!(e.write(b"abcd", &mut out).is_err(), "longer than declared");
    e.write(b"ab", &mut out).unwrap();
    assert!(e.finish(&mut out).is_err(), "shorter than declared");
    e.write(b"c", &mut out).unwrap();
    e.finish(&mut out).unwrap();
    // The unsigned form as another implementation frames it (CRC32 of
    // "abc" is 0x352441c2).
    assert_eq!(
        out,
        b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n"
    );
    assert!(e.write(b"", &mut out).is_err());
    // A head not signed for the upload, or by other credentials.
    let signed = ChunkedUpload::new(ChunkedMode::Signed, 3, 8192, None).unwrap();
    assert!(signed
        .encoder_for_headers(&doc_credentials(), &[("Host", "h")])
        .is_err());
    let head = [
        ("Host", "h"),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        ("X-Amz-Date", "20130524T000000Z"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=OTHER/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"),
    ];
    assert!(signed
        .encoder_for_headers(&doc_credentials(), &head)
        .is_err());
}
