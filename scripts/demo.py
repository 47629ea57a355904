#!/usr/bin/env python3
"""make demo: start the local IAM gateway on a free port, run every binding's
example client against it, and print what each call got.

Make builds every client first (`make demo` depends on each binding's build
target); this script only runs them. Each client follows the shared demo protocol: it reads SIGV4KIT_ENDPOINT,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, DEMO_ROLE_ARN and the
profiles DEMO_PROFILE_ROLE / DEMO_PROFILE_DENIED (in AWS_CONFIG_FILE, with STS
at AWS_ENDPOINT_URL_STS), makes
the calls below and prints one line per call, `CALL<TAB>STATUS<TAB>message`.
The runner compares statuses (and a telling part of each message) with what
API Gateway would answer, prints a table, and exits 1 if any row is wrong or
a client fails to build or run. A declared client whose source is not in the
tree is listed as missing (and fails the run with --require-all).

Usage: python3 scripts/demo.py [--gateway BIN] [--only NAME,...] [--require-all]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Client:
    """One example client: where it lives, the make target that builds what
    it needs (named when it has not run) and how to run it."""

    name: str
    # The binding directory the client belongs to.
    binding: str
    source: str
    build: str | None
    command: tuple[str, ...]
    needs: tuple[str, ...] = ()
    # Calls of EXTRA this client makes besides the shared ones.
    extra: tuple[str, ...] = ()


# The declared clients. One whose source file is absent is listed as
# missing, with whether its binding is in the tree: never silently skipped.
CLIENTS: tuple[Client, ...] = (
    Client("rust", "core", "examples/rust/src/main.rs", None,
           ("cargo", "run", "--quiet", "-p", "sigv4kit-example", "--bin", "demo-client"), ("cargo",)),
    Client("node-axios", "bindings-wasm", "examples/node/axios-client.mjs", "build-wasm",
           ("node", "examples/node/axios-client.mjs"), ("node",)),
    Client("node-fetch", "bindings-wasm", "examples/node/fetch-client.mjs", "build-wasm",
           ("node", "examples/node/fetch-client.mjs"), ("node",), ("upload",)),
    Client("python-signer", "bindings-python", "examples/python/signer_client.py", "build-python",
           (".venv/bin/python", "examples/python/signer_client.py"), (), ("upload",)),
    Client("python-requests", "bindings-python", "examples/python/requests_client.py", "build-python",
           (".venv/bin/python", "examples/python/requests_client.py")),
    Client("c", "bindings-c", "examples/c/demo_client.c", "build-c", ("target/c/demo_client",), ("cc",)),
    Client("go", "bindings-c/go", "examples/go/main.go", "build-go", ("target/go/demo-client",), ("go",)),
)


@dataclass(frozen=True)
class Expected:
    status: int
    # A part of the message API Gateway sends for this outcome.
    says: str


EXPECTED: dict[str, Expected] = {
    "allowed": Expected(200, "Hello"),
    "unsigned": Expected(403, "Missing Authentication Token"),
    "tampered": Expected(403, "signature we calculated does not match"),
    "denied": Expected(403, "not authorized"),
    "presigned": Expected(200, "Hello"),
    "assume-role": Expected(200, "Hello"),
    # A profile with role_arn + source_profile (DEMO_PROFILE_ROLE), resolved by
    # the binding's default credential chain: the role's session is allowed...
    "profile-role": Expected(200, "assumed-role/"),
    # ...and a role the resource policy does not name is refused.
    "profile-role-denied": Expected(403, "assumed-role/demo-outsider/"),
}

# Calls only some clients make (each lists its own in `extra`): a browser
# upload with a presigned S3 POST to the gateway's /s3/uploads, stored under
# the key S3 makes of `demo/${filename}` (201 and the key, as S3 answers).
EXTRA: dict[str, Expected] = {
    "upload": Expected(201, "demo/"),
}

DEMO_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "DEMO_ROLE_ARN": "arn:aws:iam::111122223333:role/demo-client",
    "DEMO_PROFILE_ROLE": "demo-role",
    "DEMO_PROFILE_DENIED": "demo-outsider",
}

# The shared files of the profile rows: two roles assumed with the demo user's
# keys (source_profile), through the gateway's STS.
DEMO_CONFIG = """\
[profile demo-role]
role_arn = arn:aws:iam::111122223333:role/demo-client
source_profile = demo-user
[profile demo-outsider]
role_arn = arn:aws:iam::111122223333:role/demo-outsider
source_profile = demo-user
"""
SHARED_FILES = ROOT / "target/demo/aws"
DEMO_CREDENTIALS = """\
[demo-user]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
"""

# Variables that would make a client pick up someone's real AWS identity.
SCRUBBED = ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")


@dataclass
class Row:
    client: str
    call: str
    expected: str
    got: str
    ok: bool


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    # Declared clients whose source is not in the tree.
    missing: list[str] = field(default_factory=list)

    def add(self, client: str, call: str, expected: str, got: str, ok: bool) -> None:
        self.rows.append(Row(client, call, expected, got, ok))


class Gateway:
    """The gateway binary on a free loopback port, its access log in a file."""

    def __init__(self, binary: Path, log: Path) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = log.open("wb")
        self.proc = subprocess.Popen(
            [str(binary), "--listen", "127.0.0.1:0", "--static-root", str(ROOT)],
            stdout=subprocess.PIPE, stderr=self.log_file, cwd=ROOT,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().decode().strip()
        if "listening on " not in first:
            self.stop()
            raise RuntimeError(f"the gateway did not start (log: {log})")
        self.endpoint = first.split("listening on ", 1)[1]
        # Keep reading its access log so its stdout pipe never fills up.
        self.copier = subprocess.Popen(["cat"], stdin=self.proc.stdout, stdout=self.log_file)

    def stop(self) -> int:
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        if hasattr(self, "copier"):
            self.copier.wait(timeout=30)
        self.log_file.close()
        return code


def parse_lines(output: str) -> dict[str, tuple[str, str]]:
    calls: dict[str, tuple[str, str]] = {}
    for line in output.splitlines():
        parts = line.split("\t", 2)
        if len(parts) >= 2 and (parts[0] in EXPECTED or parts[0] in EXTRA):
            calls[parts[0]] = (parts[1].strip(), parts[2] if len(parts) > 2 else "")
    return calls


def write_shared_files() -> None:
    """The demo's own ~/.aws files (the profiles DEMO_PROFILE_ROLE and
    DEMO_PROFILE_DENIED name), which every client run reads."""
    SHARED_FILES.mkdir(parents=True, exist_ok=True)
    (SHARED_FILES / "config").write_text(DEMO_CONFIG)
    (SHARED_FILES / "credentials").write_text(DEMO_CREDENTIALS)


def run_client(client: Client, endpoint: str, report: Report) -> None:
    # Written here, not only by main(): the per-binding harnesses
    # (bindings-c/tests/demo_gateway.py) call run_client directly.
    write_shared_files()
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(DEMO_ENV)
    env["SIGV4KIT_ENDPOINT"] = endpoint
    # Never read someone's ~/.aws files during the demo: the demo's own.
    env["AWS_CONFIG_FILE"] = str(SHARED_FILES / "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(SHARED_FILES / "credentials")
    env["AWS_ENDPOINT_URL_STS"] = endpoint
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    try:
        done = subprocess.run(list(client.command), cwd=ROOT, env=env, capture_output=True,
                              timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        report.add(client.name, "(run)", "exit 0", f"failed to run: {type(e).__name__}", False)
        return
    stdout = done.stdout.decode(errors="replace")
    calls = parse_lines(stdout)
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        report.add(client.name, "(exit)", "0", f"{done.returncode}: {' | '.join(tail)}"[:100], False)
    for call, expected in {**EXPECTED, **{c: EXTRA[c] for c in client.extra}}.items():
        want = f"{expected.status} {expected.says}"
        if call not in calls:
            report.add(client.name, call, want, "(no line printed)", False)
            continue
        status, message = calls[call]
        ok = status == str(expected.status) and expected.says in message
        report.add(client.name, call, want, f"{status} {message}"[:90], ok)


def print_table(report: Report) -> None:
    headers = ("client", "call", "expected", "got", "result")
    rows = [(r.client, r.call, r.expected, r.got, "ok" if r.ok else "WRONG") for r in report.rows]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    widths[3] = min(widths[3], 70)

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()

    print(line(headers))
    print(line(tuple("-" * w for w in widths)))
    for row in rows:
        print(line(row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gateway", default=str(ROOT / "target/debug/sigv4kit-gateway"))
    parser.add_argument("--only", default="", help="comma-separated client names")
    parser.add_argument("--require-all", action="store_true",
                        help="fail when a declared client's source is not in the tree")
    parser.add_argument("--no-build", action="store_true", help="accepted for old callers; nothing is built here")
    args = parser.parse_args()

    wanted = {n for n in args.only.split(",") if n}
    unknown = wanted - {c.name for c in CLIENTS}
    if unknown:
        parser.error(f"unknown client(s): {', '.join(sorted(unknown))}")
    clients = [c for c in CLIENTS if not wanted or c.name in wanted]

    report = Report()
    runnable: list[Client] = []
    for client in clients:
        if not (ROOT / client.source).exists():
            where = "in this tree" if (ROOT / client.binding).exists() else "not in this tree"
            report.missing.append(f"{client.name}: no {client.source} (its binding {client.binding}/ is {where})")
            continue
        absent = [tool for tool in client.needs if shutil.which(tool) is None]
        if absent:
            report.add(client.name, "(setup)", "tools", f"not installed: {', '.join(absent)}", False)
            continue
        program = ROOT / client.command[0]
        if client.build and "/" in client.command[0] and not program.exists():
            report.add(client.name, "(build)", "built", f"no {client.command[0]}: run make {client.build}", False)
            continue
        runnable.append(client)

    gateway = Gateway(Path(args.gateway), ROOT / "target/demo/gateway.log")
    started = time.monotonic()
    try:
        print(f"demo: gateway at {gateway.endpoint}", file=sys.stderr, flush=True)
        for client in runnable:
            print(f"demo: running {client.name}", file=sys.stderr, flush=True)
            run_client(client, gateway.endpoint, report)
    finally:
        code = gateway.stop()
    print_table(report)
    for line in report.missing:
        print(f"missing  {line}")
    wrong = sum(1 for r in report.rows if not r.ok)
    passed = len(report.rows) - wrong
    seconds = time.monotonic() - started
    print(f"demo: {passed} passed, {wrong} failed ({len(runnable)} clients in {seconds:.1f} s,"
          f" {len(report.missing)} missing; gateway log: target/demo/gateway.log)")
    if code != 0:
        print(f"demo: the gateway exited with {code} on SIGTERM", file=sys.stderr)
        return 1
    if report.missing and args.require_all:
        print("demo: declared clients are missing (see above)", file=sys.stderr)
        return 1
    return 0 if wrong == 0 and runnable else 1


if __name__ == "__main__":
    sys.exit(main())
