"""Type stubs of the extension module (kept honest by mypy.stubtest)."""

import datetime
from typing import (
    IO,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    final,
)

from typing_extensions import disjoint_base

__all__ = [
    "DEBUG_ENV",
    "DEFAULT_EXPIRES_IN",
    "EMPTY_PAYLOAD_SHA256",
    "MAX_EXPIRES_IN",
    "SIGNER_HEADERS",
    "SIGV4",
    "SIGV4A",
    "UNSIGNED_PAYLOAD",
    "ChainResolver",
    "ChunkedEncoder",
    "Credentials",
    "Diagnosis",
    "Profile",
    "SignedRequest",
    "Signer",
    "VerifiedRequest",
    "Verifier",
    "__version__",
    "credentials_from_env",
    "debug_enabled",
    "explain_mismatch",
    "hash_payload",
    "infer_scope",
    "profile_names",
    "quoted_strings",
    "region_from_env",
    "resolve_profile",
    "resolve_scope",
    "selected_profile",
    "shared_file_paths",
    "sigv4a_public_key",
    "uri_encode",
    "wire_target",
]

__version__: str
UNSIGNED_PAYLOAD: str
EMPTY_PAYLOAD_SHA256: str
MAX_EXPIRES_IN: int
DEFAULT_EXPIRES_IN: int
SIGNER_HEADERS: List[str]
SIGV4: str
SIGV4A: str
DEBUG_ENV: str

Body = Union[bytes, bytearray, memoryview, str, IO[bytes], None]
HeadersLike = Union[Mapping[str, str], Iterable[Tuple[str, str]], Any, None]
Timestamp = Union[datetime.datetime, int, float, str, None]
# One condition of a POST policy, as S3 writes it: {"field": "value"},
# ["eq" | "starts-with", "$field", "value"], ["content-length-range", min, max].
PostCondition = Union[Mapping[str, str], List[Union[str, int]], Tuple[Union[str, int], ...]]
Expiration = Union[datetime.datetime, int, float, str, None]

@final
class Credentials:
    def __new__(
        cls,
        access_key_id: str,
        secret_access_key: str,
        session_token: Optional[str] = None,
        expiration: Expiration = None,
    ) -> Credentials: ...
    @property
    def access_key_id(self) -> str: ...
    @property
    def secret_access_key(self) -> str: ...
    @property
    def session_token(self) -> Optional[str]: ...
    @property
    def expiration(self) -> Optional[datetime.datetime]: ...
    @property
    def expiration_timestamp(self) -> Optional[int]: ...
    def expires_within(self, seconds: float = 0.0, now: Timestamp = None) -> bool: ...
    def with_expiration(self, expiration: Expiration) -> Credentials: ...
    @classmethod
    def from_botocore(cls, credentials: Any) -> Credentials: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> Credentials: ...
    def __deepcopy__(self, memo: Any, /) -> Credentials: ...
    def __reduce__(self) -> None: ...  # type: ignore[override]

@final
class SignedRequest:
    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def headers(self) -> Dict[str, str]: ...
    @property
    def header_list(self) -> List[Tuple[str, str]]: ...
    @property
    def added_headers(self) -> Dict[str, str]: ...
    @property
    def canonical_request(self) -> str: ...
    @property
    def string_to_sign(self) -> str: ...
    @property
    def signature(self) -> str: ...
    @property
    def authorization(self) -> Optional[str]: ...
    @property
    def amz_date(self) -> str: ...
    @property
    def signature_location(self) -> str: ...
    @property
    def expires_in(self) -> Optional[int]: ...
    def explain_mismatch(self, error: Any) -> str: ...

_SignerT = TypeVar("_SignerT", bound="Signer")

# Subclassed in Python by sigv4kit.Signer, which resolves credential providers.
@disjoint_base
class Signer:
    def __new__(
        cls: Type[_SignerT],
        region: str,
        service: str,
        credentials: Optional[Credentials] = None,
        *,
        double_encode_path: Optional[bool] = None,
        normalize_path: Optional[bool] = None,
        content_sha256_header: Optional[bool] = None,
        omit_session_token: bool = False,
        unsigned_payload: bool = False,
        algorithm: Optional[str] = None,
    ) -> _SignerT: ...
    def sign(
        self,
        method: str,
        url: str,
        headers: HeadersLike = None,
        body: Body = None,
        *,
        timestamp: Timestamp = None,
        unsigned_payload: Optional[bool] = None,
        payload_hash: Optional[str] = None,
        credentials: Optional[Credentials] = None,
    ) -> SignedRequest: ...
    def _sign_requests(
        self,
        method: str,
        url: str,
        store: Dict[str, Tuple[str, str]],
        body: Body = None,
        *,
        credentials: Optional[Credentials] = None,
    ) -> SignedRequest: ...
    def _sign_httpx(
        self, request: Any, *, credentials: Optional[Credentials] = None
    ) -> Optional[SignedRequest]: ...
    def presign(
        self,
        method: str,
        url: str,
        expires_in: int = 3600,
        headers: HeadersLike = None,
        body: Body = None,
        *,
        timestamp: Timestamp = None,
        unsigned_payload: Optional[bool] = None,
        payload_hash: Optional[str] = None,
        credentials: Optional[Credentials] = None,
    ) -> SignedRequest: ...
    def presign_post(
        self,
        bucket: str,
        key: str,
        fields: Optional[Mapping[str, str]] = None,
        conditions: Optional[Iterable[PostCondition]] = None,
        expires_in: int = 3600,
        *,
        endpoint: Optional[str] = None,
        timestamp: Timestamp = None,
        credentials: Optional[Credentials] = None,
    ) -> Dict[str, Any]: ...
    def sign_chunked_head(
        self,
        method: str,
        url: str,
        decoded_length: int,
        headers: HeadersLike = None,
        *,
        mode: str = "signed",
        checksum: Optional[str] = None,
        chunk_size: int = 65536,
        timestamp: Timestamp = None,
        credentials: Optional[Credentials] = None,
    ) -> Tuple[SignedRequest, ChunkedEncoder]: ...
    def get_credentials(self) -> Credentials: ...
    def __copy__(self) -> Signer: ...
    def __deepcopy__(self, memo: Any, /) -> Signer: ...
    @property
    def region(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def double_encode_path(self) -> bool: ...
    @property
    def normalize_path(self) -> bool: ...
    @property
    def content_sha256_header(self) -> bool: ...
    @property
    def omit_session_token(self) -> bool: ...
    @property
    def unsigned_payload(self) -> bool: ...
    @property
    def algorithm(self) -> str: ...

@final
class ChainResolver:
    def __new__(
        cls,
        environ: Dict[str, str],
        now: int,
        *,
        profile: Optional[str] = None,
        home: Optional[str] = None,
        imds_v1_fallback: bool = False,
        mfa_token: bool = False,
        session_name: Optional[str] = None,
    ) -> ChainResolver: ...
    def next(self) -> Tuple[Any, ...]: ...
    def file(self, path: str, text: Optional[str]) -> None: ...
    def http(self, id: str, status: Optional[int], body: str) -> None: ...
    def process(self, id: str, exit_code: int, stdout: str) -> None: ...
    def mfa_token(self, serial: str, code: str) -> None: ...

@final
class Profile:
    @property
    def name(self) -> str: ...
    @property
    def region(self) -> Optional[str]: ...
    def get(self, key: str, default: Optional[str] = None) -> Optional[str]: ...
    def static_credentials(self) -> Optional[Credentials]: ...
    def credential_source(self) -> Tuple[str, Dict[str, Optional[str]]]: ...

@final
class VerifiedRequest:
    @property
    def access_key_id(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def signature_location(self) -> str: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def amz_date(self) -> str: ...
    @property
    def canonical_request(self) -> str: ...
    @property
    def string_to_sign(self) -> str: ...

@final
class ChunkedEncoder:
    def write(self, data: bytes) -> bytes: ...
    def finish(self) -> bytes: ...
    @property
    def encoded_length(self) -> int: ...

@final
class Verifier:
    def __new__(
        cls,
        credentials: Union[
            Credentials, Mapping[str, Credentials], Callable[[str], Optional[Credentials]]
        ],
        *,
        region: Optional[str] = None,
        service: Optional[str] = None,
        max_clock_skew: int = 300,
        double_encode_path: bool = True,
        normalize_path: bool = True,
        allow_unsigned_payload: Optional[bool] = None,
    ) -> Verifier: ...
    def verify(
        self,
        method: str,
        url: str,
        headers: HeadersLike = None,
        body: Body = None,
        *,
        now: Timestamp = None,
    ) -> VerifiedRequest: ...

def uri_encode(value: str) -> str: ...
def hash_payload(body: Body) -> str: ...
def infer_scope(host: str) -> Optional[Tuple[str, str]]: ...
def resolve_scope(
    host: str, region: Optional[str] = None, service: Optional[str] = None
) -> Tuple[str, str]: ...
def wire_target(target: str) -> str: ...
def sigv4a_public_key(credentials: Credentials) -> bytes: ...
def credentials_from_env(environ: Mapping[str, str]) -> Optional[Credentials]: ...
def selected_profile(environ: Mapping[str, str]) -> str: ...
def region_from_env(environ: Mapping[str, str]) -> Optional[str]: ...
def shared_file_paths(
    environ: Mapping[str, str], home: Optional[str] = None
) -> Tuple[str, str]: ...
def resolve_profile(
    config_text: Optional[str], credentials_text: Optional[str], profile: str
) -> Profile: ...
def profile_names(config_text: Optional[str], credentials_text: Optional[str]) -> List[str]: ...

@final
class Diagnosis:
    @property
    def finding(self) -> str: ...
    @property
    def part(self) -> str: ...
    @property
    def document(self) -> Optional[str]: ...
    @property
    def line(self) -> Optional[int]: ...
    @property
    def expected(self) -> Optional[str]: ...
    @property
    def signed(self) -> Optional[str]: ...
    @property
    def error_code(self) -> Optional[str]: ...
    @property
    def cause(self) -> str: ...
    @property
    def hint(self) -> str: ...
    @property
    def text(self) -> str: ...

def explain_mismatch(canonical_request: str, string_to_sign: str, body: str) -> Diagnosis: ...
def quoted_strings(body: str) -> Tuple[Optional[str], Optional[str]]: ...
def debug_enabled(value: Optional[str] = None) -> bool: ...
