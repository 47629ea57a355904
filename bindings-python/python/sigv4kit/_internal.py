"""The one module the native extension imports (as minijinja-py does).

The extension (``sigv4kit._native``) signs with the ``Credentials`` it is
given and never imports the rest of the package. What it needs from Python
it finds here, looked up once: the exception classes it raises (defined in
``errors.py`` so that each can also be a ``ValueError``), ``SignedRequest.explain_mismatch``
(which turns a response into its body for the core), and
``resolve_credentials`` for a call's ``credentials=`` that are not
``Credentials``.
"""

from __future__ import annotations

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
    PayloadHashMismatchError,
    PresignedUrlExpiredError,
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

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._native import Credentials, SignedRequest

__all__ = [
    "ChecksumMismatchError",
    "ChunkSignatureMismatchError",
    "ChunkTooLargeError",
    "DataAfterFinalChunkError",
    "DecodedLengthMismatchError",
    "DuplicateAuthParameterError",
    "ExpiredCredentialsError",
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
    "PayloadHashMismatchError",
    "PresignedUrlExpiredError",
    "SigV4Error",
    "SignatureExpiredError",
    "SignatureMismatchError",
    "StreamingPayloadUnsupportedError",
    "TooManySignedHeadersError",
    "TrailerSignatureMismatchError",
    "TruncatedStreamError",
    "UnknownAccessKeyError",
    "UnsignedHeaderError",
    "UnsignedPayloadNotAllowedError",
    "WrongScopeError",
    "explain_mismatch",
    "resolve_credentials",
]


def explain_mismatch(signed: SignedRequest, error: Any) -> str:
    """``SignedRequest.explain_mismatch``: see ``sigv4kit.debug``."""
    from .debug import explain_mismatch as explain  # noqa: PLC0415

    return explain(signed, error)


def resolve_credentials(credentials: Any) -> Credentials:
    """A call's ``credentials=`` (a provider, botocore credentials, a key
    tuple, a function) as the ``Credentials`` to sign with now."""
    from ._signer import credentials_now  # noqa: PLC0415

    return credentials_now(credentials)
