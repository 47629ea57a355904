#!/usr/bin/env python3
"""SigV4a against aws-c-auth (awscrt, pinned in the test requirements), both
ways, on generated requests.

usage: cross-v4a-awscrt.py [COUNT]

For each of COUNT random requests (bindings-python/tests/random_requests.py,
with random key pairs and session tokens), region sets (`us-east-1`, `*`,
`us-east-1,us-west-2`, `eu-*`), header and query signing, S3 and non-S3 path
rules, with and without `x-amz-content-sha256`:

1. awscrt signs the request with `AwsSigningAlgorithm.V4_ASYMMETRIC`, and
   sigv4kit's Verifier (through the Python binding's public API) must accept
   it, naming the region set; one byte more in the body (or, for unsigned
   bodies, another method) must be refused.
2. sigv4kit signs the same request at the same time. awscrt does not expose
   its derived key, so the script recovers it from awscrt's own signatures:
   ECDSA public key recovery over SHA-256 of *our* string to sign gives two
   candidate points per signature, and awscrt's header and query signatures
   share exactly one only if both were made over the strings to sign we
   computed, with one key. That key (aws-c-auth's derivation) must equal
   sigv4kit.sigv4a_public_key(credentials), and our signatures must verify
   under it with aws-c-cal's ECDSA (awscrt.crypto.EC.verify, the primitive
   aws-c-auth's own SigV4a verification uses) and with `cryptography`.

So aws-c-auth computes the strings to sign we do, derives the key we do,
and accepts the signatures we make; and we accept the signatures it makes.
Exits 1 on the first disagreement, printing it.
"""

import datetime
import hashlib
import io
import pathlib
import random
import sys
from urllib.parse import urlsplit

import sigv4kit
from awscrt import auth, http
from awscrt.crypto import EC
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(
    0, str(pathlib.Path(__file__).resolve().parent.parent / "bindings-python" / "tests")
)
from random_requests import random_request

# P-256 (SEC 2 / FIPS 186-4), for public key recovery.
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
G = (
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
)
Point = tuple[int, int] | None

WHEN = datetime.datetime(2024, 5, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)
REGION_SETS = ["us-east-1", "*", "us-east-1,us-west-2", "eu-*"]
COVERED = {
    "us-east-1": "us-east-1",
    "*": "ap-south-1",
    "us-east-1,us-west-2": "us-west-2",
    "eu-*": "eu-west-3",
}


def add(a: Point, b: Point) -> Point:
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        slope = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, P) % P
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (slope * slope - a[0] - b[0]) % P
    return x, (slope * (a[0] - x) - a[1]) % P


def mul(k: int, point: Point) -> Point:
    out: Point = None
    while k:
        if k & 1:
            out = add(out, point)
        point = add(point, point)
        k >>= 1
    return out


def recover(message: bytes, der: bytes) -> list[tuple[int, int]]:
    """The public keys under which `der` is a signature of `message`."""
    r, s = EC.decode_der_signature(der)
    r, s = int.from_bytes(r, "big"), int.from_bytes(s, "big")
    z = int.from_bytes(hashlib.sha256(message).digest(), "big") % N
    rhs = (pow(r, 3, P) - 3 * r + B) % P
    y = pow(rhs, (P + 1) // 4, P)
    if y * y % P != rhs:
        return []
    r_inv = pow(r, -1, N)
    keys = []
    for ry in (y, P - y):
        q = add(mul(s * r_inv % N, (r, ry)), mul(-z * r_inv % N, G))
        if q is not None:
            keys.append(q)
    return keys


def awscrt_sign(
    case: dict, region_set: str, query: bool, rules: dict
) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(case["url"])
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = http.HttpHeaders([("Host", parts.netloc), *case["headers"].items()])
    request = http.HttpRequest(
        case["method"], target, headers, io.BytesIO(case["body"])
    )
    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4_ASYMMETRIC,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS
        if query
        else auth.AwsSignatureType.HTTP_REQUEST_HEADERS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(
            case["akid"], case["secret"], case["token"]
        ),
        region=region_set,
        service=rules["service"],
        date=WHEN,
        use_double_uri_encode=rules["double_encode_path"],
        should_normalize_uri_path=rules["normalize_path"],
        signed_body_header_type=auth.AwsSignedBodyHeaderType.X_AMZ_CONTENT_SHA_256
        if rules["content_sha256_header"]
        else auth.AwsSignedBodyHeaderType.NONE,
        expiration_in_seconds=900 if query else None,
    )
    signed = auth.aws_sign_request(request, config).result()
    return signed.path, list(signed.headers)


def signature_of(target: str, headers: list[tuple[str, str]]) -> str:
    for name, value in headers:
        if name.lower() == "authorization":
            return value.rpartition("Signature=")[2].strip()
    for piece in urlsplit(target).query.split("&"):
        if piece.startswith("X-Amz-Signature="):
            return piece.partition("=")[2]
    raise AssertionError("no signature")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    rng = random.Random(20241201)
    checked = 0
    for i in range(count):
        s3 = i % 4 == 3
        case = random_request(rng, s3=s3)
        region_set = REGION_SETS[i % len(REGION_SETS)]
        rules = {
            "service": "s3" if s3 else "execute-api",
            "double_encode_path": not s3,
            "normalize_path": not s3,
            "content_sha256_header": s3 or rng.random() < 0.3,
        }
        credentials = sigv4kit.Credentials(case["akid"], case["secret"], case["token"])
        verifier = sigv4kit.Verifier(
            credentials,
            region=COVERED[region_set],
            service=rules["service"],
            double_encode_path=rules["double_encode_path"],
            normalize_path=rules["normalize_path"],
        )
        signer = sigv4kit.Signer(
            region_set,
            rules["service"],
            credentials,
            algorithm=sigv4kit.SIGV4A,
            double_encode_path=rules["double_encode_path"],
            normalize_path=rules["normalize_path"],
            content_sha256_header=rules["content_sha256_header"],
        )
        origin = f"https://{urlsplit(case['url']).netloc}"
        candidates: set | None = None
        ours = []
        for query in (False, True):
            label = f"case {i} ({case['method']} {case['url']}, region set {region_set!r}, {'query' if query else 'headers'})"
            # 1. awscrt signs, we verify.
            target, headers = awscrt_sign(case, region_set, query, rules)
            try:
                verified = verifier.verify(
                    case["method"], origin + target, headers, case["body"], now=WHEN
                )
            except sigv4kit.SigV4Error as err:
                print(f"{label}: our verifier refused awscrt's signature: {err}")
                return 1
            if verified.algorithm != sigv4kit.SIGV4A or verified.region != region_set:
                print(
                    f"{label}: verified as {verified.algorithm} for {verified.region!r}"
                )
                return 1
            tampered_body = case["body"] + b"x"
            try:
                verifier.verify(
                    case["method"], origin + target, headers, tampered_body, now=WHEN
                )
                print(
                    f"{label}: our verifier accepted awscrt's signature for another body"
                )
                return 1
            except sigv4kit.SigV4Error:
                pass
            # 2. We sign the same request; awscrt's signature pins its key.
            url = case["url"]
            if query:
                mine = signer.presign(
                    case["method"],
                    url,
                    900,
                    case["headers"],
                    case["body"],
                    timestamp=WHEN,
                    unsigned_payload=False,
                )
            else:
                mine = signer.sign(
                    case["method"], url, case["headers"], case["body"], timestamp=WHEN
                )
            sts = mine.string_to_sign.encode("utf-8")
            keys = set(recover(sts, bytes.fromhex(signature_of(target, headers))))
            candidates = keys if candidates is None else candidates & keys
            ours.append((label, sts, bytes.fromhex(mine.signature)))
        if candidates is None or len(candidates) != 1:
            print(
                f"case {i}: awscrt's signatures do not verify over our strings to sign under one key ({case['url']})"
            )
            return 1
        x, y = candidates.pop()
        expected = b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")
        if sigv4kit.sigv4a_public_key(credentials) != expected:
            print(f"case {i}: our derived public key is not aws-c-auth's")
            return 1
        public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        crt_key = EC.new_key_from_der_data(
            public.public_bytes(
                serialization.Encoding.DER,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
        )
        for label, sts, der in ours:
            if not crt_key.verify(hashlib.sha256(sts).digest(), der):
                print(
                    f"{label}: aws-c-cal does not verify our signature under aws-c-auth's key"
                )
                return 1
            try:
                public.verify(der, sts, ec.ECDSA(hashes.SHA256()))
            except InvalidSignature:
                print(
                    f"{label}: cryptography does not verify our signature under aws-c-auth's key"
                )
                return 1
            if crt_key.verify(hashlib.sha256(sts + b"x").digest(), der):
                print(f"{label}: aws-c-cal verified our signature over another message")
                return 1
        checked += 1
    print(
        f"awscrt SigV4a cross-check: {checked} requests, header and query, both ways: all agree"
    )
    return 0 if checked == count else 1


if __name__ == "__main__":
    sys.exit(main())
