//! Which member of the signing family a signer uses.

#[allow(unused_imports)]
use crate::prelude::*;

/// The signature algorithm: SigV4 (an HMAC under a key derived per day,
/// region and service) or, with the `sigv4a` feature, SigV4a (ECDSA under a
/// key derived once from the secret, valid for a set of regions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `AWS4-HMAC-SHA256`.
    #[default]
    SigV4,
    /// `AWS4-ECDSA-P256-SHA256`: the region is a region set (`*`,
    /// `us-east-1`, `us-east-1,us-west-2`), signed in `X-Amz-Region-Set`
    /// rather than in the credential scope.
    #[cfg(feature = "sigv4a")]
    SigV4a,
}

impl Algorithm {
    /// Every algorithm this build signs with.
    pub const ALL: &'static [Algorithm] = &[
        Algorithm::SigV4,
        #[cfg(feature = "sigv4a")]
        Algorithm::SigV4a,
    ];

    /// The name that opens the string to sign and the `Authorization` header.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::SigV4 => crate::sign::string_to_sign::ALGORITHM,
            #[cfg(feature = "sigv4a")]
            Algorithm::SigV4a => crate::sigv4a::ALGORITHM,
        }
    }

    /// The algorithm of this name, if this build has it.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Whether the region (a region set) travels in `X-Amz-Region-Set`
    /// instead of the credential scope.
    pub const fn is_sigv4a(self) -> bool {
        match self {
            Algorithm::SigV4 => false,
            #[cfg(feature = "sigv4a")]
            Algorithm::SigV4a => true,
        }
    }
}
