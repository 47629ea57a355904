#!/usr/bin/env python3
"""Runs a C or Go demo client against the real local IAM gateway.

usage: demo_gateway.py GATEWAY LABEL CLIENT [ARGS...]

Starts GATEWAY (target/debug/sigv4kit-gateway, which `make build-gateway`
builds) on a loopback port it picks itself, runs CLIENT with the demo
protocol's environment pointing at it, and checks every line the client
prints, `CALL<TAB>STATUS<TAB>message`, against what API Gateway answers for
that call: the status and a telling part of the message. The gateway, the
expected outcomes and the environment are scripts/demo.py's (the same as
`make demo`), so the clients are held to one truth. Prints
'LABEL: N passed, N failed'; exits 1 when a call is wrong or missing, the
client fails, or the gateway does not stop cleanly.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import demo  # scripts/demo.py: Gateway, EXPECTED, run_client


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    gateway_bin, label, command = Path(sys.argv[1]), sys.argv[2], tuple(sys.argv[3:])
    client = demo.Client(label, "bindings-c", command[-1], None, command)
    report = demo.Report()
    gateway = demo.Gateway(gateway_bin, ROOT / "target" / "demo" / f"gateway-{label}.log")
    try:
        demo.run_client(client, gateway.endpoint, report)
    finally:
        code = gateway.stop()
    failed = [r for r in report.rows if not r.ok]
    for row in failed:
        print(f"  {row.call}: expected {row.expected}, got {row.got}", file=sys.stderr)
    if code != 0:
        print(f"  the gateway exited with {code} on SIGTERM", file=sys.stderr)
    passed = len(report.rows) - len(failed)
    print(f"{label}: {passed} passed, {len(failed)} failed")
    return 0 if not failed and passed == len(demo.EXPECTED) and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
