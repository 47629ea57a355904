"""The exceptions sigv4kit raises.

Each invalid-input class carries the conformance code of the project (the
same string in every language binding) as ``code`` and the name of the
argument at fault as ``field``. Messages name fields and header names, never
values: a header value or a key may be a secret, and messages end up in logs.
"""

from __future__ import annotations

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
    "NoCredentialsError",
    "PayloadHashMismatchError",
    "PresignedUrlExpiredError",
    "SigV4Error",
    "SignatureError",
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
]


class SigV4Error(Exception):
    """Base class of every sigv4kit error."""

    code: str = "sigv4_error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            # A code newer than this module's classes: still the core's code.
            self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, field={self.field!r})"


class InvalidMethodError(SigV4Error, ValueError):
    """The HTTP method is empty or not an HTTP token."""

    code = "invalid_method"


class InvalidTargetError(SigV4Error, ValueError):
    """The URL or request target cannot be signed exactly as given."""

    code = "invalid_target"


class InvalidHeaderError(SigV4Error, ValueError):
    """A header name or value cannot be sent or signed (a line break, say)."""

    code = "invalid_header"


class InvalidCredentialsError(SigV4Error, ValueError):
    """The access key id, secret key, session token or profile is unusable."""

    code = "invalid_credentials"


class NoCredentialsError(InvalidCredentialsError):
    """No credentials were given and none were found."""


class InvalidRegionError(SigV4Error, ValueError):
    """The region is empty or cannot go into a credential scope."""

    code = "invalid_region"


class InvalidServiceError(SigV4Error, ValueError):
    """The service (signing name) is empty or cannot go into a scope."""

    code = "invalid_service"


class InvalidTimestampError(SigV4Error, ValueError):
    """The signing time is malformed, naive or out of range."""

    code = "invalid_timestamp"


class InvalidExpiryError(SigV4Error, ValueError):
    """A presigned URL lifetime is outside 1 second to 7 days."""

    code = "invalid_expiry"


class InvalidPayloadError(SigV4Error, ValueError):
    """A given payload hash is neither a SHA-256 hex digest nor a known constant."""

    code = "invalid_payload"


class InvalidBucketError(SigV4Error, ValueError):
    """The bucket of a POST policy is empty or not a bucket name."""

    code = "invalid_bucket"


class InvalidKeyError(SigV4Error, ValueError):
    """The object key of a POST policy is unusable (``${filename}`` only ends a key)."""

    code = "invalid_key"


class InvalidConditionError(SigV4Error, ValueError):
    """A POST policy condition is not one S3 knows, or is one presigning writes itself."""

    code = "invalid_condition"


class InvalidFieldError(SigV4Error, ValueError):
    """A POST form field has no condition, breaks one, or is written by presigning."""

    code = "invalid_field"


class InvalidEndpointError(SigV4Error, ValueError):
    """The endpoint of a POST policy is not an http(s) URL without query or fragment."""

    code = "invalid_endpoint"


# Verification verdicts (``Verifier.verify``): the request is well formed, but
# its signature is not accepted.


class SignatureError(SigV4Error):
    """A received request's signature is missing or not accepted."""

    code = "signature_error"


class MissingAuthenticationError(SignatureError):
    """Neither an Authorization header nor X-Amz-* query parameters."""

    code = "missing_authentication"


class MalformedSignatureError(SignatureError):
    """A signature is there but cannot be read."""

    code = "malformed_signature"


class UnknownAccessKeyError(SignatureError):
    """The access key id is not one the verifier knows."""

    code = "unknown_access_key"


class WrongScopeError(SignatureError):
    """The credential scope names another region or service."""

    code = "wrong_scope"


class InvalidSessionTokenError(SignatureError):
    """The session token is missing, unexpected or not the one issued."""

    code = "invalid_session_token"


class SignatureExpiredError(SignatureError):
    """The signing time is too far from now."""

    code = "signature_expired"


class PresignedUrlExpiredError(SignatureError):
    """The presigned URL's lifetime has passed."""

    code = "presigned_url_expired"


class PayloadHashMismatchError(SignatureError):
    """The signed x-amz-content-sha256 does not match the body."""

    code = "payload_hash_mismatch"


class SignatureMismatchError(SignatureError):
    """The signature does not match the request. ``canonical_request`` and
    ``string_to_sign`` are what the verifier computed: what the signer should
    have signed."""

    code = "signature_mismatch"
    canonical_request: str = ""
    string_to_sign: str = ""


class InvalidRequestError(SignatureError, ValueError):
    """The received request cannot be canonicalized (a bad header, target or
    method); ``field`` names which part."""

    code = "invalid_request"


class ExpiredCredentialsError(SignatureError):
    """The credentials held for the access key are past their expiration."""

    code = "expired_credentials"


class UnsignedPayloadNotAllowedError(SignatureError):
    """UNSIGNED-PAYLOAD was signed for a service that checks bodies (all but
    the S3 family, unless the verifier allows it)."""

    code = "unsigned_payload_not_allowed"


class StreamingPayloadUnsupportedError(SignatureError):
    """A STREAMING-* payload whose chunks cannot be checked: no chunked body
    was given, or it is SigV4a's ECDSA form."""

    code = "streaming_payload_unsupported"


class DuplicateAuthParameterError(SignatureError):
    """An authentication header or X-Amz-* parameter is given twice, or both
    header and query authentication are present."""

    code = "duplicate_auth_parameter"


class UnsignedHeaderError(SignatureError):
    """A header that must be signed (host) is not in SignedHeaders."""

    code = "unsigned_header"


class MissingSignedHeaderError(SignatureError):
    """A header listed in SignedHeaders is not on the request."""

    code = "missing_signed_header"


class TooManySignedHeadersError(SignatureError):
    """SignedHeaders lists more names than the verifier accepts (256)."""

    code = "too_many_signed_headers"


class MalformedChunkError(SignatureError):
    """An aws-chunked body: a chunked body's framing cannot be read."""

    code = "malformed_chunk"


class ChunkTooLargeError(SignatureError):
    """An aws-chunked body: a chunk is larger than the verifier holds."""

    code = "chunk_too_large"


class ChunkSignatureMismatchError(SignatureError):
    """An aws-chunked body: a chunk's signature does not follow from the
    previous one and its data (changed, dropped, reordered, re-framed)."""

    code = "chunk_signature_mismatch"


class TruncatedStreamError(SignatureError):
    """An aws-chunked body: the chunked body ended before its final chunk."""

    code = "truncated_stream"


class DataAfterFinalChunkError(SignatureError):
    """An aws-chunked body: bytes follow the end of the chunked body."""

    code = "data_after_final_chunk"


class DecodedLengthMismatchError(SignatureError):
    """An aws-chunked body: the data is not as long as x-amz-decoded-content-length says."""

    code = "decoded_length_mismatch"


class MalformedTrailerError(SignatureError):
    """An aws-chunked body: the trailer is missing, undeclared or not the declared checksum."""

    code = "malformed_trailer"


class TrailerSignatureMismatchError(SignatureError):
    """An aws-chunked body: x-amz-trailer-signature does not match the trailer."""

    code = "trailer_signature_mismatch"


class ChecksumMismatchError(SignatureError):
    """An aws-chunked body: the trailing checksum is not the data's."""

    code = "checksum_mismatch"
