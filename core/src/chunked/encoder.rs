//! Framing and signing a body, piece by piece.

#[allow(unused_imports)]
use crate::prelude::*;

use super::chain::Chain;
use super::{Checksum, ChunkedUpload, SIGNATURE_EXTENSION, TRAILER_SIGNATURE};
use crate::{Credentials, Error, SigningOutput};

/// Frames (and, in the signed modes, signs) one upload's body. Feed it the
/// body in pieces of any size with [`write`](Self::write) and end with
/// [`finish`](Self::finish); each appends the bytes to send to `out`. It
/// holds at most one chunk of data, whatever the body's size, and refuses a
/// body longer or shorter than the planned decoded length (the length the
/// head declared and signed).
pub struct ChunkedEncoder {
    upload: ChunkedUpload,
    chain: Option<Chain>,
    checksum: Option<Checksum>,
    pending: Vec<u8>,
    fed: u64,
    finished: bool,
}

impl core::fmt::Debug for ChunkedEncoder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChunkedEncoder")
            .field("upload", &self.upload)
            .field("fed", &self.fed)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl ChunkedEncoder {
    pub(super) fn new(
        upload: ChunkedUpload,
        seed: Option<(&Credentials, &SigningOutput)>,
    ) -> Result<Self, Error> {
        let chain = match (upload.mode.is_signed(), seed) {
            (true, Some((credentials, output))) => {
                let payload_line = output.canonical_request().rsplit('\n').next();
                if payload_line != Some(upload.mode.payload_value()) {
                    return Err(Error::InvalidPayload {
                        reason: "the seed request was not signed with this upload's STREAMING-… payload value",
                    });
                }
                let chain = Chain::from_seed(credentials, output)?;
                if chain.is_ecdsa() != upload.mode.is_ecdsa() {
                    return Err(Error::InvalidPayload {
                        reason:
                            "the upload's mode and the seed's algorithm differ (SigV4 or SigV4a)",
                    });
                }
                Some(chain)
            }
            (true, None) => return Err(Error::InvalidPayload {
                reason:
                    "signed chunks need the seed: the head signed with the upload's payload value",
            }),
            (false, _) => None,
        };
        Ok(ChunkedEncoder::with_chain(upload, chain))
    }

    pub(super) fn with_chain(upload: ChunkedUpload, chain: Option<Chain>) -> Self {
        ChunkedEncoder {
            checksum: upload.checksum.map(Checksum::new),
            pending: Vec::with_capacity(upload.chunk_size.min(1 << 20)),
            chain,
            upload,
            fed: 0,
            finished: false,
        }
    }

    /// The plan this encoder follows.
    pub fn upload(&self) -> &ChunkedUpload {
        &self.upload
    }

    /// How many data bytes were fed so far.
    pub fn fed(&self) -> u64 {
        self.fed
    }

    /// Feeds the next piece of the body; every chunk it completes is framed
    /// into `out`.
    pub fn write(&mut self, mut data: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        if self.finished {
            return Err(Error::InvalidPayload {
                reason: "the chunked body is already finished",
            });
        }
        if self.fed + data.len() as u64 > self.upload.decoded_length {
            return Err(Error::InvalidPayload {
                reason: "the body is longer than its declared x-amz-decoded-content-length",
            });
        }
        self.fed += data.len() as u64;
        if let Some(c) = &mut self.checksum {
            c.update(data);
        }
        let size = self.upload.chunk_size;
        if !self.pending.is_empty() {
            let take = (size - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() == size {
                let chunk = core::mem::take(&mut self.pending);
                self.frame(&chunk, out);
                self.pending = chunk;
                self.pending.clear();
            }
        }
        while data.len() >= size {
            let (chunk, rest) = data.split_at(size);
            self.frame(chunk, out);
            data = rest;
        }
        self.pending.extend_from_slice(data);
        Ok(())
    }

    /// Frames the last, partial chunk, the final empty chunk and the
    /// trailer. Refuses a body shorter than the declared length.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.finished {
            return Err(Error::InvalidPayload {
                reason: "the chunked body is already finished",
            });
        }
        if self.fed != self.upload.decoded_length {
            return Err(Error::InvalidPayload {
                reason: "the body is shorter than its declared x-amz-decoded-content-length",
            });
        }
        self.finished = true;
        if !self.pending.is_empty() {
            let chunk = core::mem::take(&mut self.pending);
            self.frame(&chunk, out);
        }
        self.frame(&[], out);
        if let Some(checksum) = &self.checksum {
            let line = format!(
                "{}:{}",
                checksum.algorithm().header_name(),
                checksum.finish_base64()
            );
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(chain) = &mut self.chain {
                let canonical = format!("{line}\n");
                let width = chain.signature_width();
                let signature = chain.sign_trailer(canonical.as_bytes());
                out.extend_from_slice(TRAILER_SIGNATURE.as_bytes());
                out.push(b':');
                padded(signature, width, out);
                out.extend_from_slice(b"\r\n");
            }
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }

    fn frame(&mut self, data: &[u8], out: &mut Vec<u8>) {
        out.reserve(data.len() + 100);
        out.extend_from_slice(format!("{:x}", data.len()).as_bytes());
        if let Some(chain) = &mut self.chain {
            out.extend_from_slice(SIGNATURE_EXTENSION.as_bytes());
            let width = chain.signature_width();
            padded(chain.sign_chunk(data), width, out);
        }
        out.extend_from_slice(b"\r\n");
        if !data.is_empty() {
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
    }
}

/// A signature right-padded with `*` to `width` (SigV4a's fixed width; a
/// SigV4 signature is always exactly 64).
fn padded(signature: &str, width: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(signature.as_bytes());
    out.resize(out.len() + width.saturating_sub(signature.len()), b'*');
}
