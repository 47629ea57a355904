//! Step 3 of the pipeline, the signature: the HMAC of the string to sign
//! under the signing key of the scope (derived once per key and scope, then
//! cached by [`Credentials`]).

use super::string_to_sign::Scope;
use crate::Credentials;

/// The signature as 64 lower-case hex digits, kept inline rather than in
/// another allocation.
pub(crate) type Signature = [u8; 64];

/// Signs the string to sign.
pub(crate) fn compute(
    credentials: &Credentials,
    scope: &Scope<'_>,
    string_to_sign: &str,
) -> Signature {
    let mac = credentials.sign_with_key(
        scope.date.as_bytes(),
        scope.region,
        scope.service,
        string_to_sign.as_bytes(),
    );
    let mut buf = [0u8; 64];
    crate::encoding::hex_array(&mac, &mut buf);
    buf
}

/// The text of a signature made by [`compute`].
pub(crate) fn as_str(signature: &Signature) -> &str {
    // Only ASCII hex digits are ever stored.
    core::str::from_utf8(signature).unwrap_or_default()
}
