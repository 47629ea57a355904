"""The conftest guard: a test's socket may reach loopback only."""

import socket

import pytest


def test_a_connection_off_the_machine_is_refused_before_it_is_made() -> None:
    # 192.0.2.1 is TEST-NET-1: never routed, and never tried here either.
    with pytest.raises(OSError, match="test guard"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with server, socket.create_connection(server.getsockname(), timeout=5):
        conn, _ = server.accept()
        conn.close()
