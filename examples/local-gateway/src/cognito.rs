//! The two unauthenticated calls of Amazon Cognito identity pools that a
//! browser or mobile app makes before it can sign anything: `GetId` and
//! `GetCredentialsForIdentity` (JSON 1.1 protocol, `X-Amz-Target:
//! AWSCognitoIdentityService.*`, no signature). With them, the AWS SDKs'
//! Cognito credential providers work against the gateway unchanged; the
//! simpler `POST /identity-pool/credentials` does both steps in one.

use serde_json::{json, Value};

use crate::config::Config;
use crate::identity::IdentityStore;
use crate::sts::uuid_like;

/// The `X-Amz-Target` prefix of Cognito identity calls.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

/// The content type of the JSON 1.1 protocol.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// A Cognito answer: status, JSON body, and the error type for errors.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The JSON document.
    pub body: Value,
    /// `__type` of an error, also sent as `x-amzn-ErrorType`.
    pub error_type: Option<&'static str>,
}

fn error(status: u16, error_type: &'static str, message: String) -> Reply {
    Reply {
        status,
        body: json!({ "__type": error_type, "message": message }),
        error_type: Some(error_type),
    }
}

/// Credentials of the pool's role, in Cognito's shape (`Expiration` in
/// epoch seconds, the secret under `SecretKey`).
pub fn credentials_for(
    config: &Config,
    store: &IdentityStore,
    identity_id: &str,
    now: i64,
) -> Result<Value, String> {
    let pool = config
        .identity_pool
        .as_ref()
        .ok_or("no identity_pool in the config")?;
    let role = config
        .role(&pool.role)
        .ok_or("identity_pool.role is not a configured role")?;
    let issued =
        store.issue_session(role, "CognitoIdentityCredentials", now, pool.duration_secs)?;
    Ok(json!({
        "IdentityId": identity_id,
        "Credentials": {
            "AccessKeyId": issued.identity.credentials.access_key_id(),
            "SecretKey": issued.secret_access_key,
            "SessionToken": issued.session_token,
            "Expiration": issued.expiration,
        },
    }))
}

/// A new identity id in the pool's region.
pub fn new_identity_id(config: &Config) -> String {
    let region = config
        .identity_pool
        .as_ref()
        .and_then(|p| p.id.split_once(':'))
        .map_or("us-east-1", |(r, _)| r);
    format!("{region}:{}", uuid_like())
}

/// Runs one Cognito call named by `X-Amz-Target`.
pub fn handle(
    target: &str,
    body: &[u8],
    config: &Config,
    store: &IdentityStore,
    now: i64,
) -> Reply {
    let Some(pool) = &config.identity_pool else {
        return error(
            400,
            "ResourceNotFoundException",
            "This gateway has no identity_pool configured.".into(),
        );
    };
    let input: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return error(
                400,
                "SerializationException",
                "The request body must be a JSON object.".into(),
            )
        }
    };
    let field = |name: &str| input.get(name).and_then(Value::as_str).map(str::to_string);
    match target.strip_prefix(TARGET_PREFIX) {
        Some("GetId") => match field("IdentityPoolId") {
            Some(id) if id == pool.id => Reply {
                status: 200,
                body: json!({ "IdentityId": new_identity_id(config) }),
                error_type: None,
            },
            Some(id) => error(
                400,
                "ResourceNotFoundException",
                format!("IdentityPool '{}' not found.", printable(&id)),
            ),
            None => error(
                400,
                "InvalidParameterException",
                "1 validation error detected: IdentityPoolId must not be null".into(),
            ),
        },
        Some("GetCredentialsForIdentity") => match field("IdentityId") {
            Some(id)
                if id
                    .split_once(':')
                    .is_some_and(|(r, u)| !r.is_empty() && !u.is_empty())
                    && id.len() <= 55 =>
            {
                match credentials_for(config, store, &id, now) {
                    Ok(body) => Reply {
                        status: 200,
                        body,
                        error_type: None,
                    },
                    Err(reason) => error(500, "InternalErrorException", reason),
                }
            }
            Some(_) => error(
                400,
                "InvalidParameterException",
                "IdentityId must look like REGION:UUID.".into(),
            ),
            None => error(
                400,
                "InvalidParameterException",
                "1 validation error detected: IdentityId must not be null".into(),
            ),
        },
        _ => error(
            400,
            "UnknownOperationException",
            "Only GetId and GetCredentialsForIdentity are implemented.".into(),
        ),
    }
}

/// Quotes caller text in a message without letting it forge log lines.
fn printable(s: &str) -> String {
    s.chars().take(64).flat_map(char::escape_debug).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_id_then_credentials_like_cognito() {
        let mut config = Config::demo();
        let store = IdentityStore::new(std::mem::take(&mut config.identities));
        let pool = config.identity_pool.as_ref().unwrap().id.clone();
        let get_id = format!(r#"{{"IdentityPoolId":"{pool}"}}"#);
        let r = handle(
            "AWSCognitoIdentityService.GetId",
            get_id.as_bytes(),
            &config,
            &store,
            1000,
        );
        assert_eq!(r.status, 200);
        let identity_id = r.body["IdentityId"].as_str().unwrap().to_string();
        assert!(identity_id.starts_with("us-east-1:"));
        let get = format!(r#"{{"IdentityId":"{identity_id}"}}"#);
        let r = handle(
            "AWSCognitoIdentityService.GetCredentialsForIdentity",
            get.as_bytes(),
            &config,
            &store,
            1000,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let akid = r.body["Credentials"]["AccessKeyId"].as_str().unwrap();
        assert!(store.lookup(akid).is_some());
        assert_eq!(r.body["Credentials"]["Expiration"], 1900);

        let r = handle(
            "AWSCognitoIdentityService.GetId",
            br#"{"IdentityPoolId":"us-east-1:other"}"#,
            &config,
            &store,
            0,
        );
        assert_eq!(
            (r.status, r.error_type),
            (400, Some("ResourceNotFoundException"))
        );
        let r = handle(
            "AWSCognitoIdentityService.GetId",
            b"not json",
            &config,
            &store,
            0,
        );
        assert_eq!(r.error_type, Some("SerializationException"));
        let r = handle(
            "AWSCognitoIdentityService.ListIdentities",
            b"{}",
            &config,
            &store,
            0,
        );
        assert_eq!(r.error_type, Some("UnknownOperationException"));
        let r = handle(
            "AWSCognitoIdentityService.GetCredentialsForIdentity",
            br#"{"IdentityId":"x"}"#,
            &config,
            &store,
            0,
        );
        assert_eq!(r.error_type, Some("InvalidParameterException"));
    }
}
