//! The core's one JSON reader: POST policy documents and condition lists,
//! the error bodies a 403 diagnosis reads, and the credential documents of
//! the chain (container and IMDS credentials, the SSO token cache and
//! portal answer, `credential_process` output).
//!
//! They hold objects, arrays, strings and whole numbers (the bounds of
//! `content-length-range`, a `Version`, an expiry in milliseconds), so this
//! reader converts no floating-point text: a number that is not a whole
//! number is kept as [`Value::Other`]. (A general reader would pull the
//! standard library's float parser, tens of kilobytes, into every browser's
//! download.) Strings are zeroized on drop: these documents carry secrets
//! and session tokens. (No `Debug`, for the same reason.)

#[allow(unused_imports)]
use crate::prelude::*;

use zeroize::Zeroizing;

/// A parsed value.
pub(crate) enum Value {
    Str(Zeroizing<String>),
    /// A whole number from 0 to 2^53 - 1 (`1.0` is whole too).
    Int(u64),
    Arr(Vec<Value>),
    Obj(Vec<(String, Value)>),
    /// `true`, `false`, `null`, or any other number.
    Other,
}

impl Value {
    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The member `key`, if it is a string.
    pub(crate) fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Value::Str(s)) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The member `key`, if it is a whole number (read by the credential
    /// chain, which needs `std`).
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    pub(crate) fn int(&self, key: &str) -> Option<u64> {
        match self.get(key) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }
}

/// Parses a whole document; `None` if it is not JSON.
pub(crate) fn parse(text: &str) -> Option<Value> {
    let mut p = Reader {
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    (p.i == p.b.len()).then_some(v)
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    depth: u32,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self
            .b
            .get(self.i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        let found = self.b[self.i..].starts_with(lit);
        if found {
            self.i += lit.len();
        }
        found
    }

    /// Items separated by commas up to `close`, each read by `item`.
    fn list(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.ws();
        if self.eat(&[close]) {
            return Some(());
        }
        loop {
            self.ws();
            item(self)?;
            self.ws();
            if self.eat(&[close]) {
                return Some(());
            }
            if !self.eat(b",") {
                return None;
            }
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.ws();
        self.depth += 1;
        if self.depth > 64 {
            return None;
        }
        let v = match *self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                self.list(b'}', |p| {
                    let key = p.string()?;
                    p.ws();
                    p.eat(b":").then_some(())?;
                    members.push((key.to_string(), p.value()?));
                    Some(())
                })?;
                Value::Obj(members)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.list(b']', |p| {
                    items.push(p.value()?);
                    Some(())
                })?;
                Value::Arr(items)
            }
            b'"' => Value::Str(self.string()?),
            b't' if self.eat(b"true") => Value::Other,
            b'f' if self.eat(b"false") => Value::Other,
            b'n' if self.eat(b"null") => Value::Other,
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    self.i += 1;
                }
                let mut digits = &self.b[start..self.i];
                // A zero fraction (`1.0`) leaves a whole number.
                if let Some(dot) = digits.iter().position(|&c| c == b'.') {
                    if dot > 0
                        && digits.len() > dot + 1
                        && digits[dot + 1..].iter().all(|&c| c == b'0')
                    {
                        digits = &digits[..dot];
                    }
                }
                if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) && digits.len() <= 16
                {
                    let n = digits
                        .iter()
                        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
                    if n < 1 << 53 {
                        Value::Int(n)
                    } else {
                        Value::Other
                    }
                } else {
                    Value::Other
                }
            }
            _ => return None,
        };
        self.depth -= 1;
        Some(v)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        digits
            .iter()
            .try_fold(0u32, |n, &d| Some(n * 16 + (d as char).to_digit(16)?))
    }

    fn string(&mut self) -> Option<Zeroizing<String>> {
        if !self.eat(b"\"") {
            return None;
        }
        let mut out = Zeroizing::new(String::new());
        loop {
            let start = self.i;
            while self
                .b
                .get(self.i)
                .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
            {
                self.i += 1;
            }
            out.push_str(core::str::from_utf8(&self.b[start..self.i]).ok()?);
            let c = *self.b.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None, // a raw control character
            }
            let c = *self.b.get(self.i)?;
            self.i += 1;
            out.push(match c {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hi = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&hi) {
                        if !self.eat(b"\\u") {
                            return None;
                        }
                        let lo = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return None;
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        hi
                    };
                    char::from_u32(code)?
                }
                _ => return None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &Value) -> &str {
        match v {
            Value::Str(s) => s,
            _ => panic!("not a string"),
        }
    }

    #[test]
    fn reads_what_the_core_reads() {
        let v = parse(
            r#" {"a": ["x\"\\\/\n\u00e9\ud83d\ude00", 12, 1.5, -1, true, null, {}], "b": {}} "#,
        )
        .unwrap();
        let Some(Value::Arr(items)) = v.get("a") else {
            panic!("no array")
        };
        assert_eq!(text(&items[0]), "x\"\\/\né😀");
        assert!(matches!(items[1], Value::Int(12)));
        assert!(matches!(
            items[2..6],
            [Value::Other, Value::Other, Value::Other, Value::Other]
        ));
        assert!(matches!(v.get("b"), Some(Value::Obj(m)) if m.is_empty()));
        assert!(matches!(parse("9007199254740992"), Some(Value::Other)));
        assert!(matches!(parse("1.0"), Some(Value::Int(1))));
        assert!(matches!(parse("1.05"), Some(Value::Other)));
        let doc = parse(r#"{"Version": 1, "Token": "t"}"#).unwrap();
        assert_eq!(doc.int("Version"), Some(1));
        assert_eq!(doc.str("Token"), Some("t"));
        assert_eq!(doc.str("Version"), None);
        assert!(matches!(
            parse("9007199254740991"),
            Some(Value::Int(9_007_199_254_740_991))
        ));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\ud800\"",
            "[] []",
            "tru",
            &"[".repeat(40),
            &format!("{}{}", "[".repeat(70), "]".repeat(70)),
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
