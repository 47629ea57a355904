"""The requests and httpx integrations hand the extension those clients' own
header layouts (requests' CaseInsensitiveDict store, httpx.Headers' entry
list) and, for httpx, its parsed URL. Each must sign exactly what the public
path signs: ``Signer.sign`` given the URL as the client writes it
(``str(request.url)``, ``PreparedRequest.url``) and the headers through the
client's public interface, at the same signing time.
"""

import datetime
from typing import Any, List, Tuple

import httpx
import pytest
import requests

import sigv4kit
from conftest import AKID, SECRET
from sigv4kit import Credentials, Signer

URLS = [
    "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog&page=2",
    "http://127.0.0.1:8080/a/b?x=1",
    "https://[::1]:8443/p?q=1",
    "https://example.com",
    "https://example.com/a?",
    "https://example.com/a#fragment",
    "https://example.com/a?q=a+b&r=%2B",
    "https://EXAMPLE.com:443/Caf%C3%A9/?b=2&a=1",
    "https://b\u00fccher.example/x",
]


def signer() -> Signer:
    return Signer("us-east-1", "execute-api", Credentials(AKID, SECRET))


def when(amz_date: str) -> datetime.datetime:
    return datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc
    )


def text_pairs(raw: List[Tuple[bytes, bytes]]) -> List[Tuple[str, str]]:
    return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in raw]


@pytest.mark.parametrize("url", URLS)
def test_httpx_signs_what_the_public_path_signs(url: str) -> None:
    from sigv4kit.httpx import SigV4Auth

    request = httpx.Request("GET", url, headers={"Accept": "application/json"})
    written = str(request.url)
    unsigned = text_pairs(request.headers.raw)
    signed = next(SigV4Auth(signer=signer()).auth_flow(request))
    expected = signer().sign(
        "GET", written, unsigned, b"", timestamp=when(signed.headers["X-Amz-Date"])
    )
    assert signed.headers["Authorization"] == expected.authorization
    # The URL sent is the one signed: httpx's own text, in the core's wire
    # form (no raw `+` in the query, no fragment, `/` for an empty path).
    assert str(signed.url) == expected.url
    assert [k.lower() for k, _ in signed.headers.raw].count(b"authorization") == 1


def test_httpx_user_info_is_refused_as_by_the_public_path() -> None:
    from sigv4kit.httpx import SigV4Auth

    request = httpx.Request("GET", "https://user:secret@example.com/")
    with pytest.raises(sigv4kit.InvalidTargetError) as fast:
        next(SigV4Auth(signer=signer()).auth_flow(request))
    with pytest.raises(sigv4kit.InvalidTargetError) as public:
        signer().sign("GET", str(request.url))
    assert str(fast.value) == str(public.value)
    assert "secret" not in str(fast.value)


@pytest.mark.parametrize("url", URLS)
def test_requests_signs_what_the_public_path_signs(url: str) -> None:
    from sigv4kit.requests import SigV4Auth

    prepared = requests.Request("GET", url, headers={"Accept": "application/json"}).prepare()
    written = prepared.url or ""
    unsigned: Any = list(prepared.headers.items())
    auth = SigV4Auth(signer=signer())
    auth(prepared)
    amz_date = prepared.headers["X-Amz-Date"]
    expected = signer().sign("GET", written, unsigned, None, timestamp=when(amz_date))
    assert prepared.headers["Authorization"] == expected.authorization
    assert prepared.url == expected.url


def test_signing_again_replaces_the_signature_headers() -> None:
    from sigv4kit.httpx import SigV4Auth as HttpxAuth
    from sigv4kit.requests import SigV4Auth as RequestsAuth

    token = Credentials(AKID, SECRET, "TOKEN")
    request = httpx.Request("GET", URLS[0], headers={"Accept": "application/json"})
    next(HttpxAuth(signer=Signer("us-east-1", "execute-api", token)).auth_flow(request))
    next(HttpxAuth(signer=signer()).auth_flow(request))
    names = [k.lower() for k, _ in request.headers.raw]
    assert names.count(b"authorization") == names.count(b"x-amz-date") == 1
    assert b"x-amz-security-token" not in names

    prepared = requests.Request("GET", URLS[0], headers={"Accept": "application/json"}).prepare()
    RequestsAuth(signer=Signer("us-east-1", "execute-api", token))(prepared)
    RequestsAuth(signer=signer())(prepared)
    assert "X-Amz-Security-Token" not in prepared.headers
    assert sorted(prepared.headers) == ["Accept", "Authorization", "X-Amz-Date"]


@pytest.mark.parametrize("explicit_encoding", [None, "utf-8"])
def test_httpx_headers_not_read_as_ascii_sign_through_the_public_interface(
    explicit_encoding: Any,
) -> None:
    """A Latin-1 header value (httpx's encoding then is not "ascii"), or an
    encoding the caller set, goes through httpx.Headers' own decoding."""
    from sigv4kit.httpx import SigV4Auth

    raw_value = b"caf\xe9" if explicit_encoding is None else b"plain"
    request = httpx.Request("GET", URLS[0], headers={"X-Name": raw_value})
    if explicit_encoding is not None:
        request.headers.encoding = explicit_encoding
    written = str(request.url)
    unsigned = text_pairs(request.headers.raw)
    signed = next(SigV4Auth(signer=signer()).sync_auth_flow(request))
    expected = signer().sign(
        "GET", written, unsigned, b"", timestamp=when(signed.headers["X-Amz-Date"])
    )
    assert signed.headers["Authorization"] == expected.authorization
    assert signed.headers.raw[1] == (b"X-Name", raw_value)


def test_httpx_sync_flow_reads_a_stream_also_for_an_unsigned_payload() -> None:
    """httpx's own sync_auth_flow reads the body first (requires_request_body);
    the one-generator flow does so too when signing does not read it."""
    from sigv4kit.httpx import SigV4Auth

    request = httpx.Request("PUT", URLS[0], content=iter([b"a", b"b"]))
    unsigned_signer = Signer("us-east-1", "s3", Credentials(AKID, SECRET), unsigned_payload=True)
    auth = SigV4Auth(signer=unsigned_signer)
    signed = next(auth.sync_auth_flow(request))
    assert signed.content == b"ab"
    assert signed.headers["X-Amz-Content-Sha256"] == sigv4kit.UNSIGNED_PAYLOAD
    written = str(request.url)
    unsigned = text_pairs(
        [
            (n, v)
            for n, v in request.headers.raw
            if not n.lower().startswith((b"x-amz-", b"authorization"))
        ]
    )
    expected = unsigned_signer.sign(
        "PUT", written, unsigned, timestamp=when(signed.headers["X-Amz-Date"])
    )
    assert signed.headers["Authorization"] == expected.authorization
