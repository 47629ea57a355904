"""SigV4a through the Python API: the algorithm option, region sets, the
public key, and the Verifier. The official vectors' public key is the
independent reference; signatures are checked by verifying them (with
`cryptography`), never by comparing."""

import datetime
import json
import pathlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

import sigv4kit

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTOR = ROOT / "testdata" / "aws-signing-test-suite" / "v4a" / "get-vanilla"
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
WHEN = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)


def vector_key() -> ec.EllipticCurvePublicKey:
    key = json.loads((VECTOR / "public-key.json").read_text())
    return ec.EllipticCurvePublicNumbers(
        int(key["X"], 16), int(key["Y"], 16), ec.SECP256R1()
    ).public_key()


def test_the_derived_public_key_is_the_vectors() -> None:
    key = vector_key().public_numbers()
    sec1 = sigv4kit.sigv4a_public_key(sigv4kit.Credentials(AKID, SECRET))
    assert sec1 == b"\x04" + key.x.to_bytes(32, "big") + key.y.to_bytes(32, "big")


@pytest.mark.parametrize("presign", [False, True])
def test_signs_the_vector_and_the_signature_verifies(presign: bool) -> None:
    signer = sigv4kit.Signer(
        "us-east-1", "service", sigv4kit.Credentials(AKID, SECRET), algorithm=sigv4kit.SIGV4A
    )
    assert signer.algorithm == "AWS4-ECDSA-P256-SHA256"
    url = "https://example.amazonaws.com/"
    signed = (
        signer.presign("GET", url, 3600, timestamp=WHEN)
        if presign
        else signer.sign("GET", url, timestamp=WHEN)
    )
    prefix = "query" if presign else "header"
    assert signed.canonical_request == (VECTOR / f"{prefix}-canonical-request.txt").read_text()
    assert signed.string_to_sign == (VECTOR / f"{prefix}-string-to-sign.txt").read_text()
    key = vector_key()
    key.verify(
        bytes.fromhex(signed.signature), signed.string_to_sign.encode(), ec.ECDSA(hashes.SHA256())
    )
    if not presign:
        assert signed.headers["X-Amz-Region-Set"] == "us-east-1"
        assert signed.authorization is not None and signed.authorization.startswith(
            "AWS4-ECDSA-P256-SHA256 "
        )


def test_region_sets_and_the_verifier() -> None:
    credentials = sigv4kit.Credentials(AKID, SECRET, "session-token")
    signer = sigv4kit.Signer(
        "us-east-1,us-west-2", "execute-api", credentials, algorithm=sigv4kit.SIGV4A
    )
    url = "https://abc.execute-api.us-west-2.amazonaws.com/prod/pets?type=dog"
    signed = signer.sign("POST", url, body=b'{"k":1}', timestamp=WHEN)
    verified = sigv4kit.Verifier(credentials, region="us-west-2").verify(
        "POST", signed.url, signed.header_list, b'{"k":1}', now=WHEN
    )
    assert (verified.algorithm, verified.region) == (sigv4kit.SIGV4A, "us-east-1,us-west-2")
    with pytest.raises(sigv4kit.WrongScopeError):
        sigv4kit.Verifier(credentials, region="eu-west-1").verify(
            "POST", signed.url, signed.header_list, b'{"k":1}', now=WHEN
        )
    with pytest.raises(sigv4kit.SignatureMismatchError):
        sigv4kit.Verifier(credentials).verify(
            "POST", signed.url, signed.header_list, b'{"k":2}', now=WHEN
        )


def test_bad_options_are_refused_by_name() -> None:
    credentials = sigv4kit.Credentials(AKID, SECRET, "TOKEN123")
    with pytest.raises(sigv4kit.InvalidRegionError) as err:
        sigv4kit.Signer("us-east-1, us-west-2", "s3", credentials, algorithm=sigv4kit.SIGV4A)
    assert err.value.field == "region"
    with pytest.raises(ValueError, match="AWS4-ECDSA-P256-SHA256"):
        sigv4kit.Signer("*", "s3", credentials, algorithm="AWS4-HMAC-SHA512")
    signer = sigv4kit.Signer("*", "s3", credentials, algorithm=sigv4kit.SIGV4A)
    shown = repr(signer) + repr(signer.sign("GET", "https://b.s3.amazonaws.com/k", timestamp=WHEN))
    assert "AWS4-ECDSA-P256-SHA256" in repr(signer)
    assert SECRET not in shown and "TOKEN123" not in shown
