"""sigv4kit.Verifier on requests signed by botocore (an independent signer),
and the verdicts it gives requests that must be refused."""

import datetime
from typing import Any, Dict, Optional
from urllib.parse import urlsplit

import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

import sigv4kit
from sigv4kit import Credentials, Verifier

WHEN = datetime.datetime(2024, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
KEYS = {
    "AKIDEXAMPLE": Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    "ASIATEMP": Credentials("ASIATEMP", "tempsecret", "the-session-token"),
}
URL = "https://abc.execute-api.us-east-1.amazonaws.com/prod/a%20b/c?x=1&y=%2F"


@pytest.fixture(autouse=True)
def frozen_botocore_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    naive = WHEN.replace(tzinfo=None)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *a, **k: naive)


def boto_signed(
    auth_class: Any = SigV4Auth,
    *,
    akid: str = "AKIDEXAMPLE",
    url: str = URL,
    method: str = "POST",
    body: bytes = b'{"a": 1}',
    service: str = "execute-api",
    headers: Optional[Dict[str, str]] = None,
    **extra: Any,
) -> AWSRequest:
    ours = KEYS[akid]
    creds = BotoCredentials(ours.access_key_id, ours.secret_access_key, ours.session_token)
    request = AWSRequest(
        method=method, url=url, data=body, headers=headers or {"Content-Type": "application/json"}
    )
    auth_class(creds, service, "us-east-1", **extra).add_auth(request)
    return request


def verify(request: AWSRequest, verifier: Optional[Verifier] = None, **kwargs: Any) -> Any:
    verifier = verifier or Verifier(KEYS)
    return verifier.verify(
        request.method,
        request.url,
        dict(request.headers.items()),
        request.body or b"",
        now=kwargs.pop("now", WHEN),
        **kwargs,
    )


def test_accepts_botocore_header_signatures() -> None:
    result = verify(boto_signed())
    assert (result.access_key_id, result.region, result.service) == (
        "AKIDEXAMPLE",
        "us-east-1",
        "execute-api",
    )
    assert result.signature_location == "headers"
    assert result.amz_date == "20240301T120000Z"
    result = verify(boto_signed(akid="ASIATEMP"))
    assert result.access_key_id == "ASIATEMP"


def test_accepts_botocore_presigned_urls_and_s3() -> None:
    presigned = boto_signed(SigV4QueryAuth, method="GET", body=b"", headers={}, expires=300)
    assert verify(presigned).signature_location == "query"
    s3 = boto_signed(
        S3SigV4Auth,
        url="https://b.s3.amazonaws.com/dir//a%20b.txt",
        method="PUT",
        body=b"data",
        service="s3",
    )
    assert (
        verify(s3, Verifier(KEYS, double_encode_path=False, normalize_path=False)).service == "s3"
    )


def test_lookup_shapes() -> None:
    request = boto_signed()
    assert verify(request, Verifier(KEYS["AKIDEXAMPLE"])).access_key_id == "AKIDEXAMPLE"
    assert verify(request, Verifier(KEYS.get)).access_key_id == "AKIDEXAMPLE"
    with pytest.raises(sigv4kit.UnknownAccessKeyError):
        verify(request, Verifier(KEYS["ASIATEMP"]))
    with pytest.raises(TypeError):
        Verifier(42)  # type: ignore[arg-type]


def test_refuses_tampering() -> None:
    request = boto_signed()
    verifier = Verifier(KEYS)
    with pytest.raises(sigv4kit.SignatureMismatchError) as err:
        verifier.verify(
            "POST", URL.replace("x=1", "x=2"), dict(request.headers.items()), request.body, now=WHEN
        )
    assert "x=2" in err.value.canonical_request
    assert err.value.string_to_sign.startswith("AWS4-HMAC-SHA256\n")
    with pytest.raises(sigv4kit.SignatureMismatchError):
        verifier.verify("POST", URL, dict(request.headers.items()), b'{"a": 2}', now=WHEN)
    assert isinstance(err.value, sigv4kit.SignatureError)
    assert isinstance(err.value, sigv4kit.SigV4Error)


def test_verdicts() -> None:
    request = boto_signed(akid="ASIATEMP")
    headers = dict(request.headers.items())
    path = urlsplit(URL).path
    with pytest.raises(sigv4kit.MissingAuthenticationError):
        Verifier(KEYS).verify("GET", URL, {}, now=WHEN)
    with pytest.raises(sigv4kit.SignatureExpiredError):
        verify(request, now=WHEN + datetime.timedelta(minutes=6))
    with pytest.raises(sigv4kit.WrongScopeError):
        verify(request, Verifier(KEYS, region="eu-west-1"))
    with pytest.raises(sigv4kit.WrongScopeError):
        verify(request, Verifier(KEYS, service="s3"))
    with pytest.raises(sigv4kit.InvalidSessionTokenError):
        Verifier(KEYS).verify(
            "POST", URL, {**headers, "X-Amz-Security-Token": "forged"}, request.body, now=WHEN
        )
    with pytest.raises(sigv4kit.MalformedSignatureError):
        Verifier(KEYS).verify(
            "GET", path, {"Host": "h", "Authorization": "AWS4-HMAC-SHA256 x"}, now=WHEN
        )
    presigned = boto_signed(SigV4QueryAuth, method="GET", body=b"", headers={}, expires=60)
    with pytest.raises(sigv4kit.PresignedUrlExpiredError):
        verify(presigned, now=WHEN + datetime.timedelta(minutes=2))
    s3 = boto_signed(
        S3SigV4Auth, url="https://b.s3.amazonaws.com/k", method="PUT", body=b"data", service="s3"
    )
    with pytest.raises(sigv4kit.PayloadHashMismatchError):
        Verifier(KEYS, double_encode_path=False, normalize_path=False).verify(
            "PUT", s3.url, dict(s3.headers.items()), b"other", now=WHEN
        )


def test_messages_hold_no_secrets() -> None:
    request = boto_signed(akid="ASIATEMP")
    headers = {**dict(request.headers.items()), "X-Amz-Security-Token": "forged-token-value"}
    with pytest.raises(sigv4kit.SignatureError) as err:
        Verifier(KEYS).verify("POST", URL, headers, request.body, now=WHEN)
    for text in (str(err.value), repr(err.value)):
        assert "forged-token-value" not in text and "tempsecret" not in text
