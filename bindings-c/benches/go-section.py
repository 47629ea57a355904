#!/usr/bin/env python3
"""Turns `go test -bench` output of bindings-c/go into a Markdown section
for BENCHMARKS.md.

usage: go-section.py BENCH_OUTPUT
"""

import math
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
    memory: dict[str, float] = {}
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
        if name == "Memory":
            # Growths of the heaps can be a little below zero: keep the sign.
            memory = {
                unit: float(v) for v, unit in re.findall(r"(-?[\d.]+) ([\w-]+)", rest)
            }
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
    if memory:
        print_memory(memory)


def whole(value: float) -> str:
    """A byte count to the byte, without a "-0" for a growth just below zero."""
    return "unknown" if math.isnan(value) else f"{round(value)}"


def print_memory(m: dict[str, float]) -> None:
    def b(unit: str) -> str:
        return whole(m.get(unit, float("nan")))

    print()
    print(
        f"Memory (`BenchmarkMemory`: {b('objects')} of each made and kept alive, the growth of each heap"
    )
    print(
        "over their number). Go heap: `runtime.MemStats.HeapAlloc` after collecting, live objects in the Go"
    )
    print(
        "allocator's size classes. C heap, where the Rust library allocates with the system malloc: glibc's"
    )
    print(
        "`mallinfo2()` bytes in use, malloc's chunk headers and rounding included (on 64-bit glibc 8 bytes a"
    )
    print(
        "chunk, sizes in steps of 16). The Rust core's counting allocator above counts the bytes asked for"
    )
    print(
        "only, so the same objects show more here; and the C library is built with the core's `sigv4a` feature,"
    )
    print(
        "whose slot for the SigV4a key makes its credentials larger than the default build's above."
    )
    print()
    # One line per bullet, as the Rust section's: a continuation line could
    # start with "+" and open a nested list.
    print(
        f'- `*Signer` (`NewSigner("us-east-1", "execute-api", creds)`): {b("signer-go-B")} bytes on the Go heap'
        " (the struct, most of it its striped read lock) + "
        f"{b('signer-c-B')} on the C heap: the core's signer and the C copy of the credentials, their key cache"
        f" empty ({b('credentials-c-B')} of it the credentials: `sigv4kit_credentials_new` as `NewSigner` calls it, alone)"
    )
    print(
        f"- `Credentials` (no session token): a Go value of {b('credentials-inline-B')} bytes, no heap of its own"
        " beyond its strings. `NewSigner` and `SetCredentials` copy it into C credentials (above; a new key cache"
        " each time). The `Signer` keeps only the access key id string of it"
    )
    print(
        f"- each cached signing key: {b('key-c-B')} C heap bytes, {b('key-go-B')} Go (after `SignRaw` at four days,"
        " over four; at most four per credentials: a fifth day adds "
        f"{b('fifth-key-c-B')} C bytes, {b('fifth-key-go-B')} Go, replacing one)"
    )
    print(
        f"- one `Sign` of the benchmark request: {b('sign-go-B')} bytes left on the Go heap in `req.Header`"
        f" (its header block), {b('sign-c-B')} on the C heap"
    )


if __name__ == "__main__":
    main()
