//! Parsing shared config and credentials files must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for name in sigv4kit::profile::profile_names(Some(text), Some(text)) {
            if let Ok(profile) = sigv4kit::profile::resolve(Some(text), Some(text), &name) {
                let _ = profile.static_credentials();
                let _ = profile.credential_source();
            }
        }
    }
});
