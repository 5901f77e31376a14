"""A ``requests`` stand-in for deep-translator: timeouts, pooled connections, last response.

deep-translator calls ``requests.get``/``requests.post`` without a timeout (a hung server
hangs the run; ``socket.setdefaulttimeout`` does not help) and opens a new connection for
every call. Its translator modules are handed this object instead of the ``requests``
module: every call goes through a per-thread :class:`requests.Session` with a default
timeout, and the last response of each thread is kept so that a failure can be classified
(429 with Retry-After, 5xx, garbage) even where deep-translator hides the status code.
"""

from __future__ import annotations

import threading
from types import ModuleType
from typing import Any

import requests

DEFAULT_TIMEOUT = (5.0, 30.0)


class RequestsShim:
    """Looks like the ``requests`` module to deep-translator, with the fixes above."""

    def __init__(self, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        # exceptions, utils, codes...: whatever else the modules use comes from requests.
        return getattr(requests, name)

    def session(self) -> requests.Session:
        """This thread's session (connections are reused between calls)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = "statement-workflow (deep-translator)"
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send a request with the default timeout; remember the response for this thread."""
        kwargs.setdefault("timeout", getattr(self._local, "timeout", None) or self.timeout)
        self._local.last = None
        response = self.session().request(method, url, **kwargs)
        self._local.last = response
        return response

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        """``requests.get`` with a timeout."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        """``requests.post`` with a timeout."""
        return self.request("POST", url, **kwargs)

    def last_response(self) -> requests.Response | None:
        """The last response this thread received (None after a connection failure)."""
        return getattr(self._local, "last", None)

    def set_timeout(self, timeout: tuple[float, float]) -> None:
        """The timeout for this thread's next calls."""
        self._local.timeout = timeout

    def close(self) -> None:
        """Close every session opened so far."""
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()


SHIM = RequestsShim()


def install(modules: list[ModuleType]) -> None:
    """Hand each deep-translator module the shim in place of ``requests``."""
    for module in modules:
        if getattr(module, "requests", None) is not SHIM:
            module.requests = SHIM  # type: ignore[attr-defined]
