#!/usr/bin/env python3
"""Turns the official AWS signing test suite (testdata/aws-signing-test-suite/v4
and v4a) into conformance cases and the results the suite expects.

Each suite directory gives a request (request.txt), its signing context
(context.json) and, for header and query signing, the canonical request,
string to sign, signature and signed request AWS computed. We emit one case per
directory and location to testdata/cases/v4-suite.jsonl and the suite's own
answers to testdata/cases/v4-suite.expected.jsonl; the SigV4a suite goes to
testdata/cases/v4a-suite.jsonl and v4a-suite.expected.jsonl, whose expected
lines carry the vector's public key (public-key.json) instead of a signature
to compare: ECDSA signatures differ from run to run and are checked by
verifying them (scripts/check-v4a.py). With --check, nothing is written and
the exit status says whether the committed files are current.
"""
import base64
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SUITE = ROOT / "testdata" / "aws-signing-test-suite"
ALGORITHMS = {"v4": "AWS4-HMAC-SHA256", "v4a": "AWS4-ECDSA-P256-SHA256"}
OUT = ROOT / "testdata" / "cases"


def parse_http(raw: bytes):
    """Splits an HTTP/1.1 request as the suite writes it. Continuation lines
    (obsolete line folding) stay in the value, joined by a line feed."""
    head, _, body = raw.partition(b"\n\n")
    lines = head.decode("utf-8").split("\n")
    request_line = lines[0]
    method, _, rest = request_line.partition(" ")
    target = rest.rsplit(" ", 1)[0]
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + "\n" + line)
            continue
        name, _, value = line.partition(":")
        headers.append((name, value.strip(" \t")))
    return method, target, headers, body


def read(path: pathlib.Path) -> str:
    return path.read_text(encoding="utf-8")


def build(suite: str):
    cases, expected = [], []
    for case_dir in sorted(p for p in (SUITE / suite).iterdir() if p.is_dir()):
        # Two v4a directories (get-vanilla-query-order-key, -value) hold only
        # a request and a context, no answers, upstream as here: nothing to
        # check them against.
        if not (case_dir / "header-canonical-request.txt").exists():
            continue
        context = json.loads(read(case_dir / "context.json"))
        method, target, headers, body = parse_http((case_dir / "request.txt").read_bytes())
        creds = context["credentials"]
        for location, prefix in (("headers", "header"), ("query", "query")):
            case_id = f"{case_dir.name}/{prefix}"
            cases.append({
                "id": case_id,
                "algorithm": ALGORITHMS[suite],
                "signature_location": location,
                "credentials": {
                    "access_key_id": creds["access_key_id"],
                    "secret_access_key": creds["secret_access_key"],
                    "session_token": creds.get("token"),
                },
                "region": context["region"],
                "service": context["service"],
                "timestamp": context["timestamp"],
                "expires_in": context.get("expiration_in_seconds", 3600),
                "normalize_path": context.get("normalize", True),
                "double_encode_path": True,
                "payload": {"mode": "hash"},
                "content_sha256_header": context.get("sign_body", False),
                "omit_session_token": context.get("omit_session_token", False),
                "request": {
                    "method": method,
                    "target": target,
                    "headers": [list(h) for h in headers],
                    "body_base64": base64.b64encode(body).decode("ascii"),
                },
            })
            s_method, s_target, s_headers, _ = parse_http((case_dir / f"{prefix}-signed-request.txt").read_bytes())
            want = {
                "id": case_id,
                "canonical_request": read(case_dir / f"{prefix}-canonical-request.txt"),
                "string_to_sign": read(case_dir / f"{prefix}-string-to-sign.txt"),
                "signed_request": {"method": s_method, "target": s_target, "headers": [list(h) for h in s_headers]},
            }
            if suite == "v4a":
                key = json.loads(read(case_dir / "public-key.json"))
                want["public_key"] = {"x": key["X"], "y": key["Y"]}
            else:
                want["signature"] = read(case_dir / f"{prefix}-signature.txt").strip()
            expected.append(want)
    return cases, expected


def dump(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main() -> int:
    files = {}
    for suite in ALGORITHMS:
        cases, expected = build(suite)
        files[OUT / f"{suite}-suite.jsonl"] = dump(cases)
        files[OUT / f"{suite}-suite.expected.jsonl"] = dump(expected)
    if "--check" in sys.argv:
        stale = [str(p.relative_to(ROOT)) for p, text in files.items() if not p.exists() or read(p) != text]
        for p in stale:
            print(f"{p} is out of date: run scripts/suite-to-cases.py", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for p, text in files.items():
        p.write_text(text, encoding="utf-8")
    print(f"{', '.join(str(p.relative_to(ROOT)) for p in files)} written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
