"""The wheel as a user gets it: one abi3 wheel, typed, no dependencies,
installable into a fresh virtual environment that has nothing else."""

import pathlib
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser

import pytest

from conftest import ROOT

WHEELS = sorted((ROOT / "target" / "wheels").glob("sigv4kit-*.whl"))


@pytest.fixture(scope="module")
def wheel() -> pathlib.Path:
    if len(WHEELS) != 1:
        pytest.fail(f"expected one built wheel in target/wheels, found {len(WHEELS)}")
    return WHEELS[0]


def test_wheel_contents(wheel: pathlib.Path) -> None:
    assert "-cp310-abi3-" in wheel.name
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    for expected in (
        "sigv4kit/__init__.py",
        "sigv4kit/_native.pyi",
        "sigv4kit/py.typed",
        "sigv4kit/requests.py",
        "sigv4kit/httpx.py",
        "sigv4kit/request_signer.py",
        "sigv4kit/credentials.py",
        "sigv4kit/errors.py",
    ):
        assert expected in names
    assert any(n.startswith("sigv4kit/_native") and n.endswith(".so") for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Requires-Python"] == ">=3.10"
    # Nothing is required; requests and httpx are extras.
    required = [r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r]
    assert required == []
    assert metadata["Description-Content-Type"].startswith("text/markdown")
    body = metadata.get_payload()
    assert isinstance(body, str)
    for section in ("## Signer", "## requests", "## httpx", "## RequestSigner", "## Credentials"):
        assert section in body


def test_installs_into_a_fresh_venv(wheel: pathlib.Path, tmp_path: pathlib.Path) -> None:
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import sys, sigv4kit\n"
        "s = sigv4kit.Signer('us-east-1', 'execute-api', sigv4kit.Credentials('AKID', 'S'))\n"
        "print(s.sign('GET', 'https://example.com/', timestamp=0).amz_date)\n"
        "print(any(m in sys.modules for m in ('requests', 'httpx', 'botocore')))\n"
    )
    out = subprocess.run(
        [str(python), "-I", "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.split() == ["19700101T000000Z", "False"]
