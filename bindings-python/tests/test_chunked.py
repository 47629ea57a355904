"""aws-chunked uploads from Python: ``Signer.sign_chunked`` reproduces the
S3 API reference's worked example, matches botocore's own aws-chunked
framing of the unsigned form, round-trips through ``sigv4kit.Verifier``
(0 bytes, one chunk, many chunks, a partial last chunk; bytes, files and
iterables), and goes out through ``requests`` and ``httpx`` to a
127.0.0.1 server that verifies it."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Iterator, List

import pytest

import sigv4kit
from sigv4kit import Credentials, Signer, Verifier

DOC = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
DOC_TIME = "2013-05-24T00:00:00Z"
KEY = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


def test_reproduces_the_reference_example() -> None:
    # "Signature Calculations for the Authorization Header: Transferring
    # Payload in Multiple Chunks (Chunked Upload)", the S3 API reference,
    # https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
    signer = Signer("us-east-1", "s3", DOC)
    upload = signer.sign_chunked(
        "PUT",
        "https://s3.amazonaws.com/examplebucket/chunkObject.txt",
        io.BytesIO(b"a" * 66560),
        {"x-amz-storage-class": "REDUCED_REDUNDANCY"},
        timestamp=DOC_TIME,
    )
    assert upload.signed.signature == (
        "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
    )
    assert upload.headers["Content-Length"] == "66824" and len(upload.body) == 66824
    body = b"".join(upload.body)
    assert body == (
        b"10000;chunk-signature="
        + b"ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"
        + b"a" * 65536
        + b"\r\n400;chunk-signature="
        + b"0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"
        + b"a" * 1024
        + b"\r\n0;chunk-signature="
        + b"b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"
    )
    with pytest.raises(RuntimeError):
        list(upload.body)


@pytest.mark.parametrize("length", [0, 1, 8192, 3 * 8192 + 100])
@pytest.mark.parametrize("checksum", ["crc32", "sha256"])
def test_unsigned_trailer_is_botocores_framing(length: int, checksum: str) -> None:
    from botocore import httpchecksum

    data = bytes(i % 251 for i in range(length))
    classes = {"crc32": httpchecksum.CrtCrc32Checksum, "sha256": httpchecksum.Sha256Checksum}
    cls = classes[checksum]
    theirs = httpchecksum.AwsChunkedWrapper(
        io.BytesIO(data),
        checksum_cls=cls,
        checksum_name=f"x-amz-checksum-{checksum}",
        chunk_size=8192,
    ).read()
    signer = Signer("us-east-1", "s3", KEY)
    upload = signer.sign_chunked(
        "PUT",
        "https://b.s3.amazonaws.com/k",
        data,
        mode="unsigned-trailer",
        checksum=checksum,
        chunk_size=8192,
    )
    assert b"".join(upload.body) == theirs
    assert len(upload.body) == len(theirs)


def _pieces(data: bytes, size: int) -> Iterator[bytes]:
    for at in range(0, len(data), size):
        yield data[at : at + size]


@pytest.mark.parametrize("length", [0, 8192, 5 * 8192, 3 * 8192 + 100])
@pytest.mark.parametrize(
    "mode,checksum",
    [("signed", None), ("signed-trailer", "crc32c"), ("unsigned-trailer", "crc32")],
)
@pytest.mark.parametrize("source", ["bytes", "file", "iterable"])
def test_round_trips_through_the_verifier(
    length: int, mode: str, checksum: str, source: str
) -> None:
    data = bytes((i * 7) % 256 for i in range(length))
    body = {"bytes": data, "file": io.BytesIO(data), "iterable": _pieces(data, 3000)}[source]
    signer = Signer("us-east-1", "s3", KEY)
    upload = signer.sign_chunked(
        "PUT",
        "https://b.s3.amazonaws.com/k",
        body,  # type: ignore[arg-type]
        decoded_length=length,
        mode=mode,
        checksum=checksum,
        chunk_size=8192,
    )
    framed = b"".join(upload.body)
    assert len(framed) == len(upload.body)
    verifier = Verifier(KEY, service="s3", double_encode_path=False, normalize_path=False)
    verified = verifier.verify(upload.method, upload.url, upload.headers, framed)
    assert verified.access_key_id == "AKIDEXAMPLE"
    if length:
        tampered = bytearray(framed)
        tampered[len(framed) // 2] ^= 0x20
        with pytest.raises(sigv4kit.SignatureError) as refused:
            verifier.verify(upload.method, upload.url, upload.headers, bytes(tampered))
        assert refused.value.code in (
            "chunk_signature_mismatch",
            "checksum_mismatch",
            "malformed_chunk",
        )
    with pytest.raises(sigv4kit.TruncatedStreamError):
        verifier.verify(upload.method, upload.url, upload.headers, framed[:-2])


@pytest.mark.parametrize("length", [0, 8192, 3 * 8192 + 100])
@pytest.mark.parametrize(
    "mode,checksum", [("ecdsa-signed", None), ("ecdsa-signed-trailer", "sha256")]
)
def test_sigv4a_chunks_round_trip(length: int, mode: str, checksum: str) -> None:
    """SigV4a uploads chain ECDSA chunk signatures (not comparable byte for
    byte: checked by verifying; `scripts/check-chunked-ecdsa.py` verifies the
    Rust runner's with `cryptography` under the official public key)."""
    data = bytes((i * 5) % 256 for i in range(length))
    signer = Signer("*", "s3", KEY, algorithm=sigv4kit.SIGV4A)
    upload = signer.sign_chunked(
        "PUT", "https://b.s3.amazonaws.com/k", data, mode=mode, checksum=checksum, chunk_size=8192
    )
    sent = {name.lower(): value for name, value in upload.headers.items()}
    assert sent["x-amz-content-sha256"].startswith("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")
    framed = b"".join(upload.body)
    verifier = Verifier(
        KEY, region="us-east-1", service="s3", double_encode_path=False, normalize_path=False
    )
    assert verifier.verify(upload.method, upload.url, upload.headers, framed).algorithm == (
        sigv4kit.SIGV4A
    )
    if length:
        tampered = bytearray(framed)
        tampered[len(framed) // 2] ^= 0x20
        with pytest.raises(sigv4kit.SignatureError):
            verifier.verify(upload.method, upload.url, upload.headers, bytes(tampered))
    # An HMAC chunk form under a SigV4a signer is refused by name.
    with pytest.raises(sigv4kit.InvalidPayloadError):
        signer.sign_chunked("PUT", "https://b.s3.amazonaws.com/k", data, mode="signed")


def test_refuses_bad_arguments_by_name() -> None:
    signer = Signer("us-east-1", "s3", KEY)
    with pytest.raises(sigv4kit.InvalidPayloadError) as bad:
        signer.sign_chunked("PUT", "https://b.s3.amazonaws.com/k", b"x", mode="gzip")
    assert bad.value.field == "mode"
    with pytest.raises(sigv4kit.InvalidPayloadError):
        signer.sign_chunked("PUT", "https://b.s3.amazonaws.com/k", b"x", mode="signed-trailer")
    with pytest.raises(sigv4kit.InvalidPayloadError):
        signer.sign_chunked("PUT", "https://b.s3.amazonaws.com/k", b"x", chunk_size=10)
    with pytest.raises(TypeError):
        signer.sign_chunked("PUT", "https://b.s3.amazonaws.com/k", iter([b"x"]))
    short = signer.sign_chunked(
        "PUT", "https://b.s3.amazonaws.com/k", iter([b"x"]), decoded_length=2
    )
    with pytest.raises(sigv4kit.InvalidPayloadError):
        b"".join(short.body)
    assert "secret" not in repr(short).lower() and "wJalr" not in repr(short)


class _Verifying(BaseHTTPRequestHandler):
    verifier = Verifier(KEY, service="s3", double_encode_path=False, normalize_path=False)
    seen: ClassVar[List[str]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.headers.get("Transfer-Encoding", ""))
        try:
            self.verifier.verify("PUT", self.path, list(self.headers.items()), body)
            status = 200
        except sigv4kit.SignatureError as e:
            status = 403
            self.seen.append(e.code)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Verifying)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_requests_and_httpx_send_it(server: str) -> None:
    import httpx
    import requests

    signer = Signer("us-east-1", "s3", KEY)
    data = b"z" * (2 * 8192 + 5)
    for mode, checksum in [
        ("signed", None),
        ("signed-trailer", "sha256"),
        ("unsigned-trailer", "crc32c"),
    ]:
        upload = signer.sign_chunked(
            "PUT",
            server + "/bucket/key",
            io.BytesIO(data),
            mode=mode,
            checksum=checksum,
            chunk_size=8192,
        )
        r = requests.put(upload.url, data=upload.body, headers=upload.headers, timeout=10)
        assert r.status_code == 200, _Verifying.seen
        upload = signer.sign_chunked(
            "PUT",
            server + "/bucket/key",
            _pieces(data, 1000),
            decoded_length=len(data),
            mode=mode,
            checksum=checksum,
        )
        r2 = httpx.put(upload.url, content=upload.body, headers=upload.headers, timeout=10)
        assert r2.status_code == 200, _Verifying.seen
    # A Content-Length is sent, never Transfer-Encoding.
    assert all(te == "" for te in _Verifying.seen)
