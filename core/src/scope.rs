//! Which region and service an AWS endpoint host signs for.
//!
//! A caller that has only a URL needs the credential scope, and a wrong
//! guess is a 403 that says nothing useful. The rules and the table below
//! are the endpoint facts AWS publishes for its SDKs: the partitions' DNS
//! suffixes and hostname templates (`{service}.{region}.{dnsSuffix}`, the
//! `{service}-fips` and dualstack variants) and the `credentialScope` of
//! global endpoints from botocore's `endpoints.json`, and each service
//! model's `endpointPrefix` → `signingName`. Hosts of data planes that the
//! models do not list (AppSync GraphQL, Lambda function URLs, S3 access
//! points, OpenSearch domains) follow those services' documentation.
//!
//! The shapes read here:
//!
//! * `{prefix}.{region}.{suffix}`, `{prefix}-fips.{region}.{suffix}`,
//!   `{prefix}.dualstack.{region}.{suffix}`, `{prefix}.{region}.api.aws`;
//! * a prefix of several labels (`runtime.sagemaker`, `data-ats.iot`), and
//!   resource labels in front of it (`{bucket}.s3`, `{id}.execute-api`);
//! * `{name}.{region}.{service}.{suffix}`, with the service after the
//!   region (`search-x.eu-west-1.es.amazonaws.com`, `….aoss`, `….eks`);
//! * interface VPC endpoints, `vpce-….{service}.{region}.vpce.amazonaws.com`;
//! * S3's legacy `s3-{region}` and `s3-external-1`, and S3 Express's
//!   `s3express-{zone}`;
//! * global endpoints without a region: `us-east-1` in the `aws` partition
//!   (IAM, STS, CloudFront, Route 53, ...), `us-gov-west-1` for
//!   `{service}.us-gov.amazonaws.com`, `cn-northwest-1` in China.

#[allow(unused_imports)]
use crate::prelude::*;

/// The region and service an AWS endpoint signs for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The region, such as `us-east-1`.
    pub region: String,
    /// The signing name, such as `execute-api` or `s3`.
    pub service: String,
}

/// DNS suffixes of the partitions (and of their dualstack variants), each
/// with the region of its regionless (global) endpoints.
const SUFFIXES: [(&str, Option<&str>); 5] = [
    (".api.amazonwebservices.com.cn", Some("cn-northwest-1")),
    (".amazonaws.com.cn", Some("cn-northwest-1")),
    (".amazonaws.com", Some("us-east-1")),
    (".api.aws", Some("us-east-1")),
    (".on.aws", None),
];

/// Endpoint prefixes whose signing name is another: the service models'
/// `endpointPrefix` → `signingName` (botocore 1.44), `endpoints.json`
/// credential scopes (`data.iot`, `importexport`, `global.health`), and the
/// documented data-plane hosts.
const SIGNING_NAMES: [(&str, &str); 70] = [
    ("a2i-runtime.sagemaker", "sagemaker"),
    ("admin.wickr", "wickr"),
    ("agreement-marketplace", "aws-marketplace"),
    ("api.detective", "detective"),
    ("api.ecr", "ecr"),
    ("api.ecr-public", "ecr-public"),
    ("api.iotdeviceadvisor", "iotdeviceadvisor"),
    ("api.iotwireless", "iotwireless"),
    ("api.mediatailor", "mediatailor"),
    ("api.pricing", "pricing"),
    ("api.sagemaker", "sagemaker"),
    ("api.tunneling.iot", "IoTSecuredTunneling"),
    ("appconfigdata", "appconfig"),
    ("appstream2", "appstream"),
    // AppSync GraphQL and real-time endpoints sign for `appsync`.
    ("appsync-api", "appsync"),
    ("appsync-realtime-api", "appsync"),
    ("bedrock-agent", "bedrock"),
    ("bedrock-agent-runtime", "bedrock"),
    ("bedrock-runtime", "bedrock"),
    ("catalog.marketplace", "aws-marketplace"),
    ("cloudhsmv2", "cloudhsm"),
    ("cloudsearchdomain", "cloudsearch"),
    ("contact-lens", "connect"),
    ("data-ats.iot", "iotdata"),
    ("data.iot", "iotdata"),
    ("data.jobs.iot", "iot-jobs-data"),
    ("data.mediastore", "mediastore"),
    ("edge.sagemaker", "sagemaker"),
    ("email", "ses"),
    ("entitlement.marketplace", "aws-marketplace"),
    ("featurestore-runtime.sagemaker", "sagemaker"),
    ("forecastquery", "forecast"),
    ("global.health", "health"),
    ("identity-chime", "chime"),
    ("importexport", "IngestionService"),
    ("ingest.timestream", "timestream"),
    ("ivsrealtime", "ivs"),
    // Lambda function URLs sign for `lambda`.
    ("lambda-url", "lambda"),
    ("mail-manager", "ses"),
    ("media-pipelines-chime", "chime"),
    ("meetings-chime", "chime"),
    ("memory-db", "memorydb"),
    ("messaging-chime", "chime"),
    ("metering.marketplace", "aws-marketplace"),
    ("metrics.sagemaker", "sagemaker"),
    ("migrationhub-config", "mgh"),
    ("models-v2-lex", "lex"),
    ("models.lex", "lex"),
    ("oidc", "sso-oauth"),
    ("participant.connect", "execute-api"),
    ("personalize-events", "personalize"),
    ("personalize-runtime", "personalize"),
    ("pinpoint", "mobiletargeting"),
    ("portal.sso", "awsssoportal"),
    ("query.timestream", "timestream"),
    ("runtime-v2-lex", "lex"),
    ("runtime.lex", "lex"),
    ("runtime.sagemaker", "sagemaker"),
    // S3's other endpoint names all sign for `s3`.
    ("s3-accesspoint", "s3"),
    ("s3-control", "s3"),
    ("s3-external-1", "s3"),
    ("s3-website", "s3"),
    ("s3express-control", "s3express"),
    ("servicecatalog-appregistry", "servicecatalog"),
    ("sms-voice.pinpoint", "sms-voice"),
    ("streams.dynamodb", "dynamodb"),
    ("voice-chime", "chime"),
    ("data-signer", "signer"),
    ("eventsv2", "events"),
    ("cassandra-streams", "cassandra"),
];

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`: two
/// letters, words, a number.
fn is_region(label: &str) -> bool {
    let mut parts = label.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    first_ok
        && rest.len() >= 2
        && rest[..rest.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && rest
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn scope(region: &str, service: &str) -> Option<Scope> {
    (!region.is_empty() && !service.is_empty()).then(|| Scope {
        region: region.into(),
        service: service.into(),
    })
}

/// The signing name of the endpoint prefix that ends `labels` (resource
/// labels such as a bucket or an API id come first and are ignored).
fn signing_name(labels: &[&str]) -> Option<String> {
    // The longest prefix in the table wins: `data.jobs.iot` over `iot`.
    for take in (1..=labels.len().min(3)).rev() {
        let prefix = labels[labels.len() - take..].join(".");
        if let Some((_, name)) = SIGNING_NAMES.iter().find(|(p, _)| *p == prefix) {
            return Some((*name).into());
        }
    }
    let last = *labels.last()?;
    if last.starts_with("s3express-") {
        return Some("s3express".into()); // `s3express-{zone}`
    }
    Some(last.into())
}

/// The region and service an AWS endpoint host (with or without a port)
/// signs for, for callers that did not name them:
/// `abc.execute-api.us-east-1.amazonaws.com` signs for `execute-api` in
/// `us-east-1`. `None` when the host is not recognizably AWS.
pub fn infer_scope(host: &str) -> Option<Scope> {
    let mut hostname = host.to_ascii_lowercase();
    if let Some(colon) = hostname.rfind(':') {
        if !hostname.ends_with(']') && hostname[colon + 1..].bytes().all(|b| b.is_ascii_digit()) {
            hostname.truncate(colon);
        }
    }
    let hostname = hostname.trim_end_matches('.');
    let &(suffix, global_region) = SUFFIXES.iter().find(|(s, _)| hostname.ends_with(s))?;
    let mut labels: Vec<&str> = hostname[..hostname.len() - suffix.len()]
        .split('.')
        .collect();
    if labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    // Interface VPC endpoints: `vpce-….{service}.{region}.vpce.amazonaws.com`.
    if labels.last() == Some(&"vpce") {
        labels.pop();
    }
    // The dualstack and FIPS variants name the same signing scope.
    labels.retain(|l| *l != "dualstack" && *l != "fips");
    let mut owned: Vec<String> = labels
        .iter()
        .map(|l| l.strip_suffix("-fips").unwrap_or(l).to_owned())
        .collect();
    owned.retain(|l| !l.is_empty());
    let labels: Vec<&str> = owned.iter().map(String::as_str).collect();

    match labels.iter().rposition(|l| is_region(l)) {
        Some(at) => {
            let region = labels[at];
            match labels[at + 1..] {
                // `{name}.{region}.{service}`: OpenSearch domains and the like.
                [service, ..] => scope(region, &signing_name(&[service])?),
                [] => scope(region, &signing_name(&labels[..at])?),
            }
        }
        None => {
            let last = *labels.last()?;
            // Legacy S3 endpoints: `bucket.s3-us-west-2.amazonaws.com`.
            if let Some(legacy) = last.strip_prefix("s3-").filter(|r| is_region(r)) {
                return scope(legacy, "s3");
            }
            // GovCloud's global endpoints: `iam.us-gov.amazonaws.com`.
            if last == "us-gov" {
                return scope("us-gov-west-1", &signing_name(&labels[..labels.len() - 1])?);
            }
            scope(global_region?, &signing_name(&labels)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real endpoint hosts and the scope the SDKs sign them with (botocore's
    /// `endpoints.json` and service models; the services' documentation for
    /// data planes).
    #[test]
    fn infers_the_scope_of_real_endpoints() {
        for (host, region, service) in [
            (
                "abc123.execute-api.us-west-2.amazonaws.com",
                "us-west-2",
                "execute-api",
            ),
            (
                "abc123-vpce-0123456789abcdef0.execute-api.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                "execute-api",
            ),
            (
                "dynamodb.eu-central-1.amazonaws.com:443",
                "eu-central-1",
                "dynamodb",
            ),
            (
                "streams.dynamodb.eu-central-1.amazonaws.com",
                "eu-central-1",
                "dynamodb",
            ),
            ("search-x.eu-west-1.es.amazonaws.com", "eu-west-1", "es"),
            (
                "vpc-logs-abc123.us-east-2.es.amazonaws.com",
                "us-east-2",
                "es",
            ),
            ("es.us-gov-west-1.amazonaws.com", "us-gov-west-1", "es"),
            ("abc123.us-east-1.aoss.amazonaws.com", "us-east-1", "aoss"),
            ("sts.amazonaws.com", "us-east-1", "sts"),
            ("sts.us-east-2.amazonaws.com", "us-east-2", "sts"),
            ("sts-fips.us-east-2.amazonaws.com", "us-east-2", "sts"),
            ("sts.us-east-2.api.aws", "us-east-2", "sts"),
            ("sts.cn-north-1.amazonaws.com.cn", "cn-north-1", "sts"),
            (
                "vpce-0a1b2c3d4e5f-abcdefgh.sts.eu-west-1.vpce.amazonaws.com",
                "eu-west-1",
                "sts",
            ),
            ("email.eu-west-1.amazonaws.com", "eu-west-1", "ses"),
            (
                "email-fips.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                "ses",
            ),
            (
                "abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com",
                "us-east-1",
                "appsync",
            ),
            (
                "abcdefghijklmnopqrstuvwxyz.appsync-realtime-api.eu-west-2.amazonaws.com",
                "eu-west-2",
                "appsync",
            ),
            ("appsync.us-east-1.amazonaws.com", "us-east-1", "appsync"),
            ("iam.amazonaws.com", "us-east-1", "iam"),
            ("iam-fips.amazonaws.com", "us-east-1", "iam"),
            ("iam.us-gov.amazonaws.com", "us-gov-west-1", "iam"),
            ("iam.cn-north-1.amazonaws.com.cn", "cn-north-1", "iam"),
            ("route53.amazonaws.com", "us-east-1", "route53"),
            ("route53.amazonaws.com.cn", "cn-northwest-1", "route53"),
            ("route53.us-gov.amazonaws.com", "us-gov-west-1", "route53"),
            ("cloudfront.amazonaws.com", "us-east-1", "cloudfront"),
            ("global.health.amazonaws.com", "us-east-1", "health"),
            ("bucket.s3.ap-south-1.amazonaws.com", "ap-south-1", "s3"),
            (
                "my.dotted.bucket.s3.eu-west-1.amazonaws.com",
                "eu-west-1",
                "s3",
            ),
            ("s3.eu-west-1.amazonaws.com", "eu-west-1", "s3"),
            ("s3.amazonaws.com", "us-east-1", "s3"),
            ("bucket.s3.amazonaws.com", "us-east-1", "s3"),
            ("bucket.s3-us-west-1.amazonaws.com", "us-west-1", "s3"),
            ("bucket.s3-external-1.amazonaws.com", "us-east-1", "s3"),
            (
                "bucket.s3.dualstack.us-east-2.amazonaws.com",
                "us-east-2",
                "s3",
            ),
            (
                "s3-fips.dualstack.us-east-1.amazonaws.com",
                "us-east-1",
                "s3",
            ),
            (
                "bucket.s3-fips.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                "s3",
            ),
            (
                "myap-123456789012.s3-accesspoint.us-west-2.amazonaws.com",
                "us-west-2",
                "s3",
            ),
            (
                "myap-123456789012.s3-accesspoint.dualstack.us-west-2.amazonaws.com",
                "us-west-2",
                "s3",
            ),
            (
                "123456789012.s3-control.us-west-2.amazonaws.com",
                "us-west-2",
                "s3",
            ),
            (
                "bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                "s3",
            ),
            (
                "myol-123456789012.s3-object-lambda.us-east-1.amazonaws.com",
                "us-east-1",
                "s3-object-lambda",
            ),
            (
                "myap-123456789012.op-01ac5d28a6a232904.s3-outposts.us-west-2.amazonaws.com",
                "us-west-2",
                "s3-outposts",
            ),
            (
                "bucket--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com",
                "us-east-1",
                "s3express",
            ),
            (
                "s3express-control.us-east-1.amazonaws.com",
                "us-east-1",
                "s3express",
            ),
            ("s3.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1", "s3"),
            ("xyz.lambda-url.eu-west-1.on.aws", "eu-west-1", "lambda"),
            (
                "runtime.sagemaker.us-east-1.amazonaws.com",
                "us-east-1",
                "sagemaker",
            ),
            (
                "data-ats.iot.us-east-1.amazonaws.com",
                "us-east-1",
                "iotdata",
            ),
            (
                "data.iot-fips.us-east-1.amazonaws.com",
                "us-east-1",
                "iotdata",
            ),
            (
                "data.jobs.iot.eu-west-1.amazonaws.com",
                "eu-west-1",
                "iot-jobs-data",
            ),
            ("api.ecr.us-east-1.amazonaws.com", "us-east-1", "ecr"),
            ("runtime.lex.us-east-1.amazonaws.com", "us-east-1", "lex"),
            (
                "pinpoint.us-east-1.amazonaws.com",
                "us-east-1",
                "mobiletargeting",
            ),
            ("ec2.us-east-1.api.aws", "us-east-1", "ec2"),
            (
                "lambda.us-gov-east-1.amazonaws.com",
                "us-gov-east-1",
                "lambda",
            ),
            (
                "ABC.Execute-API.US-EAST-2.amazonaws.com.",
                "us-east-2",
                "execute-api",
            ),
        ] {
            assert_eq!(
                infer_scope(host),
                Some(Scope {
                    region: region.into(),
                    service: service.into()
                }),
                "{host}"
            );
        }
    }

    #[test]
    fn knows_no_scope_for_other_hosts() {
        for host in [
            "example.com",
            "127.0.0.1:8080",
            "amazonaws.com",
            ".amazonaws.com",
            "a..s3.amazonaws.com",
            "us-east-1.amazonaws.com",
            "vpce.amazonaws.com",
            "[::1]:80",
            "fakeamazonaws.com",
        ] {
            assert_eq!(infer_scope(host), None, "{host}");
        }
    }
}
