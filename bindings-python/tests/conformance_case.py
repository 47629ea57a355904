"""One conformance case through sigv4kit's public Python API.

Shared by the conformance runner (scripts/conformance.d/python) and the
pytest suite, so both exercise exactly what a user calls: ``Credentials``,
``Signer.sign``/``Signer.presign`` and the exceptions.
"""

import base64
import binascii
from typing import Any, Dict, List, Optional, Tuple

import sigv4kit


class BadCaseError(Exception):
    """The line is not a case: a missing or mistyped field."""


def _string(obj: Dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise BadCaseError(f"missing or non-string field {key!r}")
    return value


def _flag(case: Dict[str, Any], key: str, default: bool) -> bool:
    value = case.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise BadCaseError(f"{key} must be a boolean")
    return value


def _sign(case: Dict[str, Any]) -> Dict[str, Any]:
    algorithm = case.get("algorithm", sigv4kit.SIGV4)
    if algorithm not in (sigv4kit.SIGV4, sigv4kit.SIGV4A):
        raise BadCaseError("unsupported algorithm: AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256")
    creds = case.get("credentials")
    if not isinstance(creds, dict):
        raise BadCaseError("missing credentials")
    token = creds.get("session_token")
    if token is not None and not isinstance(token, str):
        raise BadCaseError("session_token must be a string or null")
    credentials = sigv4kit.Credentials(
        _string(creds, "access_key_id"), _string(creds, "secret_access_key"), token
    )
    signer = sigv4kit.Signer(
        _string(case, "region"),
        _string(case, "service"),
        credentials,
        normalize_path=_flag(case, "normalize_path", True),
        double_encode_path=_flag(case, "double_encode_path", True),
        content_sha256_header=_flag(case, "content_sha256_header", False),
        omit_session_token=_flag(case, "omit_session_token", False),
        algorithm=algorithm,
    )
    request = case.get("request")
    if not isinstance(request, dict):
        raise BadCaseError("missing request")
    method = _string(request, "method")
    target = _string(request, "target")
    headers: List[Tuple[str, str]] = []
    for pair in request.get("headers") or []:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        ):
            raise BadCaseError("each header must be a [name, value] pair of strings")
        headers.append((pair[0], pair[1]))
    body_text = request.get("body_base64") or ""
    if not isinstance(body_text, str):
        raise BadCaseError("request.body_base64 must be a string")
    try:
        body = base64.b64decode(body_text, validate=True)
    except (binascii.Error, ValueError) as err:
        raise BadCaseError("request.body_base64 is not base64") from err
    payload = case.get("payload") or {}
    mode = payload.get("mode", "hash")
    options: Dict[str, Any] = {"timestamp": _string(case, "timestamp")}
    if mode == "unsigned":
        options["unsigned_payload"] = True
    elif mode == "precomputed":
        if not isinstance(payload.get("value"), str):
            raise BadCaseError("payload.value is required for precomputed")
        options["payload_hash"] = payload["value"]
    elif mode == "hash":
        options["unsigned_payload"] = False
    else:
        raise BadCaseError("payload.mode must be hash, unsigned or precomputed")

    location = case.get("signature_location", "headers")
    if location == "headers":
        signed = signer.sign(method, target, headers, body, **options)
    elif location == "query":
        expires_in = case.get("expires_in", 3600)
        if expires_in is None:
            expires_in = 3600
        if not isinstance(expires_in, int) or isinstance(expires_in, bool):
            raise sigv4kit.InvalidExpiryError(
                "invalid expires_in: must be a whole number of seconds"
            )
        signed = signer.presign(method, target, expires_in, headers, body, **options)
    else:
        raise BadCaseError("signature_location must be headers or query")
    return {
        "canonical_request": signed.canonical_request,
        "string_to_sign": signed.string_to_sign,
        "signature": signed.signature,
        "signed_request": {
            "method": signed.method,
            "target": signed.target,
            "headers": [list(pair) for pair in signed.header_list],
        },
    }


def _verify(case: Dict[str, Any]) -> Dict[str, Any]:
    """The verify operation: the case's request through ``sigv4kit.Verifier``,
    its keys as the lookup."""
    req = case.get("request")
    if not isinstance(req, dict):
        raise BadCaseError("missing request")
    keys = case.get("keys")
    if not isinstance(keys, list):
        raise BadCaseError("keys must be a list")
    opts = case.get("verify") or {}
    allow = opts.get("allow_unsigned_payload")
    if allow is not None and not isinstance(allow, bool):
        raise BadCaseError("allow_unsigned_payload must be a boolean or null")

    def lookup(access_key_id: str) -> Optional[sigv4kit.Credentials]:
        for key in keys:
            if key.get("access_key_id") == access_key_id:
                return sigv4kit.Credentials(
                    key["access_key_id"],
                    key["secret_access_key"],
                    key.get("session_token"),
                    expiration=key.get("expiration"),
                )
        return None

    verifier = sigv4kit.Verifier(
        lookup,
        region=opts.get("region"),
        service=opts.get("service"),
        max_clock_skew=int(opts.get("max_clock_skew", 300)),
        double_encode_path=bool(opts.get("double_encode_path", True)),
        normalize_path=bool(opts.get("normalize_path", True)),
        allow_unsigned_payload=allow,
    )
    headers = [(str(n), str(v)) for n, v in req.get("headers") or []]
    verified = verifier.verify(
        str(req["method"]),
        str(req["target"]),
        headers,
        base64.b64decode(req.get("body_base64") or ""),
        now=str(case["now"]),
    )
    return {
        "verified": {
            "access_key_id": verified.access_key_id,
            "region": verified.region,
            "service": verified.service,
            "location": verified.signature_location,
        }
    }


def _defaults(case: Dict[str, Any]) -> Dict[str, Any]:
    """A `defaults` case: only what a user gives, through
    ``Signer(region, service, credentials)`` and ``sign``/``presign`` of a
    URL; the result is what goes on the wire."""
    creds = case.get("credentials")
    if not isinstance(creds, dict):
        raise BadCaseError("missing credentials")
    signer = sigv4kit.Signer(
        _string(case, "region"),
        _string(case, "service"),
        sigv4kit.Credentials(
            _string(creds, "access_key_id"),
            _string(creds, "secret_access_key"),
            creds.get("session_token"),
        ),
    )
    headers = [(str(n), str(v)) for n, v in case.get("headers") or []]
    body = base64.b64decode(case.get("body_base64") or "", validate=True) or None
    method, url, when = _string(case, "method"), _string(case, "url"), _string(case, "timestamp")
    if case.get("presign"):
        lifetime = case.get("expires_in")
        if lifetime is None:
            signed = signer.presign(method, url, headers=headers, body=body, timestamp=when)
        else:
            signed = signer.presign(method, url, lifetime, headers, body, timestamp=when)
    else:
        signed = signer.sign(method, url, headers, body, timestamp=when)
    sent = sorted(([n.lower(), v] for n, v in signed.header_list), key=lambda p: p[0])
    return {"method": signed.method, "url": signed.url, "headers": sent}


def _post_policy(case: Dict[str, Any]) -> Dict[str, Any]:
    """The `post_policy` operation, through ``Signer.presign_post``."""
    creds = case["credentials"]
    credentials = sigv4kit.Credentials(
        _string(creds, "access_key_id"),
        _string(creds, "secret_access_key"),
        creds.get("session_token"),
    )
    signer = sigv4kit.Signer(_string(case, "region"), "s3", credentials)
    post = signer.presign_post(
        _string(case, "bucket"),
        _string(case, "key"),
        fields=dict(case.get("fields", [])),
        conditions=case.get("conditions"),
        expires_in=case.get("expires_in", 3600),
        endpoint=case.get("endpoint"),
        timestamp=_string(case, "timestamp"),
    )
    return {"url": post["url"], "fields": [[n, v] for n, v in post["fields"].items()]}


class _Signed:
    """The two strings a diagnose case gives, as ``SignedRequest`` has them."""

    def __init__(self, canonical_request: str, string_to_sign: str) -> None:
        self.canonical_request = canonical_request
        self.string_to_sign = string_to_sign


def _diagnose(case: Dict[str, Any]) -> Dict[str, Any]:
    """A `diagnose` case through ``sigv4kit.debug.diagnose``."""
    from sigv4kit.debug import diagnose

    signed = _Signed(_string(case, "canonical_request"), _string(case, "string_to_sign"))
    d = diagnose(signed, _string(case, "body"))
    keys = ("finding", "part", "line", "expected", "signed", "error_code", "cause", "hint", "text")
    return {"diagnosis": {k: getattr(d, k) for k in keys}}


def _chunked(case: Dict[str, Any]) -> Dict[str, Any]:
    """A `chunked` case: ``Signer(region, service, credentials)`` and
    ``sign_chunked`` over the body, fed as an iterable of 10000-byte pieces;
    the result is the head as sent and the framed body."""
    creds = case.get("credentials")
    spec = case.get("chunked")
    req = case.get("request")
    if not isinstance(creds, dict) or not isinstance(spec, dict) or not isinstance(req, dict):
        raise BadCaseError("missing credentials, chunked or request")
    signer = sigv4kit.Signer(
        _string(case, "region"),
        _string(case, "service"),
        sigv4kit.Credentials(
            _string(creds, "access_key_id"),
            _string(creds, "secret_access_key"),
            creds.get("session_token"),
        ),
    )
    body = base64.b64decode(req.get("body_base64") or "", validate=True)
    pieces = (body[at : at + 10000] for at in range(0, len(body), 10000))
    upload = signer.sign_chunked(
        _string(req, "method"),
        _string(req, "target"),
        pieces,
        [(str(n), str(v)) for n, v in req.get("headers") or []],
        decoded_length=len(body),
        mode=str(spec.get("mode")),
        checksum=spec.get("checksum"),
        chunk_size=int(spec.get("chunk_size") or 0),
        timestamp=_string(case, "timestamp"),
    )
    framed = b"".join(upload.body)
    return {
        "signed_request": {
            "method": upload.method,
            "target": upload.signed.target,
            "headers": [[n, v] for n, v in upload.signed.header_list],
        },
        "body_base64": base64.b64encode(framed).decode(),
    }


def run_case(case: Any) -> Dict[str, Any]:
    """The result line for one parsed case."""
    if not isinstance(case, dict) or "id" not in case:
        return {"id": None, "error": {"code": "invalid_case", "message": "missing id"}}
    result: Dict[str, Any]
    try:
        op = case.get("op")
        if op == "verify":
            result = _verify(case)
        elif op == "post_policy":
            result = _post_policy(case)
        elif op == "defaults":
            result = _defaults(case)
        elif op == "diagnose":
            result = _diagnose(case)
        elif op == "chunked":
            result = _chunked(case)
        else:
            result = _sign(case)
    except BadCaseError as err:
        result = {"error": {"code": "invalid_case", "message": str(err)}}
    except sigv4kit.SigV4Error as err:
        result = {"error": {"code": err.code, "message": str(err)}}
    except (TypeError, OverflowError) as err:
        result = {"error": {"code": "invalid_case", "message": str(err)}}
    result["id"] = case["id"]
    return result
