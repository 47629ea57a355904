#!/usr/bin/env python3
"""Compares a runner's answers to the `post_policy` cases with the expected
file (computed by botocore, see gen-post-policy-expected.py): the URL and the
form fields, names, values and order, must be the same bytes; a case botocore
signs but sigv4kit refuses on purpose must be refused with the expected code.

usage: check-post-policy.py EXPECTED.jsonl RESULTS.jsonl [LABEL]
"""
import json
import sys


def main() -> int:
    expected_path, results_path = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else results_path
    with open(expected_path, encoding="utf-8") as f:
        expected = [json.loads(line) for line in f if line.strip()]
    with open(results_path, encoding="utf-8") as f:
        results = [json.loads(line) for line in f if line.strip()]
    failed = 0
    if len(results) != len(expected):
        print(f"{label}: {len(results)} results for {len(expected)} cases")
        failed += 1
    for want, got in zip(expected, results):
        problems = []
        if got.get("id") != want["id"]:
            problems.append(f"id {got.get('id')!r}")
        elif "error" in want:
            code = (got.get("error") or {}).get("code")
            if code != want["error"]["code"]:
                problems.append(f"expected refusal {want['error']['code']}, got {got.get('error') or 'a signed form'}")
            elif not got["error"].get("message"):
                problems.append("refused without a message")
        elif "error" in got:
            problems.append(f"refused: {got['error']}")
        else:
            for key in ("url", "fields"):
                if got.get(key) != want[key]:
                    problems.append(f"{key} differs:\n  expected {want[key]}\n  got      {got.get(key)}")
        if problems:
            failed += 1
            print(f"{label}: {want['id']}: " + "\n".join(problems))
    print(f"{label}: {len(expected) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
