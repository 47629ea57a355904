//! Signing a request: the request and payload descriptions, `sigv4kit_sign`,
//! `sigv4kit_presign`, and the signed result.

use sigv4kit::{Payload, Request, SignatureLocation, SigningOutput, SigningTime};

use crate::credentials::sigv4kit_credentials;
use crate::ffi::{
    bytes_arg, give, handle, out_arg, sigv4kit_header, sigv4kit_str, take_back, view_arg,
};
use crate::result::{guard, guard_value, sigv4kit_result, Failure};
use crate::signer::sigv4kit_signer;
use sigv4kit_result::*;

/// A request as it will be sent. Nothing is copied: the pointers need to
/// stay valid only during the call that reads the request.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigv4kit_request {
    /// The HTTP method, such as `GET`.
    pub method: sigv4kit_str,
    /// The request target exactly as on the request line: the path, then `?`
    /// and the query if any (`/prod/pets?type=dog`). Not a full URL.
    pub target: sigv4kit_str,
    /// The headers to send, in order; duplicates allowed. Include `Host`
    /// (with the port when it is not the scheme's default).
    pub headers: *const sigv4kit_header,
    /// Number of headers at `headers`; `headers` may be NULL when it is 0.
    pub headers_len: usize,
}

/// How the payload (body) enters the signature: the value of
/// `sigv4kit_payload.kind`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_payload_kind {
    /// Hash the body bytes given in `data`/`len` (`(NULL, 0)` for no body).
    SIGV4KIT_PAYLOAD_BYTES = 0,
    /// Sign `UNSIGNED-PAYLOAD` instead of a hash; `data`/`len` are ignored.
    SIGV4KIT_PAYLOAD_UNSIGNED = 1,
    /// Sign the text in `data`/`len` verbatim: 64 lower-case hex digits
    /// (from a `sigv4kit_payload_hasher`) or a constant such as
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`.
    SIGV4KIT_PAYLOAD_PRECOMPUTED = 2,
    /// What a user who chose nothing signs (the core's service defaults):
    /// the SHA-256 of the body in `data`/`len` (`(NULL, 0)` for no body),
    /// except in a presigned URL of an S3-family service (`s3`,
    /// `s3-object-lambda`, `s3-outposts`, `s3express`), which signs
    /// `UNSIGNED-PAYLOAD` as S3 requires. Signing only; verification refuses it.
    SIGV4KIT_PAYLOAD_DEFAULT = 3,
}

/// The payload of a request, as the signature sees it. Nothing is copied.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigv4kit_payload {
    /// A `sigv4kit_payload_kind` value; others are refused with
    /// `SIGV4KIT_INVALID_PAYLOAD`.
    pub kind: u32,
    /// The body (for `SIGV4KIT_PAYLOAD_BYTES`) or the precomputed value.
    pub data: *const u8,
    /// Number of bytes at `data`.
    pub len: usize,
}

/// Where a signature went: the value of `sigv4kit_signed_location`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_location {
    /// An `Authorization` header (`sigv4kit_sign`).
    SIGV4KIT_LOCATION_HEADERS = 0,
    /// Query parameters of a presigned URL (`sigv4kit_presign`).
    SIGV4KIT_LOCATION_QUERY = 1,
}

/// What signing produced: the headers to add (or the presigned target), the
/// signature, and the canonical request and string to sign for debugging a
/// 403. Every `sigv4kit_str` read from it is owned by it.
///
/// Thread safety: immutable; read it from any thread, free it once.
pub struct sigv4kit_signed {
    inner: SigningOutput,
}

fn header_utf8() -> Failure {
    Failure::not_utf8(SIGV4KIT_INVALID_HEADER, "a header name or value")
}

/// Reads a request description. The header list is the one allocation.
pub(crate) unsafe fn read_request<'a>(
    request: *const sigv4kit_request,
) -> Result<Request<'a>, Failure> {
    let r = unsafe { handle(request, "request")? };
    let method = unsafe {
        view_arg(r.method, "request.method", || {
            Failure::not_utf8(SIGV4KIT_INVALID_METHOD, "method")
        })?
    };
    let target = unsafe {
        view_arg(r.target, "request.target", || {
            Failure::not_utf8(SIGV4KIT_INVALID_TARGET, "target")
        })?
    };
    let raw: &[sigv4kit_header] = if r.headers.is_null() {
        if r.headers_len != 0 {
            return Err(Failure::null("request.headers"));
        }
        &[]
    } else {
        // SAFETY: the caller promises `headers_len` headers at `headers`.
        unsafe { core::slice::from_raw_parts(r.headers, r.headers_len) }
    };
    let mut headers = Vec::with_capacity(raw.len());
    for h in raw {
        let name = unsafe { view_arg(h.name, "header name", header_utf8)? };
        let value = unsafe { view_arg(h.value, "header value", header_utf8)? };
        headers.push((name, value));
    }
    Ok(Request {
        method,
        target,
        headers,
    })
}

pub(crate) unsafe fn read_payload<'a>(
    payload: *const sigv4kit_payload,
) -> Result<Payload<'a>, Failure> {
    let p = unsafe { handle(payload, "payload")? };
    let data = unsafe { bytes_arg(p.data, p.len, "payload.data")? };
    match p.kind {
        k if k == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_BYTES as u32 => Ok(Payload::Bytes(data)),
        k if k == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_UNSIGNED as u32 => Ok(Payload::Unsigned),
        k if k == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_PRECOMPUTED as u32 => {
            core::str::from_utf8(data)
                .map(Payload::Precomputed)
                .map_err(|_| {
                    Failure::not_utf8(SIGV4KIT_INVALID_PAYLOAD, "the precomputed payload value")
                })
        }
        _ => Err(Failure::new(
            SIGV4KIT_INVALID_PAYLOAD,
            "invalid payload: kind must be SIGV4KIT_PAYLOAD_BYTES, _UNSIGNED, _PRECOMPUTED or (signing only) _DEFAULT",
        )),
    }
}

/// The payload of a signature: `read_payload`, plus the service's default
/// for `SIGV4KIT_PAYLOAD_DEFAULT`.
unsafe fn read_sign_payload<'a>(
    payload: *const sigv4kit_payload,
    signer: &sigv4kit_signer,
    presign: bool,
) -> Result<Payload<'a>, Failure> {
    let p = unsafe { handle(payload, "payload")? };
    if p.kind == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_DEFAULT as u32 {
        let data = unsafe { bytes_arg(p.data, p.len, "payload.data")? };
        let service = &signer.inner.settings().service;
        return Ok(sigv4kit::policy::default_payload(service, presign, data));
    }
    unsafe { read_payload(payload) }
}

#[allow(clippy::too_many_arguments)]
unsafe fn sign_common(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    time: i64,
    expires_in: Option<u64>,
    signed_out: *mut *mut sigv4kit_signed,
) -> sigv4kit_result {
    guard(|| {
        let signer = unsafe { handle(signer, "signer")? };
        let credentials = unsafe { handle(credentials, "credentials")? };
        let out = out_arg(signed_out, "signed_out")?;
        let request = unsafe { read_request(request)? };
        let payload = unsafe { read_sign_payload(payload, signer, expires_in.is_some())? };
        let time = SigningTime::from_unix(time)?;
        let inner = match expires_in {
            None => signer
                .inner
                .sign(&credentials.inner, &request, payload, time)?,
            Some(e) => signer
                .inner
                .presign(&credentials.inner, &request, payload, time, e)?,
        };
        unsafe { give(out, sigv4kit_signed { inner }) };
        Ok(())
    })
}

/// Signs `request` with an `Authorization` header, at `time` (seconds since
/// the Unix epoch: `sigv4kit_time_now` gives the current one). On success
/// `*signed_out` receives a result to free with `sigv4kit_signed_free`; send
/// the request's own headers except those `sigv4kit_signed_replaces_header`
/// names, plus the added ones (`sigv4kit_signed_added_header`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_sign(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    time: i64,
    signed_out: *mut *mut sigv4kit_signed,
) -> sigv4kit_result {
    unsafe {
        sign_common(
            signer,
            credentials,
            request,
            payload,
            time,
            None,
            signed_out,
        )
    }
}

/// Presigns `request`: the signature goes into the query of the target
/// (`sigv4kit_signed_presigned_target`), valid for `expires_in` seconds
/// (1 ..= 604800) from `time`. Headers of the request are signed too, so the
/// request that uses the URL must send them (usually just `Host`).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_presign(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    time: i64,
    expires_in: u64,
    signed_out: *mut *mut sigv4kit_signed,
) -> sigv4kit_result {
    unsafe {
        sign_common(
            signer,
            credentials,
            request,
            payload,
            time,
            Some(expires_in),
            signed_out,
        )
    }
}

/// Frees a signing result. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_free(output: *mut sigv4kit_signed) {
    let _ = guard(|| {
        unsafe { take_back(output) };
        Ok(())
    });
}

fn view(
    output: *const sigv4kit_signed,
    pick: impl FnOnce(&SigningOutput) -> Option<&str>,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        // SAFETY: a non-NULL handle came from `sigv4kit_sign`/`_presign`.
        let s = unsafe { output.as_ref()? };
        pick(&s.inner).map(sigv4kit_str::of)
    })
}

/// `SIGV4KIT_LOCATION_HEADERS` or `SIGV4KIT_LOCATION_QUERY` (also for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_location(
    output: *const sigv4kit_signed,
) -> sigv4kit_location {
    guard_value(sigv4kit_location::SIGV4KIT_LOCATION_HEADERS, || {
        Some(match unsafe { output.as_ref()? }.inner.location() {
            SignatureLocation::Headers => sigv4kit_location::SIGV4KIT_LOCATION_HEADERS,
            SignatureLocation::Query => sigv4kit_location::SIGV4KIT_LOCATION_QUERY,
        })
    })
}

/// The signature: 64 lower-case hex digits. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_signature(output: *const sigv4kit_signed) -> sigv4kit_str {
    view(output, |s| Some(s.signature()))
}

/// The canonical request that was signed: compare it with the one an AWS
/// 403 quotes to see what differs. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_canonical_request(
    output: *const sigv4kit_signed,
) -> sigv4kit_str {
    view(output, |s| Some(s.canonical_request()))
}

/// The string to sign. Empty for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_string_to_sign(
    output: *const sigv4kit_signed,
) -> sigv4kit_str {
    view(output, |s| Some(s.string_to_sign()))
}

/// The `Authorization` header value; empty for a presigned result and NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_authorization(
    output: *const sigv4kit_signed,
) -> sigv4kit_str {
    view(output, |s| s.authorization())
}

/// The target to send for a presigned result: the request's target with
/// the `X-Amz-*` query parameters added. Empty after header signing (send
/// the original target) and for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_presigned_target(
    output: *const sigv4kit_signed,
) -> sigv4kit_str {
    view(output, |s| s.presigned_target())
}

/// How many headers signing adds (`X-Amz-Date`, `X-Amz-Security-Token`,
/// `X-Amz-Content-Sha256`, `Authorization`, as the options call for). Zero
/// for a presigned result and for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_added_headers_len(
    output: *const sigv4kit_signed,
) -> usize {
    guard_value(0, || {
        Some(unsafe { output.as_ref()? }.inner.added_headers().len())
    })
}

/// The added header at `index` (0 ..< `sigv4kit_signed_added_headers_len`),
/// as views owned by `output`. Each replaces any header of the same name
/// (ASCII case-insensitive) the request had.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_added_header(
    output: *const sigv4kit_signed,
    index: usize,
    header_out: *mut sigv4kit_header,
) -> sigv4kit_result {
    guard(|| {
        let output = unsafe { handle(output, "output")? };
        let out = out_arg(header_out, "header_out")?;
        let (name, value) = output.inner.added_headers().get(index).ok_or_else(|| {
            Failure::new(
                SIGV4KIT_INDEX_OUT_OF_RANGE,
                "index out of range: see sigv4kit_signed_added_headers_len",
            )
        })?;
        unsafe {
            out.write(sigv4kit_header {
                name: sigv4kit_str::of(name),
                value: sigv4kit_str::of(value),
            })
        };
        Ok(())
    })
}

/// Whether the request's own header of this name (ASCII case-insensitive)
/// must not be sent: signing set one (`X-Amz-Date`, `Authorization`, …), or
/// it is a stale `Authorization` on a presigned URL (the core's
/// `SigningOutput::replaces_header`). False for NULL and for a name that is
/// not UTF-8.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_replaces_header(
    output: *const sigv4kit_signed,
    name: *const core::ffi::c_char,
    name_len: usize,
) -> bool {
    guard_value(false, || {
        let output = unsafe { output.as_ref()? };
        let name = unsafe { bytes_arg(name.cast(), name_len, "name") }.ok()?;
        Some(
            output
                .inner
                .replaces_header(core::str::from_utf8(name).ok()?),
        )
    })
}
