//! Errors on their way to JavaScript.
//!
//! A thrown `JsValue` string `code<US>field<US>message` (US is U+001F, the
//! unit separator, which no message contains) is what the JS glue turns into
//! a `SigV4Error` with `code` and `field`. Building the JS object in Rust
//! would need `js-sys` and several boundary calls; one string needs neither.

use wasm_bindgen::JsValue;

/// Separates the code, field and message of a thrown error.
pub const SEPARATOR: char = '\u{1f}';

/// Encodes a core error. Its `Display` never shows a value or a secret.
pub fn to_js(err: sigv4kit::Error) -> JsValue {
    encode(err.code(), err.field(), &err.to_string())
}

/// Encodes an error raised by this crate itself.
pub fn encode(code: &str, field: &str, message: &str) -> JsValue {
    JsValue::from_str(&text(code, field, message))
}

/// The text of an encoded error, for callers that append to it.
pub fn text(code: &str, field: &str, message: &str) -> String {
    let mut text = String::with_capacity(code.len() + field.len() + message.len() + 2);
    text.push_str(code);
    text.push(SEPARATOR);
    text.push_str(field);
    text.push(SEPARATOR);
    text.push_str(message);
    text
}
