//! The URL split must never panic, and what it accepts must be a target the
//! signer accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigv4kit::url::split_url;
use sigv4kit::Request;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(parts) = split_url(text) {
            let host = parts.host_header();
            Request::new("GET", &parts.target)
                .header("Host", &host)
                .validate()
                .expect("split output must be signable");
        }
    }
});
