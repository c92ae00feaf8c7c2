"""Local receivers for the alert tests: an SMTP sink and an HTTP (webhook) receiver on 127.0.0.1.

Both run in a thread of the test process, on a free port, and keep what they received; a task that runs in
another process (``airflow dags test``) reaches them through a Connection. No mail leaves the machine.
The SMTP sink speaks just enough SMTP for ``smtplib`` (aiosmtpd is not installed; ``smtpd`` is deprecated).
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer


@dataclass
class Received:
    """What a receiver got: one entry per e-mail (the raw message) or webhook call (the body)."""

    port: int
    messages: list[str] = field(default_factory=list)


class _SmtpHandler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode("ascii"))
        self.wfile.flush()

    def handle(self) -> None:
        self._reply("220 sink ESMTP")
        while raw := self.rfile.readline():
            command = raw.decode("utf-8", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 sink")
            elif command.startswith(("MAIL FROM", "RCPT TO", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)  # dot-unstuffing
                self.server.received.messages.append(b"".join(lines).decode("utf-8", "replace"))  # type: ignore[attr-defined]
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


@contextmanager
def _serving(server: socketserver.BaseServer) -> Iterator[None]:
    """Serve in a daemon thread until the block ends, then stop and close the socket."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def smtp_sink() -> Iterator[Received]:
    """An SMTP server on 127.0.0.1 that keeps every message it is given."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    received = Received(server.server_address[1])
    server.received = received  # type: ignore[attr-defined]
    with _serving(server):
        yield received


@contextmanager
def http_receiver() -> Iterator[Received]:
    """An HTTP server on 127.0.0.1 that keeps the body of every POST and answers 204."""
    received = Received(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            received.messages.append(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    received.port = server.server_port
    with _serving(server):
        yield received
