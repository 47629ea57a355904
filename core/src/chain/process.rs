//! `credential_process`: a command (split as a POSIX shell would, but run
//! without one) that prints credentials as JSON, `"Version": 1`.

use super::profile_chain::printable;
use super::{credentials_from_parts, fail, parse_expiry, Cx, R};
use crate::json;
use crate::profile::Profile;
use crate::Credentials;

const SRC: &str = "process";

/// Splits a command line into words as a POSIX shell does for quoting
/// (single quotes literal; double quotes with `\` before `"`, `\`, `$`,
/// `` ` ``; `\` outside quotes escapes the next character), without
/// expansion. `None` for an unterminated quote.
pub fn split_command(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(core::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\' | '$' | '`') => word.push(c),
                            '\n' => {}
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(c) => word.push(c),
                    None => return None,
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// The profile's `credential_process`; `None` when it has none.
pub(crate) fn load(cx: &Cx<'_>, p: &Profile) -> R<Option<Credentials>> {
    let Some(command) = p.get("credential_process").filter(|c| !c.trim().is_empty()) else {
        return Ok(None);
    };
    let setting = format!("profile {}: credential_process", printable(p.name()));
    let Some(argv) = split_command(command) else {
        return fail(SRC, setting, "the command has an unterminated quote");
    };
    let id = format!("process:{}", printable(p.name()));
    let (code, stdout) = cx.process(id, argv, command)?;
    if code != 0 {
        return fail(
            SRC,
            setting,
            if code == -1 {
                "the command could not be run".to_owned()
            } else {
                format!("the command exited with status {code}")
            },
        );
    }
    let Some(doc) = json::parse(stdout) else {
        return fail(SRC, setting, "the command's output is not JSON");
    };
    if doc.int("Version") != Some(1) {
        return fail(
            SRC,
            setting,
            "the command's output must have \"Version\": 1",
        );
    }
    let expiration = match doc.str("Expiration") {
        Some(e) => Some(parse_expiry(SRC, &setting, e)?),
        None => None,
    };
    credentials_from_parts(
        SRC,
        &setting,
        doc.str("AccessKeyId"),
        doc.str("SecretAccessKey"),
        doc.str("SessionToken"),
        expiration,
    )
    .map(Some)
}
