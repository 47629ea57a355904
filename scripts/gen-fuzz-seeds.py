#!/usr/bin/env python3
"""Writes the seed corpus of the `verify` fuzz target
(core/fuzz/seeds/verify/): signed request heads, so that fuzzing starts
past `parse_signature` (a well-formed Authorization header or X-Amz-* query)
and mutates the parts verification reads next.

usage: python3 scripts/gen-fuzz-seeds.py [--check]

The heads are the ones the case files already hold, signed by independent
signers: the red-team cases (testdata/cases/attacks.jsonl, botocore; header
and presigned, session tokens, repeats, S3 payload modes) and the signed
requests of the AWS SigV4 test suite (v4-suite.expected.jsonl, header and
presigned). None is signed with the fuzz target's own key ("fuzz-secret"),
so the target's "never accept what this key did not sign" assertion holds
for every seed. Each file is in the target's format: method, target, then
header name and value, all separated by NUL, then an empty name and the body.
The output is deterministic; --check exits 1 when the committed seeds differ.
"""
import base64
import json
import os
import re
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
CASES = os.path.join(ROOT, "testdata", "cases")
OUT = os.path.join(ROOT, "core", "fuzz", "seeds", "verify")
FUZZ_SECRET = "fuzz-secret"


def read_jsonl(name: str) -> list[dict[str, Any]]:
    with open(os.path.join(CASES, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def encode(method: str, target: str, headers: list[list[str]], body: bytes) -> bytes | None:
    fields = [method, target]
    for name, value in headers:
        if name == "" or "\0" in name or "\0" in value:
            return None  # not expressible in the target's format
        fields += [name, value]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None  # the target reads UTF-8 only
    return ("\0".join(fields) + "\0\0" + text).encode("utf-8")


def seeds() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    def add(prefix: str, case_id: str, data: bytes | None) -> None:
        if data is None:
            return
        name = prefix + "-" + re.sub(r"[^A-Za-z0-9_.-]", "_", case_id)
        if name in out:
            raise SystemExit(f"two seeds named {name}")
        out[name] = data

    for case in read_jsonl("attacks.jsonl"):
        if any(k.get("secret_access_key") == FUZZ_SECRET for k in case["keys"]):
            raise SystemExit(f"{case['id']} uses the fuzz target's own key")
        r = case["request"]
        add("attacks", case["id"], encode(r["method"], r["target"], r["headers"],
                                         base64.b64decode(r.get("body_base64") or "")))

    bodies = {c["id"]: base64.b64decode(c["request"].get("body_base64") or "")
              for c in read_jsonl("v4-suite.jsonl")}
    for expected in read_jsonl("v4-suite.expected.jsonl"):
        signed = expected.get("signed_request")
        if not signed:
            continue
        add("v4", expected["id"], encode(signed["method"], signed["target"], signed["headers"],
                                         bodies.get(expected["id"], b"")))
    return out


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def main() -> int:
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        print(__doc__, file=sys.stderr)
        return 2
    wanted = seeds()
    present = set(os.listdir(OUT)) if os.path.isdir(OUT) else set()
    stale = sorted(present - set(wanted))
    changed = sorted(n for n, d in wanted.items()
                     if n not in present or read(os.path.join(OUT, n)) != d)
    if check:
        if stale or changed:
            print(f"fuzz seeds out of date ({len(changed)} to write, {len(stale)} to remove): "
                  "run python3 scripts/gen-fuzz-seeds.py", file=sys.stderr)
            return 1
        print(f"fuzz seeds: {len(wanted)} up to date")
        return 0
    os.makedirs(OUT, exist_ok=True)
    for name in stale:
        os.remove(os.path.join(OUT, name))
    for name in changed:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(wanted[name])
    print(f"fuzz seeds: {len(wanted)} in {os.path.relpath(OUT, ROOT)} "
          f"({len(changed)} written, {len(stale)} removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
