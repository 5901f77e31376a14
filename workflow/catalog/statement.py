"""A statement on disk: its folder, source, template, catalogs and metadata.

``translations/<slug>/`` holds ``source.md`` or ``source.txt`` (as written, byte for byte),
``<slug>.pot``, one ``<lang>.po`` per language and ``statement.toml`` (title, languages,
dates, blocks not for translation).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from .. import derived
from ..errors import UsageError, WorkflowError
from ..filecache import Key, cached_by_files, cached_by_identity
from ..fileio import (
    ExclusiveLock,
    atomic_write_bytes,
    atomic_write_text,
    decode_source,
    new_name,
)
from ..i18n import N_, LanguageCode
from ..languages import check_codes
from .entries import (
    language_header,
    now,
    po_date,
    recorded_digest,
    recorded_language,
    recorded_split,
    source_digest,
    split_digest,
    template,
    unit_entries,
)
from .pofile import entries_text, read_catalog, write_catalog
from .unit import Unit, unit_id
from .unitstates import EntryState, read_states, units_of

if TYPE_CHECKING:
    from .merge import MergeReport
    from .segment import Document

# Splitting (markdown-it) and merging (rapidfuzz) are imported by the functions that do them:
# reading a statement's catalogs (status, review pages) needs neither.

META_NAME = "statement.toml"
_CATALOG_CACHE: dict[str, tuple[Key, polib.POFile]] = {}
_META_CACHE: dict[str, tuple[Key, Meta]] = {}
_INDEX_CACHE: dict[str, tuple[Key, dict[str, str]]] = {}
_STATES_CACHE: dict[str, tuple[Key, list[EntryState]]] = {}
_CONSISTENCY: dict[str, tuple[tuple[Key | None, ...], list[str]]] = {}
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
LOCK_TIMEOUT = 30.0


class CatalogLock(ExclusiveLock):
    """The lock that serialises the writers of one file of a statement (a catalog, the
    notes), across threads and processes."""

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT) -> None:
        super().__init__(
            path, timeout, N_("the catalog is busy (another save or update holds it); try again")
        )


def _other_language(recorded: str, lang: str, ours: list[str]) -> str | None:
    """The other language of ``ours`` that a catalog of ``lang`` says it holds (its header's
    ``Language``, ``recorded``), or None: the same code (``ckb_IQ`` in ``ckb``), a variant of
    it, or a language the statement does not have."""

    def norm(code: str) -> str:
        return code.strip().replace("-", "_").lower()

    def base(code: str) -> str:
        return norm(code).split("_")[0]

    if not norm(recorded) or norm(recorded) == norm(lang):
        return None
    for other in ours:
        if norm(other) == norm(recorded) and norm(other) != norm(lang):
            return other
    if base(recorded) == base(lang):
        return None
    return next((other for other in ours if base(other) == base(recorded)), None)


def check_slug(slug: str) -> str:
    """Refuse slugs that are unsafe as folder names or in URLs."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise WorkflowError(
            N_(
                "%(slug)s is not a valid slug: use lowercase letters, digits and hyphens "
                "(at most 80), e.g. gaza-ceasefire-2023"
            ),
            slug=repr(slug),
        )
    return slug


def slugify(text: str, limit: int = 60) -> str:
    """A slug from a title: ASCII letters and digits joined by hyphens ('' if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def source_format(name: str) -> str:
    """``md`` for Markdown file names, ``txt`` for everything else."""
    return "md" if Path(name).suffix.lower() in (".md", ".markdown", ".mdown") else "txt"


@dataclass
class Meta:
    """The small metadata file of a statement."""

    slug: str
    title: str
    source_language: str
    languages: list[str]
    format: str
    skip: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    # The blocks in ``skip`` are kept in every output, in the source language and marked as
    # such; ``omit_skipped = true`` leaves them out of every output instead.
    omit_skipped: bool = False

    @property
    def source_name(self) -> str:
        """The file name of the source inside the statement folder."""
        return f"source.{self.format}"

    def to_toml(self) -> str:
        """The metadata as TOML text."""
        data: dict[str, object] = {
            "title": self.title,
            "source_language": self.source_language,
            "languages": self.languages,
            "format": self.format,
            "skip": self.skip,
            "created": self.created,
            "updated": self.updated,
        }
        if self.omit_skipped:
            data["omit_skipped"] = True
        import tomli_w  # only to write: most commands read the metadata only

        return tomli_w.dumps(data)

    @classmethod
    def from_toml(cls, slug: str, path: Path) -> Meta:
        """Read and check a statement's metadata file (parsed again only when it changes)."""
        meta = cached_by_identity(_META_CACHE, path, lambda file: cls._parse(slug, file))
        return replace(meta, languages=list(meta.languages), skip=list(meta.skip))

    @classmethod
    def _parse(cls, slug: str, path: Path) -> Meta:
        import tomllib  # not for `new`, which writes the file

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            return cls(
                slug=slug,
                title=str(data.get("title", slug)),
                source_language=str(data["source_language"]),
                languages=check_codes([str(code) for code in data["languages"]]),
                format=str(data.get("format", "txt")),
                skip=[str(item) for item in data.get("skip", [])],
                created=str(data.get("created", "")),
                updated=str(data.get("updated", "")),
                omit_skipped=bool(data.get("omit_skipped", False)),
            )
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
            raise WorkflowError(
                N_("%(path)s: broken metadata (%(error)s)"),
                path=path,
                error=exc,
            ) from None


class Statement:
    """One statement folder under the translations root."""

    def __init__(self, root: Path, meta: Meta) -> None:
        self.root = Path(root)
        self.meta = meta
        # (the source's mtime, its split, the split's key when it is split from the source
        # as it is on disk with this statement's settings)
        self._document: tuple[float, Document, str | None] | None = None

    @property
    def slug(self) -> str:
        """The statement's slug (its folder name)."""
        return self.meta.slug

    @functools.cached_property
    def dir(self) -> Path:
        """The statement's folder (its slug never changes)."""
        return self.root / self.slug

    @property
    def source_path(self) -> Path:
        """The source file, as the editor wrote it."""
        return self.dir / self.meta.source_name

    @property
    def pot_path(self) -> Path:
        """The POT template."""
        return self.dir / f"{self.slug}.pot"

    def po_path(self, lang: str) -> Path:
        """The catalog of one language."""
        return self.dir / f"{lang}.po"

    def check_language(self, lang: str) -> str:
        """Refuse a language this statement is not translated into."""
        if lang not in self.meta.languages:
            known = ", ".join(self.meta.languages)
            raise WorkflowError(
                N_("%(slug)s is not translated into %(language)s (it has %(known)s)"),
                slug=self.slug,
                language=repr(lang),
                known=known,
            )
        return lang

    def lock(self, lang: str) -> CatalogLock:
        """The lock that serialises writers of one language's catalog (across processes)."""
        return CatalogLock(self.dir / f".{lang}.po.lock")

    def lock_all(self) -> ExitStack:
        """Every language's catalog lock, held until the stack closes (``with``); taken in
        one order, so that two writers of the whole statement cannot wait on each other."""
        locks = ExitStack()
        try:
            for lang in sorted(self.meta.languages):
                locks.enter_context(self.lock(lang))
        except BaseException:
            locks.close()
            raise
        return locks

    @classmethod
    def load(cls, root: Path, slug: str) -> Statement:
        """Open an existing statement, with a one-line error if it is not there."""
        check_slug(slug)
        path = Path(root) / slug / META_NAME
        if not path.is_file():
            raise WorkflowError(
                N_("no statement %(slug)s under %(root)s"),
                slug=repr(slug),
                root=root,
            )
        return cls(root, Meta.from_toml(slug, path))

    def source_bytes(self) -> bytes:
        """The source file's bytes (a missing one is a :class:`WorkflowError` that says why)."""
        try:
            return self.source_path.read_bytes()
        except FileNotFoundError:
            raise self._no_source() from None

    def source_text(self) -> str:
        """The source as text."""
        return decode_source(self.source_bytes(), str(self.source_path))

    def _no_source(self) -> WorkflowError:
        others = sorted(p.name for p in self.dir.glob("source.*") if p.suffix in (".md", ".txt"))
        if others:
            return WorkflowError(
                N_(
                    "%(slug)s: statement.toml says format = %(format)s, but the source is "
                    "%(file)s; set the format back to %(found)s"
                ),
                slug=self.slug,
                format=repr(self.meta.format),
                file=others[0],
                found=repr(others[0].rsplit(".", 1)[1]),
            )
        return WorkflowError(
            N_("%(slug)s has no source file (%(file)s is missing)"),
            slug=self.slug,
            file=self.meta.source_name,
        )

    def document(self) -> Document:
        """The source split into units (cached until the source file changes)."""
        try:
            mtime = self.source_path.stat().st_mtime
        except FileNotFoundError:
            raise self._no_source() from None
        if self._document is None or self._document[0] != mtime:
            text = self.source_text()
            key = self._document_key(text)
            self._document = (mtime, self._split(text, key), key)
        return self._document[1]

    def document_key(self, document: Document) -> str | None:
        """A digest of everything ``document``, this statement's :meth:`document` as last
        read, is made from (the source, the statement's format and blocks to skip, the code):
        the key of values worked out from it alone. None for any other document, and for a
        split made otherwise (by ``new`` with other blocks to skip)."""
        found = self._document
        return found[2] if found is not None and found[1] is document else None

    def _split(self, text: str, key: str) -> Document:
        """:func:`~.segment.split` of ``text``, kept on disk under ``key`` until the source or
        the code changes when the statement is long (:mod:`workflow.derived`)."""
        from .segment import Document, split

        fmt, skip = self.meta.format, self.meta.skip
        if len(text) < derived.KEEP_FROM:
            derived.forget(self.root, self.slug, "document")
            return split(text, fmt, skip)
        return derived.remembered(
            self.root,
            self.slug,
            "document",
            key,
            lambda: split(text, fmt, skip),
            lambda document: document.to_json(text),
            lambda data: Document.from_json(data, text),
        )

    def _document_key(self, text: str) -> str:
        return derived.derived_key(
            derived.CODE, self.meta.format, json.dumps(sorted(self.meta.skip)), text
        )

    def _keep_document(self, text: str, document: Document) -> None:
        """Take ``document``, the split of the source ``text`` just written, as this
        statement's, and keep it for the next command."""
        key = self._document_key(text)
        self._document = (self.source_path.stat().st_mtime, document, key)
        if len(text) < derived.KEEP_FROM:
            derived.forget(self.root, self.slug, "document")
            return
        derived.keep(self.root, self.slug, "document", key, document.to_json(text))

    def catalog(self, lang: str) -> polib.POFile:
        """Read one language's catalog (a fresh copy the caller may change and save)."""
        return read_catalog(self.po_path(self.check_language(lang)))

    def unit_index(self) -> dict[str, str]:
        """Unit id → source text, from the template (it changes only when the source does)."""
        return cached_by_identity(_INDEX_CACHE, self.pot_path, self._read_index)

    def _read_index(self, path: Path) -> dict[str, str]:
        """:meth:`unit_index` read from the template at ``path``; for a long statement,
        kept on disk until the template's bytes change (:mod:`workflow.derived`)."""

        def read() -> dict[str, str]:
            return {unit_id(entry.msgid): entry.msgid for entry in read_catalog(path)}

        def decode(value: Any) -> dict[str, str]:
            if isinstance(value, dict):  # kept by new or update: the units of the document
                return self._index_of_document(value)
            if not all(isinstance(uid, str) and isinstance(text, str) for uid, text in value):
                raise TypeError("not a unit index")
            return dict(value)

        data = path.read_bytes()
        # As for an output's reading, the file's own size decides (here in bytes).
        if len(data) < derived.KEEP_FROM:
            derived.forget(self.root, self.slug, "template")
            return read()
        return derived.remembered(
            self.root,
            self.slug,
            "template",
            _index_key(data),
            read,
            self._index_value,
            decode,
            lambda: path.read_bytes() == data,  # read_catalog opened the file again
        )

    def _index_value(self, index: dict[str, str]) -> Any:
        """A unit index as kept: the units of the document when they are its units and it
        is at hand (as :meth:`_keep_index` keeps it), else each unit's id and text."""
        found = self._document
        if (
            found is not None
            and found[2] is not None
            and list(index.values()) == [unit.text for unit in found[1].units()]
        ):
            return {"document": found[2], "ids": list(index)}
        return list(index.items())

    def _index_of_document(self, kept: dict[str, Any]) -> dict[str, str]:
        """The unit index kept by :meth:`_keep_index`: the ids it holds, and the texts of
        the document it names, if that is this statement's document now."""
        try:
            document = self.document()
        except (OSError, WorkflowError):  # a source that cannot be read: the template can
            raise TypeError("no document to take the units of") from None
        ids = kept.get("ids")
        if self.document_key(document) != kept.get("document") or not isinstance(ids, list):
            raise TypeError("the units of another document")
        texts = [unit.text for unit in document.units()]
        if len(ids) != len(texts) or not all(isinstance(uid, str) for uid in ids):
            raise TypeError("not the document's units")
        return dict(zip(ids, texts, strict=True))

    def _keep_index(self, template_text: str, document: Document, units: list[Unit]) -> None:
        """Keep the template just written from ``units``, those of ``document`` (this
        statement's, by ``new`` or ``update``), as that document's units: :meth:`unit_index`
        then reads neither."""
        data = template_text.encode("utf-8")
        key = self.document_key(document)
        if len(data) < derived.KEEP_FROM or key is None:
            derived.forget(self.root, self.slug, "template")
            return
        kept = {"document": key, "ids": [unit.id for unit in units]}
        derived.keep(self.root, self.slug, "template", _index_key(data), kept)

    def entries_by_unit(
        self,
        lang: str,
        catalog: polib.POFile | None = None,
        units: Iterable[str] | None = None,
    ) -> dict[str, polib.POEntry]:
        """Source text → the catalog's entry for each unit of the template (or of
        ``units``), in that order; entries the project did not make (contexts, plurals,
        unknown texts) are left out, and a unit missing from the catalog is missing here.

        Without ``catalog`` the entries are the shared read-only copy
        (:meth:`cached_catalog`): never change them."""
        units = list(self.unit_index().values() if units is None else units)
        found = unit_entries(
            catalog if catalog is not None else self.cached_catalog(lang), set(units)
        )
        return {text: found[text] for text in units if text in found}

    def unit_states(self, lang: str, units: Iterable[str] | None = None) -> dict[str, EntryState]:
        """Source text → the state and translation of each unit of the template (or of
        ``units``) in one language, in that order, as :meth:`entries_by_unit` finds their
        entries; worked out again only for entries that changed since (kept in memory
        while the file is the same file and, for a long statement, on disk)."""
        units = list(self.unit_index().values() if units is None else units)
        found = units_of(self.entry_states(lang), set(units))
        return {text: found[text] for text in units if text in found}

    def entry_states(self, lang: str) -> list[EntryState]:
        """Every active entry of one language's catalog, with its state, in file order."""
        return cached_by_identity(
            _STATES_CACHE,
            self.po_path(self.check_language(lang)),
            lambda path: self._read_states(lang, path),
        )

    def _read_states(self, lang: str, path: Path) -> list[EntryState]:
        """:meth:`entry_states` read from the catalog at ``path``; for a long statement the
        states are kept on disk, block by block (:func:`~.unitstates.read_states`)."""
        name = f"states-{lang}"
        try:
            long = path.stat().st_size >= derived.KEEP_FROM
        except OSError:  # gone: the full reader says so
            long = False
        if not long:
            derived.forget(self.root, self.slug, name)
        keep = (self.root, self.slug, name) if long else None
        return read_states(path, lambda: self.cached_catalog(lang), keep)

    def unit_texts(self) -> list[str]:
        """The source text of every unit, in template order."""
        return list(self.unit_index().values())

    def consistency_problems(self) -> list[str]:
        """Files made from another version of the source than the one on disk (empty when
        the template and every catalog were made from this source, or predate digests).

        Worked out again only when one of the files changed (the dashboard asks for every
        statement on every load)."""
        base = f"{self.dir}{os.sep}"  # strings: pathlib's joins cost more than the stats
        names = [
            META_NAME,  # a template made before digests is compared by the blocks to skip
            self.meta.source_name,
            f"{self.slug}.pot",
            *(f"{lang}.po" for lang in self.meta.languages),
        ]
        paths = [base + name for name in names]
        found: list[str] = cached_by_files(
            _CONSISTENCY, str(self.dir), paths, self._consistency_problems
        )
        return list(found)

    def _consistency_problems(self) -> list[str]:
        problems = self._made_from_another_source()
        if self.pot_path.exists() and self.split_changed():
            problems.append(self.pot_path.name)
        return problems

    def split_changed(self) -> bool:
        """Whether the source is split otherwise than when its template was made: statement.toml's
        blocks to skip (or format) edited by hand, so the catalogs hold another set of units.
        A template made before the split was recorded has its units compared instead."""
        recorded = recorded_split(self.pot_path)
        if recorded is None:
            return self.unit_texts() != [unit.text for unit in self.document().units()]
        return recorded != split_digest(self.meta.format, self.meta.skip)

    def source_changed(self) -> bool:
        """Whether the template or a catalog records another source than the one on disk."""
        return bool(self._made_from_another_source())

    def _made_from_another_source(self) -> list[str]:
        """The template and catalogs whose recorded source digest is not the source's."""
        digest = source_digest(self.source_bytes())
        paths = [self.pot_path, *(self.po_path(lang) for lang in self.meta.languages)]
        return [
            path.name
            for path in paths
            if path.exists() and (found := recorded_digest(path)) is not None and found != digest
        ]

    def needs_update(self) -> bool:
        """Whether the source changed after its catalogs were made (an interrupted update, a
        source edited by hand): then nothing may be published until an update completes."""
        return bool(self.consistency_problems())

    def check_consistent(self) -> None:
        """Refuse to go on when :meth:`needs_update`, or when a catalog's header says it
        holds another language of the statement (two catalogs swapped, or one copied over
        another): its texts would be published as this language's."""
        if self.needs_update():
            if not self.source_changed():  # then how the source is split changed
                raise WorkflowError(
                    N_(
                        "statement.toml's blocks not for translation changed after the "
                        "catalogs were made: run `statements update %(slug)s`"
                    ),
                    slug=self.slug,
                )
            raise WorkflowError(
                N_(
                    "the source changed after its catalogs were made: run `statements update "
                    "%(slug)s`"
                ),
                slug=self.slug,
            )
        self.check_languages()

    def check_languages(self) -> None:
        """Refuse a catalog whose header says it holds another language of the statement."""
        ours = [self.meta.source_language, *self.meta.languages]
        for lang in self.meta.languages:
            path = self.po_path(lang)
            recorded = recorded_language(path) if path.exists() else None
            held = _other_language(recorded or "", lang, ours)
            if held is not None:
                raise WorkflowError(
                    N_(
                        "%(file)s holds the %(held)s translation (its header says so), not "
                        "the %(language)s one: put each catalog back under its language's name"
                    ),
                    file=path.name,
                    held=LanguageCode(held),
                    language=LanguageCode(lang),
                )

    def cached_catalog(self, lang: str) -> polib.POFile:
        """One language's catalog for reading only, parsed again only when the file changed.

        Saves replace the file (a new inode), so the file's identity says when it changed.
        The object is shared: never change it.
        """
        return cached_by_identity(
            _CATALOG_CACHE, self.po_path(self.check_language(lang)), read_catalog
        )

    def save_catalog(self, lang: str, catalog: polib.POFile) -> None:
        """Write one language's catalog atomically, stamping its revision date."""
        catalog.metadata["PO-Revision-Date"] = po_date(now())
        write_catalog(self.po_path(lang), catalog)

    def save_meta(self) -> None:
        """Write ``statement.toml`` atomically."""
        atomic_write_text(self.dir / META_NAME, self.meta.to_toml())


def _index_key(template: bytes) -> str:
    """The key of a unit index kept for a template with these bytes."""
    return derived.derived_key(derived.CODE, hashlib.sha256(template).hexdigest())


def list_statements(root: Path) -> list[Statement]:
    """Every statement under ``root``, newest first."""
    root = Path(root)
    found = []
    try:
        children = list(os.scandir(root))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for child in children:
        meta_path = f"{child.path}{os.sep}{META_NAME}"
        # One stat for "is it a statement" and its metadata's cache (the dashboard lists
        # every statement on every load).
        if SLUG.match(child.name) and os.path.isfile(meta_path):
            found.append(Statement(root, Meta.from_toml(child.name, Path(meta_path))))
    return sorted(found, key=lambda s: (s.meta.created, s.slug), reverse=True)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def create_statement(
    root: Path,
    data: bytes,
    name: str,
    *,
    slug: str | None = None,
    source_language: str = "en",
    languages: Iterable[str] = ("ar", "ckb", "kmr"),
    skip: Iterable[str] = (),
    fmt: str | None = None,
    omit_skipped: bool = False,
    author: str | None = None,
) -> Statement:
    """Create a statement folder from the source's bytes; nothing is written on error.

    ``skip`` names the blocks not for translation; ``omit_skipped`` leaves them out of every
    published output (otherwise they are kept in the source language). Under git the new
    folder is one commit by ``author`` (default: the configured name).
    """
    from ..git import may_be_under_git
    from ..team.notelog import ensure_attributes
    from .segment import split

    root = Path(root)
    text = decode_source(data, name)
    fmt = fmt or source_format(name)
    skip = list(skip)
    document = split(text, fmt, skip)
    # Keep the skipped blocks' texts, not ids, so statement.toml reads plainly.
    skip_list = list(dict.fromkeys(slot.text for slot in document.slots() if slot.skipped))
    named = {t for slot in document.slots() for t in (slot.text, slot.id)} if skip else set()
    unknown = set(skip) - named
    if unknown:
        first = sorted(unknown)[0]
        raise UsageError(
            "--skip %(block)s matches no block of the statement",
            N_("%(block)s (a block not to translate) matches no block of the statement"),
            block=repr(first),
        )
    source_language = check_codes([source_language])[0]
    targets = [code for code in check_codes(list(languages)) if code != source_language]
    if not targets:
        raise WorkflowError(
            N_("choose at least one target language other than the source language"),
        )
    units = document.units()
    title = document.title() or units[0].text
    slug = check_slug(slug) if slug else (slugify(title) or slugify(Path(name).stem) or "statement")
    folder = root / slug
    if folder.exists():
        raise UsageError(
            "a statement %(slug)s already exists under %(root)s; choose another --slug",
            N_("a statement %(slug)s already exists; choose another short name for links"),
            slug=repr(slug),
            root=str(root),
        )
    moment = now()
    meta = Meta(
        slug=slug,
        title=title,
        source_language=source_language,
        languages=targets,
        format=fmt,
        skip=skip_list,
        created=_stamp(moment),
        updated=_stamp(moment),
        omit_skipped=omit_skipped,
    )
    statement = Statement(root, meta)
    split_key = split_digest(meta.format, meta.skip)
    pot = template(units, slug, meta.source_name, moment, source_digest(data), split_key)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(new_name(root, f".new-{slug}-", "", lambda name: os.mkdir(name, 0o700))[1])
    try:
        atomic_write_bytes(staging / meta.source_name, data)
        entries = entries_text(pot)  # a new catalog has the template's entries, untranslated
        template_text = write_catalog(staging / statement.pot_path.name, pot, entries)
        for lang in targets:
            catalog = language_header(pot, lang, moment)
            write_catalog(staging / statement.po_path(lang).name, catalog, entries)
        atomic_write_text(staging / META_NAME, meta.to_toml())
        ensure_attributes(staging)
        os.chmod(staging, 0o755)
        os.rename(staging, folder)
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise
    if set(skip) == set(skip_list):  # then split with the skip list kept gives this document
        statement._keep_document(text, document)
    else:
        statement._document = (statement.source_path.stat().st_mtime, document, None)
    statement._keep_index(template_text, document, units)
    if may_be_under_git(root):  # else nothing to record the new folder in
        from ..git.history import configured_name, record

        who = author or configured_name(root)
        record(
            root,
            who,
            f"{who}: new statement {slug} ({len(units)} units; {', '.join(targets)})\n\n{title}",
        )
    return statement


def update_statement(
    statement: Statement,
    data: bytes | None = None,
    name: str | None = None,
    author: str | None = None,
) -> dict[str, MergeReport]:
    """Re-split the (new) source and merge it into every catalog.

    Everything is computed in memory first, so a bad new source changes nothing on disk.
    Under git the change is one commit by ``author`` (default: the configured name).
    """
    from ..git.history import configured_name, record
    from ..team.collab import record_moves, unit_moves
    from .merge import merge
    from .segment import split

    meta = statement.meta
    if data is not None:
        new_format = source_format(name) if name else meta.format
        text = decode_source(data, name or "the new source")
    else:
        new_format = meta.format
        data = statement.source_bytes()
        text = decode_source(data, str(statement.source_path))
    document = split(text, new_format, meta.skip)
    moment = now()
    old_source = statement.source_path
    meta.format = new_format
    units = document.units()
    split_key = split_digest(new_format, meta.skip)
    pot = template(units, statement.slug, meta.source_name, moment, source_digest(data), split_key)
    merged: dict[str, polib.POFile] = {}
    reports: dict[str, MergeReport] = {}
    moves = unit_moves(read_catalog(statement.pot_path), pot)
    with statement.lock_all():
        for lang in meta.languages:
            old = read_catalog(statement.po_path(lang))
            merged[lang], reports[lang] = merge(old, pot, meta.source_language, lang)
        # The source first, then what follows from it: an update stopped at any point
        # leaves either the old statement whole, or a source whose digest its template and
        # catalogs do not carry yet (``needs_update``), which running update again repairs.
        atomic_write_bytes(statement.source_path, data)
        meta.title = document.title() or meta.title
        meta.updated = _stamp(moment)
        statement.save_meta()
        if old_source != statement.source_path and old_source.exists():
            old_source.unlink()
        template_text = write_catalog(statement.pot_path, pot)
        for lang, catalog in merged.items():
            statement.save_catalog(lang, catalog)
        record_moves(statement, moves)
    statement._keep_document(text, document)
    statement._keep_index(template_text, document, units)
    who = author or configured_name(statement.root)
    record(statement.root, who, update_message(statement.slug, who, reports))
    return reports


def set_omit_skipped(statement: Statement, omit: bool, author: str | None = None) -> bool:
    """Leave the blocks not for translation out of the published versions, or keep them;
    returns whether the setting changed (one commit under git).

    Under every catalog's lock, as an update writes ``statement.toml``, and from the file as
    it is then, so that a concurrent update's title or format is not written back."""
    from ..git.history import configured_name, record

    with statement.lock_all():
        statement.meta = Meta.from_toml(statement.slug, statement.dir / META_NAME)
        if statement.meta.omit_skipped == omit:
            return False
        statement.meta.omit_skipped = omit
        statement.save_meta()
    who = author or configured_name(statement.root)
    done = "left out of" if omit else "kept in"
    record(
        statement.root,
        who,
        f"{who}: {statement.slug}: blocks not for translation {done} the published versions",
        [statement.dir / META_NAME],
    )
    return True


def update_message(slug: str, author: str, reports: dict[str, MergeReport]) -> str:
    """``Editor: update gaza: 2 outdated, 1 new`` (the first language's counts; all below)."""
    from .merge import MergeReport

    first = next(iter(reports.values()), MergeReport())
    counts = [
        f"{value} {label}"
        for value, label in (
            (first.outdated, "outdated"),
            (first.new, "new"),
            (first.obsolete, "obsolete"),
        )
        if value
    ]
    lines = [
        f"{lang}: {r.kept} unchanged, {r.outdated} outdated, {r.new} new, {r.obsolete} obsolete"
        for lang, r in reports.items()
    ]
    summary = ", ".join(counts) or "no unit changed"
    return f"{author}: update {slug}: {summary}\n\n" + "\n".join(lines)
