"""requests, httpx and RequestSigner against a local server that verifies
every signature with botocore (see verifying_server.py)."""

import asyncio
import http
import io
import json
import subprocess
import sys
from typing import Any, Iterator, Tuple

import httpx
import pytest
import requests

import sigv4kit
from sigv4kit import Credentials, Signer
from sigv4kit.httpx import SigV4Auth as HttpxAuth
from sigv4kit.requests import SigV4Auth as RequestsAuth
from verifying_server import KEYS, TOKENS, Server, servers

CREDS = Credentials("AKIDEXAMPLE", KEYS["AKIDEXAMPLE"])
TEMP = Credentials("ASIATEMP", KEYS["ASIATEMP"], TOKENS["ASIATEMP"])


@pytest.fixture
def pair() -> Iterator[Tuple[Server, Server]]:
    yield from servers()


@pytest.fixture
def server(pair: Tuple[Server, Server]) -> Server:
    return pair[0]


def ok(response: Any) -> Any:
    body = response.json()
    assert response.status_code == 200, body["message"]
    return body


def test_importing_sigv4kit_imports_no_http_client() -> None:
    code = "import sys, sigv4kit; sigv4kit.Signer; print(sorted(m for m in sys.modules if m in ('requests', 'httpx', 'urllib3', 'botocore', 'http.client', 'ssl')))"  # noqa: E501
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- requests ---------------------------------------------------------------


@pytest.mark.parametrize("credentials", [CREDS, TEMP], ids=["keys", "session-token"])
def test_requests_get_with_awkward_query(server: Server, credentials: Credentials) -> None:
    auth = RequestsAuth("us-east-1", "execute-api", credentials)
    params = {"q": "a b+c", "sym": "!*'();:@&=$,/?#[]", "uni": "caf\u00e9", "empty": "", "z": "1"}
    body = ok(requests.get(f"{server.base}/prod/a path/caf\u00e9", params=params, auth=auth))
    assert body["method"] == "GET"
    sent = dict(server.seen[-1].headers)
    assert sent["Host"] == server.base.split("//")[1]  # with the port
    assert ("X-Amz-Security-Token" in sent) == (credentials is TEMP)


def test_requests_and_httpx_send_no_raw_plus(server: Server) -> None:
    """`params={'q': 'a b+c'}`: requests and httpx write the space as '+',
    which the server (as API Gateway) reads as a space; it goes out as %20
    and the plus as %2B, and the signature verifies there."""
    requests_auth = RequestsAuth("us-east-1", "execute-api", CREDS)
    ok(requests.get(f"{server.base}/prod/search", params={"q": "a b+c"}, auth=requests_auth))
    assert server.seen[-1].target == "/prod/search?q=a%20b%2Bc"
    with httpx.Client(auth=HttpxAuth("us-east-1", "execute-api", CREDS)) as client:
        ok(client.get(f"{server.base}/prod/search", params={"q": "a b+c"}))
    assert server.seen[-1].target == "/prod/search?q=a%20b%2Bc"


def test_integrations_infer_the_scope_from_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    auth = RequestsAuth(credentials=CREDS)
    prepared = requests.Request(
        "GET", "https://abc.execute-api.eu-west-1.amazonaws.com/p"
    ).prepare()
    auth(prepared)
    assert "/eu-west-1/execute-api/aws4_request" in prepared.headers["Authorization"]
    local = requests.Request("GET", "http://127.0.0.1:9/p").prepare()
    with pytest.raises(sigv4kit.InvalidRegionError):
        auth(local)
    with pytest.raises(sigv4kit.InvalidServiceError):
        RequestsAuth(region="us-east-1", credentials=CREDS)(local)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"json": {"name": "Rex", "tags": ["\u2603"]}},
        {"data": {"form": "a b", "x": "1"}},
        {"data": b"\x00\x01binary"},
        {"data": "text \u00e9"},
        {"data": io.BytesIO(b"from a file object")},
        {},
    ],
    ids=["json", "form", "bytes", "str", "file", "empty"],
)
def test_requests_bodies(server: Server, kwargs: Any) -> None:
    auth = RequestsAuth("us-east-1", "execute-api", TEMP)
    ok(requests.post(f"{server.base}/prod/items", auth=auth, **kwargs))
    if "data" in kwargs and isinstance(kwargs["data"], io.BytesIO):
        assert server.seen[-1].body == b"from a file object"


def test_requests_file_on_disk(server: Server, tmp_path: Any) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(bytes(range(256)) * 1000)
    with open(path, "rb") as file:
        ok(
            requests.put(
                f"{server.base}/prod/upload",
                data=file,
                auth=RequestsAuth("us-east-1", "execute-api", CREDS),
            )
        )
    assert server.seen[-1].body == path.read_bytes()


def test_requests_session_and_signer(server: Server) -> None:
    signer = Signer("eu-west-1", "execute-api", CREDS)
    with requests.Session() as session:
        session.auth = RequestsAuth(signer=signer)
        for _ in range(3):  # each request signed afresh
            ok(session.delete(f"{server.base}/prod/items/1", headers={"X-Custom": "a   b"}))


def test_requests_s3_unsigned_streaming_body(server: Server) -> None:
    auth = RequestsAuth("us-east-1", "s3", CREDS, unsigned_payload=True)
    chunks = iter([b"part one, ", b"part two"])
    ok(requests.put(f"{server.base}/bucket/key with space", data=chunks, auth=auth))
    assert server.seen[-1].body == b"part one, part two"
    assert dict(server.seen[-1].headers)["X-Amz-Content-Sha256"] == "UNSIGNED-PAYLOAD"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_requests_resigns_same_origin_redirects(server: Server, status: int) -> None:
    auth = RequestsAuth("us-east-1", "execute-api", TEMP)
    response = requests.post(
        f"{server.base}/redirect/{status}/prod/landed?x=1", data=b"payload", auth=auth
    )
    body = ok(response)
    assert [r.status_code for r in response.history] == [status]
    assert body["path"] == "/prod/landed?x=1"
    expected_method = "POST" if status in (307, 308) else "GET"
    assert body["method"] == expected_method
    assert body["body"] == ("payload" if status in (307, 308) else "")


def test_requests_chains_of_redirects(server: Server) -> None:
    auth = RequestsAuth("us-east-1", "execute-api", CREDS)
    url = f"{server.base}/redirect/302/redirect/307/prod/end"
    response = requests.get(url, auth=auth)
    ok(response)
    assert len(response.history) == 2


def test_requests_cross_origin_redirect_drops_the_signature(pair: Tuple[Server, Server]) -> None:
    server, other = pair
    auth = RequestsAuth("us-east-1", "execute-api", TEMP)
    response = requests.get(f"{server.base}/redirect/302/other/prod/x", auth=auth)
    assert response.status_code == 403
    arrived = {name.lower() for name, _ in other.seen[-1].headers}
    assert not arrived & {"authorization", "x-amz-security-token", "x-amz-date"}


def test_requests_without_following_redirects(server: Server) -> None:
    auth = RequestsAuth("us-east-1", "execute-api", CREDS)
    response = requests.get(f"{server.base}/redirect/302/prod/x", auth=auth, allow_redirects=False)
    assert response.status_code == 302
    assert len(server.seen) == 1


# --- httpx ------------------------------------------------------------------


def test_httpx_sync(server: Server) -> None:
    auth = HttpxAuth("us-east-1", "execute-api", TEMP)
    with httpx.Client(auth=auth) as client:
        ok(client.get(f"{server.base}/prod/a b", params={"q": "x y+z", "uni": "\u00e9"}))
        ok(client.post(f"{server.base}/prod/items", json={"a": [1, 2]}))
        ok(client.put(f"{server.base}/prod/items", content=b"raw bytes"))
        ok(client.patch(f"{server.base}/prod/items", data={"f": "v w"}))
        ok(client.post(f"{server.base}/prod/stream", content=iter([b"a", b"b"])))
    assert server.seen[-1].body == b"ab"


def test_httpx_resends_one_request(server: Server) -> None:
    """Sending the same request again signs it again: the first signing's
    headers are replaced, not duplicated, and botocore accepts both."""
    auth = HttpxAuth("us-east-1", "execute-api", TEMP)
    with httpx.Client(auth=auth) as client:
        request = client.build_request("GET", f"{server.base}/prod/again", headers={"X-A": "1"})
        ok(client.send(request))
        ok(client.send(request))
    names = [name.decode("ascii").lower() for name, _ in request.headers.raw]
    for name in ("authorization", "x-amz-date", "x-amz-security-token"):
        assert names.count(name) == 1, names


def test_httpx_async(server: Server) -> None:
    async def main() -> None:
        auth = HttpxAuth("us-east-1", "execute-api", CREDS)
        async with httpx.AsyncClient(auth=auth) as client:
            results = await asyncio.gather(
                *(client.post(f"{server.base}/prod/n/{i}", json={"i": i}) for i in range(8))
            )
            for response in results:
                ok(response)

    asyncio.run(main())


def test_httpx_redirects(pair: Tuple[Server, Server]) -> None:
    server, _ = pair
    auth = HttpxAuth("us-east-1", "execute-api", TEMP)
    with httpx.Client(auth=auth, follow_redirects=True) as client:
        response = client.post(f"{server.base}/redirect/307/prod/landed", content=b"data")
        body = ok(response)
        assert (body["path"], body["method"], body["body"]) == ("/prod/landed", "POST", "data")
        assert client.get(f"{server.base}/redirect/302/other/prod/x").status_code == 403
    cross = HttpxAuth("us-east-1", "execute-api", TEMP, sign_cross_origin_redirects=True)
    with httpx.Client(auth=cross, follow_redirects=True) as client:
        ok(client.get(f"{server.base}/redirect/302/other/prod/x"))
    with httpx.Client(auth=auth) as client:
        assert client.get(f"{server.base}/redirect/302/prod/x").status_code == 302


# --- RequestSigner ----------------------------------------------------------


def test_request_signer_round_trip(server: Server) -> None:
    client = sigv4kit.RequestSigner(
        server.base + "/prod", region="us-east-1", credentials=TEMP, allow_http=True
    )
    response = client.make_signed_request("GET", "hello", params={"name": "sig v4", "n": 1})
    body = ok(response)
    assert body["path"] == "/prod/hello?name=sig%20v4&n=1"
    assert response.ok and response.headers["content-type"] == "application/json"
    assert json.loads(response.text) == body == response.json()
    response.raise_for_status()

    response = client.make_signed_request(
        http.HTTPMethod.POST if sys.version_info >= (3, 11) else "POST",
        "/items/",
        data={"name": "Rex"},
    )
    body = ok(response)
    assert json.loads(body["body"]) == {"name": "Rex"}
    sent = dict(server.seen[-1].headers)
    assert sent["Content-Type"] == "application/x-amz-json-1.1"

    ok(
        client.make_signed_request(
            "put", "items/caf\u00e9 1", data="plain", headers={"content-type": "text/plain"}
        )
    )
    assert dict(server.seen[-1].headers)["content-type"] == "text/plain"
    ok(client.make_signed_request("DELETE", "items/1"))
    ok(client.make_signed_request("PUT", "files/1", data=io.BytesIO(b"from a file")))
    assert server.seen[-1].body == b"from a file"
    ok(client.make_signed_request("PATCH", "items/1", data=[1, "two"]))
    assert json.loads(server.seen[-1].body) == [1, "two"]


def test_request_signer_errors(server: Server) -> None:
    with pytest.raises(sigv4kit.InvalidTargetError, match="https") as err:
        sigv4kit.RequestSigner(server.base, region="us-east-1", credentials=CREDS)
    assert err.value.field == "base_url"
    with pytest.raises(sigv4kit.InvalidTargetError):
        sigv4kit.RequestSigner("ftp://example.com", region="us-east-1", credentials=CREDS)
    client = sigv4kit.RequestSigner(
        server.base,
        region="us-east-1",
        credentials=Credentials("AKIDUNKNOWN", "x"),
        allow_http=True,
    )
    response = client.make_signed_request("GET", "prod/x")
    assert response.status_code == 403 and not response.ok
    with pytest.raises(sigv4kit.HTTPError) as http_error:
        response.raise_for_status()
    assert http_error.value.response is response


def test_request_signer_region_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    host = "https://abc123.execute-api.eu-central-1.amazonaws.com/prod"
    assert sigv4kit.RequestSigner(host, credentials=CREDS).region == "eu-central-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    assert sigv4kit.RequestSigner(host, credentials=CREDS).region == "ap-south-1"
    assert sigv4kit.RequestSigner(host, region="us-west-2", credentials=CREDS).region == "us-west-2"
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(sigv4kit.InvalidRegionError):
        sigv4kit.RequestSigner("https://example.com", credentials=CREDS)
    # A global endpoint signs for us-east-1 (the core's rule, as in every binding).
    assert (
        sigv4kit.RequestSigner("https://sts.amazonaws.com", credentials=CREDS).region == "us-east-1"
    )


def test_request_signer_proxy_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    from sigv4kit.request_signer import _proxy_for

    for name in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert _proxy_for("https", "api.example.com") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    assert _proxy_for("https", "api.example.com") == "http://proxy:3128"
    monkeypatch.setenv("https_proxy", "http://lower:3128")
    assert _proxy_for("https", "api.example.com") == "http://lower:3128"
    assert _proxy_for("http", "api.example.com") is None
    assert _proxy_for("https", "127.0.0.1") is None
    monkeypatch.setenv("NO_PROXY", "internal,.example.com")
    assert _proxy_for("https", "api.example.com") is None
    assert _proxy_for("https", "internal") is None
    assert _proxy_for("https", "other.org") == "http://lower:3128"


def test_which_redirects_are_signed_again() -> None:
    from sigv4kit._auth import may_resign

    assert may_resign("https://a.example.com/x", "https://a.example.com:443/y")
    assert may_resign("http://a.example.com/x", "https://a.example.com/y")
    assert not may_resign("https://a.example.com/x", "http://a.example.com/y")
    assert not may_resign("https://a.example.com/x", "https://b.example.com/x")
    assert not may_resign("https://a.example.com/x", "https://a.example.com:8443/x")
    assert not may_resign("http://a.example.com:8080/x", "https://a.example.com/x")
