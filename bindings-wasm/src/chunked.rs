//! Chunked uploads (`aws-chunked`): the plan and the encoder, for the
//! TypeScript streams in `ts/chunked.ts`. Kept apart from the signing
//! boundary of [`crate::signer`]: the head is signed there like any request
//! (with the plan's headers and `STREAMING-…` payload value), and the encoder
//! is chained from the headers that came back, by the core's rule
//! ([`sigv4kit::chunked::ChunkedUpload::encoder_for_headers`]).

#[allow(unused_imports)]
use crate::prelude::*;

use sigv4kit::chunked::{ChecksumAlgorithm, ChunkedEncoder, ChunkedMode, ChunkedUpload};
use wasm_bindgen::prelude::*;

use crate::errors::{self, WasmError};
use crate::WasmCredentials;

/// The plan of one upload.
#[wasm_bindgen]
pub struct WasmChunkedUpload {
    inner: ChunkedUpload,
}

#[wasm_bindgen]
impl WasmChunkedUpload {
    /// A plan from the names the TypeScript API takes (`signed`,
    /// `signed-trailer`, `unsigned-trailer`; `crc32`, `crc32c`, `sha256`).
    /// `decoded_length` is a JS number: a whole number of bytes below 2^53.
    #[wasm_bindgen(constructor)]
    pub fn new(
        mode: &str,
        checksum: Option<String>,
        decoded_length: f64,
        chunk_size: u32,
    ) -> Result<WasmChunkedUpload, WasmError> {
        let mode = ChunkedMode::parse(mode).ok_or_else(|| {
            errors::error(
                "invalid_payload",
                "mode",
                "invalid mode: must be 'signed', 'signed-trailer' or 'unsigned-trailer'",
            )
        })?;
        let checksum = match checksum {
            None => None,
            Some(name) => Some(ChecksumAlgorithm::parse(&name).ok_or_else(|| {
                errors::error(
                    "invalid_payload",
                    "checksum",
                    "invalid checksum: must be 'crc32', 'crc32c' or 'sha256'",
                )
            })?),
        };
        if !(decoded_length >= 0.0
            && crate::number::is_whole(decoded_length)
            && decoded_length < 9.0e15)
        {
            return Err(errors::error(
                "invalid_payload",
                "decodedLength",
                "invalid decodedLength: must be a whole number of bytes",
            ));
        }
        let inner = ChunkedUpload::new(mode, decoded_length as u64, chunk_size as usize, checksum)
            .map_err(errors::to_js)?;
        Ok(WasmChunkedUpload { inner })
    }

    /// The headers to add before signing, flattened: name, value, name, ...
    pub fn headers(&self) -> Vec<String> {
        self.inner
            .headers()
            .into_iter()
            .flat_map(|(n, v)| [n.to_owned(), v])
            .collect()
    }

    /// The payload value to sign the head with.
    #[wasm_bindgen(js_name = payloadValue)]
    pub fn payload_value(&self) -> String {
        self.inner.mode().payload_value().to_owned()
    }

    /// The framed body's length: the `Content-Length` to send.
    #[wasm_bindgen(js_name = encodedLength)]
    pub fn encoded_length(&self) -> f64 {
        self.inner.encoded_length() as f64
    }

    /// The encoder of the body, chained from the head as signed: the
    /// headers the signer returned (flattened name, value, ...), signed
    /// with `credentials`.
    pub fn encoder(
        &self,
        credentials: &WasmCredentials,
        headers: Vec<String>,
    ) -> Result<WasmChunkedEncoder, WasmError> {
        let pairs: Vec<(&str, &str)> = headers
            .chunks_exact(2)
            .map(|p| (p[0].as_str(), p[1].as_str()))
            .collect();
        let inner = self
            .inner
            .encoder_for_headers(&credentials.inner, &pairs)
            .map_err(errors::to_js)?;
        Ok(WasmChunkedEncoder { inner })
    }
}

/// Frames (and signs) one body, holding at most one chunk.
#[wasm_bindgen]
pub struct WasmChunkedEncoder {
    inner: ChunkedEncoder,
}

#[wasm_bindgen]
impl WasmChunkedEncoder {
    /// Feeds the next piece; returns the framed chunks it completed.
    pub fn write(&mut self, data: &[u8]) -> Result<Vec<u8>, WasmError> {
        let mut out = Vec::new();
        self.inner.write(data, &mut out).map_err(errors::to_js)?;
        Ok(out)
    }

    /// Ends the body: the last chunk, the final empty chunk, the trailer.
    pub fn finish(&mut self) -> Result<Vec<u8>, WasmError> {
        let mut out = Vec::new();
        self.inner.finish(&mut out).map_err(errors::to_js)?;
        Ok(out)
    }
}
