"""``profile=`` on every entry point: that profile's credentials from the
default chain, as boto3's ``Session(profile_name=...)`` gives them."""

from pathlib import Path

import pytest

import sigv4kit
from sigv4kit.httpx import SigV4Auth as HttpxAuth
from sigv4kit.requests import SigV4Auth as RequestsAuth


@pytest.fixture
def dev_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "credentials").write_text(
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default/secret\n\n"
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev/secret\n"
    )
    (tmp_path / "config").write_text("[profile dev]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)


def key_of(authorization: str) -> str:
    return authorization.split("Credential=", 1)[1].split("/", 1)[0]


def test_signer_signs_with_the_named_profile(dev_profile: None) -> None:
    signed = sigv4kit.Signer("us-east-1", "execute-api", profile="dev").sign(
        "GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/x"
    )
    assert key_of(signed.headers["Authorization"]) == "AKIDDEV"
    default = sigv4kit.Signer("us-east-1", "execute-api").sign(
        "GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/x"
    )
    assert key_of(default.headers["Authorization"]) == "AKIDDEFAULT"


def test_request_signer_and_auth_classes_take_it_too(dev_profile: None) -> None:
    client = sigv4kit.RequestSigner(
        "https://abc.execute-api.us-east-1.amazonaws.com/prod", region="us-east-1", profile="dev"
    )
    assert client.credentials.access_key_id == "AKIDDEV"
    for auth in (
        RequestsAuth("us-east-1", "execute-api", profile="dev"),
        HttpxAuth("us-east-1", "execute-api", profile="dev"),
    ):
        signer = auth.signer
        assert signer is not None
        signed = signer.sign("GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/x")
        assert key_of(signed.headers["Authorization"]) == "AKIDDEV"


def test_profile_and_credentials_together_are_refused(dev_profile: None) -> None:
    creds = sigv4kit.Credentials("AKIDX", "secret/x")
    with pytest.raises(TypeError, match="credentials or profile"):
        sigv4kit.Signer("us-east-1", "execute-api", creds, profile="dev")
    with pytest.raises(TypeError, match="credentials or profile"):
        RequestsAuth("us-east-1", "execute-api", creds, profile="dev")


def test_a_missing_profile_is_an_error_naming_it(dev_profile: None) -> None:
    signer = sigv4kit.Signer("us-east-1", "execute-api", profile="nowhere")
    with pytest.raises(sigv4kit.SigV4Error, match="nowhere"):
        signer.sign("GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/x")
