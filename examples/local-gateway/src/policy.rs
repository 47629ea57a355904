//! Resource policy evaluation, the part of IAM that API Gateway applies after
//! the signature checks out.
//!
//! The policy is written in IAM's own JSON structure (or the same structure
//! in TOML) so that a policy copied from a real API works here. What is
//! supported is checked when the config is loaded: an operator or condition
//! key this evaluator does not know is refused then, instead of being
//! silently ignored while requests are served (a policy that is only half
//! understood must fail closed, and loudly).
//!
//! Evaluation follows IAM: a request is allowed when some statement allows
//! it and none denies it; an explicit Deny always wins; nothing matching is
//! an implicit deny.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A string or a list of strings, as IAM lets most fields be.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `"value"`
    One(String),
    /// `["a", "b"]`
    Many(Vec<String>),
}

impl OneOrMany {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let slice: &[String] = match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        };
        slice.iter().map(String::as_str)
    }
}

/// `Principal` / `NotPrincipal`: `"*"` or `{ "AWS": ... }`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum PrincipalSpec {
    /// `"*"`: everyone.
    Star(String),
    /// `{ "AWS": ["arn:...", "111122223333"] }`
    Map(BTreeMap<String, OneOrMany>),
}

/// `Effect`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum Effect {
    /// Grants the access when everything else matches.
    Allow,
    /// Refuses it, whatever any Allow says.
    Deny,
}

/// One statement of a policy.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)] // the field names are IAM's
pub struct Statement {
    /// Optional label, shown nowhere but useful in the config.
    #[serde(default)]
    pub Sid: Option<String>,
    /// Allow or Deny.
    pub Effect: Effect,
    /// Who the statement applies to.
    #[serde(default)]
    pub Principal: Option<PrincipalSpec>,
    /// Who it does not apply to.
    #[serde(default)]
    pub NotPrincipal: Option<PrincipalSpec>,
    /// `execute-api:Invoke`, `execute-api:*` or `*`.
    #[serde(default)]
    pub Action: Option<OneOrMany>,
    /// Actions the statement does not cover.
    #[serde(default)]
    pub NotAction: Option<OneOrMany>,
    /// Resource ARNs with `*` and `?` wildcards, or the `execute-api:/…`
    /// shorthand API Gateway accepts in resource policies.
    #[serde(default)]
    pub Resource: Option<OneOrMany>,
    /// Resources the statement does not cover.
    #[serde(default)]
    pub NotResource: Option<OneOrMany>,
    /// `{ "StringLike": { "aws:PrincipalArn": "arn:...:role/ci-*" } }`
    #[serde(default)]
    pub Condition: Option<BTreeMap<String, BTreeMap<String, OneOrMany>>>,
}

/// A resource policy document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct Policy {
    /// `2012-10-17`.
    #[serde(default)]
    pub Version: Option<String>,
    /// The statements, in any order (order never matters in IAM).
    pub Statement: Vec<Statement>,
}

/// The caller, as the policy sees it.
#[derive(Clone, Debug)]
pub struct Caller<'a> {
    /// The caller's own ARN: a user ARN, or an assumed-role session ARN
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    pub arn: &'a str,
    /// `aws:PrincipalArn`: the user ARN, or for a role session the role's ARN.
    pub principal_arn: &'a str,
    /// The account the caller belongs to.
    pub account: &'a str,
}

/// What the request asks to do.
#[derive(Clone, Debug)]
pub struct Access<'a> {
    /// Such as `execute-api:Invoke`.
    pub action: &'a str,
    /// The full resource ARN.
    pub resource: &'a str,
}

/// The outcome of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Some statement allows and none denies.
    Allow,
    /// No statement allows.
    ImplicitDeny,
    /// A statement denies.
    ExplicitDeny,
}

/// Condition operators this evaluator implements. The `Not` forms are true
/// when no listed value matches.
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "ArnEquals",
    "ArnNotEquals",
    "ArnLike",
    "ArnNotLike",
];

/// Condition keys this evaluator knows the value of.
const KEYS: &[&str] = &["aws:PrincipalArn", "aws:PrincipalAccount"];

impl Policy {
    /// Refuses what the evaluator does not implement and expands the
    /// `execute-api:/…` resource shorthand against the API's own ARN prefix
    /// (`arn:aws:execute-api:REGION:ACCOUNT:API`).
    pub fn prepare(mut self, api_arn_prefix: &str) -> Result<Policy, String> {
        if self.Statement.is_empty() {
            return Err("policy.Statement: needs at least one statement".into());
        }
        for (i, st) in self.Statement.iter_mut().enumerate() {
            let at = |field: &str| format!("policy.Statement[{i}].{field}");
            if st.Principal.is_some() == st.NotPrincipal.is_some() {
                return Err(format!(
                    "{}: give exactly one of Principal and NotPrincipal",
                    at("Principal")
                ));
            }
            if st.NotPrincipal.is_some() && st.Effect == Effect::Allow {
                return Err(format!(
                    "{}: IAM supports NotPrincipal only with \"Effect\": \"Deny\"",
                    at("NotPrincipal")
                ));
            }
            for spec in [&st.Principal, &st.NotPrincipal].into_iter().flatten() {
                check_principal(spec).map_err(|e| format!("{}: {e}", at("Principal")))?;
            }
            if st.Action.is_some() == st.NotAction.is_some() {
                return Err(format!(
                    "{}: give exactly one of Action and NotAction",
                    at("Action")
                ));
            }
            if st.Resource.is_some() == st.NotResource.is_some() {
                return Err(format!(
                    "{}: give exactly one of Resource and NotResource",
                    at("Resource")
                ));
            }
            for list in [&mut st.Resource, &mut st.NotResource]
                .into_iter()
                .flatten()
            {
                let expanded = list
                    .iter()
                    .map(|r| expand_resource(r, api_arn_prefix))
                    .collect::<Vec<_>>();
                *list = OneOrMany::Many(expanded);
            }
            for (op, keys) in st.Condition.iter().flatten() {
                if !OPERATORS.contains(&op.as_str()) {
                    return Err(format!(
                        "{}: operator {op:?} is not supported (supported: {})",
                        at("Condition"),
                        OPERATORS.join(", ")
                    ));
                }
                for key in keys.keys() {
                    if !KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                        return Err(format!(
                            "{}: key {key:?} is not supported (supported: {})",
                            at("Condition"),
                            KEYS.join(", ")
                        ));
                    }
                }
            }
        }
        Ok(self)
    }

    /// Evaluates the policy for one caller and one access.
    pub fn evaluate(&self, caller: &Caller<'_>, access: &Access<'_>) -> Decision {
        let mut allowed = false;
        for st in &self.Statement {
            if !statement_applies(st, caller, access) {
                continue;
            }
            match st.Effect {
                Effect::Deny => return Decision::ExplicitDeny,
                Effect::Allow => allowed = true,
            }
        }
        if allowed {
            Decision::Allow
        } else {
            Decision::ImplicitDeny
        }
    }
}

fn check_principal(spec: &PrincipalSpec) -> Result<(), String> {
    match spec {
        PrincipalSpec::Star(s) if s == "*" => Ok(()),
        PrincipalSpec::Star(_) => {
            Err("a string principal must be \"*\"; write { AWS = \"arn:...\" }".into())
        }
        PrincipalSpec::Map(map) => {
            for key in map.keys() {
                if key != "AWS" {
                    return Err(format!(
                        "principal type {key:?} is not supported (only \"AWS\")"
                    ));
                }
            }
            Ok(())
        }
    }
}

/// `execute-api:/prod/GET/pets` → `arn:aws:execute-api:REGION:ACCOUNT:API/prod/GET/pets`.
fn expand_resource(resource: &str, api_arn_prefix: &str) -> String {
    match resource.strip_prefix("execute-api:/") {
        Some(rest) => format!("{api_arn_prefix}/{rest}"),
        None => resource.to_string(),
    }
}

fn statement_applies(st: &Statement, caller: &Caller<'_>, access: &Access<'_>) -> bool {
    let principal_ok = match (&st.Principal, &st.NotPrincipal) {
        (Some(p), _) => principal_matches(p, caller),
        (None, Some(np)) => !principal_exempt(np, caller),
        (None, None) => false,
    };
    let action_ok = match (&st.Action, &st.NotAction) {
        (Some(a), _) => a.iter().any(|pat| action_matches(pat, access.action)),
        (None, Some(na)) => !na.iter().any(|pat| action_matches(pat, access.action)),
        (None, None) => false,
    };
    let resource_ok = match (&st.Resource, &st.NotResource) {
        (Some(r), _) => r
            .iter()
            .any(|pat| wildcard_match(pat, access.resource, false)),
        (None, Some(nr)) => !nr
            .iter()
            .any(|pat| wildcard_match(pat, access.resource, false)),
        (None, None) => false,
    };
    principal_ok && action_ok && resource_ok && conditions_hold(st, caller)
}

/// One of the identities a caller has, as a principal entry names it.
#[derive(Clone, Copy)]
enum CallerIdentity<'a> {
    /// The account: `111122223333` or `arn:aws:iam::111122223333:root`.
    Account(&'a str),
    /// An ARN: the user, the role, or the assumed-role session.
    Arn(&'a str),
}

/// Every identity IAM checks a caller as: the account, then the user, or
/// for a session the role and then the session itself.
fn caller_identities<'a>(caller: &Caller<'a>) -> Vec<CallerIdentity<'a>> {
    let mut ids = vec![CallerIdentity::Account(caller.account)];
    if caller.principal_arn != caller.arn {
        ids.push(CallerIdentity::Arn(caller.principal_arn));
    }
    ids.push(CallerIdentity::Arn(caller.arn));
    ids
}

fn entry_names(entry: &str, id: CallerIdentity<'_>) -> bool {
    entry == "*"
        || match id {
            CallerIdentity::Account(account) => {
                entry == account
                    || entry
                        .strip_prefix("arn:aws:iam::")
                        .and_then(|r| r.strip_suffix(":root"))
                        == Some(account)
            }
            CallerIdentity::Arn(arn) => entry == arn,
        }
}

fn entries(spec: &PrincipalSpec) -> Option<impl Iterator<Item = &str>> {
    match spec {
        PrincipalSpec::Star(_) => None,
        PrincipalSpec::Map(map) => Some(map.values().flat_map(OneOrMany::iter)),
    }
}

/// `Principal`: the statement applies when an entry names any one of the
/// caller's identities (`*`, the user or session ARN, the role a session
/// was assumed from, or the account).
fn principal_matches(spec: &PrincipalSpec, caller: &Caller<'_>) -> bool {
    let ids = caller_identities(caller);
    match entries(spec) {
        None => true,
        Some(mut entries) => entries.any(|e| ids.iter().any(|&id| entry_names(e, id))),
    }
}

/// `NotPrincipal`: the caller escapes the statement only when the entries
/// name every one of its identities. IAM checks the account, then the user
/// (or the role, then the session), and a Deny applies as soon as one of
/// them is not excepted: the IAM documentation's example lists both
/// `user/Bob` and the account root so that Bob escapes, and it denies every
/// other user of that account even though their account is listed.
fn principal_exempt(spec: &PrincipalSpec, caller: &Caller<'_>) -> bool {
    match spec {
        PrincipalSpec::Star(_) => true,
        PrincipalSpec::Map(_) => caller_identities(caller)
            .into_iter()
            .all(|id| entries(spec).is_some_and(|mut es| es.any(|e| entry_names(e, id)))),
    }
}

/// Actions compare case-insensitively, with wildcards (`execute-api:*`).
fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(pattern, action, true)
}

fn conditions_hold(st: &Statement, caller: &Caller<'_>) -> bool {
    let Some(conditions) = &st.Condition else {
        return true;
    };
    conditions.iter().all(|(op, keys)| {
        keys.iter().all(|(key, values)| {
            let actual = if key.eq_ignore_ascii_case("aws:PrincipalArn") {
                caller.principal_arn
            } else if key.eq_ignore_ascii_case("aws:PrincipalAccount") {
                caller.account
            } else {
                return false; // refused at load time; fail closed regardless
            };
            let any = |f: &dyn Fn(&str) -> bool| values.iter().any(f);
            match op.as_str() {
                "StringEquals" => any(&|v| v == actual),
                "StringNotEquals" => !any(&|v| v == actual),
                "StringEqualsIgnoreCase" => any(&|v| v.eq_ignore_ascii_case(actual)),
                "StringNotEqualsIgnoreCase" => !any(&|v| v.eq_ignore_ascii_case(actual)),
                "StringLike" => any(&|v| wildcard_match(v, actual, false)),
                "StringNotLike" => !any(&|v| wildcard_match(v, actual, false)),
                // IAM documents ArnEquals and ArnLike as one operator.
                "ArnEquals" | "ArnLike" => any(&|v| arn_like(v, actual)),
                "ArnNotEquals" | "ArnNotLike" => !any(&|v| arn_like(v, actual)),
                _ => false,
            }
        })
    })
}

/// IAM's ARN match (`ArnEquals`, `ArnLike`): both sides are split into
/// their six colon-separated parts (`arn`, partition, service, region,
/// account, resource; the resource keeps any further colons) and each part
/// is globbed on its own, case-sensitively, so a wildcard never crosses a
/// `:`. A value or pattern without all six parts matches nothing.
pub fn arn_like(pattern: &str, value: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let v: Vec<&str> = value.splitn(6, ':').collect();
    p.len() == 6 && v.len() == 6 && p.iter().zip(&v).all(|(p, v)| wildcard_match(p, v, false))
}

/// IAM's glob: `*` matches any run of characters (also none, also `/`), `?`
/// exactly one character. Iterative with one backtrack point, so patterns
/// from a config cannot make matching slow.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && eq(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIX: &str = "arn:aws:execute-api:us-east-1:111122223333:demo";
    const USER: &str = "arn:aws:iam::111122223333:user/demo";
    const ROLE: &str = "arn:aws:iam::111122223333:role/demo-client";
    const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/demo-client/demo";

    fn policy(json: &str) -> Policy {
        serde_json::from_str::<Policy>(json)
            .unwrap()
            .prepare(PREFIX)
            .unwrap()
    }

    fn user(arn: &str) -> Caller<'_> {
        Caller {
            arn,
            principal_arn: arn,
            account: "111122223333",
        }
    }

    fn session() -> Caller<'static> {
        Caller {
            arn: SESSION,
            principal_arn: ROLE,
            account: "111122223333",
        }
    }

    fn invoke(resource: &str) -> Access<'_> {
        Access {
            action: "execute-api:Invoke",
            resource,
        }
    }

    fn res(tail: &str) -> String {
        format!("{PREFIX}/{tail}")
    }

    #[test]
    fn wildcards_follow_iam_globbing() {
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("a*c", "abbbc", false));
        assert!(wildcard_match("a*c", "ac", false));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(wildcard_match(
            "arn:*:role/ci-*",
            "arn:aws:iam::1:role/ci-runner",
            false
        ));
        assert!(!wildcard_match(
            "arn:*:role/ci-*",
            "arn:aws:iam::1:role/cd-runner",
            false
        ));
        assert!(wildcard_match("*/GET/*", "x/prod/GET/a/b", false));
        assert!(!wildcard_match("abc", "abcd", false));
        assert!(!wildcard_match("ABC", "abc", false));
        assert!(wildcard_match(
            "Execute-API:invoke",
            "execute-api:Invoke",
            true
        ));
        // Many stars against a long non-matching text stay linear enough.
        let text = "a".repeat(2000);
        assert!(!wildcard_match("*a*a*a*a*a*a*a*b", &text, false));
    }

    #[test]
    fn allow_needs_a_matching_statement() {
        let p = policy(&format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{USER}"}},"Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/*"}}]}}"#
        ));
        assert_eq!(
            p.evaluate(&user(USER), &invoke(&res("prod/GET/hello"))),
            Decision::Allow
        );
        assert_eq!(
            p.evaluate(&user(USER), &invoke(&res("prod/POST/hello"))),
            Decision::ImplicitDeny
        );
        let other = "arn:aws:iam::111122223333:user/other";
        assert_eq!(
            p.evaluate(&user(other), &invoke(&res("prod/GET/hello"))),
            Decision::ImplicitDeny
        );
        let wrong_action = Access {
            action: "execute-api:ManageConnections",
            resource: &res("prod/GET/x"),
        };
        assert_eq!(
            p.evaluate(&user(USER), &wrong_action),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn explicit_deny_wins_whatever_the_order() {
        for order in [true, false] {
            let allow = r#"{"Effect":"Allow","Principal":"*","Action":"execute-api:*","Resource":"execute-api:/*"}"#.to_string();
            let deny = r#"{"Effect":"Deny","Principal":"*","Action":"*","Resource":"execute-api:/prod/*/denied"}"#;
            let (a, b) = if order {
                (allow.as_str(), deny)
            } else {
                (deny, allow.as_str())
            };
            let p = policy(&format!(r#"{{"Statement":[{a},{b}]}}"#));
            assert_eq!(
                p.evaluate(&user(USER), &invoke(&res("prod/GET/denied"))),
                Decision::ExplicitDeny
            );
            assert_eq!(
                p.evaluate(&user(USER), &invoke(&res("prod/GET/hello"))),
                Decision::Allow
            );
        }
    }

    #[test]
    fn not_principal_exempts_only_a_caller_all_of_whose_identities_are_listed() {
        let deny_admin = |listed: &str| {
            policy(&format!(
                r#"{{"Statement":[
                {{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}},
                {{"Effect":"Deny","NotPrincipal":{{"AWS":[{listed}]}},"Action":"execute-api:Invoke","Resource":"execute-api:/prod/*/admin/*"}}]}}"#
            ))
        };
        let admin = res("prod/GET/admin/x");
        // The role alone (or the role and the account) does not except its
        // sessions: IAM checks the session too.
        for listed in [
            format!("\"{ROLE}\""),
            format!("\"{ROLE}\",\"arn:aws:iam::111122223333:root\""),
            format!("\"{ROLE}\",\"{SESSION}\""),
        ] {
            let p = deny_admin(&listed);
            assert_eq!(
                p.evaluate(&session(), &invoke(&admin)),
                Decision::ExplicitDeny,
                "{listed}"
            );
            assert_eq!(
                p.evaluate(&user(USER), &invoke(&admin)),
                Decision::ExplicitDeny
            );
            assert_eq!(
                p.evaluate(&user(USER), &invoke(&res("prod/GET/public"))),
                Decision::Allow
            );
        }
        // Account, role and session: that session is excepted, no other.
        let p = deny_admin(&format!("\"{ROLE}\",\"{SESSION}\",\"111122223333\""));
        assert_eq!(p.evaluate(&session(), &invoke(&admin)), Decision::Allow);
        let other_session = Caller {
            arn: "arn:aws:sts::111122223333:assumed-role/demo-client/other",
            principal_arn: ROLE,
            account: "111122223333",
        };
        assert_eq!(
            p.evaluate(&other_session, &invoke(&admin)),
            Decision::ExplicitDeny
        );
        assert_eq!(
            p.evaluate(&user(USER), &invoke(&admin)),
            Decision::ExplicitDeny
        );
    }

    #[test]
    fn not_principal_follows_the_iam_documentation_example() {
        // IAM's example: Deny everyone but Bob, listing Bob and his account.
        let p = policy(
            r#"{"Statement":[
                {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"},
                {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:root"]},
                 "Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/bobonly"}]}"#,
        );
        let bobonly = res("prod/GET/bobonly");
        assert_eq!(
            p.evaluate(
                &user("arn:aws:iam::111122223333:user/bob"),
                &invoke(&bobonly)
            ),
            Decision::Allow
        );
        for other in [USER, "arn:aws:iam::111122223333:user/alice"] {
            assert_eq!(
                p.evaluate(&user(other), &invoke(&bobonly)),
                Decision::ExplicitDeny,
                "{other}"
            );
        }
        assert_eq!(
            p.evaluate(&session(), &invoke(&bobonly)),
            Decision::ExplicitDeny
        );
        // Bob from another account is not this Bob.
        let stranger = Caller {
            arn: "arn:aws:iam::999999999999:user/bob",
            principal_arn: "arn:aws:iam::999999999999:user/bob",
            account: "999999999999",
        };
        assert_eq!(
            p.evaluate(&stranger, &invoke(&bobonly)),
            Decision::ExplicitDeny
        );
        // Listing Bob without his account denies Bob too, as IAM warns.
        let p = policy(
            r#"{"Statement":[
                {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"},
                {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/bob"},
                 "Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/bobonly"}]}"#,
        );
        assert_eq!(
            p.evaluate(
                &user("arn:aws:iam::111122223333:user/bob"),
                &invoke(&bobonly)
            ),
            Decision::ExplicitDeny
        );
    }

    #[test]
    fn principals_match_by_arn_role_and_account() {
        let by_role = policy(&format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{ROLE}"}},"Action":"*","Resource":"*"}}]}}"#
        ));
        assert_eq!(
            by_role.evaluate(&session(), &invoke(&res("prod/GET/a"))),
            Decision::Allow
        );
        assert_eq!(
            by_role.evaluate(&user(USER), &invoke(&res("prod/GET/a"))),
            Decision::ImplicitDeny
        );
        let by_session = policy(&format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{SESSION}"}},"Action":"*","Resource":"*"}}]}}"#
        ));
        assert_eq!(
            by_session.evaluate(&session(), &invoke(&res("prod/GET/a"))),
            Decision::Allow
        );
        for account in ["111122223333", "arn:aws:iam::111122223333:root"] {
            let p = policy(&format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{account}"}},"Action":"*","Resource":"*"}}]}}"#
            ));
            assert_eq!(
                p.evaluate(&user(USER), &invoke(&res("prod/GET/a"))),
                Decision::Allow
            );
            let stranger = Caller {
                arn: "arn:aws:iam::999999999999:user/x",
                principal_arn: "x",
                account: "999999999999",
            };
            assert_eq!(
                p.evaluate(&stranger, &invoke(&res("prod/GET/a"))),
                Decision::ImplicitDeny
            );
        }
    }

    #[test]
    fn string_like_and_string_equals_conditions_on_principal_arn() {
        let p = policy(
            r#"{"Statement":[
                {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*",
                 "Condition":{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/demo-*","arn:aws:iam::111122223333:user/ci-?"]}}},
                {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/DELETE/*",
                 "Condition":{"StringNotEquals":{"aws:principalarn":"arn:aws:iam::111122223333:user/admin"}}}]}"#,
        );
        assert_eq!(
            p.evaluate(&session(), &invoke(&res("prod/GET/a"))),
            Decision::Allow
        );
        assert_eq!(
            p.evaluate(
                &user("arn:aws:iam::111122223333:user/ci-1"),
                &invoke(&res("prod/GET/a"))
            ),
            Decision::Allow
        );
        assert_eq!(
            p.evaluate(
                &user("arn:aws:iam::111122223333:user/ci-12"),
                &invoke(&res("prod/GET/a"))
            ),
            Decision::ImplicitDeny
        );
        assert_eq!(
            p.evaluate(&user(USER), &invoke(&res("prod/GET/a"))),
            Decision::ImplicitDeny
        );
        assert_eq!(
            p.evaluate(&session(), &invoke(&res("prod/DELETE/a"))),
            Decision::ExplicitDeny
        );

        let eq = policy(&format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
                "Condition":{{"StringEquals":{{"aws:PrincipalArn":"{USER}"}}}}}}]}}"#
        ));
        assert_eq!(
            eq.evaluate(&user(USER), &invoke(&res("prod/GET/a"))),
            Decision::Allow
        );
        assert_eq!(
            eq.evaluate(&session(), &invoke(&res("prod/GET/a"))),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn arn_like_globs_each_part_and_never_crosses_a_colon() {
        assert!(arn_like("arn:aws:iam::*:role/demo-*", ROLE));
        assert!(arn_like("arn:aws:iam::111122223333:role/*", ROLE));
        assert!(arn_like("arn:*:iam::*:*", USER));
        assert!(arn_like(ROLE, ROLE));
        assert!(arn_like(
            "arn:aws:sts::111122223333:assumed-role/demo-client/*",
            SESSION
        ));
        // StringLike lets `*` eat the colons; ArnLike does not.
        assert!(wildcard_match("arn:aws:*demo-client", ROLE, false));
        assert!(!arn_like("arn:aws:*demo-client", ROLE));
        assert!(!arn_like("arn:*:role/demo-client", ROLE));
        assert!(!arn_like("*", ROLE));
        assert!(!arn_like("arn:aws:iam::*:role/demo-*", SESSION));
        // Case-sensitive, and a value that is no ARN never matches.
        assert!(!arn_like("arn:aws:iam::*:ROLE/demo-*", ROLE));
        assert!(!arn_like("arn:aws:iam::*:*", "not-an-arn"));
        // A resource part keeps its colons.
        assert!(arn_like("arn:aws:x:r:1:a:b:*", "arn:aws:x:r:1:a:b:c"));

        let p = policy(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
                "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:*demo-client"}}}]}"#,
        );
        assert_eq!(
            p.evaluate(&session(), &invoke(&res("prod/GET/a"))),
            Decision::ImplicitDeny
        );
        for op in ["ArnLike", "ArnEquals"] {
            let p = policy(&format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
                    "Condition":{{"{op}":{{"aws:PrincipalArn":"arn:aws:iam::*:role/demo-*"}}}}}}]}}"#
            ));
            assert_eq!(
                p.evaluate(&session(), &invoke(&res("prod/GET/a"))),
                Decision::Allow,
                "{op}"
            );
            assert_eq!(
                p.evaluate(&user(USER), &invoke(&res("prod/GET/a"))),
                Decision::ImplicitDeny,
                "{op}"
            );
        }
        let deny = policy(&format!(
            r#"{{"Statement":[
                {{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}},
                {{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*",
                  "Condition":{{"ArnNotLike":{{"aws:PrincipalArn":["{ROLE}","arn:aws:iam::111122223333:user/ci-?"]}}}}}}]}}"#
        ));
        assert_eq!(
            deny.evaluate(&session(), &invoke(&res("prod/GET/a"))),
            Decision::Allow
        );
        assert_eq!(
            deny.evaluate(
                &user("arn:aws:iam::111122223333:user/ci-1"),
                &invoke(&res("prod/GET/a"))
            ),
            Decision::Allow
        );
        assert_eq!(
            deny.evaluate(&user(USER), &invoke(&res("prod/GET/a"))),
            Decision::ExplicitDeny
        );
    }

    #[test]
    fn resource_wildcards_and_not_resource() {
        let p = policy(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*",
                "NotResource":"arn:aws:execute-api:us-east-1:111122223333:demo/prod/*/private/*"}]}"#,
        );
        assert_eq!(
            p.evaluate(&user(USER), &invoke(&res("prod/GET/public/x"))),
            Decision::Allow
        );
        assert_eq!(
            p.evaluate(&user(USER), &invoke(&res("prod/GET/private/x"))),
            Decision::ImplicitDeny
        );
        let q = policy(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"execute-api:/prod/GET/item/???"}]}"#,
        );
        assert_eq!(
            q.evaluate(&user(USER), &invoke(&res("prod/GET/item/abc"))),
            Decision::Allow
        );
        assert_eq!(
            q.evaluate(&user(USER), &invoke(&res("prod/GET/item/abcd"))),
            Decision::ImplicitDeny
        );
    }

    /// IAM's documented evaluation logic ("Policy evaluation logic" in the
    /// IAM User Guide), with the shapes of the documentation's own
    /// examples for each element, written for `execute-api`.
    #[test]
    fn evaluation_follows_the_iam_documentation() {
        use Decision::*;
        let alice = "arn:aws:iam::111122223333:user/alice";
        let get = |tail: &str| res(&format!("prod/GET/{tail}"));
        let cases: Vec<(&str, String, Caller<'_>, String, Decision)> = vec![
            // Nothing applies: the default is an implicit deny.
            (
                "implicit deny",
                r#"{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/POST/*"}"#.into(),
                user(USER),
                get("a"),
                ImplicitDeny,
            ),
            // An Allow overrides the default...
            (
                "allow",
                r#"{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/*"}"#.into(),
                user(USER),
                get("a"),
                Allow,
            ),
            // ...and an explicit Deny overrides any Allow.
            (
                "deny beats allow",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
                   {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/a"}"#.into(),
                user(USER),
                get("a"),
                ExplicitDeny,
            ),
            // NotAction with Allow: everything but the listed actions.
            (
                "NotAction allow",
                r#"{"Effect":"Allow","Principal":"*","NotAction":"execute-api:ManageConnections","Resource":"*"}"#.into(),
                user(USER),
                get("a"),
                Allow,
            ),
            (
                "NotAction allow does not cover the listed action",
                r#"{"Effect":"Allow","Principal":"*","NotAction":"execute-api:Invoke","Resource":"*"}"#.into(),
                user(USER),
                get("a"),
                ImplicitDeny,
            ),
            // NotAction with Deny: deny everything except the listed action.
            (
                "NotAction deny spares the listed action",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
                   {"Effect":"Deny","Principal":"*","NotAction":"execute-api:Invoke","Resource":"*"}"#.into(),
                user(USER),
                get("a"),
                Allow,
            ),
            // NotResource with Deny: everything but the listed resource.
            (
                "NotResource deny elsewhere",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
                   {"Effect":"Deny","Principal":"*","Action":"*","NotResource":"execute-api:/prod/GET/public/*"}"#.into(),
                user(USER),
                get("private"),
                ExplicitDeny,
            ),
            (
                "NotResource deny spares the listed resource",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
                   {"Effect":"Deny","Principal":"*","Action":"*","NotResource":"execute-api:/prod/GET/public/*"}"#.into(),
                user(USER),
                get("public/x"),
                Allow,
            ),
            // Principal: the account grants to its principals.
            (
                "account principal",
                r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*","Resource":"*"}"#.into(),
                user(alice),
                get("a"),
                Allow,
            ),
            (
                "user principal, other user",
                format!(r#"{{"Effect":"Allow","Principal":{{"AWS":"{USER}"}},"Action":"*","Resource":"*"}}"#),
                user(alice),
                get("a"),
                ImplicitDeny,
            ),
            // aws:PrincipalArn is the role's ARN for a role session, so
            // StringEquals and ArnEquals on the role match its sessions...
            (
                "StringEquals on aws:PrincipalArn",
                format!(r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalArn":"{ROLE}"}}}}}}"#),
                session(),
                get("a"),
                Allow,
            ),
            (
                "ArnEquals on aws:PrincipalArn",
                format!(r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{"ArnEquals":{{"aws:PrincipalArn":"{ROLE}"}}}}}}"#),
                session(),
                get("a"),
                Allow,
            ),
            // ...and never the session ARN.
            (
                "StringEquals on the session ARN",
                format!(r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalArn":"{SESSION}"}}}}}}"#),
                session(),
                get("a"),
                ImplicitDeny,
            ),
            // StringLike's `*` crosses ':'; ArnLike's does not.
            (
                "StringLike across parts",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*demo-client"}}}"#.into(),
                session(),
                get("a"),
                Allow,
            ),
            (
                "ArnLike within parts only",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*demo-client"}}}"#.into(),
                session(),
                get("a"),
                ImplicitDeny,
            ),
            (
                "ArnLike with a wildcard account and role path",
                r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/demo-*"}}}"#.into(),
                session(),
                get("a"),
                Allow,
            ),
            // Every condition must hold (AND), any value may match (OR).
            (
                "conditions are ANDed, values ORed",
                format!(r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{
                    "StringLike":{{"aws:PrincipalArn":["arn:aws:iam::*:user/nobody","{USER}"]}},
                    "StringEquals":{{"aws:PrincipalAccount":"999999999999"}}}}}}"#),
                user(USER),
                get("a"),
                ImplicitDeny,
            ),
        ];
        for (name, statements, caller, resource, want) in cases {
            let p = policy(&format!(
                r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
            ));
            assert_eq!(p.evaluate(&caller, &invoke(&resource)), want, "{name}");
        }
    }

    #[test]
    fn unsupported_policies_are_refused_with_the_field_named() {
        let err = |json: &str| {
            serde_json::from_str::<Policy>(json)
                .unwrap()
                .prepare(PREFIX)
                .unwrap_err()
        };
        let e = err(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4"}}}]}"#,
        );
        assert!(
            e.contains("Statement[0].Condition") && e.contains("IpAddress"),
            "{e}"
        );
        let e = err(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"v"}}}]}"#,
        );
        assert!(e.contains("aws:SourceVpc"), "{e}");
        let e = err(
            r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
        );
        assert!(
            e.contains("Statement[0].NotPrincipal") && e.contains("Deny"),
            "{e}"
        );
        let e = err(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
        assert!(e.contains("Principal"), "{e}");
        let e = err(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"*","Resource":"*"}]}"#,
        );
        assert!(e.contains("Service"), "{e}");
        assert!(serde_json::from_str::<Policy>(
            r#"{"Statement":[{"Effect":"Maybe","Principal":"*"}]}"#
        )
        .is_err());
    }
}
