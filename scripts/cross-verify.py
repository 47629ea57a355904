#!/usr/bin/env python3
"""What we signed, we verify, across bindings: signs every case with each
binding's conformance runner, then feeds each signed request (as it goes on
the wire, with the case's body) to every binding's `verify` operation, with
the settings the signer used, at the signing time, knowing only the case's
key. Every signer against every verifier, header and presigned.

usage: cross-verify.py CASES.jsonl BINDING...   ("rust" is always included)

The expected verdict comes from the case alone, by the SigV4 rules, never
from a runner's answer:

- a body signed by its SHA-256 (`payload.mode` `hash`) verifies, header or
  presigned, with or without `x-amz-content-sha256`, with the session token
  signed or added after signing; and the same request with one byte more in
  the body is refused (`payload_hash_mismatch` when the header signature
  declares the digest in `x-amz-content-sha256`, else `signature_mismatch`);
- `UNSIGNED-PAYLOAD` (the verifier told to accept it, as the signer's server
  would be) verifies when the request says so: presigned (where it is the
  convention the verifier tries) or with `x-amz-content-sha256` on a header
  signature; a header signature that does not say so is a
  `signature_mismatch` (the verifier can only hash the body it got);
- a `STREAMING-*` value declared in `x-amz-content-sha256` makes the
  verifier decode the body as `aws-chunked`, after the head's signature
  verified: these cases declare no `x-amz-decoded-content-length`, so it is
  `invalid_request` (a form of another algorithm than the signature's,
  ECDSA chunks under SigV4 or HMAC and unsigned ones under SigV4a, is
  `streaming_payload_unsupported`; the unsigned-trailer form outside S3 is
  `unsigned_payload_not_allowed`); undeclared, it is `signature_mismatch`
  (the value is nowhere on the wire). Chunked bodies that verify are
  `make test-chunked`'s business.

SigV4a cases are verified the same way (the verifier checks the ECDSA
signature with the public key derived from the case's key), with the first
entry of the region set as the verifier's region (none when it is a
pattern). Cases a signer refuses are counted and named, not verified
(refusals to sign are compare-runners.py's business). Prints one line per wrong verdict and 'N passed, N failed'.
"""
import base64
import json
import pathlib
import subprocess
import sys
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
Case = dict[str, Any]


def run(binding: str, lines: list[Case]) -> list[Case]:
    data = "".join(json.dumps(c) + "\n" for c in lines).encode()
    proc = subprocess.run([str(ROOT / "scripts" / "conformance"), binding], input=data,
                          capture_output=True, timeout=900, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{binding} runner exited {proc.returncode}: "
                           f"{proc.stderr.decode(errors='replace')[-2000:]}")
    out = [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]
    if len(out) != len(lines):
        raise RuntimeError(f"{binding} runner: {len(out)} results for {len(lines)} cases")
    return out


def expected(case: Case) -> tuple[str | None, str | None]:
    """(verdict on the request as signed, verdict with one byte more in the
    body); None is "verified", a string the error code."""
    mode = case.get("payload", {}).get("mode", "hash")
    presigned = case.get("signature_location", "headers") == "query"
    declared = not presigned and bool(case.get("content_sha256_header", False))
    if mode == "hash":
        return None, ("payload_hash_mismatch" if declared else "signature_mismatch")
    if mode == "unsigned":
        return (None if presigned or declared else "signature_mismatch"), None
    value = case.get("payload", {}).get("value", "")
    if value.startswith("STREAMING-"):
        if not declared:
            return "signature_mismatch", None
        if ("ECDSA" in value) != (case.get("algorithm") == "AWS4-ECDSA-P256-SHA256"):
            # A chunk form of another algorithm than the head's signature.
            return "streaming_payload_unsupported", None
        if "UNSIGNED" in value and case["service"] not in ("s3", "s3-object-lambda", "s3-outposts", "s3express"):
            return "unsigned_payload_not_allowed", None
        return "invalid_request", None
    raise SystemExit(f"{case['id']}: no rule for payload {case.get('payload')}")


def mode_hash(case: Case) -> bool:
    return bool(case.get("payload", {}).get("mode", "hash") == "hash")


def verifier_region(case: Case) -> str | None:
    """The region the verifier is in: SigV4's scope region, or for SigV4a
    one the region set names (none for a pattern)."""
    if case.get("algorithm", "AWS4-HMAC-SHA256") == "AWS4-HMAC-SHA256":
        return str(case["region"])
    first = str(case["region"]).split(",")[0]
    return None if "*" in first else first


def verify_case(case: Case, signed: Case, case_id: str, body: bytes) -> Case:
    creds = case["credentials"]
    mode = case.get("payload", {}).get("mode", "hash")
    sent = signed["signed_request"]
    return {
        "id": case_id,
        "op": "verify",
        "request": {"method": sent["method"], "target": sent["target"], "headers": sent["headers"],
                    "body_base64": base64.b64encode(body).decode()},
        "now": case["timestamp"],
        "keys": [{"access_key_id": creds["access_key_id"], "secret_access_key": creds["secret_access_key"],
                  "session_token": creds.get("session_token"), "expiration": None}],
        "verify": {"region": verifier_region(case), "service": case["service"],
                   "double_encode_path": case.get("double_encode_path", True),
                   "normalize_path": case.get("normalize_path", True),
                   "max_clock_skew": 300,
                   "allow_unsigned_payload": True if mode == "unsigned" else None},
    }


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cases = [json.loads(line) for line in pathlib.Path(sys.argv[1]).read_text().splitlines() if line.strip()]
    bindings = ["rust"] + [b for b in sys.argv[2:] if b != "rust"]

    # (verify case, expected verdict, the region the accepted request names:
    # the scope's region, or the SigV4a region set as signed).
    checks: list[tuple[Case, str | None, str]] = []
    failed = 0
    for signer in bindings:
        try:
            results = run(signer, cases)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            print(f"{signer} (signing): {err}")
            failed += 2 * len(cases)
            continue
        refused = [c["id"] for c, r in zip(cases, results) if "signed_request" not in r]
        if refused:
            print(f"cross-verify: {signer} refused to sign {len(refused)} cases, not verified: "
                  f"{', '.join(refused[:10])}")
        for case, result in zip(cases, results):
            if "signed_request" not in result:
                continue
            body = base64.b64decode(case.get("request", {}).get("body_base64") or "")
            as_signed, longer = expected(case)
            checks.append((verify_case(case, result, f"{case['id']}/signed-by-{signer}", body), as_signed,
                           case["region"]))
            if mode_hash(case):
                checks.append((verify_case(case, result, f"{case['id']}/signed-by-{signer}/longer-body",
                                           body + b"x"), longer, case["region"]))

    passed = 0
    lines = [c for c, _, _ in checks]
    for verifier in bindings:
        try:
            verdicts = run(verifier, lines)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            print(f"{verifier} (verifying): {err}")
            failed += len(lines)
            continue
        for (case, want, region), got in zip(checks, verdicts):
            code = got["error"]["code"] if "error" in got else None
            ok = code == want and got.get("id") == case["id"]
            if ok and want is None:
                v = got.get("verified", {})
                location = "query" if "X-Amz-Signature=" in case["request"]["target"] else "headers"
                ok = (v.get("access_key_id"), v.get("region"), v.get("service"), v.get("location")) == (
                    case["keys"][0]["access_key_id"], region, case["verify"]["service"],
                    location)
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"{verifier} verifying {case['id']}: expected {want or 'verified'}, "
                      f"got {json.dumps(got)[:400]}")
    print(f"cross-verify: {len(bindings)} signers x {len(bindings)} verifiers, {len(lines)} requests each")
    print(f"cross-verify: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
