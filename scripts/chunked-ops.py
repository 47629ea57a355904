#!/usr/bin/env python3
"""The `chunked` conformance operation (CONFORMANCE.md) over the generated
aws-chunked cases of testdata/cases/chunked.jsonl, whose expected bytes come
from awscrt (the seed), botocore (the unsigned framing) and the reference
chain (see scripts/gen-chunked-cases.py).

usage: chunked-ops.py cases > OPS.jsonl        the operation lines
       chunked-ops.py check RESULTS BINDING    compare a runner's answers

Each result must carry awscrt's Authorization and a framed body whose
SHA-256 and length are the expected ones; the refusal lines (a bad mode, a
chunk size under 8 KiB, a trailer mode without a checksum) must be refused
with `invalid_payload`. Standard library only. Prints 'BINDING-chunked: N
passed, N failed'.
"""
import base64
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "testdata" / "cases" / "chunked.jsonl"
PLAN_HEADERS = {"content-encoding", "content-length", "x-amz-decoded-content-length", "x-amz-trailer"}


def body_of(n: int) -> bytes:
    return bytes((i * 31 + 7) % 251 for i in range(n))


def load() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]


def ops() -> list[dict]:
    out = []
    for c in load():
        out.append({
            "op": "chunked",
            "id": c["id"],
            "credentials": c["credentials"],
            "region": c["region"],
            "service": c["service"],
            "timestamp": c["timestamp"],
            "chunked": {"mode": c["mode"], "checksum": c["checksum"], "chunk_size": c["chunk_size"]},
            "request": {
                "method": c["request"]["method"],
                "target": c["request"]["target"],
                # The plan's headers are the binding's to add.
                "headers": [h for h in c["request"]["headers"] if h[0].lower() not in PLAN_HEADERS],
                "body_base64": base64.b64encode(body_of(c["decoded_length"])).decode(),
            },
        })
    base = dict(out[0])
    for cid, chunked in [("refused-mode", {"mode": "gzip", "checksum": None, "chunk_size": 8192}),
                         ("refused-chunk-size", {"mode": "signed", "checksum": None, "chunk_size": 100}),
                         ("refused-no-checksum", {"mode": "signed-trailer", "checksum": None, "chunk_size": 8192})]:
        out.append({**base, "id": cid, "chunked": chunked})
    return out


def check(results_path: str, binding: str) -> int:
    want = {c["id"]: c["expected"] for c in load()}
    results = [json.loads(line) for line in pathlib.Path(results_path).read_text().splitlines() if line.strip()]
    lines = ops()
    passed = failed = 0
    if len(results) != len(lines):
        print(f"{binding}-chunked: {len(results)} results for {len(lines)} cases")
        return 1
    for case, got in zip(lines, results):
        cid = case["id"]
        problem = None
        if got.get("id") != cid:
            problem = f"id {got.get('id')!r}"
        elif cid.startswith("refused-"):
            if got.get("error", {}).get("code") != "invalid_payload":
                problem = f"expected invalid_payload, got {json.dumps(got)[:300]}"
        elif "error" in got:
            problem = f"refused: {got['error']}"
        else:
            expected = want[cid]
            sent = {n.lower(): v for n, v in got["signed_request"]["headers"]}
            theirs = {n.lower(): v for n, v in expected["signed_headers"]}
            body = base64.b64decode(got.get("body_base64", ""))
            if sent.get("authorization") != theirs["authorization"]:
                problem = f"Authorization {sent.get('authorization')!r}, awscrt {theirs['authorization']!r}"
            elif any(sent.get(h) != theirs.get(h) for h in PLAN_HEADERS | {"x-amz-date", "x-amz-content-sha256"}):
                problem = "the plan's headers differ from the case's"
            elif len(body) != expected["encoded_length"] or hashlib.sha256(body).hexdigest() != expected["body_sha256"]:
                problem = f"framed body differs ({len(body)} bytes, want {expected['encoded_length']})"
        if problem:
            failed += 1
            print(f"{binding} {cid}: {problem}")
        else:
            passed += 1
    print(f"{binding}-chunked: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main() -> int:
    if sys.argv[1:2] == ["cases"]:
        sys.stdout.write("".join(json.dumps(c) + "\n" for c in ops()))
        return 0
    if sys.argv[1:2] == ["check"] and len(sys.argv) == 4:
        return check(sys.argv[2], sys.argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
