//! The core's reading of a 403 (`sigv4kit::diagnose`), for `explainMismatch`
//! in `ts/diagnose.ts`. Kept apart from the signing boundary: this path runs
//! once per failed request, so plain getters are fast enough.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

/// What a 403 points at, where, why, and what to change.
#[wasm_bindgen]
pub struct WasmDiagnosis {
    inner: sigv4kit::diagnose::Diagnosis,
}

#[wasm_bindgen]
impl WasmDiagnosis {
    /// The stable name of the finding (`path`, `header`, `clock_skew`, …).
    #[wasm_bindgen(getter)]
    pub fn finding(&self) -> String {
        self.inner.finding.code().to_string()
    }

    /// The part in words (`header content-type`, `scope region`).
    #[wasm_bindgen(getter)]
    pub fn part(&self) -> String {
        self.inner.part.clone()
    }

    /// `canonical request`, `string to sign`, or nothing.
    #[wasm_bindgen(getter)]
    pub fn document(&self) -> Option<String> {
        self.inner.document.map(|d| {
            match d {
                sigv4kit::diagnose::Document::CanonicalRequest => "canonical request",
                sigv4kit::diagnose::Document::StringToSign => "string to sign",
            }
            .to_string()
        })
    }

    /// The line (1-based) that differs, when the error quoted one.
    #[wasm_bindgen(getter)]
    pub fn line(&self) -> Option<u32> {
        self.inner
            .line
            .map(|l| u32::try_from(l).unwrap_or(u32::MAX))
    }

    /// What the service computed or expects.
    #[wasm_bindgen(getter)]
    pub fn expected(&self) -> Option<String> {
        self.inner.expected.clone()
    }

    /// What was signed in its place.
    #[wasm_bindgen(getter)]
    pub fn signed(&self) -> Option<String> {
        self.inner.signed.clone()
    }

    /// The error code the service sent or implied.
    #[wasm_bindgen(getter, js_name = errorCode)]
    pub fn error_code(&self) -> Option<String> {
        self.inner.error_code.clone()
    }

    /// What usually causes this.
    #[wasm_bindgen(getter)]
    pub fn cause(&self) -> String {
        self.inner.cause.clone()
    }

    /// What to change.
    #[wasm_bindgen(getter)]
    pub fn hint(&self) -> String {
        self.inner.hint.clone()
    }

    /// The report a user reads.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.inner.to_string()
    }
}

/// Explains a 403 body against the strings that were signed.
#[wasm_bindgen(js_name = explainMismatch)]
pub fn explain_mismatch(
    canonical_request: &str,
    string_to_sign: &str,
    body: &str,
) -> WasmDiagnosis {
    WasmDiagnosis {
        inner: sigv4kit::diagnose::explain(canonical_request, string_to_sign, body),
    }
}

/// The canonical request and string to sign a 403 body quotes, as
/// `[canonicalRequest, stringToSign]` (`undefined` where absent).
#[wasm_bindgen(js_name = quotedStrings)]
pub fn quoted_strings(body: &str) -> Vec<JsValue> {
    let q = sigv4kit::diagnose::parse_error(body);
    [q.canonical_request, q.string_to_sign]
        .into_iter()
        .map(|s| s.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s)))
        .collect()
}

/// Whether a value of `SIGV4KIT_DEBUG` turns diagnosis on.
#[wasm_bindgen(js_name = debugEnabled)]
pub fn debug_enabled(value: Option<String>) -> bool {
    sigv4kit::diagnose::debug_enabled(value.as_deref())
}
