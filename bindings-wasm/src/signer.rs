//! Signing and presigning, and incremental payload hashing.

use sigv4kit::policy::ServiceDefaults;
use sigv4kit::{
    Payload, PayloadHasher, Request, Signer, SigningOutput, SigningSettings, SigningTime,
};
use wasm_bindgen::prelude::*;

use crate::errors;
use crate::wire::{self, NUL};
use crate::WasmCredentials;

/// What the payload line of the canonical request is made from.
#[wasm_bindgen]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PayloadMode {
    /// No body: the hash of the empty string.
    Empty = 0,
    /// The body is the text argument, hashed as UTF-8.
    Text = 1,
    /// The body is the bytes argument.
    Bytes = 2,
    /// `UNSIGNED-PAYLOAD`.
    Unsigned = 3,
    /// The text argument is the payload value itself (a hex digest or a
    /// `STREAMING-…` constant).
    Precomputed = 4,
}

/// A signer for one region and service with fixed options.
#[wasm_bindgen]
pub struct WasmSigner {
    inner: Signer,
}

#[wasm_bindgen]
impl WasmSigner {
    /// Checks region and service; each option left `undefined` keeps the
    /// core's default for the service (S3 differs from the rest).
    #[wasm_bindgen(constructor)]
    pub fn new(
        region: &str,
        service: &str,
        double_encode_path: Option<bool>,
        normalize_path: Option<bool>,
        content_sha256_header: Option<bool>,
        omit_session_token: Option<bool>,
    ) -> Result<WasmSigner, JsValue> {
        let mut settings = SigningSettings::new(region, service);
        if let Some(v) = double_encode_path {
            settings.path_rules.double_encode = v;
        }
        if let Some(v) = normalize_path {
            settings.path_rules.normalize = v;
        }
        if let Some(v) = content_sha256_header {
            settings.content_sha256_header = v;
        }
        if let Some(v) = omit_session_token {
            settings.omit_session_token = v;
        }
        let inner = Signer::new(settings).map_err(errors::to_js)?;
        Ok(WasmSigner { inner })
    }

    /// The settings in force, as `double_encode_path,normalize_path,
    /// content_sha256_header,omit_session_token` flags (`1`/`0`), so JS can
    /// show the effective defaults.
    #[wasm_bindgen(js_name = settingFlags)]
    pub fn setting_flags(&self) -> String {
        let s = self.inner.settings();
        [
            s.path_rules.double_encode,
            s.path_rules.normalize,
            s.content_sha256_header,
            s.omit_session_token,
        ]
        .iter()
        .map(|b| if *b { "1" } else { "0" })
        .collect::<Vec<_>>()
        .join(",")
    }

    /// Whether a presigned URL of this service signs `UNSIGNED-PAYLOAD` when
    /// the caller chose no payload (the core's service defaults: S3).
    #[wasm_bindgen(getter, js_name = presignUnsignedPayload)]
    pub fn presign_unsigned_payload(&self) -> bool {
        ServiceDefaults::for_service(&self.inner.settings().service).presign_unsigned_payload
    }

    /// Signs a packed request (see `wire`). `expires_in` below zero means
    /// header signing, otherwise a presigned URL valid that many seconds.
    /// Returns `target NUL canonical NUL string_to_sign NUL signature NUL
    /// added` then `NUL name NUL value` for each header to send (the core's
    /// `SigningOutput::headers`: the request's own in order, minus those the
    /// signer replaces or drops, then the `added` ones); the canonical
    /// request and string to sign are empty unless `debug`, the target is
    /// empty unless presigning.
    #[allow(clippy::too_many_arguments)] // each argument is one boundary copy; a struct would be more
    pub fn sign(
        &self,
        credentials: &WasmCredentials,
        packed: &str,
        header_count: usize,
        mode: PayloadMode,
        text: Option<String>,
        bytes: Option<Vec<u8>>,
        time_ms: f64,
        expires_in: f64,
        debug: bool,
    ) -> Result<String, JsValue> {
        let unpacked = wire::unpack(packed, header_count).ok_or_else(|| {
            errors::encode(
                "invalid_header",
                "headers",
                "invalid header: a name or value contains a NUL character",
            )
        })?;
        let request = Request {
            method: unpacked.method,
            target: unpacked.target,
            headers: unpacked.headers,
        };
        let text = text.as_deref().unwrap_or("");
        let payload = match mode {
            PayloadMode::Empty => Payload::Bytes(b""),
            PayloadMode::Text => Payload::Bytes(text.as_bytes()),
            PayloadMode::Bytes => Payload::Bytes(bytes.as_deref().unwrap_or(b"")),
            PayloadMode::Unsigned => Payload::Unsigned,
            PayloadMode::Precomputed => Payload::Precomputed(text),
        };
        let time = SigningTime::from_unix_millis(time_ms).map_err(errors::to_js)?;
        let output = if expires_in < 0.0 {
            self.inner.sign(&credentials.inner, &request, payload, time)
        } else {
            let secs = whole_seconds(expires_in)?;
            self.inner
                .presign(&credentials.inner, &request, payload, time, secs)
        }
        .map_err(errors::to_js)?;
        Ok(pack_output(&output, &request, debug))
    }
}

fn whole_seconds(value: f64) -> Result<u64, JsValue> {
    if value.fract() != 0.0 || !value.is_finite() || value > u32::MAX as f64 {
        return Err(errors::encode(
            "invalid_expiry",
            "expires_in",
            "invalid expires_in: must be a whole number of seconds from 1 to 604800",
        ));
    }
    Ok(value as u64)
}

fn pack_output(output: &SigningOutput, request: &Request<'_>, debug: bool) -> String {
    let mut out = String::with_capacity(
        320 + if debug {
            output.canonical_request().len() + output.string_to_sign().len()
        } else {
            0
        },
    );
    out.push_str(output.presigned_target().unwrap_or(""));
    out.push(NUL);
    if debug {
        out.push_str(output.canonical_request());
    }
    out.push(NUL);
    if debug {
        out.push_str(output.string_to_sign());
    }
    out.push(NUL);
    out.push_str(output.signature());
    out.push(NUL);
    out.push_str(&output.added_headers().len().to_string());
    for (name, value) in output.headers(request) {
        out.push(NUL);
        out.push_str(name);
        out.push(NUL);
        out.push_str(value);
    }
    out
}

/// Hashes a body chunk by chunk, for a payload hash computed ahead of
/// signing (a stream that cannot be read twice, a file too big to hold).
#[wasm_bindgen]
pub struct WasmHasher {
    inner: Option<PayloadHasher>,
}

impl Default for WasmHasher {
    fn default() -> Self {
        WasmHasher::new()
    }
}

#[wasm_bindgen]
impl WasmHasher {
    /// A hasher that has seen nothing.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmHasher {
        WasmHasher {
            inner: Some(PayloadHasher::new()),
        }
    }

    /// Feeds bytes.
    pub fn update(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.live()?.update(chunk);
        Ok(())
    }

    /// Feeds text as UTF-8.
    #[wasm_bindgen(js_name = updateText)]
    pub fn update_text(&mut self, chunk: &str) -> Result<(), JsValue> {
        self.live()?.update(chunk.as_bytes());
        Ok(())
    }

    /// The SHA-256 in lower-case hex; the hasher is spent afterwards.
    pub fn digest(&mut self) -> Result<String, JsValue> {
        let hasher = self.inner.take().ok_or_else(spent)?;
        Ok(hasher.finish_hex())
    }

    fn live(&mut self) -> Result<&mut PayloadHasher, JsValue> {
        self.inner.as_mut().ok_or_else(spent)
    }
}

fn spent() -> JsValue {
    errors::encode(
        "invalid_payload",
        "payload",
        "invalid payload: digest() was already called on this hasher",
    )
}
