"""``requests`` integration: ``SigV4Auth`` signs each prepared request exactly
as it will be sent (the URL as requests encoded it, the body bytes, the
``Host`` with a non-default port) and signs every redirect hop again.

    import requests
    from sigv4kit.requests import SigV4Auth

    auth = SigV4Auth(region="us-east-1", service="execute-api")
    requests.get("https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets", auth=auth)

Importing ``sigv4kit`` does not import this module or ``requests``.
"""

from typing import Any, Optional

import requests
from requests.auth import AuthBase
from requests.sessions import SessionRedirectMixin
from requests.utils import requote_uri

from . import debug as _debug
from ._auth import SIGNATURE_HEADERS, SignedMemo, SignerPool, may_resign
from ._signer import Signer, with_profile

__all__ = ["SigV4Auth"]

# requests' own redirect rules (target URL, method change), so that the hop
# signed here is the hop requests sends.
_REDIRECTS = SessionRedirectMixin()


class SigV4Auth(AuthBase):
    """Signs ``requests`` requests with AWS Signature Version 4.

    Give either ``region``/``service``/``credentials`` (credentials as for
    ``sigv4kit.Signer``: ``None`` reads the environment and the shared AWS
    files) or a ready ``signer``. The region defaults to ``AWS_REGION``; a
    missing region or service is inferred from each request's AWS host name
    (the core's rule, as in every binding), and is an error for another
    host. ``unsigned_payload=True`` signs ``UNSIGNED-PAYLOAD`` instead of
    hashing the body (S3, streamed uploads).

    The URL goes out in the core's wire form: a ``+`` that requests wrote
    for a space in ``params`` is sent (and signed) as ``%20``, since API
    Gateway reads a raw ``+`` as a space and S3 as a plus; a literal plus is
    ``%2B``.

    Redirects: requests builds each hop from the previous request; this auth
    signs the hop before requests copies it, so a followed redirect carries a
    valid signature (an http to https upgrade of the same host counts as the
    same site). A hop to another origin (scheme, host, port) goes without
    the signature headers (requests itself drops ``Authorization`` there), so
    a session token never leaves for a host it was not meant for.

    Debugging a 403: with ``debug=True`` (or ``SIGV4KIT_DEBUG=1`` in the
    environment when ``debug`` is not given), a 403 response gets the core's
    diagnosis as ``response.sigv4kit`` (a ``sigv4kit.debug.Diagnosis``:
    which part of the signed request AWS disagrees with, the usual cause, a
    fix), also logged at WARNING to the ``sigv4kit`` logger. Off, nothing
    changes.
    """

    def __init__(
        self,
        region: Optional[str] = None,
        service: Optional[str] = None,
        credentials: Any = None,
        *,
        signer: Optional[Signer] = None,
        unsigned_payload: bool = False,
        profile: Optional[str] = None,
        debug: Optional[bool] = None,
    ) -> None:
        credentials = with_profile(credentials, profile)
        self._pool = SignerPool(signer, region, service, credentials, unsigned_payload)
        self._memo = SignedMemo() if _debug.is_enabled(debug) else None

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self._sign(request)
        # What register_hook does for one callable, without its
        # isinstance(hook, Callable) check on every request.
        request.hooks["response"].append(self._on_response)
        return request

    def _sign(self, request: requests.PreparedRequest) -> None:
        body = request.body
        if body is not None and not isinstance(body, (bytes, str)):
            position = getattr(request, "_body_position", None)
            if hasattr(body, "seek") and isinstance(position, int):
                body.seek(position)
        url = request.url or ""
        headers: Any = request.headers
        store = getattr(headers, "_store", None)
        signer = self._pool.fixed or self._pool.for_url(url)
        if not isinstance(store, dict):
            self._sign_through_headers(request, signer, url, body)
            return
        # requests' CaseInsensitiveDict keeps {lower-case name: (name,
        # value)}: the extension drops stale copies of an earlier signing,
        # reads the pairs and stores the added headers as its __setitem__
        # would, without a Python call per header.
        signed = signer._sign_requests(request.method or "GET", url, store, body)
        request.url = signed.url  # the wire form that was signed
        if self._memo is not None:
            self._memo.remember(signed)

    def _sign_through_headers(
        self, request: requests.PreparedRequest, signer: Signer, url: str, body: Any
    ) -> None:
        """``_sign`` through the public interface of a headers object that
        is not requests' own ``CaseInsensitiveDict``."""
        for name in SIGNATURE_HEADERS:
            request.headers.pop(name, None)  # stale copies of an earlier signing
        signed = signer.sign(request.method or "GET", url, request.headers, body)
        request.url = signed.url
        for name, value in signed.added_headers.items():
            request.headers[name] = value
        if self._memo is not None:
            self._memo.remember(signed)

    def _on_response(self, response: requests.Response, **_kwargs: Any) -> requests.Response:
        if response.is_redirect:
            self._prepare_redirect(response)
        elif self._memo is not None and response.status_code == 403:
            signed = self._memo.recall(response.request.headers.get("Authorization"))
            found = _debug.diagnose_response(signed, response.status_code, response.content)
            if found is not None:
                response.sigv4kit = found  # type: ignore[attr-defined]
        return response

    def _prepare_redirect(self, response: requests.Response) -> None:
        """Signs the hop requests is about to build from ``response.request``
        (which it copies), or strips the signature for another origin."""
        sent = response.request
        url = _REDIRECTS.get_redirect_target(response)
        if not url or sent.url is None:
            return
        if url.startswith("//"):
            url = f"{requests.compat.urlparse(response.url).scheme}:{url}"
        parsed = requests.compat.urlparse(url)
        url = (
            requote_uri(url)
            if parsed.netloc
            else requests.compat.urljoin(response.url, requote_uri(url))
        )
        if not may_resign(sent.url, url):
            for name in SIGNATURE_HEADERS:
                sent.headers.pop(name, None)
            return
        hop = sent.copy()
        hop.url = url
        _REDIRECTS.rebuild_method(hop, response)
        if response.status_code not in (307, 308):
            for name in ("Content-Length", "Content-Type", "Transfer-Encoding"):
                hop.headers.pop(name, None)
            hop.body = None
        # Cookies are set again after this point; an unsigned Cookie header
        # does not break the signature.
        hop.headers.pop("Cookie", None)
        self._sign(hop)
        for name in SIGNATURE_HEADERS:
            sent.headers.pop(name, None)
            if name in hop.headers:
                sent.headers[name] = hop.headers[name]

    @property
    def signer(self) -> Optional[Signer]:
        """The one signer of every request: the one given, or the one for
        the ``region`` and ``service`` given; ``None`` while they are
        inferred from each request's host."""
        return self._pool.fixed

    def __repr__(self) -> str:
        return f"SigV4Auth({self._pool!r})"
