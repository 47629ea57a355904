"""Explaining a SignatureDoesNotMatch 403: the message AWS sends quotes the
canonical request and string to sign it computed; the explanation names the
first line that differs from what we signed."""

import json

import pytest

from conftest import AKID, SECRET
from sigv4kit import Credentials, SignedRequest, Signer
from sigv4kit.debug import quoted_strings

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


def test_names_the_path_when_the_encoding_differs(signed: SignedRequest) -> None:
    lines = signed.canonical_request.split("\n")
    assert lines[1] == "/a%2520b"  # the path as sent, encoded once more
    lines[1] = "/a%20b"  # what a service that does not double-encode (S3) computes
    message = aws_message("\n".join(lines), signed.string_to_sign)
    text = signed.explain_mismatch(message)
    assert "line 2 (path)" in text
    assert "AWS computed: /a%20b" in text
    assert "we signed:    /a%2520b" in text


def test_names_a_header_changed_in_flight(signed: SignedRequest) -> None:
    altered = signed.canonical_request.replace("x-trace:abc", "x-trace:abd")
    body = json.dumps({"message": aws_message(altered, signed.string_to_sign)})
    assert "(header x-trace)" in signed.explain_mismatch(body.encode())
    assert "(header x-trace)" in signed.explain_mismatch({"message": aws_message(altered, "")})


def test_xml_bodies_and_string_to_sign(signed: SignedRequest) -> None:
    sts = signed.string_to_sign.replace("us-east-1", "us-west-2")
    quoted = aws_message(signed.canonical_request, sts).replace("'", "&apos;")
    xml = f"<ErrorResponse><Error><Message>{quoted}</Message></Error></ErrorResponse>"
    text = signed.explain_mismatch(xml)
    assert "string to sign differs first at line 3 (credential scope)" in text


def test_matching_strings_point_at_the_key(signed: SignedRequest) -> None:
    text = signed.explain_mismatch(aws_message(signed.canonical_request, signed.string_to_sign))
    assert "signing key differs" in text


def test_messages_without_quotes(signed: SignedRequest) -> None:
    assert quoted_strings("Forbidden") == (None, None)
    assert "quotes no canonical request" in signed.explain_mismatch("Forbidden")
