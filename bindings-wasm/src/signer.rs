//! Signing and presigning, and incremental payload hashing.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

use sigv4kit::policy::ServiceDefaults;
use sigv4kit::{Payload, PayloadHasher, Request, Signer, SigningSettings, SigningTime};
use wasm_bindgen::prelude::*;

use crate::errors::{self, WasmError};
use crate::wire;
use crate::WasmCredentials;

/// What the payload line of the canonical request is made from.
#[wasm_bindgen]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PayloadMode {
    /// No body: the hash of the empty string.
    Empty = 0,
    /// The body is text, written as UTF-8.
    Text = 1,
    /// The body is bytes.
    Bytes = 2,
    /// `UNSIGNED-PAYLOAD`.
    Unsigned = 3,
    /// The body part is the payload value itself (a hex digest or a
    /// `STREAMING-…` constant).
    Precomputed = 4,
}

/// A signer for one region and service with fixed options, and the two
/// buffers its requests cross the boundary through: JS writes a request into
/// the input buffer (one `TextEncoder.encodeInto`, plus one copy of a binary
/// body), calls [`WasmSigner::sign`] once, and reads the result from wasm
/// memory through the table `sign` returns. Nothing is packed into strings
/// that the other side splits again.
#[wasm_bindgen]
pub struct WasmSigner {
    inner: Signer,
    presign_unsigned_payload: bool,
    input: Vec<u8>,
    output: String,
    table: Vec<u32>,
    /// Why the last [`WasmSigner::sign`] failed, until [`WasmSigner::take_error`].
    error: Option<WasmError>,
}

/// The first entries of the result table (see [`WasmSigner::sign`]).
const TABLE_HEAD: usize = 4;

#[wasm_bindgen]
impl WasmSigner {
    /// Checks region and service; each option left `undefined` keeps the
    /// core's default for the service (S3 differs from the rest).
    /// `sigv4a` signs with SigV4a (`undefined`: SigV4), whose region is a
    /// region set: a flag rather than the algorithm's name, so that the
    /// plain browser engine decodes no string for it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        region: &str,
        service: &str,
        double_encode_path: Option<bool>,
        normalize_path: Option<bool>,
        content_sha256_header: Option<bool>,
        omit_session_token: Option<bool>,
        sigv4a: Option<bool>,
    ) -> Result<WasmSigner, WasmError> {
        let mut settings = SigningSettings::new(region, service);
        // The glue checks whether this engine has SigV4a (`hasSigV4a`)
        // first, so this only guards the boundary.
        if sigv4a == Some(true) {
            #[cfg(feature = "sigv4a")]
            {
                settings.algorithm = sigv4kit::Algorithm::SigV4a;
            }
            #[cfg(not(feature = "sigv4a"))]
            return Err(errors::error(
                "invalid_region",
                "algorithm",
                "SigV4a is not in this engine",
            ));
        }
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
        Ok(WasmSigner {
            presign_unsigned_payload: ServiceDefaults::for_service(service)
                .presign_unsigned_payload,
            inner,
            input: Vec::new(),
            output: String::new(),
            table: Vec::new(),
            error: None,
        })
    }

    /// Whether the path is encoded once more (the setting in force).
    #[wasm_bindgen(getter, js_name = doubleEncodePath)]
    pub fn double_encode_path(&self) -> bool {
        self.inner.settings().path_rules.double_encode
    }

    /// Whether the path is normalized (the setting in force).
    #[wasm_bindgen(getter, js_name = normalizePath)]
    pub fn normalize_path(&self) -> bool {
        self.inner.settings().path_rules.normalize
    }

    /// Whether `x-amz-content-sha256` is sent and signed.
    #[wasm_bindgen(getter, js_name = contentSha256Header)]
    pub fn content_sha256_header(&self) -> bool {
        self.inner.settings().content_sha256_header
    }

    /// Whether the session token is added after signing.
    #[wasm_bindgen(getter, js_name = omitSessionToken)]
    pub fn omit_session_token(&self) -> bool {
        self.inner.settings().omit_session_token
    }

    /// Whether a presigned URL of this service signs `UNSIGNED-PAYLOAD` when
    /// the caller chose no payload (the core's service defaults: S3).
    #[wasm_bindgen(getter, js_name = presignUnsignedPayload)]
    pub fn presign_unsigned_payload(&self) -> bool {
        self.presign_unsigned_payload
    }

    /// Makes room for `len` bytes of request and returns their address in
    /// wasm memory (valid until the next call on this signer). Bytes already
    /// written are kept when the buffer grows.
    #[wasm_bindgen(js_name = reserveInput)]
    pub fn reserve_input(&mut self, len: usize) -> usize {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_ptr() as usize
    }

    /// Signs the request JS wrote at [`reserve_input`]'s address:
    /// `text_len` bytes of `method NUL target NUL (name NUL value NUL)*`
    /// (see `wire`, `header_count` headers), then `body_len` bytes of body
    /// (the body for `Text`/`Bytes`, the digest for `Precomputed`).
    /// `expires_in` below zero means header signing, otherwise a presigned
    /// URL valid that many seconds; `wire` sends the target in the core's
    /// wire form (no raw `+`); `debug` returns the canonical request and
    /// string to sign.
    ///
    /// Returns the address of a table of `u32`s in wasm memory: the address
    /// and byte length of the result text, the number `d` of the request's
    /// headers to drop, the number `a` of added headers, then the UTF-16 end
    /// offsets in the text of the target (empty when unchanged), canonical
    /// request, string to sign (both empty unless `debug`) and signature,
    /// then of each added header's name and value, then the indices of the
    /// `d` request headers the core's `SigningOutput::replaces_header`
    /// drops. Valid until the next call on this signer.
    ///
    /// On failure it returns 0 and keeps the error for
    /// [`WasmSigner::take_error`]. Not a `Result`: wasm-bindgen returns one
    /// through memory in the Node engine (no multivalue there, see
    /// scripts/strip-target-features.cjs), which costs the hot path two
    /// engine calls and three memory reads per signature; a plain number
    /// crosses as is.
    ///
    /// [`reserve_input`]: WasmSigner::reserve_input
    #[allow(clippy::too_many_arguments)] // numbers and flags only: no copies
    pub fn sign(
        &mut self,
        credentials: &WasmCredentials,
        text_len: usize,
        header_count: usize,
        body_len: usize,
        mode: PayloadMode,
        time_ms: f64,
        expires_in: f64,
        wire: bool,
        debug: bool,
    ) -> usize {
        let signed = self.sign_request(
            credentials,
            text_len,
            header_count,
            body_len,
            mode,
            time_ms,
            expires_in,
            wire,
            debug,
        );
        signed.unwrap_or_else(|err| {
            self.error = Some(err);
            0
        })
    }

    /// The error of the last [`WasmSigner::sign`] that returned 0 (once).
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> Option<WasmError> {
        self.error.take()
    }
}

impl WasmSigner {
    #[allow(clippy::too_many_arguments)] // as `sign`'s
    fn sign_request(
        &mut self,
        credentials: &WasmCredentials,
        text_len: usize,
        header_count: usize,
        body_len: usize,
        mode: PayloadMode,
        time_ms: f64,
        expires_in: f64,
        wire: bool,
        debug: bool,
    ) -> Result<usize, WasmError> {
        let WasmSigner {
            inner,
            input,
            output,
            table,
            ..
        } = self;
        let bad_input = || {
            errors::error(
                "invalid_target",
                "request",
                "invalid request: the request written into the engine is incomplete",
            )
        };
        let end = text_len.checked_add(body_len).ok_or_else(bad_input)?;
        let (text, body) = input.get(..end).ok_or_else(bad_input)?.split_at(text_len);
        let text = core::str::from_utf8(text).map_err(|_| bad_input())?;
        let unpacked = wire::unpack(text, header_count).ok_or_else(|| {
            errors::error(
                "invalid_header",
                "headers",
                "invalid header: a name or value contains a NUL character",
            )
        })?;
        let target = if wire {
            sigv4kit::policy::wire_target(unpacked.target)
        } else {
            Cow::Borrowed(unpacked.target)
        };
        let request = Request {
            method: unpacked.method,
            target: &target,
            headers: unpacked.headers,
        };
        let payload = match mode {
            PayloadMode::Empty => Payload::Bytes(b""),
            PayloadMode::Text | PayloadMode::Bytes => Payload::Bytes(body),
            PayloadMode::Unsigned => Payload::Unsigned,
            PayloadMode::Precomputed => {
                Payload::Precomputed(core::str::from_utf8(body).map_err(|_| bad_input())?)
            }
        };
        let time = SigningTime::from_unix_millis(time_ms).map_err(errors::to_js)?;
        let signed = if expires_in < 0.0 {
            inner.sign(&credentials.inner, &request, payload, time)
        } else {
            let secs = whole_seconds(expires_in)?;
            inner.presign(&credentials.inner, &request, payload, time, secs)
        }
        .map_err(errors::to_js)?;

        let sent_target = match (signed.presigned_target(), &target) {
            (Some(t), _) => t,
            (None, Cow::Owned(t)) => t.as_str(),
            (None, Cow::Borrowed(_)) => "",
        };
        let added = signed.added();
        output.clear();
        table.clear();
        table.resize(TABLE_HEAD, 0);
        let mut out = Fields {
            text: output,
            ends: table,
            first: TABLE_HEAD,
        };
        out.push(sent_target);
        out.push(if debug {
            signed.canonical_request()
        } else {
            ""
        });
        out.push(if debug { signed.string_to_sign() } else { "" });
        out.push(signed.signature());
        for (name, value) in added.iter() {
            out.push(name);
            out.push(value);
        }
        out.finish();
        let mut dropped = 0;
        for (i, (name, _)) in request.headers.iter().enumerate() {
            if signed.replaces_header(name) {
                table.push(i as u32);
                dropped += 1;
            }
        }
        table[0] = output.as_ptr() as usize as u32;
        table[1] = output.len() as u32;
        table[2] = dropped;
        table[3] = added.len() as u32;
        Ok(table.as_ptr() as usize)
    }
}

/// The result text and the end offset of each field in it. Offsets are
/// counted in bytes while pushing and turned into UTF-16 units (what JS
/// `slice`s by) by [`Fields::finish`] only when the text is not all ASCII:
/// a signed request's result almost always is.
struct Fields<'a> {
    text: &'a mut String,
    ends: &'a mut Vec<u32>,
    first: usize,
}

impl Fields<'_> {
    fn push(&mut self, field: &str) {
        self.text.push_str(field);
        self.ends.push(self.text.len() as u32);
    }

    /// Rewrites the byte offsets as UTF-16 offsets where they differ.
    fn finish(&mut self) {
        if self.text.is_ascii() {
            return;
        }
        let mut from = 0usize;
        let mut units = 0u32;
        for end in &mut self.ends[self.first..] {
            let field = &self.text[from..*end as usize];
            from = *end as usize;
            units += field.encode_utf16().count() as u32;
            *end = units;
        }
    }
}

fn whole_seconds(value: f64) -> Result<u64, WasmError> {
    if !crate::number::is_whole(value) || value > u32::MAX as f64 {
        return Err(errors::error(
            "invalid_expiry",
            "expires_in",
            "invalid expires_in: must be a whole number of seconds from 1 to 604800",
        ));
    }
    Ok(value as u64)
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
    pub fn update(&mut self, chunk: &[u8]) -> Result<(), WasmError> {
        self.live()?.update(chunk);
        Ok(())
    }

    /// Feeds text as UTF-8.
    #[wasm_bindgen(js_name = updateText)]
    pub fn update_text(&mut self, chunk: &str) -> Result<(), WasmError> {
        self.live()?.update(chunk.as_bytes());
        Ok(())
    }

    /// The SHA-256 in lower-case hex; the hasher is spent afterwards.
    pub fn digest(&mut self) -> Result<String, WasmError> {
        let hasher = self.inner.take().ok_or_else(spent)?;
        Ok(hasher.finish_hex())
    }

    fn live(&mut self) -> Result<&mut PayloadHasher, WasmError> {
        self.inner.as_mut().ok_or_else(spent)
    }
}

fn spent() -> WasmError {
    errors::error(
        "invalid_payload",
        "payload",
        "invalid payload: digest() was already called on this hasher",
    )
}
