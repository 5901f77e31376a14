"""The address people reach the review UI at, for every link the tool makes.

Login links go to volunteers' phones, so they must not name ``127.0.0.1`` (the phone
itself) nor trust a request's ``Host`` header (anyone can send one). The address comes
from, in order: ``$STATEMENTS_BASE_URL``, ``base_url`` in ``translations/workflow.toml``,
the address the server was started on (``0.0.0.0`` is replaced by this machine's LAN
address) and finally ``http://127.0.0.1:5000``.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..config import load_config
from ..errors import WorkflowError
from ..fileio import atomic_write_text
from ..i18n import N_

BASE_URL_ENV = "STATEMENTS_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
_ANY = {"0.0.0.0", "::", "[::]"}
LISTEN_NAME = "server-url"


def lan_address() -> str | None:
    """This machine's address on the local network, or None when it has none.

    Connecting a UDP socket only chooses the route; no packet is sent.
    """
    for probe in ("10.255.255.255", "192.168.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = str(sock.getsockname()[0])
        except OSError:
            continue
        if not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":
            return address
    try:
        candidates = socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        return None
    for address in candidates:
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return None


def listen_url(host: str, port: int) -> str:
    """The address a server bound to ``host:port`` is reached at from other machines."""
    if host in _ANY:
        host = lan_address() or "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def check_base_url(value: str) -> str:
    """A usable base URL (http or https, a host, no query), without the trailing slash."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise WorkflowError(
            N_(
                "base_url %(value)s is not an address like http://192.168.1.20:5000 or "
                "https://statements.example.org"
            ),
            value=repr(value),
        )
    host = parts.netloc.split("@")[-1]
    if parts.hostname in _ANY:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return listen_url(parts.hostname, port)
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def base_url(root: Path | None, fallback: str | None = None) -> str:
    """Where the review UI is reached: the environment, workflow.toml, then ``fallback``."""
    configured = os.environ.get(BASE_URL_ENV) or (
        load_config(root).base_url if root is not None else ""
    )
    return check_base_url(configured or fallback or DEFAULT_BASE_URL)


def is_local(url: str) -> bool:
    """Whether ``url`` only works on this machine (a phone could not open it)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def record_listen_url(instance: Path, url: str) -> None:
    """Remember where ``statements serve`` listens, for links made from the command line."""
    Path(instance).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(instance) / LISTEN_NAME, url + "\n")


def recorded_listen_url(instance: Path) -> str | None:
    """The address the review UI was last started on, if it was."""
    path = Path(instance) / LISTEN_NAME
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
