//! Chunked uploads (`Content-Encoding: aws-chunked`): the body goes in
//! frames, each carrying a signature chained from the previous one, so a
//! client can sign an upload it never holds whole and a server can check it
//! as it arrives.
//!
//! The request head is signed as usual, with `x-amz-content-sha256` set to a
//! `STREAMING-…` constant ([`ChunkedMode::payload_value`]); its signature is
//! the *seed*. Then each frame is `hex-size;chunk-signature=SIG\r\n` + data +
//! `\r\n`, where SIG signs `AWS4-HMAC-SHA256-PAYLOAD`, the time, the scope,
//! the previous signature, the empty string's hash and the data's hash. A
//! zero-length frame ends the data; the trailer forms then send a checksum
//! of the data (`x-amz-checksum-crc32: …`) and, when signed, a trailer
//! signature chained on the last chunk's. The unsigned form
//! (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) frames without signatures and
//! relies on the checksum alone, like `UNSIGNED-PAYLOAD`.
//!
//! [`ChunkedUpload`] is the plan of one upload: its mode, decoded length,
//! chunk size and checksum, from which come the headers to sign and the
//! `Content-Length` to send. [`ChunkedEncoder`] frames and signs the body
//! piece by piece, holding at most one chunk.
//! [`PresentedSignature::verify_chunked`](crate::verify::PresentedSignature::verify_chunked)
//! checks the seed and returns a [`ChunkedDecoder`] that checks every frame,
//! the trailer and the decoded length as bytes arrive.

#[allow(unused_imports)]
use crate::prelude::*;

mod chain;
pub(crate) use chain::Chain;
mod checksum;
mod decoder;
mod encoder;

pub use checksum::{Checksum, ChecksumAlgorithm};
pub use decoder::{ChunkedDecoder, ChunkedSummary, DEFAULT_MAX_CHUNK_SIZE};
pub use encoder::ChunkedEncoder;

use crate::{Error, Payload};

/// Which `aws-chunked` form an upload uses: what `x-amz-content-sha256` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChunkedMode {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: signed chunks, no trailer.
    Signed,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks and a
    /// signed trailing checksum.
    SignedWithTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks and an unsigned
    /// trailing checksum (S3's flexible checksums; accepted where
    /// `UNSIGNED-PAYLOAD` is).
    UnsignedWithTrailer,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD`: SigV4a-signed chunks.
    #[cfg(feature = "sigv4a")]
    EcdsaSigned,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER`: SigV4a-signed
    /// chunks and trailer.
    #[cfg(feature = "sigv4a")]
    EcdsaSignedWithTrailer,
}

impl ChunkedMode {
    /// Every mode this build has, in a fixed order.
    pub const ALL: &'static [ChunkedMode] = &[
        ChunkedMode::Signed,
        ChunkedMode::SignedWithTrailer,
        ChunkedMode::UnsignedWithTrailer,
        #[cfg(feature = "sigv4a")]
        ChunkedMode::EcdsaSigned,
        #[cfg(feature = "sigv4a")]
        ChunkedMode::EcdsaSignedWithTrailer,
    ];

    /// The value of `x-amz-content-sha256` (and of the canonical request's
    /// payload line).
    pub fn payload_value(self) -> &'static str {
        match self {
            ChunkedMode::Signed => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            ChunkedMode::SignedWithTrailer => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            ChunkedMode::UnsignedWithTrailer => "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            #[cfg(feature = "sigv4a")]
            ChunkedMode::EcdsaSigned => "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
            #[cfg(feature = "sigv4a")]
            ChunkedMode::EcdsaSignedWithTrailer => {
                "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"
            }
        }
    }

    /// The mode a payload value names; `None` for anything else (including
    /// the ECDSA forms of SigV4a in a build without the `sigv4a` feature).
    pub fn from_payload_value(value: &str) -> Option<Self> {
        ChunkedMode::ALL
            .iter()
            .copied()
            .find(|m| m.payload_value() == value)
    }

    /// A short name: `signed`, `signed-trailer`, `unsigned-trailer` (the
    /// spelling of the bindings' options).
    pub fn name(self) -> &'static str {
        match self {
            ChunkedMode::Signed => "signed",
            ChunkedMode::SignedWithTrailer => "signed-trailer",
            ChunkedMode::UnsignedWithTrailer => "unsigned-trailer",
            #[cfg(feature = "sigv4a")]
            ChunkedMode::EcdsaSigned => "ecdsa-signed",
            #[cfg(feature = "sigv4a")]
            ChunkedMode::EcdsaSignedWithTrailer => "ecdsa-signed-trailer",
        }
    }

    /// The mode of a short name or a payload value.
    pub fn parse(name: &str) -> Option<Self> {
        ChunkedMode::ALL
            .iter()
            .copied()
            .find(|m| m.name() == name)
            .or_else(|| ChunkedMode::from_payload_value(name))
    }

    /// Whether each chunk carries a signature.
    pub fn is_signed(self) -> bool {
        !matches!(self, ChunkedMode::UnsignedWithTrailer)
    }

    /// Whether the chunks are signed with SigV4a's ECDSA (the head too).
    pub fn is_ecdsa(self) -> bool {
        self.payload_value().contains("ECDSA")
    }

    /// Whether a trailing checksum follows the data.
    pub fn has_trailer(self) -> bool {
        self.payload_value().ends_with("-TRAILER")
    }

    /// The width of a chunk (and trailer) signature on the wire.
    fn signature_width(self) -> usize {
        if self.is_ecdsa() {
            chain::ECDSA_SIGNATURE_WIDTH
        } else {
            64
        }
    }
}

/// The chunk size SDKs use, 64 KiB.
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;
/// The smallest chunk S3 accepts before the last one, 8 KiB.
pub const MIN_CHUNK_SIZE: usize = 8 * 1024;

/// `;chunk-signature=`
const SIGNATURE_EXTENSION: &str = ";chunk-signature=";
/// `x-amz-trailer-signature`
pub const TRAILER_SIGNATURE: &str = "x-amz-trailer-signature";

/// The plan of one chunked upload: everything both ends must agree on before
/// the first byte is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkedUpload {
    mode: ChunkedMode,
    decoded_length: u64,
    chunk_size: usize,
    checksum: Option<ChecksumAlgorithm>,
}

impl ChunkedUpload {
    /// An upload of `decoded_length` bytes in chunks of `chunk_size` (the
    /// last one may be shorter). The trailer modes need a `checksum`; the
    /// signed mode without a trailer takes none.
    pub fn new(
        mode: ChunkedMode,
        decoded_length: u64,
        chunk_size: usize,
        checksum: Option<ChecksumAlgorithm>,
    ) -> Result<Self, Error> {
        if !(MIN_CHUNK_SIZE..=DEFAULT_MAX_CHUNK_SIZE).contains(&chunk_size) {
            return Err(Error::InvalidPayload {
                reason: "chunk_size must be between 8 KiB and 16 MiB",
            });
        }
        match (mode.has_trailer(), checksum) {
            (true, None) => Err(Error::InvalidPayload {
                reason: "a chunked upload with a trailer needs a checksum algorithm (crc32, crc32c or sha256)",
            }),
            (false, Some(_)) => Err(Error::InvalidPayload {
                reason: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD sends no trailer: use the signed-trailer mode for a checksum",
            }),
            _ => Ok(ChunkedUpload {
                mode,
                decoded_length,
                chunk_size,
                checksum,
            }),
        }
    }

    /// The mode.
    pub fn mode(&self) -> ChunkedMode {
        self.mode
    }

    /// The number of data bytes (`x-amz-decoded-content-length`).
    pub fn decoded_length(&self) -> u64 {
        self.decoded_length
    }

    /// The size of every chunk but the last.
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }

    /// The trailing checksum's algorithm.
    pub fn checksum(&self) -> Option<ChecksumAlgorithm> {
        self.checksum
    }

    /// The payload to sign the head with: the mode's `STREAMING-…` value.
    pub fn payload(&self) -> Payload<'static> {
        Payload::Precomputed(self.mode.payload_value())
    }

    /// The framed body's length: the `Content-Length` to send.
    pub fn encoded_length(&self) -> u64 {
        let size = self.chunk_size as u64;
        let (full, rest) = (self.decoded_length / size, self.decoded_length % size);
        let frame = |n: u64| self.frame_overhead(n) + n;
        let mut total = full * frame(size) + if rest > 0 { frame(rest) } else { 0 };
        total += self.frame_overhead(0);
        if let Some(algorithm) = self.checksum {
            total += (algorithm.header_name().len() + 1 + algorithm.encoded_len() + 2) as u64;
            if self.mode.is_signed() {
                total += (TRAILER_SIGNATURE.len() + 1 + self.mode.signature_width() + 2) as u64;
            }
        }
        total + 2
    }

    /// The bytes a frame of `n` data bytes adds: its size line and the CRLF
    /// after the data (none for the last, empty frame).
    fn frame_overhead(&self, n: u64) -> u64 {
        let hex_len = (64 - n.leading_zeros()).div_ceil(4).max(1) as u64;
        let signature = if self.mode.is_signed() {
            (SIGNATURE_EXTENSION.len() + self.mode.signature_width()) as u64
        } else {
            0
        };
        hex_len + signature + 2 + if n > 0 { 2 } else { 0 }
    }

    /// The headers to set on the request before signing it: the content
    /// encoding, the framed and decoded lengths, and the trailer's name.
    /// Each replaces a header of the same name; a `Content-Encoding` the
    /// request already has goes after `aws-chunked`, comma-separated (see
    /// [`content_encoding`](Self::content_encoding)).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("Content-Encoding", "aws-chunked".to_owned()),
            ("Content-Length", self.encoded_length().to_string()),
            (
                "X-Amz-Decoded-Content-Length",
                self.decoded_length.to_string(),
            ),
        ];
        if let Some(algorithm) = self.checksum {
            out.push(("X-Amz-Trailer", algorithm.header_name().to_owned()));
        }
        out
    }

    /// The `Content-Encoding` to send when the request already has one
    /// (`gzip`): `aws-chunked` comes first, as S3 strips it.
    pub fn content_encoding(existing: Option<&str>) -> String {
        match existing.map(str::trim).filter(|e| !e.is_empty()) {
            Some(e)
                if e.split(',')
                    .any(|p| p.trim().eq_ignore_ascii_case("aws-chunked")) =>
            {
                e.to_owned()
            }
            Some(e) => format!("aws-chunked,{e}"),
            None => "aws-chunked".to_owned(),
        }
    }

    /// An encoder for this upload. The signed modes chain from `seed`, the
    /// head as signed with [`payload`](Self::payload) and `credentials`; the
    /// unsigned mode takes `None`.
    pub fn encoder(
        &self,
        seed: Option<(&crate::Credentials, &crate::SigningOutput)>,
    ) -> Result<ChunkedEncoder, Error> {
        ChunkedEncoder::new(self.clone(), seed)
    }

    /// An encoder chained from a head as it will be sent: the headers a
    /// signer returned for it (`Authorization`, `X-Amz-Date`,
    /// `X-Amz-Content-Sha256` among them), signed with `credentials`. For
    /// bindings whose signer hands back headers rather than a
    /// [`crate::SigningOutput`]; the unsigned mode needs no head.
    pub fn encoder_for_headers(
        &self,
        credentials: &crate::Credentials,
        headers: &[(&str, &str)],
    ) -> Result<ChunkedEncoder, Error> {
        if !self.mode.is_signed() {
            return self.encoder(None);
        }
        let bad = |reason| Error::InvalidPayload { reason };
        let head = crate::Request {
            method: "PUT",
            target: "/",
            headers: headers.to_vec(),
        };
        let declared = head.header_value("x-amz-content-sha256").map(str::trim);
        if declared != Some(self.mode.payload_value()) {
            return Err(bad(
                "the head does not sign x-amz-content-sha256 as this upload's STREAMING-… value",
            ));
        }
        let presented = crate::verify::parse_signature(&head)
            .map_err(|_| bad("the head's Authorization and X-Amz-Date cannot be read"))?;
        if presented.access_key_id() != credentials.access_key_id()
            || presented.location() != crate::SignatureLocation::Headers
        {
            return Err(bad("the head was not signed with these credentials"));
        }
        let chain = presented.signing_chain(credentials)?;
        if chain.is_ecdsa() != self.mode.is_ecdsa() {
            return Err(bad(
                "the upload's mode and the head's algorithm differ (SigV4 or SigV4a)",
            ));
        }
        Ok(ChunkedEncoder::with_chain(self.clone(), Some(chain)))
    }
}

/// The HMAC chain of a verified head (the verifier's side).
pub(crate) fn chain_for(
    credentials: &crate::Credentials,
    amz_date: &str,
    date: &str,
    region: &str,
    service: &str,
    seed: &str,
) -> chain::Chain {
    chain::Chain::hmac(credentials, amz_date, date, region, service, seed)
}

/// The ECDSA chain a SigV4a signer continues from its head.
#[cfg(feature = "sigv4a")]
pub(crate) fn ecdsa_signing_chain_for(
    credentials: &crate::Credentials,
    amz_date: &str,
    date: &str,
    service: &str,
    seed: &str,
) -> Result<chain::Chain, Error> {
    credentials.sigv4a_key()?;
    let scope = format!("{date}/{service}/aws4_request");
    Ok(chain::Chain::new(
        chain::Step::EcdsaSign(credentials.clone()),
        amz_date,
        &scope,
        seed,
    ))
}

/// The ECDSA chain of a verified SigV4a head (scope `date/service/aws4_request`).
#[cfg(feature = "sigv4a")]
pub(crate) fn ecdsa_chain_for(
    key: crate::sigv4a::PublicKey,
    amz_date: &str,
    date: &str,
    service: &str,
    seed: &str,
) -> chain::Chain {
    let scope = format!("{date}/{service}/aws4_request");
    chain::Chain::new(chain::Step::EcdsaVerify(key), amz_date, &scope, seed)
}

#[cfg(test)]
mod tests;
