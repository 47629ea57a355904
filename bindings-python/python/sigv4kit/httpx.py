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
from ._native import SignedRequest
from ._signer import Signer, with_profile

__all__ = ["SigV4Auth"]

# Statuses a hop signed for another URL gets back from AWS.
_REFUSED = (400, 401, 403)

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
        # The usual auth (one signer, no debugging): the first step calls
        # the extension's entry itself, without _sign's frame; None back
        # (headers in another layout) goes on through _sign, which signs
        # through httpx's public interface then.
        fixed = self._pool.fixed
        self._sign_fixed = fixed._sign_httpx if fixed is not None and self._memo is None else None
        # Signing reads the body unless the payload is unsigned; then
        # sync_auth_flow reads it first, as httpx's default flow does.
        self._read_first = self._pool.unsigned_payload

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        sign = self._sign_fixed
        if sign is None or sign(request) is None:
            self._sign(request)
        response = yield request
        hop = self._hop_to_resign(request, response)
        if hop is not None:
            response = yield hop
        self._diagnose(response)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """``auth_flow``'s steps with httpx's own reads around them, in
        one generator: httpx's default runs ``auth_flow`` inside a second
        generator, a frame more on every request."""
        if self._read_first:
            request.read()
        sign = self._sign_fixed
        if sign is None or sign(request) is None:
            self._sign(request)
        response = yield request
        if self.requires_response_body:
            response.read()
        hop = self._hop_to_resign(request, response)
        if hop is not None:
            response = yield hop
            if self.requires_response_body:
                response.read()
        self._diagnose(response)

    def _hop_to_resign(
        self, request: httpx.Request, response: httpx.Response
    ) -> Optional[httpx.Request]:
        """The redirect hop AWS refused, signed for its own URL, when it may
        be (see the class doc)."""
        hop = response.request
        if (
            response.history
            and response.status_code in _REFUSED
            and hop is not request
            and (self.sign_cross_origin_redirects or may_resign(str(request.url), str(hop.url)))
        ):
            self._sign(hop)
            return hop
        return None

    def _diagnose(self, response: httpx.Response) -> None:
        if self._memo is not None and response.status_code == 403:
            signed = self._memo.recall(response.request.headers.get("Authorization"))
            found = _debug.diagnose_response(signed, response.status_code, response.content)
            if found is not None:
                response.sigv4kit = found  # type: ignore[attr-defined]

    def _sign(self, request: httpx.Request) -> None:
        signer = self._pool.fixed or self._pool.for_url(str(request.url))
        # One call into the extension reads the request in httpx's layout
        # (the parsed URL, the headers' entry list of ASCII bytes, the
        # body), drops stale copies of an earlier signing and stores the
        # added headers and the wire URL as httpx keeps them, without
        # httpx's Python work per header; None for any other layout.
        signed = signer._sign_httpx(request)
        if signed is None:
            signed = self._sign_through_headers(request, signer)
        if self._memo is not None:
            self._memo.remember(signed)

    def _sign_through_headers(self, request: httpx.Request, signer: Signer) -> SignedRequest:
        """``_sign`` through httpx's public interface (for headers that are
        not all ASCII, or a ``Headers`` laid out otherwise)."""
        url = str(request.url)
        body = None if self._pool.unsigned_payload else request.read()
        # Stale copies of an earlier signing go; looking each name up in
        # httpx.Headers scans it, so the names present are read once.
        present = {key.lower() for key, _ in request.headers.raw}
        for name, lower in _SIGNATURE_HEADERS_RAW:
            if lower in present:
                del request.headers[name]
        signed = signer.sign(request.method, url, request.headers, body)
        if signed.url != url:
            request.url = httpx.URL(signed.url)  # the wire form that was signed
        for name, value in signed.added_headers.items():
            request.headers[name] = value
        return signed

    @property
    def signer(self) -> Optional[Signer]:
        """The one signer of every request: the one given, or the one for
        the ``region`` and ``service`` given; ``None`` while they are
        inferred from each request's host."""
        return self._pool.fixed

    def __repr__(self) -> str:
        return f"SigV4Auth({self._pool!r})"
