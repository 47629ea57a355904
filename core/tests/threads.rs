//! One signer and one credentials value shared by many threads give the same
//! signatures as a single thread: the key cache is safe to share.

use std::sync::Arc;

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn signer_and_credentials_are_shared_across_threads() {
    assert_send_sync::<Signer>();
    assert_send_sync::<Credentials>();

    let signer = Arc::new(Signer::new(SigningSettings::new("us-east-1", "execute-api")).unwrap());
    let creds = Arc::new(
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .unwrap(),
    );
    // Days and regions vary so that threads race to fill and evict cache entries.
    let sign = |signer: &Signer, creds: &Credentials, i: u32| {
        let signer_for_region;
        let signer = if i % 3 == 0 {
            signer_for_region =
                Signer::new(SigningSettings::new("eu-west-1", "execute-api")).unwrap();
            &signer_for_region
        } else {
            signer
        };
        let target = format!("/prod/item/{i}");
        let request = Request::new("GET", &target).header("Host", "example.amazonaws.com");
        let time = SigningTime::from_unix(1_700_000_000 + i64::from(i % 7) * 86_400).unwrap();
        signer
            .sign(creds, &request, Payload::Bytes(b""), time)
            .unwrap()
            .signature()
            .to_owned()
    };
    let alone = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .unwrap();
    let want: Vec<String> = (0..400).map(|i| sign(&signer, &alone, i)).collect();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (signer, creds) = (Arc::clone(&signer), Arc::clone(&creds));
            std::thread::spawn(move || {
                (0..400)
                    .map(|i| sign(&signer, &creds, i))
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), want);
    }
}
