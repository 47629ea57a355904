//! The trailing checksums of `aws-chunked` uploads: CRC32, CRC32C and
//! SHA-256 of the decoded data, sent as the base64 of the big-endian value in
//! an `x-amz-checksum-*` trailer.
//!
//! The CRCs are table-driven (tables built at compile time): a trailer
//! checksum is computed once per byte of the upload, so it must not cost
//! more than the chunk signature's SHA-256, and a crate for two tables would
//! be a dependency for a hundred lines. Four stretches of the data are
//! folded in side by side and their CRCs joined after (`crc_update`). The
//! browser engines carry none of it (they have no chunked uploads, so the
//! linker drops the tables); the Node engine's uploads run it too.

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
/// zero bytes, so eight bytes are folded in with eight lookups.
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

/// What `crc_update` needs for one polynomial: the slicing tables, the
/// polynomial itself and the factor that moves a CRC past one lane of zero
/// bytes (see `crc_update`).
struct Tables {
    slices: [[u32; 256]; 8],
    poly: u32,
    lane_shift: u32,
}

impl Tables {
    const fn new(poly: u32) -> Self {
        Tables {
            slices: slicing_tables(poly),
            poly,
            lane_shift: x_to_8n(LANE, poly),
        }
    }
}

static CRC32_TABLES: Tables = Tables::new(CRC32_POLY);
static CRC32C_TABLES: Tables = Tables::new(CRC32C_POLY);

/// One byte at a time, with the first table.
fn crc_bytewise(table: &[u32; 256], mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// Bytes in each of the four lanes of `crc_update`'s loop: a block of four
/// lanes is 8 KiB, so a 64 KiB chunk is eight blocks and nothing left over.
const LANE: usize = 2048;

/// `a · b` modulo the polynomial, both as reflected CRC values (bit 31 is
/// the coefficient of x⁰): multiplying a CRC by x^(8n) is what `n` more zero
/// bytes would do to it.
const fn mul_mod(a: u32, mut b: u32, poly: u32) -> u32 {
    let mut product = 0;
    let mut bit = 0;
    while bit < 32 {
        if a & (1 << (31 - bit)) != 0 {
            product ^= b;
        }
        // b times x.
        b = if b & 1 != 0 { (b >> 1) ^ poly } else { b >> 1 };
        bit += 1;
    }
    product
}

/// x^(8n) modulo the polynomial, by squaring.
const fn x_to_8n(mut n: usize, poly: u32) -> u32 {
    let mut result = 1 << 31; // x⁰
    let mut power = 1 << 23; // x⁸
    while n > 0 {
        if n & 1 == 1 {
            result = mul_mod(result, power, poly);
        }
        power = mul_mod(power, power, poly);
        n >>= 1;
    }
    result
}

/// Eight bytes folded in with eight lookups (slicing-by-8).
#[inline(always)]
fn crc_step8(t: &[[u32; 256]; 8], crc: u32, b: &[u8]) -> u32 {
    let lo = crc ^ u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let hi = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
    t[7][(lo & 0xff) as usize]
        ^ t[6][((lo >> 8) & 0xff) as usize]
        ^ t[5][((lo >> 16) & 0xff) as usize]
        ^ t[4][(lo >> 24) as usize]
        ^ t[3][(hi & 0xff) as usize]
        ^ t[2][((hi >> 8) & 0xff) as usize]
        ^ t[1][((hi >> 16) & 0xff) as usize]
        ^ t[0][(hi >> 24) as usize]
}

/// Folds `data` into `crc`. One slicing-by-8 chain waits on each of its
/// lookups in turn; four chains over four lanes of a block run side by side
/// (twice as fast as one here). The CRC update is linear, so the block's CRC
/// is the first lane's (from `crc`) moved past the three lanes after it,
/// xored with each later lane's (from 0) moved past the lanes after that.
fn crc_update(t: &Tables, mut crc: u32, data: &[u8]) -> u32 {
    let past_lane = |crc| mul_mod(crc, t.lane_shift, t.poly);
    let mut blocks = data.chunks_exact(4 * LANE);
    for block in &mut blocks {
        let (a, rest) = block.split_at(LANE);
        let (b, rest) = rest.split_at(LANE);
        let (c, d) = rest.split_at(LANE);
        let (mut ra, mut rb, mut rc, mut rd) = (crc, 0, 0, 0);
        let lanes = a.chunks_exact(8).zip(b.chunks_exact(8));
        for ((w, x), (y, z)) in lanes.zip(c.chunks_exact(8).zip(d.chunks_exact(8))) {
            ra = crc_step8(&t.slices, ra, w);
            rb = crc_step8(&t.slices, rb, x);
            rc = crc_step8(&t.slices, rc, y);
            rd = crc_step8(&t.slices, rd, z);
        }
        crc = past_lane(past_lane(past_lane(ra) ^ rb) ^ rc) ^ rd;
    }
    let mut words = blocks.remainder().chunks_exact(8);
    for w in &mut words {
        crc = crc_step8(&t.slices, crc, w);
    }
    crc_bytewise(&t.slices[0], crc, words.remainder())
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

    fn tables(poly: u32) -> &'static Tables {
        if poly == CRC32_POLY {
            &CRC32_TABLES
        } else {
            &CRC32C_TABLES
        }
    }

    /// Slicing-by-8 equals the one-table loop at every length and alignment
    /// around the 8-byte blocks.
    #[test]
    fn slicing_equals_bytewise() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 131 % 256) as u8).collect();
        for poly in [CRC32_POLY, CRC32C_POLY] {
            let one = crc_table(poly);
            for start in 0..9 {
                for end in start..data.len() {
                    let piece = &data[start..end];
                    assert_eq!(
                        crc_update(tables(poly), !0, piece),
                        crc_bytewise(&one, !0, piece)
                    );
                }
            }
        }
    }

    /// The four-lane blocks equal the one-table loop around every
    /// block boundary, from any starting CRC, for lengths up to three
    /// blocks and a 64 KiB chunk.
    #[test]
    fn lanes_equal_bytewise() {
        let block = 4 * LANE;
        let data: Vec<u8> = (0..3 * block as u32 + 64)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let chunk: Vec<u8> = (0..65_536u32).map(|i| (i * 7 + (i >> 9)) as u8).collect();
        for poly in [CRC32_POLY, CRC32C_POLY] {
            let one = crc_table(poly);
            for crc in [!0, 0, 0x1234_5678] {
                for boundary in [0, block, 2 * block, 3 * block] {
                    for len in boundary.saturating_sub(9)..=boundary + 9 {
                        for start in [0, 1, 5] {
                            let piece = &data[start..start + len];
                            assert_eq!(
                                crc_update(tables(poly), crc, piece),
                                crc_bytewise(&one, crc, piece),
                                "{poly:x} {crc:x} {start} {len}"
                            );
                        }
                    }
                }
                assert_eq!(
                    crc_update(tables(poly), crc, &chunk),
                    crc_bytewise(&one, crc, &chunk)
                );
            }
        }
    }

    /// x^(8n): n = 0 is x⁰; moving a CRC past one zero byte with the factor
    /// is the table step with a zero byte.
    #[test]
    fn the_lane_factor_moves_past_zero_bytes() {
        for poly in [CRC32_POLY, CRC32C_POLY] {
            let one = crc_table(poly);
            assert_eq!(x_to_8n(0, poly), 1 << 31);
            for crc in [1u32, 0x8000_0000, 0xdead_beef] {
                assert_eq!(
                    mul_mod(crc, x_to_8n(1, poly), poly),
                    crc_bytewise(&one, crc, &[0])
                );
                let zeros = [0u8; LANE];
                assert_eq!(
                    mul_mod(crc, tables(poly).lane_shift, poly),
                    crc_bytewise(&one, crc, &zeros)
                );
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
