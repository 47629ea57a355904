"""What the requests and httpx integrations share: building the signer from
keyword arguments, and the headers a signature consists of."""

import os
from typing import Any, Optional, Tuple
from urllib.parse import urlsplit

from ._native import Signer, region_from_env
from .errors import InvalidRegionError

#: Headers that carry a signature; dropped when a request leaves for another
#: origin unsigned, so a session token does not travel there.
SIGNATURE_HEADERS = ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256")


def make_signer(
    signer: Optional[Signer],
    region: Optional[str],
    service: str,
    credentials: Any,
    unsigned_payload: bool,
) -> Signer:
    if signer is not None:
        return signer
    region = region or region_from_env(os.environ)
    if not region:
        raise InvalidRegionError("invalid region: pass region= or set AWS_REGION", field="region")
    return Signer(region, service, credentials, unsigned_payload=unsigned_payload)


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
