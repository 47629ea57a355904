//! Percent-encoding and hex, exactly as SigV4 defines them.
//!
//! SigV4 leaves only the RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`)
//! unescaped, with upper-case hex digits. That is stricter than
//! `encodeURIComponent` (which leaves `!'()*`) and than form encoding (which
//! writes a space as `+`), the two most common sources of 403s.

#[allow(unused_imports)]
use crate::prelude::*;

/// The bytes SigV4 encoding leaves as they are, as a table, and the same
/// with `/` kept (paths): consulted for every byte of every path, key and
/// value.
pub(crate) const UNRESERVED: [bool; 256] = unreserved_table(false);
const UNRESERVED_OR_SLASH: [bool; 256] = unreserved_table(true);

const fn unreserved_table(slash: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (slash && b == b'/');
        i += 1;
    }
    table
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// `000102…ff`: the two hex digits of byte `b` are `HEX_PAIRS[2 * b..][..2]`,
/// written with one load and one store instead of two of each.
const HEX_PAIRS: [u8; 512] = {
    let mut out = [0u8; 512];
    let mut i = 0;
    while i < 256 {
        out[2 * i] = HEX_LOWER[i >> 4];
        out[2 * i + 1] = HEX_LOWER[i & 15];
        i += 1;
    }
    out
};

/// `%00%01…%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`, so
/// an escape is appended as one string rather than three characters.
const ESCAPES: &str = {
    const BYTES: [u8; 768] = {
        let mut out = [0u8; 768];
        let mut i = 0;
        while i < 256 {
            out[3 * i] = b'%';
            out[3 * i + 1] = HEX_UPPER[i >> 4];
            out[3 * i + 2] = HEX_UPPER[i & 15];
            i += 1;
        }
        out
    };
    match core::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("escapes are ASCII"),
    }
};

fn push_escape(out: &mut String, b: u8) {
    let at = 3 * usize::from(b);
    // Matched rather than defaulted: the copy is then three bytes by
    // construction, written in place instead of by a `memcpy` call.
    if let Some(escape) = ESCAPES.get(at..at + 3) {
        out.push_str(escape);
    }
}

/// Appends `input` percent-encoded; `/` is kept when `keep_slash` (paths).
pub(crate) fn encode_into(out: &mut String, input: &[u8], keep_slash: bool) {
    let keep = if keep_slash {
        &UNRESERVED_OR_SLASH
    } else {
        &UNRESERVED
    };
    // Runs of kept bytes are ASCII: each is copied at once.
    let mut start = 0;
    for (i, &b) in input.iter().enumerate() {
        if !keep[usize::from(b)] {
            if start < i {
                push_ascii(out, &input[start..i]);
            }
            push_escape(out, b);
            start = i + 1;
        }
    }
    if start < input.len() {
        push_ascii(out, &input[start..]);
    }
}

/// [`encode_into`] for text: kept runs are sliced from the text itself, with
/// no UTF-8 check.
pub(crate) fn encode_str_into(out: &mut String, input: &str, keep_slash: bool) {
    let keep = if keep_slash {
        &UNRESERVED_OR_SLASH
    } else {
        &UNRESERVED
    };
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !keep[usize::from(b)] {
            // A kept run starts and ends next to ASCII bytes, so at
            // character boundaries.
            if start < i {
                out.push_str(input.get(start..i).unwrap_or_default());
            }
            push_escape(out, b);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push_str(input.get(start..).unwrap_or_default());
    }
}

/// Appends bytes known to be ASCII.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    out.push_str(core::str::from_utf8(ascii).unwrap_or_default());
}

/// Percent-encodes a query parameter key or value.
pub fn uri_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    encode_into(&mut out, input.as_bytes(), false);
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes. A `%` not followed by two hex digits stays a
/// literal `%` (and is re-encoded as `%25`), and `+` stays a literal plus:
/// on the wire of a URL, `+` is not a space.
pub(crate) fn decode(input: &str) -> alloc::borrow::Cow<'_, [u8]> {
    let bytes = input.as_bytes();
    if !bytes.contains(&b'%') {
        return alloc::borrow::Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    alloc::borrow::Cow::Owned(out)
}

/// Writes `n` in decimal into `buf`.
pub(crate) fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    core::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// Lower-case hex, as every digest and signature in SigV4 is written.
pub(crate) fn hex_into(out: &mut String, bytes: &[u8]) {
    // Built on the stack and appended once: pushing char by char costs more
    // than the SHA-256 it follows.
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(32) {
        let text = hex_array(chunk, &mut buf);
        out.push_str(text);
    }
}

/// Writes the hex of up to 32 bytes into `buf` and returns it as text.
pub(crate) fn hex_array<'b>(bytes: &[u8], buf: &'b mut [u8; 64]) -> &'b str {
    let n = hex_bytes(bytes, buf);
    // Only ASCII hex digits were written.
    core::str::from_utf8(&buf[..n]).unwrap_or_default()
}

/// Writes the hex of up to 32 bytes into the start of `buf` as bytes (for a
/// caller that keeps bytes: no UTF-8 check) and returns how many it wrote.
pub(crate) fn hex_bytes(bytes: &[u8], buf: &mut [u8]) -> usize {
    let n = bytes.len().min(32).min(buf.len() / 2);
    for (pair, &b) in buf.chunks_exact_mut(2).zip(&bytes[..n]) {
        let at = 2 * usize::from(b);
        pair.copy_from_slice(&HEX_PAIRS[at..at + 2]);
    }
    2 * n
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    hex_into(&mut out, bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(uri_encode("a b+c/d!'()*~"), "a%20b%2Bc%2Fd%21%27%28%29%2A~");
        assert_eq!(uri_encode("\u{1234}"), "%E1%88%B4");
        let mut path = String::new();
        encode_into(&mut path, b"/a b/c", true);
        assert_eq!(path, "/a%20b/c");
        for text in [
            "",
            "a",
            "\u{e9}",
            "a\u{e9}b/c d",
            "\u{1F600}x",
            "~-_.",
            "%/%",
        ] {
            for keep_slash in [false, true] {
                let (mut from_bytes, mut from_str) = (String::new(), String::new());
                encode_into(&mut from_bytes, text.as_bytes(), keep_slash);
                encode_str_into(&mut from_str, text, keep_slash);
                assert_eq!(from_bytes, from_str, "{text:?}");
            }
        }
        let mut all = String::new();
        encode_into(&mut all, &[0x00, 0x2f, 0x7f, 0xff], false);
        assert_eq!(all, "%00%2F%7F%FF");
    }

    #[test]
    fn hex_matches_the_standard_formatter_for_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let want: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&all), want);
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn decodes_escapes_and_keeps_stray_percent_and_plus() {
        assert_eq!(&*decode("%E1%88%B4=a+b"), "\u{1234}=a+b".as_bytes());
        assert_eq!(&*decode("100%"), b"100%");
        assert_eq!(&*decode("%zz%4"), b"%zz%4");
        assert_eq!(&*decode("%41%4a%4A"), b"AJJ");
    }
}
