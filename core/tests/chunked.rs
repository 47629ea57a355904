//! aws-chunked uploads against testdata/cases/chunked.jsonl: heads signed by
//! awscrt (aws-c-auth), unsigned-trailer bodies framed by botocore, chunk
//! signatures from the S3 reference's description of the chain (see
//! scripts/gen-chunked-cases.py). We reproduce each byte for byte, and our
//! verifier accepts what awscrt signed with the body we framed.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sigv4kit::chunked::{ChecksumAlgorithm, ChunkedMode, ChunkedUpload};
use sigv4kit::verify::{parse_signature, VerifySettings};
use sigv4kit::{Credentials, PathRules, Request, Signer, SigningSettings, SigningTime};

fn cases() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/cases/chunked.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The signatures our framed body carries, in order.
fn chunk_signatures(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    text.match_indices(";chunk-signature=")
        .map(|(at, m)| text[at + m.len()..at + m.len() + 64].to_owned())
        .collect()
}

#[test]
fn reproduces_awscrt_botocore_and_the_reference_chain() {
    let cases = cases();
    assert!(cases.len() >= 50);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let want = &case["expected"];
        let mode = ChunkedMode::parse(case["mode"].as_str().unwrap()).unwrap();
        let checksum = case["checksum"]
            .as_str()
            .map(|c| ChecksumAlgorithm::parse(c).unwrap());
        let length = case["decoded_length"].as_u64().unwrap();
        let size = case["chunk_size"].as_u64().unwrap() as usize;
        let upload = ChunkedUpload::new(mode, length, size, checksum).unwrap();
        let given = pairs(&case["request"]["headers"]);
        // The plan's headers are the ones the case was signed with.
        for (name, value) in upload.headers() {
            assert_eq!(header(&given, name), Some(value.as_str()), "{id}: {name}");
        }
        assert_eq!(
            upload.encoded_length(),
            want["encoded_length"].as_u64().unwrap(),
            "{id}"
        );

        let c = &case["credentials"];
        let credentials = Credentials::new(
            c["access_key_id"].as_str().unwrap(),
            c["secret_access_key"].as_str().unwrap(),
            c["session_token"].as_str().map(str::to_owned),
        )
        .unwrap();
        let time = SigningTime::parse_rfc3339(case["timestamp"].as_str().unwrap()).unwrap();
        let signer = Signer::new(
            SigningSettings::new(
                case["region"].as_str().unwrap(),
                case["service"].as_str().unwrap(),
            )
            .with_path_rules(PathRules::S3)
            .with_content_sha256_header(true),
        )
        .unwrap();
        let target = case["request"]["target"].as_str().unwrap();
        let request = Request {
            method: "PUT",
            target,
            headers: given
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect(),
        };
        let seed = signer
            .sign(&credentials, &request, upload.payload(), time)
            .unwrap();
        let awscrt_headers = pairs(&want["signed_headers"]);
        assert_eq!(
            seed.authorization(),
            header(&awscrt_headers, "authorization"),
            "{id}"
        );
        assert_eq!(
            seed.signature(),
            want["seed_signature"].as_str().unwrap(),
            "{id}"
        );

        let data: Vec<u8> = (0..length).map(|i| ((i * 31 + 7) % 251) as u8).collect();
        let mut encoder = upload.encoder(Some((&credentials, &seed))).unwrap();
        let mut body = Vec::new();
        for piece in data.chunks(10_007) {
            encoder.write(piece, &mut body).unwrap();
        }
        encoder.finish(&mut body).unwrap();
        let sigs: Vec<Value> = chunk_signatures(&body)
            .into_iter()
            .map(Value::from)
            .collect();
        if want["trailer_signature"].is_string() {
            let text = String::from_utf8_lossy(&body);
            let at = text.rfind("x-amz-trailer-signature:").unwrap() + 24;
            assert_eq!(
                &text[at..at + 64],
                want["trailer_signature"].as_str().unwrap(),
                "{id}"
            );
        }
        assert_eq!(Value::from(sigs), want["chunk_signatures"], "{id}");
        if let Some(t) = want["trailer"].as_array() {
            let line = format!("{}:{}\r\n", t[0].as_str().unwrap(), t[1].as_str().unwrap());
            assert!(
                String::from_utf8_lossy(&body).contains(&line),
                "{id}: {line}"
            );
        }
        assert_eq!(body.len() as u64, upload.encoded_length(), "{id}");
        assert_eq!(
            sigv4kit::hex(&Sha256::digest(&body)),
            want["body_sha256"].as_str().unwrap(),
            "{id}"
        );

        // awscrt's head with our body verifies, whole and as a stream.
        let sent = Request {
            method: "PUT",
            target,
            headers: awscrt_headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect(),
        };
        let settings = VerifySettings::new()
            .with_path_rules(PathRules::S3)
            .with_max_clock_skew_secs(60);
        let presented = parse_signature(&sent).unwrap();
        let verified = presented
            .verify(
                &sent,
                sigv4kit::Payload::Bytes(&body),
                &credentials,
                time,
                &settings,
            )
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        assert_eq!(verified.chunked.unwrap().decoded_length, length, "{id}");
        let (_, mut decoder) = presented
            .verify_chunked(&sent, &credentials, time, &settings)
            .unwrap();
        let mut out = Vec::new();
        for piece in body.chunks(4099) {
            decoder.update(piece, &mut out).unwrap();
        }
        decoder.finish().unwrap();
        assert_eq!(out, data, "{id}");
    }
}
