"""Shared fixtures. The tests import the installed wheel, never the source
tree: `make test-python` builds and installs it first."""

import importlib.util
import ipaddress
import json
import os
import pathlib
import socket
from types import ModuleType
from typing import Any, Dict, List

import pytest

import sigv4kit

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUITE = ROOT / "testdata" / "cases" / "v4-suite.jsonl"
EXPECTED = ROOT / "testdata" / "cases" / "v4-suite.expected.jsonl"
REFUSALS = ROOT / "testdata" / "cases" / "refusals.jsonl"
REFUSALS_EXPECTED = ROOT / "testdata" / "cases" / "refusals.expected.jsonl"


def _is_loopback(host: Any) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _loopback_only(address: Any) -> None:
    if isinstance(address, tuple) and not _is_loopback(address[0]):
        raise OSError(f"test guard: no connection to {address[0]}: tests reach 127.0.0.1 only")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _loopback_only(address)
    _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _loopback_only(address)
    return _connect_ex(self, address)


# Every socket of the test process may reach loopback only: a test that forgot
# to point an endpoint variable at a local stand-in fails before anything
# leaves the machine (child processes get their own guards).
socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]

# No test may reach instance metadata or a container endpoint by accident: the
# default credential chain ends with both. Tests of those sources point the
# chain at local endpoints explicitly.
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
for _name in (
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
):
    os.environ.pop(_name, None)

# The example key pair of the AWS documentation and the official suite.
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def pytest_configure(config: pytest.Config) -> None:
    source = ROOT / "bindings-python" / "python"
    location = pathlib.Path(sigv4kit.__file__).resolve()
    if source in location.parents:
        raise pytest.UsageError(
            f"sigv4kit was imported from the source tree ({location}), not the wheel"
        )


def read_jsonl(path: pathlib.Path) -> List[Dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def check_results_module() -> ModuleType:
    """scripts/check-results.py, the comparison every binding is held to."""
    spec = importlib.util.spec_from_file_location(
        "check_results", ROOT / "scripts" / "check-results.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def credentials() -> sigv4kit.Credentials:
    return sigv4kit.Credentials(AKID, SECRET)
