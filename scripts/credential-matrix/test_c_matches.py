"""The credential-chain scenario matrix for the C library: every scenario of
bindings-python/tests/test_credential_chain.py, resolved by
`sigv4kit_credentials_from_chain` (bindings-c/tests/chain_runner.c) with the
built-in plain HTTP client and with a transport callback, and compared with
botocore in the same environment. The C API never returns the secret, so
the runner signs a fixed request; the signature is recomputed here from
botocore's secret with Python's hmac (independent of sigv4kit)."""

import hashlib
import hmac
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
        "SIGV4KIT_C_CHAIN_RUNNER", str(ROOT / "target" / "c" / "chain_runner")
    )
)


LOOPBACK = ("http://127.0.0.1:", "https://127.0.0.1:")


def assert_builtin_stays_on_loopback(env: dict[str, str]) -> None:
    """The built-in client may reach instance metadata and the container
    endpoint (169.254.x) itself, and no guard of ours sits in its path, so
    the scenario must leave it nothing but loopback: metadata disabled or
    pointed at 127.0.0.1, no relative container URI, every endpoint on
    127.0.0.1."""
    assert "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" not in env, env
    assert env.get("AWS_EC2_METADATA_DISABLED") == "true" or env.get(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT", ""
    ).startswith(LOOPBACK), env
    for name, value in env.items():
        if name.startswith("AWS_") and "://" in value:
            assert value.startswith(LOOPBACK), (name, value)


def c_resolves(env: dict[str, str], mode: str) -> dict[str, Any]:
    assert RUNNER.exists(), f"{RUNNER} is missing: make test-credentials builds it"
    if mode == "builtin":
        assert_builtin_stays_on_loopback(env)
    done = subprocess.run(
        [str(RUNNER), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def signature(secret: str, string_to_sign: str) -> str:
    """SigV4 by the AWS documentation's recipe, for the runner's fixed
    request (20150830, us-east-1, service)."""
    key = ("AWS4" + secret).encode()
    for part in ("20150830", "us-east-1", "service", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


# The built-in client would go to 169.254.170.2 itself for the relative
# URI: only the callback, which redirects it, runs that scenario.
CASES = [
    (name, mode)
    for name in SCENARIOS
    for mode in ("builtin", "callback")
    if not (name == "container relative URI" and mode == "builtin")
]


@pytest.mark.parametrize(("name", "mode"), CASES)
def test_c_same_as_botocore(
    name: str, mode: str, base: str, tmp_path: pathlib.Path
) -> None:
    env, expected_source = scenario(tmp_path, base, name)
    ours = c_resolves(env, mode)
    theirs = botocore_resolves(env)
    if expected_source == "none":
        assert (ours["outcome"], theirs["outcome"]) == ("none", "none"), (ours, theirs)
        assert (ours["code"], ours["source"]) == ("not_found", "chain"), ours
        return
    if name == "expired SSO token":
        assert (ours["outcome"], theirs["outcome"]) == ("error", "error"), (
            ours,
            theirs,
        )
        assert "aws sso login" in ours["message"] and SSO_TOKEN not in ours["message"]
        assert (ours["code"], ours["source"]) == ("invalid_credentials", "sso"), ours
        return
    assert ours["outcome"] == "ok", ours
    assert theirs["outcome"] == "ok", theirs
    akid, secret, token = theirs["keys"]
    assert ours["akid"] == akid
    assert ours["token"] == token
    assert ours["expiry"] == theirs["expiry"]
    assert ours["signature"] == signature(secret, ours["string_to_sign"])
