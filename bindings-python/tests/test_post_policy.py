"""``Signer.presign_post`` beside botocore's ``generate_presigned_post``:
the same URL and the same form fields, byte for byte and in the same order,
with botocore's clock fixed and no request made."""

import datetime
from typing import Any, Dict, List, Optional
from unittest import mock

import botocore.session
import pytest
from botocore.config import Config

import sigv4kit

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
WHEN = datetime.datetime(2015, 12, 29, 0, 0, 0)


def botocore_post(bucket: str, key: str, token: Optional[str], **kwargs: Any) -> Dict[str, Any]:
    client = botocore.session.get_session().create_client(
        "s3",
        region_name="us-east-1",
        endpoint_url=kwargs.pop("endpoint", None),
        aws_access_key_id=AKID,
        aws_secret_access_key=SECRET,
        aws_session_token=token,
        config=Config(signature_version="s3v4"),
    )
    with mock.patch("botocore.signers.get_current_datetime", return_value=WHEN), mock.patch(
        "botocore.auth.get_current_datetime", return_value=WHEN
    ):
        result: Dict[str, Any] = client.generate_presigned_post(bucket, key, **kwargs)
    return result


CONDITIONS: List[Any] = [
    {"acl": "public-read"},
    ["starts-with", "$Content-Type", "image/"],
    ["eq", "$success_action_status", "201"],
    ["content-length-range", 1, 1048576],
]
FIELDS = {"acl": "public-read", "success_action_status": "201"}


@pytest.mark.parametrize("token", [None, "FQoGZXIvYXdzEXAMPLE//token=="])
@pytest.mark.parametrize("key", ["uploads/${filename}", "uploads/cat.jpg"])
@pytest.mark.parametrize("endpoint", [None, "http://127.0.0.1:9000"])
def test_equals_botocore(token: Optional[str], key: str, endpoint: Optional[str]) -> None:
    want = botocore_post(
        "examplebucket",
        key,
        token,
        endpoint=endpoint,
        Fields=dict(FIELDS),
        Conditions=list(CONDITIONS),
        ExpiresIn=900,
    )
    signer = sigv4kit.Signer("us-east-1", "s3", sigv4kit.Credentials(AKID, SECRET, token))
    got = signer.presign_post(
        "examplebucket",
        key,
        FIELDS,
        CONDITIONS,
        900,
        endpoint=endpoint,
        timestamp="2015-12-29T00:00:00Z",
    )
    assert got == want
    assert list(got["fields"]) == list(want["fields"])


def test_a_provider_signer_resolves_its_credentials_per_call() -> None:
    signer = sigv4kit.Signer("us-east-1", "s3", lambda: sigv4kit.Credentials(AKID, SECRET))
    got = signer.presign_post("examplebucket", "k", timestamp=0)
    assert got["fields"]["x-amz-credential"] == f"{AKID}/19700101/us-east-1/s3/aws4_request"


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"key": "a/${filename}/b"}, "invalid_key", "key"),
        ({"expires_in": 0}, "invalid_expiry", "expires_in"),
        ({"fields": {"acl": "private"}}, "invalid_field", "fields.acl"),
        ({"conditions": [["ends-with", "$key", "x"]]}, "invalid_condition", "conditions[0]"),
        ({"conditions": [["content-length-range", 1.5, 2]]}, "invalid_condition", "conditions[0]"),
        ({"conditions": [{"bucket": "other"}]}, "invalid_condition", "conditions[0]"),
        ({"conditions": [object()]}, "invalid_condition", "conditions"),
        ({"fields": ["acl"]}, "invalid_field", "fields"),
    ],
)
def test_refuses_naming_the_field(kwargs: Dict[str, Any], code: str, field: str) -> None:
    signer = sigv4kit.Signer("us-east-1", "s3", sigv4kit.Credentials(AKID, SECRET, "TOKEN-SECRET"))
    args: Dict[str, Any] = {"key": "k", **kwargs}
    with pytest.raises(ValueError) as caught:
        signer.presign_post("examplebucket", timestamp=0, **args)
    assert isinstance(caught.value, sigv4kit.SigV4Error)
    assert type(caught.value).code == code  # each code its own class, as for signing errors
    assert (caught.value.code, caught.value.field) == (code, field)
    assert "TOKEN-SECRET" not in str(caught.value) and SECRET not in str(caught.value)
