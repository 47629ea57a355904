"""A minimal forward proxy on 127.0.0.1 for the RequestSigner proxy tests:
CONNECT tunnels (https) and absolute-form requests (plain http), relayed
byte for byte. It records each request head it receives."""

import select
import socket
import socketserver
import threading
from typing import List, Tuple


class _Handler(socketserver.BaseRequestHandler):
    server: "Proxy.Server"

    def handle(self) -> None:
        client: socket.socket = self.request
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                return
            head += chunk
        head, rest = head.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        self.server.heads.append(lines)
        method, target, version = lines[0].split(" ")
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=10)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            first = rest
        else:
            # http://host:port/path -> /path, sent to host:port.
            authority, _, path = target.split("://", 1)[1].partition("/")
            host, port = authority.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=10)
            kept = [h for h in lines[1:] if not h.lower().startswith("proxy-")]
            first = "\r\n".join([f"{method} /{path} {version}", *kept]).encode("latin-1")
            first += b"\r\n\r\n" + rest
        with upstream:
            upstream.sendall(first)
            self._relay(client, upstream)

    @staticmethod
    def _relay(a: socket.socket, b: socket.socket) -> None:
        sockets = [a, b]
        while True:
            readable, _, _ = select.select(sockets, [], [], 10)
            if not readable:
                return
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)


class Proxy:
    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True
        heads: List[List[str]]

    def __init__(self) -> None:
        self.httpd = Proxy.Server(("127.0.0.1", 0), _Handler)
        self.httpd.heads = []
        self.address: Tuple[str, int] = self.httpd.server_address[:2]  # type: ignore[assignment]
        self.url = f"http://127.0.0.1:{self.address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def heads(self) -> List[List[str]]:
        return self.httpd.heads

    def __enter__(self) -> "Proxy":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
