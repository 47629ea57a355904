"""The credential-chain scenario matrix for the Node build: every scenario of
bindings-python/tests/test_credential_chain.py, resolved by the npm
package's default chain (bindings-wasm/test/helpers/chain-runner.mjs, its
requests guarded to 127.0.0.1) and compared with botocore in the same
environment, and with the Python binding. Run by `make test-credentials`
after the wheel and the Node build are built."""

import json
import pathlib
import shutil
import subprocess
import sys
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings-python" / "tests"))

from test_credential_chain import (
    SCENARIOS,
    SSO_TOKEN,
    Guard,
    base,
    botocore_resolves,
    ours_resolves,
    scenario,
)

__all__ = ["base"]  # the fixture, used by name

RUNNER = ROOT / "bindings-wasm" / "test" / "helpers" / "chain-runner.mjs"


def node_resolves(env: dict[str, str], base_url: str) -> dict[str, Any]:
    node = shutil.which("node")
    assert node is not None, "node is not on PATH"
    done = subprocess.run(
        [node, str(RUNNER)],
        input=json.dumps({"env": env, "base": base_url}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**env, "PATH": env["PATH"]},
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", SCENARIOS)
def test_node_same_as_botocore_and_python(
    name: str, base: str, tmp_path: pathlib.Path
) -> None:
    env, expected_source = scenario(tmp_path, base, name)
    node = node_resolves(env, base)
    theirs = botocore_resolves(env)
    python = ours_resolves(env, Guard(base))
    if expected_source == "none":
        assert (node["outcome"], theirs["outcome"]) == ("none", "none"), (node, theirs)
        return
    if name == "expired SSO token":
        assert (node["outcome"], theirs["outcome"]) == ("error", "error"), (
            node,
            theirs,
        )
        assert "aws sso login" in node["message"] and SSO_TOKEN not in node["message"]
        assert node["message"] == python["message"]
        return
    assert node["outcome"] == "ok", node
    assert theirs["outcome"] == "ok", theirs
    assert node["source"] == expected_source == python["source"]
    assert node["keys"] == theirs["keys"] == python["keys"]
    assert node["expiry"] == theirs["expiry"] == python["expiry"]
    assert node["region"] == theirs["region"] == python["region"]
    if name == "container relative URI":
        assert node["urls"] == ["http://169.254.170.2/container/v2/credentials/task-1"]
