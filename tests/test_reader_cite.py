"""Citations of paragraphs (build_scripts/render/cite.py) and their place on the page."""

from __future__ import annotations

import re
from dataclasses import replace
from textwrap import dedent

import pytest
from bs4 import BeautifulSoup, Tag

from build_scripts.model import Document, MastheadLine, Metadata, Paragraph, ParaKind, Text
from build_scripts.parse import parse_document
from build_scripts.render.cite import (
    cardinal_words,
    citations,
    document_designation,
    ordinal_words,
    paragraph_designation,
)
from build_scripts.render.page import document_page, paragraph_html

from .conftest import BuiltSite


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "fifth"), (8, "eighth"), (9, "ninth"),
        (11, "eleventh"), (12, "twelfth"), (13, "thirteenth"), (20, "twentieth"), (21, "twenty-first"),
        (22, "twenty-second"), (40, "fortieth"), (99, "ninety-ninth"), (100, "one hundredth"),
        (101, "one hundred and first"), (112, "one hundred and twelfth"), (206, "two hundred and sixth"),
        (1000, "1000th"),
    ],
)  # fmt: skip
def test_ordinal_words(n: int, words: str) -> None:
    assert ordinal_words(n) == words


def test_cardinal_words_refuses_what_it_cannot_say() -> None:
    assert cardinal_words(57) == "fifty-seven"
    with pytest.raises(ValueError):
        cardinal_words(0)


def para(anchor: str, kind: ParaKind, number: str | None, parent: str | None = None, **kw: object) -> Paragraph:
    depth = anchor.count("-") - 1 if kind is ParaKind.SUB else 0
    return Paragraph(
        anchor=anchor, kind=kind, label=None, number=number, restored=False, depth=depth,
        content=(Text("Some words."),), lines=(1,), parent=parent, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def doc(meta: Metadata, *paras: Paragraph, kind_line: str | None = None) -> Document:
    masthead = (MastheadLine(line=1, content=(Text(kind_line),), role="kind"),) if kind_line else ()
    return Document(
        id="d", source="d.txt", meta=meta, masthead=masthead, blocks=paras, footnotes=(), notes_title=None,
        removals=(), diagnostics=(), line_count=1,
    )  # fmt: skip


GA = Metadata(symbol="A/RES/57/176", body="General Assembly", kind="resolution", number="57/176", date="2002-12-18")
RESOLUTION = (
    para("pp-4", ParaKind.PREAMBULAR, "4"),
    para("op-5", ParaKind.OPERATIVE, "5"),
    para("op-5-b", ParaKind.SUB, "b", parent="op-5"),
    para("op-5-b-ii", ParaKind.SUB, "ii", parent="op-5-b"),
    para("op-16", ParaKind.OPERATIVE, "16"),
)


def test_resolution_citations() -> None:
    cites = citations(doc(GA, *RESOLUTION))
    assert cites == {
        "pp-4": "General Assembly resolution 57/176, fourth preambular paragraph",
        "op-5": "General Assembly resolution 57/176, para. 5",
        "op-5-b": "General Assembly resolution 57/176, para. 5 (b)",
        "op-5-b-ii": "General Assembly resolution 57/176, para. 5 (b) (ii)",
        "op-16": "General Assembly resolution 57/176, para. 16",
    }


@pytest.mark.parametrize(
    ("meta", "kind_line", "expected"),
    [
        (Metadata(body="Economic and Social Council", kind="resolution", number="1996/26"), None,
         "Economic and Social Council resolution 1996/26"),
        (Metadata(body="Security Council", kind="resolution", number="687 (1991)", symbol="S/RES/687 (1991)"), None,
         "Security Council resolution 687 (1991)"),
        (Metadata(body="Human Rights Council", kind="decision", number="59/112", symbol="A/HRC/DEC/59/112"), None,
         "Human Rights Council decision 59/112"),
        (Metadata(kind="resolution", number="57/176"), None, "resolution 57/176"),
        (Metadata(kind="resolution", symbol="A/RES/57/176"), None, "A/RES/57/176"),
        (Metadata(kind="report", symbol="A/57/170", date="2002-07-02"), "Report of the Secretary-General",
         "Report of the Secretary-General (A/57/170)"),
        (Metadata(kind="report", date="1998-09-21"), "Report  of the\nSecretary-General:",
         "Report of the Secretary-General (21 September 1998)"),
        (Metadata(kind="report"), None, "Report"),
        (Metadata(kind="note", date="2003-09-24"), "Note by the Secretariat",
         "Note by the Secretariat (24 September 2003)"),
        # A kind line that is not a name for the document is not used.
        (Metadata(kind="report", symbol="A/1"), "Resolution adopted by the General Assembly", "Report (A/1)"),
        (Metadata(kind="draft resolution", symbol="S/2020/445"), "draft resolution", "draft resolution S/2020/445"),
        (Metadata(kind="other", symbol="A/HRC/14/37"), None, "A/HRC/14/37"),
        (Metadata(kind="other", title="Trafficking", date="1998-09-21"), None, "“Trafficking” (21 September 1998)"),
        (Metadata(), None, "d"),
    ],
)  # fmt: skip
def test_document_designation(meta: Metadata, kind_line: str | None, expected: str) -> None:
    assert document_designation(doc(meta, kind_line=kind_line)) == expected


def test_report_paragraph() -> None:
    report = doc(
        Metadata(kind="report", symbol="A/57/170"),
        para("text-1", ParaKind.TEXT, None),
        para("para-33", ParaKind.NUMBERED, "33"),
        para("para-33-a", ParaKind.SUB, "a", parent="para-33"),
        kind_line="Report of the Secretary-General",
    )
    assert citations(report) == {
        "text-1": "Report of the Secretary-General (A/57/170)",  # unnumbered: the document alone
        "para-33": "Report of the Secretary-General (A/57/170), para. 33",
        "para-33-a": "Report of the Secretary-General (A/57/170), para. 33 (a)",
    }


def test_restored_number_stays_marked() -> None:
    restored = replace(para("para-13", ParaKind.NUMBERED, "13"), restored=True)
    assert paragraph_designation(restored, {}) == "para. [13]"


def test_sub_paragraph_of_an_unnumbered_paragraph_cites_the_document() -> None:
    paras = (para("text-4", ParaKind.TEXT, None), para("text-4-a", ParaKind.SUB, "a", parent="text-4"))
    assert paragraph_designation(paras[1], {p.anchor: p for p in paras}) is None


def test_part_of_a_resolution() -> None:
    sc = Metadata(body="Security Council", kind="resolution", number="687 (1991)")
    paras = (para("b-pp-1", ParaKind.PREAMBULAR, "1"), para("c-op-1", ParaKind.OPERATIVE, "1"))
    assert citations(doc(sc, *paras)) == {
        "b-pp-1": "Security Council resolution 687 (1991), section B, first preambular paragraph",
        "c-op-1": "Security Council resolution 687 (1991), section C, para. 1",
    }


def test_treaty_articles_and_decimal_paragraphs() -> None:
    paras = (
        para("art-5-para-2", ParaKind.NUMBERED, "2"),
        para("art-5-para-2-a", ParaKind.SUB, "a", parent="art-5-para-2"),
        para("art-2-text-1", ParaKind.TEXT, None),
        para("art-2-a", ParaKind.SUB, "a", parent="art-2-text-1"),
        para("para-140", ParaKind.NUMBERED, "140"),
        para("para-140-1", ParaKind.SUB, "140.1", parent="para-140"),
    )
    cites = citations(doc(Metadata(kind="other", symbol="A/RES/55/25"), *paras))
    assert cites == {
        "art-5-para-2": "A/RES/55/25, art. 5, para. 2",
        "art-5-para-2-a": "A/RES/55/25, art. 5, para. 2 (a)",
        "art-2-text-1": "A/RES/55/25, art. 2",
        "art-2-a": "A/RES/55/25, art. 2 (a)",  # (a) of the article's unnumbered text
        "para-140": "A/RES/55/25, para. 140",
        "para-140-1": "A/RES/55/25, para. 140.1",
    }


def test_citation_is_escaped_in_its_attribute() -> None:
    html = paragraph_html(RESOLUTION[1], cite='A "quoted" <b>title</b> & more, para. 5')
    element = BeautifulSoup(html, "html.parser").p
    assert element is not None and element["data-cite"] == 'A "quoted" <b>title</b> & more, para. 5'
    assert "<b>" not in html


def test_parsed_resolution_pages_carry_citations() -> None:
    text = dedent("""\
        57/176. Trafficking in women and girls

        The General Assembly,

        Recalling its earlier resolutions,

        Noting with concern the rise,

        1. Welcomes the report;

        2. Calls upon Governments:

        (a) To act;

        (b) To report;
        """)
    parsed = parse_document("r.txt", text.encode(), Metadata(body="General Assembly", kind="resolution"))
    page = document_page(parsed, "index.md")
    # The document's citation once, on the metadata list; each paragraph's own part on it.
    assert '<dl class="un-docmeta" data-cite="General Assembly resolution 57/176">' in page
    cites = dict(re.findall(r'<p class="un-para[^"]*" id="([^"]+)" data-cite="([^"]*)"', page))
    assert cites == {
        "pp-1": "first preambular paragraph",
        "pp-2": "second preambular paragraph",
        "op-1": "para. 1",
        "op-2": "para. 2",
        "op-2-a": "para. 2 (a)",
        "op-2-b": "para. 2 (b)",
    }


def whole_citation(soup: BeautifulSoup, para: Tag) -> str | None:
    """The citation reader.js copies: the page's and the paragraph's parts, joined."""
    own = para.get("data-cite")
    meta = soup.select_one("dl.un-docmeta[data-cite]")
    whole = str(meta["data-cite"]) if meta is not None else ""
    if own is None:
        return None
    return f"{whole}, {own}" if whole and own else whole or str(own)


@pytest.mark.site
def test_built_pages_cite_every_paragraph(seed_site: BuiltSite) -> None:
    """Every paragraph of every built page carries the citation computed from its document."""
    for document in seed_site.corpus.documents:
        soup = BeautifulSoup((seed_site.site / document.url).read_text(encoding="utf-8"), "html.parser")
        shown = {p["id"]: whole_citation(soup, p) for p in soup.select("p.un-para")}
        assert shown == citations(document), document.url
    page = (seed_site.site / "E/RES/1996/26.html").read_text(encoding="utf-8")
    assert 'data-cite="Economic and Social Council resolution 1996/26"' in page
    assert 'id="op-10" data-cite="para. 10"' in page
