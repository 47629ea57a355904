"""``httpx`` integration: ``SigV4Auth`` is an ``httpx.Auth`` for ``Client``
and ``AsyncClient`` that signs each request exactly as it will be sent (the
URL as httpx encoded it, the body bytes, the ``Host`` header httpx set).

    import httpx
    from sigv4kit.httpx import SigV4Auth

    with httpx.Client(auth=SigV4Auth(region="us-east-1")) as client:
        client.get("https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets")

Importing ``sigv4kit`` does not import this module or ``httpx``.
"""

from typing import Any, Generator, Optional

import httpx

from . import debug as _debug
from ._auth import SIGNATURE_HEADERS, SignedMemo, SignerPool, may_resign
from ._signer import Signer, with_profile

__all__ = ["SigV4Auth"]

# Statuses a hop signed for another URL gets back from AWS.
_REFUSED = (400, 401, 403)

# httpx's parsed URL (httpx 0.28: a NamedTuple of scheme, userinfo, host,
# port, path, query, fragment), when this httpx has that layout.
_PARSED_URL: Any = getattr(getattr(httpx, "_urlparse", None), "ParseResult", None)
if getattr(_PARSED_URL, "_fields", None) != (
    "scheme",
    "userinfo",
    "host",
    "port",
    "path",
    "query",
    "fragment",
):
    _PARSED_URL = None

_SIGNATURE_HEADERS_RAW = tuple((name, name.lower().encode("ascii")) for name in SIGNATURE_HEADERS)


class SigV4Auth(httpx.Auth):
    """Signs ``httpx`` requests with AWS Signature Version 4.

    Arguments (and the wire form of the URL: no raw ``+`` in the query) as
    for ``sigv4kit.requests.SigV4Auth``, plus
    ``sign_cross_origin_redirects``. httpx follows
    redirects (``follow_redirects=True``) without asking the auth, so a hop
    goes out with the first request's signature; when AWS refuses it, the
    hop is signed for its own URL and sent once more (same origin only,
    unless ``sign_cross_origin_redirects=True``).

    Debugging a 403: with ``debug=True`` (or ``SIGV4KIT_DEBUG=1`` when
    ``debug`` is not given) the auth reads each response's body, and a 403
    gets the core's diagnosis as ``response.sigv4kit``, also logged at
    WARNING to the ``sigv4kit`` logger. Off, nothing changes.
    """

    requires_request_body = True

    def __init__(
        self,
        region: Optional[str] = None,
        service: Optional[str] = None,
        credentials: Any = None,
        *,
        signer: Optional[Signer] = None,
        unsigned_payload: bool = False,
        sign_cross_origin_redirects: bool = False,
        profile: Optional[str] = None,
        debug: Optional[bool] = None,
    ) -> None:
        credentials = with_profile(credentials, profile)
        self._pool = SignerPool(signer, region, service, credentials, unsigned_payload)
        self.sign_cross_origin_redirects = sign_cross_origin_redirects
        self._memo = SignedMemo() if _debug.is_enabled(debug) else None
        # httpx reads the body before handing the response back to the flow.
        self.requires_response_body = self._memo is not None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self._sign(request)
        response = yield request
        hop = response.request
        if (
            response.history
            and response.status_code in _REFUSED
            and hop is not request
            and (self.sign_cross_origin_redirects or may_resign(str(request.url), str(hop.url)))
        ):
            self._sign(hop)
            response = yield hop
        if self._memo is not None and response.status_code == 403:
            signed = self._memo.recall(response.request.headers.get("Authorization"))
            found = _debug.diagnose_response(signed, response.status_code, response.content)
            if found is not None:
                response.sigv4kit = found  # type: ignore[attr-defined]

    def _sign(self, request: httpx.Request) -> None:
        body = None if self._pool.unsigned_payload else request.read()
        headers: Any = request.headers
        entries = getattr(headers, "_list", None)
        if not (isinstance(entries, list) and headers.encoding == "ascii"):
            self._sign_through_headers(request, str(request.url), body)
            return
        # The URL as httpx parsed it, which the extension writes out as
        # str(request.url) does (without its Python string joins); any
        # other layout (another httpx version) goes as that string.
        parsed = getattr(request.url, "_uri_reference", None)
        url: Any = parsed if type(parsed) is _PARSED_URL else str(request.url)
        signer = self._pool.fixed or self._pool.for_url(str(request.url))
        # httpx.Headers keeps [(name, lower-case name, value)] as bytes: the
        # extension drops stale copies of an earlier signing, reads the
        # entries as they are (ASCII bytes, read as Latin-1: the same text)
        # and appends the added headers in the same layout, without httpx's
        # Python work per header.
        signed, wire_url, appended = signer._sign_httpx(request.method, url, entries, body)
        if wire_url is not None:
            request.url = httpx.URL(wire_url)  # the wire form that was signed
        if not appended:
            for name, value in signed.added_headers.items():
                headers[name] = value
        if self._memo is not None:
            self._memo.remember(signed)

    def _sign_through_headers(
        self, request: httpx.Request, url: str, body: Optional[bytes]
    ) -> None:
        """``_sign`` through httpx's public header interface (for headers
        that are not all ASCII, or a ``Headers`` laid out otherwise)."""
        # Stale copies of an earlier signing go; looking each name up in
        # httpx.Headers scans it, so the names present are read once.
        present = {key.lower() for key, _ in request.headers.raw}
        for name, lower in _SIGNATURE_HEADERS_RAW:
            if lower in present:
                del request.headers[name]
        signed = self._pool.for_url(url).sign(request.method, url, request.headers, body)
        if signed.url != url:
            request.url = httpx.URL(signed.url)  # the wire form that was signed
        for name, value in signed.added_headers.items():
            request.headers[name] = value
        if self._memo is not None:
            self._memo.remember(signed)

    @property
    def signer(self) -> Optional[Signer]:
        """The one signer of every request: the one given, or the one for
        the ``region`` and ``service`` given; ``None`` while they are
        inferred from each request's host."""
        return self._pool.fixed

    def __repr__(self) -> str:
        return f"SigV4Auth({self._pool!r})"
