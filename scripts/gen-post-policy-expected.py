#!/usr/bin/env python3
"""The expected results of the `post_policy` case family (see CONFORMANCE.md),
computed by botocore's `generate_presigned_post`, never by sigv4kit.

Each case is given to a botocore S3 client made with the case's static
credentials, region and (when given) endpoint, at the case's time
(`get_current_datetime` patched in `botocore.signers` and `botocore.auth`, so
nothing reads the clock; the client makes no request). The result is what
botocore returns, `url` and the form fields as [name, value] pairs in its
order. A case with `expect_error` is one sigv4kit refuses on purpose where
botocore signs anyway (a policy S3 would refuse, or one that cannot say what
the caller meant); its expected line is that hand-written code.

usage: .venv/bin/python scripts/gen-post-policy-expected.py \\
           < testdata/cases/post-policy.jsonl > testdata/cases/post-policy.expected.jsonl
(botocore 1.44.5, from scripts/setup/requirements-python.txt)
"""

import datetime
import json
import os
import sys
from unittest import mock

import botocore
import botocore.session
from botocore.config import Config

DEFAULT_EXPIRES_IN = 3600  # botocore's default


def expected(session: botocore.session.Session, case: dict) -> dict:
    if "expect_error" in case:
        return {"id": case["id"], "error": {"code": case["expect_error"]}}
    creds = case["credentials"]
    client = session.create_client(
        "s3",
        region_name=case["region"],
        endpoint_url=case.get("endpoint"),
        aws_access_key_id=creds["access_key_id"],
        aws_secret_access_key=creds["secret_access_key"],
        aws_session_token=creds.get("session_token"),
        config=Config(signature_version="s3v4"),
    )
    when = datetime.datetime.strptime(case["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    with mock.patch("botocore.signers.get_current_datetime", return_value=when), mock.patch(
        "botocore.auth.get_current_datetime", return_value=when
    ):
        post = client.generate_presigned_post(
            case["bucket"],
            case["key"],
            Fields=dict(case.get("fields", [])),
            Conditions=case.get("conditions", []),
            ExpiresIn=case.get("expires_in", DEFAULT_EXPIRES_IN),
        )
    return {"id": case["id"], "url": post["url"], "fields": [[n, v] for n, v in post["fields"].items()]}


def main() -> None:
    # No credentials, config or metadata endpoint from this machine.
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        os.environ[name] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    print(f"botocore {botocore.__version__}", file=sys.stderr)
    session = botocore.session.get_session()
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(expected(session, json.loads(line)), ensure_ascii=False))


if __name__ == "__main__":
    main()
