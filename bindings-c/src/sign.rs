//! Signing a request: the request and payload descriptions, `sigv4kit_sign`,
//! `sigv4kit_presign`, and the signed result.

use core::ffi::c_char;

use sigv4kit::{Payload, Request, SignatureLocation, SigningOutput, SigningTime};

use crate::credentials::sigv4kit_credentials;
use crate::ffi::{
    bytes_arg, give, handle, handle_mut, out_arg, sigv4kit_header, sigv4kit_str, take_back,
    view_arg,
};
use crate::result::{guard, guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use crate::scratch;
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
/// One comes from `sigv4kit_sign`/`sigv4kit_presign` per call, or from
/// `sigv4kit_signed_new` once, empty, to be signed into again and again by
/// `sigv4kit_sign_into`/`sigv4kit_presign_into` (the C layer then allocates
/// nothing per call, only the signing core its result's strings; views read
/// from it are valid until its next signature).
///
/// Thread safety: read it from any thread while no `_into` call writes it;
/// free it once.
pub struct sigv4kit_signed {
    /// `None` only for an output of `sigv4kit_signed_new` not yet signed into.
    pub(crate) inner: Option<SigningOutput>,
    /// Empty storage for the header list of the next `_into` call: kept with
    /// the output, so that a reused output reads requests without allocating
    /// and without thread-local state.
    spare: scratch::Spare,
}

impl sigv4kit_signed {
    /// The result, or an error naming `what` for an output never signed into.
    pub(crate) fn output(&self, what: &'static str) -> Result<&SigningOutput, Failure> {
        self.inner.as_ref().ok_or_else(|| {
            Failure::new(
                SIGV4KIT_INVALID_ARGUMENT,
                "the output holds no signature yet: sign into it first",
            )
            .at(what)
        })
    }
}

fn header_utf8() -> Failure {
    Failure::not_utf8(SIGV4KIT_INVALID_HEADER, "a header name or value").at("headers")
}

fn method_utf8() -> Failure {
    Failure::not_utf8(SIGV4KIT_INVALID_METHOD, "method").at("method")
}

fn target_utf8() -> Failure {
    Failure::not_utf8(SIGV4KIT_INVALID_TARGET, "target").at("target")
}

/// Reads a request description into the thread's reused header list
/// (give it back with `scratch::recycle` once the request is used).
pub(crate) unsafe fn read_request<'a>(
    request: *const sigv4kit_request,
) -> Result<Request<'a>, Failure> {
    unsafe { read_request_with(request, scratch::header_list(0)) }
}

/// Reads a request description into `headers` (an empty list whose storage
/// is reused). Inlined: returning the request and its large `Result` through
/// memory cost as much as reading a header.
#[inline(always)]
unsafe fn read_request_with<'a>(
    request: *const sigv4kit_request,
    mut headers: Vec<(&'a str, &'a str)>,
) -> Result<Request<'a>, Failure> {
    let r = unsafe { handle(request, "request")? };
    let method = unsafe { view_arg(r.method, "request.method", method_utf8)? };
    let target = unsafe { view_arg(r.target, "request.target", target_utf8)? };
    let raw: &[sigv4kit_header] = if r.headers.is_null() {
        if r.headers_len != 0 {
            return Err(Failure::null("request.headers"));
        }
        &[]
    } else {
        // SAFETY: the caller promises `headers_len` headers at `headers`.
        unsafe { core::slice::from_raw_parts(r.headers, r.headers_len) }
    };
    headers.reserve(raw.len());
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
    unsafe { payload_of(handle(payload, "payload")?) }
}

/// The payload a checked `sigv4kit_payload` describes (any kind but
/// `SIGV4KIT_PAYLOAD_DEFAULT`, which only signing resolves).
#[inline(always)]
unsafe fn payload_of<'a>(p: &sigv4kit_payload) -> Result<Payload<'a>, Failure> {
    let data = unsafe { bytes_arg(p.data, p.len, "payload.data")? };
    match p.kind {
        k if k == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_BYTES as u32 => Ok(Payload::Bytes(data)),
        k if k == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_UNSIGNED as u32 => Ok(Payload::Unsigned),
        k if k == sigv4kit_payload_kind::SIGV4KIT_PAYLOAD_PRECOMPUTED as u32 => {
            core::str::from_utf8(data)
                .map(Payload::Precomputed)
                .map_err(|_| {
                    Failure::not_utf8(SIGV4KIT_INVALID_PAYLOAD, "the precomputed payload value")
                        .at("payload")
                })
        }
        _ => Err(Failure::new(
            SIGV4KIT_INVALID_PAYLOAD,
            "invalid payload: kind must be SIGV4KIT_PAYLOAD_BYTES, _UNSIGNED, _PRECOMPUTED or (signing only) _DEFAULT",
        )
        .at("payload")),
    }
}

/// The payload of a signature: `read_payload`, plus the service's default
/// for `SIGV4KIT_PAYLOAD_DEFAULT`. Inlined into the signing call, with the
/// handle checked once.
#[inline(always)]
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
    unsafe { payload_of(p) }
}

/// Signs or presigns (`expires_in` given) a request that was read. The
/// core's own result type, so that its answer is returned as it is made:
/// turning it into a `Result<_, Failure>` here moved the few hundred bytes of
/// a result once more per signature.
fn sign_request(
    signer: &sigv4kit_signer,
    credentials: &sigv4kit_credentials,
    request: &Request<'_>,
    payload: Payload<'_>,
    time: i64,
    expires_in: Option<u64>,
) -> Result<SigningOutput, sigv4kit::Error> {
    let time = SigningTime::from_unix(time)?;
    let (signer, credentials) = (&signer.inner, &credentials.inner);
    match expires_in {
        None => signer.sign(credentials, request, payload, time),
        Some(e) => signer.presign(credentials, request, payload, time, e),
    }
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
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let signer = unsafe { handle(signer, "signer")? };
        let credentials = unsafe { handle(credentials, "credentials")? };
        let out = out_arg(signed_out, "signed_out")?;
        let request = unsafe { read_request(request)? };
        let payload = unsafe { read_sign_payload(payload, signer, expires_in.is_some())? };
        let signed = sign_request(signer, credentials, &request, payload, time, expires_in);
        scratch::recycle(request.headers);
        let signed = sigv4kit_signed {
            inner: Some(signed?),
            spare: scratch::Spare::default(),
        };
        unsafe { give(out, signed) };
        Ok(())
    })
}

#[allow(clippy::too_many_arguments)]
unsafe fn sign_into_common(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    time: i64,
    expires_in: Option<u64>,
    signed: *mut sigv4kit_signed,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let signer = unsafe { handle(signer, "signer")? };
        let credentials = unsafe { handle(credentials, "credentials")? };
        let out = unsafe { handle_mut(signed, "signed")? };
        let request = unsafe { read_request_with(request, out.spare.take())? };
        let payload = unsafe { read_sign_payload(payload, signer, expires_in.is_some()) };
        let result = payload.and_then(|p| {
            let fresh = sign_request(signer, credentials, &request, p, time, expires_in);
            if let Err(e) = fresh {
                return Err(e.into());
            }
            // `ok()` rather than `?`: with `?` the result was copied twice,
            // once out of the core's `Result` and once more past the old
            // result's drop.
            out.inner = fresh.ok();
            Ok(())
        });
        out.spare.put(request.headers);
        result
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
    error_out: *mut *mut sigv4kit_error,
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
            error_out,
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
    error_out: *mut *mut sigv4kit_error,
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
            error_out,
        )
    }
}

/// A new, empty output for `sigv4kit_sign_into`/`sigv4kit_presign_into` to
/// sign into, any number of times; free it with `sigv4kit_signed_free`.
/// Until the first signature its views are empty and `sigv4kit_signed_copy`
/// refuses it.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_new(
    signed_out: *mut *mut sigv4kit_signed,
) -> sigv4kit_result {
    guard(|| {
        let out = out_arg(signed_out, "signed_out")?;
        let empty = sigv4kit_signed {
            inner: None,
            spare: scratch::Spare::default(),
        };
        unsafe { give(out, empty) };
        Ok(())
    })
}

/// `sigv4kit_sign` into an output the caller keeps (from
/// `sigv4kit_signed_new`): on success `signed` holds this signature in place
/// of its last one, whose views are then invalid; on failure it is left as
/// it was. A loop that signs into one output makes no allocation of the C
/// layer's own (only the core's for the result). The output must not be
/// read or written by another thread during the call.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_sign_into(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    time: i64,
    signed: *mut sigv4kit_signed,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    unsafe {
        sign_into_common(
            signer,
            credentials,
            request,
            payload,
            time,
            None,
            signed,
            error_out,
        )
    }
}

/// `sigv4kit_presign` into an output the caller keeps, as
/// `sigv4kit_sign_into` does.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sigv4kit_presign_into(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    request: *const sigv4kit_request,
    payload: *const sigv4kit_payload,
    time: i64,
    expires_in: u64,
    signed: *mut sigv4kit_signed,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    unsafe {
        sign_into_common(
            signer,
            credentials,
            request,
            payload,
            time,
            Some(expires_in),
            signed,
            error_out,
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
        pick(s.inner.as_ref()?).map(sigv4kit_str::of)
    })
}

/// `SIGV4KIT_LOCATION_HEADERS` or `SIGV4KIT_LOCATION_QUERY` (also for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_location(
    output: *const sigv4kit_signed,
) -> sigv4kit_location {
    guard_value(sigv4kit_location::SIGV4KIT_LOCATION_HEADERS, || {
        Some(
            match unsafe { output.as_ref()? }.inner.as_ref()?.location() {
                SignatureLocation::Headers => sigv4kit_location::SIGV4KIT_LOCATION_HEADERS,
                SignatureLocation::Query => sigv4kit_location::SIGV4KIT_LOCATION_QUERY,
            },
        )
    })
}

/// The signature: 64 lower-case hex digits (SigV4), or the hex of a
/// DER-encoded ECDSA signature (SigV4a). Empty for NULL.
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
        Some(unsafe { output.as_ref()? }.inner.as_ref()?.added().len())
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
        let (name, value) = output.output("output")?.added().get(index).ok_or_else(|| {
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
                .as_ref()?
                .replaces_header(core::str::from_utf8(name).ok()?),
        )
    })
}

/// A part of a caller buffer: `len` bytes from `offset`. Spans describe
/// what `sigv4kit_signed_copy` wrote, and the strings of a packed request
/// (`sigv4kit_sign_packed`), without pointers.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sigv4kit_span {
    /// Where the part starts, in bytes from the start of the buffer.
    pub offset: usize,
    /// Number of bytes.
    pub len: usize,
}

/// A header in a caller buffer: its name and its value.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sigv4kit_header_span {
    /// The header name, such as `X-Amz-Date`.
    pub name: sigv4kit_span,
    /// The header value.
    pub value: sigv4kit_span,
}

/// The most headers header signing adds: `X-Amz-Date`,
/// `X-Amz-Region-Set` (SigV4a), `X-Amz-Security-Token`,
/// `X-Amz-Content-Sha256`, `Authorization`.
pub const SIGV4KIT_SIGNED_MAX_HEADERS: usize = 5;

/// The most header names a signature says not to send from the request.
pub const SIGV4KIT_SIGNED_MAX_REPLACED: usize = SIGV4KIT_SIGNED_MAX_HEADERS + 1;

/// A flag of `sigv4kit_signed_copy` and `sigv4kit_sign_packed`: also copy
/// the canonical request and the string to sign (for debugging a 403).
pub const SIGV4KIT_COPY_DEBUG: u32 = 1;

/// A flag of `sigv4kit_sign_packed`: presign (the signature goes into the
/// query) instead of signing with an `Authorization` header.
pub const SIGV4KIT_SIGN_PRESIGN: u32 = 2;

/// Where `sigv4kit_signed_copy` put each part of a signing result in the
/// caller's buffer. Spans of parts that do not apply are `{0, 0}`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct sigv4kit_signed_layout {
    /// A `sigv4kit_location` value: header or query signature.
    pub location: u32,
    /// The target to send for a presigned result (the request's target with
    /// the `X-Amz-*` parameters); empty after header signing.
    pub target: sigv4kit_span,
    /// The signature: 64 lower-case hex digits (SigV4), or the hex of a
    /// DER-encoded ECDSA signature, at most 144 digits (SigV4a).
    pub signature: sigv4kit_span,
    /// The canonical request, with `SIGV4KIT_COPY_DEBUG` only.
    pub canonical_request: sigv4kit_span,
    /// The string to sign, with `SIGV4KIT_COPY_DEBUG` only.
    pub string_to_sign: sigv4kit_span,
    /// How many of `headers` are set.
    pub headers_len: usize,
    /// The headers signing added, to send after the request's own (none for
    /// a presigned result).
    pub headers: [sigv4kit_header_span; SIGV4KIT_SIGNED_MAX_HEADERS],
    /// How many of `replaced` are set.
    pub replaced_len: usize,
    /// Names (ASCII case-insensitive) of the request's own headers not to
    /// send: those signing set, and a stale `Authorization` (the core's
    /// `SigningOutput::replaces_header`).
    pub replaced: [sigv4kit_span; SIGV4KIT_SIGNED_MAX_REPLACED],
}

/// Lays a signing result out into `buf`: the parts one after the other, no
/// separators, no NUL. The size needed is returned; nothing is written (to
/// `buf` or through `layout`, which must be valid for a write) unless it
/// fits.
unsafe fn lay_out(
    output: &SigningOutput,
    flags: u32,
    buf: &mut [u8],
    layout: *mut sigv4kit_signed_layout,
) -> Result<usize, Failure> {
    let added = output.added();
    if added.len() > SIGV4KIT_SIGNED_MAX_HEADERS {
        return Err(Failure::new(
            SIGV4KIT_PANIC,
            "more added headers than sigv4kit_signed_layout holds",
        ));
    }
    let debug = flags & SIGV4KIT_COPY_DEBUG != 0;
    let stale = (!added
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("authorization")))
    .then_some("Authorization")
    .filter(|n| output.replaces_header(n))
    .unwrap_or("");
    let target = output.presigned_target().unwrap_or("");
    let signature = output.signature();
    let (canonical_request, string_to_sign) = if debug {
        (output.canonical_request(), output.string_to_sign())
    } else {
        ("", "")
    };
    let needed = target.len()
        + signature.len()
        + canonical_request.len()
        + string_to_sign.len()
        + stale.len()
        + added.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>();
    if buf.len() < needed {
        return Ok(needed);
    }
    // Each part goes right after the one before; an empty part copies
    // nothing and is `{0, 0}`, as an absent one.
    let mut at = 0;
    let mut put = |part: &str| {
        if part.is_empty() {
            return sigv4kit_span::default();
        }
        buf[at..at + part.len()].copy_from_slice(part.as_bytes());
        let span = sigv4kit_span {
            offset: at,
            len: part.len(),
        };
        at += part.len();
        span
    };
    let mut out = sigv4kit_signed_layout {
        location: match output.location() {
            SignatureLocation::Headers => sigv4kit_location::SIGV4KIT_LOCATION_HEADERS as u32,
            SignatureLocation::Query => sigv4kit_location::SIGV4KIT_LOCATION_QUERY as u32,
        },
        target: put(target),
        signature: put(signature),
        canonical_request: put(canonical_request),
        string_to_sign: put(string_to_sign),
        headers_len: added.len(),
        ..Default::default()
    };
    for (i, (name, value)) in added.iter().enumerate() {
        let name = put(name);
        out.headers[i] = sigv4kit_header_span {
            name,
            value: put(value),
        };
        // Every added name replaces the request's own copy.
        out.replaced[i] = name;
    }
    out.replaced_len = added.len();
    if !stale.is_empty() {
        out.replaced[out.replaced_len] = put(stale);
        out.replaced_len += 1;
    }
    // SAFETY: the caller promises `layout` is valid for a write.
    unsafe { layout.write(out) };
    Ok(needed)
}

/// Copies what `lay_out` made into the caller's buffer and layout.
unsafe fn copy_signed(
    output: &SigningOutput,
    flags: u32,
    buf: *mut c_char,
    len: usize,
    layout_out: *mut sigv4kit_signed_layout,
    out_n: *mut usize,
) -> Result<(), Failure> {
    let layout_out = out_arg(layout_out, "layout_out")?;
    let out_n = out_arg(out_n, "out_n")?;
    if buf.is_null() && len > 0 {
        return Err(Failure::null("buf"));
    }
    let buf: &mut [u8] = if len == 0 {
        &mut []
    } else {
        // SAFETY: the caller promises `len` writable bytes at `buf`.
        unsafe { core::slice::from_raw_parts_mut(buf.cast(), len) }
    };
    // `layout_out` was checked non-NULL; lay_out writes it only when the
    // copy fits.
    let needed = unsafe { lay_out(output, flags, buf, layout_out)? };
    unsafe { out_n.write(needed) };
    if needed > len {
        return Err(Failure::buffer_too_small());
    }
    Ok(())
}

/// Copies a signing result into `buf` (`len` bytes) in one call: the
/// presigned target, the signature, the added headers as name/value pairs,
/// the names of the request's own headers not to send, and with
/// `SIGV4KIT_COPY_DEBUG` in `flags` the canonical request and string to
/// sign. `*layout_out` receives where each part is (offsets into `buf`; no
/// NUL is written). `*out_n` receives the size needed, also with
/// `SIGV4KIT_BUFFER_TOO_SMALL`: call with `len` 0 to learn it, then with a
/// buffer that large. `*layout_out` and `buf` are written only on success.
/// The copy does not depend on `output`, which may be freed at once.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_signed_copy(
    output: *const sigv4kit_signed,
    flags: u32,
    buf: *mut c_char,
    len: usize,
    layout_out: *mut sigv4kit_signed_layout,
    out_n: *mut usize,
) -> sigv4kit_result {
    guard(|| {
        let output = unsafe { handle(output, "output")? };
        unsafe { copy_signed(output.output("output")?, flags, buf, len, layout_out, out_n) }
    })
}

/// Reads a request packed as `text` plus `spans`: method, target, then the
/// name and value of each header.
unsafe fn read_packed<'a>(
    text: *const c_char,
    text_len: usize,
    spans: *const sigv4kit_span,
    spans_len: usize,
) -> Result<Request<'a>, Failure> {
    let text = unsafe { bytes_arg(text.cast(), text_len, "text")? };
    let spans: &[sigv4kit_span] = if spans.is_null() {
        &[]
    } else {
        // SAFETY: the caller promises `spans_len` spans at `spans`.
        unsafe { core::slice::from_raw_parts(spans, spans_len) }
    };
    if spans.len() < 2 || spans.len() % 2 != 0 || spans.len() != spans_len {
        return Err(Failure::new(
            SIGV4KIT_INVALID_ARGUMENT,
            "spans must hold method, target and a name and value per header",
        )
        .at("spans"));
    }
    // An ASCII text (the usual request, proved in one pass)
    // makes every part valid UTF-8; otherwise each part is checked alone, as
    // a span may cut a character that the whole text holds.
    let ascii = crate::ffi::is_ascii(text);
    let part = |s: &sigv4kit_span, bad: fn() -> Failure| -> Result<&'a str, Failure> {
        let end = s.offset.checked_add(s.len).filter(|e| *e <= text.len());
        let bytes = end.map(|e| &text[s.offset..e]).ok_or_else(|| {
            Failure::new(SIGV4KIT_INVALID_ARGUMENT, "a span is outside the text").at("spans")
        })?;
        if ascii {
            // SAFETY: every byte of the text is ASCII, so valid UTF-8.
            return Ok(unsafe { core::str::from_utf8_unchecked(bytes) });
        }
        core::str::from_utf8(bytes).map_err(|_| bad())
    };
    let method = part(&spans[0], method_utf8)?;
    let target = part(&spans[1], target_utf8)?;
    let mut headers = scratch::header_list(spans.len() / 2 - 1);
    for pair in spans[2..].chunks_exact(2) {
        headers.push((part(&pair[0], header_utf8)?, part(&pair[1], header_utf8)?));
    }
    Ok(Request {
        method,
        target,
        headers,
    })
}

/// Signs and copies the result out in one call, for callers that make
/// each call count (Go's cgo) or whose memory cannot hold the pointers of a
/// `sigv4kit_request`: the request comes packed as one text plus spans into
/// it (method, target, then name and value of each header: `spans_len` is
/// 2 + 2 × headers), the payload as `payload_kind` (a
/// `sigv4kit_payload_kind`) and its bytes, and the result goes out as
/// `sigv4kit_signed_copy` writes it. `flags`: `SIGV4KIT_SIGN_PRESIGN` to
/// presign for `expires_in` seconds (ignored otherwise),
/// `SIGV4KIT_COPY_DEBUG` to copy the debugging strings. When `buf` is too
/// small the result is `SIGV4KIT_BUFFER_TOO_SMALL` with the size needed in
/// `*out_n` (sign again with a larger buffer); `buf` and `*layout_out` are
/// written only on success, `*error_out` (if not NULL) only on failure.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sigv4kit_sign_packed(
    signer: *const sigv4kit_signer,
    credentials: *const sigv4kit_credentials,
    text: *const c_char,
    text_len: usize,
    spans: *const sigv4kit_span,
    spans_len: usize,
    payload_kind: u32,
    payload_data: *const u8,
    payload_len: usize,
    time: i64,
    expires_in: u64,
    flags: u32,
    buf: *mut c_char,
    len: usize,
    layout_out: *mut sigv4kit_signed_layout,
    out_n: *mut usize,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let signer = unsafe { handle(signer, "signer")? };
        let credentials = unsafe { handle(credentials, "credentials")? };
        out_arg(layout_out, "layout_out")?;
        out_arg(out_n, "out_n")?;
        let request = unsafe { read_packed(text, text_len, spans, spans_len)? };
        let presign = flags & SIGV4KIT_SIGN_PRESIGN != 0;
        let payload = sigv4kit_payload {
            kind: payload_kind,
            data: payload_data,
            len: payload_len,
        };
        let payload = unsafe { read_sign_payload(&payload, signer, presign)? };
        let expires_in = presign.then_some(expires_in);
        let output = sign_request(signer, credentials, &request, payload, time, expires_in);
        scratch::recycle(request.headers);
        unsafe { copy_signed(&output?, flags, buf, len, layout_out, out_n) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigv4kit::{Credentials, Signer, SigningSettings};

    fn output(token: Option<&str>, presign: bool, s3: bool) -> SigningOutput {
        let service = if s3 { "s3" } else { "service" };
        let signer = Signer::new(SigningSettings::new("us-east-1", service)).unwrap();
        let creds = Credentials::new("AKIDEXAMPLE", "secret", token.map(str::to_owned)).unwrap();
        let request = Request {
            method: "GET",
            target: "/",
            headers: vec![("Host", "example.amazonaws.com")],
        };
        let time = SigningTime::from_unix(1_440_938_160).unwrap();
        if presign {
            signer
                .presign(&creds, &request, Payload::Bytes(b""), time, 60)
                .unwrap()
        } else {
            signer
                .sign(&creds, &request, Payload::Bytes(b""), time)
                .unwrap()
        }
    }

    /// The names the layout says not to send are exactly those the core's
    /// `replaces_header` answers yes for, among every signer header name
    /// and a few others, in any case; the added headers are the core's.
    #[test]
    fn the_layout_is_the_cores_answer() {
        let probes = [
            "Authorization",
            "authorization",
            "X-Amz-Date",
            "x-amz-security-token",
            "X-AMZ-CONTENT-SHA256",
            "Host",
            "Content-Type",
            "X-Amz-Target",
        ];
        for (token, presign, s3) in [
            (None, false, false),
            (Some("tok"), false, false),
            (Some("tok"), false, true),
            (None, true, false),
            (Some("tok"), true, true),
        ] {
            let out = output(token, presign, s3);
            let mut buf = vec![0u8; 4096];
            let mut layout = sigv4kit_signed_layout::default();
            let n = unsafe { lay_out(&out, SIGV4KIT_COPY_DEBUG, &mut buf, &mut layout) }.unwrap();
            let text = core::str::from_utf8(&buf[..n]).unwrap();
            let part = |s: sigv4kit_span| &text[s.offset..s.offset + s.len];
            let replaced: Vec<&str> = layout.replaced[..layout.replaced_len]
                .iter()
                .map(|s| part(*s))
                .collect();
            for probe in probes {
                let listed = replaced.iter().any(|r| r.eq_ignore_ascii_case(probe));
                assert_eq!(
                    listed,
                    out.replaces_header(probe),
                    "{probe} {token:?} {presign}"
                );
            }
            let added: Vec<(&str, &str)> = layout.headers[..layout.headers_len]
                .iter()
                .map(|h| (part(h.name), part(h.value)))
                .collect();
            let core: Vec<(&str, &str)> = out
                .added_headers()
                .iter()
                .map(|(n, v)| (*n, v.as_str()))
                .collect();
            assert_eq!(added, core);
            assert_eq!(part(layout.signature), out.signature());
            assert_eq!(part(layout.canonical_request), out.canonical_request());
            assert_eq!(part(layout.string_to_sign), out.string_to_sign());
            assert_eq!(part(layout.target), out.presigned_target().unwrap_or(""));
            // Too small: the size, nothing laid out.
            let mut small = [0u8; 8];
            let mut untouched = sigv4kit_signed_layout::default();
            let size = unsafe { lay_out(&out, SIGV4KIT_COPY_DEBUG, &mut small, &mut untouched) };
            assert_eq!(size.unwrap(), n);
            assert_eq!(untouched.headers_len, 0);
        }
    }
}
