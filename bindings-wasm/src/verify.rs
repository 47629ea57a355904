//! Verification, the server side: checks the signature a request presents,
//! as API Gateway's IAM authorizer does, with the core's `sigv4kit::verify`.
//! Node only (servers and test doubles); the browser build leaves it out.

#[allow(unused_imports)]
use crate::prelude::*;

use sigv4kit::redact;
use sigv4kit::verify::{self, PresentedSignature, VerifyError, VerifySettings};
use sigv4kit::{Payload, Request, SignatureLocation, SigningTime};
use wasm_bindgen::prelude::*;

use crate::errors;
use crate::signer::PayloadMode;
use crate::wire;
use crate::WasmCredentials;

/// A failed verification, as an object the glue reads and frees: the core's
/// code (`VerifyError::code`, the same string in every binding) and message,
/// and for a mismatch the verifier's canonical request (raw, which holds the
/// session token, for the server's own diffing; and redacted by the core's
/// `sigv4kit::redact`, which is what the error shows) and string to sign.
#[wasm_bindgen]
pub struct WasmVerifyError {
    code: &'static str,
    message: String,
    canonical_request: Option<String>,
    redacted_canonical_request: Option<String>,
    string_to_sign: Option<String>,
}

#[wasm_bindgen]
impl WasmVerifyError {
    /// The core's code for the refusal, such as `signature_mismatch`.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.code.to_owned()
    }

    /// The core's message; it never shows a secret.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }

    /// A mismatch's canonical request as the verifier built it (holds the
    /// session token, if one was presented).
    #[wasm_bindgen(getter, js_name = canonicalRequest)]
    pub fn canonical_request(&self) -> Option<String> {
        self.canonical_request.clone()
    }

    /// The same with the session token redacted.
    #[wasm_bindgen(getter, js_name = redactedCanonicalRequest)]
    pub fn redacted_canonical_request(&self) -> Option<String> {
        self.redacted_canonical_request.clone()
    }

    /// A mismatch's string to sign.
    #[wasm_bindgen(getter, js_name = stringToSign)]
    pub fn string_to_sign(&self) -> Option<String> {
        self.string_to_sign.clone()
    }
}

/// A request that cannot be canonicalized at all (`invalid_request`) is a
/// [`errors::WasmError`] naming the field at fault, as signing errors are;
/// every other refusal a [`WasmVerifyError`].
fn to_js(err: VerifyError) -> JsValue {
    let code = err.code().as_str();
    if let VerifyError::InvalidRequest(inner) = &err {
        return errors::error(code, inner.field(), &err.to_string()).into();
    }
    let message = err.to_string();
    let (canonical_request, redacted_canonical_request, string_to_sign) = match err {
        VerifyError::SignatureMismatch {
            canonical_request,
            string_to_sign,
        } => {
            let redacted = redact::canonical_request(&canonical_request).into_owned();
            (
                Some(canonical_request),
                Some(redacted),
                Some(string_to_sign),
            )
        }
        _ => (None, None, None),
    };
    WasmVerifyError {
        code,
        message,
        canonical_request,
        redacted_canonical_request,
        string_to_sign,
    }
    .into()
}

/// What an accepted request was signed with (see [`WasmPresented::verify`]).
#[wasm_bindgen]
pub struct WasmVerified {
    location: &'static str,
    region: String,
    service: String,
    signed_at_ms: f64,
    canonical_request: String,
    redacted_canonical_request: String,
    string_to_sign: String,
}

#[wasm_bindgen]
impl WasmVerified {
    /// `headers` or `query`.
    #[wasm_bindgen(getter)]
    pub fn location(&self) -> String {
        self.location.to_owned()
    }

    /// The credential scope's region.
    #[wasm_bindgen(getter)]
    pub fn region(&self) -> String {
        self.region.clone()
    }

    /// The credential scope's service.
    #[wasm_bindgen(getter)]
    pub fn service(&self) -> String {
        self.service.clone()
    }

    /// When the request says it was signed, in milliseconds since the epoch.
    #[wasm_bindgen(getter, js_name = signedAtMs)]
    pub fn signed_at_ms(&self) -> f64 {
        self.signed_at_ms
    }

    /// The canonical request that matched (holds the session token, if one
    /// was presented).
    #[wasm_bindgen(getter, js_name = canonicalRequest)]
    pub fn canonical_request(&self) -> String {
        self.canonical_request.clone()
    }

    /// The same with the session token redacted by the core.
    #[wasm_bindgen(getter, js_name = redactedCanonicalRequest)]
    pub fn redacted_canonical_request(&self) -> String {
        self.redacted_canonical_request.clone()
    }

    /// The string to sign that matched.
    #[wasm_bindgen(getter, js_name = stringToSign)]
    pub fn string_to_sign(&self) -> String {
        self.string_to_sign.clone()
    }
}

fn unpack(packed: &str, header_count: usize) -> Result<wire::Unpacked<'_>, JsValue> {
    wire::unpack(packed, header_count).ok_or_else(|| {
        JsValue::from(errors::error(
            "invalid_header",
            "headers",
            "invalid header: a name or value contains a NUL character",
        ))
    })
}

/// The signature a request presents, read but not yet checked: the server
/// looks up the secret of its access key id between the two steps.
#[wasm_bindgen]
pub struct WasmPresented {
    inner: PresentedSignature,
}

/// Reads the signature of a packed request (see `wire`).
#[wasm_bindgen(js_name = parseSignature)]
pub fn parse_signature(packed: &str, header_count: usize) -> Result<WasmPresented, JsValue> {
    let u = unpack(packed, header_count)?;
    let request = Request {
        method: u.method,
        target: u.target,
        headers: u.headers,
    };
    let inner = verify::parse_signature(&request).map_err(to_js)?;
    Ok(WasmPresented { inner })
}

#[wasm_bindgen]
impl WasmPresented {
    /// The access key id that claims to have signed.
    #[wasm_bindgen(getter, js_name = accessKeyId)]
    pub fn access_key_id(&self) -> String {
        self.inner.access_key_id().to_owned()
    }

    /// Checks the signature against `credentials` at `now_ms`.
    #[allow(clippy::too_many_arguments)] // each argument is one boundary copy
    pub fn verify(
        &self,
        credentials: &WasmCredentials,
        packed: &str,
        header_count: usize,
        mode: PayloadMode,
        bytes: Option<Vec<u8>>,
        now_ms: f64,
        double_encode_path: bool,
        normalize_path: bool,
        max_clock_skew_secs: f64,
        region: Option<String>,
        service: Option<String>,
        allow_unsigned_payload: Option<bool>,
    ) -> Result<WasmVerified, JsValue> {
        let u = unpack(packed, header_count)?;
        let request = Request {
            method: u.method,
            target: u.target,
            headers: u.headers,
        };
        let payload = match mode {
            PayloadMode::Bytes => Payload::Bytes(bytes.as_deref().unwrap_or(b"")),
            _ => Payload::Bytes(b""),
        };
        let now = SigningTime::from_unix_millis(now_ms).map_err(errors::to_js)?;
        let settings = VerifySettings::new()
            .with_path_rules(sigv4kit::PathRules {
                double_encode: double_encode_path,
                normalize: normalize_path,
            })
            .with_max_clock_skew_secs(max_clock_skew_secs as i64)
            .with_region(region)
            .with_service(service)
            .with_allow_unsigned_payload(allow_unsigned_payload);
        let v = self
            .inner
            .verify(&request, payload, &credentials.inner, now, &settings)
            .map_err(to_js)?;
        let location = match v.location {
            SignatureLocation::Headers => "headers",
            SignatureLocation::Query => "query",
        };
        Ok(WasmVerified {
            location,
            region: v.region,
            service: v.service,
            signed_at_ms: (v.signed_at.unix() * 1000) as f64,
            redacted_canonical_request: redact::canonical_request(&v.canonical_request)
                .into_owned(),
            canonical_request: v.canonical_request,
            string_to_sign: v.string_to_sign,
        })
    }
}
