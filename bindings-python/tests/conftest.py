"""Shared fixtures. The tests import the installed wheel, never the source
tree: `make test-python` builds and installs it first."""

import importlib.util
import json
import os
import pathlib
from types import ModuleType
from typing import Any, Dict, List

import pytest

import sigv4kit

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUITE = ROOT / "testdata" / "cases" / "v4-suite.jsonl"
EXPECTED = ROOT / "testdata" / "cases" / "v4-suite.expected.jsonl"
REFUSALS = ROOT / "testdata" / "cases" / "refusals.jsonl"
REFUSALS_EXPECTED = ROOT / "testdata" / "cases" / "refusals.expected.jsonl"

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
