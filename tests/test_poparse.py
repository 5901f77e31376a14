"""The fast PO reader gives exactly what polib gives, for every layout and every oddity."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.catalog.pofile import catalog_text
from workflow.catalog.poparse import _parse_layout, read_po

FIELDS = (
    "msgid",
    "msgstr",
    "msgid_plural",
    "msgstr_plural",
    "msgctxt",
    "obsolete",
    "comment",
    "tcomment",
    "occurrences",
    "flags",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "linenum",
)


def assert_same(ours: polib.POFile, theirs: polib.POFile) -> None:
    assert ours.header == theirs.header
    assert list(ours.metadata.items()) == list(theirs.metadata.items())
    assert ours.metadata_is_fuzzy == theirs.metadata_is_fuzzy
    assert (ours.wrapwidth, ours.encoding, ours.fpath) == (
        theirs.wrapwidth,
        theirs.encoding,
        theirs.fpath,
    )
    assert len(ours) == len(theirs)
    for mine, polibs in zip(ours, theirs, strict=True):
        for name in FIELDS:
            assert getattr(mine, name) == getattr(polibs, name), name
    assert ours.__unicode__() == theirs.__unicode__()


def compare(path: Path) -> None:
    theirs = polib.pofile(str(path), wrapwidth=0, encoding="utf-8")
    assert_same(read_po(path), theirs)


# Text with everything that needs care in a PO string: quotes, backslashes, escapes, the
# separators str.splitlines() would break at, Arabic, and long runs that polib wraps.
_text = st.lists(
    st.sampled_from(
        [*'ab cd"\\\t\n\r\x0b\x0c\x1c\x85\u2028\u2029:#,.~|[]0', "ترجمة ", "Kurdî ", "word " * 12]
    ),
    max_size=40,
).map("".join)
_entry = st.fixed_dictionaries(
    {
        "msgid": _text.filter(bool),
        "msgstr": _text,
        "msgctxt": st.none() | _text,
        "plural": st.none() | _text.filter(bool),
        "obsolete": st.booleans(),
        "comment": st.sampled_from(["", "paragraph", "title\nsecond"]),
        "tcomment": st.sampled_from(["", "translated: Layla 2026-11-01", "a\n\nb", "#x"]),
        "flags": st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), max_size=2),
        "occurrences": st.lists(
            st.sampled_from([("source.md", "3"), ("a:b", ""), ("x", "")]), max_size=2
        ),
        "previous": st.none() | _text.filter(bool),
    }
)


def build(entries: list[dict[str, object]]) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = "Arabic translation\n\nof a statement"
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "ar",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for item in entries:
        entry = polib.POEntry(
            msgid=item["msgid"],
            msgstr="" if item["plural"] else item["msgstr"],
            msgctxt=item["msgctxt"],
            comment=item["comment"],
            tcomment=item["tcomment"],
            flags=list(item["flags"]),  # type: ignore[call-overload]
            occurrences=list(item["occurrences"]),  # type: ignore[call-overload]
            obsolete=item["obsolete"],
            previous_msgid=item["previous"],
        )
        if item["plural"]:
            entry.msgid_plural = item["plural"]
            entry.msgstr_plural = {0: item["msgstr"], 1: "ثاني"}
        catalog.append(entry)
    return catalog


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry, max_size=6), st.sampled_from([0, 78, 20]), st.booleans())
def test_same_as_polib_for_any_catalog(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[dict[str, object]],
    width: int,
    ours: bool,
) -> None:
    path = tmp_path_factory.mktemp("po") / "ar.po"
    catalog = build(entries)
    if ours:
        path.write_text(catalog_text(catalog), encoding="utf-8")
    else:
        catalog.wrapwidth = width
        catalog.save(str(path))
    compare(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "#",
                "# a comment",
                "## double",
                "#, fuzzy",
                "#,",
                "#. extracted",
                "#.",
                "#: a.md:1 b",
                "#:",
                '#| msgid "old"',
                '#| "continued"',
                '#| msgctxt "c"',
                '#~ msgid "gone"',
                '#~ msgstr "x"',
                '#~| msgid "before"',
                '#~ "more"',
                'msgctxt "ctx"',
                'msgid ""',
                'msgid "one"',
                'msgid "with \\" quote"',
                'msgid "bad " quote"',
                'msgid_plural "many"',
                'msgstr ""',
                'msgstr "ترجمة"',
                'msgstr[0] "a"',
                'msgstr[1] "b"',
                'msgstr[x] "b"',
                '"Language: ar\\n"',
                '"tail"',
                "msgid",
                "garbage",
                '\ufeffmsgid "bom"',
                '  msgid "indented"  ',
                'msgid "a"\r',
            ]
        ),
        max_size=14,
    )
)
def test_same_as_polib_line_by_line(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    """Any sequence of PO lines, valid or not: the same catalog, or the same error."""
    path = tmp_path_factory.mktemp("po") / "x.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        theirs = polib.pofile(str(path), wrapwidth=0, encoding="utf-8")
    except Exception as exc:
        with pytest.raises(type(exc)) as raised:
            read_po(path)
        assert str(raised.value) == str(exc)
        return
    assert_same(read_po(path), theirs)


def test_project_catalogs_read_the_same() -> None:
    found = list(Path(__file__).resolve().parent.parent.glob("translations/*/*.po*"))
    assert found
    for path in found:
        compare(path)


def test_crlf_bom_and_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "ar.po"
    path.write_bytes(
        b'\xef\xbb\xbf# header\r\nmsgid ""\r\nmsgstr ""\r\n"Language: ar\\n"\r\n\r\n'
        b'msgid "a\xe2\x80\xa8b"\r\nmsgstr "c"\r\n'
    )
    compare(path)
    path.write_bytes(b'msgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(UnicodeDecodeError):
        read_po(path)


def _plain(item: dict[str, object]) -> bool:
    """Whether an entry has only what the workflow writes (no context, plural, obsolete)."""
    return (
        item["msgctxt"] is None
        and item["plural"] is None
        and not item["obsolete"]
        and "\n\n" not in str(item["tcomment"])
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry, max_size=6))
def test_the_project_s_own_layout_is_read_entry_by_entry_as_polib_reads_it(
    tmp_path_factory: pytest.TempPathFactory, entries: list[dict[str, object]]
) -> None:
    """A catalog as the workflow writes it takes the quick path (one blank line between
    entries, one line per string); one with anything else is left to the full reader."""
    path = tmp_path_factory.mktemp("po") / "ar.po"
    path.write_text(catalog_text(build(entries)), encoding="utf-8")
    quick = _parse_layout(path.read_text(encoding="utf-8"), str(path), 0)
    if all(_plain(item) for item in entries):
        assert quick is not None
    if quick is not None:
        assert_same(quick, polib.pofile(str(path), wrapwidth=0, encoding="utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        _entry.map(lambda item: {**item, "msgctxt": None, "plural": None, "obsolete": False}),
        max_size=6,
    ),
    st.sampled_from([78, 20, 8]),
)
def test_a_catalog_wrapped_by_polib_is_read_entry_by_entry_as_polib_reads_it(
    tmp_path_factory: pytest.TempPathFactory, entries: list[dict[str, object]], width: int
) -> None:
    """As Poedit users' files come back: polib's wrapping of long strings, comments and
    places takes the quick path too, and reads as polib reads it."""
    path = tmp_path_factory.mktemp("po") / "ar.po"
    catalog = build(entries)
    catalog.wrapwidth = width
    catalog.save(str(path))
    quick = _parse_layout(path.read_text(encoding="utf-8"), str(path), 0)
    if all(_plain(item) for item in entries):
        assert quick is not None
    if quick is not None:
        assert_same(quick, polib.pofile(str(path), wrapwidth=0, encoding="utf-8"))


def test_the_statement_catalogs_take_the_quick_path() -> None:
    found = sorted(Path(__file__).resolve().parent.parent.glob("translations/*/*.po*"))
    assert found
    for path in found:
        quick = _parse_layout(path.read_text(encoding="utf-8"), str(path), 0)
        assert quick is not None, path
        assert_same(quick, polib.pofile(str(path), wrapwidth=0, encoding="utf-8"))


@pytest.mark.parametrize(
    "after_header", ["#, fuzzy\n", "# approved: Ali 2024-01-01 text:0\n", '#| msgid "x"\n']
)
def test_lines_under_the_header_belong_to_the_first_entry(
    tmp_path: Path, after_header: str
) -> None:
    path = tmp_path / "ar.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        + after_header
        + '\n#: source.md:1\nmsgid "Hello"\nmsgstr "Marhaba"\n',
        encoding="utf-8",
    )
    assert _parse_layout(path.read_text(encoding="utf-8"), str(path), 0) is None
    compare(path)


def test_a_second_empty_msgid_is_left_to_the_full_reader(tmp_path: Path) -> None:
    path = tmp_path / "ar.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\nmsgid ""\nmsgstr "Language: xx\\n"\n',
        encoding="utf-8",
    )
    assert _parse_layout(path.read_text(encoding="utf-8"), str(path), 0) is None
    compare(path)


@pytest.mark.parametrize(
    "strings",
    [
        '""\n"one "\n"two"',
        '"one"\n"two"',
        '""\n"ends in a backslash\\\\"\n"n, not a newline"',
        '""\n"an escaped \\"quote\\""\n"\\"at the start"',
        '""\n"a bare "quote"',
        '""\n"\n"',
        '""\n"',
        '""\n "indented"',
        '""\n"trailing space" ',
        '""\n\n"blank line"',
    ],
)
def test_wrapped_strings_read_as_polib_reads_them(tmp_path: Path, strings: str) -> None:
    """Each wrapped string the quick reader takes reads as polib reads it; what it does not
    take goes to the full reader, which gives polib's catalog or polib's error."""
    path = tmp_path / "ar.po"
    header = 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\n'
    path.write_text(f"{header}#, fuzzy\nmsgid {strings}\nmsgstr {strings}\n", encoding="utf-8")
    try:
        theirs = polib.pofile(str(path), wrapwidth=0, encoding="utf-8")
    except Exception as exc:
        with pytest.raises(type(exc)):
            read_po(path)
        return
    quick = _parse_layout(path.read_text(encoding="utf-8"), str(path), 0)
    if quick is not None:
        assert_same(quick, theirs)
    assert_same(read_po(path), theirs)


def test_a_header_for_the_full_reader_to_judge_is_left_to_it() -> None:
    """The quick reader answers a catalog or None, never the full reader's doubts."""
    text = (
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\nmsgid "a"\n"b"c"\nmsgstr ""\n""\n\n'
        'msgid "x"\nmsgstr "y"\n'
    )
    assert _parse_layout(text, "x.po", 0) is None
