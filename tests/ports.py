"""Local TCP ports for the tests that start Prefect servers or point at a dead one."""

from __future__ import annotations

import socket
import time


def free_port() -> int:
    """A port nothing listens on now (the system's choice; closed again at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    """Whether something accepts connections on ``port`` of this machine."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def gone(port: int, seconds: float = 30) -> bool:
    """Wait up to ``seconds`` for ``port`` to stop listening; whether it did."""
    deadline = time.monotonic() + seconds
    while listening(port) and time.monotonic() < deadline:
        time.sleep(0.5)
    return not listening(port)
