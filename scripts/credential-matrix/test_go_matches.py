"""The credential-chain scenario matrix for the Go binding: every scenario of
bindings-python/tests/test_credential_chain.py, resolved by
sigv4kit.ResolveChain (bindings-c/go/cmd/chainrunner, net/http guarded to
127.0.0.1, os/exec) and compared with botocore in the same environment."""

import json
import os
import pathlib
import subprocess
import sys
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings-python" / "tests"))

from test_credential_chain import (
    SCENARIOS,
    SSO_TOKEN,
    base,
    botocore_resolves,
    scenario,
)

__all__ = ["base"]  # the fixture, used by name

RUNNER = pathlib.Path(
    os.environ.get(
        "SIGV4KIT_GO_CHAIN_RUNNER", str(ROOT / "target" / "go" / "chainrunner")
    )
)


def go_resolves(env: dict[str, str]) -> dict[str, Any]:
    assert RUNNER.exists(), f"{RUNNER} is missing: make test-credentials builds it"
    done = subprocess.run(
        [str(RUNNER)], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", SCENARIOS)
def test_go_same_as_botocore(name: str, base: str, tmp_path: pathlib.Path) -> None:
    env, expected_source = scenario(tmp_path, base, name)
    ours = go_resolves(env)
    theirs = botocore_resolves(env)
    if expected_source == "none":
        assert (ours["outcome"], theirs["outcome"]) == ("none", "none"), (ours, theirs)
        return
    if name == "expired SSO token":
        assert (ours["outcome"], theirs["outcome"]) == ("error", "error"), (
            ours,
            theirs,
        )
        assert "aws sso login" in ours["message"] and SSO_TOKEN not in ours["message"]
        return
    assert ours["outcome"] == "ok", ours
    assert theirs["outcome"] == "ok", theirs
    assert ours["source"] == expected_source
    assert ours["keys"] == theirs["keys"]
    assert ours["expiry"] == theirs["expiry"]
    assert ours["region"] == theirs["region"]
