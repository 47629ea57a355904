use std::time::Instant;
use sigv4kit::*;
fn main() {
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap();
    let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None).unwrap();
    let time = SigningTime::from_unix(1_440_938_160).unwrap();
    let headers = [("Host", "abc123.execute-api.us-east-1.amazonaws.com"), ("Content-Type", "application/json")];
    let n: u32 = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..n {
            let request = Request { method: "GET", target: "/prod/pets?type=dog&limit=10&page=2", headers: headers.to_vec() };
            std::hint::black_box(signer.sign(&creds, &request, Payload::Bytes(b""), time).unwrap());
        }
        println!("sign: {:?}/op", t.elapsed() / n);
        let t = Instant::now();
        let data = [7u8; 300];
        for _ in 0..n {
            std::hint::black_box(Payload::Bytes(std::hint::black_box(&data)).value().unwrap());
        }
        println!("sha256 300B: {:?}/op", t.elapsed() / n);
    }
}
