"""Typical use of sigv4kit, checked by `mypy --strict` against the stubs:
if a signature in the stubs drifts from how the package is meant to be
used, this file stops type-checking."""

import datetime
import io
from typing import Dict, Optional

import sigv4kit
from sigv4kit import Credentials, SignedRequest, Signer
from sigv4kit.credentials import CredentialsProvider, RefreshingProvider


def sign_get(signer: Signer) -> Dict[str, str]:
    signed: SignedRequest = signer.sign("GET", "https://example.com/prod/items?id=1")
    headers: Dict[str, str] = signed.added_headers
    auth: Optional[str] = signed.authorization
    assert auth is None or auth.startswith("AWS4-HMAC-SHA256")
    return headers


def sign_variants(signer: Signer) -> str:
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    signer.sign("POST", "/items", {"Host": "example.com"}, b"{}", timestamp=when)
    signer.sign("PUT", "https://example.com/k", [("X-A", "1")], io.BytesIO(b"x"))
    signer.sign("PUT", "https://example.com/k", body="text", unsigned_payload=True)
    url: str = signer.presign("GET", "https://example.com/k", expires_in=300).url
    post = signer.presign_post(
        "bucket",
        "uploads/${filename}",
        {"acl": "private"},
        [{"acl": "private"}, ["content-length-range", 1, 1024]],
        expires_in=600,
        timestamp=when,
    )
    post_url: str = post["url"]
    return url + post_url


def fetch() -> Credentials:
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    return Credentials("AKID", "SECRET", "TOKEN", expiration=expires)


def build() -> Signer:
    provider: CredentialsProvider = RefreshingProvider(fetch)
    signer = Signer("us-east-1", "execute-api", provider, unsigned_payload=False)
    creds: Credentials = signer.get_credentials()
    assert creds.expires_within(60) is False
    return signer


def handle(signer: Signer) -> None:
    try:
        signer.sign("BAD METHOD", "https://example.com/")
    except sigv4kit.InvalidMethodError as err:
        code: str = err.code
        field: Optional[str] = err.field
        print(code, field)
    except sigv4kit.SigV4Error:
        raise


def request_signer() -> int:
    client = sigv4kit.RequestSigner(
        "https://example.com/prod", region="us-east-1", credentials=Credentials("AKID", "SECRET")
    )
    response = client.make_signed_request("GET", "items", params={"id": "1"})
    status: int = response.status_code
    return status


def with_requests() -> int:
    import requests

    from sigv4kit.requests import SigV4Auth

    auth = SigV4Auth("us-east-1", "execute-api", Credentials("AKID", "SECRET"))
    response: requests.Response = requests.get("https://example.com/", auth=auth, timeout=5)
    return response.status_code


async def with_httpx() -> int:
    import httpx

    from sigv4kit.httpx import SigV4Auth

    auth = SigV4Auth(signer=Signer("us-east-1", "execute-api", ("AKID", "SECRET")))
    async with httpx.AsyncClient(auth=auth) as client:
        response = await client.get("https://example.com/")
    return response.status_code


def verify_incoming(method: str, url: str, headers: Dict[str, str], body: bytes) -> str:
    keys = {"AKID": Credentials("AKID", "SECRET")}
    verifier = sigv4kit.Verifier(keys, region="us-east-1", service="execute-api")
    try:
        who: sigv4kit.VerifiedRequest = verifier.verify(method, url, headers, body)
    except sigv4kit.SignatureMismatchError as err:
        return err.canonical_request
    return who.access_key_id


def sign_sigv4a(credentials: Credentials) -> bytes:
    signer = Signer("us-east-1,us-west-2", "s3", credentials, algorithm=sigv4kit.SIGV4A)
    algorithm: str = signer.algorithm
    assert algorithm == "AWS4-ECDSA-P256-SHA256"
    signer.sign("GET", "https://example.com/k")
    who = sigv4kit.Verifier(credentials, region="us-west-2").verify("GET", "https://example.com/k")
    assert who.algorithm == sigv4kit.SIGV4A
    return sigv4kit.sigv4a_public_key(credentials)


def explain(signed: SignedRequest, body: bytes) -> str:
    return signed.explain_mismatch(body)


def debug_a_403(signer: Signer, body: bytes) -> str:
    from sigv4kit.debug import Diagnosis, diagnose, explain_mismatch, quoted_strings

    signed = signer.sign("GET", "https://example.com/prod/items")
    d: Diagnosis = diagnose(signed, body)
    line: Optional[int] = d.line
    expected: Optional[str] = d.expected
    creq, _sts = quoted_strings(body)
    return f"{d.finding} {line} {expected} {creq} {explain_mismatch(signed, {'message': ''})}"
