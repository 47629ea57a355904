//! A `multipart/form-data` reader (RFC 7578) for S3-style POST uploads.
//!
//! S3 reads the form fields up to the `file` part and ignores what comes
//! after it; so does this reader. Only what a browser form sends is read:
//! parts with `Content-Disposition: form-data; name="…"` (and `filename`
//! for the file), text fields as UTF-8.

/// A parsed upload form.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// The fields before the file, in order.
    pub fields: Vec<(String, String)>,
    /// The file's bytes, if a `file` part came.
    pub file: Option<Vec<u8>>,
    /// The file part's `filename`, if it gave one.
    pub filename: Option<String>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    if !parts
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    for param in parts {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("boundary") {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            return (!value.is_empty() && value.len() <= 70).then(|| value.to_owned());
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A `name="value"` parameter of a `Content-Disposition` header. Quoted
/// values may hold `;` (a file named `a;b.txt`); browsers escape `"` and
/// line breaks in them as `%22`, `%0D`, `%0A`.
fn param(disposition: &str, name: &str) -> Option<String> {
    let mut rest = disposition.split_once(';')?.1;
    loop {
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                let next = quoted[end + 1..].split_once(';').map_or("", |(_, n)| n);
                (&quoted[..end], next)
            }
            None => after.split_once(';').unwrap_or((after, "")),
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(
                value
                    .trim()
                    .replace("%22", "\"")
                    .replace("%0D", "\r")
                    .replace("%0A", "\n"),
            );
        }
        if next.is_empty() {
            return None;
        }
        rest = next;
    }
}

/// Parses `body`; `Err` says what is malformed.
pub fn parse(body: &[u8], boundary: &str) -> Result<Form, &'static str> {
    let delimiter = format!("--{boundary}");
    let mut rest = body;
    let start = find(rest, delimiter.as_bytes()).ok_or("no boundary in the body")?;
    rest = &rest[start + delimiter.len()..];
    let next_delimiter = format!("\r\n--{boundary}");
    let mut form = Form::default();
    loop {
        if rest.starts_with(b"--") {
            return Ok(form); // the closing delimiter
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a boundary line must end in CRLF")?;
        let head_end = find(rest, b"\r\n\r\n").ok_or("a part has no end of headers")?;
        let head =
            std::str::from_utf8(&rest[..head_end]).map_err(|_| "part headers must be UTF-8")?;
        rest = &rest[head_end + 4..];
        let end =
            find(rest, next_delimiter.as_bytes()).ok_or("a part is not closed by the boundary")?;
        let content = &rest[..end];
        rest = &rest[end + next_delimiter.len()..];
        let disposition = head
            .split("\r\n")
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then(|| value.trim())
            })
            .ok_or("a part has no Content-Disposition")?;
        if !disposition.to_ascii_lowercase().starts_with("form-data") {
            return Err("a part is not form-data");
        }
        let name = param(disposition, "name").ok_or("a part has no name")?;
        if name.eq_ignore_ascii_case("file") {
            form.file = Some(content.to_vec());
            form.filename = param(disposition, "filename");
            return Ok(form); // S3 ignores every field after the file
        }
        let value = String::from_utf8(content.to_vec()).map_err(|_| "a form field is not UTF-8")?;
        form.fields.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_browser_form_up_to_the_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/${filename}\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b;c=d.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nignored\r\n--XyZ--\r\n";
        let form = parse(body, "XyZ").unwrap();
        assert_eq!(
            form.fields,
            [("key".to_owned(), "uploads/${filename}".to_owned())]
        );
        assert_eq!(form.file.as_deref(), Some(&b"line1\r\nline2"[..]));
        assert_eq!(form.filename.as_deref(), Some("a b;c=d.txt"));
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("application/json"), None);
    }

    #[test]
    fn refuses_broken_forms() {
        assert!(parse(b"nothing", "b").is_err());
        assert!(parse(
            b"--b\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv",
            "b"
        )
        .is_err());
        assert!(parse(b"--b\r\nX: y\r\n\r\nv\r\n--b--", "b").is_err());
    }
}
