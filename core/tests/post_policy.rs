//! POST policies: one signed by botocore 1.44.5's `generate_presigned_post`
//! (the expected bytes below were printed by botocore for these inputs, at
//! 2015-12-29T00:00:00Z), and the verifier's refusals.

use sigv4kit::post_policy::verify::{parse_post, PostCheck, PostVerifyError};
use sigv4kit::post_policy::{presign_post, Condition, PostPolicy, PresignedPost};
use sigv4kit::{Credentials, SigningTime};

const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn t(s: &str) -> SigningTime {
    SigningTime::parse_rfc3339(s).unwrap()
}

fn policy() -> PostPolicy {
    PostPolicy::new("examplebucket", "user/eric/${filename}")
        .field("acl", "public-read")
        .field("x-amz-meta-ü", "café")
        .condition(Condition::Exact {
            field: "acl".into(),
            value: "public-read".into(),
        })
        .condition(Condition::StartsWith {
            field: "Content-Type".into(),
            prefix: "image/".into(),
        })
        .condition(Condition::ContentLengthRange {
            min: 1,
            max: 10_485_760,
        })
        .condition(Condition::Eq {
            field: "x-amz-meta-ü".into(),
            value: "café".into(),
        })
}

fn signed() -> PresignedPost {
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    presign_post(&policy(), &creds, "us-east-1", t("2015-12-29T00:00:00Z")).unwrap()
}

#[test]
fn equals_botocore_byte_for_byte() {
    let post = signed();
    assert_eq!(post.url(), "https://examplebucket.s3.amazonaws.com/");
    assert_eq!(
        post.policy_json(),
        r#"{"expiration": "2015-12-29T01:00:00Z", "conditions": [{"acl": "public-read"}, ["starts-with", "$Content-Type", "image/"], ["content-length-range", 1, 10485760], ["eq", "$x-amz-meta-\u00fc", "caf\u00e9"], {"bucket": "examplebucket"}, ["starts-with", "$key", "user/eric/"], {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"}, {"x-amz-date": "20151229T000000Z"}]}"#
    );
    let names: Vec<&str> = post.fields().iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "acl",
            "x-amz-meta-ü",
            "key",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "policy",
            "x-amz-signature"
        ]
    );
    assert_eq!(
        post.signature(),
        "5d5bca43a3912f3bb0466a584561804bea8baea8a41b57017a14b05f773ac00e"
    );
}

fn form(post: &PresignedPost, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = post.fields().to_vec();
    for (n, v) in extra {
        fields.push(((*n).into(), (*v).into()));
    }
    fields
}

fn check(fields: &[(String, String)], size: u64, now: &str) -> Result<String, PostVerifyError> {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let presented = parse_post(&pairs)?;
    assert_eq!(presented.access_key_id(), AKID);
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    let check = PostCheck::new("examplebucket", size, t(now))
        .filename(Some("photo.jpg"))
        .region(Some("us-east-1"));
    presented.verify(&creds, &check).map(|v| v.key().to_owned())
}

const NOW: &str = "2015-12-29T00:30:00Z";

#[test]
fn accepts_what_it_signed() {
    let fields = form(
        &signed(),
        &[("Content-Type", "image/jpeg"), ("x-ignore-note", "any")],
    );
    assert_eq!(check(&fields, 100, NOW).unwrap(), "user/eric/photo.jpg");
}

#[test]
fn refuses_as_s3_does() {
    let post = signed();
    let code = |fields: Vec<(String, String)>, size: u64, now: &str| {
        check(&fields, size, now).unwrap_err().code()
    };
    let ok = form(&post, &[("Content-Type", "image/png")]);
    assert_eq!(
        code(ok.clone(), 100, "2015-12-29T01:00:01Z"),
        "policy_expired"
    );
    assert_eq!(code(ok.clone(), 0, NOW), "entity_too_small");
    assert_eq!(code(ok.clone(), 10_485_761, NOW), "entity_too_large");
    assert_eq!(
        code(form(&post, &[("Content-Type", "text/html")]), 1, NOW),
        "condition_failed"
    );
    assert_eq!(
        code(
            form(
                &post,
                &[("Content-Type", "image/png"), ("x-amz-meta-x", "1")]
            ),
            1,
            NOW
        ),
        "field_not_in_policy"
    );
    let mut tampered = ok.clone();
    for (n, v) in tampered.iter_mut() {
        if n == "policy" {
            v.replace_range(10..11, if &v[10..11] == "A" { "B" } else { "A" });
        }
    }
    assert_eq!(code(tampered, 1, NOW), "signature_mismatch");
    let mut acl = ok.clone();
    acl[0].1 = "private".into();
    assert_eq!(code(acl, 1, NOW), "condition_failed");
    let mut twice = ok.clone();
    twice.push(("ACL".into(), "x".into()));
    assert_eq!(code(twice, 1, NOW), "malformed_post");
    let unsigned: Vec<(String, String)> = vec![("key".into(), "a".into())];
    assert_eq!(code(unsigned, 1, NOW), "missing_authentication");
    let pairs: Vec<(&str, &str)> = ok.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let creds = Credentials::new(AKID, SECRET, Some("token".into())).unwrap();
    let presented = parse_post(&pairs).unwrap();
    let at = PostCheck::new("examplebucket", 1, t(NOW));
    assert_eq!(
        presented.verify(&creds, &at).unwrap_err().code(),
        "invalid_session_token"
    );
    let wrong = PostCheck::new("otherbucket", 1, t(NOW));
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    assert_eq!(
        presented.verify(&creds, &wrong).unwrap_err().code(),
        "condition_failed"
    );
    let region = PostCheck::new("examplebucket", 1, t(NOW)).region(Some("eu-west-1"));
    assert_eq!(
        presented.verify(&creds, &region).unwrap_err().code(),
        "wrong_scope"
    );
}

#[test]
fn session_token_is_signed_and_checked_but_never_shown() {
    let creds = Credentials::new(AKID, SECRET, Some("SECRET-TOKEN".into())).unwrap();
    let post = presign_post(&policy(), &creds, "us-east-1", t("2015-12-29T00:00:00Z")).unwrap();
    assert_eq!(post.field("x-amz-security-token"), Some("SECRET-TOKEN"));
    assert!(post
        .policy_json()
        .contains(r#"{"x-amz-security-token": "SECRET-TOKEN"}]}"#));
    assert!(!format!("{post:?}").contains("SECRET-TOKEN"));
    let fields = form(&post, &[("Content-Type", "image/png")]);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let presented = parse_post(&pairs).unwrap();
    assert!(!format!("{presented:?}").contains("SECRET-TOKEN"));
    let at = PostCheck::new("examplebucket", 5, t(NOW)).filename(Some("a.png"));
    assert_eq!(
        presented.verify(&creds, &at).unwrap().key(),
        "user/eric/a.png"
    );
    let expired = creds.clone().with_expiration(Some(t(NOW).unix()));
    assert_eq!(
        presented.verify(&expired, &at).unwrap_err().code(),
        "expired_credentials"
    );
}

#[test]
fn refuses_bad_input_naming_the_field() {
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    let at = t("2015-12-29T00:00:00Z");
    let err = |p: PostPolicy| {
        let e = presign_post(&p, &creds, "us-east-1", at).unwrap_err();
        (e.code(), e.field().to_owned())
    };
    let base = || PostPolicy::new("b-1", "k");
    assert_eq!(
        err(PostPolicy::new("b-1", "a/${filename}/b")),
        ("invalid_key", "key".into())
    );
    assert_eq!(
        err(PostPolicy::new("", "k")),
        ("invalid_bucket", "bucket".into())
    );
    assert_eq!(
        err(PostPolicy::new("b/1", "k")),
        ("invalid_bucket", "bucket".into())
    );
    assert_eq!(
        err(base().expires_in(0)),
        ("invalid_expiry", "expires_in".into())
    );
    assert_eq!(
        err(base().expires_in(604_801)),
        ("invalid_expiry", "expires_in".into())
    );
    assert_eq!(
        err(base().condition(Condition::ContentLengthRange { min: 5, max: 1 })),
        ("invalid_condition", "conditions[0]".into())
    );
    assert_eq!(
        err(base().condition(Condition::Exact {
            field: "bucket".into(),
            value: "x".into()
        })),
        ("invalid_condition", "conditions[0]".into())
    );
    assert_eq!(
        err(base().condition(Condition::Eq {
            field: "x-amz-date".into(),
            value: "x".into()
        })),
        ("invalid_condition", "conditions[0]".into())
    );
    assert_eq!(
        err(base().field("acl", "private")),
        ("invalid_field", "fields.acl".into())
    );
    assert_eq!(
        err(base().field("policy", "x")),
        ("invalid_field", "fields.policy".into())
    );
    assert_eq!(
        err(base()
            .field("acl", "a\nb")
            .condition(Condition::StartsWith {
                field: "acl".into(),
                prefix: "".into()
            })),
        ("invalid_field", "fields.acl".into())
    );
    assert_eq!(
        err(base().endpoint("ftp://x")),
        ("invalid_endpoint", "endpoint".into())
    );
    let e = presign_post(&base(), &creds, "", at).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_region", "region"));
    // A starts-with on the key is allowed beside the signer's own.
    let ok = base().condition(Condition::StartsWith {
        field: "key".into(),
        prefix: "".into(),
    });
    assert!(presign_post(&ok, &creds, "us-east-1", at).is_ok());
}

#[test]
fn urls_follow_botocore() {
    let creds = Credentials::new(AKID, SECRET, None).unwrap();
    let at = t("2015-12-29T00:00:00Z");
    let url = |p: PostPolicy, region| {
        presign_post(&p, &creds, region, at)
            .unwrap()
            .url()
            .to_owned()
    };
    assert_eq!(
        url(PostPolicy::new("my.bucket", "k"), "us-east-1"),
        "https://s3.amazonaws.com/my.bucket"
    );
    assert_eq!(
        url(
            PostPolicy::new("b", "k").endpoint("http://127.0.0.1:9000/"),
            "us-east-1"
        ),
        "http://127.0.0.1:9000/b"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Field values and prefixes: any text without control characters,
    /// non-ASCII and JSON's special characters included.
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zA-Z0-9 \"\\\\/${}<>&é€😀-]{0,12}").unwrap()
    }

    fn name() -> impl Strategy<Value = String> {
        proptest::string::string_regex("x-amz-meta-[a-z0-9]{1,6}").unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// What presigning makes, the verifier accepts (the file within its
        /// range); one changed byte in any field but an exempt one, or one
        /// byte more in the file, is refused.
        #[test]
        fn signed_forms_verify_and_any_change_is_refused(
            key in "[a-z0-9/]{1,10}",
            filename_key in any::<bool>(),
            metas in prop::collection::btree_map(name(), text(), 0..4),
            max in 1u64..100,
            token in prop::option::of("[A-Za-z0-9/+=]{8,20}"),
            at in 0i64..2_000_000_000,
        ) {
            let key = if filename_key { format!("{key}${{filename}}") } else { key };
            let mut policy = PostPolicy::new("bucket-1", key).condition(Condition::ContentLengthRange { min: 0, max });
            for (i, (n, v)) in metas.iter().enumerate() {
                policy = policy.field(n, v).condition(if i % 2 == 0 {
                    Condition::Exact { field: n.clone(), value: v.clone() }
                } else {
                    Condition::StartsWith { field: n.clone(), prefix: v.chars().take(2).collect() }
                });
            }
            let creds = Credentials::new(AKID, SECRET, token).unwrap();
            let time = SigningTime::from_unix(at).unwrap();
            let post = presign_post(&policy, &creds, "eu-west-1", time).unwrap();
            let fields = post.fields().to_vec();
            let verdict = |fields: &[(String, String)], size: u64| {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                parse_post(&pairs).and_then(|p| {
                    p.verify(&creds, &PostCheck::new("bucket-1", size, time).filename(Some("f.txt")).region(Some("eu-west-1")))
                })
            };
            prop_assert!(verdict(&fields, max).is_ok(), "{:?}", verdict(&fields, max));
            prop_assert_eq!(verdict(&fields, max + 1).unwrap_err().code(), "entity_too_large");
            // A '#' in front of a value: no prefix in these policies starts
            // with one, so only a starts-with "" condition lets it through.
            let free: Vec<&String> = metas
                .iter()
                .enumerate()
                .filter(|(i, (_, v))| i % 2 == 1 && v.is_empty())
                .map(|(_, (n, _))| n)
                .collect();
            for i in 0..fields.len() {
                let mut changed = fields.clone();
                changed[i].1.insert(0, '#');
                let accepted = verdict(&changed, max).is_ok();
                prop_assert_eq!(accepted, free.contains(&&fields[i].0), "changing {}", &fields[i].0);
            }
        }

        /// Any form, any policy text: a verdict, never a panic.
        #[test]
        fn arbitrary_forms_get_a_verdict(
            fields in prop::collection::vec(("[a-zA-Z-]{0,20}", ".{0,40}"), 0..10),
            policy in ".{0,200}",
        ) {
            let mut fields = fields;
            fields.push(("policy".into(), policy));
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let creds = Credentials::new(AKID, SECRET, None).unwrap();
            if let Ok(p) = parse_post(&pairs) {
                let _ = p.verify(&creds, &PostCheck::new("b", 1, t(NOW)));
            }
        }
    }
}
