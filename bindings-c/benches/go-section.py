#!/usr/bin/env python3
"""Turns `go test -bench` output of bindings-c/go into a Markdown section
for BENCHMARKS.md.

usage: go-section.py BENCH_OUTPUT
"""

import os
import re
import sys


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    overhead: dict[str, float] | None = None
    scale: float | None = None
    own: float | None = None
    paused: float | None = None
    collections: float | None = None
    cpu: float | None = None
    c_scale: float | None = None
    c_cpu: float | None = None
    own_cpu: float | None = None
    load = "unknown"
    with open(sys.argv[1], encoding="utf-8") as output:
        lines = output.readlines()
    for line in lines:
        m = re.match(r"Benchmark(\w+)-\d+\s+\d+\s+([\d.]+) ns/op(.*)", line)
        if not m:
            continue
        name, ns, rest = m.group(1), float(m.group(2)), m.group(3)
        if name == "TwoGoroutines":
            # `go test` prints each reported metric as `VALUE UNIT`.
            reported = {
                unit: float(v) for v, unit in re.findall(r"([\d.]+) ([\w-]+)", rest)
            }
            scale = reported.get("x-throughput")
            own = reported.get("x-throughput-own")
            paused = reported.get("x-throughput-gc-paused")
            collections = reported.get("collections-per-batch")
            c_scale = reported.get("x-throughput-c")
            cpu = reported.get("x-cpu-per-sign")
            own_cpu = reported.get("x-cpu-per-sign-own")
            c_cpu = reported.get("x-cpu-per-sign-c")
            found_load = reported.get("load-average")
            load = f"{found_load:.2f}" if found_load is not None else "unknown"
            continue
        if name == "WrapperOverhead":
            metrics = re.findall(r"([\d.]+) ([\w-]+/sign)", rest)
            overhead = {unit: float(v) for v, unit in metrics}
            continue
        count = re.search(r"(\d+) allocs/op", rest)
        rows.append((name, ns, count.group(1) if count else "-"))
    print("## Go package")
    print()
    print(
        "Command: `make bench-go` (`go test -bench .` in bindings-c/go). The request of the C"
    )
    print(
        "benchmark; `SignC` is the C API looping in C (`sigv4kit_sign`, a result freed per call),"
    )
    print(
        "`SignPackedC` the call `Sign` wraps looping in C (`sigv4kit_sign_packed`), `SignRaw` and"
    )
    print(
        "`SignHTTP` go through the Go package (`SignHTTP` signs a `*http.Request` in place, with the"
    )
    print("debugging strings; `SignParallel` is `Sign` from GOMAXPROCS goroutines).")
    print()
    print("| benchmark | ns per call (wall) | allocations |")
    print("| --- | ---: | ---: |")
    for name, ns, allocs in rows:
        print(f"| {name} | {ns:.0f} | {allocs} |")
    if overhead:
        print()
        print(
            "What the Go layer adds to a `Sign(*http.Request)`: short batches of the C loop of the call"
        )
        print(
            "it wraps (`sigv4kit_sign_packed`), of `Sign` and of the C loop of `sigv4kit_sign`, alternating"
        )
        print(
            "in one process, medians over 50 rounds (CPU time of the process, the Go collector's included):"
        )
        print(
            f"`sigv4kit_sign_packed` {overhead.get('packed-ns/sign', 0):.0f} ns, Go `Sign` {overhead.get('go-ns/sign', 0):.0f} ns,"
            f" difference {overhead.get('wrapper-ns/sign', 0):.0f} ns per signature"
        )
        print(
            f"(`sigv4kit_sign` + free {overhead.get('c-ns/sign', 0):.0f} ns; `Sign` minus that:"
            f" {overhead.get('vs-c-sign-ns/sign', 0):.0f} ns)."
        )
    if scale is not None:
        print()
        print(
            "Two goroutines sharing one `Signer` (`BenchmarkTwoGoroutines`: alternating rounds of one"
        )
        print(
            "goroutine and two, 20000 signatures per goroutine per round, as the C benchmark's threads,"
        )
        print(
            f"wall time, median of 15): {scale:.2f}x the throughput of one goroutine;"
        )
        if own is not None:
            print(
                f"{own:.2f}x with a `Signer` each (nothing shared; the two batches take turns at running first)."
            )
        if paused is not None:
            print(
                f"Sharing one `Signer` with the Go collector paused for the batch (it collects after, untimed): {paused:.2f}x;"
            )
            print(
                f"otherwise {collections if collections is not None else float('nan'):.0f} collections ran in each"
                " two-goroutine batch, for the header block each `Sign` allocates."
            )
        if c_scale is not None:
            print(
                f"In the same rounds the C loop of the call `Sign` makes (`sigv4kit_sign_packed`, on shared handles) scaled {c_scale:.2f}x"
            )
            print(
                "from one goroutine's cgo call to two: the bound the machine set at that moment"
            )
        print(
            f"(load average {load} while it ran, on {os.cpu_count()} cores; 2.00 would be perfect scaling on 2 free cores)."
        )
        if cpu is not None:
            print(
                f"CPU time of the process per signature, two goroutines against one: {cpu:.3f}x sharing one `Signer`"
            )
            print(
                f"({own_cpu if own_cpu is not None else float('nan'):.3f}x with a `Signer` each; the C loop's two against one:"
                f" {c_cpu if c_cpu is not None else float('nan'):.3f}x): what the two cost each other"
            )
            print(
                "(a shared lock, cache line, the collector, or the other core's work in the shared caches), apart from"
            )
            print("waiting for a core.")


if __name__ == "__main__":
    main()
