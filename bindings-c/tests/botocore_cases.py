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
(bindings-python/tests/random_requests.py, imported from there): it stays inside what botocore
reads the same way as the SigV4 specification, so a disagreement is a bug
on one side: queries already in canonical percent-encoding (botocore signs a
URL query as it is), no repeated header names (its header dict would merge
them), no header botocore leaves unsigned.
"""

from __future__ import annotations

import base64
import datetime
import json
import pathlib
import random
import sys
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import botocore.auth  # type: ignore[import-untyped]
from botocore.auth import S3SigV4Auth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.credentials import Credentials  # type: ignore[import-untyped]

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bindings-python" / "tests"))
from random_requests import random_request  # one generator for every differential test

WHEN = datetime.datetime(2024, 2, 29, 23, 59, 58)


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
