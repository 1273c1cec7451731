"""The served stack (gunicorn.conf.py's worker) answers as the Flask test client does, and logs the app's lines."""

import re
import socket

import pytest

from components.web.http.security import ERROR_PAGE_HEADERS, MAX_BODY_BYTES
from tests.unit.test_security import TRAVERSALS

pytestmark = pytest.mark.integration


def raw(port: int, data: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes on a fresh connection and read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def head(answer: bytes) -> tuple[int, dict[str, str]]:
    lines = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    return int(lines[0].split()[1]), {n.lower(): v.strip() for n, v in (line.split(":", 1) for line in lines[1:])}


def get(port: int, target: str) -> bytes:
    return raw(port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())


def test_the_served_stack_keeps_every_http_guarantee(start_gunicorn):
    """One server: gunicorn's own error pages carry the headers, traversal is 404, big bodies 413, the app's INFO lines are logged."""
    server = start_gunicorn()
    port = server.port
    for request, status in [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400),
    ]:
        code, headers = head(raw(port, request))
        assert code == status
        for name, value in ERROR_PAGE_HEADERS.items():
            assert headers[name.lower()] == value, (status, name)
    for path in TRAVERSALS:
        answer = get(port, path)
        code, _ = head(answer)
        assert 400 <= code < 500, (path, code)
        assert b"create_app" not in answer and b"root:" not in answer, path
    big = f"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n"
    assert head(raw(port, big.encode()))[0] == 413
    code, headers = head(get(port, "/"))
    assert code == 200 and "default-src 'self'" in headers["content-security-policy"]
    log = server.log_text()
    # dashboard.* loggers reach gunicorn's error log, formatted, INFO included
    assert re.search(r"\[\d+\] \[INFO\] serving \d+ facts, data version \w+", log), log[-2000:]
    assert "Traceback" not in log
