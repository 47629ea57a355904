#!/usr/bin/env python3
"""The expected results of the `defaults` case family (see CONFORMANCE.md),
computed by botocore, never by sigv4kit.

Each case gives only what a user gives (method, URL, region, service,
credentials, timestamp, optional headers, body and `presign`). botocore signs
it the way its S3 and non-S3 signers do (`S3SigV4Auth`/`S3SigV4QueryAuth`
for the S3 family, `SigV4Auth`/`SigV4QueryAuth` otherwise), at the case's
time (`botocore.auth.get_current_datetime` patched), after the one rule
sigv4kit adds on top of botocore: a raw `+` in the query goes on the wire as
`%20` (botocore's own presigner reads it as a space too). The result is what
goes on the wire: the method, the URL and the headers (names lower-cased,
sorted by name, repeated ones kept apart in their order, `host` included).

usage: .venv/bin/python scripts/gen-defaults-expected.py \\
           < testdata/cases/defaults.jsonl > testdata/cases/defaults.expected.jsonl
(botocore 1.44.5, from scripts/setup/requirements-python.txt)
"""

import base64
import datetime
import json
import sys
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import botocore
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

S3_FAMILY = {"s3", "s3-object-lambda", "s3-outposts", "s3express"}
DEFAULT_EXPIRES_IN = 3600  # botocore's generate_presigned_url default


def wire_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=parts.query.replace("+", "%20"), fragment=""))


def host_header(url: str) -> str:
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}[parts.scheme]
    host = (parts.hostname or "").lower()
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def expected(case: dict) -> dict:
    creds = case["credentials"]
    credentials = Credentials(
        creds["access_key_id"], creds["secret_access_key"], creds.get("session_token")
    )
    service, region = case["service"], case["region"]
    s3 = service in S3_FAMILY
    url = wire_url(case["url"])
    body = base64.b64decode(case.get("body_base64", ""))
    request = AWSRequest(method=case["method"], url=url, data=body)
    for name, value in case.get("headers", []):
        request.headers[name] = value  # HTTPHeaders keeps repeated names apart
    when = datetime.datetime.strptime(case["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    if case.get("presign"):
        expires = case.get("expires_in", DEFAULT_EXPIRES_IN)
        auth = (S3SigV4QueryAuth if s3 else SigV4QueryAuth)(
            credentials, service, region, expires=expires
        )
    else:
        auth = (S3SigV4Auth if s3 else SigV4Auth)(credentials, service, region)
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth.add_auth(request)
    headers = [[name.lower(), value] for name, value in request.headers.items()]
    headers.append(["host", host_header(url)])
    headers.sort(key=lambda pair: pair[0])  # stable: repeated names keep their order
    return {"id": case["id"], "method": case["method"], "url": request.url, "headers": headers}


def main() -> None:
    print(f"botocore {botocore.__version__}", file=sys.stderr)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(expected(json.loads(line)), ensure_ascii=False))


if __name__ == "__main__":
    main()
