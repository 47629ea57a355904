//! The query parameters of a presigned URL, named once for the signer (which
//! writes them) and the verifier (which reads them).

#[allow(unused_imports)]
use crate::prelude::*;

use super::string_to_sign::Scope;
use crate::Error;

/// The longest lifetime of a presigned URL: 7 days.
pub const MAX_EXPIRES_IN: u64 = 604_800;

/// Checks a presigned URL lifetime.
pub fn check_expires_in(expires_in: u64) -> Result<(), Error> {
    if expires_in == 0 {
        Err(Error::InvalidExpiry {
            reason: "must be at least 1 second",
        })
    } else if expires_in > MAX_EXPIRES_IN {
        Err(Error::InvalidExpiry {
            reason: "must be at most 604800 seconds (7 days)",
        })
    } else {
        Ok(())
    }
}

/// One `X-Amz-*` parameter of a presigned URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Param {
    Algorithm,
    Credential,
    Date,
    Expires,
    SignedHeaders,
    /// SigV4a only.
    #[cfg(feature = "sigv4a")]
    RegionSet,
    SecurityToken,
    Signature,
}

impl Param {
    /// Every parameter, in the order a presigned URL lists them (the
    /// signature last, as it signs the others).
    pub const ALL: [Param; 7 + cfg!(feature = "sigv4a") as usize] = [
        Param::Algorithm,
        Param::Credential,
        Param::Date,
        Param::Expires,
        Param::SignedHeaders,
        #[cfg(feature = "sigv4a")]
        Param::RegionSet,
        Param::SecurityToken,
        Param::Signature,
    ];

    /// The signed parameters in the order of their names' bytes, which is
    /// the canonical query's order: the signer adds them in this order, so
    /// that they need no sorting (a test checks the order).
    pub const CANONICAL_ORDER: [Param; 6 + cfg!(feature = "sigv4a") as usize] = [
        Param::Algorithm,
        Param::Credential,
        Param::Date,
        Param::Expires,
        #[cfg(feature = "sigv4a")]
        Param::RegionSet,
        Param::SecurityToken,
        Param::SignedHeaders,
    ];

    /// The parameter's name in the query.
    pub const fn name(self) -> &'static str {
        match self {
            Param::Algorithm => "X-Amz-Algorithm",
            Param::Credential => "X-Amz-Credential",
            Param::Date => "X-Amz-Date",
            Param::Expires => "X-Amz-Expires",
            Param::SignedHeaders => "X-Amz-SignedHeaders",
            #[cfg(feature = "sigv4a")]
            Param::RegionSet => "X-Amz-Region-Set",
            Param::SecurityToken => "X-Amz-Security-Token",
            Param::Signature => "X-Amz-Signature",
        }
    }

    /// The parameter a decoded query key names, if any (case-sensitive, as
    /// AWS reads them).
    pub fn find(key: &[u8]) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name().as_bytes() == key)
    }
}

/// The values of the signed parameters of one presigned URL.
pub(crate) struct Params<'a> {
    pub access_key_id: &'a str,
    pub scope: Scope<'a>,
    pub amz_date: &'a str,
    pub expires_in: &'a str,
    /// `a;b;c`, unencoded.
    pub signed_headers: &'a str,
    /// The region set of a SigV4a signature.
    #[cfg_attr(not(feature = "sigv4a"), allow(dead_code))]
    pub region_set: Option<&'a str>,
    /// The session token, if it is signed.
    pub session_token: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_parameter_by_its_exact_name() {
        assert_eq!(Param::find(b"X-Amz-Signature"), Some(Param::Signature));
        assert_eq!(
            Param::find(b"X-Amz-Security-Token"),
            Some(Param::SecurityToken)
        );
        assert_eq!(Param::find(b"x-amz-signature"), None);
        assert_eq!(Param::find(b"X-Amz-Content-Sha256"), None);
    }

    #[test]
    fn canonical_order_is_the_order_of_the_names() {
        let names = Param::CANONICAL_ORDER.map(|p| p.name().as_bytes());
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        // Every signed parameter is listed once; the signature is not signed.
        for p in Param::ALL {
            let listed = Param::CANONICAL_ORDER.iter().filter(|q| **q == p).count();
            assert_eq!(listed, usize::from(p != Param::Signature), "{p:?}");
        }
    }

    #[test]
    fn algorithm_names_need_no_encoding() {
        // The signer copies them into X-Amz-Algorithm as they are.
        for a in crate::Algorithm::ALL {
            assert_eq!(crate::uri_encode(a.name()), a.name());
        }
    }

    #[test]
    fn parameter_names_need_no_encoding() {
        // The canonical query copies them as they are.
        for p in Param::ALL {
            assert_eq!(crate::uri_encode(p.name()), p.name());
        }
    }
}
