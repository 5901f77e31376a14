"""A loopback server that speaks the LibreTranslate API, with latency and injected faults.

Tests and benchmarks start it on 127.0.0.1 (port 0) and point the real deep-translator
code at it. Its "translation" is deterministic: Latin letters become Arabic letters for
``ar`` and ``ckb`` (digits, punctuation and placeholders kept), and Kurmanji gets a marked
Latin text, so results pass the script checks and never equal the source.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LANGUAGES = [
    {"code": "en", "name": "English"},
    {"code": "ar", "name": "Arabic"},
    {"code": "ckb", "name": "Central Kurdish"},
    {"code": "kmr", "name": "Kurmanji"},
]
_ARABIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنه", strict=False))
_ARABIC.update({"x": "ي", "y": "ى", "z": "ة"})
FAULTS = ("429", "500", "garbage", "hang", "drop")


def fake_translate(text: str, target: str) -> str:
    """The server's deterministic 'translation' of ``text`` into ``target``."""
    if target in ("ar", "ckb"):
        out = "".join(_ARABIC.get(ch.lower(), ch) for ch in text)
        return out + (" ڕ" if target == "ckb" else "")
    return "KU " + text.replace("e", "ê").replace("c", "ç")


class LibreServer:
    """Start with ``with LibreServer() as server: server.url``."""

    def __init__(
        self,
        latency: float = 0.0,
        fault_rate: float = 0.0,
        faults: tuple[str, ...] = ("429", "500", "garbage"),
        hang_seconds: float = 5.0,
        retry_after: str | None = "0",
        seed: int = 1,
        languages: list[dict[str, str]] | None = None,
    ) -> None:
        self.latency = latency
        self.fault_rate = fault_rate
        self.faults = faults
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.random = random.Random(seed)
        self.languages = languages or LANGUAGES
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.texts: Counter[str] = Counter()
        self.script: list[str] = []  # faults to serve first, in order, before random ones
        self.seen_params: list[dict[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The server's base address, e.g. ``http://127.0.0.1:41234/``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def translate_requests(self) -> int:
        """How many POST /translate requests arrived."""
        return self.counts["translate"]

    def __enter__(self) -> LibreServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self) -> str | None:
        with self.lock:
            if self.script:
                return self.script.pop(0) or None
            if self.fault_rate and self.random.random() < self.fault_rate:
                return self.random.choice(self.faults)
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as one segment: with Nagle's algorithm and delayed
            # ACKs a kept-alive connection would wait ~40 ms for every answer.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                return

            def _send(
                self, status: int, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_HEAD(self) -> None:
                self._send(200, b"")

            def do_GET(self) -> None:
                if urlparse(self.path).path == "/languages":
                    with server.lock:
                        server.counts["languages"] += 1
                    self._send(200, json.dumps(server.languages).encode())
                else:
                    self._send(404, b'{"error": "Not Found"}')

            def do_POST(self) -> None:
                parsed = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                params = {key: values[0] for key, values in parse_qs(parsed.query).items()}
                if parsed.path != "/translate":
                    self._send(404, b'{"error": "Not Found"}')
                    return
                with server.lock:
                    server.counts["translate"] += 1
                    server.seen_params.append(params)
                if server.latency:
                    time.sleep(server.latency)
                fault = server._next_fault()
                if fault == "429":
                    headers = (
                        {"Retry-After": server.retry_after}
                        if server.retry_after is not None
                        else {}
                    )
                    self._send(429, b'{"error": "Slowdown"}', headers)
                    return
                if fault == "500":
                    self._send(500, b'{"error": "Internal"}')
                    return
                if fault == "garbage":
                    self._send(200, b"<html>upstream proxy error</html>")
                    return
                if fault == "hang":
                    time.sleep(server.hang_seconds)
                    self.close_connection = True
                    return
                if fault == "drop":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                text = params.get("q", "")
                with server.lock:
                    server.texts[text] += 1
                body = {"translatedText": fake_translate(text, params.get("target", ""))}
                self._send(200, json.dumps(body, ensure_ascii=False).encode())

        return Handler
