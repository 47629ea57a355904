#!/usr/bin/env python3
"""The independent signer of the C and Go tests: botocore signs generated
requests and this script writes each request with botocore's result.

usage: botocore_cases.py COUNT > cases.jsonl   (with the repo's .venv python)

Per seed it writes three cases, signed at one fixed time: a header
signature for execute-api (botocore's SigV4Auth), one for s3 (S3SigV4Auth,
which also sends X-Amz-Content-SHA256), and a presigned URL for execute-api
(SigV4QueryAuth). A line holds the request (method, url, headers, body in
base64), the scope and credentials, and under "expected" what botocore
produced: the Authorization, X-Amz-Date, X-Amz-Security-Token and
X-Amz-Content-SHA256 headers it added, or the presigned URL's path and
X-Amz-Signature. bindings-c/tests/differential.c (the C API) and
bindings-c/go/differential_test.go (the Go Signer) sign the same requests
and must agree byte for byte; nothing expected here comes from sigv4kit.

The generator is the Python binding's differential test's
(bindings-python/tests/test_differential.py): it stays inside what botocore
reads the same way as the SigV4 specification, so a disagreement is a bug
on one side: queries already in canonical percent-encoding (botocore signs a
URL query as it is), no repeated header names (its header dict would merge
them), no header botocore leaves unsigned.
"""

from __future__ import annotations

import base64
import datetime
import json
import random
import string
import sys
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import botocore.auth  # type: ignore[import-untyped]
from botocore.auth import S3SigV4Auth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.credentials import Credentials  # type: ignore[import-untyped]

WHEN = datetime.datetime(2024, 2, 29, 23, 59, 58)
PATH_CHARS = string.ascii_letters + string.digits + "-_.~!$&'()*+,;=:@ %\u00e9\u2603"
VALUE_CHARS = string.ascii_letters + string.digits + " -_.~!$&'()*+,;=:@/?%\u00e9"


def random_text(rng: random.Random, chars: str, low: int, high: int) -> str:
    return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))


def random_path(rng: random.Random, s3: bool) -> str:
    segments = []
    for _ in range(rng.randint(0, 5)):
        if not s3 and rng.random() < 0.1:
            segments.append(rng.choice([".", "..", ""]))
        else:
            segments.append(quote(random_text(rng, PATH_CHARS, 1, 8), safe="-_.~!$&'()*+,;=:@"))
    path = "/" + "/".join(segments)
    if rng.random() < 0.2:
        path += "/"
    return path


def random_query(rng: random.Random, unique_keys: bool) -> str:
    pairs = []
    keys: set[str] = set()
    for _ in range(rng.randint(0, 5)):
        key = quote(random_text(rng, VALUE_CHARS, 1, 6), safe="-_.~")
        if unique_keys and key in keys:
            continue
        keys.add(key)
        value = quote(random_text(rng, VALUE_CHARS, 0, 10), safe="-_.~")
        pairs.append(f"{key}={value}")
    return "&".join(pairs)


def random_headers(rng: random.Random) -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(rng.randint(0, 5)):
        name = "X-" + random_text(rng, string.ascii_letters + string.digits + "-", 1, 10)
        name = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
        if name.lower() in {n.lower() for n in headers}:
            continue
        value = random_text(rng, string.ascii_letters + string.digits + "  ,;=/:", 0, 20)
        headers[name] = value.strip()
    if rng.random() < 0.3:
        headers["Content-Type"] = "application/json"
    return headers


def random_request(rng: random.Random, s3: bool = False, unique_keys: bool = False) -> dict[str, Any]:
    host = rng.choice(["example.amazonaws.com", "abc.execute-api.us-east-1.amazonaws.com"])
    port = rng.choice(["", "", ":8443"])
    query = random_query(rng, unique_keys)
    url = f"https://{host}{port}{random_path(rng, s3)}" + (f"?{query}" if query else "")
    token = rng.choice([None, "FQoGZXIvYXdzE" + random_text(rng, string.ascii_letters + "/+=", 20, 60)])
    return {
        "method": rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH"]),
        "url": url,
        "headers": random_headers(rng),
        "body": rng.randbytes(rng.choice([0, 1, 100, 5000])),
        "region": rng.choice(["us-east-1", "eu-west-3", "ap-southeast-2"]),
        "akid": "AKID" + random_text(rng, string.ascii_uppercase + string.digits, 12, 16),
        "secret": random_text(rng, string.ascii_letters + string.digits + "/+", 40, 40),
        "token": token,
    }


def sign(auth_class: Any, case: dict[str, Any], service: str, **extra: Any) -> AWSRequest:
    creds = Credentials(case["akid"], case["secret"], case["token"])
    request = AWSRequest(method=case["method"], url=case["url"], headers=dict(case["headers"]), data=case["body"])
    auth_class(creds, service, case["region"], **extra).add_auth(request)
    return request


def line(kind: str, seed: int, case: dict[str, Any], service: str, expected: dict[str, Any],
         expires: int | None = None) -> str:
    return json.dumps({
        "id": f"{kind}-{seed}",
        "kind": kind,
        "method": case["method"],
        "url": case["url"],
        "headers": [[k, v] for k, v in case["headers"].items()],
        "body_base64": base64.b64encode(case["body"]).decode(),
        "region": case["region"],
        "service": service,
        "access_key_id": case["akid"],
        "secret_access_key": case["secret"],
        "session_token": case["token"],
        "time": int(WHEN.replace(tzinfo=datetime.UTC).timestamp()),
        "expires_in": expires,
        "expected": expected,
    }, ensure_ascii=False)


def added(request: AWSRequest, names: tuple[str, ...]) -> dict[str, str | None]:
    return {name: request.headers.get(name) for name in names}


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    # botocore reads the clock through this function; freeze it.
    botocore.auth.get_current_datetime = lambda *a, **k: WHEN
    out = sys.stdout
    for seed in range(count):
        case = random_request(random.Random(f"sigv4{seed}"))
        signed = sign(SigV4Auth, case, "execute-api")
        out.write(line("header", seed, case, "execute-api",
                       added(signed, ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"))) + "\n")

        case = random_request(random.Random(f"s3{seed}"), s3=True)
        signed = sign(S3SigV4Auth, case, "s3")
        out.write(line("s3", seed, case, "s3", added(
            signed, ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256"))) + "\n")

        rng = random.Random(f"query{seed}")
        # botocore's presigner keeps one value per query key, and signs no
        # body and no Content-Type.
        case = random_request(rng, unique_keys=True)
        case["headers"] = {k: v for k, v in case["headers"].items() if k != "Content-Type"}
        case["body"] = b""
        expires = rng.choice([1, 300, 3600, 604800])
        signed = sign(SigV4QueryAuth, case, "execute-api", expires=expires)
        url = urlsplit(signed.url)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        out.write(line("presign", seed, case, "execute-api", {
            "path": url.path,
            "X-Amz-Signature": params["X-Amz-Signature"],
        }, expires) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
