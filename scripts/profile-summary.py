#!/usr/bin/env python3
"""Summarizes a callgrind profile of `profile_sign` (core/examples) as a
Markdown table for BENCHMARKS.md: instructions per signature by kind of
work, from the self cost of each function that `callgrind_annotate` lists.

usage: profile-summary.py CALLGRIND_OUT CALLS

Valgrind's CPU has no SHA extensions, so under it SHA-256 runs the
portable code: its share here is far above its share of real time (the
hashing-floor row measures that); the other rows are what signing costs
around the hashing, and do not depend on the machine's load.
"""

import re
import subprocess
import sys

KINDS = [
    ("the profiling loop itself (request copies)", re.compile(r"profile_sign::")),
    ("SHA-256 compression (portable code under valgrind)", re.compile(r"sha2::")),
    ("allocation (malloc, free, growth)", re.compile(r"malloc|free|realloc|finish_grow|raw_vec|alloc::")),
    ("memcpy, memcmp", re.compile(r"mem(cpy|move|cmp|set)")),
    ("request validation", re.compile(r"request::|validate")),
    ("hashing glue (padding, HMAC, key cache lookup)", re.compile(r"mac::|credentials::|Mutex|futex")),
    ("canonical request and string to sign", re.compile(r"sign::|encoding::|canonical|string_to_sign|str::|slice::|iter::|fmt")),
    ("signer set-up and output (sign_at, time, payload)", re.compile(r"signer::|time::|payload::")),
]


def main() -> None:
    path, calls = sys.argv[1], int(sys.argv[2])
    text = subprocess.run(
        ["callgrind_annotate", "--auto=no", "--threshold=100", path],
        check=True, capture_output=True, text=True,
    ).stdout
    total = 0
    sums = {name: 0 for name, _ in KINDS}
    other = 0
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*)", line)
        if not m:
            continue
        count, where = int(m.group(1).replace(",", "")), m.group(2)
        if "PROGRAM TOTALS" in where:
            total = count
            continue
        for name, pattern in KINDS:
            if pattern.search(where):
                sums[name] += count
                break
        else:
            other += count
    print("| work | instructions per signature | share |")
    print("| --- | ---: | ---: |")
    rows = list(sums.items()) + [("other (start-up, loop)", other)]
    for name, count in rows:
        print(f"| {name} | {count / calls:.0f} | {100 * count / total:.1f}% |")
    sha = sums[KINDS[1][0]]
    print(f"| total | {total / calls:.0f} | 100% |")
    print()
    print(f"Outside SHA-256: {(total - sha) / calls:.0f} instructions per signature.")


if __name__ == "__main__":
    main()
