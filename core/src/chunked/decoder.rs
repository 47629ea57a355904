//! Checking a chunked body as it arrives: every frame's signature in order,
//! the trailer's checksum and signature, and the decoded length.

#[allow(unused_imports)]
use crate::prelude::*;

use subtle::ConstantTimeEq;

use super::chain::Chain;
use super::{Checksum, ChecksumAlgorithm, ChunkedMode, SIGNATURE_EXTENSION, TRAILER_SIGNATURE};
use crate::verify::VerifyError;

/// The largest chunk a decoder accepts by default, 16 MiB: a signed chunk is
/// held until its signature is checked, so this bounds a decoder's memory.
pub const DEFAULT_MAX_CHUNK_SIZE: usize = 16 * 1024 * 1024;

/// The longest size line (hex size, signature) or trailer line accepted.
const MAX_LINE: usize = 1024;
/// The most trailer lines accepted (one checksum and its signature are sent).
const MAX_TRAILER_LINES: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    SizeLine,
    Data,
    DataEnd,
    TrailerLine,
    EndLine,
    Done,
}

/// What a fully checked chunked body held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkedSummary {
    /// The mode it was sent in.
    pub mode: ChunkedMode,
    /// The number of data bytes, equal to `x-amz-decoded-content-length`.
    pub decoded_length: u64,
    /// The number of data chunks (the final empty one not counted).
    pub chunks: u64,
    /// The trailing checksum, `(name, base64 value)`, checked against the
    /// data; `None` in the mode without a trailer.
    pub checksum: Option<(ChecksumAlgorithm, String)>,
}

/// Decodes and checks one chunked body, fed in pieces of any size. Made by
/// [`PresentedSignature::verify_chunked`](crate::verify::PresentedSignature::verify_chunked)
/// once the head's (seed) signature has been checked.
///
/// [`update`](Self::update) appends the data of each chunk to `out` only
/// once that chunk's signature is checked (in the unsigned mode, as it
/// arrives: only the trailing checksum covers it, so a consumer must not
/// act on the data before [`finish`](Self::finish) succeeds). After the
/// first error every call returns it again.
pub struct ChunkedDecoder {
    mode: ChunkedMode,
    chain: Option<Chain>,
    declared_length: u64,
    checksum: Option<Checksum>,
    max_chunk_size: usize,
    state: State,
    line: Vec<u8>,
    data: Vec<u8>,
    signature: String,
    remaining: u64,
    decoded: u64,
    chunks: u64,
    trailers: Vec<Vec<u8>>,
    received_checksum: Option<String>,
    /// The current chunk was checked in place (it came whole in one input).
    checked: bool,
    failed: Option<VerifyError>,
}

impl core::fmt::Debug for ChunkedDecoder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChunkedDecoder")
            .field("mode", &self.mode)
            .field("declared_length", &self.declared_length)
            .field("decoded", &self.decoded)
            .field("chunks", &self.chunks)
            .finish_non_exhaustive()
    }
}

fn malformed(reason: &'static str) -> VerifyError {
    VerifyError::MalformedChunk { reason }
}

fn malformed_trailer(reason: &'static str) -> VerifyError {
    VerifyError::MalformedTrailer { reason }
}

/// `bytes` without leading and trailing ASCII white space.
fn trim(mut bytes: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = bytes {
        if !first.is_ascii_whitespace() {
            break;
        }
        bytes = rest;
    }
    while let [rest @ .., last] = bytes {
        if !last.is_ascii_whitespace() {
            break;
        }
        bytes = rest;
    }
    bytes
}

/// A presented chunk or trailer signature: 64 lower-case hex digits for
/// SigV4; for SigV4a the hex of a DER signature, right-padded with `*` to
/// its fixed width (or not padded at all).
fn signature_text<'a>(text: &'a [u8], chain: Option<&Chain>) -> Option<&'a str> {
    let width = chain.map_or(64, Chain::signature_width);
    let hex_len = text.iter().position(|&b| b == b'*').unwrap_or(text.len());
    let (hex, padding) = text.split_at(hex_len);
    let ok = hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && padding.iter().all(|&b| b == b'*')
        && if width == 64 {
            text.len() == 64
        } else {
            !hex.is_empty() && text.len() <= width && (padding.is_empty() || text.len() == width)
        };
    ok.then(|| core::str::from_utf8(hex).unwrap_or_default())
}

/// Reads a chunk size: 1 to 16 hex digits.
fn parse_size(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 16 || !text.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u64::from_str_radix(core::str::from_utf8(text).ok()?, 16).ok()
}

impl ChunkedDecoder {
    pub(crate) fn new(
        mode: ChunkedMode,
        chain: Option<Chain>,
        declared_length: u64,
        checksum: Option<ChecksumAlgorithm>,
        max_chunk_size: usize,
    ) -> Self {
        ChunkedDecoder {
            mode,
            chain,
            declared_length,
            checksum: checksum.map(Checksum::new),
            max_chunk_size,
            state: State::SizeLine,
            line: Vec::new(),
            data: Vec::new(),
            signature: String::new(),
            remaining: 0,
            decoded: 0,
            chunks: 0,
            trailers: Vec::new(),
            received_checksum: None,
            checked: false,
            failed: None,
        }
    }

    /// The mode of the body.
    pub fn mode(&self) -> ChunkedMode {
        self.mode
    }

    /// The length the head declared (`x-amz-decoded-content-length`).
    pub fn declared_length(&self) -> u64 {
        self.declared_length
    }

    /// Data bytes checked (or, unsigned, passed on) so far.
    pub fn decoded(&self) -> u64 {
        self.decoded
    }

    /// Whether the final chunk and trailer have been read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Feeds the next bytes of the body as received; checked data goes to
    /// `out`.
    pub fn update(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), VerifyError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = self.run(input, out);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
            self.data = Vec::new();
        }
        result
    }

    /// Ends the body: refuses a stream that stopped before its final chunk
    /// and trailer, or whose data is not the declared length.
    pub fn finish(&mut self) -> Result<ChunkedSummary, VerifyError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.state != State::Done {
            let e = VerifyError::TruncatedStream;
            self.failed = Some(e.clone());
            return Err(e);
        }
        if self.decoded != self.declared_length {
            let e = VerifyError::DecodedLengthMismatch {
                declared: self.declared_length,
                received: self.decoded,
            };
            self.failed = Some(e.clone());
            return Err(e);
        }
        Ok(ChunkedSummary {
            mode: self.mode,
            decoded_length: self.decoded,
            chunks: self.chunks,
            checksum: self.checksum.as_ref().map(|c| {
                (
                    c.algorithm(),
                    self.received_checksum.clone().unwrap_or_default(),
                )
            }),
        })
    }

    /// Appends input to the line buffer up to a `\n`; returns how much was
    /// used and whether the line is complete.
    fn take_line(&mut self, input: &[u8]) -> Result<(usize, bool), VerifyError> {
        let (used, complete) = match input.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (input.len(), false),
        };
        if self.line.len() + used > MAX_LINE {
            return Err(malformed("a chunk size or trailer line is too long"));
        }
        self.line.extend_from_slice(&input[..used]);
        if complete {
            if self.line.len() < 2 || self.line[self.line.len() - 2] != b'\r' {
                return Err(malformed("lines of a chunked body end with CRLF"));
            }
            self.line.truncate(self.line.len() - 2);
        }
        Ok((used, complete))
    }

    fn run(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<(), VerifyError> {
        while !input.is_empty() {
            match self.state {
                State::SizeLine => {
                    let (used, complete) = self.take_line(input)?;
                    input = &input[used..];
                    if complete {
                        let line = core::mem::take(&mut self.line);
                        self.size_line(&line)?;
                    }
                }
                State::Data => {
                    let n = (self.remaining.min(input.len() as u64)) as usize;
                    let (piece, rest) = input.split_at(n);
                    if self.chain.is_some() {
                        if self.data.is_empty() && n as u64 == self.remaining {
                            // The whole chunk is in this input: checked in
                            // place, without a copy.
                            self.check_chunk(piece, out)?;
                            self.checked = true;
                        } else {
                            if self.data.is_empty() {
                                self.data.reserve(self.remaining as usize);
                            }
                            self.data.extend_from_slice(piece);
                        }
                    } else {
                        if let Some(c) = &mut self.checksum {
                            c.update(piece);
                        }
                        out.extend_from_slice(piece);
                        self.decoded += n as u64;
                    }
                    self.remaining -= n as u64;
                    input = rest;
                    if self.remaining == 0 {
                        self.state = State::DataEnd;
                    }
                }
                State::DataEnd | State::EndLine => {
                    let need = 2 - self.line.len();
                    let n = need.min(input.len());
                    self.line.extend_from_slice(&input[..n]);
                    input = &input[n..];
                    if self.line.len() == 2 {
                        if self.line != b"\r\n" {
                            return Err(if self.state == State::DataEnd {
                                malformed("a chunk's data must be followed by CRLF (the size line is wrong)")
                            } else {
                                malformed_trailer("the final chunk must be followed by CRLF; no trailer was declared")
                            });
                        }
                        self.line.clear();
                        if self.state == State::DataEnd {
                            self.end_of_data(out)?;
                            self.state = State::SizeLine;
                        } else {
                            self.state = State::Done;
                        }
                    }
                }
                State::TrailerLine => {
                    let (used, complete) = self.take_line(input)?;
                    input = &input[used..];
                    if complete {
                        let line = core::mem::take(&mut self.line);
                        if line.is_empty() {
                            self.check_trailer()?;
                            self.state = State::Done;
                        } else if self.trailers.len() == MAX_TRAILER_LINES {
                            return Err(malformed_trailer("too many trailer lines"));
                        } else {
                            self.trailers.push(line);
                        }
                    }
                }
                State::Done => return Err(VerifyError::DataAfterFinalChunk),
            }
        }
        Ok(())
    }

    fn size_line(&mut self, line: &[u8]) -> Result<(), VerifyError> {
        let (size_text, signature) = if self.chain.is_some() {
            let ext = SIGNATURE_EXTENSION.as_bytes();
            let at = line
                .windows(ext.len())
                .position(|w| w == ext)
                .ok_or_else(|| malformed("a signed chunk must carry ;chunk-signature="))?;
            let sig =
                signature_text(&line[at + ext.len()..], self.chain.as_ref()).ok_or_else(|| {
                    malformed("a chunk signature must be lower-case hex of the signature's width")
                })?;
            (&line[..at], sig)
        } else {
            if line.contains(&b';') {
                return Err(malformed("an unsigned chunk carries no extensions"));
            }
            (line, "")
        };
        let size = parse_size(size_text)
            .ok_or_else(|| malformed("a chunk size must be 1 to 16 hex digits"))?;
        if size > self.max_chunk_size as u64 {
            return Err(VerifyError::ChunkTooLarge {
                size,
                max: self.max_chunk_size as u64,
            });
        }
        if self.decoded + size > self.declared_length {
            return Err(VerifyError::DecodedLengthMismatch {
                declared: self.declared_length,
                received: self.decoded + size,
            });
        }
        self.signature.clear();
        self.signature.push_str(signature);
        if size == 0 {
            if let Some(chain) = &mut self.chain {
                if !chain.verify_chunk(&[], &self.signature) {
                    return Err(VerifyError::ChunkSignatureMismatch { index: self.chunks });
                }
            }
            self.state = if self.mode.has_trailer() {
                State::TrailerLine
            } else {
                State::EndLine
            };
        } else {
            self.remaining = size;
            self.data.clear();
            self.state = State::Data;
        }
        Ok(())
    }

    fn end_of_data(&mut self, out: &mut Vec<u8>) -> Result<(), VerifyError> {
        if self.chain.is_some() && !self.checked {
            let data = core::mem::take(&mut self.data);
            let result = self.check_chunk(&data, out);
            self.data = data;
            self.data.clear();
            result?;
        }
        self.checked = false;
        self.chunks += 1;
        Ok(())
    }

    /// Checks one whole chunk's signature and passes its data on.
    fn check_chunk(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), VerifyError> {
        if let Some(chain) = &mut self.chain {
            if !chain.verify_chunk(data, &self.signature) {
                return Err(VerifyError::ChunkSignatureMismatch { index: self.chunks });
            }
        }
        if let Some(c) = &mut self.checksum {
            c.update(data);
        }
        out.extend_from_slice(data);
        self.decoded += data.len() as u64;
        Ok(())
    }

    fn check_trailer(&mut self) -> Result<(), VerifyError> {
        let Some(checksum) = &self.checksum else {
            return Err(malformed_trailer("no trailer was declared"));
        };
        let mut lines: Vec<(String, &[u8])> = Vec::with_capacity(self.trailers.len());
        for line in &self.trailers {
            let at = line
                .iter()
                .position(|&b| b == b':')
                .ok_or_else(|| malformed_trailer("a trailer line is name:value"))?;
            let name = core::str::from_utf8(&line[..at])
                .map_err(|_| malformed_trailer("a trailer name is ASCII"))?
                .trim()
                .to_ascii_lowercase();
            lines.push((name, trim(&line[at + 1..])));
        }
        let signature = match (&self.chain, lines.last()) {
            (Some(chain), Some((name, value))) if name == TRAILER_SIGNATURE => {
                let value = signature_text(value, Some(chain))
                    .ok_or_else(|| malformed_trailer("x-amz-trailer-signature must be lower-case hex of the signature's width"))?
                    .to_owned();
                lines.pop();
                Some(value)
            }
            (Some(_), _) => {
                return Err(malformed_trailer(
                    "a signed trailer ends with x-amz-trailer-signature",
                ))
            }
            (None, _) => None,
        };
        let expected = checksum.algorithm().header_name();
        let [(name, value)] = &lines[..] else {
            return Err(malformed_trailer(
                "the trailer must hold exactly the checksum x-amz-trailer names",
            ));
        };
        if name != expected {
            return Err(malformed_trailer(
                "the trailer must hold exactly the checksum x-amz-trailer names",
            ));
        }
        if let (Some(chain), Some(signature)) = (&mut self.chain, signature) {
            let mut canonical = Vec::with_capacity(name.len() + value.len() + 2);
            canonical.extend_from_slice(name.as_bytes());
            canonical.push(b':');
            canonical.extend_from_slice(value);
            canonical.push(b'\n');
            if !chain.verify_trailer(&canonical, &signature) {
                return Err(VerifyError::TrailerSignatureMismatch);
            }
        }
        let computed = checksum.finish_base64();
        if !bool::from(computed.as_bytes().ct_eq(value)) {
            return Err(VerifyError::ChecksumMismatch { name: expected });
        }
        self.received_checksum = Some(computed);
        Ok(())
    }
}
