"""Debugging a 403. The diagnosis is the core's (the shared cases in
testdata/cases/diagnose.jsonl run through every binding's conformance
runner); these tests check what the Python side adds: the bodies and
response objects ``explain_mismatch`` accepts, and the ``requests``/``httpx``
auths attaching the diagnosis to a 403 of the local gateway when a request
was altered after signing."""

import json
import logging
import pathlib
import subprocess
from typing import Any, Iterator

import httpx
import pytest
import requests
import requests.adapters

from conftest import AKID, SECRET
from sigv4kit import Credentials, RequestSigner, SignedRequest, Signer
from sigv4kit.debug import diagnose, explain_mismatch, quoted_strings
from sigv4kit.httpx import SigV4Auth as HttpxAuth
from sigv4kit.requests import SigV4Auth as RequestsAuth

ROOT = pathlib.Path(__file__).resolve().parents[2]
GATEWAY_BIN = ROOT / "target" / "debug" / "sigv4kit-gateway"
# The local gateway's demo user (examples/local-gateway/gateway.toml).
DEMO = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

# API Gateway's message (as in mhart/aws4#110 and the local gateway).
LEAD = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service "
    "documentation for details."
)


def aws_message(canonical: str, string_to_sign: str) -> str:
    return (
        f"{LEAD}\n\nThe Canonical String for this request should have been\n'{canonical}'"
        f"\n\nThe String-to-Sign should have been\n'{string_to_sign}'\n"
    )


@pytest.fixture
def signed() -> SignedRequest:
    signer = Signer("us-east-1", "execute-api", Credentials(AKID, SECRET))
    return signer.sign(
        "GET", "https://example.com/a%20b?x=1", {"X-Trace": "abc"}, timestamp="2024-01-01T00:00:00Z"
    )


def test_every_shape_of_body_reads_the_same(signed: SignedRequest) -> None:
    altered = signed.canonical_request.replace("x-trace:abc", "x-trace:abd")
    message = aws_message(altered, signed.string_to_sign)
    body = json.dumps({"message": message})

    class Response:  # what requests, httpx and RequestSigner responses have
        content = body.encode()

    for error in (
        message,
        body,
        body.encode(),
        bytearray(body.encode()),
        {"message": message},
        Response(),
    ):
        d = diagnose(signed, error)
        assert (d.finding, d.part, d.expected, d.signed) == (
            "header",
            "header x-trace",
            "x-trace:abd",
            "x-trace:abc",
        )
    text = signed.explain_mismatch(body)
    assert text == explain_mismatch(signed, body) == str(diagnose(signed, body))
    assert "line 6 (header x-trace)" in text


def test_the_path_as_s3_reads_it(signed: SignedRequest) -> None:
    lines = signed.canonical_request.split("\n")
    assert lines[1] == "/a%2520b"  # the path as sent, encoded once more
    lines[1] = "/a%20b"  # what a service that does not double-encode (S3) computes
    text = signed.explain_mismatch(aws_message("\n".join(lines), signed.string_to_sign))
    assert "line 2 (path)" in text
    assert "AWS computed: /a%20b" in text
    assert "we signed:    /a%2520b" in text
    assert "S3" in text


def test_quoted_strings(signed: SignedRequest) -> None:
    message = aws_message(signed.canonical_request, signed.string_to_sign)
    escaped = message.replace("'", "&apos;")
    xml = f"<ErrorResponse><Error><Message>{escaped}</Message></Error></ErrorResponse>"
    assert quoted_strings(xml) == (signed.canonical_request, signed.string_to_sign)
    assert quoted_strings("Forbidden") == (None, None)
    assert "quotes no canonical request" in signed.explain_mismatch("Forbidden")


def test_a_diagnosis_reads_well_and_shows_no_token() -> None:
    temp = Credentials(AKID, SECRET, "TOKEN-THAT-MUST-NOT-SHOW")
    signed = Signer("us-east-1", "execute-api", temp).sign(
        "GET", "https://example.com/", timestamp=1
    )
    altered = signed.canonical_request.replace("TOKEN-THAT-MUST-NOT-SHOW", "OTHER-TOKEN-NOT-SHOWN")
    d = diagnose(signed, aws_message(altered, signed.string_to_sign))
    assert d.part == "header x-amz-security-token"
    shown = f"{d}{d!r}{d.expected}{d.signed}"
    assert "TOKEN-THAT" not in shown and "OTHER-TOKEN" not in shown
    assert repr(d) == "<Diagnosis header part='header x-amz-security-token' line=6>"


# --- the integrations against the local gateway ------------------------------


@pytest.fixture(scope="module")
def gateway() -> Iterator[str]:
    if not GATEWAY_BIN.exists():
        pytest.fail(f"{GATEWAY_BIN} is not built: run make build-gateway")
    proc = subprocess.Popen(
        [str(GATEWAY_BIN), "--listen", "127.0.0.1:0", "--quiet"], stdout=subprocess.PIPE, cwd=ROOT
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        yield line.split("listening on ")[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class TamperingAdapter(requests.adapters.HTTPAdapter):
    """A proxy on the way: changes a signed header after signing."""

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        request.headers["X-Trace"] = "changed-in-flight"
        return super().send(request, *args, **kwargs)


def tampering_session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", TamperingAdapter())
    return session


def test_requests_attaches_the_diagnosis_to_a_403(
    gateway: str, caplog: pytest.LogCaptureFixture
) -> None:
    auth = RequestsAuth("us-east-1", "execute-api", DEMO, debug=True)
    with caplog.at_level(logging.WARNING, logger="sigv4kit"):
        res = tampering_session().get(
            f"{gateway}/prod/hello", headers={"X-Trace": "abc"}, auth=auth
        )
    assert res.status_code == 403
    d = res.sigv4kit  # type: ignore[attr-defined]
    assert (d.finding, d.part, d.expected, d.signed) == (
        "header",
        "header x-trace",
        "x-trace:changed-in-flight",
        "x-trace:abc",
    )
    assert d.error_code == "SignatureDoesNotMatch"
    assert any("header x-trace" in r.getMessage() for r in caplog.records)


def test_requests_without_debug_changes_nothing(
    gateway: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SIGV4KIT_DEBUG", raising=False)
    res = tampering_session().get(
        f"{gateway}/prod/hello",
        headers={"X-Trace": "abc"},
        auth=RequestsAuth("us-east-1", "execute-api", DEMO),
    )
    assert res.status_code == 403
    assert not hasattr(res, "sigv4kit")
    ok = requests.get(
        f"{gateway}/prod/hello", auth=RequestsAuth("us-east-1", "execute-api", DEMO, debug=True)
    )
    assert ok.status_code == 200 and not hasattr(ok, "sigv4kit")


def test_the_environment_turns_debugging_on(gateway: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGV4KIT_DEBUG", "1")
    res = tampering_session().get(
        f"{gateway}/prod/hello",
        headers={"X-Trace": "abc"},
        auth=RequestsAuth("us-east-1", "execute-api", DEMO),
    )
    assert res.sigv4kit.part == "header x-trace"  # type: ignore[attr-defined]
    monkeypatch.setenv("SIGV4KIT_DEBUG", "0")
    res = tampering_session().get(
        f"{gateway}/prod/hello",
        headers={"X-Trace": "abc"},
        auth=RequestsAuth("us-east-1", "execute-api", DEMO),
    )
    assert not hasattr(res, "sigv4kit")


class TamperingTransport(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-Trace"] = "changed-in-flight"
        return super().handle_request(request)


class AsyncTamperingTransport(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-Trace"] = "changed-in-flight"
        return await super().handle_async_request(request)


def test_httpx_attaches_the_diagnosis_to_a_403(gateway: str) -> None:
    auth = HttpxAuth("us-east-1", "execute-api", DEMO, debug=True)
    with httpx.Client(auth=auth, transport=TamperingTransport()) as client:
        res = client.get(f"{gateway}/prod/hello", headers={"X-Trace": "abc"})
    assert res.status_code == 403
    d = res.sigv4kit  # type: ignore[attr-defined]
    assert (d.finding, d.part, d.signed) == ("header", "header x-trace", "x-trace:abc")
    with httpx.Client(auth=HttpxAuth("us-east-1", "execute-api", DEMO, debug=False)) as client:
        res = client.get(f"{gateway}/prod/hello", headers={"X-Trace": "abc"})
    assert res.status_code == 200 and not hasattr(res, "sigv4kit")


def test_httpx_async_body_changed_after_signing(gateway: str) -> None:
    import asyncio

    class BodyChanging(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            changed = httpx.Request(
                request.method, request.url, headers=request.headers, content=b'{"n": 2}'
            )
            return await super().handle_async_request(changed)

    async def call() -> httpx.Response:
        auth = HttpxAuth("us-east-1", "execute-api", DEMO, debug=True)
        async with httpx.AsyncClient(auth=auth, transport=BodyChanging()) as client:
            return await client.post(f"{gateway}/prod/hello", content=b'{"n": 1}')

    res = asyncio.run(call())
    assert res.status_code == 403
    assert res.sigv4kit.finding == "payload_hash"  # type: ignore[attr-defined]


def test_request_signer_attaches_the_diagnosis(gateway: str) -> None:
    # Signed for another service than the gateway's: it names the one it expects.
    client = RequestSigner(
        f"{gateway}/prod", "lambda", "us-east-1", DEMO, allow_http=True, debug=True
    )
    res = client.make_signed_request("GET", "hello")
    assert res.status_code == 403
    assert res.sigv4kit is not None
    assert (res.sigv4kit.finding, res.sigv4kit.expected, res.sigv4kit.signed) == (
        "wrong_service",
        "execute-api",
        "lambda",
    )
    plain = RequestSigner(f"{gateway}/prod", region="us-east-1", credentials=DEMO, allow_http=True)
    assert plain.make_signed_request("GET", "hello").sigv4kit is None
