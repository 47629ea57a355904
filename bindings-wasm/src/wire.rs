//! The packed strings that carry a request in and a result out.
//!
//! Passing a method, a target and each header as separate arguments costs
//! one allocation and one UTF-8 encode per argument; a GET would cross the
//! boundary a dozen times. Instead JS ends each field with NUL, which no
//! method, target or header may contain (the core refuses control
//! characters), and says how many headers it packed: a NUL smuggled inside a
//! header value makes the field count wrong and is refused instead of
//! shifting every later field. A body travels separately.

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
pub fn unpack(packed: &str, header_count: usize) -> Option<Unpacked<'_>> {
    fn next<'a>(rest: &mut &'a str) -> Option<&'a str> {
        let (field, after) = rest.split_once(NUL)?;
        *rest = after;
        Some(field)
    }
    let mut rest = packed;
    let method = next(&mut rest)?;
    let target = next(&mut rest)?;
    let mut headers = Vec::with_capacity(header_count);
    for _ in 0..header_count {
        let name = next(&mut rest)?;
        let value = next(&mut rest)?;
        headers.push((name, value));
    }
    rest.is_empty().then_some(Unpacked {
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
    fn a_wrong_count_is_refused() {
        assert!(unpack("GET\0/\0Host\0h\0", 2).is_none());
        assert!(unpack("GET\0/", 0).is_none());
        assert!(unpack("GET\0/\0", 0).is_some());
        // A NUL inside a value adds a field.
        assert!(unpack("GET\0/\0X-A\0a\0b\0", 1).is_none());
    }
}
