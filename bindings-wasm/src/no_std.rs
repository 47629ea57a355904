//! What `std` gives the engine, for the browser engine built without it.
//!
//! On stable Rust, `std`'s panic handler formats every panic message even
//! with `panic = "abort"`, and so keeps `core::fmt`, the `Debug` impls its
//! messages use and the payload machinery in every download (with the three
//! `format!` calls the signing path then had, 13.6 KB of the engine before
//! gzip, 5.2 KB after; what formatting is left comes from `core`'s bounds
//! checks, which write their message before any handler runs). Nothing in
//! the browser could read that message: the
//! target has no standard error. This handler traps at once, as `std`'s
//! does after formatting, so a panic (which no input should cause) still
//! ends the call with a `RuntimeError: unreachable` in JavaScript.

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// The allocator `std` itself uses on this target.
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;
