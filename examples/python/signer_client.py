"""The demo client for sigv4kit's RequestSigner (and its Signer underneath).

Reads SIGV4KIT_ENDPOINT (the local gateway, e.g. http://127.0.0.1:4566),
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION and DEMO_ROLE_ARN, makes
the demo calls and prints one line per call: CALL<TAB>STATUS<TAB>message.
Only the standard library and sigv4kit: no boto3, no requests.
"""

import http.client
import json
import os
import urllib.parse
import xml.etree.ElementTree as ET

from sigv4kit import Credentials, RequestSigner, Signer, default_provider

ENDPOINT = os.environ["SIGV4KIT_ENDPOINT"]
ROLE_ARN = os.environ["DEMO_ROLE_ARN"]
STS_NS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


def message(status: int, body: bytes) -> str:
    """API Gateway answers {"message": ...}; STS answers XML."""
    try:
        text = str(json.loads(body).get("message", ""))
    except ValueError:
        text = body.decode("utf-8", "replace")
    return " ".join(text.split())[:80]


def show(call: str, status: int, body: bytes) -> None:
    print(f"{call}\t{status}\t{message(status, body)}", flush=True)


def send(method: str, target: str, headers: "dict[str, str]") -> "tuple[int, bytes]":
    """A plain HTTP request with exactly these headers (no signing)."""
    parts = urllib.parse.urlsplit(ENDPOINT)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
    try:
        conn.request(method, target, headers=headers)
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def post_form(
    url: str, fields: "dict[str, str]", filename: str, content: bytes
) -> "tuple[int, bytes]":
    """A browser-style multipart/form-data POST: the fields, then the file."""
    boundary = "sigv4kit-demo-" + os.urandom(8).hex()
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
    try:
        form_type = f"multipart/form-data; boundary={boundary}"
        conn.request("POST", parts.path, body=body, headers={"Content-Type": form_type})
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def main() -> None:
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, region
    # from AWS_REGION. allow_http: the local gateway speaks plain HTTP.
    api = RequestSigner(ENDPOINT, service_name="execute-api", allow_http=True)

    response = api.make_signed_request("GET", "/prod/hello", params={"name": "sigv4kit"})
    show("allowed", response.status_code, response.content)

    status, body = send("GET", "/prod/hello", {})
    show("unsigned", status, body)

    # Sign one query, send another: the signature no longer matches.
    signed = api.signer.sign("GET", f"{ENDPOINT}/prod/hello?name=a")
    status, body = send("GET", "/prod/hello?name=b", signed.headers)
    show("tampered", status, body)

    response = api.make_signed_request("GET", "/prod/denied")
    show("denied", response.status_code, response.content)

    # A presigned URL carries its signature in the query: anyone can GET it.
    presigned = api.signer.presign("GET", f"{ENDPOINT}/prod/hello", expires_in=300)
    status, body = send("GET", presigned.target, {})
    show("presigned", status, body)

    # A presigned S3 POST (what a server hands a browser for an upload straight
    # to a bucket), posted to the gateway's S3-style route, which checks it as
    # S3 does and answers S3's XML.
    uploader = Signer(os.environ.get("AWS_REGION", "us-east-1"), "s3")
    post = uploader.presign_post(
        "uploads",
        "demo/${filename}",
        {"success_action_status": "201"},
        [{"success_action_status": "201"}, ["content-length-range", 1, 1024]],
        expires_in=300,
        endpoint=f"{ENDPOINT}/s3",
    )
    status, body = post_form(post["url"], post["fields"], "python.txt", b"hello from python")
    key = ET.fromstring(body).findtext("Key") if body.startswith(b"<?xml") else None  # noqa: S314
    show("upload", status, (key or "").encode() if key else body)

    # Profiles with role_arn + source_profile: the default credential chain
    # assumes the role itself (STS at AWS_ENDPOINT_URL_STS, signed with the
    # source profile's keys), then the API judges the role's session.
    for call, profile in (
        ("profile-role", os.environ["DEMO_PROFILE_ROLE"]),
        ("profile-role-denied", os.environ["DEMO_PROFILE_DENIED"]),
    ):
        as_profile = RequestSigner(ENDPOINT, allow_http=True, credentials=default_provider(profile))
        response = as_profile.make_signed_request("GET", "/prod/hello")
        show(call, response.status_code, response.content)

    # STS AssumeRole (a form POST signed for the service "sts"), then the API
    # with the temporary credentials it returned.
    sts = RequestSigner(ENDPOINT, service_name="sts", allow_http=True)
    form = urllib.parse.urlencode(
        {
            "Action": "AssumeRole",
            "Version": "2011-06-15",
            "RoleArn": ROLE_ARN,
            "RoleSessionName": "demo",
        }
    )
    reply = sts.make_signed_request(
        "POST", "/", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    if reply.status_code != 200:
        show("assume-role", reply.status_code, reply.content)
        return
    # The STS endpoint's own reply; ElementTree resolves no external entities.
    found = ET.fromstring(reply.content).find(".//sts:Credentials", STS_NS)  # noqa: S314
    if found is None:
        raise SystemExit("no Credentials in the AssumeRole reply")
    temporary = Credentials(
        found.findtext("sts:AccessKeyId", "", STS_NS),
        found.findtext("sts:SecretAccessKey", "", STS_NS),
        found.findtext("sts:SessionToken", "", STS_NS),
        expiration=found.findtext("sts:Expiration", None, STS_NS),  # RFC 3339, as STS writes it
    )
    as_role = RequestSigner(ENDPOINT, allow_http=True, credentials=temporary)
    response = as_role.make_signed_request("GET", "/prod/hello")
    show("assume-role", response.status_code, response.content)


if __name__ == "__main__":
    main()
