"""A local HTTP server on 127.0.0.1 that checks SigV4 signatures with
botocore (an independent implementation), never with sigv4kit.

The query is decoded as API Gateway decodes it (a raw `+` is a space) and
the signature recomputed from the decoded values. Routes: any path answers
200 with JSON when the signature verifies and 403 otherwise;
`/redirect/<status>/<rest>` redirects to `/<rest>` on the same server (or to
the `other` server when `rest` starts with `other/`). Every request is
recorded so tests can look at what arrived.
"""

import hmac
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import unquote_plus

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials as BotoCredentials

KEYS = {"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "ASIATEMP": "temp-secret"}
TOKENS = {"ASIATEMP": "temp-session-token/with+special=chars"}


@dataclass
class Seen:
    method: str
    target: str
    headers: List[Tuple[str, str]]
    body: bytes
    verdict: str


@dataclass
class State:
    seen: List[Seen] = field(default_factory=list)
    other_base: str = ""


def verify(method: str, target: str, headers: List[Tuple[str, str]], body: bytes) -> str:
    """'ok', or why the signature does not verify."""
    lookup = {n.lower(): v for n, v in headers}
    auth = lookup.get("authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return "missing signature"
    fields = dict(
        part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 ") :].split(",")
    )
    akid, date, region, service, terminator = fields["Credential"].split("/")
    secret = KEYS.get(akid)
    if secret is None or terminator != "aws4_request":
        return "unknown key"
    if TOKENS.get(akid) != lookup.get("x-amz-security-token"):
        return "bad session token"
    signed_names = fields["SignedHeaders"].split(";")
    if "host" not in signed_names or "x-amz-date" not in signed_names:
        return "host and x-amz-date must be signed"
    path, _, query = target.partition("?")
    params = []
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            # As API Gateway does: a raw '+' is a space (unquote_plus), so a
            # client that sends one for a plus sign fails here as it would there.
            params.append((unquote_plus(key), unquote_plus(value)))
    request = AWSRequest(method=method, url=f"http://{lookup['host']}{path}", data=body)
    request.params = params
    request.headers = HTTPHeaders()
    for name, value in headers:
        if name.lower() in signed_names:
            request.headers[name] = value
    request.context["timestamp"] = lookup["x-amz-date"]
    if not lookup["x-amz-date"].startswith(date):
        return "date mismatch"
    creds = BotoCredentials(akid, secret, TOKENS.get(akid))
    signer_class = S3SigV4Auth if service == "s3" else SigV4Auth
    signer = signer_class(creds, service, region)
    canonical = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical), request)
    if not hmac.compare_digest(expected, fields["Signature"]):
        return "signature mismatch; botocore expected canonical request:\n" + canonical
    return "ok"


def make_handler(state: State) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read `state.seen`."""

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = self._read_chunked()
            else:
                body = self.rfile.read(length) if length else b""
            headers = list(self.headers.items())
            if self.path.startswith("/redirect/"):
                _, _, status, rest = self.path.split("/", 3)
                state.seen.append(Seen(self.command, self.path, headers, body, "redirect"))
                location = rest[len("other") :] if rest.startswith("other/") else "/" + rest
                if rest.startswith("other/"):
                    location = state.other_base + location
                self._reply(int(status), {"redirect": location}, location)
                return
            verdict = verify(self.command, self.path, headers, body)
            state.seen.append(Seen(self.command, self.path, headers, body, verdict))
            status = 200 if verdict == "ok" else 403
            self._reply(
                status,
                {
                    "message": verdict,
                    "method": self.command,
                    "path": self.path,
                    "body": body.decode("utf-8", "replace"),
                },
            )

        def _read_chunked(self) -> bytes:
            out = b""
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()

        def _reply(
            self, status: int, payload: Dict[str, object], location: Optional[str] = None
        ) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    return Handler


class Server:
    def __init__(self, host: str = "127.0.0.1", tls: Optional[ssl.SSLContext] = None) -> None:
        self.state = State()
        self.httpd = ThreadingHTTPServer((host, 0), make_handler(self.state))
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.base = f"{scheme}://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def seen(self) -> List[Seen]:
        return self.state.seen


def servers() -> Iterator[Tuple[Server, Server]]:
    """A main server and a second one on another port (another origin)."""
    with Server() as main, Server() as other:
        main.state.other_base = other.base
        yield main, other
