//! Chunked uploads (`Content-Encoding: aws-chunked`): the plan of an upload
//! (the headers to sign and the `Content-Length` to send), and an encoder
//! fed by incremental calls that frames and signs the body while holding at
//! most one chunk. The rules are the core's (`sigv4kit::chunked`); this
//! module converts types and errors.
//!
//! ```c
//! sigv4kit_chunked_upload *plan;
//! sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED_TRAILER, SIGV4KIT_CHECKSUM_CRC32,
//!                             body_len, 65536, &plan, &err);
//! // add each sigv4kit_chunked_upload_header to the request, sign it with a
//! // SIGV4KIT_PAYLOAD_PRECOMPUTED payload of sigv4kit_chunked_upload_payload_value,
//! // send the head, then:
//! sigv4kit_chunked_encoder *enc;
//! sigv4kit_chunked_begin(plan, creds, signed, &enc, &err);
//! while (read a piece) { sigv4kit_chunked_next(enc, piece, n, &framed, &err); send(framed); }
//! sigv4kit_chunked_finish(enc, &framed, &err); send(framed);
//! ```

use sigv4kit::chunked::{ChecksumAlgorithm, ChunkedEncoder, ChunkedMode, ChunkedUpload};

use crate::credentials::sigv4kit_credentials;
use crate::ffi::{
    bytes_arg, give, handle, handle_mut, out_arg, sigv4kit_header, sigv4kit_str, take_back,
};
use crate::result::{guard, guard_err, guard_value, sigv4kit_error, sigv4kit_result, Failure};
use crate::sign::sigv4kit_signed;
use sigv4kit_result::*;

/// The `aws-chunked` form of an upload: what `x-amz-content-sha256` says.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_chunked_mode {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: signed chunks, no trailer.
    SIGV4KIT_CHUNKED_SIGNED = 0,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks and a
    /// signed trailing checksum.
    SIGV4KIT_CHUNKED_SIGNED_TRAILER = 1,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks and a trailing
    /// checksum (S3 only).
    SIGV4KIT_CHUNKED_UNSIGNED_TRAILER = 2,
}

/// The trailing checksum of an upload.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigv4kit_checksum {
    /// No trailer (`SIGV4KIT_CHUNKED_SIGNED` only).
    SIGV4KIT_CHECKSUM_NONE = 0,
    /// `x-amz-checksum-crc32`.
    SIGV4KIT_CHECKSUM_CRC32 = 1,
    /// `x-amz-checksum-crc32c`.
    SIGV4KIT_CHECKSUM_CRC32C = 2,
    /// `x-amz-checksum-sha256`.
    SIGV4KIT_CHECKSUM_SHA256 = 3,
}

/// The plan of one chunked upload. Immutable; free with
/// `sigv4kit_chunked_upload_free`.
pub struct sigv4kit_chunked_upload {
    inner: ChunkedUpload,
    headers: Vec<(&'static str, String)>,
}

/// An encoder of one chunked body. Use from one thread at a time; free with
/// `sigv4kit_chunked_encoder_free`.
pub struct sigv4kit_chunked_encoder {
    inner: ChunkedEncoder,
    out: Vec<u8>,
}

fn invalid(reason: &'static str, field: &'static str) -> Failure {
    Failure::new(SIGV4KIT_INVALID_PAYLOAD, reason).at(field)
}

/// A plan: `decoded_length` bytes of body in chunks of `chunk_size` bytes
/// (8 KiB to 16 MiB; the last chunk may be shorter), in `mode` (a
/// `sigv4kit_chunked_mode`) with `checksum` (a `sigv4kit_checksum`: none
/// for the signed mode, one for the trailer modes). On success
/// `*upload_out` receives the plan.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_upload_new(
    mode: u32,
    checksum: u32,
    decoded_length: u64,
    chunk_size: usize,
    upload_out: *mut *mut sigv4kit_chunked_upload,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let out = out_arg(upload_out, "upload_out")?;
        let mode = match mode {
            0 => ChunkedMode::Signed,
            1 => ChunkedMode::SignedWithTrailer,
            2 => ChunkedMode::UnsignedWithTrailer,
            _ => return Err(invalid("mode is not a sigv4kit_chunked_mode", "mode")),
        };
        let checksum = match checksum {
            0 => None,
            1 => Some(ChecksumAlgorithm::Crc32),
            2 => Some(ChecksumAlgorithm::Crc32c),
            3 => Some(ChecksumAlgorithm::Sha256),
            _ => return Err(invalid("checksum is not a sigv4kit_checksum", "checksum")),
        };
        let inner = ChunkedUpload::new(mode, decoded_length, chunk_size, checksum)?;
        let headers = inner.headers();
        unsafe { give(out, sigv4kit_chunked_upload { inner, headers }) };
        Ok(())
    })
}

/// Frees a plan. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_upload_free(upload: *mut sigv4kit_chunked_upload) {
    let _ = guard(|| {
        unsafe { take_back(upload) };
        Ok(())
    });
}

/// The framed body's length: the `Content-Length` to send (0 for NULL).
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_upload_encoded_length(
    upload: *const sigv4kit_chunked_upload,
) -> u64 {
    guard_value(0, || {
        Some(unsafe { upload.as_ref()? }.inner.encoded_length())
    })
}

/// The payload value to sign the head with (`STREAMING-…`), owned by
/// `upload`: pass it as a `SIGV4KIT_PAYLOAD_PRECOMPUTED` payload.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_upload_payload_value(
    upload: *const sigv4kit_chunked_upload,
) -> sigv4kit_str {
    guard_value(sigv4kit_str::EMPTY, || {
        Some(sigv4kit_str::of(
            unsafe { upload.as_ref()? }.inner.mode().payload_value(),
        ))
    })
}

/// How many headers the plan adds to the request before signing
/// (`Content-Encoding`, `Content-Length`, `X-Amz-Decoded-Content-Length`,
/// and `X-Amz-Trailer` with a checksum); 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_upload_headers_len(
    upload: *const sigv4kit_chunked_upload,
) -> usize {
    guard_value(0, || Some(unsafe { upload.as_ref()? }.headers.len()))
}

/// The header at `index` (0 ..< `sigv4kit_chunked_upload_headers_len`), as
/// views owned by `upload`. Each replaces a header of the same name.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_upload_header(
    upload: *const sigv4kit_chunked_upload,
    index: usize,
    header_out: *mut sigv4kit_header,
) -> sigv4kit_result {
    guard(|| {
        let upload = unsafe { handle(upload, "upload")? };
        let out = out_arg(header_out, "header_out")?;
        let (name, value) = upload.headers.get(index).ok_or_else(|| {
            Failure::new(
                SIGV4KIT_INDEX_OUT_OF_RANGE,
                "index out of range: see sigv4kit_chunked_upload_headers_len",
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

/// Starts encoding a body by `upload`. The signed modes chain from `seed`,
/// the head as `sigv4kit_sign` signed it with the plan's payload value and
/// `credentials`; the unsigned mode takes NULL for both. On success
/// `*encoder_out` receives the encoder.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_begin(
    upload: *const sigv4kit_chunked_upload,
    credentials: *const sigv4kit_credentials,
    seed: *const sigv4kit_signed,
    encoder_out: *mut *mut sigv4kit_chunked_encoder,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let upload = unsafe { handle(upload, "upload")? };
        let out = out_arg(encoder_out, "encoder_out")?;
        // SAFETY: non-NULL handles come from this library.
        let seed = match unsafe { (credentials.as_ref(), seed.as_ref()) } {
            (Some(c), Some(s)) => Some((&c.inner, s.output("seed")?)),
            (None, None) => None,
            (None, Some(_)) => return Err(Failure::null("credentials")),
            (Some(_), None) => return Err(Failure::null("seed")),
        };
        let inner = upload.inner.encoder(seed)?;
        unsafe {
            give(
                out,
                sigv4kit_chunked_encoder {
                    inner,
                    out: Vec::new(),
                },
            )
        };
        Ok(())
    })
}

/// Feeds the next `len` bytes of the body. `*framed_out` receives the bytes
/// to send now (every chunk this piece completed; often empty), a view owned
/// by `encoder` and valid until its next call. A body longer than the plan's
/// decoded length is refused with `SIGV4KIT_INVALID_PAYLOAD`.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_next(
    encoder: *mut sigv4kit_chunked_encoder,
    data: *const u8,
    len: usize,
    framed_out: *mut sigv4kit_str,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let encoder = unsafe { handle_mut(encoder, "encoder")? };
        let out = out_arg(framed_out, "framed_out")?;
        let piece = unsafe { bytes_arg(data, len, "data")? };
        encoder.out.clear();
        encoder.inner.write(piece, &mut encoder.out)?;
        unsafe { out.write(bytes_view(&encoder.out)) };
        Ok(())
    })
}

/// Ends the body: `*framed_out` receives the last bytes to send (the last
/// chunk, the final empty chunk, the trailer), owned by `encoder`. A body
/// shorter than the plan's decoded length is refused.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_finish(
    encoder: *mut sigv4kit_chunked_encoder,
    framed_out: *mut sigv4kit_str,
    error_out: *mut *mut sigv4kit_error,
) -> sigv4kit_result {
    guard_err(error_out, || {
        let encoder = unsafe { handle_mut(encoder, "encoder")? };
        let out = out_arg(framed_out, "framed_out")?;
        encoder.out.clear();
        encoder.inner.finish(&mut encoder.out)?;
        unsafe { out.write(bytes_view(&encoder.out)) };
        Ok(())
    })
}

/// Frees an encoder. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn sigv4kit_chunked_encoder_free(encoder: *mut sigv4kit_chunked_encoder) {
    let _ = guard(|| {
        unsafe { take_back(encoder) };
        Ok(())
    });
}

fn bytes_view(bytes: &[u8]) -> sigv4kit_str {
    if bytes.is_empty() {
        sigv4kit_str::EMPTY
    } else {
        sigv4kit_str {
            data: bytes.as_ptr().cast(),
            len: bytes.len(),
        }
    }
}
