"""Credential resolution: explicit, environment, shared files (parsed by the
core), botocore/boto3 objects, refreshing providers."""

import datetime
import pathlib
from typing import Dict, List

import botocore.session
import pytest
from botocore.credentials import Credentials as BotoCredentials
from botocore.credentials import RefreshableCredentials

import sigv4kit
from conftest import AKID, SECRET
from sigv4kit import Credentials, Signer
from sigv4kit.credentials import (
    BotocoreProvider,
    EnvironmentProvider,
    RefreshingProvider,
    StaticProvider,
    as_provider,
    default_provider,
    resolve_credentials,
)

URL = "https://example.amazonaws.com/"
ENV_NAMES = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    # Never the developer's own ~/.aws.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def key_of(signer: Signer) -> str:
    auth = signer.sign("GET", URL).authorization or ""
    return auth.split("Credential=")[1].split("/")[0]


def write_files(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.write_text(
        "[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-west-1\n"
        "aws_access_key_id = AKIDDEVCONFIG\naws_secret_access_key = s1\n"
    )
    creds = tmp_path / "credentials"
    creds.write_text(
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s2\n"
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s3\n"
        "aws_session_token = devtoken\n[half]\naws_access_key_id = AKIDHALF\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(creds))


def test_nothing_configured() -> None:
    signer = Signer("us-east-1", "execute-api")  # resolving is lazy
    with pytest.raises(sigv4kit.NoCredentialsError) as err:
        signer.sign("GET", URL)
    assert isinstance(err.value, sigv4kit.InvalidCredentialsError)
    assert err.value.code == "invalid_credentials"
    with pytest.raises(sigv4kit.NoCredentialsError):
        resolve_credentials()


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "envtoken")
    signer = Signer("us-east-1", "execute-api")
    assert key_of(signer) == "AKIDENV"
    assert signer.sign("GET", URL).added_headers["X-Amz-Security-Token"] == "envtoken"
    first = signer.get_credentials()
    assert signer.get_credentials() is first  # unchanged environment: same object, same key cache
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDROTATED")
    assert key_of(signer) == "AKIDROTATED"
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(sigv4kit.InvalidCredentialsError) as err:
        signer.sign("GET", URL)
    assert err.value.field == "secret_access_key"


def test_environment_expiration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z")
    creds = EnvironmentProvider().get()
    assert creds.expiration == datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)


def test_shared_files(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, monkeypatch)
    assert key_of(Signer("us-east-1", "execute-api")) == "AKIDFILE"
    monkeypatch.setenv("AWS_PROFILE", "dev")
    creds = resolve_credentials()
    assert (creds.access_key_id, creds.session_token) == ("AKIDDEV", "devtoken")
    assert resolve_credentials(profile="default").access_key_id == "AKIDFILE"
    with pytest.raises(sigv4kit.InvalidCredentialsError, match="nope"):
        resolve_credentials(profile="nope")
    with pytest.raises(sigv4kit.InvalidCredentialsError) as err:
        resolve_credentials(profile="half")
    assert "AKIDHALF" not in str(err.value)


def test_profiles_that_need_more_than_keys(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text(
        "[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n"
        "[profile proc]\ncredential_process = /bin/false\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    # The chain runs these now; here they fail before any request, naming
    # the setting at fault (no such source profile; the process fails).
    with pytest.raises(
        sigv4kit.NoCredentialsError, match='source_profile "default" does not exist'
    ):
        resolve_credentials(profile="role")
    monkeypatch.setenv("AWS_PROFILE", "proc")
    with pytest.raises(
        sigv4kit.NoCredentialsError, match=r"status 1 \[setting: profile proc: credential_process\]"
    ):
        Signer("us-east-1", "execute-api").sign("GET", URL)


def test_environment_wins_over_files(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, monkeypatch)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
    assert resolve_credentials().access_key_id == "AKIDENV"
    explicit = Credentials(AKID, SECRET)
    assert resolve_credentials(explicit) is explicit
    assert key_of(Signer("us-east-1", "execute-api", explicit)) == AKID


def test_files_in_home(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    aws = tmp_path / "home" / ".aws"
    aws.mkdir(parents=True)
    (aws / "credentials").write_text(
        "[default]\naws_access_key_id=AKIDHOME\naws_secret_access_key=x\n"
    )
    assert resolve_credentials().access_key_id == "AKIDHOME"


def test_botocore_credentials_and_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    boto = BotoCredentials("AKIDBOTO", "botosecret", "bototoken")
    signer = Signer("us-east-1", "execute-api", boto)
    assert key_of(signer) == "AKIDBOTO"
    assert signer.get_credentials() is signer.get_credentials()
    assert Credentials.from_botocore(boto).session_token == "bototoken"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDSESSION")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    session = botocore.session.Session()
    assert key_of(Signer("us-east-1", "execute-api", session)) == "AKIDSESSION"


def test_botocore_refreshable_credentials_refresh() -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    issued: List[str] = []

    def refresh() -> Dict[str, str]:
        key = f"ASIAREFRESH{len(issued)}"
        issued.append(key)
        # Each batch is already inside botocore's refresh window.
        return {
            "access_key": key,
            "secret_key": "s",
            "token": "t",
            "expiry_time": (now + datetime.timedelta(seconds=60)).isoformat(),
        }

    refreshable = RefreshableCredentials.create_from_metadata(
        refresh(), refresh_using=refresh, method="test"
    )
    signer = Signer("us-east-1", "execute-api", refreshable)
    seen = {key_of(signer) for _ in range(3)}
    assert len(seen) == 3  # refreshed before every use, as it is about to expire
    assert signer.get_credentials().expiration is not None


def test_refreshing_provider() -> None:
    calls: List[int] = []

    def fetch(seconds: int) -> Credentials:
        calls.append(1)
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
        return Credentials(f"ASIA{len(calls)}", "s", "t", expiration=expires)

    soon = RefreshingProvider(lambda: fetch(100))  # inside the 300 s margin
    assert soon.get().access_key_id != soon.get().access_key_id
    calls.clear()
    later = RefreshingProvider(lambda: fetch(3600))
    assert later.get() is later.get()
    assert len(calls) == 1
    bad = RefreshingProvider(lambda: "nope")  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match=r"sigv4kit\.Credentials"):
        bad.get()


def test_as_provider_shapes() -> None:
    assert isinstance(as_provider(None), sigv4kit.DefaultChainProvider)
    assert isinstance(as_provider(Credentials(AKID, SECRET)), StaticProvider)
    assert isinstance(as_provider(BotoCredentials("a", "b")), BotocoreProvider)
    assert as_provider((AKID, SECRET)).get().access_key_id == AKID
    assert as_provider((AKID, SECRET, "tok")).get().session_token == "tok"
    assert isinstance(default_provider("dev"), sigv4kit.DefaultChainProvider)
    with pytest.raises(TypeError, match="credentials must be"):
        as_provider(42)
    with pytest.raises(TypeError):
        Signer("us-east-1", "execute-api", 42)


def test_provider_returning_the_wrong_type() -> None:
    class Broken(sigv4kit.CredentialsProvider):
        def load(self) -> Credentials:
            return "oops"  # type: ignore[return-value]

    with pytest.raises(TypeError, match=r"not sigv4kit\.Credentials"):
        Signer("us-east-1", "execute-api", Broken()).sign("GET", URL)


def test_profile_objects(tmp_path: pathlib.Path) -> None:
    profile = sigv4kit._native.resolve_profile(
        "[profile r]\nrole_arn = arn:aws:iam::1:role/x\n"
        "source_profile = base\nregion = eu-west-1\n",
        "[base]\naws_access_key_id = A\naws_secret_access_key = B\n",
        "r",
    )
    assert profile.region == "eu-west-1"
    kind, details = profile.credential_source()
    assert kind == "assume_role" and details["source_profile"] == "base"
    assert profile.static_credentials() is None
    assert "B" not in repr(profile)
