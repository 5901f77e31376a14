"""Volunteers, reviewers and editors, with one-time login links; stored in the instance folder.

No passwords: an editor creates a link holding a random token (256 bits). Only the token's
SHA-256 hash is stored; the token itself is shown once. A link logs in once and expires
after a week. Revoking a user invalidates their links and their open sessions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..errors import UsageError, WorkflowError
from ..fileio import ExclusiveLock, atomic_write_text
from ..i18n import N_, Phrase
from ..textrules import check_name
from .roles import ROLES

INSTANCE_ENV = "STATEMENTS_INSTANCE"
USERS_NAME = "users.json"
TOKEN_DAYS = 7
# Used, revoked and expired links are remembered this long after they expire, so that
# opening one says what happened to it.
TOKEN_MEMORY_DAYS = 60
_NAME = re.compile(r"^[^\x00-\x1f<>\"/\\]{1,60}$")


def default_instance() -> Path:
    """The instance folder: ``$STATEMENTS_INSTANCE`` or ``./instance``."""
    return Path(os.environ.get(INSTANCE_ENV) or "instance")


def hash_token(token: str) -> str:
    """The stored form of a login token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class User:
    """One person and what they may do."""

    name: str
    role: str
    langs: list[str] = field(default_factory=list)
    created: str = ""
    session_version: int = 1
    tokens: list[dict[str, str]] = field(default_factory=list)
    interface: str = ""  # the interface language the user chose ("" = not chosen)

    def can_edit(self, lang: str) -> bool:
        """Whether the user may change units of ``lang``."""
        return self.role == "editor" or lang in self.langs

    def can_approve(self, lang: str) -> bool:
        """Whether the user may approve units of ``lang``."""
        return self.role == "editor" or (self.role == "reviewer" and lang in self.langs)

    @property
    def is_editor(self) -> bool:
        """Editors may do everything."""
        return self.role == "editor"

    @property
    def open_tokens(self) -> list[dict[str, str]]:
        """The links that still log in (not used, revoked or expired)."""
        now = _now().isoformat()
        return [t for t in self.tokens if token_state(t, now) == "open"]

    @property
    def last_link(self) -> LinkStatus | None:
        """What became of the newest link made for this user."""
        if not self.tokens:
            return None
        newest = max(self.tokens, key=lambda t: t["created"])
        return link_status(self, newest)


@dataclass
class LinkStatus:
    """What a login link is now: ``open``, ``used``, ``revoked`` or ``expired``, and when."""

    user: User
    state: str
    when: str  # when it was used, revoked or expires/expired (ISO 8601, UTC)
    created: str


def token_state(stored: dict[str, str], now: str) -> str:
    """``used``, ``revoked``, ``expired`` or ``open``."""
    if stored.get("used"):
        return "used"
    if stored.get("revoked"):
        return "revoked"
    if stored["expires"] <= now:
        return "expired"
    return "open"


def link_status(user: User, stored: dict[str, str]) -> LinkStatus:
    """The status of one of ``user``'s stored links."""
    state = token_state(stored, _now().isoformat())
    when = stored.get(state, "") if state in ("used", "revoked") else stored["expires"]
    return LinkStatus(user, state, when, stored["created"])


class UserStore:
    """``users.json`` in the instance folder, read and written under a file lock."""

    def __init__(self, instance: Path) -> None:
        self.instance = Path(instance)
        self.path = self.instance / USERS_NAME

    def _lock(self) -> ExclusiveLock:
        """The lock for changing the file."""
        return ExclusiveLock(
            self.instance / ".users.lock",
            10,
            N_("the list of people is busy (another change holds it); try again"),
        )

    def _read(self) -> dict[str, User]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {item["name"]: User(**item) for item in data.get("users", [])}
        except (ValueError, TypeError, KeyError) as exc:
            raise WorkflowError(
                N_("%(path)s: broken user file (%(error)s)"),
                path=self.path,
                error=exc,
            ) from None

    def _write(self, users: dict[str, User]) -> None:
        self.instance.mkdir(parents=True, exist_ok=True)
        os.chmod(self.instance, 0o700)
        data = {"users": [asdict(user) for user in users.values()]}
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        os.chmod(self.path, 0o600)

    def all(self) -> list[User]:
        """Every user, by name."""
        return sorted(self._read().values(), key=lambda user: user.name.lower())

    def get(self, name: str) -> User | None:
        """One user, or None."""
        return self._read().get(name)

    def add(self, name: str, role: str, langs: list[str]) -> User:
        """Create a user (or update their role and languages)."""
        name = name.strip()
        check_name(name)
        if not _NAME.match(name):
            raise WorkflowError(
                N_('%(name)s is not a usable name (1-60 characters, no < > " / \\)'),
                name=repr(name),
            )
        if role not in ROLES:
            raise WorkflowError(
                N_("unknown role %(role)s: use translator, reviewer or editor"),
                role=repr(role),
            )
        from ..languages import check_codes

        langs = check_codes(langs)
        if role != "editor" and not langs:
            raise UsageError(
                "a %(role)s needs at least one language (--lang ar)",
                N_("a %(role)s needs at least one language: tick one"),
                role=Phrase(role),  # the role's name in the interface's language
            )
        self.instance.mkdir(parents=True, exist_ok=True)
        with self._lock():
            users = self._read()
            user = users.get(name) or User(
                name, role, langs, created=_now().isoformat(timespec="seconds")
            )
            user.role, user.langs = role, langs
            users[name] = user
            self._write(users)
        return user

    def issue_token(self, name: str) -> str:
        """A new one-time login token for ``name`` (stored hashed; shown only now)."""
        token = secrets.token_urlsafe(32)
        with self._lock():
            users = self._read()
            user = users.get(name)
            if user is None:
                raise WorkflowError(N_("no user %(name)s"), name=repr(name))
            now = _now()
            forget = (now - timedelta(days=TOKEN_MEMORY_DAYS)).isoformat()
            user.tokens = [t for t in user.tokens if t["expires"] > forget]
            user.tokens.append(
                {
                    "hash": hash_token(token),
                    "created": now.isoformat(timespec="seconds"),
                    "expires": (now + timedelta(days=TOKEN_DAYS)).isoformat(timespec="seconds"),
                }
            )
            self._write(users)
        return token

    def peek(self, token: str) -> User | None:
        """The user a valid token belongs to, without using it up."""
        status = self.lookup(token)
        return status.user if status is not None and status.state == "open" else None

    def lookup(self, token: str) -> LinkStatus | None:
        """What a token is (open, used, revoked, expired) and whose; None: not a link of ours."""
        digest = hash_token(token)
        for user in self._read().values():
            for stored in user.tokens:
                if secrets.compare_digest(stored["hash"], digest):
                    return link_status(user, stored)
        return None

    def redeem(self, token: str) -> User | None:
        """Use up a token: the user it logs in, or None if it is unknown, used or expired."""
        digest = hash_token(token)
        now = _now().isoformat()
        with self._lock():
            users = self._read()
            for user in users.values():
                for stored in user.tokens:
                    if (
                        secrets.compare_digest(stored["hash"], digest)
                        and token_state(stored, now) == "open"
                    ):
                        stored["used"] = _now().isoformat(timespec="seconds")
                        self._write(users)
                        return user
        return None

    def set_interface(self, name: str, code: str) -> None:
        """Remember the interface language ``name`` chose (a code the interface has)."""
        with self._lock():
            users = self._read()
            user = users.get(name)
            if user is None:
                raise WorkflowError(N_("no user %(name)s"), name=repr(name))
            user.interface = code
            self._write(users)

    def revoke(self, name: str) -> None:
        """Remove a user's links and end their sessions; the user stays for the history."""
        with self._lock():
            users = self._read()
            user = users.get(name)
            if user is None:
                raise WorkflowError(N_("no user %(name)s"), name=repr(name))
            moment = _now().isoformat(timespec="seconds")
            for stored in user.tokens:
                if token_state(stored, moment) == "open":
                    stored["revoked"] = moment
            user.session_version += 1
            self._write(users)

    def remove(self, name: str) -> None:
        """Delete a user altogether."""
        with self._lock():
            users = self._read()
            if users.pop(name, None) is None:
                raise WorkflowError(N_("no user %(name)s"), name=repr(name))
            self._write(users)


def secret_key(instance: Path) -> str:
    """The web UI's secret key, made once and kept in the instance folder (never in git).

    Created with O_EXCL so that server processes starting together agree on one key.
    """
    path = Path(instance) / "secret_key"
    Path(instance).mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
    for _ in range(100):
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        time.sleep(0.01)
    raise WorkflowError(N_("%(path)s is empty; delete it and start again"), path=path)
