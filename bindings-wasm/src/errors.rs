//! Errors on their way to JavaScript.
//!
//! An engine call that fails throws a [`WasmError`]: a wasm-bindgen object
//! whose `code`, `field` and `message` the JS glue reads into a `SigV4Error`
//! (then frees it). Its message is the core's (`Error::message_parts`, the
//! text `Display` writes), which never shows a value or a secret; joined
//! here without `core::fmt`, which the browser engine would otherwise carry.
//!
//! Verification failures carry more (the verifier's canonical request and
//! string to sign): `verify.rs` throws its own `WasmVerifyError`.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

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
            message: err.message_parts().concat(),
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
