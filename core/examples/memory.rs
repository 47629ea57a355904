//! Heap memory a signer, a credentials value and a cached signing key hold,
//! measured by counting the allocator's live bytes (for `make bench-rust`).
//! Sizes are the bytes asked for; the allocator's own rounding comes on top.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use sigv4kit::{Credentials, Payload, Request, Signer, SigningSettings, SigningTime};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    let before = live();
    let signer = Signer::new(SigningSettings::new("us-east-1", "execute-api")).expect("settings");
    let signer_heap = live() - before;
    let before = live();
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .expect("credentials");
    let creds_heap = live() - before;
    let request = Request::new("GET", "/prod/pets?type=dog")
        .header("Host", "abc123.execute-api.us-east-1.amazonaws.com");
    // Warm this thread's scratch with other credentials first, so that only
    // the cache of `creds` grows below.
    let t0 = SigningTime::from_unix(1_440_938_160).expect("time");
    let other = creds.clone();
    drop(signer.sign(&other, &request, Payload::Bytes(b""), t0));
    let before = live();
    // Four days: four cached keys, a full cache.
    for day in 0..4 {
        let t = SigningTime::from_unix(1_440_938_160 + day * 86_400).expect("time");
        drop(signer.sign(&creds, &request, Payload::Bytes(b""), t));
    }
    let per_key = (live() - before) as f64 / 4.0;
    let before = live();
    let out = signer
        .sign(&creds, &request, Payload::Bytes(b""), t0)
        .expect("sign");
    let output_heap = live() - before;
    println!(
        "- `Signer` (us-east-1, execute-api): {} bytes inline + {signer_heap} on the heap",
        std::mem::size_of::<Signer>()
    );
    println!(
        "- `Credentials` (no session token): {} bytes inline + {creds_heap} on the heap, \
         its key cache empty",
        std::mem::size_of::<Credentials>()
    );
    println!(
        "- each cached signing key (inner and outer HMAC states, scope, entry): {per_key:.0} heap bytes \
         (live bytes after signing for four days, over four; at most four keys per `Credentials`)"
    );
    println!(
        "- one `SigningOutput` of a GET: {} bytes inline + {output_heap} on the heap (canonical request, \
         string to sign, added headers)",
        std::mem::size_of_val(&out)
    );
}
