"""Reading a SigV4 403: which line of the signed request AWS disagrees with.

When a signature does not match, AWS (and the local gateway) answer with the
canonical request and string to sign *they* computed. Compared line by line
with what was signed (``SignedRequest.canonical_request``), the first
difference names the culprit: the path encoding, a query parameter, a header
that a proxy changed, the body hash.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._native import SignedRequest

__all__ = ["explain_mismatch", "quoted_strings"]

_CANONICAL = re.compile(
    r"The Canonical String for this request should have been\s*'(.*?)'\s*"
    r"(?:The String-to-Sign|$)",
    re.S,
)
_STRING_TO_SIGN = re.compile(r"The String-to-Sign should have been\s*'(.*?)'\s*$", re.S)
_XML_MESSAGE = re.compile(r"<Message>(.*?)</Message>", re.S)


def _message_text(error: Any) -> str:
    """The message from a response body (JSON or XML), a dict, or text."""
    if isinstance(error, (bytes, bytearray)):
        error = bytes(error).decode("utf-8", "replace")
    if isinstance(error, dict):
        return str(error.get("message") or error.get("Message") or "")
    if not isinstance(error, str):
        # A requests/httpx/RequestSigner response.
        content = getattr(error, "content", None)
        return _message_text(content) if content is not None else str(error)
    text = error.strip()
    if text.startswith("{"):
        try:
            return _message_text(json.loads(text))
        except ValueError:
            pass
    match = _XML_MESSAGE.search(text)
    if match:
        import html  # noqa: PLC0415

        return html.unescape(match.group(1))
    return text


def quoted_strings(error: Any) -> tuple[str | None, str | None]:
    """The canonical request and string to sign quoted in a 403 message
    (either may be ``None`` when the message does not quote it)."""
    text = _message_text(error)
    canonical = _CANONICAL.search(text)
    string_to_sign = _STRING_TO_SIGN.search(text)
    return (
        canonical.group(1) if canonical else None,
        string_to_sign.group(1) if string_to_sign else None,
    )


def _canonical_labels(lines: list[str]) -> list[str]:
    labels = ["method", "path", "query"]
    try:
        blank = lines.index("", 3)
    except ValueError:
        blank = len(lines)
    for line in lines[3:blank]:
        labels.append(f"header {line.split(':', 1)[0]}")
    labels += ["end of headers", "signed headers", "payload hash"]
    return labels


_STS_LABELS = ["algorithm", "date", "credential scope", "hash of the canonical request"]


def _first_difference(ours: list[str], theirs: list[str]) -> int | None:
    for index in range(max(len(ours), len(theirs))):
        mine = ours[index] if index < len(ours) else None
        other = theirs[index] if index < len(theirs) else None
        if mine != other:
            return index
    return None


def _describe(what: str, labels: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    index = _first_difference(ours, theirs)
    if index is None:
        return []
    label = labels[index] if index < len(labels) else "an extra line"
    mine = ours[index] if index < len(ours) else "(nothing)"
    other = theirs[index] if index < len(theirs) else "(nothing)"
    return [
        f"The {what} differs first at line {index + 1} ({label}):",
        f"  AWS computed: {other}",
        f"  we signed:    {mine}",
    ]


def explain_mismatch(signed: SignedRequest, error: Any) -> str:
    """Explains a ``SignatureDoesNotMatch`` answer to ``signed``.

    ``error`` is the 403's message, its body (JSON or XML), or the response
    object itself. The result names the first line where the canonical
    request (or string to sign) AWS computed differs from ours, or says that
    both agree, which leaves the signing key: the secret, region, service or
    date.
    """
    canonical, string_to_sign = quoted_strings(error)
    if canonical is None and string_to_sign is None:
        return (
            "The error quotes no canonical request, so it cannot be compared. "
            "We signed this canonical request:\n" + signed.canonical_request
        )
    report: list[str] = []
    if canonical is not None:
        ours = signed.canonical_request.split("\n")
        theirs = canonical.split("\n")
        report += _describe("canonical request", _canonical_labels(ours), ours, theirs)
    if not report and string_to_sign is not None:
        ours = signed.string_to_sign.split("\n")
        theirs = string_to_sign.split("\n")
        report += _describe("string to sign", _STS_LABELS, ours, theirs)
    if not report:
        return (
            "The canonical request and string to sign AWS computed match ours, so the "
            "signing key differs: check the secret access key, and that the region, "
            "service and date in the credential scope are the ones the endpoint expects."
        )
    return "\n".join(report)
