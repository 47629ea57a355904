//! Signing policy: what a user who chose nothing gets, decided once here for
//! every binding.
//!
//! The signer itself ([`crate::Signer`]) does exactly what its settings and
//! payload say, as the official suite requires. What a user of an idiomatic
//! API (`new Signer({region, service})`, `Signer(region, service)`,
//! `sigv4kit.NewSigner`) gets without naming an option is decided here, so
//! that every binding gives the same answer:
//!
//! * [`ServiceDefaults::for_service`]: path encoding, normalization, the
//!   `x-amz-content-sha256` header and the payload of a presigned URL per
//!   service (the S3 family differs from every other service), which
//!   [`crate::SigningSettings::new`] starts from;
//! * [`default_payload`]: the payload to sign when the user chose none;
//! * [`DEFAULT_EXPIRES_IN`]: the lifetime of a presigned URL (botocore's and
//!   the AWS CLI's);
//! * [`wire_target`]: the query as it goes on the wire, never with a raw `+`;
//! * [`join_header_values`]: how repeated header values are sent as one;
//! * [`SIGNER_HEADERS`]: the headers a signer owns (stale copies are dropped);
//! * [`resolve_scope`]: the region and service of an integration that was
//!   not told them;
//! * [`credential_source_name`]: the names of the credential sources.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

use crate::profile::CredentialSource;
use crate::url::Scope;
use crate::{Error, PathRules, Payload};

/// The lifetime of a presigned URL when the user names none: one hour, as
/// botocore's `generate_presigned_url` and `aws s3 presign`.
pub const DEFAULT_EXPIRES_IN: u64 = 3600;

/// The signing names of the S3 family: single-encoded, unnormalized paths, a
/// signed `x-amz-content-sha256`, `UNSIGNED-PAYLOAD` in presigned URLs.
pub const S3_SERVICES: [&str; 4] = ["s3", "s3-object-lambda", "s3-outposts", "s3express"];

/// Whether `service` is a signing name of the S3 family.
pub fn is_s3_family(service: &str) -> bool {
    S3_SERVICES.contains(&service)
}

/// The headers a signer sets, lower case. A request signed before (a retry,
/// a re-sent config, a redirect hop) carries stale copies: integrations drop
/// them before signing again, and drop them all when a hop leaves for
/// another origin unsigned.
pub const SIGNER_HEADERS: [&str; 4] = [
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Whether the header `name` (ASCII case-insensitive) is one a signer owns.
pub fn is_signer_header(name: &str) -> bool {
    SIGNER_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
}

/// What joins the values of a repeated header sent as one line: `,`, the
/// separator of the canonical request, so that what is signed is what is
/// sent (a `", "` would put a space into the value the server reads).
pub const HEADER_VALUE_SEPARATOR: &str = ",";

/// The values of a repeated header as one header value.
pub fn join_header_values<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str(HEADER_VALUE_SEPARATOR);
        }
        out.push_str(value);
    }
    out
}

/// How a service signs when the user names no option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceDefaults {
    /// How the path is signed: [`PathRules::STANDARD`] for every service but
    /// the S3 family, [`PathRules::S3`] for it.
    pub path_rules: PathRules,
    /// Send and sign `x-amz-content-sha256` (S3).
    pub content_sha256_header: bool,
    /// A presigned URL signs `UNSIGNED-PAYLOAD` (S3: the body is not known
    /// when the URL is made), not the hash of a body.
    pub presign_unsigned_payload: bool,
}

impl ServiceDefaults {
    /// The defaults of the service with this signing name.
    pub fn for_service(service: &str) -> Self {
        let s3 = is_s3_family(service);
        ServiceDefaults {
            path_rules: if s3 {
                PathRules::S3
            } else {
                PathRules::STANDARD
            },
            content_sha256_header: s3,
            presign_unsigned_payload: s3,
        }
    }
}

/// The payload a user who chose none signs: the body's hash, except in a
/// presigned URL of a service whose presigned URLs sign `UNSIGNED-PAYLOAD`
/// (the S3 family, as botocore's `S3SigV4QueryAuth`). An explicit choice
/// (`unsignedPayload`, a precomputed hash) is the binding's to pass instead.
pub fn default_payload<'a>(service: &str, presign: bool, body: &'a [u8]) -> Payload<'a> {
    if presign && ServiceDefaults::for_service(service).presign_unsigned_payload {
        Payload::Unsigned
    } else {
        Payload::Bytes(body)
    }
}

/// The request target as it goes on the wire: a raw `+` in the query
/// becomes `%20`.
///
/// AWS services disagree on a raw `+`: API Gateway (and WHATWG
/// `URLSearchParams`, and botocore's presigner) read it as a space, S3 as a
/// plus. A query without one means the same to all of them, so no request an
/// idiomatic API signs carries one: form serializers (axios' params,
/// `requests`' params, Go's `url.Values`) write a space as `+` and a plus as
/// `%2B`, and this turns their `+` into `%20`; a raw `+` in a URL a user
/// gives is read as a space too. The path is left alone (`+` is a plus
/// there everywhere). The conformance options (a target given as is) are
/// signed byte for byte and never pass through here.
pub fn wire_target(target: &str) -> Cow<'_, str> {
    // Most targets hold no `+` at all: one vectorizable pass says so.
    if !crate::request::any_byte(target.as_bytes(), |b| b == b'+') {
        return Cow::Borrowed(target);
    }
    match target.split_once('?') {
        Some((path, query)) if query.contains('+') => {
            let mut out = String::with_capacity(target.len() + 2 * query.len());
            out.push_str(path);
            out.push('?');
            for piece in query.split('+').enumerate() {
                if piece.0 > 0 {
                    out.push_str("%20");
                }
                out.push_str(piece.1);
            }
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(target),
    }
}

/// The region and service an integration signs a request to `host` for:
/// those the user gave, and the missing ones inferred from the host by
/// [`crate::url::infer_scope`]. A host that is not recognizably AWS (a local
/// gateway, a custom domain) leaves nothing to infer: then the missing one
/// is an error naming it, never a guess such as `execute-api`.
pub fn resolve_scope(
    host: &str,
    region: Option<&str>,
    service: Option<&str>,
) -> Result<Scope, Error> {
    if let (Some(region), Some(service)) = (region, service) {
        return Ok(Scope {
            region: region.to_owned(),
            service: service.to_owned(),
        });
    }
    let inferred = crate::url::infer_scope(host);
    let Some(inferred) = inferred else {
        const REASON: &str =
            "not given, and the request's host is not an AWS host it could be inferred from";
        return Err(if region.is_none() {
            Error::InvalidRegion { reason: REASON }
        } else {
            Error::InvalidService { reason: REASON }
        });
    };
    Ok(Scope {
        region: region.map_or(inferred.region, str::to_owned),
        service: service.map_or(inferred.service, str::to_owned),
    })
}

/// The names of the credential sources a profile can name, as every
/// binding reports them.
pub const CREDENTIAL_SOURCE_NAMES: [&str; 6] = [
    "static",
    "assume_role",
    "web_identity",
    "process",
    "sso",
    "none",
];

/// The name of a profile's credential source (one of
/// [`CREDENTIAL_SOURCE_NAMES`]).
pub fn credential_source_name(source: &CredentialSource) -> &'static str {
    match source {
        CredentialSource::Static => "static",
        CredentialSource::AssumeRole { .. } => "assume_role",
        CredentialSource::WebIdentity { .. } => "web_identity",
        CredentialSource::Process { .. } => "process",
        CredentialSource::Sso => "sso",
        _ => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningSettings;

    #[test]
    fn the_s3_family_has_its_own_defaults() {
        for service in S3_SERVICES {
            let d = ServiceDefaults::for_service(service);
            assert_eq!(
                d.path_rules,
                PathRules {
                    double_encode: false,
                    normalize: false
                },
                "{service}"
            );
            assert!(
                d.content_sha256_header && d.presign_unsigned_payload,
                "{service}"
            );
            let s = SigningSettings::new("us-east-1", service);
            assert_eq!(s.path_rules, PathRules::S3);
            assert!(s.content_sha256_header);
        }
        for service in ["execute-api", "lambda", "s3x", "S3", "sts"] {
            let d = ServiceDefaults::for_service(service);
            assert_eq!(
                d.path_rules,
                PathRules {
                    double_encode: true,
                    normalize: true
                },
                "{service}"
            );
            assert!(!d.content_sha256_header && !d.presign_unsigned_payload);
        }
    }

    #[test]
    fn presigned_s3_urls_sign_unsigned_payload() {
        assert_eq!(default_payload("s3", true, b"x"), Payload::Unsigned);
        assert_eq!(default_payload("s3", false, b"x"), Payload::Bytes(b"x"));
        assert_eq!(
            default_payload("execute-api", true, b""),
            Payload::Bytes(b"")
        );
    }

    #[test]
    fn no_raw_plus_leaves_in_a_query() {
        assert_eq!(wire_target("/a+b?q=a+b%2Bc+"), "/a+b?q=a%20b%2Bc%20");
        assert_eq!(wire_target("/?q=a%20b"), "/?q=a%20b");
        assert!(matches!(wire_target("/x+y?q=1"), Cow::Borrowed(_)));
        assert!(matches!(wire_target("/x+y"), Cow::Borrowed(_)));
        assert_eq!(wire_target("/?+=+&a"), "/?%20=%20&a");
    }

    #[test]
    fn repeated_headers_join_as_the_canonical_request_does() {
        assert_eq!(join_header_values(["a", "b ", " c"]), "a,b , c");
        assert_eq!(join_header_values(["a"]), "a");
        assert!(is_signer_header("X-Amz-Content-Sha256") && !is_signer_header("host"));
    }

    #[test]
    fn the_scope_comes_from_the_user_then_the_host() {
        let s = resolve_scope("abc.execute-api.eu-west-1.amazonaws.com", None, None).unwrap();
        assert_eq!((&*s.region, &*s.service), ("eu-west-1", "execute-api"));
        let s = resolve_scope("bucket.s3.amazonaws.com", Some("eu-west-2"), None).unwrap();
        assert_eq!((&*s.region, &*s.service), ("eu-west-2", "s3"));
        let s = resolve_scope("127.0.0.1:8080", Some("us-east-1"), Some("execute-api")).unwrap();
        assert_eq!(&*s.service, "execute-api");
        let err = resolve_scope("127.0.0.1:8080", Some("us-east-1"), None).unwrap_err();
        assert_eq!(err.code(), "invalid_service");
        let err = resolve_scope("example.com", None, Some("execute-api")).unwrap_err();
        assert_eq!(err.code(), "invalid_region");
    }

    #[test]
    fn every_credential_source_has_one_of_the_names() {
        let sources = [
            CredentialSource::Static,
            CredentialSource::AssumeRole {
                role_arn: String::new(),
                source_profile: None,
                credential_source: None,
            },
            CredentialSource::WebIdentity {
                role_arn: String::new(),
                token_file: String::new(),
            },
            CredentialSource::Process {
                command: String::new(),
            },
            CredentialSource::Sso,
            CredentialSource::None,
        ];
        let names: Vec<&str> = sources.iter().map(credential_source_name).collect();
        assert_eq!(names, CREDENTIAL_SOURCE_NAMES);
    }
}
