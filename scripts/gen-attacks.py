#!/usr/bin/env python3
"""Writes testdata/cases/attacks.jsonl and attacks.expected.jsonl: requests
that every verifier must refuse, each with the code it must refuse with.

usage: python3 scripts/gen-attacks.py   (needs botocore==1.44.5)

The signed requests come from botocore, an independent signer, never from
sigv4kit; each attack then edits what botocore sent (or the verifier's
time, keys or settings) the way an attacker or a broken proxy would. The
expected outcome of every case is written by hand below, next to the case.
A few controls (`ok-*`) must verify: they show that a refusal is the
attack's doing, not a broken setup's.
"""
import base64
import datetime
import json
import os
import sys
from unittest import mock
from urllib.parse import urlsplit

import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "testdata", "cases")

SIGNED_AT = datetime.datetime(2024, 5, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)
NOW = "2024-05-01T10:00:00Z"
HOST = "abc123.execute-api.us-east-1.amazonaws.com"
KEY = {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
TEMP = {
    "access_key_id": "ASIAEXAMPLETEMP",
    "secret_access_key": "tempsecretKEYexample/0123456789abcdefghij",
    "session_token": "FwoGZXIvYXdzEXAMPLE-session-token//////////",
    "expiration": "2024-05-01T11:00:00Z",
}
API = {"region": "us-east-1", "service": "execute-api"}
UNSIGNED_TRAILER = {"X-Amz-Content-SHA256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "X-Amz-Decoded-Content-Length": "3",
                    "X-Amz-Trailer": "x-amz-checksum-crc32", "Content-Encoding": "aws-chunked"}


def botocore_sign(method, path, headers=(), body=b"", key=KEY, region="us-east-1",
                  service="execute-api", host=HOST, presign=None, unsigned_payload=False):
    """What botocore sends for this request: (method, target, headers)."""
    creds = Credentials(key["access_key_id"], key["secret_access_key"], key.get("session_token"))
    request = AWSRequest(method=method, url=f"https://{host}{path}", data=body, headers=dict(headers))
    if unsigned_payload:
        request.context["payload_signing_enabled"] = False
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=SIGNED_AT):
        if presign:
            SigV4QueryAuth(creds, service, region, expires=presign).add_auth(request)
        else:
            SigV4Auth(creds, service, region).add_auth(request)
    url = urlsplit(request.url)
    target = url.path + (f"?{url.query}" if url.query else "")
    sent = [["Host", host]] + [[n, v] for n, v in request.headers.items()]
    return method, target, sent


def case(cid, signed, expect, body=b"", now=NOW, keys=None, verify=None):
    method, target, headers = signed
    settings = {"double_encode_path": True, "normalize_path": True, "max_clock_skew": 300,
                "allow_unsigned_payload": None, **API, **(verify or {})}
    line = {
        "id": cid,
        "op": "verify",
        "request": {"method": method, "target": target, "headers": headers,
                    "body_base64": base64.b64encode(body).decode()},
        "now": now,
        "keys": keys if keys is not None else [KEY, TEMP],
        "verify": settings,
    }
    if expect.startswith("ok:"):
        location = expect[3:]
        want = {"id": cid, "verified": {"access_key_id": next(
            h for h in [KEY, TEMP] if h["access_key_id"] in json.dumps(headers) + target)["access_key_id"],
            "region": settings["region"], "service": settings["service"], "location": location}}
    else:
        want = {"id": cid, "error": {"code": expect}}
    return line, want


def edit_header(headers, name, fn):
    out = []
    for n, v in headers:
        if n.lower() == name.lower():
            v = fn(v)
            if v is None:
                continue
        out.append([n, v])
    return out


def main():
    body = b'{"action":"transfer","amount":1}'
    get = botocore_sign("GET", "/prod/secret")
    post = botocore_sign("POST", "/prod/items?b=2&a=1", {"Content-Type": "application/json", "X-Custom": "x"}, body)
    temp = botocore_sign("POST", "/prod/items", {"Content-Type": "application/json"}, body, key=TEMP)
    pre = botocore_sign("GET", "/prod/file?x=1", presign=60)
    pre_temp = botocore_sign("GET", "/prod/file", key=TEMP, presign=600)
    m, t, h = post
    cases = [
        # Controls.
        case("ok-header", get, "ok:headers"),
        case("ok-header-body", post, "ok:headers", body),
        case("ok-session-token", temp, "ok:headers", body),
        case("ok-presigned", pre, "ok:query"),
        case("ok-presigned-session-token", pre_temp, "ok:query"),
        # Tampered.
        case("tampered-body", post, "signature_mismatch", body.replace(b"1", b"9")),
        case("tampered-query", (m, "/prod/items?b=2&a=2", h), "signature_mismatch", body),
        case("tampered-method", ("PUT", t, h), "signature_mismatch", body),
        case("tampered-header-value", (m, t, edit_header(h, "X-Custom", lambda v: "y")), "signature_mismatch", body),
        case("tampered-host", (m, t, edit_header(h, "Host", lambda v: "evil.example.com")), "signature_mismatch", body),
        case("tampered-signature", (m, t, edit_header(h, "Authorization", lambda v: v[:-1] + ("0" if v[-1] != "0" else "1"))), "signature_mismatch", body),
        case("tampered-presigned-query", (pre[0], pre[1].replace("x=1", "x=2"), pre[2]), "signature_mismatch"),
        case("wrong-secret", post, "signature_mismatch", body, keys=[{**KEY, "secret_access_key": "another-secret"}]),
        # Replayed and expired.
        case("replayed-late", post, "signature_expired", body, now="2024-05-01T10:05:01Z"),
        case("replayed-early", post, "signature_expired", body, now="2024-05-01T09:54:59Z"),
        case("presigned-expired", pre, "presigned_url_expired", now="2024-05-01T10:01:01Z"),
        case("expired-credentials", temp, "expired_credentials", body, keys=[KEY, {**TEMP, "expiration": "2024-05-01T09:59:59Z"}]),
        case("expired-credentials-presigned", pre_temp, "expired_credentials", keys=[KEY, {**TEMP, "expiration": "2024-05-01T10:00:00Z"}]),
        case("forged-session-token", (temp[0], temp[1], edit_header(temp[2], "X-Amz-Security-Token", lambda v: v + "x")), "invalid_session_token", body),
        case("dropped-session-token", (temp[0], temp[1], edit_header(temp[2], "X-Amz-Security-Token", lambda v: None)), "invalid_session_token", body),
        case("unknown-access-key", post, "unknown_access_key", body, keys=[TEMP]),
        case("wrong-region", botocore_sign("GET", "/prod/secret", region="eu-west-1"), "wrong_scope"),
        case("wrong-service", botocore_sign("GET", "/prod/secret", service="lambda"), "wrong_scope"),
        # Re-pathed: a signature over one resource presented for another.
        # The signer normalized the path, and so does the verifier: the same
        # resource, so the same signature (a policy must use this path too).
        case("ok-dot-segments-normalized", (get[0], "/prod/public/../secret", get[2]), "ok:headers"),
        case("repath-to-other", (get[0], "/prod/secret/../other", get[2]), "signature_mismatch"),
        case("repath-encoded-dots", (get[0], "/prod/%2E%2E/secret", get[2]), "signature_mismatch"),
        case("repath-encoded-dot", (get[0], "/prod/%2E/secret", get[2]), "signature_mismatch"),
        case("repath-double-slash-s3", (get[0], "/prod//secret", get[2]), "signature_mismatch",
             verify={"double_encode_path": False, "normalize_path": False}),
        # Re-headed.
        case("host-dropped", (m, t, edit_header(h, "Host", lambda v: None)), "missing_signed_header", body),
        case("host-doubled", (m, t, h + [["Host", "evil.example.com"]]), "invalid_request", body),
        case("signed-headers-host-removed", (m, t, edit_header(h, "Authorization", lambda v: v.replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;"))), "unsigned_header", body),
        case("signed-headers-ghost", (m, t, edit_header(h, "Authorization", lambda v: v.replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;ghost;host;"))), "missing_signed_header", body),
        case("signed-headers-shortened", (m, t, edit_header(h, "Authorization", lambda v: v.replace("SignedHeaders=content-type;host;x-amz-date;x-custom", "SignedHeaders=host;x-amz-date"))), "signature_mismatch", body),
        case("signed-header-dropped", (m, t, edit_header(h, "X-Custom", lambda v: None)), "missing_signed_header", body),
        case("too-many-signed-headers", botocore_sign("GET", "/prod/secret", {f"X-H{i:03}": "v" for i in range(300)}), "too_many_signed_headers"),
        # Downgraded.
        case("unsigned-payload-execute-api", botocore_sign("POST", "/prod/items", {}, body, unsigned_payload=True), "unsigned_payload_not_allowed", body),
        case("unsigned-payload-sts", botocore_sign("POST", "/", {}, b"Action=GetCallerIdentity", service="sts", host="sts.amazonaws.com", unsigned_payload=True),
             "unsigned_payload_not_allowed", b"Action=GetCallerIdentity", verify={"service": "sts"}),
        case("ok-unsigned-payload-s3", botocore_sign("PUT", "/bucket/key", {}, body, service="s3", host="bucket.s3.amazonaws.com", unsigned_payload=True),
             "ok:headers", body, verify={"service": "s3", "double_encode_path": False, "normalize_path": False}),
        # Chunked uploads: the head signed by botocore, the body forged. A
        # zero chunk with a made-up signature, a trailer checksum that is not
        # the data's, the unsigned form outside S3, and SigV4a's ECDSA form
        # (not checked, so refused by name).
        case("streaming-payload", botocore_sign("PUT", "/prod/items", {"X-Amz-Content-SHA256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "X-Amz-Decoded-Content-Length": "0"}, body),
             "chunk_signature_mismatch", b"0;chunk-signature=" + b"0" * 64 + b"\r\n\r\n"),
        case("streaming-payload-s3", botocore_sign("PUT", "/bucket/key", UNSIGNED_TRAILER, body, service="s3", host="bucket.s3.amazonaws.com"),
             "checksum_mismatch", b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", verify={"service": "s3", "double_encode_path": False, "normalize_path": False}),
        case("ok-streaming-unsigned-trailer-s3", botocore_sign("PUT", "/bucket/key", UNSIGNED_TRAILER, body, service="s3", host="bucket.s3.amazonaws.com"),
             "ok:headers", b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n", verify={"service": "s3", "double_encode_path": False, "normalize_path": False}),
        case("streaming-unsigned-trailer-execute-api", botocore_sign("PUT", "/prod/items", UNSIGNED_TRAILER, body),
             "unsigned_payload_not_allowed", b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n"),
        case("streaming-payload-truncated-s3", botocore_sign("PUT", "/bucket/key", UNSIGNED_TRAILER, body, service="s3", host="bucket.s3.amazonaws.com"),
             "truncated_stream", b"3\r\nabc\r\n", verify={"service": "s3", "double_encode_path": False, "normalize_path": False}),
        case("streaming-ecdsa-s3", botocore_sign("PUT", "/bucket/key", {"X-Amz-Content-SHA256": "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "X-Amz-Decoded-Content-Length": "0"}, body, service="s3", host="bucket.s3.amazonaws.com"),
             "streaming_payload_unsupported", b"0;chunk-signature=" + b"0" * 64 + b"\r\n\r\n", verify={"service": "s3", "double_encode_path": False, "normalize_path": False}),
        # Duplicated.
        case("authorization-twice", (m, t, h + [[n, v] for n, v in h if n == "Authorization"]), "duplicate_auth_parameter", body),
        case("x-amz-date-twice", (m, t, h + [["X-Amz-Date", "20240501T100001Z"]]), "duplicate_auth_parameter", body),
        case("security-token-header-twice", (temp[0], temp[1], temp[2] + [["X-Amz-Security-Token", TEMP["session_token"]]]), "duplicate_auth_parameter", body),
        case("header-and-query-auth", (pre[0], pre[1], pre[2] + [[n, v] for n, v in get[2] if n == "Authorization"]), "duplicate_auth_parameter"),
    ]
    for param in ["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Algorithm", "X-Amz-Expires"]:
        piece = next(p for p in pre[1].split("?", 1)[1].split("&") if p.startswith(param + "="))
        cases.append(case(f"query-{param.lower()}-twice", (pre[0], pre[1] + "&" + piece, pre[2]), "duplicate_auth_parameter"))
    piece = next(p for p in pre_temp[1].split("?", 1)[1].split("&") if p.startswith("X-Amz-Security-Token="))
    cases.append(case("query-x-amz-security-token-twice", (pre_temp[0], pre_temp[1] + "&" + piece, pre_temp[2]), "duplicate_auth_parameter"))
    cases += [
        # Invalid percent sequences: refused before any signature is checked.
        case("percent-invalid-query", (get[0], "/prod/secret?a=%zz", get[2]), "invalid_request"),
        case("percent-truncated-query", (get[0], "/prod/secret?a=100%", get[2]), "invalid_request"),
        case("percent-invalid-signed", botocore_sign("GET", "/prod/secret?a=%zz"), "invalid_request"),
        # Not signed, or not readable.
        case("no-authentication", (m, t, edit_header(h, "Authorization", lambda v: None)), "missing_authentication", body),
        case("malformed-credential", (m, t, edit_header(h, "Authorization", lambda v: v.replace("/aws4_request", "/aws5_request"))), "malformed_signature", body),
        case("malformed-algorithm", (m, t, edit_header(h, "Authorization", lambda v: v.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"))), "malformed_signature", body),
    ]
    with open(os.path.join(OUT, "attacks.jsonl"), "w", encoding="utf-8") as f:
        for line, _ in cases:
            f.write(json.dumps(line, sort_keys=True) + "\n")
    with open(os.path.join(OUT, "attacks.expected.jsonl"), "w", encoding="utf-8") as f:
        for _, want in cases:
            f.write(json.dumps(want, sort_keys=True) + "\n")
    print(f"{len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
