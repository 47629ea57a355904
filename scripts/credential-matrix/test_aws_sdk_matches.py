"""The credential-chain scenario matrix, Node against Node: every scenario of
bindings-python/tests/test_credential_chain.py resolved by the npm package's
default chain and by the AWS SDK for JavaScript's (`fromNodeProviderChain` of
@aws-sdk/credential-providers, pinned in scripts/credential-matrix/node), in
the same environment: the same keys, token and expiry, or the same failure.
Both runners refuse every socket but 127.0.0.1."""

import json
import pathlib
import shutil
import subprocess
import sys
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings-python" / "tests"))
sys.path.insert(0, str(ROOT / "scripts" / "credential-matrix"))

from test_credential_chain import SCENARIOS, base, scenario
from test_node_matches import node_resolves

__all__ = ["base"]  # the fixture, used by name

RUNNER = ROOT / "scripts" / "credential-matrix" / "node" / "aws-sdk-runner.mjs"


def aws_sdk_resolves(env: dict[str, str]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node is not None, "node is not on PATH"
    assert (RUNNER.parent / "node_modules").exists(), (
        "run npm ci in scripts/credential-matrix/node"
    )
    done = subprocess.run(
        [node, str(RUNNER)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", SCENARIOS)
def test_node_same_as_the_aws_sdk(name: str, base: str, tmp_path: pathlib.Path) -> None:
    env, expected_source = scenario(tmp_path, base, name)
    ours = node_resolves(env, base)
    theirs = aws_sdk_resolves(env)
    if expected_source == "none":
        assert (ours["outcome"], theirs["outcome"]) == ("none", "none"), (ours, theirs)
        return
    if name == "expired SSO token":
        assert (ours["outcome"], theirs["outcome"]) == ("error", "error"), (
            ours,
            theirs,
        )
        return
    assert ours["outcome"] == "ok", ours
    assert theirs["outcome"] == "ok", theirs
    assert ours["keys"] == theirs["keys"]
    assert ours["expiry"] == theirs["expiry"]
