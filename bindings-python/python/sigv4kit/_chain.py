"""The default credential chain's I/O, with the standard library only.

The Rust core (``sigv4kit._native.ChainResolver``) decides, in botocore's
order, where credentials come from: the environment, assume-role profiles,
web identity, IAM Identity Center (SSO), the shared files,
``credential_process``, the container endpoint and EC2 instance metadata.
It asks for one thing at a time: a file, an HTTP request, a process, an MFA
code. This module does each with ``open``, ``http.client`` and
``subprocess`` and hands the answer back.
"""

import http.client
import os
import subprocess
import threading
import time
import urllib.parse
from typing import Any, Callable, Mapping, NamedTuple, Optional, Sequence, Tuple

from ._native import ChainResolver, Credentials
from .credentials import REFRESH_MARGIN, CredentialsProvider, EnvironmentProvider
from .errors import NoCredentialsError

__all__ = [
    "CredentialChainError",
    "DefaultChainProvider",
    "HttpRequest",
    "ResolvedCredentials",
    "Transport",
    "resolve_chain",
    "send_http",
]

#: A request the chain asks for: ``id``, ``source``, ``method``, ``url``,
#: ``headers`` (a list of pairs, ``Host`` included), ``body``, ``timeout``.
HttpRequest = Mapping[str, Any]
#: Sends a request: ``(status, body)``, or ``None`` when nothing answered.
Transport = Callable[[HttpRequest], Optional[Tuple[int, str]]]
#: Runs a program: ``(exit code, standard output)``.
Runner = Callable[[Sequence[str]], Tuple[int, str]]


class CredentialChainError(NoCredentialsError):
    """A credential source failed, or none had credentials. ``source`` and
    ``setting`` name where to look; the message never holds a secret."""

    def __init__(self, message: str, *, source: str, setting: str, not_found: bool) -> None:
        super().__init__(message, field="credentials")
        self.source = source
        self.setting = setting
        self.not_found = not_found


class ResolvedCredentials(NamedTuple):
    credentials: Credentials
    source: str
    region: Optional[str]


def send_http(request: HttpRequest) -> Optional[Tuple[int, str]]:
    """Sends ``request`` exactly as described (no proxy, no redirects, no
    added headers); ``None`` when the host does not answer."""
    url = urllib.parse.urlsplit(request["url"])
    timeout = float(request["timeout"])
    conn: http.client.HTTPConnection
    try:
        if url.scheme == "https":
            conn = http.client.HTTPSConnection(url.hostname or "", url.port, timeout=timeout)
        else:
            conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=timeout)
        target = url.path or "/"
        if url.query:
            target += "?" + url.query
        try:
            conn.putrequest(request["method"], target, skip_host=True, skip_accept_encoding=True)
            body = request["body"].encode("utf-8")
            for name, value in request["headers"]:
                conn.putheader(name, value)
            if body or request["method"] in ("POST", "PUT"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body if body else None)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
    except (OSError, http.client.HTTPException):
        return None


def run_process(argv: Sequence[str]) -> Tuple[int, str]:
    """Runs ``argv`` without a shell; ``-1`` when it cannot be started."""
    try:
        done = subprocess.run(  # noqa: S603  (the user's own credential_process)
            list(argv), capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return -1, ""
    return done.returncode, done.stdout.decode("utf-8", errors="replace")


def _read(path: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def resolve_chain(
    environ: Optional[Mapping[str, str]] = None,
    *,
    profile: Optional[str] = None,
    transport: Optional[Transport] = None,
    runner: Optional[Runner] = None,
    mfa_token: Optional[Callable[[str], str]] = None,
    imds_v1_fallback: bool = False,
    session_name: Optional[str] = None,
    now: Optional[float] = None,
) -> ResolvedCredentials:
    """Runs the default chain once: the credentials, the source that gave
    them and the region. Raises ``CredentialChainError``."""
    env = dict(os.environ if environ is None else environ)
    home = env.get("HOME") or os.path.expanduser("~")
    resolver = ChainResolver(
        env,
        int(time.time() if now is None else now),
        profile=profile,
        home=home,
        imds_v1_fallback=imds_v1_fallback,
        mfa_token=mfa_token is not None,
        session_name=session_name,
    )
    send = transport or send_http
    run = runner or run_process
    for _ in range(100):
        step = resolver.next()
        kind = step[0]
        if kind == "read_file":
            resolver.file(step[1], _read(step[1]))
        elif kind == "http":
            request = step[1]
            answer = send(request)
            if answer is None:
                resolver.http(request["id"], None, "")
            else:
                resolver.http(request["id"], answer[0], answer[1])
        elif kind == "process":
            code, out = run(step[2])
            resolver.process(step[1], code, out)
        elif kind == "mfa":
            assert mfa_token is not None  # noqa: S101  (the core asks only when given one)
            resolver.mfa_token(step[1], mfa_token(step[1]))
        elif kind == "done":
            return ResolvedCredentials(step[1], step[2], step[3])
        else:
            raise CredentialChainError(step[3], source=step[1], setting=step[2], not_found=step[4])
    raise CredentialChainError(
        "the credential chain did not finish", source="chain", setting="", not_found=False
    )


class DefaultChainProvider(CredentialsProvider):
    """The default chain as a provider: resolved at the first ``get()``,
    cached, and resolved again ``refresh_margin`` seconds before the
    credentials expire, by one thread while the others wait. If a refresh
    fails while the old credentials are still valid, they are used; expired
    credentials never are. The environment's keys are read at every
    ``get()``, so a changed environment is seen; with ``profile`` they are
    skipped (as boto3's ``Session(profile_name=...)``)."""

    def __init__(
        self,
        profile: Optional[str] = None,
        *,
        environ: Optional[Mapping[str, str]] = None,
        transport: Optional[Transport] = None,
        runner: Optional[Runner] = None,
        mfa_token: Optional[Callable[[str], str]] = None,
        imds_v1_fallback: bool = False,
        refresh_margin: float = REFRESH_MARGIN,
    ) -> None:
        self._profile = profile
        self._environ = environ
        self._transport = transport
        self._runner = runner
        self._mfa_token = mfa_token
        self._imds_v1 = imds_v1_fallback
        self._margin = refresh_margin
        self._lock = threading.Lock()
        self._resolved: Optional[ResolvedCredentials] = None
        self.last_error: Optional[CredentialChainError] = None
        self._env = EnvironmentProvider(environ)

    @property
    def region(self) -> Optional[str]:
        """The region found beside the credentials (after a ``get()``)."""
        return self._resolved.region if self._resolved else None

    @property
    def source(self) -> Optional[str]:
        """Which source provided the credentials (after a ``get()``)."""
        return self._resolved.source if self._resolved else None

    def _fresh(self) -> bool:
        r = self._resolved
        return r is not None and not r.credentials.expires_within(self._margin)

    def resolve(self) -> ResolvedCredentials:
        if self._fresh():
            assert self._resolved is not None  # noqa: S101
            return self._resolved
        with self._lock:
            if not self._fresh():
                try:
                    self._resolved = resolve_chain(
                        self._environ,
                        profile=self._profile,
                        transport=self._transport,
                        runner=self._runner,
                        mfa_token=self._mfa_token,
                        imds_v1_fallback=self._imds_v1,
                    )
                except CredentialChainError as err:
                    self.last_error = err
                    old = self._resolved
                    if old is None or old.credentials.expires_within(0):
                        raise
            assert self._resolved is not None  # noqa: S101
            return self._resolved

    def load(self) -> Optional[Credentials]:
        """The credentials, or ``None`` when no source is configured at all
        (a source that is configured and fails raises)."""
        try:
            return self.get()
        except CredentialChainError as err:
            if err.not_found:
                return None
            raise

    def get(self) -> Credentials:
        if self._profile is None:
            env = self._env.load()
            if env is not None:
                return env
        return self.resolve().credentials

    def __repr__(self) -> str:
        return f"DefaultChainProvider(profile={self._profile!r}, source={self.source!r})"
