#!/usr/bin/env python3
"""SigV4a's aws-chunked uploads (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD
and -TRAILER), checked by verifying: ECDSA signatures differ from signer to
signer, so each chunk and trailer signature of the Rust runner's `chunked`
answers is verified with the `cryptography` package (an implementation
independent of ours) under the official v4a vectors' public key for the
credentials used (testdata/aws-signing-test-suite/v4a/*/public-key.json),
over strings to sign built here from the S3 reference's description of the
chain (AWS4-ECDSA-P256-SHA256-PAYLOAD / -TRAILER; aws-c-auth pads each
signature with '*' to 144 characters on the wire and signs the previous one
unpadded).

usage: check-chunked-ecdsa.py      (from .venv: needs cryptography)

Also checks that the framed data is the body, the trailer checksum is the
data's (hashlib and zlib here; CRC32C written out below), and that a body
with one byte changed fails the check. Prints 'rust-chunked-ecdsa: N
passed, N failed'.
"""
import base64
import hashlib
import json
import pathlib
import subprocess
import sys
import zlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTOR_KEY = ROOT / "testdata" / "aws-signing-test-suite" / "v4a" / "get-vanilla" / "public-key.json"
EMPTY = hashlib.sha256(b"").hexdigest()
CREDENTIALS = {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
               "session_token": None}


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def checksum(name: str, data: bytes) -> str:
    if name == "crc32":
        raw = zlib.crc32(data).to_bytes(4, "big")
    elif name == "crc32c":
        raw = crc32c(data).to_bytes(4, "big")
    else:
        raw = hashlib.sha256(data).digest()
    return base64.b64encode(raw).decode()


def cases() -> list[dict]:
    out = []
    for mode, check in [("ecdsa-signed", None), ("ecdsa-signed-trailer", "crc32"), ("ecdsa-signed-trailer", "sha256")]:
        for length in [0, 8192, 3 * 8192 + 100]:
            body = bytes((i * 13) % 256 for i in range(length))
            out.append({
                "op": "chunked", "id": f"{mode}-{check}-{length}", "algorithm": "AWS4-ECDSA-P256-SHA256",
                "credentials": CREDENTIALS, "region": "*", "service": "s3", "timestamp": "2026-03-01T10:00:00Z",
                "chunked": {"mode": mode, "checksum": check, "chunk_size": 8192},
                "request": {"method": "PUT", "target": "/key", "headers": [["Host", "bucket.s3.amazonaws.com"]],
                            "body_base64": base64.b64encode(body).decode()},
            })
    return out


def verify(key: ec.EllipticCurvePublicKey, sts: str, signature: str) -> bool:
    try:
        key.verify(bytes.fromhex(signature), sts.encode(), ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


def check(case: dict, result: dict, key: ec.EllipticCurvePublicKey, framed: bytes) -> str | None:
    """None when every signature verifies and the body is the case's."""
    headers = {n.lower(): v for n, v in result["signed_request"]["headers"]}
    auth = headers["authorization"]
    if not auth.startswith("AWS4-ECDSA-P256-SHA256 "):
        return f"not a SigV4a head: {auth[:40]}"
    fields = dict(p.strip().split("=", 1) for p in auth[len("AWS4-ECDSA-P256-SHA256 "):].split(","))
    _, date, service, _ = fields["Credential"].split("/")
    prefix = f"{headers['x-amz-date']}\n{date}/{service}/aws4_request\n"
    previous = fields["Signature"]
    body = base64.b64decode(case["request"]["body_base64"])
    data, at, index = b"", 0, 0
    while True:
        line_end = framed.index(b"\r\n", at)
        size_text, sig = framed[at:line_end].decode().split(";chunk-signature=")
        if len(sig) != 144:
            return f"chunk {index}: the signature is not padded to 144 characters"
        sig = sig.rstrip("*")
        size = int(size_text, 16)
        chunk = framed[line_end + 2: line_end + 2 + size]
        sts = f"AWS4-ECDSA-P256-SHA256-PAYLOAD\n{prefix}{previous}\n{EMPTY}\n{hashlib.sha256(chunk).hexdigest()}"
        if not verify(key, sts, sig):
            return f"chunk {index}: the signature does not verify"
        previous, data, index = sig, data + chunk, index + 1
        at = line_end + 2 + size + (2 if size else 0)
        if size == 0:
            break
    if data != body:
        return "the framed data is not the body"
    name = case["chunked"]["checksum"]
    rest = framed[at:]
    if name is None:
        return None if rest == b"\r\n" else "bytes after the final chunk"
    lines = rest.decode().split("\r\n")
    trailer, signature = lines[0], lines[1]
    if trailer != f"x-amz-checksum-{name}:{checksum(name, body)}":
        return f"trailer {trailer!r}"
    tsig = signature.split(":", 1)[1]
    if len(tsig) != 144:
        return "the trailer signature is not padded to 144 characters"
    canonical = hashlib.sha256((trailer + "\n").encode()).hexdigest()
    sts = f"AWS4-ECDSA-P256-SHA256-TRAILER\n{prefix}{previous}\n{canonical}"
    if not verify(key, sts, tsig.rstrip("*")):
        return "the trailer signature does not verify"
    return None if lines[2:] == ["", ""] else "bytes after the trailer"


def main() -> int:
    coords = json.loads(VECTOR_KEY.read_text())
    key = ec.EllipticCurvePublicNumbers(int(coords["X"], 16), int(coords["Y"], 16), ec.SECP256R1()).public_key()
    lines = cases()
    proc = subprocess.run([str(ROOT / "scripts" / "conformance"), "rust"], input="".join(json.dumps(c) + "\n" for c in lines),
                          capture_output=True, text=True, check=True)
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    passed = failed = 0
    for case, result in zip(lines, results):
        if "error" in result:
            problem: str | None = f"refused: {result['error']}"
        else:
            framed = base64.b64decode(result["body_base64"])
            problem = check(case, result, key, framed)
            if problem is None and len(framed) > 200:
                # A changed byte of data must fail the check (the check checks).
                tampered = bytearray(framed)
                tampered[framed.index(b"\r\n") + 10] ^= 1
                if check(case, result, key, bytes(tampered)) is None:
                    problem = "a tampered body passed the check"
        if problem:
            failed += 1
            print(f"rust {case['id']}: {problem}")
        else:
            passed += 1
    print(f"rust-chunked-ecdsa: {passed} passed, {failed} failed")
    return 1 if failed or not passed or len(results) != len(lines) else 0


if __name__ == "__main__":
    sys.exit(main())
