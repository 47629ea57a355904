"""AWS Signature Version 4 for Python, signed by a small Rust core.

>>> from sigv4kit import Credentials, Signer
>>> signer = Signer("us-east-1", "execute-api", Credentials("AKID", "SECRET"))
>>> signed = signer.sign("GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/pets")
>>> sorted(signed.added_headers)
['Authorization', 'X-Amz-Date']

``sigv4kit.requests.SigV4Auth`` and ``sigv4kit.httpx.SigV4Auth`` sign what
those clients send; ``RequestSigner`` is a drop-in for the boto3-based helper
of the same name and needs nothing but the standard library. Importing this
package imports neither ``requests`` nor ``httpx``.
"""

from typing import TYPE_CHECKING, Any

from ._native import (
    EMPTY_PAYLOAD_SHA256,
    MAX_EXPIRES_IN,
    UNSIGNED_PAYLOAD,
    Credentials,
    Profile,
    SignedRequest,
    Signer,
    __version__,
    hash_payload,
    uri_encode,
)
from .credentials import CredentialsProvider, as_provider, default_provider, resolve_credentials
from .errors import (
    InvalidCredentialsError,
    InvalidExpiryError,
    InvalidHeaderError,
    InvalidMethodError,
    InvalidPayloadError,
    InvalidRegionError,
    InvalidServiceError,
    InvalidTargetError,
    InvalidTimestampError,
    NoCredentialsError,
    SigV4Error,
)

if TYPE_CHECKING:
    from .request_signer import HTTPError, RequestSigner, Response

__all__ = [
    "EMPTY_PAYLOAD_SHA256",
    "MAX_EXPIRES_IN",
    "UNSIGNED_PAYLOAD",
    "Credentials",
    "CredentialsProvider",
    "HTTPError",
    "InvalidCredentialsError",
    "InvalidExpiryError",
    "InvalidHeaderError",
    "InvalidMethodError",
    "InvalidPayloadError",
    "InvalidRegionError",
    "InvalidServiceError",
    "InvalidTargetError",
    "InvalidTimestampError",
    "NoCredentialsError",
    "Profile",
    "RequestSigner",
    "Response",
    "SigV4Error",
    "SignedRequest",
    "Signer",
    "__version__",
    "as_provider",
    "default_provider",
    "hash_payload",
    "resolve_credentials",
    "uri_encode",
]

_LAZY = {"RequestSigner", "Response", "HTTPError"}


def __getattr__(name: str) -> Any:
    # RequestSigner pulls in http.client, ssl and json; most users of the
    # signer never need them, so they load on first use.
    if name in _LAZY:
        from . import request_signer  # noqa: PLC0415

        return getattr(request_signer, name)
    raise AttributeError(f"module 'sigv4kit' has no attribute {name!r}")
