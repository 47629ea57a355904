//! The policy document as text, byte for byte as botocore writes it.
//!
//! The signature covers the base64 of the JSON text, so two signers agree
//! only if they write the same bytes. botocore uses Python's `json.dumps`
//! with its defaults: `", "` between items, `": "` after a key, and every
//! character outside printable ASCII escaped as `\uXXXX` with lower-case hex
//! (a surrogate pair above U+FFFF), except the short escapes `\b \f \n \r
//! \t`; `"` and `\` are escaped with a backslash.

#[allow(unused_imports)]
use crate::prelude::*;

/// Appends `s` as a JSON string literal.
pub(crate) fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let unit = |out: &mut String, u: u16| {
        out.push_str("\\u");
        for shift in [12u16, 8, 4, 0] {
            out.push(HEX[usize::from((u >> shift) & 15)] as char);
        }
    };
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    unit(out, u);
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::push_str;

    fn lit(s: &str) -> String {
        let mut out = String::new();
        push_str(&mut out, s);
        out
    }

    /// The expected texts are what Python 3's `json.dumps` prints for the
    /// same strings.
    #[test]
    fn escapes_as_python_json_dumps() {
        assert_eq!(lit("user/eric/"), "\"user/eric/\"");
        assert_eq!(lit("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            lit("\n\r\t\u{8}\u{c}\u{1}\u{7f}"),
            "\"\\n\\r\\t\\b\\f\\u0001\\u007f\""
        );
        assert_eq!(lit("café"), "\"caf\\u00e9\"");
        assert_eq!(lit("😀"), "\"\\ud83d\\ude00\"");
        assert_eq!(lit("</script>"), "\"</script>\"");
    }
}
