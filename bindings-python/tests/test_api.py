"""The Python surface: argument shapes, results, options and bad input.

Expected signatures here are never computed by sigv4kit itself: either two
ways of giving the same input must agree, or botocore (an independent signer)
supplies the expected value, or the official suite's published answer does.
"""

import copy
import datetime
import hashlib
import http
import io
import pickle
import re
import sys
from typing import Any

import pytest

import sigv4kit
from conftest import AKID, ROOT, SECRET
from sigv4kit import Credentials, Signer

URL = "https://example.amazonaws.com/?Param1=value1"
WHEN = "2015-08-30T12:36:00Z"
# The official suite's answer for GET /?Param1=value1 (header signing).
VANILLA_QUERY_SIGNATURE = (
    (ROOT / "testdata/aws-signing-test-suite/v4/get-vanilla-empty-query-key/header-signature.txt")
    .read_text(encoding="utf-8")
    .strip()
)


def signer(**options: Any) -> Signer:
    return Signer("us-east-1", "service", Credentials(AKID, SECRET), **options)


def test_signs_an_absolute_url_with_the_published_signature() -> None:
    signed = signer().sign("GET", URL, timestamp=WHEN)
    assert signed.signature == VANILLA_QUERY_SIGNATURE
    assert signed.url == URL
    assert signed.target == "/?Param1=value1"
    assert signed.headers["Host"] == "example.amazonaws.com"
    assert set(signed.added_headers) == {"X-Amz-Date", "Authorization"}
    assert signed.authorization == signed.headers["Authorization"]
    assert signed.amz_date == "20150830T123600Z"
    assert signed.signature_location == "headers"
    assert signed.canonical_request.startswith(
        "GET\n/\nParam1=value1\nhost:example.amazonaws.com\n"
    )


def test_timestamp_forms_agree() -> None:
    utc = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)
    plus2 = utc.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    for when in (WHEN, utc, plus2, 1440938160, 1440938160.9):
        assert signer().sign("GET", URL, timestamp=when).signature == VANILLA_QUERY_SIGNATURE


def test_naive_datetimes_and_bad_strings_are_refused() -> None:
    with pytest.raises(sigv4kit.InvalidTimestampError, match="naive") as err:
        signer().sign("GET", URL, timestamp=datetime.datetime(2015, 8, 30, 12, 36))
    assert err.value.field == "timestamp"
    with pytest.raises(sigv4kit.InvalidTimestampError):
        signer().sign("GET", URL, timestamp="2015-08-30 12:36:00")
    with pytest.raises(TypeError, match="timestamp"):
        signer().sign("GET", URL, timestamp=[1])  # type: ignore[arg-type]


def test_default_time_is_now() -> None:
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    signed = signer().sign("GET", URL)
    after = datetime.datetime.now(datetime.timezone.utc)
    signed_at = datetime.datetime.strptime(signed.amz_date, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc
    )
    assert before <= signed_at <= after


def test_target_form_takes_host_from_headers() -> None:
    signed = signer().sign(
        "GET", "/?Param1=value1", {"Host": "example.amazonaws.com"}, timestamp=WHEN
    )
    assert signed.signature == VANILLA_QUERY_SIGNATURE
    assert signed.url == "/?Param1=value1"


def test_explicit_host_header_wins_over_the_url() -> None:
    signed = signer().sign(
        "GET",
        "https://127.0.0.1:8443/?Param1=value1",
        {"host": "example.amazonaws.com"},
        timestamp=WHEN,
    )
    assert signed.signature == VANILLA_QUERY_SIGNATURE


def test_host_keeps_a_non_default_port() -> None:
    signed = signer().sign("GET", "https://example.amazonaws.com:8443/", timestamp=WHEN)
    assert signed.headers["Host"] == "example.amazonaws.com:8443"
    assert "host:example.amazonaws.com:8443\n" in signed.canonical_request
    assert signer().sign("GET", "https://example.amazonaws.com:443/").headers["Host"] == (
        "example.amazonaws.com"
    )


def test_header_shapes_agree() -> None:
    pairs = [("X-A", "1"), ("x-b", "2")]
    results = {
        signer().sign("GET", URL, shape, timestamp=WHEN).signature
        for shape in (dict(pairs), pairs, tuple(pairs), iter(pairs), [(b"X-A", b"1"), ("x-b", "2")])
    }
    assert len(results) == 1


def test_repeated_headers_are_kept_in_order() -> None:
    signed = signer().sign(
        "GET", URL, [("My-Header1", "value4"), ("My-Header1", "value1")], timestamp=WHEN
    )
    assert "my-header1:value4,value1\n" in signed.canonical_request
    assert signed.headers["My-Header1"] == "value4,value1"
    assert signed.header_list.count(("My-Header1", "value4")) == 1


def test_body_forms_agree(tmp_path: Any) -> None:
    data = "caf\u00e9 \u2603 body".encode()
    path = tmp_path / "body.bin"
    path.write_bytes(data)
    expected = hashlib.sha256(data).hexdigest()
    with open(path, "rb") as file:
        bodies = [data, data.decode(), bytearray(data), memoryview(data), io.BytesIO(data), file]
        for body in bodies:
            signed = signer().sign("POST", URL, body=body, timestamp=WHEN)
            assert signed.canonical_request.endswith("\n" + expected), type(body)
        # The file is left where it was, so it can still be sent.
        assert file.tell() == 0
    assert sigv4kit.hash_payload(data) == expected
    assert sigv4kit.hash_payload(None) == sigv4kit.EMPTY_PAYLOAD_SHA256


def test_large_and_partly_read_files(tmp_path: Any) -> None:
    data = bytes(range(256)) * 20_000  # 5 MB: hashed in chunks without the GIL
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    with open(path, "rb") as file:
        file.seek(100)
        assert sigv4kit.hash_payload(file) == hashlib.sha256(data[100:]).hexdigest()
        assert file.tell() == 100
    assert sigv4kit.hash_payload(data) == hashlib.sha256(data).hexdigest()
    assert sigv4kit.hash_payload(bytearray(data)) == hashlib.sha256(data).hexdigest()


def test_bad_bodies_are_refused_with_type_errors() -> None:
    with pytest.raises(TypeError, match="body must be"):
        signer().sign("POST", URL, body={"a": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="body must be"):
        signer().sign("POST", URL, body=12)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="binary mode"):
        signer().sign("POST", URL, body=io.StringIO("text"))
    # A stream that cannot be hashed is fine when the payload is unsigned.
    signed = signer().sign("POST", URL, body=iter([b"x"]), unsigned_payload=True)  # type: ignore[arg-type]
    assert signed.canonical_request.endswith("\nUNSIGNED-PAYLOAD")


def test_payload_options() -> None:
    digest = hashlib.sha256(b"abc").hexdigest()
    assert signer().sign("PUT", URL, payload_hash=digest).canonical_request.endswith(digest)
    assert (
        signer(unsigned_payload=True)
        .sign("PUT", URL, body=b"x")
        .canonical_request.endswith("UNSIGNED-PAYLOAD")
    )
    with pytest.raises(sigv4kit.InvalidPayloadError) as err:
        signer().sign("PUT", URL, payload_hash="ABC")
    assert err.value.code == "invalid_payload"


def test_s3_defaults_and_overrides() -> None:
    s3 = Signer("us-east-1", "s3", Credentials(AKID, SECRET))
    assert (s3.double_encode_path, s3.normalize_path, s3.content_sha256_header) == (
        False,
        False,
        True,
    )
    signed = s3.sign("GET", "https://b.s3.amazonaws.com/a%20b//c", timestamp=WHEN)
    assert "X-Amz-Content-Sha256" in signed.added_headers
    assert signed.canonical_request.split("\n")[1] == "/a%20b//c"
    other = signer(double_encode_path=False, normalize_path=False)
    assert other.sign("GET", "https://h/a//b").canonical_request.split("\n")[1] == "/a//b"
    # S3 presigned URLs sign UNSIGNED-PAYLOAD unless told otherwise.
    assert s3.presign("GET", "https://b.s3.amazonaws.com/k").canonical_request.endswith(
        "UNSIGNED-PAYLOAD"
    )


def test_presign() -> None:
    creds = Credentials(AKID, SECRET, "TOKEN/with+chars")
    s = Signer("us-east-1", "service", creds)
    signed = s.presign("GET", URL, 300, timestamp=WHEN)
    assert signed.signature_location == "query"
    assert signed.expires_in == 300
    assert signed.added_headers == {}
    assert signed.authorization is None
    assert signed.url.startswith("https://example.amazonaws.com/?Param1=value1&X-Amz-Algorithm=")
    assert "X-Amz-Expires=300" in signed.url
    assert "X-Amz-Security-Token=TOKEN%2Fwith%2Bchars" in signed.url
    assert signed.url.endswith("X-Amz-Signature=" + signed.signature)
    for bad in (0, -1, 604801):
        with pytest.raises(sigv4kit.InvalidExpiryError):
            s.presign("GET", URL, bad)
    assert "TOKEN" not in repr(signed)


def test_session_tokens_and_omit_option() -> None:
    creds = Credentials(AKID, SECRET, "the-token")
    signed = Signer("us-east-1", "iotdevicegateway", creds).sign("GET", URL)
    assert signed.added_headers["X-Amz-Security-Token"] == "the-token"
    assert "x-amz-security-token" in signed.canonical_request
    omitted = Signer("us-east-1", "iotdevicegateway", creds, omit_session_token=True).sign(
        "GET", URL
    )
    assert omitted.added_headers["X-Amz-Security-Token"] == "the-token"
    assert "x-amz-security-token" not in omitted.canonical_request


def test_http_method_enum() -> None:
    if sys.version_info >= (3, 11):
        a = signer().sign(http.HTTPMethod.GET, URL, timestamp=WHEN)
        assert a.signature == VANILLA_QUERY_SIGNATURE


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda s: s.sign("GE T", URL), sigv4kit.InvalidMethodError, "method"),
        (lambda s: s.sign("", URL), sigv4kit.InvalidMethodError, "method"),
        (lambda s: s.sign("GET", "example.com/x"), sigv4kit.InvalidTargetError, "url"),
        (lambda s: s.sign("GET", "ftp://example.com/"), sigv4kit.InvalidTargetError, "target"),
        (lambda s: s.sign("GET", "https://h/a b"), sigv4kit.InvalidTargetError, "target"),
        (lambda s: s.sign("GET", "https://u:p@h/"), sigv4kit.InvalidTargetError, "target"),
        (lambda s: s.sign("GET", "/a\r\nb"), sigv4kit.InvalidTargetError, "target"),
        (
            lambda s: s.sign("GET", URL, {"X-Secret": "hunter2\r\nX-Evil: 1"}),
            sigv4kit.InvalidHeaderError,
            "headers",
        ),
        (lambda s: s.sign("GET", URL, {"Bad Name": "v"}), sigv4kit.InvalidHeaderError, "headers"),
    ],
)
def test_bad_input_names_the_field(call: Any, error: type, field: str) -> None:
    with pytest.raises(error) as info:
        call(signer())
    assert isinstance(info.value, sigv4kit.SigV4Error)
    assert isinstance(info.value, ValueError)
    assert info.value.field == field
    assert info.value.code == error.code  # type: ignore[attr-defined]
    assert "hunter2" not in str(info.value) and "hunter2" not in repr(info.value)


def test_bad_settings_and_keys() -> None:
    with pytest.raises(sigv4kit.InvalidRegionError):
        Signer("", "service", Credentials(AKID, SECRET))
    with pytest.raises(sigv4kit.InvalidServiceError):
        Signer("us-east-1", "a/b", Credentials(AKID, SECRET))
    with pytest.raises(sigv4kit.InvalidCredentialsError) as err:
        Credentials("", SECRET)
    assert err.value.field == "access_key_id"
    with pytest.raises(sigv4kit.InvalidCredentialsError) as err:
        Credentials(AKID, "")
    assert err.value.field == "secret_access_key"
    with pytest.raises(sigv4kit.InvalidCredentialsError) as err:
        Credentials(AKID, SECRET, "SECRETTOKEN\nX")
    assert err.value.field == "session_token"
    assert "SECRETTOKEN" not in str(err.value)
    with pytest.raises(TypeError):
        Credentials(AKID, 12345)  # type: ignore[arg-type]


def test_secrets_never_show() -> None:
    creds = Credentials(AKID, SECRET, "SESSIONTOKEN", expiration=2_000_000_000)
    for text in (repr(creds), str(creds), repr(Signer("us-east-1", "s", creds))):
        assert SECRET not in text and "SESSIONTOKEN" not in text
    assert AKID in repr(creds)
    assert "expiration='2033-05-18T03:33:20Z'" in repr(creds)
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(creds)
    signed = Signer("us-east-1", "s", creds).sign("GET", URL)
    assert "SESSIONTOKEN" not in repr(signed) and SECRET not in repr(signed)


def test_credentials_values() -> None:
    expiry = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    creds = Credentials(AKID, SECRET, "tok", expiry)
    assert (creds.access_key_id, creds.secret_access_key, creds.session_token) == (
        AKID,
        SECRET,
        "tok",
    )
    assert creds.expiration == expiry
    assert creds.expiration_timestamp == int(expiry.timestamp())
    assert creds.expires_within(0, now=expiry)
    assert not creds.expires_within(60, now=expiry - datetime.timedelta(minutes=2))
    assert creds.expires_within(300, now=expiry - datetime.timedelta(minutes=2))
    assert Credentials(AKID, SECRET).expiration is None
    assert not Credentials(AKID, SECRET).expires_within(10**9)
    assert Credentials(AKID, SECRET, "") == Credentials(AKID, SECRET)
    assert Credentials(AKID, SECRET) != Credentials(AKID, SECRET + "x")
    assert creds.with_expiration(None).expiration is None


def test_copies_are_the_same_immutable_objects() -> None:
    creds = Credentials(AKID, SECRET)
    s = Signer("us-east-1", "service", creds)
    assert copy.copy(creds) is creds and copy.deepcopy(creds) is creds
    assert copy.deepcopy({"signer": s})["signer"] is s


def test_per_call_credentials() -> None:
    s = signer()
    other = Credentials("AKIDOTHER", SECRET)
    assert "Credential=AKIDOTHER/" in (s.sign("GET", URL, credentials=other).authorization or "")
    assert "Credential=AKIDEXAMPLE/" in (s.sign("GET", URL).authorization or "")
    # Not Credentials: resolved in Python (sigv4kit._internal), per call.
    by_tuple = s.presign("GET", URL, credentials=("AKIDTUPLE", SECRET))
    assert "X-Amz-Credential=AKIDTUPLE%2F" in by_tuple.url
    by_function = s.sign("GET", URL, credentials=lambda: other)
    assert "Credential=AKIDOTHER/" in (by_function.authorization or "")
    with pytest.raises(TypeError, match="credentials must be"):
        s.sign("GET", URL, credentials=42)


def test_signers_with_fixed_or_provided_credentials_are_signers() -> None:
    fixed = signer()
    provided = Signer("us-east-1", "service", lambda: Credentials("AKIDLAZY", SECRET))
    assert isinstance(fixed, Signer) and isinstance(provided, Signer)
    assert "Credential=AKIDLAZY/" in (provided.sign("GET", URL).authorization or "")
    assert provided.get_credentials().access_key_id == "AKIDLAZY"
    assert fixed.get_credentials().access_key_id == AKID
    # The extension alone takes Credentials only.
    with pytest.raises(TypeError, match=r"credentials must be sigv4kit\.Credentials"):
        sigv4kit._native.Signer("us-east-1", "service", lambda: None)  # type: ignore[arg-type]


def test_the_extension_imports_only_the_internal_hook() -> None:
    # Every import of a package module in the Rust code (`py.import("m")`,
    # `ONCE.import(py, "m", "name")`): only sigv4kit._internal.
    pattern = r'import\((?:[\w.]+(?:\(\))?,\s*)?"(sigv4kit[\w.]*)"'
    sources = list((ROOT / "bindings-python" / "src").glob("*.rs"))
    named = {m for path in sources for m in re.findall(pattern, path.read_text())}
    assert named == {"sigv4kit._internal"}


def test_constants_and_helpers() -> None:
    assert sigv4kit.UNSIGNED_PAYLOAD == "UNSIGNED-PAYLOAD"
    assert sigv4kit.MAX_EXPIRES_IN == 604800
    assert sigv4kit.uri_encode("a b/~é") == "a%20b%2F~%C3%A9"
    assert sigv4kit.__version__.count(".") == 2


# The AWS S3 documentation's presigned-URL example. The expected URL is what
# botocore 1.44.5's S3SigV4QueryAuth produced for the same inputs (AWSRequest
# GET of the URL, botocore.auth.get_current_datetime patched to
# 2013-05-24T00:00:00Z, expires=86400); its signature is the one the S3
# documentation ("Authenticating Requests: Using Query Parameters") gives.
S3_DOC_PRESIGNED_URL = (
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
)


def test_s3_presigned_url_is_botocores() -> None:
    creds = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    s3 = Signer("us-east-1", "s3", creds)
    url = "https://examplebucket.s3.amazonaws.com/test.txt"
    when = "2013-05-24T00:00:00Z"
    assert s3.presign("GET", url, 86400, timestamp=when).url == S3_DOC_PRESIGNED_URL
    # A body given to presign does not change what S3 requires.
    assert s3.presign("GET", url, 86400, body=b"x", timestamp=when).url == S3_DOC_PRESIGNED_URL
    hashed = s3.presign("GET", url, 86400, timestamp=when, unsigned_payload=False)
    assert hashed.canonical_request.endswith("\n" + sigv4kit.EMPTY_PAYLOAD_SHA256)


def test_core_defaults() -> None:
    s = Signer("us-east-1", "service", Credentials(AKID, SECRET))
    assert s.presign("GET", URL, timestamp=WHEN).expires_in == sigv4kit.DEFAULT_EXPIRES_IN == 3600
    signed = s.sign("GET", "https://example.com/a+b?q=a%20b+c&r=%2B")
    assert signed.url == "https://example.com/a+b?q=a%20b%20c&r=%2B"
    exact = s.sign("GET", "/?q=a+b", {"Host": "example.com"}, timestamp=WHEN)
    assert exact.target == "/?q=a+b" and "\nq=a%2Bb\n" in exact.canonical_request
    stale = s.presign("GET", URL, headers={"Authorization": "AWS4-HMAC-SHA256 stale"})
    assert [n for n, _ in stale.header_list] == ["Host"]
    repeated = s.sign("GET", URL, [("X-A", "one"), ("X-A", "two")], timestamp=WHEN)
    assert repeated.headers["X-A"] == "one,two" and "\nx-a:one,two\n" in repeated.canonical_request
    assert sorted(sigv4kit.SIGNER_HEADERS) == [
        "authorization",
        "x-amz-content-sha256",
        "x-amz-date",
        "x-amz-security-token",
    ]
