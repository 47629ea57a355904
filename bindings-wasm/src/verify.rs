//! Verification, the server side: checks the signature a request presents,
//! as API Gateway's IAM authorizer does, with the core's `sigv4kit::verify`.
//! Node only (servers and test doubles); the browser build leaves it out.

use sigv4kit::redact;
use sigv4kit::verify::{self, PresentedSignature, VerifyError, VerifySettings};
use sigv4kit::{Payload, Request, SignatureLocation, SigningTime};
use wasm_bindgen::prelude::*;

use crate::errors::{self, SEPARATOR};
use crate::signer::PayloadMode;
use crate::wire::{self, NUL};
use crate::WasmCredentials;

/// A failed verification: `code US signature US message`, plus, for a
/// mismatch, `US canonical_request US redacted_canonical_request US
/// string_to_sign` (the verifier's, for the server's logs; the redacted copy,
/// by the core's `sigv4kit::redact`, is what the error shows), which
/// `ts/verify.ts` reads. The code is the core's own (`VerifyError::code`), so
/// it is the same string in every binding; a request that cannot be
/// canonicalized at all (`invalid_request`) is a [`errors::WasmError`] naming
/// the field at fault, as signing errors are.
fn to_js(err: VerifyError) -> JsValue {
    let code = err.code().as_str();
    if let VerifyError::InvalidRequest(inner) = &err {
        return errors::error(code, inner.field(), &err.to_string()).into();
    }
    let mut text = errors::text(code, "signature", &err.to_string());
    if let VerifyError::SignatureMismatch {
        canonical_request,
        string_to_sign,
    } = &err
    {
        text.push(SEPARATOR);
        text.push_str(canonical_request);
        text.push(SEPARATOR);
        text.push_str(&redact::canonical_request(canonical_request));
        text.push(SEPARATOR);
        text.push_str(string_to_sign);
    }
    JsValue::from_str(&text)
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

    /// Checks the signature against `credentials` at `now_ms`. Returns
    /// `location NUL region NUL service NUL signed_at_ms NUL canonical NUL
    /// redacted_canonical NUL string_to_sign`, where `redacted_canonical` is
    /// the canonical request with the session token replaced by the core's
    /// `sigv4kit::redact` (what the result shows; the raw one holds the
    /// token).
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
    ) -> Result<String, JsValue> {
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
        let signed_at_ms = (v.signed_at.unix() * 1000).to_string();
        let redacted = redact::canonical_request(&v.canonical_request);
        let mut out = String::with_capacity(
            v.canonical_request.len() + redacted.len() + v.string_to_sign.len() + 96,
        );
        for part in [
            location,
            &v.region,
            &v.service,
            &signed_at_ms,
            &v.canonical_request,
            &redacted,
        ] {
            out.push_str(part);
            out.push(NUL);
        }
        out.push_str(&v.string_to_sign);
        Ok(out)
    }
}
