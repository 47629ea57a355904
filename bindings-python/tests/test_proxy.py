"""RequestSigner through a forward proxy from https_proxy/HTTPS_PROXY (a
CONNECT tunnel to a TLS server) and http_proxy (absolute-form requests),
with the signature verified by botocore behind the proxy."""

import base64
import pathlib
import shutil
import ssl
import subprocess
from typing import Iterator

import pytest

import sigv4kit
from proxy_server import Proxy
from verifying_server import KEYS, Server

CREDS = sigv4kit.Credentials("AKIDEXAMPLE", KEYS["AKIDEXAMPLE"])
# 127.0.0.2 is loopback too, but not one of the names RequestSigner never
# proxies, so the proxy settings apply to it.
HOST = "127.0.0.2"


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is needed to make the test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=IP:{HOST}",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    with Proxy() as running:
        yield running


def test_https_through_a_connect_tunnel(
    certificate: pathlib.Path, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    client_tls = ssl.create_default_context(cafile=str(certificate / "cert.pem"))
    monkeypatch.setenv("HTTPS_PROXY", proxy.url.replace("http://", "http://user:p%40ss@"))
    with Server(HOST, server_tls) as server:
        client = sigv4kit.RequestSigner(
            server.base + "/prod", region="us-east-1", credentials=CREDS, ssl_context=client_tls
        )
        response = client.make_signed_request("POST", "items", data={"a": 1}, params={"q": "x y"})
        assert response.status_code == 200, response.text
    port = server.base.rsplit(":", 1)[1]
    assert proxy.heads[0][0].startswith(f"CONNECT {HOST}:{port} HTTP/1.")
    auth = base64.b64encode(b"user:p@ss").decode()
    assert f"Proxy-Authorization: Basic {auth}" in proxy.heads[0]
    assert server.seen[-1].target == "/prod/items?q=x%20y"


def test_plain_http_through_a_proxy(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    with Server(HOST) as server:
        client = sigv4kit.RequestSigner(
            server.base, region="us-east-1", credentials=CREDS, allow_http=True
        )
        response = client.make_signed_request("GET", "prod/hello", params={"name": "a"})
        assert response.status_code == 200, response.text
    assert proxy.heads[0][0] == f"GET {server.base}/prod/hello?name=a HTTP/1.1"


def test_no_proxy_is_honoured(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.setenv("NO_PROXY", f"example.com,{HOST}")
    with Server(HOST) as server:
        client = sigv4kit.RequestSigner(
            server.base, region="us-east-1", credentials=CREDS, allow_http=True
        )
        assert client.make_signed_request("GET", "prod/hello").status_code == 200
    assert proxy.heads == []
