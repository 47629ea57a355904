//! The small part of AWS STS the demo needs: `AssumeRole` and
//! `GetCallerIdentity` over the Query protocol (form-encoded POST or query
//! string, SigV4 with the service `sts`), answering with STS's XML shapes so
//! that SDKs and our bindings' parsers read them unchanged; and the
//! unauthenticated identity-pool stand-in that hands browser pages
//! credentials of a role, shaped like Cognito's `GetCredentialsForIdentity`.

use crate::config::Config;
use crate::identity::{Identity, IdentityStore, Issued};

/// An answer in the STS XML format.
pub struct StsReply {
    /// HTTP status.
    pub status: u16,
    /// The XML document.
    pub body: String,
    /// STS error code for the access log, when it is an error.
    pub error_code: Option<&'static str>,
}

const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// Decodes `application/x-www-form-urlencoded` (`+` is a space there), the
/// encoding of both STS form bodies and query strings.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && hex_val(bytes[i + 1]).is_some()
                && hex_val(bytes[i + 2]).is_some() =>
            {
                out.push(
                    hex_val(bytes[i + 1]).unwrap_or(0) * 16 + hex_val(bytes[i + 2]).unwrap_or(0),
                );
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Escapes text for an XML element.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `2026-11-22T05:00:00Z` from unix seconds.
pub fn iso8601(unix: i64) -> String {
    let d = sigv4kit::SigningTime::from_unix(unix)
        .map(|t| t.amz_date())
        .unwrap_or(*b"19700101T000000Z");
    let d = String::from_utf8_lossy(&d).into_owned();
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[9..11],
        &d[11..13],
        &d[13..15]
    )
}

/// An STS error document.
pub fn error(status: u16, code: &'static str, message: &str, request_id: &str) -> StsReply {
    let kind = if status >= 500 { "Receiver" } else { "Sender" };
    let body = format!(
        "<ErrorResponse xmlns=\"{XMLNS}\">\n  <Error>\n    <Type>{kind}</Type>\n    <Code>{code}</Code>\n    <Message>{}</Message>\n  </Error>\n  <RequestId>{request_id}</RequestId>\n</ErrorResponse>\n",
        xml_escape(message)
    );
    StsReply {
        status,
        body,
        error_code: Some(code),
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Runs one STS action for an authenticated caller.
pub fn handle(
    params: &[(String, String)],
    caller: &Identity,
    config: &Config,
    store: &IdentityStore,
    now: i64,
    request_id: &str,
) -> StsReply {
    // STS reads one value per parameter; which of two it would take is not
    // documented, so two are refused rather than guessed at.
    let mut seen = std::collections::HashSet::with_capacity(params.len());
    for (name, _) in params {
        if !seen.insert(name.as_str()) {
            return error(
                400,
                "ValidationError",
                &format!("Parameter {name} is given more than once."),
                request_id,
            );
        }
    }
    let Some(action) = param(params, "Action") else {
        return error(400, "MissingAction", "Missing Action", request_id);
    };
    if let Some(version) = param(params, "Version") {
        if version != "2011-06-15" {
            return error(
                400,
                "InvalidAction",
                &format!("Could not find operation {action} for version {version}"),
                request_id,
            );
        }
    }
    match action {
        "AssumeRole" => assume_role(params, caller, config, store, now, request_id),
        "GetCallerIdentity" => StsReply {
            status: 200,
            body: format!(
                "<GetCallerIdentityResponse xmlns=\"{XMLNS}\">\n  <GetCallerIdentityResult>\n    <Arn>{}</Arn>\n    <UserId>{}</UserId>\n    <Account>{}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
                xml_escape(&caller.arn),
                xml_escape(&caller.user_id),
                xml_escape(&caller.account)
            ),
            error_code: None,
        },
        other => error(400, "InvalidAction", &format!("Could not find operation {other} for version 2011-06-15"), request_id),
    }
}

fn valid_session_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

fn assume_role(
    params: &[(String, String)],
    caller: &Identity,
    config: &Config,
    store: &IdentityStore,
    now: i64,
    request_id: &str,
) -> StsReply {
    let Some(role_arn) = param(params, "RoleArn") else {
        return error(400, "ValidationError", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null", request_id);
    };
    let Some(session_name) = param(params, "RoleSessionName") else {
        return error(400, "ValidationError", "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null", request_id);
    };
    if !valid_session_name(session_name) {
        return error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match [\\w+=,.@-]*",
            request_id,
        );
    }
    // Like STS, an unknown role and a role the caller may not assume get the
    // same answer, so the endpoint does not tell which roles exist.
    let denied = || {
        error(
            403,
            "AccessDenied",
            &format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                caller.arn
            ),
            request_id,
        )
    };
    let Some(role) = config.role(role_arn) else {
        return denied();
    };
    if !role
        .trusted
        .iter()
        .any(|t| t == &caller.arn || t == &caller.principal_arn)
    {
        return denied();
    }
    let duration = match param(params, "DurationSeconds") {
        None => 3600.min(role.max_session_duration_secs),
        Some(text) => match text.parse::<u32>() {
            Ok(d) if (900..=role.max_session_duration_secs).contains(&d) => d,
            _ => {
                return error(
                    400,
                    "ValidationError",
                    &format!(
                        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role (900 ..= {}).",
                        role.max_session_duration_secs
                    ),
                    request_id,
                )
            }
        },
    };
    match store.issue_session(role, session_name, now, duration) {
        Ok(issued) => StsReply {
            status: 200,
            body: assume_role_xml(&issued, request_id),
            error_code: None,
        },
        Err(reason) => error(503, "ServiceUnavailable", &reason, request_id),
    }
}

fn assume_role_xml(issued: &Issued, request_id: &str) -> String {
    let id = &issued.identity;
    format!(
        "<AssumeRoleResponse xmlns=\"{XMLNS}\">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n      <AssumedRoleId>{}</AssumedRoleId>\n      <Arn>{}</Arn>\n    </AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>{}</AccessKeyId>\n      <SecretAccessKey>{}</SecretAccessKey>\n      <SessionToken>{}</SessionToken>\n      <Expiration>{}</Expiration>\n    </Credentials>\n  </AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n",
        xml_escape(&id.user_id),
        xml_escape(&id.arn),
        id.credentials.access_key_id(),
        xml_escape(&issued.secret_access_key),
        xml_escape(&issued.session_token),
        iso8601(issued.expiration)
    )
}

/// The identity pool stand-in: credentials of the configured role for
/// anyone, as Cognito's unauthenticated identities get, in one call (Cognito
/// itself takes two, see [`crate::cognito`]). Adds the role and session ARNs
/// so a demo page can show who it is.
pub fn identity_pool_credentials(
    config: &Config,
    store: &IdentityStore,
    now: i64,
) -> Result<serde_json::Value, String> {
    let identity_id = crate::cognito::new_identity_id(config);
    let mut value = crate::cognito::credentials_for(config, store, &identity_id, now)?;
    let akid = value["Credentials"]["AccessKeyId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if let (Some(session), Some(object)) = (store.lookup(&akid), value.as_object_mut()) {
        object.insert("RoleArn".into(), session.principal_arn.clone().into());
        object.insert("AssumedRoleArn".into(), session.arn.clone().into());
    }
    Ok(value)
}

/// A random id in UUID layout (version 4 bits set).
pub fn uuid_like() -> String {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).expect("the operating system's random source works");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = sigv4kit::hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn setup() -> (Config, IdentityStore) {
        let mut config = Config::demo();
        let store = IdentityStore::new(std::mem::take(&mut config.identities));
        (config, store)
    }

    fn params(s: &str) -> Vec<(String, String)> {
        parse_form(s)
    }

    #[test]
    fn forms_decode_plus_and_percent() {
        assert_eq!(
            parse_form("Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx&Name=a+b&Empty=&Bad=%zz"),
            vec![
                ("Action".into(), "AssumeRole".into()),
                ("RoleArn".into(), "arn:aws:iam::1:role/x".into()),
                ("Name".into(), "a b".into()),
                ("Empty".into(), "".into()),
                ("Bad".into(), "%zz".into())
            ]
        );
        assert_eq!(form_decode("%4"), "%4");
    }

    #[test]
    fn assume_role_issues_credentials_in_the_sts_shape() {
        let (config, store) = setup();
        let user = store.lookup("AKIDEXAMPLE").unwrap();
        let p = params("Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::111122223333:role/demo-client&RoleSessionName=demo");
        let reply = handle(&p, &user, &config, &store, 1_800_000_000, "rid");
        assert_eq!(reply.status, 200, "{}", reply.body);
        let tag = |name: &str| {
            let open = format!("<{name}>");
            let start = reply.body.find(&open).unwrap() + open.len();
            let end = reply.body[start..].find('<').unwrap() + start;
            reply.body[start..end].to_string()
        };
        assert!(tag("AccessKeyId").starts_with("ASIA"));
        assert_eq!(tag("Expiration"), "2027-01-15T09:00:00Z");
        assert_eq!(
            tag("Arn"),
            "arn:aws:sts::111122223333:assumed-role/demo-client/demo"
        );
        assert!(tag("AssumedRoleId").ends_with(":demo"));
        let session = store.lookup(&tag("AccessKeyId")).unwrap();
        assert_eq!(
            session.credentials.session_token(),
            Some(tag("SessionToken").as_str())
        );
        assert!(reply.body.starts_with(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        ));
    }

    #[test]
    fn assume_role_refuses_untrusted_callers_unknown_roles_and_bad_input() {
        let (config, store) = setup();
        let user = store.lookup("AKIDEXAMPLE").unwrap();
        let role = config.roles[0].clone();
        let session = store.issue_session(&role, "s1", 0, 900).unwrap().identity;
        let p = params("Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/demo-client&RoleSessionName=again");
        let reply = handle(&p, &session, &config, &store, 0, "rid");
        assert_eq!(
            (reply.status, reply.error_code),
            (403, Some("AccessDenied"))
        );
        assert!(reply.body.contains("User: arn:aws:sts::111122223333:assumed-role/demo-client/s1 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/demo-client"));
        let p = params(
            "Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/nope&RoleSessionName=x1",
        );
        assert_eq!(
            handle(&p, &user, &config, &store, 0, "r").error_code,
            Some("AccessDenied")
        );
        let p = params("Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/demo-client&RoleSessionName=a%20b");
        assert_eq!(
            handle(&p, &user, &config, &store, 0, "r").error_code,
            Some("ValidationError")
        );
        let p = params("Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/demo-client&RoleSessionName=ok&DurationSeconds=99999");
        assert_eq!(
            handle(&p, &user, &config, &store, 0, "r").error_code,
            Some("ValidationError")
        );
        let p = params("Action=AssumeRole&RoleSessionName=ok");
        assert_eq!(
            handle(&p, &user, &config, &store, 0, "r").error_code,
            Some("ValidationError")
        );
        assert_eq!(
            handle(&params("Action=Nope"), &user, &config, &store, 0, "r").error_code,
            Some("InvalidAction")
        );
        assert_eq!(
            handle(&params(""), &user, &config, &store, 0, "r").error_code,
            Some("MissingAction")
        );
    }

    #[test]
    fn get_caller_identity_and_the_identity_pool() {
        let (config, store) = setup();
        let user = store.lookup("AKIDEXAMPLE").unwrap();
        let reply = handle(
            &params("Action=GetCallerIdentity&Version=2011-06-15"),
            &user,
            &config,
            &store,
            0,
            "r",
        );
        assert!(reply
            .body
            .contains("<Arn>arn:aws:iam::111122223333:user/demo</Arn>"));
        assert!(reply.body.contains("<Account>111122223333</Account>"));
        let creds = identity_pool_credentials(&config, &store, 1000).unwrap();
        let akid = creds["Credentials"]["AccessKeyId"].as_str().unwrap();
        assert!(akid.starts_with("ASIA"));
        assert_eq!(creds["Credentials"]["Expiration"], 1900);
        assert_eq!(
            store.lookup(akid).unwrap().principal_arn,
            "arn:aws:iam::111122223333:role/demo-client"
        );
    }

    #[test]
    fn xml_and_times_are_formatted() {
        assert_eq!(xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(iso8601(1_440_938_160), "2015-08-30T12:36:00Z");
        let u = uuid_like();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
