#!/usr/bin/env python3
"""Checks a conformance runner's SigV4a results against the official vectors.

usage: check-v4a.py EXPECTED.jsonl RESULTS.jsonl [LABEL]

EXPECTED is testdata/cases/v4a-suite.expected.jsonl (scripts/suite-to-cases.py
writes it from testdata/aws-signing-test-suite/v4a). For each case:

- the canonical request and the string to sign must equal the vector's byte
  for byte;
- the signature must verify, as ECDSA P-256 over SHA-256 of the vector's
  string to sign, under the vector's public key (public-key.json), with the
  `cryptography` package: an implementation independent of ours. ECDSA
  signatures differ from signer to signer (and, with random nonces, from run
  to run), so they are verified, never compared;
- the signed request must be the vector's except for the signature: the same
  headers (as a multiset, white space squeezed), the Authorization header
  equal up to `Signature=`, the query parameters (as a multiset) equal but
  for X-Amz-Signature, and the signature on the wire must be the one
  reported.

Prints one line per failure and a closing 'N passed, N failed' line; exits
1 if anything failed.
"""
import json
import re
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


def squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip())


def public_key(coordinates: dict) -> ec.EllipticCurvePublicKey:
    numbers = ec.EllipticCurvePublicNumbers(int(coordinates["x"], 16), int(coordinates["y"], 16), ec.SECP256R1())
    return numbers.public_key()


def verifies(key: ec.EllipticCurvePublicKey, message: str, signature_hex: str) -> bool:
    try:
        key.verify(bytes.fromhex(signature_hex), message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


def split_auth(headers):
    """The headers without Authorization, and Authorization split at its
    signature."""
    rest, auth = [], None
    for name, value in headers:
        if name.lower() == "authorization":
            auth = squeeze(value)
        else:
            rest.append((name.lower(), squeeze(value)))
    if auth is None:
        return sorted(rest), None, None
    head, _, signature = auth.partition("Signature=")
    return sorted(rest), head, signature


def split_query(target: str):
    path, _, query = target.partition("?")
    params, signature = [], None
    for p in query.split("&"):
        if p.startswith("X-Amz-Signature="):
            signature = p.partition("=")[2]
        elif p:
            params.append(p)
    return path, sorted(params), signature


def compare(expected: dict, got: dict) -> list:
    if "error" in got:
        return [f"refused: {got['error'].get('code')}: {got['error'].get('message')}"]
    problems = []
    for key in ("canonical_request", "string_to_sign"):
        if got.get(key) != expected[key]:
            problems.append(f"{key} differs:\n--- expected\n{expected[key]}\n--- got\n{got.get(key)}")
    signature = got.get("signature") or ""
    if not verifies(public_key(expected["public_key"]), expected["string_to_sign"], signature):
        problems.append(f"signature {signature!r} does not verify under the vector's public key")
    want, have = expected["signed_request"], got.get("signed_request") or {}
    if want["method"] != have.get("method"):
        problems.append("signed_request.method differs")
    w_headers, w_auth, _ = split_auth(want["headers"])
    h_headers, h_auth, h_sig = split_auth(have.get("headers", []))
    if w_headers != h_headers:
        problems.append(f"signed_request.headers differ: {w_headers} vs {h_headers}")
    if w_auth != h_auth:
        problems.append(f"Authorization differs before the signature: {w_auth!r} vs {h_auth!r}")
    w_path, w_params, w_qsig = split_query(want["target"])
    h_path, h_params, h_qsig = split_query(have.get("target", ""))
    if (w_path, w_params) != (h_path, h_params):
        problems.append(f"signed_request.target differs: {want['target']!r} vs {have.get('target')!r}")
    on_wire = h_sig if w_auth is not None else h_qsig
    if w_auth is None and w_qsig is None:
        problems.append("the vector's signed request carries no signature (unexpected)")
    elif on_wire != signature:
        problems.append(f"the signature on the wire ({on_wire!r}) is not the one reported")
    return problems


def main() -> int:
    expected_path, results_path = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else results_path
    with open(expected_path, encoding="utf-8") as f:
        expected = [json.loads(line) for line in f if line.strip()]
    with open(results_path, encoding="utf-8") as f:
        results = [json.loads(line) for line in f if line.strip()]
    passed = failed = 0
    if len(results) != len(expected):
        print(f"{label}: {len(results)} results for {len(expected)} cases")
        failed += 1
    for want, got in zip(expected, results):
        if got.get("id") != want["id"]:
            print(f"{label}: result for {got.get('id')!r} where {want['id']!r} was expected (order broken)")
            failed += 1
            continue
        problems = compare(want, got)
        if problems:
            failed += 1
            for p in problems:
                print(f"{label}: {want['id']}: {p}")
        else:
            passed += 1
    print(f"{label}: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
