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

from __future__ import annotations

from ._native import (
    DEFAULT_EXPIRES_IN,
    EMPTY_PAYLOAD_SHA256,
    MAX_EXPIRES_IN,
    SIGNER_HEADERS,
    SIGV4,
    SIGV4A,
    UNSIGNED_PAYLOAD,
    ChunkedEncoder,
    Credentials,
    Profile,
    SignedRequest,
    VerifiedRequest,
    Verifier,
    __version__,
    hash_payload,
    sigv4a_public_key,
    uri_encode,
)
from ._signer import Signer
from .errors import (
    ChecksumMismatchError,
    ChunkSignatureMismatchError,
    ChunkTooLargeError,
    DataAfterFinalChunkError,
    DecodedLengthMismatchError,
    DuplicateAuthParameterError,
    ExpiredCredentialsError,
    InvalidBucketError,
    InvalidConditionError,
    InvalidCredentialsError,
    InvalidEndpointError,
    InvalidExpiryError,
    InvalidFieldError,
    InvalidHeaderError,
    InvalidKeyError,
    InvalidMethodError,
    InvalidPayloadError,
    InvalidRegionError,
    InvalidRequestError,
    InvalidServiceError,
    InvalidSessionTokenError,
    InvalidTargetError,
    InvalidTimestampError,
    MalformedChunkError,
    MalformedSignatureError,
    MalformedTrailerError,
    MissingAuthenticationError,
    MissingSignedHeaderError,
    NoCredentialsError,
    PayloadHashMismatchError,
    PresignedUrlExpiredError,
    SignatureError,
    SignatureExpiredError,
    SignatureMismatchError,
    SigV4Error,
    StreamingPayloadUnsupportedError,
    TooManySignedHeadersError,
    TrailerSignatureMismatchError,
    TruncatedStreamError,
    UnknownAccessKeyError,
    UnsignedHeaderError,
    UnsignedPayloadNotAllowedError,
    WrongScopeError,
)

# Not importing typing keeps `import sigv4kit` fast; type checkers treat any
# name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._chain import CredentialChainError, DefaultChainProvider, resolve_chain
    from .credentials import (
        CredentialsProvider,
        as_provider,
        default_provider,
        resolve_credentials,
    )
    from .request_signer import HTTPError, RequestSigner, Response

__all__ = [
    "DEFAULT_EXPIRES_IN",
    "EMPTY_PAYLOAD_SHA256",
    "MAX_EXPIRES_IN",
    "SIGNER_HEADERS",
    "SIGV4",
    "SIGV4A",
    "UNSIGNED_PAYLOAD",
    "ChecksumMismatchError",
    "ChunkSignatureMismatchError",
    "ChunkTooLargeError",
    "ChunkedEncoder",
    "CredentialChainError",
    "Credentials",
    "CredentialsProvider",
    "DataAfterFinalChunkError",
    "DecodedLengthMismatchError",
    "DefaultChainProvider",
    "DuplicateAuthParameterError",
    "ExpiredCredentialsError",
    "HTTPError",
    "InvalidBucketError",
    "InvalidConditionError",
    "InvalidCredentialsError",
    "InvalidEndpointError",
    "InvalidExpiryError",
    "InvalidFieldError",
    "InvalidHeaderError",
    "InvalidKeyError",
    "InvalidMethodError",
    "InvalidPayloadError",
    "InvalidRegionError",
    "InvalidRequestError",
    "InvalidServiceError",
    "InvalidSessionTokenError",
    "InvalidTargetError",
    "InvalidTimestampError",
    "MalformedChunkError",
    "MalformedSignatureError",
    "MalformedTrailerError",
    "MissingAuthenticationError",
    "MissingSignedHeaderError",
    "NoCredentialsError",
    "PayloadHashMismatchError",
    "PresignedUrlExpiredError",
    "Profile",
    "RequestSigner",
    "Response",
    "SigV4Error",
    "SignatureError",
    "SignatureExpiredError",
    "SignatureMismatchError",
    "SignedRequest",
    "Signer",
    "StreamingPayloadUnsupportedError",
    "TooManySignedHeadersError",
    "TrailerSignatureMismatchError",
    "TruncatedStreamError",
    "UnknownAccessKeyError",
    "UnsignedHeaderError",
    "UnsignedPayloadNotAllowedError",
    "VerifiedRequest",
    "Verifier",
    "WrongScopeError",
    "__version__",
    "as_provider",
    "default_provider",
    "hash_payload",
    "resolve_chain",
    "resolve_credentials",
    "sigv4a_public_key",
    "uri_encode",
]

# Loaded on first use: RequestSigner pulls in http.client, ssl and json, the
# credential providers threading and typing; a signer with fixed credentials
# needs none of them.
_LAZY = {
    "RequestSigner": "request_signer",
    "Response": "request_signer",
    "HTTPError": "request_signer",
    "CredentialsProvider": "credentials",
    "CredentialChainError": "_chain",
    "DefaultChainProvider": "_chain",
    "resolve_chain": "_chain",
    "as_provider": "credentials",
    "default_provider": "credentials",
    "resolve_credentials": "credentials",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sigv4kit' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
