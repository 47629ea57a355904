"""The default credential chain, scenario by scenario, against local
endpoints (``sigv4kit-cred-endpoints`` from the gateway crate, on 127.0.0.1)
and compared with what botocore resolves in the same environment: the same
keys, token, expiry and region, or the same failure.

botocore runs in a child process with exactly the scenario's environment
(its SSO cache directory is fixed from ``HOME`` at import). Both sides get a
guard that refuses any connection to a host other than 127.0.0.1; the one
scenario whose address is link-local by definition (the container's relative
URI, 169.254.170.2) is redirected to the local endpoint on both sides, after
checking that this is the address each side asked for.
"""

import json
import os
import pathlib
import subprocess
import sys
import urllib.parse
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import sigv4kit
from sigv4kit._chain import HttpRequest, resolve_chain, send_http

ROOT = pathlib.Path(__file__).resolve().parents[2]
ENDPOINTS_BIN = pathlib.Path(
    os.environ.get(
        "SIGV4KIT_CRED_ENDPOINTS", str(ROOT / "target" / "debug" / "sigv4kit-cred-endpoints")
    )
)

SOURCE_KEY = ("AKIDLOCALSOURCE", "local-source-secret")
CONTAINER_TOKEN = "Bearer local-container-token"
WEB_TOKEN = "local-oidc-token"
SSO_TOKEN = "local-sso-access-token"
EXPIRATION = "2099-01-01T00:00:00Z"
EXPIRATION_UNIX = 4070908800  # GNU date -u -d 2099-01-01T00:00:00Z +%s


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not ENDPOINTS_BIN.exists():
        pytest.fail(
            f"{ENDPOINTS_BIN} is missing: build it with "
            "`cargo build -p sigv4kit-gateway --bin sigv4kit-cred-endpoints`"
        )
    config = tmp_path_factory.mktemp("endpoints") / "config.json"
    config.write_text(
        json.dumps(
            {
                "keys": [list(SOURCE_KEY)],
                "container_token": CONTAINER_TOKEN,
                "web_identity_token": WEB_TOKEN,
                "sso_token": SSO_TOKEN,
                "expiration": EXPIRATION,
            }
        )
    )
    # The server stops when its standard input closes, even if this process
    # dies without cleaning up.
    proc = subprocess.Popen(
        [str(ENDPOINTS_BIN), str(config)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("listening on http://127.0.0.1:"), line
    try:
        yield line.split("listening on ", 1)[1].strip()
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


# --- running each side --------------------------------------------------------

BOTOCORE_SCRIPT = r"""
import ipaddress, json, os, socket, sys
_connect = socket.socket.connect
def guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if not ipaddress.ip_address(host).is_loopback:
        raise OSError("test guard: refusing a connection to " + str(host))
    return _connect(self, address)
socket.socket.connect = guarded
import botocore.session, botocore.utils
redirect = os.environ.get("TEST_CONTAINER_REDIRECT")
if redirect:
    assert botocore.utils.ContainerMetadataFetcher.IP_ADDRESS == "169.254.170.2"
    botocore.utils.ContainerMetadataFetcher.IP_ADDRESS = redirect
session = botocore.session.get_session()
try:
    c = session.get_credentials()
    if c is None:
        out = {"outcome": "none"}
    else:
        f = c.get_frozen_credentials()
        exp = getattr(c, "_expiry_time", None)
        out = {"outcome": "ok", "keys": [f.access_key, f.secret_key, f.token],
               "expiry": int(exp.timestamp()) if exp else None}
    out["region"] = session.get_config_variable("region")
except Exception as e:
    out = {"outcome": "error", "error": type(e).__name__}
print(json.dumps(out))
"""


def botocore_resolves(env: Dict[str, str]) -> Dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", BOTOCORE_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class Guard:
    """Our transport in the tests: loopback only, the container's link-local
    address redirected to the local endpoint."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.urls: List[str] = []

    def __call__(self, request: HttpRequest) -> Optional[Tuple[int, str]]:
        url = request["url"]
        self.urls.append(url)
        if url.startswith("http://169.254.170.2/"):
            request = dict(request)
            request["url"] = self.base + url[len("http://169.254.170.2") :]
            host = urllib.parse.urlsplit(self.base).netloc
            request["headers"] = [
                (n, host if n.lower() == "host" else v) for n, v in request["headers"]
            ]
            url = request["url"]
        assert urllib.parse.urlsplit(url).hostname == "127.0.0.1", url
        return send_http(request)


def ours_resolves(env: Dict[str, str], guard: Guard) -> Dict[str, Any]:
    try:
        r = resolve_chain(env, transport=guard)
    except sigv4kit.CredentialChainError as err:
        return {"outcome": "none" if err.not_found else "error", "message": str(err)}
    c = r.credentials
    return {
        "outcome": "ok",
        "keys": [c.access_key_id, c.secret_access_key, c.session_token],
        "expiry": c.expiration_timestamp,
        "region": r.region,
        "source": r.source,
    }


# --- scenarios ------------------------------------------------------------------


def home_with(tmp_path: pathlib.Path, config: str = "", credentials: str = "") -> pathlib.Path:
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    if config:
        (home / ".aws" / "config").write_text(config)
    if credentials:
        (home / ".aws" / "credentials").write_text(credentials)
    return home


def environment(home: pathlib.Path, base: str, **extra: str) -> Dict[str, str]:
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL_STS": base,
        "AWS_ENDPOINT_URL_SSO": base,
    }
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}


SOURCE_CREDS = (
    f"[src]\naws_access_key_id = {SOURCE_KEY[0]}\naws_secret_access_key = {SOURCE_KEY[1]}\n"
)


def scenario(tmp_path: pathlib.Path, base: str, name: str) -> Tuple[Dict[str, str], str]:
    """The environment of scenario ``name`` and the source expected."""
    if name == "env keys":
        home = home_with(tmp_path)
        return environment(
            home,
            base,
            AWS_ACCESS_KEY_ID="AKIDFROMENV",
            AWS_SECRET_ACCESS_KEY="env-secret",
            AWS_SESSION_TOKEN="env-token",
            AWS_DEFAULT_REGION="eu-west-1",
        ), "environment"
    if name == "static profile":
        home = home_with(
            tmp_path,
            "[default]\nregion = us-west-2\n",
            "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n",
        )
        return environment(home, base), "shared_credentials_file"
    if name == "AWS_PROFILE":
        home = home_with(
            tmp_path,
            "[profile dev]\nregion = ap-south-1\n"
            "aws_access_key_id = AKIDDEVCONFIG\naws_secret_access_key = dev-config-secret\n",
            "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n",
        )
        return environment(home, base, AWS_PROFILE="dev"), "config_file"
    if name == "role via source_profile":
        home = home_with(
            tmp_path,
            "[profile role]\nrole_arn = arn:aws:iam::111122223333:role/demo-client\n"
            "source_profile = src\nregion = us-east-2\n",
            SOURCE_CREDS,
        )
        return environment(home, base, AWS_PROFILE="role"), "assume_role"
    if name == "two-hop chain":
        home = home_with(
            tmp_path,
            "[profile hop1]\nrole_arn = arn:aws:iam::111122223333:role/first\n"
            "source_profile = src\n"
            "[profile hop2]\nrole_arn = arn:aws:iam::444455556666:role/second\n"
            "source_profile = hop1\nrole_session_name = second-hop\n",
            SOURCE_CREDS,
        )
        # botocore refuses to call STS without a region (NoRegionError) even
        # with AWS_ENDPOINT_URL_STS; sigv4kit then signs for us-east-1, as
        # the JavaScript SDK does. Give both a region.
        return environment(
            home, base, AWS_PROFILE="hop2", AWS_DEFAULT_REGION="ap-southeast-2"
        ), "assume_role"
    if name == "credential_source":
        token = tmp_path / "container-token"
        token.write_text(CONTAINER_TOKEN)
        home = home_with(
            tmp_path,
            "[profile ecs]\nrole_arn = arn:aws:iam::111122223333:role/from-task\n"
            "credential_source = EcsContainer\n",
        )
        return environment(
            home,
            base,
            AWS_PROFILE="ecs",
            AWS_DEFAULT_REGION="us-west-1",
            AWS_CONTAINER_CREDENTIALS_FULL_URI=base + "/container/task",
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(token),
        ), "assume_role"
    if name == "web identity by env":
        token = tmp_path / "oidc"
        token.write_text(WEB_TOKEN)
        home = home_with(tmp_path)
        return environment(
            home,
            base,
            AWS_ROLE_ARN="arn:aws:iam::111122223333:role/pod",
            AWS_WEB_IDENTITY_TOKEN_FILE=str(token),
            AWS_ROLE_SESSION_NAME="pod-session",
        ), "web_identity"
    if name == "web identity by profile":
        token = tmp_path / "oidc"
        token.write_text(WEB_TOKEN)
        home = home_with(
            tmp_path,
            f"[default]\nrole_arn = arn:aws:iam::111122223333:role/ci\n"
            f"web_identity_token_file = {token}\n",
        )
        return environment(home, base), "web_identity"
    if name == "credential_process":
        script = tmp_path / "creds.py"
        script.write_text(
            "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'AKIDPROCESS', "
            "'SecretAccessKey': 'process-secret', 'SessionToken': 'process-token', "
            "'Expiration': '2098-06-01T12:00:00Z'}))\n"
        )
        home = home_with(
            tmp_path, f"[profile proc]\ncredential_process = {sys.executable} '{script}'\n"
        )
        return environment(home, base, AWS_PROFILE="proc"), "process"
    if name in ("SSO with a cached token", "expired SSO token"):
        expires = "2098-01-01T00:00:00Z" if name.startswith("SSO") else "2020-01-01T00:00:00Z"
        home = home_with(
            tmp_path,
            "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
            "sso_role_name = ReadOnly\n"
            "[sso-session corp]\nsso_start_url = https://d-123.awsapps.com/start\n"
            "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
        )
        cache = home / ".aws" / "sso" / "cache"
        cache.mkdir(parents=True)
        # sha1("corp"), by Python's hashlib: the file `aws sso login` writes.
        (cache / "ee0bfd2552fbd840c02cc48b6e823320543c450f.json").write_text(
            json.dumps({"accessToken": SSO_TOKEN, "expiresAt": expires, "region": "us-east-1"})
        )
        return environment(home, base, AWS_PROFILE="sso"), "sso"
    if name == "container relative URI":
        home = home_with(tmp_path)
        return environment(
            home,
            base,
            AWS_CONTAINER_CREDENTIALS_RELATIVE_URI="/container/v2/credentials/task-1",
            AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN,
            TEST_CONTAINER_REDIRECT=urllib.parse.urlsplit(base).netloc,
        ), "container"
    if name == "container full URI with a token file":
        token = tmp_path / "eks-pod-identity-token"
        token.write_text(CONTAINER_TOKEN)
        home = home_with(tmp_path)
        return environment(
            home,
            base,
            AWS_CONTAINER_CREDENTIALS_FULL_URI=base + "/container/pod-identity",
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(token),
        ), "container"
    if name == "IMDSv2":
        home = home_with(tmp_path)
        return environment(
            home,
            base,
            AWS_EC2_METADATA_DISABLED="",
            AWS_EC2_METADATA_SERVICE_ENDPOINT=base + "/",
        ), "instance_metadata"
    if name == "IMDS disabled":
        home = home_with(tmp_path, "[default]\nregion = eu-north-1\n")
        return environment(home, base), "none"
    if name == "nothing found":
        # Instance metadata enabled but nothing listening: a closed port.
        home = home_with(tmp_path)
        return environment(
            home,
            base,
            AWS_EC2_METADATA_DISABLED="",
            AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:9/",
        ), "none"
    raise AssertionError(name)


SCENARIOS = [
    "env keys",
    "static profile",
    "AWS_PROFILE",
    "role via source_profile",
    "two-hop chain",
    "credential_source",
    "web identity by env",
    "web identity by profile",
    "credential_process",
    "SSO with a cached token",
    "expired SSO token",
    "container relative URI",
    "container full URI with a token file",
    "IMDSv2",
    "IMDS disabled",
    "nothing found",
]


@pytest.mark.parametrize("name", SCENARIOS)
def test_same_as_botocore(name: str, base: str, tmp_path: pathlib.Path) -> None:
    env, expected_source = scenario(tmp_path, base, name)
    guard = Guard(base)
    ours = ours_resolves(env, guard)
    theirs = botocore_resolves(env)
    if expected_source == "none":
        assert (ours["outcome"], theirs["outcome"]) == ("none", "none"), (ours, theirs)
        return
    if name == "expired SSO token":
        assert (ours["outcome"], theirs["outcome"]) == ("error", "error"), (ours, theirs)
        assert "aws sso login" in ours["message"] and "expired" in ours["message"]
        assert SSO_TOKEN not in ours["message"]
        return
    assert ours["outcome"] == "ok", ours
    assert theirs["outcome"] == "ok", theirs
    assert ours["source"] == expected_source
    assert ours["keys"] == theirs["keys"]
    assert ours["expiry"] == theirs["expiry"]
    assert ours["region"] == theirs["region"]
    if name == "container relative URI":
        assert guard.urls == ["http://169.254.170.2/container/v2/credentials/task-1"]


def test_hand_written_expectations(base: str, tmp_path: pathlib.Path) -> None:
    """A few answers checked against values written here, not only against
    botocore: static keys, the process's expiry, and that remote sources
    expire when the endpoint says."""
    env, _ = scenario(tmp_path, base, "credential_process")
    ours = ours_resolves(env, Guard(base))
    assert ours["keys"] == ["AKIDPROCESS", "process-secret", "process-token"]
    assert ours["expiry"] == 4052462400  # GNU date -u -d 2098-06-01T12:00:00Z +%s
    env, _ = scenario(tmp_path / "b", base, "IMDSv2")
    ours = ours_resolves(env, Guard(base))
    assert ours["expiry"] == EXPIRATION_UNIX
    assert ours["keys"][0].startswith("ASIA")


def test_errors_name_the_source_and_setting(base: str, tmp_path: pathlib.Path) -> None:
    token = tmp_path / "bad-token"
    token.write_text("Bearer wrong-token")
    env = environment(
        home_with(tmp_path),
        base,
        AWS_CONTAINER_CREDENTIALS_FULL_URI=base + "/container/x",
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(token),
    )
    with pytest.raises(sigv4kit.CredentialChainError) as err:
        resolve_chain(env, transport=Guard(base))
    assert (err.value.source, err.value.setting) == (
        "container",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    )
    assert "HTTP 401" in str(err.value) and "wrong-token" not in str(err.value)


def test_the_default_provider_signs_with_the_role(base: str, tmp_path: pathlib.Path) -> None:
    """Signer's default credentials come from the chain: an assume-role
    profile, resolved once and cached."""
    env, _ = scenario(tmp_path, base, "role via source_profile")
    calls: List[str] = []
    guard = Guard(base)

    def counting(request: HttpRequest) -> Optional[Tuple[int, str]]:
        calls.append(request["url"])
        return guard(request)

    provider = sigv4kit.DefaultChainProvider(environ=env, transport=counting)
    signer = sigv4kit.Signer("us-east-2", "execute-api", provider)
    first = signer.sign("GET", "https://example.execute-api.us-east-2.amazonaws.com/prod/")
    second = signer.sign("GET", "https://example.execute-api.us-east-2.amazonaws.com/prod/")
    theirs = botocore_resolves(env)
    assert first.authorization is not None and second.authorization is not None
    assert f"Credential={theirs['keys'][0]}/" in first.authorization
    added = {n.lower(): v for n, v in first.added_headers.items()}
    assert added["x-amz-security-token"] == theirs["keys"][2]
    assert len(calls) == 1
    assert provider.source == "assume_role"
    assert "local-source-secret" not in repr(provider)


def process_environment(
    tmp_path: pathlib.Path, expires_in: int
) -> Tuple[Dict[str, str], pathlib.Path]:
    """A profile whose credential_process counts its runs in a file, prints
    keys expiring ``expires_in`` seconds from now, and fails once the file
    ``fail`` exists."""
    script = tmp_path / "counting.py"
    runs = tmp_path / "runs"
    script.write_text(
        "import datetime, json, pathlib, sys\n"
        f"here = pathlib.Path({str(tmp_path)!r})\n"
        "with open(here / 'runs', 'a') as f:\n"
        "    f.write('x')\n"
        "if (here / 'fail').exists():\n"
        "    sys.exit(7)\n"
        "exp = datetime.datetime.now(datetime.timezone.utc) + "
        f"datetime.timedelta(seconds={expires_in})\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': 'AKIDCOUNTED', 'SecretAccessKey': 's',"
        " 'Expiration': exp.strftime('%Y-%m-%dT%H:%M:%SZ')}))\n"
    )
    home = home_with(tmp_path, f"[default]\ncredential_process = {sys.executable} '{script}'\n")
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", ""),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    return env, runs


def test_one_resolution_for_many_threads_then_refresh_before_expiry(tmp_path: pathlib.Path) -> None:
    import threading

    env, runs = process_environment(tmp_path, 3600)
    provider = sigv4kit.DefaultChainProvider(environ=env)
    barrier = threading.Barrier(8)
    got: List[str] = []

    def worker() -> None:
        barrier.wait()
        got.append(provider.get().access_key_id)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["AKIDCOUNTED"] * 8
    assert runs.read_text() == "x", "one credential_process run for eight callers"
    provider.get()
    assert runs.read_text() == "x", "cached while outside the refresh margin"
    # A margin longer than the lifetime: every get() resolves again.
    eager = sigv4kit.DefaultChainProvider(environ=env, refresh_margin=7200)
    eager.get()
    eager.get()
    assert runs.read_text() == "xxx"
    # A failed refresh keeps credentials that are still valid...
    (tmp_path / "fail").write_text("")
    assert eager.get().access_key_id == "AKIDCOUNTED"
    assert eager.last_error is not None and "status 7" in str(eager.last_error)
    # ...but a fresh provider has nothing to fall back on.
    with pytest.raises(sigv4kit.CredentialChainError, match="status 7"):
        sigv4kit.DefaultChainProvider(environ=env).get()


def test_expired_credentials_are_refused(tmp_path: pathlib.Path) -> None:
    env, _ = process_environment(tmp_path, -60)
    with pytest.raises(sigv4kit.CredentialChainError, match="already expired") as err:
        resolve_chain(env)
    assert err.value.source == "process"
