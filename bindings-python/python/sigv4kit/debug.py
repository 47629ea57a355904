"""Reading a SigV4 403: which part of the signed request AWS disagrees with.

When a signature does not match, AWS (and the local gateway) answer with the
canonical request and string to sign *they* computed, or name the clock, the
region or the key. The core (``sigv4kit::diagnose``, the same in every
binding) compares that with what was signed and names the first part that
differs, its usual cause and a fix; this module only turns what Python code
holds (a response, bytes, a dict) into the body text it reads.

    from sigv4kit.debug import explain_mismatch
    print(explain_mismatch(signed, response))

The ``requests`` and ``httpx`` auths do this by themselves on a 403 when
``debug=True`` (or ``SIGV4KIT_DEBUG=1``): see ``diagnose_response``.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Protocol

from ._native import DEBUG_ENV, Diagnosis, debug_enabled
from ._native import explain_mismatch as _explain
from ._native import quoted_strings as _quoted


class Signed(Protocol):
    """What was signed: a ``SignedRequest``, or anything with its two strings."""

    @property
    def canonical_request(self) -> str: ...
    @property
    def string_to_sign(self) -> str: ...


__all__ = [
    "DEBUG_ENV",
    "Diagnosis",
    "Signed",
    "diagnose",
    "diagnose_response",
    "explain_mismatch",
    "is_enabled",
    "quoted_strings",
]

#: The logger the integrations report a diagnosed 403 to (at WARNING).
logger = logging.getLogger("sigv4kit")


def _body_text(error: Any) -> str:
    """The body of a response (requests, httpx, ``RequestSigner``), bytes, a
    parsed JSON ``dict``, or a message, as text."""
    if isinstance(error, str):
        return error
    if isinstance(error, (bytes, bytearray, memoryview)):
        return bytes(error).decode("utf-8", "replace")
    if isinstance(error, dict):
        return json.dumps(error)
    content = getattr(error, "content", None)
    if isinstance(content, (bytes, bytearray)):
        return bytes(content).decode("utf-8", "replace")
    return str(error)


def diagnose(signed: Signed, error: Any) -> Diagnosis:
    """The core's reading of ``error`` (a 403 answered to ``signed``): the
    finding, the line, what AWS computed and what was signed."""
    return _explain(signed.canonical_request, signed.string_to_sign, _body_text(error))


def explain_mismatch(signed: Signed, error: Any) -> str:
    """Explains a 403 answered to ``signed`` in words.

    ``error`` is the 403's message, its body (JSON or XML), or the response
    object itself. The text names the first part where the canonical request
    (or string to sign) AWS computed differs from ours, with what AWS
    computed, what was signed, the usual cause and a fix; or what else the
    error points at (the clock, the region, the key)."""
    return diagnose(signed, error).text


def quoted_strings(error: Any) -> tuple[str | None, str | None]:
    """The canonical request and string to sign quoted in a 403 (either may
    be ``None`` when the error does not quote it)."""
    return _quoted(_body_text(error))


def is_enabled(debug: bool | None) -> bool:
    """``debug`` when given, else whether ``SIGV4KIT_DEBUG`` turns it on."""
    return debug if debug is not None else debug_enabled(os.environ.get(DEBUG_ENV))


def diagnose_response(signed: Signed | None, status: int, body: Any) -> Diagnosis | None:
    """For the integrations: the diagnosis of a 403 answered to ``signed``
    (``None`` for any other status), logged to the ``sigv4kit`` logger."""
    if status != 403 or signed is None:
        return None
    found = diagnose(signed, body)
    logger.warning("AWS answered 403 to a signed request: %s", found.text)
    return found
