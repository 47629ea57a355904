//! Each source with fixed inputs. Expected values are written out by hand
//! (STS's answer is the AWS documentation's example; SHA-1 file names come
//! from Python's hashlib, unix times from GNU `date -u -d`), never computed
//! by the code under test.

use std::collections::BTreeMap;

use super::*;

const NOW: &str = "2026-12-01T09:00:00Z";
const HOME: &str = "/home/u";

/// STS `AssumeRole` answer, from the AWS STS API reference's example (token
/// shortened).
const STS_OK: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
  <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <Expiration>2026-12-01T10:00:00Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

fn sts_xml(id: &str, secret: &str, token: &str, exp: &str) -> String {
    format!(
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>{id}</AccessKeyId>\
         <SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>\
         <Expiration>{exp}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
    )
}

/// A scripted world: files, HTTP answers by request id, processes.
#[derive(Default)]
struct World {
    env: Vec<(&'static str, String)>,
    files: BTreeMap<String, String>,
    http: BTreeMap<&'static str, HttpAnswer>,
    processes: BTreeMap<String, (i32, String)>,
    mfa: Option<&'static str>,
    options: Options,
    /// Requests made, in order.
    seen: Vec<HttpRequest>,
    argv: Vec<Vec<String>>,
}

impl World {
    fn env(mut self, k: &'static str, v: &str) -> Self {
        self.env.push((k, v.to_owned()));
        self
    }
    fn file(mut self, path: &str, text: &str) -> Self {
        self.files.insert(path.to_owned(), text.to_owned());
        self
    }
    fn answer(mut self, id: &'static str, status: u16, body: &str) -> Self {
        self.http.insert(
            id,
            HttpAnswer::Response {
                status,
                body: body.to_owned(),
            },
        );
        self
    }
    fn unreachable(mut self, id: &'static str) -> Self {
        self.http.insert(id, HttpAnswer::Unreachable);
        self
    }

    fn run(&mut self) -> Result<Resolved, ChainError> {
        let env = self.env.iter().map(|(k, v)| ((*k).to_owned(), v.clone()));
        let options = self.options.clone().with_home(Some(HOME.into()));
        let mut r = Resolver::new(env, options, SigningTime::parse_rfc3339(NOW).unwrap());
        for _ in 0..50 {
            match r.next() {
                Step::ReadFile { path } => {
                    let text = self.files.get(&path).cloned();
                    r.file(&path, text);
                }
                Step::Http(req) => {
                    let answer = self
                        .http
                        .get(req.id())
                        .cloned()
                        .unwrap_or_else(|| panic!("unexpected request {req:?}"));
                    r.http(req.id(), answer);
                    self.seen.push(req);
                }
                Step::Process { id, argv, .. } => {
                    let (code, out) = self
                        .processes
                        .get(&id)
                        .cloned()
                        .expect("unexpected process");
                    self.argv.push(argv);
                    r.process(&id, code, out);
                }
                Step::MfaToken { serial } => r.mfa_token(&serial, self.mfa.expect("no mfa").into()),
                Step::Done(done) => return Ok(done),
                Step::Failed(e) => return Err(e),
            }
        }
        panic!("the resolver did not finish")
    }
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn keys(r: &Resolved) -> (&str, &str, Option<&str>, Option<i64>) {
    let c = &r.credentials;
    (
        c.access_key_id(),
        c.secret_access_key(),
        c.session_token(),
        c.expiration(),
    )
}

const DISABLED: (&str, &str) = ("AWS_EC2_METADATA_DISABLED", "true");

fn world() -> World {
    World::default().env(DISABLED.0, DISABLED.1)
}

#[test]
fn environment_keys_come_first_with_the_region() {
    let mut w = world()
        .env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "secretenv")
        .env("AWS_SESSION_TOKEN", "tokenenv")
        .env("AWS_DEFAULT_REGION", "eu-west-1");
    let r = w.run().unwrap();
    assert_eq!(keys(&r), ("AKIDENV", "secretenv", Some("tokenenv"), None));
    assert_eq!(
        (r.source, r.region.as_deref()),
        ("environment", Some("eu-west-1"))
    );
}

#[test]
fn static_profiles_by_aws_profile_with_the_profile_region() {
    let mut w = world()
        .env("AWS_PROFILE", "dev")
        .file(
            "/home/u/.aws/config",
            "[profile dev]\nregion = ap-south-1\n",
        )
        .file(
            "/home/u/.aws/credentials",
            "[default]\naws_access_key_id=AKIDDEF\naws_secret_access_key=sdef\n\
             [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = sdev\n",
        );
    let r = w.run().unwrap();
    assert_eq!(keys(&r), ("AKIDDEV", "sdev", None, None));
    assert_eq!(
        (r.source, r.region.as_deref()),
        ("shared_credentials_file", Some("ap-south-1"))
    );

    let mut w = world().env("AWS_CONFIG_FILE", "/etc/aws-config").file(
        "/etc/aws-config",
        "[default]\naws_access_key_id=AKIDCFG\naws_secret_access_key=scfg\n",
    );
    let r = w.run().unwrap();
    assert_eq!((keys(&r).0, r.source), ("AKIDCFG", "config_file"));
}

#[test]
fn a_missing_chosen_profile_is_an_error_naming_the_variable() {
    let e = world().env("AWS_PROFILE", "nope").run().unwrap_err();
    assert_eq!((e.source(), e.setting()), ("profile", "AWS_PROFILE"));
    assert!(e.reason().contains("\"nope\""));
}

const ROLE_CONFIG: &str = "\
[profile base]
region = us-west-2
[profile role]
role_arn = arn:aws:iam::123456789012:role/demo
source_profile = base
role_session_name = TestAR
external_id = ext-123
duration_seconds = 1800
[profile hop2]
role_arn = arn:aws:iam::210987654321:role/second
source_profile = role
[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a
[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = sself
[profile env-role]
role_arn = arn:aws:iam::123456789012:role/env
credential_source = Environment
[profile both]
role_arn = arn:aws:iam::123456789012:role/x
credential_source = Environment
source_profile = base
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/mfa
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/alice
";
const BASE_CREDS: &str = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = sbase\n";

fn role_world(profile: &str) -> World {
    world()
        .env("AWS_PROFILE", profile)
        .env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9/")
        .file("/home/u/.aws/config", ROLE_CONFIG)
        .file("/home/u/.aws/credentials", BASE_CREDS)
}

#[test]
fn assume_role_signs_with_the_source_profile() {
    let mut w = role_world("role").answer("sts:AssumeRole:role", 200, STS_OK);
    let r = w.run().unwrap();
    assert_eq!(
        keys(&r),
        (
            "ASIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
            Some("AQoDYXdzEPT//////////wEXAMPLEtc764"),
            Some(1_796_119_200) // 2026-12-01T10:00:00Z (GNU date)
        )
    );
    assert_eq!(r.source, "assume_role");
    let req = &w.seen[0];
    assert_eq!((req.method(), req.url()), ("POST", "http://127.0.0.1:9/"));
    assert_eq!(
        req.body(),
        "Action=AssumeRole&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=TestAR\
         &DurationSeconds=1800&ExternalId=ext-123"
    );
    assert_eq!(header(req, "host"), Some("127.0.0.1:9"));
    assert_eq!(header(req, "x-amz-date"), Some("20261201T090000Z"));
    // No region in the environment or the role's profile: STS signs for us-east-1.
    assert!(header(req, "authorization")
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 Credential=AKIDBASE/20261201/us-east-1/sts/aws4_request"));
}

#[test]
fn a_two_hop_chain_signs_each_hop_with_the_last() {
    let mut w = role_world("hop2")
        .env("AWS_REGION", "eu-central-1")
        .answer(
            "sts:AssumeRole:role",
            200,
            &sts_xml("ASIAHOP1", "shop1", "thop1", "2026-12-01T11:00:00Z"),
        )
        .answer(
            "sts:AssumeRole:hop2",
            200,
            &sts_xml("ASIAHOP2", "shop2", "thop2", "2026-12-01T12:00:00.000Z"),
        );
    let r = w.run().unwrap();
    assert_eq!(
        keys(&r),
        ("ASIAHOP2", "shop2", Some("thop2"), Some(1_796_126_400))
    );
    assert_eq!(r.region.as_deref(), Some("eu-central-1"));
    assert_eq!(w.seen.len(), 2);
    assert!(header(&w.seen[0], "authorization")
        .unwrap()
        .contains("Credential=AKIDBASE/20261201/eu-central-1/sts/"));
    assert!(header(&w.seen[1], "authorization")
        .unwrap()
        .contains("Credential=ASIAHOP1/"));
    assert_eq!(header(&w.seen[1], "x-amz-security-token"), Some("thop1"));
    assert!(w.seen[1]
        .body()
        .contains("RoleSessionName=sigv4kit-session-1796115600"));
}

#[test]
fn cycles_and_contradictions_are_errors_naming_the_setting() {
    let e = role_world("loop-a").run().unwrap_err();
    assert_eq!(
        (e.source(), e.setting()),
        ("assume_role", "profile loop-b: source_profile")
    );
    assert!(e.reason().contains("loop-a -> loop-b -> loop-a"), "{e}");
    let e = role_world("both").run().unwrap_err();
    assert_eq!(
        e.setting(),
        "profile both: source_profile, credential_source"
    );
    let e = role_world("mfa").run().unwrap_err();
    assert_eq!(e.setting(), "profile mfa: mfa_serial");
    assert!(e.reason().contains("MFA"));
}

#[test]
fn a_profile_may_source_its_own_static_keys() {
    let mut w = role_world("self").answer("sts:AssumeRole:self", 200, STS_OK);
    let r = w.run().unwrap();
    assert_eq!(keys(&r).0, "ASIAIOSFODNN7EXAMPLE");
    assert!(header(&w.seen[0], "authorization")
        .unwrap()
        .contains("Credential=AKIDSELF/"));
}

#[test]
fn mfa_codes_come_from_the_caller() {
    let mut w = role_world("mfa").answer("sts:AssumeRole:mfa", 200, STS_OK);
    w.options = Options::default().with_mfa_token(true);
    w.mfa = Some("123456");
    w.run().unwrap();
    assert!(w.seen[0].body().ends_with(
        "&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice&TokenCode=123456"
    ));
}

#[test]
fn credential_source_environment_with_an_explicit_profile() {
    let mut w = role_world("ignored")
        .env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "senv")
        .answer("sts:AssumeRole:env-role", 200, STS_OK);
    w.options = Options::default().with_profile(Some("env-role".into()));
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r).0, r.source),
        ("ASIAIOSFODNN7EXAMPLE", "assume_role")
    );
    assert!(header(&w.seen[0], "authorization")
        .unwrap()
        .contains("Credential=AKIDENV/"));
}

#[test]
fn sts_errors_name_the_code_and_never_the_secret() {
    let denied = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                  <Message>User AKIDBASE is not authorized</Message></Error></ErrorResponse>";
    let e = role_world("role")
        .answer("sts:AssumeRole:role", 403, denied)
        .run()
        .unwrap_err();
    assert_eq!(e.reason(), "STS answered HTTP 403 (AccessDenied)");
    assert_eq!(e.setting(), "profile role: role_arn");
    let e = role_world("role")
        .unreachable("sts:AssumeRole:role")
        .run()
        .unwrap_err();
    assert!(e
        .to_string()
        .contains("could not reach STS at http://127.0.0.1:9/"));
    assert!(!e.to_string().contains("sbase"));
}

#[test]
fn web_identity_by_environment_and_by_profile() {
    let answer = sts_xml("ASIAWEB", "sweb", "tweb", "2026-12-01T10:00:00Z");
    let mut w = world()
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web")
        .env("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token")
        .env("AWS_ROLE_SESSION_NAME", "pod-1")
        .env("AWS_REGION", "eu-west-2")
        .file("/var/run/token", "eyJ.token.sig")
        .answer("sts:AssumeRoleWithWebIdentity", 200, &answer);
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r), r.source),
        (
            ("ASIAWEB", "sweb", Some("tweb"), Some(1_796_119_200)),
            "web_identity"
        )
    );
    let req = &w.seen[0];
    assert_eq!(req.url(), "https://sts.eu-west-2.amazonaws.com");
    assert_eq!(header(req, "authorization"), None);
    assert_eq!(
        req.body(),
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb&RoleSessionName=pod-1\
         &WebIdentityToken=eyJ.token.sig"
    );
    assert!(!format!("{req:?}").contains("eyJ"));

    let mut w = world()
        .env("AWS_PROFILE", "web")
        .file(
            "/home/u/.aws/config",
            "[profile web]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = ~/tok\n",
        )
        .file("/home/u/tok", "t0k")
        .answer("sts:AssumeRoleWithWebIdentity", 200, &answer);
    assert_eq!(w.run().unwrap().source, "web_identity");
    assert_eq!(w.seen[0].url(), "https://sts.amazonaws.com");

    let e = world()
        .env("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/none")
        .env("AWS_ROLE_ARN", "arn:aws:iam::1:role/w")
        .run()
        .unwrap_err();
    assert_eq!(
        (e.source(), e.setting()),
        ("web_identity", "AWS_WEB_IDENTITY_TOKEN_FILE")
    );
}

#[test]
fn credential_process_runs_without_a_shell() {
    assert_eq!(
        split_command(r#"/opt/bin/creds --profile "my dev" 'a b' c\ d "q\"\$x""#).unwrap(),
        [
            "/opt/bin/creds",
            "--profile",
            "my dev",
            "a b",
            "c d",
            "q\"$x"
        ]
    );
    assert_eq!(split_command("a 'unterminated"), None);
    let config = "[default]\ncredential_process = /bin/creds 'arg one'\n";
    let mut w = world().file("/home/u/.aws/config", config);
    w.processes.insert(
        "process:default".into(),
        (
            0,
            r#"{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "sproc",
                "SessionToken": "tproc", "Expiration": "2026-12-01T09:30:00Z"}"#
                .into(),
        ),
    );
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r), r.source),
        (
            ("AKIDPROC", "sproc", Some("tproc"), Some(1_796_117_400)),
            "process"
        )
    );
    assert_eq!(w.argv, [["/bin/creds", "arg one"]]);

    let mut w = world().file("/home/u/.aws/config", config);
    w.processes
        .insert("process:default".into(), (0, r#"{"Version": 2}"#.into()));
    assert!(w.run().unwrap_err().reason().contains("Version"));
    let mut w = world().file("/home/u/.aws/config", config);
    w.processes
        .insert("process:default".into(), (3, String::new()));
    assert_eq!(
        w.run().unwrap_err().reason(),
        "the command exited with status 3"
    );
}

const SSO_CONFIG: &str = "\
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
[sso-session corp]
sso_start_url = https://d-123.awsapps.com/start
sso_region = us-east-1
[profile legacy]
sso_start_url = https://d-123.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Admin
";
const SSO_ANSWER: &str = r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "ssso",
    "sessionToken": "tsso", "expiration": 1796122800000}}"#;

#[test]
fn sso_reads_the_token_cache_and_calls_the_portal() {
    let cache = "/home/u/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
    let mut w = world()
        .env("AWS_PROFILE", "sso")
        .file("/home/u/.aws/config", SSO_CONFIG)
        .file(cache, r#"{"accessToken": "bearer-xyz", "expiresAt": "2026-12-01T17:00:00Z", "region": "us-east-1"}"#)
        .answer("sso:GetRoleCredentials", 200, SSO_ANSWER);
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r), r.source),
        (
            ("ASIASSO", "ssso", Some("tsso"), Some(1_796_122_800)),
            "sso"
        )
    );
    let req = &w.seen[0];
    assert_eq!(
        req.url(),
        "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?account_id=111122223333&role_name=ReadOnly"
    );
    assert_eq!(header(req, "x-amz-sso_bearer_token"), Some("bearer-xyz"));

    let legacy_cache = "/home/u/.aws/sso/cache/2b829a45f04c9828cb45b7d092d8e4aa30818393.json";
    let mut w = world()
        .env("AWS_PROFILE", "legacy")
        .env("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9")
        .file("/home/u/.aws/config", SSO_CONFIG)
        .file(
            legacy_cache,
            r#"{"accessToken": "b2", "expiresAt": "2026-12-01T17:00:00UTC"}"#,
        )
        .answer("sso:GetRoleCredentials", 200, SSO_ANSWER);
    assert_eq!(w.run().unwrap().source, "sso");
    assert!(w.seen[0]
        .url()
        .starts_with("http://127.0.0.1:9/federation/credentials?"));
}

#[test]
fn an_expired_or_missing_sso_token_says_to_log_in() {
    let cache = "/home/u/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
    let e = world()
        .env("AWS_PROFILE", "sso")
        .file("/home/u/.aws/config", SSO_CONFIG)
        .file(
            cache,
            r#"{"accessToken": "bearer-xyz", "expiresAt": "2026-12-01T08:59:59Z"}"#,
        )
        .run()
        .unwrap_err();
    assert_eq!(e.source(), "sso");
    assert!(
        e.reason().contains("expired") && e.reason().contains("aws sso login"),
        "{e}"
    );
    assert!(!e.to_string().contains("bearer-xyz"));
    let e = world()
        .env("AWS_PROFILE", "sso")
        .file("/home/u/.aws/config", SSO_CONFIG)
        .run()
        .unwrap_err();
    assert!(e.reason().contains("aws sso login"));
}

const CONTAINER_ANSWER: &str = r#"{"AccessKeyId": "ASIACTR", "SecretAccessKey": "sctr", "Token": "tctr",
    "Expiration": "2026-12-01T15:00:00Z", "RoleArn": "arn:aws:iam::1:role/task"}"#;

#[test]
fn container_full_and_relative_uris() {
    let mut w = world()
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:8080/creds",
        )
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/ctoken")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "not-this-one")
        .file("/var/run/ctoken", "Bearer pod-token")
        .answer("container", 200, CONTAINER_ANSWER);
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r), r.source),
        (
            ("ASIACTR", "sctr", Some("tctr"), Some(1_796_137_200)),
            "container"
        )
    );
    assert_eq!(w.seen[0].url(), "http://127.0.0.1:8080/creds");
    assert_eq!(
        header(&w.seen[0], "authorization"),
        Some("Bearer pod-token")
    );

    let mut w = world()
        .env(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/abc",
        )
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:8080/ignored",
        )
        .answer("container", 200, CONTAINER_ANSWER);
    w.run().unwrap();
    assert_eq!(w.seen[0].url(), "http://169.254.170.2/v2/credentials/abc");
    assert_eq!(header(&w.seen[0], "authorization"), None);
}

#[test]
fn container_plain_http_only_to_the_sdks_hosts() {
    for allowed in [
        "127.0.0.1",
        "127.1.2.3",
        "localhost",
        "[::1]",
        "169.254.170.2",
        "169.254.170.23",
        "[fd00:ec2::23]",
    ] {
        assert!(container::plain_http_allowed(allowed), "{allowed}");
    }
    for refused in [
        "10.0.0.1",
        "169.254.169.254",
        "example.com",
        "[fd00:ec2::24]",
        "127.0.0.1.nip.io",
    ] {
        assert!(!container::plain_http_allowed(refused), "{refused}");
    }
    let e = world()
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://10.0.0.1/creds",
        )
        .run()
        .unwrap_err();
    assert_eq!(
        (e.source(), e.setting()),
        ("container", "AWS_CONTAINER_CREDENTIALS_FULL_URI")
    );
    let e = world()
        .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/c")
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nX-Evil: 1")
        .run()
        .unwrap_err();
    assert_eq!(e.setting(), "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    assert!(!e.to_string().contains("Evil"));
}

const IMDS_CREDS: &str = r#"{"Code": "Success", "LastUpdated": "2026-12-01T08:00:00Z", "Type": "AWS-HMAC",
  "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "simds", "Token": "timds", "Expiration": "2026-12-01T14:00:00Z"}"#;

fn imds_world() -> World {
    World::default().env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:7/")
}

#[test]
fn imds_v2_token_role_then_credentials() {
    let mut w = imds_world()
        .answer("imds:token", 200, "v2-token")
        .answer("imds:role", 200, "web-role\n")
        .answer("imds:credentials", 200, IMDS_CREDS);
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r), r.source),
        (
            ("ASIAIMDS", "simds", Some("timds"), Some(1_796_133_600)),
            "instance_metadata"
        )
    );
    let urls: Vec<(&str, &str)> = w.seen.iter().map(|r| (r.method(), r.url())).collect();
    assert_eq!(
        urls,
        [
            ("PUT", "http://127.0.0.1:7/latest/api/token"),
            (
                "GET",
                "http://127.0.0.1:7/latest/meta-data/iam/security-credentials/"
            ),
            (
                "GET",
                "http://127.0.0.1:7/latest/meta-data/iam/security-credentials/web-role"
            ),
        ]
    );
    assert_eq!(
        header(&w.seen[0], "x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(
        header(&w.seen[2], "x-aws-ec2-metadata-token"),
        Some("v2-token")
    );
}

#[test]
fn imds_v1_only_when_asked_and_disabled_means_not_found() {
    let e = imds_world()
        .answer("imds:token", 403, "")
        .run()
        .unwrap_err();
    assert_eq!(
        (e.source(), e.setting()),
        ("instance_metadata", "AWS_EC2_METADATA_SERVICE_ENDPOINT")
    );
    let mut w = imds_world()
        .answer("imds:token", 403, "")
        .answer("imds:role", 200, "r")
        .answer("imds:credentials", 200, IMDS_CREDS);
    w.options = Options::default().with_imds_v1_fallback(true);
    w.run().unwrap();
    assert_eq!(header(&w.seen[2], "x-aws-ec2-metadata-token"), None);

    let e = world().run().unwrap_err();
    assert!(e.is_not_found() && e.source() == "chain");
    let e = imds_world().unreachable("imds:token").run().unwrap_err();
    assert!(e.is_not_found());
    let mut w = World::default();
    let e = w.answer_default_imds_unreachable().run().unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(w.seen[0].url(), "http://169.254.169.254/latest/api/token");
}

impl World {
    fn answer_default_imds_unreachable(&mut self) -> &mut Self {
        self.http.insert("imds:token", HttpAnswer::Unreachable);
        self
    }
}

#[test]
fn expired_credentials_are_never_handed_out() {
    let mut w = world()
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:8080/creds",
        )
        .answer(
            "container",
            200,
            r#"{"AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "2026-12-01T09:00:00Z"}"#,
        );
    let e = w.run().unwrap_err();
    assert_eq!(e.source(), "container");
    assert!(e.reason().contains("expired"));
}

#[test]
fn one_source_on_its_own() {
    let mut w = world()
        .env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "senv")
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:8080/creds",
        )
        .answer("container", 200, CONTAINER_ANSWER);
    w.options = Options::default().with_only(Some(Source::Container));
    let r = w.run().unwrap();
    assert_eq!((keys(&r).0, r.source), ("ASIACTR", "container"));

    let mut w = role_world("role")
        .env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "senv")
        .answer("sts:AssumeRole:role", 200, STS_OK);
    w.options = Options::default().with_only(Some(Source::Profile));
    let r = w.run().unwrap();
    assert_eq!(
        (keys(&r).0, r.source),
        ("ASIAIOSFODNN7EXAMPLE", "assume_role")
    );
    assert!(header(&w.seen[0], "authorization")
        .unwrap()
        .contains("Credential=AKIDBASE/"));

    let mut w = world();
    w.options = Options::default().with_only(Some(Source::InstanceMetadata));
    let e = w.run().unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.source(), "instance_metadata");
}

#[test]
fn urls_in_errors_lose_user_information_and_query() {
    use super::profile_chain::printable_url;
    assert_eq!(
        printable_url("http://user:s3cr3t@127.0.0.1:8080/creds?token=abc#x"),
        "http://127.0.0.1:8080/creds"
    );
    assert_eq!(
        printable_url("https://sts.amazonaws.com"),
        "https://sts.amazonaws.com"
    );
    assert_eq!(printable_url("http://a@b@host/p"), "http://host/p");
}
