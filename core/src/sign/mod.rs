//! The SigV4 pipeline, shared by the signer ([`crate::Signer`]) and the
//! verifier ([`crate::verify`]), one module per step:
//!
//! 1. [`canonical`]: the canonical request (method, path by [`PathRules`],
//!    sorted query, headers, signed header list, payload value);
//! 2. [`string_to_sign`]: algorithm, time, credential scope and the
//!    canonical request's hash;
//! 3. [`signature`]: the HMAC of the string to sign under the cached
//!    signing key.
//!
//! [`run`] does the three in one pass into one buffer: the canonical request,
//! then the string to sign right after it. A caller that signs again (the
//! verifier trying a second variant) clears and reuses the buffer; nothing is
//! allocated per header or per step. [`presign`] names the query parameters of
//! a presigned URL once for both sides.

#[allow(unused_imports)]
use crate::prelude::*;

pub(crate) mod canonical;
pub(crate) mod presign;
pub(crate) mod signature;
pub(crate) mod sort;
pub(crate) mod string_to_sign;

use core::ops::Range;

pub use canonical::PathRules;
use canonical::{Parts, QueryParams};
use signature::{Key, Signature};
use string_to_sign::Scope;

/// Where the signature goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureLocation {
    /// An `Authorization` header.
    Headers,
    /// `X-Amz-*` query parameters: a presigned URL.
    Query,
}

/// Where [`run`] wrote each part, in the buffer it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Written {
    /// The canonical request.
    pub canonical_request: Range<usize>,
    /// The signed header list, inside the canonical request.
    pub signed_headers: Range<usize>,
    /// The string to sign, right after the canonical request.
    pub string_to_sign: Range<usize>,
    /// The credential scope, inside the string to sign.
    pub scope: Range<usize>,
    /// The signature.
    pub signature: Signature,
}

/// Runs the pipeline: appends the canonical request and the string to sign to
/// `out` and signs with `key`. Without a key (a SigV4a verifier, which checks
/// the presented signature against the public key instead of signing again)
/// the signature is left empty.
pub(crate) fn run(
    out: &mut String,
    parts: &Parts<'_, '_>,
    params: &mut QueryParams,
    amz_date: &str,
    scope: &Scope<'_>,
    key: Option<Key<'_>>,
) -> Written {
    out.reserve(parts.size_hint(params) + string_to_sign::len(amz_date, scope));
    let start = out.len();
    let signed_headers = canonical::write_request(out, parts, params);
    let creq_end = out.len();
    let hash = crate::mac::sha256(&out.as_bytes()[start..creq_end]);
    let scope_range = string_to_sign::write(out, amz_date, scope, &hash);
    let sts = creq_end..out.len();
    let signature = match key {
        Some(key) => signature::compute(key, scope, &out[sts.clone()]),
        None => Signature::default(),
    };
    Written {
        canonical_request: start..creq_end,
        signed_headers,
        string_to_sign: sts,
        scope: scope_range,
        signature,
    }
}
