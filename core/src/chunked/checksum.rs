//! The trailing checksums of `aws-chunked` uploads: CRC32, CRC32C and
//! SHA-256 of the decoded data, sent as the base64 of the big-endian value in
//! an `x-amz-checksum-*` trailer.
//!
//! The CRCs are table-driven (one 256-entry table each, built at compile
//! time): a trailer checksum is computed once per byte of the upload, so it
//! must not cost more than the chunk signature's SHA-256, and a crate for two
//! tables would be a dependency for forty lines.

#[allow(unused_imports)]
use crate::prelude::*;

use sha2::{Digest, Sha256};

/// A checksum algorithm S3 accepts in a trailer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC-32 (IEEE 802.3, the one of zip and PNG): `x-amz-checksum-crc32`.
    Crc32,
    /// CRC-32C (Castagnoli, the one of iSCSI): `x-amz-checksum-crc32c`.
    Crc32c,
    /// SHA-256: `x-amz-checksum-sha256`.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [ChecksumAlgorithm; 3] = [
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Sha256,
    ];

    /// The trailer (and header) name, lower case.
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The short name (`crc32`, `crc32c`, `sha256`), as the bindings' options
    /// and botocore's `ChecksumAlgorithm` spell it (any case).
    pub fn name(self) -> &'static str {
        &self.header_name()["x-amz-checksum-".len()..]
    }

    /// The algorithm of a short name (`crc32`) or a trailer name
    /// (`x-amz-checksum-crc32`), ASCII case-insensitive.
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim();
        ChecksumAlgorithm::ALL.into_iter().find(|a| {
            name.eq_ignore_ascii_case(a.name()) || name.eq_ignore_ascii_case(a.header_name())
        })
    }

    /// The length of the base64 value: 8 for a CRC, 44 for SHA-256.
    pub fn encoded_len(self) -> usize {
        match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 8,
            ChecksumAlgorithm::Sha256 => 44,
        }
    }
}

const fn crc_table(poly: u32) -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ poly } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// The tables of slicing-by-8: table `k` advances a byte's CRC by `k` more
/// zero bytes, so eight bytes are folded in with eight lookups. Native
/// builds only: on `wasm32` the 16 KiB of tables would weigh on every
/// download, and the one-table loop is used.
#[cfg(not(target_arch = "wasm32"))]
const fn slicing_tables(poly: u32) -> [[u32; 256]; 8] {
    let mut tables = [[0u32; 256]; 8];
    tables[0] = crc_table(poly);
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = tables[k - 1][i];
            tables[k][i] = (prev >> 8) ^ tables[0][(prev & 0xff) as usize];
            i += 1;
        }
        k += 1;
    }
    tables
}

/// The reflected polynomials of CRC-32 and CRC-32C.
const CRC32_POLY: u32 = 0xEDB8_8320;
const CRC32C_POLY: u32 = 0x82F6_3B78;

#[cfg(not(target_arch = "wasm32"))]
type Tables = [[u32; 256]; 8];
#[cfg(target_arch = "wasm32")]
type Tables = [u32; 256];

#[cfg(not(target_arch = "wasm32"))]
static CRC32_TABLES: Tables = slicing_tables(CRC32_POLY);
#[cfg(not(target_arch = "wasm32"))]
static CRC32C_TABLES: Tables = slicing_tables(CRC32C_POLY);
#[cfg(target_arch = "wasm32")]
static CRC32_TABLES: Tables = crc_table(CRC32_POLY);
#[cfg(target_arch = "wasm32")]
static CRC32C_TABLES: Tables = crc_table(CRC32C_POLY);

/// One byte at a time, with the first table.
fn crc_bytewise(table: &[u32; 256], mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

#[cfg(not(target_arch = "wasm32"))]
fn crc_update(t: &Tables, mut crc: u32, data: &[u8]) -> u32 {
    let mut blocks = data.chunks_exact(8);
    for b in &mut blocks {
        let lo = crc ^ u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let hi = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
        crc = t[7][(lo & 0xff) as usize]
            ^ t[6][((lo >> 8) & 0xff) as usize]
            ^ t[5][((lo >> 16) & 0xff) as usize]
            ^ t[4][(lo >> 24) as usize]
            ^ t[3][(hi & 0xff) as usize]
            ^ t[2][((hi >> 8) & 0xff) as usize]
            ^ t[1][((hi >> 16) & 0xff) as usize]
            ^ t[0][(hi >> 24) as usize];
    }
    crc_bytewise(&t[0], crc, blocks.remainder())
}

#[cfg(target_arch = "wasm32")]
fn crc_update(t: &Tables, crc: u32, data: &[u8]) -> u32 {
    crc_bytewise(t, crc, data)
}

#[derive(Clone)]
enum State {
    Crc(&'static Tables, u32),
    Sha(Sha256),
}

/// A checksum being computed over data fed in pieces.
#[derive(Clone)]
pub struct Checksum {
    algorithm: ChecksumAlgorithm,
    state: State,
}

impl core::fmt::Debug for Checksum {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Checksum")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl Checksum {
    /// A checksum of nothing yet.
    pub fn new(algorithm: ChecksumAlgorithm) -> Self {
        let state = match algorithm {
            ChecksumAlgorithm::Crc32 => State::Crc(&CRC32_TABLES, !0),
            ChecksumAlgorithm::Crc32c => State::Crc(&CRC32C_TABLES, !0),
            ChecksumAlgorithm::Sha256 => State::Sha(Sha256::new()),
        };
        Checksum { algorithm, state }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// Feeds the next piece of data.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc(table, crc) => *crc = crc_update(table, *crc, data),
            State::Sha(sha) => sha.update(data),
        }
    }

    /// The value as sent: base64 of the big-endian bytes.
    pub fn finish_base64(&self) -> String {
        match &self.state {
            State::Crc(_, crc) => base64(&(!crc).to_be_bytes()),
            State::Sha(sha) => base64(&sha.clone().finalize()),
        }
    }
}

/// Standard base64 (RFC 4648 §4) with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = (group[0] as u32) << 16
            | (*group.get(1).unwrap_or(&0) as u32) << 8
            | *group.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(algorithm: ChecksumAlgorithm, data: &[u8]) -> String {
        let mut c = Checksum::new(algorithm);
        c.update(data);
        c.finish_base64()
    }

    /// The check values of the CRC catalogue (the CRC of "123456789":
    /// CRC-32 0xCBF43926, CRC-32C 0xE3069283), and SHA-256 of "abc" from
    /// FIPS 180-2 (ba7816bf...).
    #[test]
    fn matches_the_published_check_values() {
        assert_eq!(
            of(ChecksumAlgorithm::Crc32, b"123456789"),
            base64(&0xCBF4_3926u32.to_be_bytes())
        );
        assert_eq!(
            of(ChecksumAlgorithm::Crc32c, b"123456789"),
            base64(&0xE306_9283u32.to_be_bytes())
        );
        assert_eq!(
            of(ChecksumAlgorithm::Sha256, b"abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(of(ChecksumAlgorithm::Crc32, b""), "AAAAAA==");
    }

    /// Slicing-by-8 (native) equals the one-table loop (what wasm32 runs)
    /// at every length and alignment around the 8-byte blocks.
    #[test]
    fn slicing_equals_bytewise() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 131 % 256) as u8).collect();
        for poly in [CRC32_POLY, CRC32C_POLY] {
            let one = crc_table(poly);
            let tables = if poly == CRC32_POLY {
                &CRC32_TABLES
            } else {
                &CRC32C_TABLES
            };
            for start in 0..9 {
                for end in start..data.len() {
                    let piece = &data[start..end];
                    assert_eq!(crc_update(tables, !0, piece), crc_bytewise(&one, !0, piece));
                }
            }
        }
    }

    #[test]
    fn pieces_equal_the_whole() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 31 % 256) as u8).collect();
        for a in ChecksumAlgorithm::ALL {
            let mut c = Checksum::new(a);
            for piece in data.chunks(77) {
                c.update(piece);
            }
            assert_eq!(c.finish_base64(), of(a, &data));
            assert_eq!(c.finish_base64().len(), a.encoded_len());
        }
    }

    /// RFC 4648 §10's test vectors.
    #[test]
    fn base64_matches_rfc_4648() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn parses_names() {
        assert_eq!(
            ChecksumAlgorithm::parse("CRC32C"),
            Some(ChecksumAlgorithm::Crc32c)
        );
        assert_eq!(
            ChecksumAlgorithm::parse("x-amz-checksum-sha256"),
            Some(ChecksumAlgorithm::Sha256)
        );
        assert_eq!(ChecksumAlgorithm::parse("crc64nvme"), None);
    }
}
