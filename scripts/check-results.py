#!/usr/bin/env python3
"""Compares a conformance runner's results with expected results.

usage: check-results.py EXPECTED.jsonl RESULTS.jsonl [LABEL]

An expected line either carries `error.code` (the case must be refused with
that code), `verified` (a verify case that must be accepted, with these
access key id, region, service and location), `diagnosis` (a diagnose case:
these fields of the finding, non-empty prose, and none of the strings in
`absent` anywhere in the result) or the canonical request, string to sign and signature (compared
byte for byte) and the signed request (headers compared as a multiset with
white space squeezed; query parameters as a multiset, as their order on the
wire does not matter). Prints one line per failure and a closing
'N passed, N failed' line; exits 1 if anything failed.
"""
import json
import re
import sys


def squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip())


def header_set(headers):
    return sorted((name.lower(), squeeze(value)) for name, value in headers)


def target_parts(target: str):
    path, _, query = target.partition("?")
    return path, sorted(p for p in query.split("&") if p)


def compare(expected: dict, got: dict) -> list:
    problems = []
    if "error" in expected:
        want = expected["error"]["code"]
        have = (got.get("error") or {}).get("code")
        if have != want:
            problems.append(f"expected error {want}, got {have or 'a signature'}")
        elif not (got["error"].get("message") or "").strip():
            problems.append("error without a message")
        return problems
    if "error" in got:
        return [f"refused: {got['error'].get('code')}: {got['error'].get('message')}"]
    if "diagnosis" in expected:
        # The diagnose operation: the finding and where it is, compared
        # field by field; the prose must be there, and no secret in it.
        have = got.get("diagnosis") or {}
        for key, want in expected["diagnosis"].items():
            if have.get(key) != want:
                problems.append(f"diagnosis.{key}: expected {want!r}, got {have.get(key)!r}")
        for key in ("cause", "hint", "text"):
            if not (have.get(key) or "").strip():
                problems.append(f"diagnosis.{key} is empty")
        shown = json.dumps(got)
        for secret in expected.get("absent", []):
            if secret in shown:
                problems.append("diagnosis shows a secret the error or the request carried")
        return problems
    if "verified" in expected:
        # The verify operation: who signed, for which scope, where.
        have = got.get("verified") or {}
        for key, want in expected["verified"].items():
            if have.get(key) != want:
                problems.append(f"verified.{key}: expected {want!r}, got {have.get(key)!r}")
        return problems
    for key in ("canonical_request", "string_to_sign", "signature"):
        if key in expected and got.get(key) != expected[key]:
            problems.append(f"{key} differs:\n--- expected\n{expected[key]}\n--- got\n{got.get(key)}")
    want_req, have_req = expected.get("signed_request"), got.get("signed_request")
    if want_req:
        if not have_req:
            return problems + ["no signed_request"]
        if want_req["method"] != have_req.get("method"):
            problems.append("signed_request.method differs")
        if target_parts(want_req["target"]) != target_parts(have_req.get("target", "")):
            problems.append(f"signed_request.target differs: {want_req['target']!r} vs {have_req.get('target')!r}")
        if header_set(want_req["headers"]) != header_set(have_req.get("headers", [])):
            problems.append(f"signed_request.headers differ: {want_req['headers']} vs {have_req.get('headers')}")
    return problems


def main() -> int:
    expected_path, results_path = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else results_path
    with open(expected_path, encoding="utf-8") as f:
        expected = [json.loads(line) for line in f if line.strip()]
    with open(results_path, encoding="utf-8") as f:
        results = [json.loads(line) for line in f if line.strip()]
    passed = failed = 0
    if len(results) != len(expected):
        print(f"{label}: {len(results)} results for {len(expected)} cases")
        failed += 1
    for want, got in zip(expected, results):
        if got.get("id") != want["id"]:
            print(f"{label}: result for {got.get('id')!r} where {want['id']!r} was expected (order broken)")
            failed += 1
            continue
        problems = compare(want, got)
        if problems:
            failed += 1
            for p in problems:
                print(f"{label}: {want['id']}: {p}")
        else:
            passed += 1
    print(f"{label}: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
