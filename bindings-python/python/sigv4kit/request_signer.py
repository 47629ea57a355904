"""``RequestSigner``: a drop-in for the boto3-based helper of that name that
teams copy between projects, without boto3, botocore, requests or urllib3.

    client = RequestSigner("https://abc123.execute-api.us-east-1.amazonaws.com/prod")
    response = client.make_signed_request("POST", "pets", data={"name": "Rex"})
    response.raise_for_status()
    print(response.json())

Requests go out through ``http.client`` exactly as they were signed: the
target, the headers (``Host`` with its port) and the body bytes. Redirects are
returned, not followed, since a followed redirect would need a new signature.
"""

import base64
import http.client
import json
import os
import re
import ssl
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    MutableMapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)
from urllib.parse import quote, unquote, urlencode, urlsplit

from . import debug as _debug
from ._native import Credentials, Diagnosis, __version__, infer_scope, region_from_env
from ._signer import Signer, with_profile
from .errors import InvalidRegionError, InvalidTargetError

__all__ = ["DEFAULT_CONTENT_TYPE", "HTTPError", "RequestSigner", "Response"]

#: The content type the boto3-based helper sends by default.
DEFAULT_CONTENT_TYPE = "application/x-amz-json-1.1"

# Characters a path may carry as they are; anything else (spaces, non-ASCII)
# is percent-encoded. '%' stays so that an already-encoded path is kept.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}

Params = Union[Mapping[str, Any], Sequence[Tuple[str, Any]], None]


class Headers(Mapping[str, str]):
    """Response headers: a read-only mapping with case-insensitive names;
    repeated headers are joined with ', '."""

    def __init__(self, pairs: Iterable[Tuple[str, str]]) -> None:
        self._items: Dict[str, Tuple[str, str]] = {}
        for name, value in pairs:
            key = name.lower()
            if key in self._items:
                first_name, previous = self._items[key]
                self._items[key] = (first_name, f"{previous}, {value}")
            else:
                self._items[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


class Response:
    """What ``make_signed_request`` returns: the parts of a ``requests``
    response that code written against one uses."""

    def __init__(
        self, status_code: int, reason: str, headers: Headers, content: bytes, url: str
    ) -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.content = content
        self.url = url
        #: With ``debug``: the diagnosis of a 403 (``sigv4kit.debug.Diagnosis``).
        self.sigv4kit: Optional[Diagnosis] = None

    @property
    def ok(self) -> bool:
        """Whether the status is below 400."""
        return self.status_code < 400

    @property
    def encoding(self) -> str:
        """The charset of the Content-Type header, else UTF-8."""
        match = re.search(r"charset=\"?([\w.:-]+)", self.headers.get("Content-Type", ""), re.I)
        return match.group(1) if match else "utf-8"

    @property
    def text(self) -> str:
        """The body decoded with ``encoding`` (undecodable bytes replaced)."""
        try:
            return self.content.decode(self.encoding, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.content, **kwargs)

    def raise_for_status(self) -> None:
        """Raises ``HTTPError`` for a 4xx or 5xx status."""
        if self.status_code >= 400:
            raise HTTPError(f"{self.status_code} {self.reason} for {self.url}", response=self)

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class HTTPError(Exception):
    """A 4xx or 5xx status, from ``Response.raise_for_status()``."""

    def __init__(self, message: str, response: Response) -> None:
        super().__init__(message)
        self.response = response


def _method_name(method: str) -> str:
    # http.HTTPMethod (3.11+) is a str enum whose value is the name.
    value: object = getattr(method, "value", method)
    if not isinstance(value, str):
        raise TypeError(
            f"http_method must be a str or http.HTTPMethod, not {type(method).__name__}"
        )
    return value.upper()


def _body_bytes(data: Any) -> Optional[bytes]:
    if data is None:
        return None
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8")
    if hasattr(data, "read"):
        content = data.read()
        return content.encode("utf-8") if isinstance(content, str) else bytes(content)
    # dicts, lists and other JSON values are sent as JSON, as the boto3 helper does.
    return json.dumps(data).encode("utf-8")


def _query(params: Params) -> str:
    if not params:
        return ""
    pairs = params.items() if isinstance(params, Mapping) else params
    kept: List[Tuple[str, Any]] = []
    for key, value in pairs:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            kept.extend((key, v) for v in value if v is not None)
        else:
            kept.append((key, value))
    # quote (not quote_plus): a space is %20, since SigV4 reads '+' as a plus.
    return urlencode(kept, quote_via=quote)


class RequestSigner:
    """Signs and sends requests to one API (API Gateway with IAM auth by
    default).

    ``credentials`` may be ``sigv4kit.Credentials``, botocore/boto3
    credentials or a session, a provider, or ``None`` for the environment and
    the shared AWS files; ``profile="name"`` instead names that profile of the
    default chain (as boto3's ``Session(profile_name=...)``). ``region``
    defaults to ``AWS_REGION`` / ``AWS_DEFAULT_REGION``, then to the region
    in an ``*.amazonaws.com`` host name. Plain ``http://`` is refused unless
    ``allow_http=True`` (for a local gateway). With ``debug=True`` (or
    ``SIGV4KIT_DEBUG=1`` when ``debug`` is not given) a 403 response carries
    the core's diagnosis as ``response.sigv4kit``, also logged at WARNING to
    the ``sigv4kit`` logger.
    """

    def __init__(
        self,
        base_url: str,
        service_name: str = "execute-api",
        region: Optional[str] = None,
        credentials: Any = None,
        *,
        allow_http: bool = False,
        timeout: float = 30.0,
        content_type: str = DEFAULT_CONTENT_TYPE,
        ssl_context: Optional[ssl.SSLContext] = None,
        profile: Optional[str] = None,
        debug: Optional[bool] = None,
    ) -> None:
        credentials = with_profile(credentials, profile)
        self.debug = _debug.is_enabled(debug)
        parts = urlsplit(base_url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise InvalidTargetError(
                "invalid base_url: must be an absolute https:// URL", field="base_url"
            )
        if parts.scheme == "http" and not allow_http:
            raise InvalidTargetError(
                "invalid base_url: plain http:// sends signed requests in clear text; "
                "use https:// or pass allow_http=True (for a local gateway)",
                field="base_url",
            )
        if parts.username or parts.password:
            raise InvalidTargetError(
                "invalid base_url: must not contain user info", field="base_url"
            )
        self.base_url = base_url
        self.service_name = service_name
        self.region = region or region_from_env(os.environ) or _region_from_host(parts.hostname)
        if not self.region:
            raise InvalidRegionError(
                "invalid region: pass region= or set AWS_REGION", field="region"
            )
        self.signer = Signer(self.region, service_name, credentials)
        self.timeout = timeout
        self.content_type = content_type
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._base_path = parts.path.rstrip("/")
        self._base_query = parts.query
        self._ssl_context = ssl_context

    @property
    def credentials(self) -> Credentials:
        """The credentials the next request is signed with."""
        return self.signer.get_credentials()

    def make_signed_request(
        self,
        http_method: str,
        path: str = "",
        data: Any = None,
        params: Params = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> Response:
        """Signs and sends one request; returns the response whatever its
        status (call ``raise_for_status()`` to raise on 4xx/5xx).

        ``http_method`` is a string or an ``http.HTTPMethod``; ``data`` a dict
        or list (sent as JSON), ``str``, ``bytes`` or a file object (read
        whole); ``params`` a mapping or pairs (lists repeat a key, ``None``
        values are left out)."""
        method = _method_name(http_method)
        target = self._target(path, params)
        body = _body_bytes(data)
        send_headers: MutableMapping[str, str] = {"Content-Type": self.content_type}
        for name, value in (headers or {}).items():
            for existing in [k for k in send_headers if k.lower() == name.lower()]:
                del send_headers[existing]
            send_headers[name] = value
        if body is not None or method in ("POST", "PUT", "PATCH"):
            send_headers["Content-Length"] = str(len(body or b""))
        send_headers.setdefault("User-Agent", f"sigv4kit-python/{__version__}")
        signed = self.signer.sign(method, self._origin() + target, send_headers, body or b"")
        # The signed target: the core's wire form (no raw '+' in the query).
        response = self._send(method, signed.target, signed.header_list, body)
        if self.debug:
            response.sigv4kit = _debug.diagnose_response(
                signed, response.status_code, response.content
            )
        return response

    def _origin(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        port = f":{self._port}" if self._port is not None else ""
        return f"{self._scheme}://{host}{port}"

    def _target(self, path: str, params: Params) -> str:
        joined = self._base_path
        if path:
            joined = f"{joined}/{path.lstrip('/')}"
        target = quote(joined or "/", safe=_PATH_SAFE)
        query = "&".join(q for q in (self._base_query, _query(params)) if q)
        return f"{target}?{query}" if query else target

    def _send(
        self, method: str, target: str, headers: List[Tuple[str, str]], body: Optional[bytes]
    ) -> Response:
        conn, request_target, proxy_headers = self._connection(target)
        try:
            conn.putrequest(method, request_target, skip_host=True, skip_accept_encoding=True)
            # Proxy headers are added after signing: the proxy strips them.
            for name, value in [*headers, *proxy_headers.items()]:
                conn.putheader(name, value)
            conn.endheaders(body)
            reply = conn.getresponse()
            content = reply.read()
            return Response(
                reply.status,
                reply.reason,
                Headers(reply.getheaders()),
                content,
                self._origin() + target,
            )
        finally:
            conn.close()

    def _connection(self, target: str) -> Tuple[http.client.HTTPConnection, str, Dict[str, str]]:
        port = self._port or (443 if self._scheme == "https" else 80)
        proxy = _proxy_for(self._scheme, self._host)
        context = self._ssl_context or (
            ssl.create_default_context() if self._scheme == "https" else None
        )
        if proxy is None:
            if self._scheme == "https":
                conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                    self._host, port, timeout=self.timeout, context=context
                )
            else:
                conn = http.client.HTTPConnection(self._host, port, timeout=self.timeout)
            return conn, target, {}
        proxy_parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        proxy_host = proxy_parts.hostname or ""
        proxy_port = proxy_parts.port or 8080
        auth: Dict[str, str] = {}
        if proxy_parts.username is not None:
            userinfo = f"{unquote(proxy_parts.username)}:{unquote(proxy_parts.password or '')}"
            auth["Proxy-Authorization"] = "Basic " + base64.b64encode(userinfo.encode()).decode()
        if self._scheme == "https":
            # A CONNECT tunnel: the proxy never sees the signed request.
            conn = http.client.HTTPSConnection(
                proxy_host, proxy_port, timeout=self.timeout, context=context
            )
            conn.set_tunnel(self._host, port, headers=auth)
            return conn, target, {}
        # Plain http through a proxy: the absolute URL on the request line.
        conn = http.client.HTTPConnection(proxy_host, proxy_port, timeout=self.timeout)
        return conn, self._origin() + target, auth


def _region_from_host(host: str) -> Optional[str]:
    scope = infer_scope(host)
    return scope[0] if scope else None


def _proxy_for(scheme: str, host: str) -> Optional[str]:
    """The proxy from ``https_proxy``/``HTTPS_PROXY`` (``http_proxy`` for
    plain http), unless ``no_proxy`` names the host or it is loopback."""
    names = ("https_proxy", "HTTPS_PROXY") if scheme == "https" else ("http_proxy", "HTTP_PROXY")
    proxy = next((os.environ[n] for n in names if os.environ.get(n)), None)
    if not proxy or host.lower() in _LOOPBACK:
        return None
    no_proxy = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if entry == "*":
            return None
        entry = entry.lstrip(".")
        if entry and (host.lower() == entry or host.lower().endswith("." + entry)):
            return None
    return proxy
