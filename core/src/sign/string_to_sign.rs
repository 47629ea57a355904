//! Step 2 of the pipeline, the string to sign: the algorithm, the signing
//! time, the credential scope and the canonical request's SHA-256.

#[allow(unused_imports)]
use crate::prelude::*;

use core::ops::Range;

use crate::encoding::hex_into;
use crate::Algorithm;

/// The algorithm name of SigV4.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The credential scope, `date/region/service/aws4_request`, as its parts,
/// and the algorithm it is for: SigV4a's scope names no region
/// (`date/service/aws4_request`), its region set being signed elsewhere.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    /// `YYYYMMDD`.
    pub date: &'a str,
    /// The region (SigV4 only; not part of a SigV4a scope).
    pub region: &'a str,
    pub service: &'a str,
    pub algorithm: Algorithm,
    /// The scope after its date (`/region/service/aws4_request`), if the
    /// caller wrote it once for many signatures (a signer does); empty
    /// otherwise, and then it is written from its parts.
    pub tail: &'a str,
}

/// The scope's last part.
const TERMINATOR: &str = "aws4_request";

impl Scope<'_> {
    /// The scope's length as text.
    pub fn len(&self) -> usize {
        if !self.tail.is_empty() {
            return self.date.len() + self.tail.len();
        }
        self.parts().iter().map(|p| p.len()).sum()
    }

    /// The scope after its date, as [`Scope::tail`] holds it.
    pub fn write_tail(&self, out: &mut String) {
        let [_, slash, region, slash2, service, slash3, terminator] = self.parts();
        for part in [slash, region, slash2, service, slash3, terminator] {
            out.push_str(part);
        }
    }

    /// The scope's text as parts, for writing it encoded (`X-Amz-Credential`).
    pub fn parts(&self) -> [&str; 7] {
        let (region, slash) = if self.algorithm.is_sigv4a() {
            ("", "")
        } else {
            (self.region, "/")
        };
        [self.date, "/", region, slash, self.service, "/", TERMINATOR]
    }

    /// Appends `date/region/service/aws4_request`.
    pub fn write(&self, out: &mut String) {
        out.push_str(self.date);
        if !self.tail.is_empty() {
            out.push_str(self.tail);
            return;
        }
        // The separators as characters: a one-byte string is a call to
        // `memcpy` of its own.
        out.push('/');
        if !self.algorithm.is_sigv4a() {
            out.push_str(self.region);
            out.push('/');
        }
        out.push_str(self.service);
        out.push('/');
        out.push_str(TERMINATOR);
    }
}

/// The length of a string to sign for this time and scope.
pub(crate) fn len(amz_date: &str, scope: &Scope<'_>) -> usize {
    scope.algorithm.name().len() + amz_date.len() + scope.len() + 3 + 64
}

/// Appends the string to sign and returns where, in `out`, its scope is.
pub(crate) fn write(
    out: &mut String,
    amz_date: &str,
    scope: &Scope<'_>,
    canonical_request_sha256: &[u8; 32],
) -> Range<usize> {
    out.push_str(scope.algorithm.name());
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    let start = out.len();
    scope.write(out);
    let scope_range = start..out.len();
    out.push('\n');
    hex_into(out, canonical_request_sha256);
    scope_range
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(algorithm: Algorithm) -> Scope<'static> {
        Scope {
            date: "20150830",
            region: "us-east-1",
            service: "iam",
            algorithm,
            tail: "",
        }
    }

    #[test]
    fn writes_the_scope_its_parts_spell() {
        // The presigned `X-Amz-Credential` encodes the parts; the string to
        // sign and `Authorization` write the scope: they must agree.
        let cases = [
            (
                scope(Algorithm::SigV4),
                "20150830/us-east-1/iam/aws4_request",
            ),
            #[cfg(feature = "sigv4a")]
            (scope(Algorithm::SigV4a), "20150830/iam/aws4_request"),
        ];
        for (scope, want) in cases {
            let mut out = String::new();
            scope.write(&mut out);
            assert_eq!(out, want);
            assert_eq!(scope.parts().concat(), want);
            assert_eq!(scope.len(), want.len());
            // Written from a tail made once, the scope is the same text.
            let mut tail = String::new();
            scope.write_tail(&mut tail);
            let with_tail = Scope {
                tail: &tail,
                ..scope
            };
            let mut out = String::new();
            with_tail.write(&mut out);
            assert_eq!(out, want);
            assert_eq!(with_tail.len(), want.len());
        }
    }
}
