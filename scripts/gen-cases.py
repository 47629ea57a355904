#!/usr/bin/env python3
"""Generates conformance cases that exercise every option of the contract,
deterministically (a fixed seed), for comparing the bindings' runners with
each other byte for byte. Correctness against AWS is the business of the
official suite and of the differential tests against independent signers;
this set checks that every binding says the same thing as the core.

usage: gen-cases.py [--sigv4a] [COUNT] > cases.jsonl

With --sigv4a the cases are SigV4a's (AWS4-ECDSA-P256-SHA256, region sets
for regions), from another seed. Every binding signs with the one core and
RFC 6979 nonces, so their ECDSA signatures agree byte for byte too.
"""
import base64
import json
import random
import sys

WORDS = ["a", "pets", "dog", "Caf\u00e9", "\u1234", "x y", "a+b", "%20", "%2F", "~tilde", "!'()*", "", ".", ".."]
REGION_SETS = ["us-east-1", "*", "us-east-1,us-west-2", "eu-*"]
HEADER_VALUES = ["v", "  padded  ", "a   b\tc", "\"quoted   value\"", "", "caf\u00e9", "line1\n  line2"]


def word(rng: random.Random) -> str:
    return rng.choice(WORDS)


def target(rng: random.Random) -> str:
    path = "/" + "/".join(word(rng) for _ in range(rng.randint(0, 4)))
    if rng.random() < 0.2:
        path += "/"
    if rng.random() < 0.6:
        params = [f"{word(rng) or 'k'}={word(rng)}" for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.2:
            params.append("flag")
        return path + "?" + "&".join(params)
    return path


def case(rng: random.Random, i: int, sigv4a: bool = False) -> dict:
    location = rng.choice(["headers", "headers", "query"])
    s3 = rng.random() < 0.25
    token = rng.choice([None, None, "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/=="])
    headers = [["Host", rng.choice(["example.amazonaws.com", "127.0.0.1:4566", "bucket.s3.amazonaws.com"])]]
    for _ in range(rng.randint(0, 3)):
        headers.append([rng.choice(["X-Custom", "x-custom", "Content-Type", "User-Agent", "X-Amz-Meta-Note"]),
                        rng.choice(HEADER_VALUES)])
    body = bytes(rng.randrange(256) for _ in range(rng.choice([0, 0, 5, 100])))
    payload = rng.choice([{"mode": "hash"}, {"mode": "hash"}, {"mode": "unsigned"},
                          {"mode": "precomputed", "value": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"}])
    generated = {
        "id": f"gen-{i:04d}",
        "algorithm": "AWS4-HMAC-SHA256",
        "signature_location": location,
        "credentials": {"access_key_id": "AKIDEXAMPLE",
                        "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                        "session_token": token},
        "region": rng.choice(["us-east-1", "eu-west-1"]),
        "service": "s3" if s3 else rng.choice(["execute-api", "service"]),
        "timestamp": f"20{rng.randint(10, 30)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:1{rng.randint(0, 9)}:00Z",
        "expires_in": rng.choice([1, 60, 3600, 604800]),
        "normalize_path": not s3 and rng.random() < 0.8,
        "double_encode_path": not s3,
        "payload": payload,
        "content_sha256_header": s3 or rng.random() < 0.2,
        "omit_session_token": rng.random() < 0.2,
        "request": {
            "method": rng.choice(["GET", "PUT", "POST", "DELETE", "HEAD"]),
            "target": target(rng),
            "headers": headers,
            "body_base64": base64.b64encode(body).decode(),
        },
    }
    if sigv4a:
        generated.update(id=f"gen-v4a-{i:04d}", algorithm="AWS4-ECDSA-P256-SHA256", region=rng.choice(REGION_SETS))
    return generated


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--sigv4a"]
    sigv4a = len(args) != len(sys.argv) - 1
    count = int(args[0]) if args else 300
    rng = random.Random(20210901 if sigv4a else 20150830)
    for i in range(count):
        print(json.dumps(case(rng, i, sigv4a), ensure_ascii=False))


if __name__ == "__main__":
    main()
