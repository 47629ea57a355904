"""Benchmark of presigned S3 POSTs: sigv4kit's ``Signer.presign_post`` beside
botocore's ``generate_presigned_post``, same inputs, same process.

    make bench-python        (or: .venv/bin/python bindings-python/bench/post_policy.py)

Prints a Markdown section. Both are given fixed credentials and the same
fields and conditions; botocore's client is made once, outside the timing,
and makes no request. Each round runs both in turn (see bench.py's
``interleaved``), so a load spike on the shared machine hits both alike.
"""

import os
from typing import Any, List

import botocore.session
from bench import interleaved  # bench.py beside this file (the script's directory is on the path)
from botocore.config import Config

import sigv4kit

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
FIELDS = {"acl": "private", "success_action_status": "201"}
CONDITIONS: List[Any] = [
    {"acl": "private"},
    {"success_action_status": "201"},
    ["starts-with", "$Content-Type", "image/"],
    ["content-length-range", 1, 10485760],
]


def main() -> None:
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    signer = sigv4kit.Signer("us-east-1", "s3", sigv4kit.Credentials(AKID, SECRET))
    client = botocore.session.get_session().create_client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id=AKID,
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4"),
    )
    rows = interleaved(
        [
            (
                "sigv4kit `Signer.presign_post`",
                lambda: signer.presign_post(
                    "examplebucket", "uploads/${filename}", FIELDS, CONDITIONS, 600
                ),
            ),
            (
                "botocore `generate_presigned_post`",
                lambda: client.generate_presigned_post(
                    "examplebucket",
                    "uploads/${filename}",
                    Fields=FIELDS,
                    Conditions=CONDITIONS,
                    ExpiresIn=600,
                ),
            ),
        ]
    )
    print("## Python wheel: presigned S3 POSTs\n")
    print("Command: `make bench-python` (`bindings-python/bench/post_policy.py`). One POST policy")
    print("with two fields and four conditions; every round runs each presigner in turn, and the")
    print("ratio is the median of per-round ratios.\n")
    print("| presigner | µs per call | time relative to sigv4kit |")
    print("| --- | ---: | ---: |")
    for label, seconds, ratio in rows:
        print(f"| {label} | {seconds * 1e6:.2f} | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
