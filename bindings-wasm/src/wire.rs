//! The packed strings that carry a request in and a result out.
//!
//! Passing a method, a target and each header as separate arguments costs
//! one allocation and one UTF-8 encode per argument; a GET would cross the
//! boundary a dozen times. Instead JS ends each field with NUL, which no
//! method, target or header may contain (the core refuses control
//! characters), and says how many headers it packed: a NUL smuggled inside a
//! header value makes the field count wrong and is refused instead of
//! shifting every later field. A body travels separately.

#[allow(unused_imports)]
use crate::prelude::*;

/// Separates the fields of a packed request and of a packed result.
pub const NUL: char = '\0';

/// A request unpacked: borrowed from the packed string.
pub struct Unpacked<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub headers: Vec<(&'a str, &'a str)>,
}

/// Splits `method NUL target NUL (name NUL value NUL)*`, expecting
/// `header_count` headers. `None` when the count does not match.
///
/// One pass over the bytes: the fields are short, and a plain loop costs
/// less per field in WebAssembly than a `memchr` call (no SIMD to pay for
/// its set-up). NUL is ASCII, so every cut is a character boundary.
pub fn unpack(packed: &str, header_count: usize) -> Option<Unpacked<'_>> {
    let bytes = packed.as_bytes();
    let mut start = 0;
    let mut next = || -> Option<&str> {
        let len = bytes[start..].iter().position(|&b| b == NUL as u8)?;
        let field = packed.get(start..start + len)?;
        start += len + 1;
        Some(field)
    };
    let method = next()?;
    let target = next()?;
    let mut headers = Vec::with_capacity(header_count);
    for _ in 0..header_count {
        let name = next()?;
        let value = next()?;
        headers.push((name, value));
    }
    (start == bytes.len()).then_some(Unpacked {
        method,
        target,
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_every_field() {
        let u = unpack("GET\0/a?b\0Host\0h\0X-A\0\0", 2).unwrap();
        assert_eq!((u.method, u.target), ("GET", "/a?b"));
        assert_eq!(u.headers, vec![("Host", "h"), ("X-A", "")]);
    }

    #[test]
    fn non_ascii_fields_are_cut_at_their_nul() {
        let u = unpack("GET\0/é\0X-Ü\0☃ 𝄞\0", 1).unwrap();
        assert_eq!((u.method, u.target), ("GET", "/é"));
        assert_eq!(u.headers, vec![("X-Ü", "☃ 𝄞")]);
    }

    #[test]
    fn a_wrong_count_is_refused() {
        assert!(unpack("GET\0/\0Host\0h\0", 2).is_none());
        assert!(unpack("GET\0/", 0).is_none());
        assert!(unpack("GET\0/\0", 0).is_some());
        // A NUL inside a value adds a field.
        assert!(unpack("GET\0/\0X-A\0a\0b\0", 1).is_none());
    }
}
