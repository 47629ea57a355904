#!/usr/bin/env python3
"""Feeds the same cases to several bindings' conformance runners and checks
that every result line is identical to the Rust core's (the reference
binding), JSON value for value.

usage: compare-runners.py CASES.jsonl [BINDING ...]
Prints one line per difference and 'N passed, N failed'; exits 1 on any
difference or on a runner that fails to run.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(binding: str, cases: bytes) -> list:
    proc = subprocess.run([str(ROOT / "scripts" / "conformance"), binding], input=cases,
                          capture_output=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"{binding} runner exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}")
    return [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]


def main() -> int:
    cases = pathlib.Path(sys.argv[1]).read_bytes()
    count = sum(1 for line in cases.splitlines() if line.strip())
    reference = run("rust", cases)
    passed = failed = 0
    # With no other binding yet, the Rust runner is compared with a second
    # run of itself: at least its answers must not vary.
    for binding in sys.argv[2:] or ["rust"]:
        try:
            results = run(binding, cases)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            print(f"{binding}: {err}")
            failed += count
            continue
        if len(results) != len(reference):
            print(f"{binding}: {len(results)} results for {len(reference)} cases")
            failed += count
            continue
        for want, got in zip(reference, results):
            if want.get("error") and got.get("error"):
                same = want["error"]["code"] == got["error"]["code"] and want.get("id") == got.get("id")
            else:
                same = want == got
            if same:
                passed += 1
            else:
                failed += 1
                print(f"{binding}: {want.get('id')}: differs from rust:\n  rust: {json.dumps(want)[:600]}\n  {binding}: {json.dumps(got)[:600]}")
    print(f"cross-binding: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
