#!/usr/bin/env python3
"""Writes testdata/cases/diagnose.jsonl: 403 bodies in the shapes AWS sends,
each beside the canonical request and string to sign that were signed.

usage: gen-diagnose-cases.py [--check]

What was signed comes from the official signing suite
(testdata/aws-signing-test-suite/v4), sometimes edited as a client would
have signed it (each edit is written out below). The body is what the
service answers, in the format the service uses, with the canonical request
*it* computed: the suite's strings with the edit a proxy, client or
misconfiguration makes. The formats, and the sources they are taken from:

- API Gateway (and OpenSearch, the JSON protocols): a JSON object whose
  `message` quotes both strings ("The Canonical String for this request
  should have been\\n'...'\\n\\nThe String-to-Sign should have been\\n'...'\\n"),
  as in mhart/aws4#110, xcir/libvmod-awsrest#8, aws-samples/sigv4-signing-
  examples#14; a session token header appears in the quote (aws4#110).
  Other API Gateway messages ("Signature expired: A is now earlier than B (C
  - 5 min.)", "Credential should be scoped to a valid region, not 'r'. ",
  "The security token included in the request is invalid.", "Missing
  Authentication Token") are those the local gateway sends
  (examples/local-gateway/src/auth.rs), written after API Gateway's.
- APIs behind API Gateway that wrap errors: {"errors": [{"message", "code"}]}
  (amzn/selling-partner-api-models#113, #966).
- S3: `<Error><Code>SignatureDoesNotMatch</Code>...<StringToSign>...
  <StringToSignBytes>41 57 ...</StringToSignBytes><CanonicalRequest>...
  <CanonicalRequestBytes>...` (minio/minio#2986, #2696), with XML escapes
  in the text forms (`&amp;` in a query: selling-partner-api-models#979);
  `RequestTimeTooSkewed` with `<RequestTime>`, `<ServerTime>`,
  `<MaxAllowedSkewMilliseconds>` (versity/versitygw#1514, ex-aws/ex_aws#159);
  `AuthorizationHeaderMalformed` with `<Region>` (minio/minio-go#677,
  s3fs-fuse/s3fs-fuse#1186); `ExpiredToken` echoing the token in
  `<Token-0>` (craftcms/aws-s3#182); `InvalidAccessKeyId`.
- The query protocols (STS): `<ErrorResponse><Error><Type>Sender</Type>
  <Code>SignatureDoesNotMatch</Code><Message>` quoting both strings, as the
  local gateway's STS answers (examples/local-gateway/src/sts.rs).

The expected findings are written by hand in diagnose.expected.jsonl, from
reading each edit, not from running the code under test.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(ROOT, "testdata", "aws-signing-test-suite", "v4")
OUT = os.path.join(ROOT, "testdata", "cases", "diagnose.jsonl")

LEAD = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service "
    "documentation for details."
)
S3_LEAD = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)
# The suite's session token (get-vanilla-with-session-token/context.json).
TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
# What a refreshed token looks like in the same place.
OTHER_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKENREFRESHEDAFTERSIGNINGxx"


def vector(name, location="header"):
    with open(os.path.join(SUITE, name, f"{location}-canonical-request.txt"), encoding="utf-8") as f:
        creq = f.read()
    with open(os.path.join(SUITE, name, f"{location}-string-to-sign.txt"), encoding="utf-8") as f:
        sts = f.read()
    return creq, sts


def edit(text, old, new):
    assert old in text, (old, text)
    return text.replace(old, new, 1)


def apigw_message(creq, sts):
    return (
        f"{LEAD}\n\nThe Canonical String for this request should have been\n'{creq}'"
        f"\n\nThe String-to-Sign should have been\n'{sts}'\n"
    )


def apigw(creq, sts):
    return json.dumps({"message": apigw_message(creq, sts)})


def xml_escape(text, apos=False):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("'", "&apos;") if apos else text


def hex_bytes(text):
    return " ".join(f"{b:02x}" for b in text.encode("utf-8"))


def s3_mismatch(creq, sts, with_bytes=True, canonical=True):
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>',
        f"<Message>{S3_LEAD}</Message><AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId>",
        f"<StringToSign>{xml_escape(sts)}</StringToSign>",
        "<SignatureProvided>5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31</SignatureProvided>",
    ]
    if with_bytes:
        parts.append(f"<StringToSignBytes>{hex_bytes(sts)}</StringToSignBytes>")
    if canonical:
        parts.append(f"<CanonicalRequest>{xml_escape(creq)}</CanonicalRequest>")
        if with_bytes:
            parts.append(f"<CanonicalRequestBytes>{hex_bytes(creq)}</CanonicalRequestBytes>")
    parts.append("<RequestId>4442587FB7D0A2F9</RequestId><HostId>Z2VuZXJhdGVkIGhvc3QgaWQ=</HostId></Error>")
    return "".join(parts)


def s3_error(code, message, extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>{extra}"
        "<RequestId>4442587FB7D0A2F9</RequestId><HostId>Z2VuZXJhdGVkIGhvc3QgaWQ=</HostId></Error>"
    )


def sts_error(code, message):
    return (
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n'
        f"    <Type>Sender</Type>\n    <Code>{code}</Code>\n    <Message>{xml_escape(message, apos=True)}</Message>\n"
        "  </Error>\n  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>\n</ErrorResponse>\n"
    )


def cases():
    out = []

    def add(case_id, creq, sts, body):
        out.append({"op": "diagnose", "id": case_id, "canonical_request": creq,
                    "string_to_sign": sts, "body": body})

    # S3 computes the path once; we signed it encoded twice (the rules of
    # every other service). Byte forms present.
    creq, sts = vector("get-space-normalized")
    ours = edit(creq, "/example%20space/", "/example%2520space/")
    add("s3-path-double-encoded", ours, sts, s3_mismatch(creq, sts))

    # S3 reads a raw `+` as a plus; we signed it as a space. Text forms only,
    # the query's `&` escaped.
    creq, sts = vector("get-vanilla-query-order-key-case")
    ours = edit(creq, "Param1=value1&Param2=value2", "Param1=value%201&Param2=value2")
    theirs = edit(creq, "Param1=value1&Param2=value2", "Param1=value%2B1&Param2=value2")
    add("s3-query-plus", ours, sts, s3_mismatch(theirs, sts, with_bytes=False))

    # A proxy lower-cased a header value on the way to API Gateway.
    creq, sts = vector("post-header-value-case")
    add("apigw-header-changed", creq, sts, apigw(edit(creq, "my-header1:VALUE1", "my-header1:value1"), sts))

    # The credentials were refreshed between signing and sending: the token
    # sent is not the one signed. Neither token may appear in the answer.
    creq, sts = vector("get-vanilla-with-session-token")
    add("apigw-session-token-changed", creq, sts,
        apigw(edit(creq, f"x-amz-security-token:{TOKEN}", f"x-amz-security-token:{OTHER_TOKEN}"), sts))

    # The body changed after signing (a transform re-serialised it); the
    # quoted canonical request carries the session token.
    creq, sts = vector("get-vanilla-with-session-token")
    body_hash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"  # SHA-256 of "{}"
    add("apigw-body-changed", creq, sts,
        apigw(edit(creq, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", body_hash), sts))

    # A presigned URL (the token in its query) whose X-Amz-Expires was
    # changed after presigning: S3 quotes the query with the token.
    creq, sts = vector("get-vanilla-with-session-token", "query")
    add("s3-presigned-expires-changed", creq, sts,
        s3_mismatch(edit(creq, "X-Amz-Expires=3600&", "X-Amz-Expires=86400&"), sts))

    # STS: the client added a charset to Content-Type after signing.
    creq, sts = vector("post-x-www-form-urlencoded")
    theirs = edit(creq, "content-type:application/x-www-form-urlencoded",
                  "content-type:application/x-www-form-urlencoded; charset=utf-8")
    add("sts-content-type-charset", creq, sts, sts_error("SignatureDoesNotMatch", apigw_message(theirs, sts)))

    # A redirect turned the POST into a GET.
    creq, sts = vector("post-vanilla")
    add("apigw-method-changed", creq, sts, apigw(edit(creq, "POST\n", "GET\n"), sts))

    # OpenSearch behind a port: the Host received carries it.
    creq, sts = vector("get-vanilla")
    add("opensearch-host-port", creq, sts,
        apigw(edit(creq, "host:example.amazonaws.com", "host:example.amazonaws.com:8443"), sts))

    # Signed without the stage, sent with it (a custom domain's base path).
    creq, sts = vector("get-vanilla")
    ours = edit(creq, "GET\n/\n", "GET\n/pets\n")
    add("apigw-stage-path", ours, sts, apigw(edit(creq, "GET\n/\n", "GET\n/prod/pets\n"), sts))

    # An API behind API Gateway wrapping the message in `errors`: a query
    # parameter added after signing.
    creq, sts = vector("get-vanilla-query")
    ours = edit(creq, "GET\n/\n\n", "GET\n/\nMarketplaceId=ATVPDKIKX0DER\n")
    theirs = edit(creq, "GET\n/\n\n", "GET\n/\nCreatedAfter=2020-11-17&MarketplaceId=ATVPDKIKX0DER\n")
    add("spapi-query-param-added", ours, sts, json.dumps(
        {"errors": [{"message": apigw_message(theirs, sts), "code": "InvalidSignature"}]}))

    # Both strings agree: the secret is wrong.
    creq, sts = vector("get-vanilla")
    add("s3-signing-key", creq, sts, s3_mismatch(creq, sts))

    # Only the string to sign quoted, its hash differing.
    creq, sts = vector("get-vanilla")
    add("s3-string-to-sign-only", creq, sts, s3_mismatch(
        creq, edit(sts, sts.split("\n")[3], "9977fec5206b9a221f83b69fe0de934fc76de632d276964e02329e51ca90c413"), canonical=False))

    creq, sts = vector("get-vanilla")
    add("s3-request-time-too-skewed", creq, sts, s3_error(
        "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
        "<RequestTime>20150830T123600Z</RequestTime><ServerTime>2015-08-30T13:05:12Z</ServerTime>"
        "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"))

    add("apigw-signature-expired", creq, sts, json.dumps({"message": (
        "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z (20150830T125100Z - 5 min.)")}))

    ours_sts = edit(sts, "/service/", "/s3/")
    add("s3-authorization-header-malformed", creq, ours_sts, s3_error(
        "AuthorizationHeaderMalformed",
        "The authorization header is malformed; the region &apos;us-east-1&apos; is wrong; expecting &apos;eu-west-1&apos;",
        "<Region>eu-west-1</Region>"))

    west = edit(sts, "/us-east-1/", "/us-west-2/")
    add("apigw-wrong-region", creq, west, json.dumps(
        {"message": "Credential should be scoped to a valid region, not 'us-west-2'. "}))

    add("sts-wrong-service", creq, sts, sts_error(
        "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. "))

    add("s3-invalid-access-key-id", creq, sts, s3_error(
        "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
        "<AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId>"))

    creq, sts = vector("get-vanilla-with-session-token")
    add("s3-expired-token", creq, sts, s3_error(
        "ExpiredToken", "The provided token has expired.", f"<Token-0>{TOKEN}</Token-0>"))

    creq, sts = vector("get-vanilla")
    add("apigw-invalid-token", creq, sts, json.dumps(
        {"message": "The security token included in the request is invalid."}))
    add("apigw-missing-authentication", creq, sts, json.dumps({"message": "Missing Authentication Token"}))
    add("apigw-access-denied", creq, sts, json.dumps({"Message": (
        "User: arn:aws:iam::123456789012:user/demo is not authorized to perform: execute-api:Invoke "
        "on resource: arn:aws:execute-api:us-east-1:********9012:demo/prod/GET/denied with an explicit deny")}))
    # S3 answers a HEAD without a body.
    add("s3-head-no-body", creq, sts, "")
    return out


def main():
    text = "".join(json.dumps(c, sort_keys=True) + "\n" for c in cases())
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{OUT} is stale: run scripts/gen-diagnose-cases.py", file=sys.stderr)
                return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
