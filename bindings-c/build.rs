//! Gives the shared library its soname: libsigv4kit.so.MAJOR, or
//! libsigv4kit.so.0.MINOR while the major version is 0 (every 0.x minor
//! release may change the ABI). `make install-c` installs the file under it.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    let version = if major == "0" {
        format!("0.{minor}")
    } else {
        major
    };
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsigv4kit.so.{version}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
