#!/usr/bin/env python3
"""Generates `post_policy` cases (see CONFORMANCE.md) deterministically (a
fixed seed): random buckets, keys (some ending in `${filename}`), regions,
endpoints, session tokens, lifetimes, and fields with conditions of every
kind that those fields meet, over text that JSON must escape (quotes,
backslashes, non-ASCII, characters beyond U+FFFF). Every case is one
sigv4kit signs; `make test-post-policy` has botocore compute the expected
results (gen-post-policy-expected.py) and checks every runner against them
byte for byte.

usage: gen-post-policy-cases.py [COUNT] > cases.jsonl
"""

import json
import random
import sys

ALPHABET = "abcXYZ019 -_./~!*'()\"\\$&<>?=+%é€\u1234\U0001f600"
NAMES = ["acl", "Content-Type", "Cache-Control", "success_action_status", "success_action_redirect", "tagging"]
BUCKETS = ["examplebucket", "my-bucket-01", "my.dotted.bucket", "abc"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]
ENDPOINTS = [None, None, "http://127.0.0.1:9000", "https://s3.example.com", "http://127.0.0.1:4566/s3"]
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//TOKEN+/=="


def text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, most)))


def case(rng: random.Random, i: int) -> dict[str, object]:
    key = text(rng, 12) or "k"
    if rng.random() < 0.4:
        key += "${filename}"
    fields: dict[str, str] = {}
    conditions: list[object] = []
    names = rng.sample(NAMES, rng.randint(0, 3)) + [f"x-amz-meta-{n}" for n in range(rng.randint(0, 2))]
    for name in names:
        value = text(rng, 10)
        fields[name] = value
        kind = rng.choice(["exact", "eq", "starts-with"])
        if kind == "exact":
            conditions.append({name: value})
        elif kind == "eq":
            conditions.append(["eq", f"${name}", value])
        else:
            conditions.append(["starts-with", f"${name}", value[: rng.randint(0, len(value))]])
    if rng.random() < 0.3:
        fields[f"x-ignore-{i}"] = text(rng, 6)  # exempt: needs no condition
    if rng.random() < 0.5:
        conditions.append(["starts-with", "$key", key.replace("${filename}", "")[:3]])
    if rng.random() < 0.6:
        low = rng.randint(0, 1000)
        conditions.append(["content-length-range", low, low + rng.randint(0, 1 << 40)])
    rng.shuffle(conditions)
    creds = {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
    if rng.random() < 0.4:
        creds["session_token"] = TOKEN
    out: dict[str, object] = {
        "op": "post_policy",
        "id": f"generated-{i}",
        "region": rng.choice(REGIONS),
        "timestamp": f"20{rng.randint(15, 30)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}T"
        f"{rng.randint(0, 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}Z",
        "bucket": rng.choice(BUCKETS),
        "key": key,
        "credentials": creds,
        "fields": [[n, v] for n, v in fields.items()],
        "conditions": conditions,
        "expires_in": rng.choice([1, 60, 3600, 86400, 604800]),
    }
    endpoint = rng.choice(ENDPOINTS)
    if endpoint:
        out["endpoint"] = endpoint
    return out


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(20151229)
    for i in range(count):
        print(json.dumps(case(rng, i), ensure_ascii=False))


if __name__ == "__main__":
    main()
