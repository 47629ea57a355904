"""Smoke test of an installed sigv4kit wheel: signs the official suite's
get-vanilla case and compares with the suite's expected signature.

    python smoke.py TESTDATA_DIR

Run it with the interpreter of the venv under test, from a directory where
the source package is not importable (python -I).
"""

from __future__ import annotations

import datetime
import json
import pathlib
import sys

import sigv4kit


def main() -> int:
    case = pathlib.Path(sys.argv[1]) / "aws-signing-test-suite" / "v4" / "get-vanilla"
    context = json.loads((case / "context.json").read_text())
    expected = (case / "header-signature.txt").read_text().strip()
    creds = context["credentials"]
    signer = sigv4kit.Signer(
        context["region"],
        context["service"],
        sigv4kit.Credentials(creds["access_key_id"], creds["secret_access_key"]),
    )
    signed = signer.sign(
        "GET",
        "https://example.amazonaws.com/",
        timestamp=datetime.datetime.fromisoformat(context["timestamp"].replace("Z", "+00:00")),
    )
    where = pathlib.Path(sigv4kit.__file__).parent
    if signed.signature != expected:
        print(f"smoke: FAIL get-vanilla: {signed.signature} != {expected} ({where})")
        return 1
    print(f"smoke: sigv4kit {sigv4kit.__version__} from {where}: get-vanilla signature matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
