"""What the requests and httpx integrations share: the signers chosen by
host, and the headers a signature consists of. The rules are the core's
(``sigv4kit._native``), as in every sigv4kit binding."""

import os
import threading
from typing import Any, Dict, Optional, Tuple
from urllib.parse import urlsplit

from ._native import SIGNER_HEADERS, Credentials, SignedRequest, region_from_env, resolve_scope
from ._signer import Signer

#: The headers a signer owns (the core's list): stale copies are dropped
#: before signing again, and all of them when a request leaves for another
#: origin unsigned, so a session token does not travel there.
SIGNATURE_HEADERS: Tuple[str, ...] = tuple(SIGNER_HEADERS)


class SignerPool:
    """One signer per region and service, sharing the credentials.

    The region is ``region``, else ``AWS_REGION``/``AWS_DEFAULT_REGION``; a
    missing region or service is inferred from each request's host by the
    core (``abc.execute-api.us-east-1.amazonaws.com`` signs for
    ``execute-api`` in ``us-east-1``), and a host that is not an AWS host
    then gets an error naming the missing one, never a guess."""

    def __init__(
        self,
        signer: Optional[Signer],
        region: Optional[str],
        service: Optional[str],
        credentials: Any,
        unsigned_payload: bool,
    ) -> None:
        self.unsigned_payload = signer.unsigned_payload if signer else unsigned_payload
        self._region = region or region_from_env(os.environ) or None
        self._service = service
        self._signers: Dict[Tuple[str, str], Signer] = {}
        if signer is None and not isinstance(credentials, Credentials):
            from .credentials import as_provider  # noqa: PLC0415

            credentials = as_provider(credentials)  # one provider for every signer
        self._credentials = credentials
        self.fixed = signer
        if signer is None and self._region and service:
            self.fixed = self._make(self._region, service)

    def _make(self, region: str, service: str) -> Signer:
        signer = Signer(region, service, self._credentials, unsigned_payload=self.unsigned_payload)
        self._signers[(region, service)] = signer
        return signer

    def for_url(self, url: str) -> Signer:
        """The signer for a request to ``url``."""
        if self.fixed is not None:
            return self.fixed
        region, service = resolve_scope(urlsplit(url).netloc, self._region, self._service)
        return self._signers.get((region, service)) or self._make(region, service)

    def __repr__(self) -> str:
        if self.fixed is not None:
            return repr(self.fixed)
        return f"SignerPool(region={self._region!r}, service={self._service!r})"


def origin(url: str) -> Tuple[str, str, Optional[int]]:
    """Scheme, host and effective port: what 'same origin' compares."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"https": 443, "http": 80}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def may_resign(old_url: str, new_url: str) -> bool:
    """Whether a redirect from ``old_url`` to ``new_url`` may carry a fresh
    signature: the same origin, or the same host upgraded from http to https
    on the default ports (which requests also treats as the same site)."""
    old, new = origin(old_url), origin(new_url)
    if old == new:
        return True
    return old == ("http", new[1], 80) and new == ("https", old[1], 443)


class SignedMemo:
    """The last few signings, by signature, while debugging is on: a 403
    is diagnosed against the very request that drew it, also after a
    redirect (requests copies the request it re-sends, so nothing set on
    the request object survives the hop)."""

    _LIMIT = 32

    def __init__(self) -> None:
        self._by_signature: Dict[str, SignedRequest] = {}
        self._lock = threading.Lock()  # one auth serves a session's threads

    def remember(self, signed: SignedRequest) -> None:
        with self._lock:
            if len(self._by_signature) >= self._LIMIT:
                self._by_signature.pop(next(iter(self._by_signature)))
            self._by_signature[signed.signature] = signed

    def recall(self, authorization: Optional[str]) -> Optional[SignedRequest]:
        """The signing whose ``Authorization`` header was sent."""
        _, _, signature = (authorization or "").rpartition("Signature=")
        with self._lock:
            return self._by_signature.get(signature.strip())
