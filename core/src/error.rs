//! The one error type of the signer.
//!
//! Every variant names the field at fault, so a binding can point its user at
//! the argument to fix. Messages are built only from static text and from
//! names (header names, profile names), never from values: a header value or
//! a credential may be a secret, and an error message ends up in logs.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// Why a request, a credential or a setting was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // `reason` and the named fields are what each variant's doc says
pub enum Error {
    /// The HTTP method is empty or not an RFC 9110 token.
    InvalidMethod { reason: &'static str },
    /// The request target or URL cannot be signed as given.
    InvalidTarget { reason: &'static str },
    /// A header name or value cannot be sent or signed. `name` is the header
    /// name (escaped), never its value.
    InvalidHeader { name: String, reason: &'static str },
    /// The access key id, secret key or session token is unusable. `field`
    /// names which one.
    InvalidCredentials {
        field: &'static str,
        reason: &'static str,
    },
    /// The region is empty or holds characters a credential scope cannot.
    InvalidRegion { reason: &'static str },
    /// The service (signing name) is empty or holds characters a credential
    /// scope cannot.
    InvalidService { reason: &'static str },
    /// The signing time is not a valid RFC 3339 UTC timestamp or is out of
    /// range.
    InvalidTimestamp { reason: &'static str },
    /// The presigned URL lifetime is outside 1 s ..= 7 days.
    InvalidExpiry { reason: &'static str },
    /// A precomputed payload hash is neither a SHA-256 hex digest nor a known
    /// constant.
    InvalidPayload { reason: &'static str },
    /// A shared config or credentials file, or a profile in it, is unusable.
    InvalidProfile {
        profile: String,
        reason: &'static str,
    },
}

/// The stable, machine-readable code of an [`Error`]: what
/// [`Error::code`] spells, as an enum a binding can map to its own error
/// values without matching strings. New codes may be added, so matching on
/// it outside this crate needs a fallback arm; [`ALL`] lists every code, for
/// a binding to test that its own mapping is complete.
///
/// [`ALL`]: ErrorCode::ALL
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_method`
    InvalidMethod,
    /// `invalid_target`
    InvalidTarget,
    /// `invalid_header`
    InvalidHeader,
    /// `invalid_credentials` (also for an unusable profile)
    InvalidCredentials,
    /// `invalid_region`
    InvalidRegion,
    /// `invalid_service`
    InvalidService,
    /// `invalid_timestamp`
    InvalidTimestamp,
    /// `invalid_expiry`
    InvalidExpiry,
    /// `invalid_payload`
    InvalidPayload,
}

impl ErrorCode {
    /// Every code, in a fixed order.
    pub const ALL: [ErrorCode; 9] = [
        ErrorCode::InvalidMethod,
        ErrorCode::InvalidTarget,
        ErrorCode::InvalidHeader,
        ErrorCode::InvalidCredentials,
        ErrorCode::InvalidRegion,
        ErrorCode::InvalidService,
        ErrorCode::InvalidTimestamp,
        ErrorCode::InvalidExpiry,
        ErrorCode::InvalidPayload,
    ];

    /// The code as the conformance contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidMethod => "invalid_method",
            ErrorCode::InvalidTarget => "invalid_target",
            ErrorCode::InvalidHeader => "invalid_header",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidRegion => "invalid_region",
            ErrorCode::InvalidService => "invalid_service",
            ErrorCode::InvalidTimestamp => "invalid_timestamp",
            ErrorCode::InvalidExpiry => "invalid_expiry",
            ErrorCode::InvalidPayload => "invalid_payload",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The code of this error as an enum.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::InvalidMethod { .. } => ErrorCode::InvalidMethod,
            Error::InvalidTarget { .. } => ErrorCode::InvalidTarget,
            Error::InvalidHeader { .. } => ErrorCode::InvalidHeader,
            Error::InvalidCredentials { .. } => ErrorCode::InvalidCredentials,
            Error::InvalidRegion { .. } => ErrorCode::InvalidRegion,
            Error::InvalidService { .. } => ErrorCode::InvalidService,
            Error::InvalidTimestamp { .. } => ErrorCode::InvalidTimestamp,
            Error::InvalidExpiry { .. } => ErrorCode::InvalidExpiry,
            Error::InvalidPayload { .. } => ErrorCode::InvalidPayload,
            Error::InvalidProfile { .. } => ErrorCode::InvalidCredentials,
        }
    }

    /// The conformance error code of this error (see the project's
    /// conformance contract): the same string in every binding.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The name of the input field at fault, as the conformance contract and
    /// the bindings' option names spell it.
    pub fn field(&self) -> &'static str {
        match self {
            Error::InvalidMethod { .. } => "method",
            Error::InvalidTarget { .. } => "target",
            Error::InvalidHeader { .. } => "headers",
            Error::InvalidCredentials { field, .. } => field,
            Error::InvalidRegion { .. } => "region",
            Error::InvalidService { .. } => "service",
            Error::InvalidTimestamp { .. } => "timestamp",
            Error::InvalidExpiry { .. } => "expires_in",
            Error::InvalidPayload { .. } => "payload",
            Error::InvalidProfile { .. } => "profile",
        }
    }

    pub(crate) fn header(name: &str, reason: &'static str) -> Error {
        Error::InvalidHeader {
            name: printable(name),
            reason,
        }
    }
}

/// Escapes a caller-supplied name so it cannot forge log lines: control
/// characters become `\u{..}` escapes. (Written out rather than with
/// `char::escape_debug`, whose Unicode tables would weigh on the WebAssembly
/// build.)
pub(crate) fn printable(name: &str) -> String {
    const MAX: usize = 64;
    let mut out = String::with_capacity(name.len().min(MAX * 4));
    for (i, c) in name.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_control() || ('\u{80}'..='\u{9f}').contains(&c) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let v = c as u32;
                out.push_str("\\u{");
                out.push(HEX[(v >> 4) as usize & 15] as char);
                out.push(HEX[v as usize & 15] as char);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out
}

impl Error {
    /// The message, as the pieces that [`Display`](fmt::Display) writes one
    /// after the other: static text and the (escaped) name at fault. A
    /// binding that must stay small (the WebAssembly build for browsers)
    /// joins them itself instead of going through `core::fmt`; the text is
    /// the same either way.
    pub fn message_parts(&self) -> [&str; 4] {
        match self {
            Error::InvalidMethod { reason } => ["invalid method: ", "", "", reason],
            Error::InvalidTarget { reason } => ["invalid target: ", "", "", reason],
            Error::InvalidHeader { name, reason } => ["invalid header \"", name, "\": ", reason],
            Error::InvalidCredentials { field, reason } => {
                ["invalid credentials (", field, "): ", reason]
            }
            Error::InvalidRegion { reason } => ["invalid region: ", "", "", reason],
            Error::InvalidService { reason } => ["invalid service: ", "", "", reason],
            Error::InvalidTimestamp { reason } => ["invalid timestamp: ", "", "", reason],
            Error::InvalidExpiry { reason } => ["invalid expires_in: ", "", "", reason],
            Error::InvalidPayload { reason } => ["invalid payload: ", "", "", reason],
            Error::InvalidProfile { profile, reason } => {
                ["invalid profile \"", profile, "\": ", reason]
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message_parts()
            .iter()
            .try_for_each(|part| f.write_str(part))
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::{printable, Error, ErrorCode};

    /// `ErrorCode::ALL` lists every code once: the match below stops
    /// compiling when a code is added, and its index must then be in ALL.
    #[test]
    fn all_lists_every_code() {
        fn index(code: ErrorCode) -> usize {
            match code {
                ErrorCode::InvalidMethod => 0,
                ErrorCode::InvalidTarget => 1,
                ErrorCode::InvalidHeader => 2,
                ErrorCode::InvalidCredentials => 3,
                ErrorCode::InvalidRegion => 4,
                ErrorCode::InvalidService => 5,
                ErrorCode::InvalidTimestamp => 6,
                ErrorCode::InvalidExpiry => 7,
                ErrorCode::InvalidPayload => 8,
            }
        }
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(index(*code), i, "{code}");
        }
    }

    /// The pieces join to the same text as before they were pieces (the
    /// wording the conformance runners and the bindings' tests quote).
    #[test]
    fn message_parts_join_to_the_message() {
        let err = Error::header("X-A\n", "must not contain a line break");
        assert_eq!(
            err.to_string(),
            "invalid header \"X-A\\u{0a}\": must not contain a line break"
        );
        let err = Error::InvalidCredentials {
            field: "secret_access_key",
            reason: "must not be empty",
        };
        assert_eq!(
            err.to_string(),
            "invalid credentials (secret_access_key): must not be empty"
        );
        let err = Error::InvalidExpiry { reason: "too long" };
        assert_eq!(err.to_string(), "invalid expires_in: too long");
    }

    #[test]
    fn escapes_what_could_forge_a_log_line() {
        assert_eq!(printable("X-Test"), "X-Test");
        assert_eq!(printable("a\r\nb\"c\\"), "a\\u{0d}\\u{0a}b\\\"c\\\\");
        assert_eq!(printable("\u{85}caf\u{e9}"), "\\u{85}caf\u{e9}");
        assert_eq!(printable(&"x".repeat(70)), format!("{}…", "x".repeat(64)));
    }
}
