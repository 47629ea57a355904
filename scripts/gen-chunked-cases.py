#!/usr/bin/env python3
"""Writes testdata/cases/chunked.jsonl: aws-chunked uploads whose expected
bytes come from outside sigv4kit, for core/tests/chunked.rs to reproduce.

usage: python3 scripts/gen-chunked-cases.py [--check]
       (needs awscrt==0.38.1 and botocore==1.44.5, from .venv)

- The seed (the head's Authorization header) is awscrt's: aws-c-auth signs
  the head with the mode's STREAMING-... value as x-amz-content-sha256.
- awscrt's Python API does not expose aws-c-auth's chunk signer, so the
  chunk and trailer signatures are computed below from the S3 reference's
  description of the chain (AWS4-HMAC-SHA256-PAYLOAD / -TRAILER strings to
  sign), with hashlib and hmac; this chain is first checked against both
  worked examples of the reference (sigv4-streaming.html and
  sigv4-streaming-trailers.html), and the script refuses to write anything
  if it does not reproduce them.
- The unsigned-trailer bodies are botocore's own aws-chunked encoding
  (botocore.httpchecksum.AwsChunkedWrapper, the one its flexible checksums
  send), with botocore's checksum classes.

Every case gives the plan (mode, chunk size, checksum), the request, the
body as a generator rule (byte i is (i * 31 + 7) % 251), and the expected
Authorization, chunk signatures, trailer and SHA-256 of the framed body.
"""
import datetime
import hashlib
import hmac
import io
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "testdata" / "cases" / "chunked.jsonl"
EMPTY = hashlib.sha256(b"").hexdigest()
MODES = {
    "signed": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "signed-trailer": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "unsigned-trailer": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
}


def body_of(n: int) -> bytes:
    return bytes((i * 31 + 7) % 251 for i in range(n))


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


class Chain:
    """The chunk-signature chain as the S3 reference describes it."""

    def __init__(self, key: bytes, amz_date: str, scope: str, seed: str) -> None:
        self.key, self.amz_date, self.scope, self.previous = key, amz_date, scope, seed

    def _sign(self, algorithm: str, *lines: str) -> str:
        sts = "\n".join([algorithm, self.amz_date, self.scope, self.previous, *lines])
        self.previous = hmac.new(self.key, sts.encode(), hashlib.sha256).hexdigest()
        return self.previous

    def chunk(self, data: bytes) -> str:
        return self._sign("AWS4-HMAC-SHA256-PAYLOAD", EMPTY, hashlib.sha256(data).hexdigest())

    def trailer(self, lines: list[tuple[str, str]]) -> str:
        canonical = "".join(f"{n}:{v}\n" for n, v in lines).encode()
        return self._sign("AWS4-HMAC-SHA256-TRAILER", hashlib.sha256(canonical).hexdigest())


def frame_signed(chain: Chain, data: bytes, size: int, trailer: tuple[str, str] | None) -> tuple[bytes, list[str], str | None]:
    out, sigs = bytearray(), []
    for at in range(0, len(data), size):
        chunk = data[at:at + size]
        sigs.append(chain.chunk(chunk))
        out += b"%x;chunk-signature=%s\r\n%s\r\n" % (len(chunk), sigs[-1].encode(), chunk)
    sigs.append(chain.chunk(b""))
    out += b"0;chunk-signature=%s\r\n" % sigs[-1].encode()
    trailer_sig = None
    if trailer:
        trailer_sig = chain.trailer([trailer])
        out += b"%s:%s\r\nx-amz-trailer-signature:%s\r\n" % (trailer[0].encode(), trailer[1].encode(), trailer_sig.encode())
    out += b"\r\n"
    return bytes(out), sigs, trailer_sig


def check_against_the_reference() -> None:
    key = signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3")
    scope = "20130524/us-east-1/s3/aws4_request"
    chain = Chain(key, "20130524T000000Z", scope, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
    got = [chain.chunk(b"a" * 65536), chain.chunk(b"a" * 1024), chain.chunk(b"")]
    assert got == ["ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
                   "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
                   "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"], got
    chain = Chain(key, "20130524T000000Z", scope, "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e")
    got = [chain.chunk(b"a" * 65536), chain.chunk(b"a" * 1024), chain.chunk(b""),
           chain.trailer([("x-amz-checksum-crc32c", "sOO8/Q==")])]
    assert got[-1] == "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435", got


def checksum_of(name: str, data: bytes) -> str:
    from botocore import httpchecksum

    cls = {"crc32": httpchecksum.CrtCrc32Checksum, "crc32c": httpchecksum.CrtCrc32cChecksum,
           "sha256": httpchecksum.Sha256Checksum}[name]
    c = cls()
    c.update(data)
    return str(c.b64digest())


def encoded_length(mode: str, n: int, size: int, checksum: str | None) -> int:
    signed = mode != "unsigned-trailer"
    def frame(k: int) -> int:
        return len(b"%x" % k) + (81 if signed else 0) + 2 + (k + 2 if k else 0)
    total = (n // size) * frame(size) + (frame(n % size) if n % size else 0) + frame(0)
    if checksum:
        total += len(f"x-amz-checksum-{checksum}:") + (44 if checksum == "sha256" else 8) + 2
        if signed:
            total += len("x-amz-trailer-signature:") + 64 + 2
    return total + 2


def awscrt_seed(case: dict) -> list[list[str]]:
    from awscrt import auth, http

    c = case["credentials"]
    provider = auth.AwsCredentialsProvider.new_static(c["access_key_id"], c["secret_access_key"], c.get("session_token"))
    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_HEADERS,
        credentials_provider=provider, region=case["region"], service=case["service"],
        date=datetime.datetime.fromisoformat(case["timestamp"].replace("Z", "+00:00")),
        use_double_uri_encode=False, should_normalize_uri_path=False,
        signed_body_value=MODES[case["mode"]],
        signed_body_header_type=auth.AwsSignedBodyHeaderType.X_AMZ_CONTENT_SHA_256)
    req = case["request"]
    request = http.HttpRequest(req["method"], req["target"], http.HttpHeaders([tuple(h) for h in req["headers"]]))
    auth.aws_sign_request(request, config).result()
    return [[n, v] for n, v in request.headers]


def make_cases() -> list[dict]:
    from botocore import httpchecksum

    cases = []
    plans = [("signed", None)] + [(m, c) for m in ("signed-trailer", "unsigned-trailer") for c in ("crc32", "crc32c", "sha256")]
    sizes = [(0, 8192), (1, 8192), (8192, 8192), (8193, 8192), (65536, 65536), (66560, 65536), (200_000, 65536), (30_000, 8192)]
    n = 0
    for mode, checksum in plans:
        for length, size in sizes:
            n += 1
            token = "FwoGZXIvYXdzEXAMPLE-chunked-token" if n % 5 == 0 else None
            headers = [["Host", "examplebucket.s3.us-west-2.amazonaws.com"],
                       ["Content-Encoding", "aws-chunked"],
                       ["Content-Length", str(encoded_length(mode, length, size, checksum))],
                       ["X-Amz-Decoded-Content-Length", str(length)]]
            if checksum:
                headers.append(["X-Amz-Trailer", f"x-amz-checksum-{checksum}"])
            if n % 3 == 0:
                headers.append(["Content-Type", "application/octet-stream"])
            case = {
                "id": f"{mode}-{checksum or 'none'}-{length}-by-{size}",
                "mode": mode, "checksum": checksum, "chunk_size": size, "decoded_length": length,
                "credentials": {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                "session_token": token},
                "region": "us-west-2", "service": "s3", "timestamp": f"2026-03-{1 + n % 28:02d}T12:{n % 60:02d}:07Z",
                "request": {"method": "PUT", "target": f"/photos/object-{n}.bin", "headers": headers},
            }
            signed = awscrt_seed(case)
            auth_value = next(v for h, v in signed if h.lower() == "authorization")
            seed = auth_value.rsplit("Signature=", 1)[1]
            data = body_of(length)
            trailer = (f"x-amz-checksum-{checksum}", checksum_of(checksum, data)) if checksum else None
            if mode == "unsigned-trailer":
                cls = {"crc32": httpchecksum.CrtCrc32Checksum, "crc32c": httpchecksum.CrtCrc32cChecksum,
                       "sha256": httpchecksum.Sha256Checksum}[checksum]
                body = httpchecksum.AwsChunkedWrapper(io.BytesIO(data), checksum_cls=cls,
                                                      checksum_name=f"x-amz-checksum-{checksum}", chunk_size=size).read()
                sigs, trailer_sig = [], None
            else:
                date = next(v for h, v in signed if h.lower() == "x-amz-date")
                c = case["credentials"]
                key = signing_key(c["secret_access_key"], date[:8], case["region"], case["service"])
                chain = Chain(key, date, f"{date[:8]}/{case['region']}/{case['service']}/aws4_request", seed)
                body, sigs, trailer_sig = frame_signed(chain, data, size, trailer)
            assert len(body) == encoded_length(mode, length, size, checksum), case["id"]
            case["expected"] = {
                "signed_headers": signed,
                "seed_signature": seed,
                "chunk_signatures": sigs,
                "trailer": list(trailer) if trailer else None,
                "trailer_signature": trailer_sig,
                "encoded_length": len(body),
                "body_sha256": hashlib.sha256(body).hexdigest(),
            }
            cases.append(case)
    return cases


def main() -> int:
    check_against_the_reference()
    text = "".join(json.dumps(c, sort_keys=True) + "\n" for c in make_cases())
    if sys.argv[1:] == ["--check"]:
        if OUT.read_text() != text:
            print(f"{OUT} is stale: run scripts/gen-chunked-cases.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"{len(text.splitlines())} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
