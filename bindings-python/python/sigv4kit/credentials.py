"""Where credentials come from.

A ``Signer`` takes either fixed ``Credentials`` or a *provider*: an object
whose ``get()`` returns the ``Credentials`` to sign the next request with.
Providers here cover explicit keys, the environment, the shared AWS files,
botocore/boto3 credentials and sessions, and any function that fetches
temporary credentials; each refreshes what expires before it expires.

The meaning of the environment variables and of the shared files is decided
by the Rust core (the same rules in every language binding); this module only
reads them.
"""

import os
import threading
from typing import Any, Callable, Mapping, Optional, Tuple

from ._native import (
    Credentials,
    credentials_from_env,
    profile_names,
    resolve_profile,
    selected_profile,
    shared_file_paths,
)
from .errors import NoCredentialsError

__all__ = [
    "BotocoreProvider",
    "ChainProvider",
    "CredentialsProvider",
    "EnvironmentProvider",
    "RefreshingProvider",
    "SharedFilesProvider",
    "StaticProvider",
    "as_provider",
    "default_provider",
    "resolve_credentials",
]

#: Temporary credentials are refreshed this many seconds before they expire,
#: so that a request signed now is not refused on arrival.
REFRESH_MARGIN = 300.0


class CredentialsProvider:
    """Base class of providers: ``get()`` returns the credentials to use now.

    ``load()`` returns ``None`` when the source has nothing to offer, which
    lets a ``ChainProvider`` move on to the next source.
    """

    def load(self) -> Optional[Credentials]:
        raise NotImplementedError

    def get(self) -> Credentials:
        credentials = self.load()
        if credentials is None:
            raise NoCredentialsError(
                f"{type(self).__name__} found no credentials", field="credentials"
            )
        return credentials


class StaticProvider(CredentialsProvider):
    """Always the same credentials."""

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def load(self) -> Credentials:
        return self._credentials

    def __repr__(self) -> str:
        return f"StaticProvider({self._credentials!r})"


class EnvironmentProvider(CredentialsProvider):
    """``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``
    (and ``AWS_CREDENTIAL_EXPIRATION``), read at every ``load()`` so that a
    changed environment is seen; unchanged values reuse the same object and
    so its cache of signing keys."""

    def __init__(self, environ: Optional[Mapping[str, str]] = None) -> None:
        self._environ = environ
        self._seen: Optional[Tuple[Optional[str], ...]] = None
        self._credentials: Optional[Credentials] = None

    def load(self) -> Optional[Credentials]:
        environ = os.environ if self._environ is None else self._environ
        names = (
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION",
        )
        seen = tuple(environ.get(name) for name in names)
        if seen != self._seen:
            self._credentials = credentials_from_env(environ)
            self._seen = seen
        return self._credentials


class SharedFilesProvider(CredentialsProvider):
    """Static keys of a profile in the shared ``config``/``credentials`` files
    (``AWS_PROFILE``, ``AWS_CONFIG_FILE``, ``AWS_SHARED_CREDENTIALS_FILE``).
    The files are read once, at the first ``load()``."""

    def __init__(
        self, profile: Optional[str] = None, environ: Optional[Mapping[str, str]] = None
    ) -> None:
        self._profile = profile
        self._environ = environ
        self._loaded = False
        self._credentials: Optional[Credentials] = None
        self._lock = threading.Lock()

    def load(self) -> Optional[Credentials]:
        with self._lock:
            if not self._loaded:
                self._credentials = self._read()
                self._loaded = True
            return self._credentials

    def _read(self) -> Optional[Credentials]:
        environ = os.environ if self._environ is None else self._environ
        explicit = self._profile is not None
        name = self._profile if self._profile is not None else selected_profile(environ)
        home = environ.get("HOME") or os.path.expanduser("~")
        config_path, credentials_path = shared_file_paths(environ, home)
        config_text = _read_text(config_path)
        credentials_text = _read_text(credentials_path)
        if config_text is None and credentials_text is None and not explicit:
            return None
        # A missing default profile just means "not configured here".
        if (
            not explicit
            and name == "default"
            and name not in profile_names(config_text, credentials_text)
        ):
            return None
        profile = resolve_profile(config_text, credentials_text, name)
        credentials = profile.static_credentials()
        kind, _ = profile.credential_source()
        if credentials is None and kind != "none":
            # Saying "no credentials" here would send the user hunting.
            raise NoCredentialsError(
                f"profile {name!r} gets its credentials through {kind.replace('_', ' ')}, which "
                "sigv4kit does not run; pass credentials= (a boto3 Session resolves it)",
                field="credentials",
            )
        return credentials


def _read_text(path: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except FileNotFoundError:
        return None


class RefreshingProvider(CredentialsProvider):
    """Credentials from a function (assume-role, a vault, an IMDS client...),
    called again when the last ones are within ``refresh_margin`` seconds of
    their ``expiration``. Thread-safe: one thread refreshes, the others wait."""

    def __init__(
        self, fetch: Callable[[], Credentials], refresh_margin: float = REFRESH_MARGIN
    ) -> None:
        self._fetch = fetch
        self._margin = refresh_margin
        self._credentials: Optional[Credentials] = None
        self._lock = threading.Lock()

    def _fresh(self, credentials: Optional[Credentials]) -> bool:
        return credentials is not None and not credentials.expires_within(self._margin)

    def load(self) -> Credentials:
        credentials = self._credentials
        if self._fresh(credentials):
            assert credentials is not None  # noqa: S101  (narrowing for mypy)
            return credentials
        with self._lock:
            if not self._fresh(self._credentials):
                fetched = self._fetch()
                if not isinstance(fetched, Credentials):
                    raise TypeError(
                        f"credentials function returned {type(fetched).__name__}, "
                        "not sigv4kit.Credentials"
                    )
                self._credentials = fetched
            assert self._credentials is not None  # noqa: S101
            return self._credentials


class BotocoreProvider(CredentialsProvider):
    """botocore/boto3 credentials (``RefreshableCredentials`` included) or a
    session. Each ``load()`` asks botocore for frozen credentials, which
    refreshes them itself before they expire; unchanged keys reuse the same
    ``Credentials`` object and its cached signing keys."""

    def __init__(self, source: Any) -> None:
        if not hasattr(source, "get_frozen_credentials") and hasattr(source, "get_credentials"):
            session = source
            source = session.get_credentials()
            if source is None:
                raise NoCredentialsError(
                    "the botocore/boto3 session has no credentials", field="credentials"
                )
        self._source = source
        self._key: Optional[Tuple[str, str, Optional[str]]] = None
        self._credentials: Optional[Credentials] = None

    def load(self) -> Credentials:
        frozen = self._source.get_frozen_credentials()
        key = (frozen.access_key, frozen.secret_key, frozen.token)
        credentials = self._credentials
        if key != self._key or credentials is None:
            expiry = getattr(self._source, "_expiry_time", None)
            credentials = Credentials(*key, expiration=expiry)
            self._credentials, self._key = credentials, key
        return credentials


class ChainProvider(CredentialsProvider):
    """The first of several providers that has credentials."""

    def __init__(self, *providers: CredentialsProvider) -> None:
        self.providers = providers

    def load(self) -> Optional[Credentials]:
        for provider in self.providers:
            credentials = provider.load()
            if credentials is not None:
                return credentials
        return None

    def get(self) -> Credentials:
        credentials = self.load()
        if credentials is None:
            raise NoCredentialsError(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a "
                "profile in the shared credentials file, or pass credentials=",
                field="credentials",
            )
        return credentials


def default_provider(profile: Optional[str] = None) -> CredentialsProvider:
    """The default credential chain, in botocore's order: the environment,
    assume-role profiles, web identity, SSO, the shared files,
    ``credential_process``, the container endpoint, instance metadata (see
    ``sigv4kit._chain``). With ``profile``, that profile and not the
    environment's keys (as boto3's ``Session(profile_name=...)``)."""
    from ._chain import DefaultChainProvider  # noqa: PLC0415  (imports this module)

    return DefaultChainProvider(profile)


def as_provider(credentials: Any = None) -> CredentialsProvider:
    """A provider for whatever a user may pass as ``credentials=``: ``None``
    (the default chain), ``Credentials``, a provider, botocore/boto3
    credentials or a session, an ``(access_key_id, secret_access_key[,
    session_token])`` tuple, or a function returning ``Credentials``."""
    if credentials is None:
        return default_provider()
    if isinstance(credentials, Credentials):
        return StaticProvider(credentials)
    if isinstance(credentials, CredentialsProvider):
        return credentials
    if hasattr(credentials, "get_frozen_credentials") or hasattr(credentials, "get_credentials"):
        return BotocoreProvider(credentials)
    if isinstance(credentials, tuple) and len(credentials) in (2, 3):
        return StaticProvider(Credentials(*credentials))
    if callable(credentials):
        return RefreshingProvider(credentials)
    raise TypeError(
        "credentials must be sigv4kit.Credentials, a CredentialsProvider, botocore/boto3 "
        f"credentials or a session, a key tuple or a function, not {type(credentials).__name__}"
    )


def resolve_credentials(credentials: Any = None, *, profile: Optional[str] = None) -> Credentials:
    """The credentials to use now: explicit ones, else the default chain
    (``profile`` selects a profile and skips the environment's keys)."""
    if credentials is None and profile is not None:
        return default_provider(profile).get()
    return as_provider(credentials).get()
