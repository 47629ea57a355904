"""``sigv4kit.Signer``: the native signer, with credential providers resolved
here in Python.

The extension signs with ``Credentials`` only (the fixed ones it was made
with, or a call's). Everything else a user may pass as ``credentials=`` (the
default chain, a provider, botocore credentials or a session, a key tuple, a
function) becomes a provider here, and each call hands the extension what
the provider returns: the extension never calls back into the package.
"""

from __future__ import annotations

from . import _native
from ._native import DEFAULT_EXPIRES_IN, Credentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping

    from ._native import Body, HeadersLike, PostCondition, SignedRequest, Timestamp
    from .chunked import ChunkedUpload, Source
    from .credentials import CredentialsProvider

__all__ = ["Signer"]

_sign = _native.Signer.sign
_sign_requests = _native.Signer._sign_requests
_sign_httpx = _native.Signer._sign_httpx
_presign = _native.Signer.presign
_presign_post = _native.Signer.presign_post
_sign_chunked = _native.Signer.sign_chunked_head
_fixed_credentials = _native.Signer.get_credentials


def _get(provider: CredentialsProvider) -> Credentials:
    value = provider.get()
    if not isinstance(value, Credentials):
        raise TypeError(
            f"credentials provider returned {type(value).__name__}, not sigv4kit.Credentials"
        )
    return value


def _provider_for(credentials: Any) -> CredentialsProvider:
    # Loaded on first use: a signer with fixed credentials needs none of it.
    from .credentials import as_provider  # noqa: PLC0415

    return as_provider(credentials)


def with_profile(credentials: Any, profile: str | None) -> Any:
    """``credentials=`` or ``profile=``: a profile names the default chain's
    credentials for that profile (as boto3's ``Session(profile_name=...)``)."""
    if profile is None:
        return credentials
    if credentials is not None:
        raise TypeError("give credentials or profile, not both")
    if not isinstance(profile, str) or not profile:
        raise TypeError("profile must be a non-empty string")
    from .credentials import default_provider  # noqa: PLC0415

    return default_provider(profile)


def credentials_now(credentials: Any) -> Credentials:
    """Whatever ``credentials=`` accepts, as the ``Credentials`` to use now."""
    if isinstance(credentials, Credentials):
        return credentials
    return _get(_provider_for(credentials))


class Signer(_native.Signer):
    """Signs requests for one region and service. Immutable and thread-safe:
    share one signer across threads.

    ``credentials`` is ``Credentials`` (the fast path: signing keys are
    cached inside them), ``None`` for the default chain (environment, then
    shared files), or anything ``sigv4kit.credentials.as_provider`` accepts.
    A signer with fixed ``Credentials`` calls the extension directly; one
    with a provider asks it for the credentials of each call here.

    ``algorithm=sigv4kit.SIGV4A`` (``"AWS4-ECDSA-P256-SHA256"``) signs with
    SigV4a; ``region`` is then the region set: ``"*"``, ``"us-east-1"`` or
    ``"us-east-1,us-west-2"``.
    """

    __slots__ = ("_provider",)
    _provider: CredentialsProvider | None

    def __new__(
        cls,
        region: str,
        service: str,
        credentials: Any = None,
        *,
        double_encode_path: bool | None = None,
        normalize_path: bool | None = None,
        content_sha256_header: bool | None = None,
        omit_session_token: bool = False,
        unsigned_payload: bool = False,
        profile: str | None = None,
        algorithm: str | None = None,
    ) -> Signer:
        credentials = with_profile(credentials, profile)
        fixed = credentials if isinstance(credentials, Credentials) else None
        # Fixed credentials: the subclass whose methods are the extension's.
        kind = _FixedSigner if fixed is not None and cls is Signer else cls
        self = _native.Signer.__new__(
            kind,
            region,
            service,
            fixed,
            double_encode_path=double_encode_path,
            normalize_path=normalize_path,
            content_sha256_header=content_sha256_header,
            omit_session_token=omit_session_token,
            unsigned_payload=unsigned_payload,
            algorithm=algorithm,
        )
        self._provider = None if fixed is not None else _provider_for(credentials)
        return self

    def sign(
        self,
        method: str,
        url: str,
        headers: HeadersLike = None,
        body: Body = None,
        *,
        timestamp: Timestamp = None,
        unsigned_payload: bool | None = None,
        payload_hash: str | None = None,
        credentials: Any = None,
    ) -> SignedRequest:
        """Signs with an ``Authorization`` header."""
        provider = self._provider
        if credentials is None and provider is not None:
            credentials = _get(provider)
        return _sign(
            self,
            method,
            url,
            headers,
            body,
            timestamp=timestamp,
            unsigned_payload=unsigned_payload,
            payload_hash=payload_hash,
            credentials=credentials,
        )

    def _sign_requests(
        self,
        method: str,
        url: str,
        store: dict[str, tuple[str, str]],
        body: Body = None,
        *,
        credentials: Any = None,
    ) -> SignedRequest:
        """``sign`` for ``sigv4kit.requests``, on the store of a prepared
        request's ``CaseInsensitiveDict`` (stale signature headers out, the
        added ones in)."""
        provider = self._provider
        if credentials is None and provider is not None:
            credentials = _get(provider)
        return _sign_requests(self, method, url, store, body, credentials=credentials)

    def _sign_httpx(self, request: Any, *, credentials: Any = None) -> SignedRequest | None:
        """``sign`` for ``sigv4kit.httpx``, on an ``httpx.Request`` in
        httpx's own layout (stale signature headers out, the added ones
        in, the URL set to the wire form signed); ``None``, with the
        request untouched, for headers in another layout or not ASCII."""
        provider = self._provider
        if credentials is None and provider is not None:
            credentials = _get(provider)
        return _sign_httpx(self, request, credentials=credentials)

    def presign(
        self,
        method: str,
        url: str,
        expires_in: int = DEFAULT_EXPIRES_IN,
        headers: HeadersLike = None,
        body: Body = None,
        *,
        timestamp: Timestamp = None,
        unsigned_payload: bool | None = None,
        payload_hash: str | None = None,
        credentials: Any = None,
    ) -> SignedRequest:
        """Presigns: the signature goes into the query of the returned URL,
        valid for ``expires_in`` seconds (1 to 604800)."""
        provider = self._provider
        if credentials is None and provider is not None:
            credentials = _get(provider)
        return _presign(
            self,
            method,
            url,
            expires_in,
            headers,
            body,
            timestamp=timestamp,
            unsigned_payload=unsigned_payload,
            payload_hash=payload_hash,
            credentials=credentials,
        )

    def presign_post(
        self,
        bucket: str,
        key: str,
        fields: Mapping[str, str] | None = None,
        conditions: Iterable[PostCondition] | None = None,
        expires_in: int = DEFAULT_EXPIRES_IN,
        *,
        endpoint: str | None = None,
        timestamp: Timestamp = None,
        credentials: Any = None,
    ) -> dict[str, Any]:
        """A presigned S3 POST for a browser upload, in this signer's region:
        ``{"url": ..., "fields": {...}}`` as botocore's
        ``generate_presigned_post`` returns it (the same bytes for the same
        inputs). Post ``fields`` as form fields, then the file as ``file``."""
        provider = self._provider
        if credentials is None and provider is not None:
            credentials = _get(provider)
        return _presign_post(
            self,
            bucket,
            key,
            fields,
            conditions,
            expires_in,
            endpoint=endpoint,
            timestamp=timestamp,
            credentials=credentials,
        )

    def sign_chunked(
        self,
        method: str,
        url: str,
        body: Source,
        headers: HeadersLike = None,
        *,
        decoded_length: int | None = None,
        mode: str = "signed",
        checksum: str | None = None,
        chunk_size: int = 65536,
        timestamp: Timestamp = None,
        credentials: Any = None,
    ) -> ChunkedUpload:
        """Signs an aws-chunked upload of ``body`` (bytes, a binary file or
        an iterable of bytes): ``mode`` is ``"signed"``,
        ``"signed-trailer"`` or ``"unsigned-trailer"`` (S3 only), with a
        trailing ``checksum`` (``"crc32"``, ``"crc32c"``, ``"sha256"``) in
        the trailer modes. ``decoded_length`` is the body's length, needed
        for an iterable (bytes and files are measured)."""
        from .chunked import ChunkedBody, ChunkedUpload, decoded_length_of  # noqa: PLC0415

        length = decoded_length if decoded_length is not None else decoded_length_of(body)
        if length is None:
            raise TypeError("decoded_length= is needed for a body whose length cannot be measured")
        provider = self._provider
        if credentials is None and provider is not None:
            credentials = _get(provider)
        signed, encoder = _sign_chunked(
            self,
            method,
            url,
            length,
            headers,
            mode=mode,
            checksum=checksum,
            chunk_size=chunk_size,
            timestamp=timestamp,
            credentials=credentials,
        )
        return ChunkedUpload(signed, ChunkedBody(encoder, body, chunk_size))

    def get_credentials(self) -> Credentials:
        """The credentials the next request would be signed with (resolving
        or refreshing them through the provider if there is one)."""
        provider = self._provider
        return _fixed_credentials(self) if provider is None else _get(provider)


class _FixedSigner(Signer):
    """A ``Signer`` with fixed ``Credentials``: nothing to resolve, so its
    methods are the extension's own, with no Python frame in between."""

    __slots__ = ()
    sign = _native.Signer.sign
    _sign_requests = _native.Signer._sign_requests
    _sign_httpx = _native.Signer._sign_httpx
    presign = _native.Signer.presign
    presign_post = _native.Signer.presign_post
    get_credentials = _native.Signer.get_credentials
