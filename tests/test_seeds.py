"""The five seed documents: exactly the paragraphs the issue lists, and every trap handled."""

from __future__ import annotations

import re
from functools import cache

import pytest

from build_scripts.corpus import load_document
from build_scripts.model import Document, Footnote, NoteRef, Paragraph

from .conftest import SOURCE

SEEDS = {
    "000": "000_2e5ea69b4725ed69.txt",
    "001": "secretariat-note-2003-trafficking-in-persons.txt",
    "002": "002_36db57ca8af13d6b.txt",
    "003": "003_23715ae951ce0b35.txt",
    "004": "sg-report-1998-trafficking.txt",
}


@cache
def seed(key: str) -> Document:
    docs, problems = load_document(SOURCE, SOURCE / SEEDS[key])
    assert len(docs) == 1 and not problems
    return docs[0]


def anchors(doc: Document, prefix: str) -> list[str]:
    found = [p.anchor for p in doc.paragraphs] + [n.anchor for n in doc.footnotes]
    return [a for a in found if re.fullmatch(rf"{prefix}-\d+", a)]


def seq(prefix: str, first: int, last: int) -> list[str]:
    return [f"{prefix}-{n}" for n in range(first, last + 1)]


def para(doc: Document, anchor: str) -> Paragraph:
    return next(p for p in doc.paragraphs if p.anchor == anchor)


def note(doc: Document, number: str) -> Footnote:
    return next(n for n in doc.footnotes if n.number == number)


def codes(doc: Document) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in doc.diagnostics]


# --------------------------------------------------------------------------- exact paragraphs
@pytest.mark.parametrize(
    ("key", "prefix", "expected"),
    [
        ("002", "pp", seq("pp", 1, 21)),
        ("002", "op", seq("op", 1, 26)),
        ("002", "fn", seq("fn", 1, 27)),
        ("003", "pp", seq("pp", 1, 9)),
        ("003", "op", seq("op", 1, 11)),
        ("003", "fn", seq("fn", 80, 83)),
        ("000", "op", ["op-1", "op-2"]),
        ("001", "pp", seq("pp", 1, 16)),
        ("001", "op", seq("op", 1, 17)),
        ("001", "fn", seq("fn", 1, 8)),
        ("004", "para", seq("para", 1, 37)),
        ("004", "fn", seq("fn", 1, 7)),
    ],
)
def test_seed_has_exactly_these_paragraphs(key: str, prefix: str, expected: list[str]) -> None:
    assert anchors(seed(key), prefix) == expected


def test_subparagraph_ids() -> None:
    assert [p.anchor for p in seed("000").paragraphs if p.parent == "op-2"] == [f"op-2-{x}" for x in "abcdef"]
    subs = [p.anchor for p in seed("001").paragraphs if p.anchor.startswith("op-5-")]
    assert subs == ["op-5-a", "op-5-b", "op-5-b-i", "op-5-b-ii"]
    assert para(seed("001"), "op-5-b-ii").depth == 2


# --------------------------------------------------------------------------- metadata
@pytest.mark.parametrize(
    ("key", "symbol", "body", "kind", "date"),
    [
        ("000", "E/RES/1998/20", "Economic and Social Council", "resolution", "1998-07-28"),
        ("001", None, "General Assembly", "note", "2003-09-24"),
        ("002", "A/RES/57/176", "General Assembly", "resolution", "2002-12-18"),
        ("003", "E/RES/1996/26", "Economic and Social Council", "resolution", "1996-07-24"),
        ("004", None, "General Assembly", "report", "1998-09-21"),
    ],
)
def test_metadata(key: str, symbol: str | None, body: str, kind: str, date: str) -> None:
    meta = seed(key).meta
    assert (meta.symbol, meta.body, meta.kind, meta.date) == (symbol, body, kind, date)


def test_masthead_details_are_detected() -> None:
    note = seed("001").meta
    assert (note.session, note.committee, note.agenda_item, note.agenda_title) == (
        "Fifty-eighth session",
        "Third Committee",
        "108",
        "Crime prevention and criminal justice",
    )
    assert seed("002").meta.meeting == "77th plenary meeting"
    assert seed("002").meta.distributed == "2003-01-30"
    assert seed("004").meta.agenda_title == "Advancement of women"
    # The organ of the 1998 report is not in its text: it comes from the editor's sidecar.
    assert seed("004").meta.fields_from_sidecar == ("body", "provenance")


# --------------------------------------------------------------------------- traps
@pytest.mark.parametrize(
    ("key", "anchor", "lines"),
    [
        ("003", "pp-1", (5, 7)),
        ("003", "op-1", (25, 33)),
        ("003", "op-10", (51, 53)),
        ("002", "pp-4", (27, 47)),
        ("002", "op-7", (117, 125)),
        ("002", "op-23", (163, 165)),
        ("001", "pp-15", (64, 74)),
        ("004", "para-10", (58, 60)),
        ("004", "para-17", (77, 79)),
        ("004", "para-19", (85, 87)),
        ("004", "para-24", (97, 99)),
        ("004", "para-27", (108, 110)),
        ("004", "para-29", (113, 115)),
        ("004", "para-32", (122, 124)),
        ("004", "para-36", (129, 131)),
    ],
)
def test_paragraph_split_by_page_break_is_joined(key: str, anchor: str, lines: tuple[int, ...]) -> None:
    assert para(seed(key), anchor).lines == lines


def test_no_note_text_inside_a_paragraph() -> None:
    for key in SEEDS:
        doc = seed(key)
        for n in doc.footnotes:
            for p in doc.paragraphs:
                assert n.text.strip() not in p.text, (key, n.anchor, p.anchor)


def test_notes_out_of_order_keep_their_printed_numbers() -> None:
    doc = seed("003")
    assert [n.number for n in doc.footnotes] == ["80", "81", "82", "83"]
    assert note(doc, "82").text == "See E/CN.15/1996/2/Add.1."


def refs(p: Paragraph) -> list[str]:
    return [s.anchor for s in p.content if isinstance(s, NoteRef)]


def test_marker_forms_and_repeated_references() -> None:
    # "<sup>20</sup>", then again: fnref-20 then fnref-20-2; op-6 of 57/176 cites 20, 21 again.
    op6 = para(seed("002"), "op-6")
    assert refs(op6)[:2] == ["fnref-20-2", "fnref-21-2"]
    assert note(seed("002"), "7").references == 2
    # "⁸⁰" (Unicode superscript) and bare digits after a full stop: "penalized.3", "Italy.6".
    assert refs(para(seed("003"), "pp-1")) == ["fnref-80"]
    assert refs(para(seed("004"), "para-13")) == ["fnref-3"]
    assert refs(para(seed("004"), "para-20")) == ["fnref-5", "fnref-6"]
    assert "penalized." in para(seed("004"), "para-13").text


def test_missing_note_texts_and_notes_without_markers_are_warned() -> None:
    assert ("note-missing", 13) in codes(seed("000"))
    assert [d.message for d in seed("000").diagnostics if d.code == "note-missing"] == [
        "footnote marker 56 has no note text in the source",
        "footnote marker 76 has no note text in the source",
    ]
    assert ("note-missing", 13) in codes(seed("003"))
    assert ("note-unreferenced", 137) in codes(seed("004"))
    missing = [s for s in para(seed("000"), "pp-4").content if isinstance(s, NoteRef)]
    assert [(m.number, m.resolved) for m in missing] == [("56", False), ("76", False)]


def test_lost_paragraph_numbers_are_restored_and_marked() -> None:
    doc = seed("004")
    restored = [p.number for p in doc.paragraphs if p.restored]
    assert restored == ["1", "2", "6", "13", "14", "20", "23", "33", "37"]
    assert para(doc, "para-24").label == "- 24."
    assert sum(1 for d in doc.diagnostics if d.code == "number-restored") == 9


def test_table_of_contents_is_removed_and_reported() -> None:
    doc = seed("004")
    toc = [r.line for r in doc.removals if r.reason.startswith("table of contents")]
    assert toc == [21, *range(23, 35)]
    assert not any("Paragraphs" in p.text and "Page" in p.text for p in doc.paragraphs)


def test_real_headings_are_the_page_structure() -> None:
    from build_scripts.model import Heading

    headings = [(b.anchor, b.text) for b in seed("004").blocks if isinstance(b, Heading)]
    assert ("sec-iv", "IV. Activities of other bodies") in headings
    assert ("sec-iii-b-1", "1. Working Group on Contemporary Forms of Slavery") in headings
    assert len(headings) == 12


def test_quoted_draft_resolution() -> None:
    doc = seed("001")
    assert para(doc, "text-1").text.startswith("By its resolution 2003/20")
    assert all(p.quoted for p in doc.paragraphs if p.anchor != "text-1")
    assert para(doc, "pp-16").opening == "“"
    assert para(doc, "op-17").text.endswith("resolution.”")


def test_fragment_is_kept_and_warned() -> None:
    doc = seed("000")
    fragment = para(doc, "pp-13")
    assert fragment.fragment and fragment.text.startswith("protected against this type of crime")
    assert ("fragment", 31) in codes(doc)


def test_opening_words_are_italic() -> None:
    from build_scripts.model import Emphasis

    # 1996/26 prints no emphasis of its own: the UN style rule adds it.
    first = para(seed("003"), "op-6").content[0]
    assert isinstance(first, Emphasis) and first.typographic
    assert para(seed("003"), "op-6").text.startswith("Also invites")
