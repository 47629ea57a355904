//! Errors on their way to JavaScript.
//!
//! An engine call that fails throws a [`WasmError`]: a wasm-bindgen object
//! whose `code`, `field` and `message` the JS glue reads into a `SigV4Error`
//! (then frees it). Its message comes from the core's `Display`, which never
//! shows a value or a secret.
//!
//! Verification failures are the exception: `verify.rs` still throws the
//! `code US field US message [US canonical US string_to_sign]` text that
//! `ts/verify.ts` reads (US is U+001F), until that glue moves to objects too.

use wasm_bindgen::prelude::*;

/// Separates the parts of a thrown verification failure.
#[cfg(feature = "verify")]
pub const SEPARATOR: char = '\u{1f}';

/// Why an engine call was refused: the conformance code, the input field at
/// fault, and a message naming it (never a value).
#[wasm_bindgen]
pub struct WasmError {
    code: &'static str,
    field: String,
    message: String,
}

#[wasm_bindgen]
impl WasmError {
    /// The conformance code, such as `invalid_header`.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.code.to_owned()
    }

    /// The input field at fault, such as `headers` or `region`.
    #[wasm_bindgen(getter)]
    pub fn field(&self) -> String {
        self.field.clone()
    }

    /// The message, naming the field but never showing a value.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
}

impl From<sigv4kit::Error> for WasmError {
    fn from(err: sigv4kit::Error) -> Self {
        WasmError {
            code: err.code(),
            field: err.field().to_owned(),
            message: err.to_string(),
        }
    }
}

/// Converts a core error.
pub fn to_js(err: sigv4kit::Error) -> WasmError {
    err.into()
}

/// An error raised by this crate itself.
pub fn error(code: &'static str, field: &str, message: &str) -> WasmError {
    WasmError {
        code,
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

/// The text of an encoded verification failure (see the module's note).
#[cfg(feature = "verify")]
pub fn text(code: &str, field: &str, message: &str) -> String {
    let mut text = String::with_capacity(code.len() + field.len() + message.len() + 2);
    text.push_str(code);
    text.push(SEPARATOR);
    text.push_str(field);
    text.push(SEPARATOR);
    text.push_str(message);
    text
}
