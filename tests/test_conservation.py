"""Every word of every source reaches its page, exactly once, in order.

Model level (:func:`build_scripts.conservation.lost_text`): every non-blank source line is
in exactly one unit, and each unit holds exactly the words of its lines. Page level: each
unit's element on the built page shows exactly those words (generated marks aside), and
every unit appears once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from build_scripts.conservation import lost_text as lost
from build_scripts.conservation import units, words
from build_scripts.corpus import load_document
from build_scripts.model import Table
from build_scripts.render.page import table_html

from .conftest import CORPUS, SOURCE, BuiltSite, corpus_files, seed_files

# Marks the page adds that are not source text: "PP4", "[13]", "¶", "↩", "[…]".
GENERATED = ".un-gen, .un-restored, .footnote-backref, .un-unreferenced"


@pytest.mark.parametrize("source", seed_files(), ids=lambda p: p.stem)
def test_seed_model_conserves_text(source: Path) -> None:
    docs, _ = load_document(SOURCE, source)
    assert docs
    assert lost(docs, source.read_bytes()) == []


@pytest.mark.parametrize("source", corpus_files(), ids=lambda p: p.stem)
def test_corpus_model_conserves_text(source: Path) -> None:
    # A compilation's report and the texts printed in it are checked together: every line
    # of the source is in exactly one unit of exactly one of them.
    docs, _ = load_document(CORPUS, source)
    assert docs
    assert lost(docs, source.read_bytes()) == []


def test_a_compilation_is_conserved_only_with_its_texts() -> None:
    source = CORPUS / "A_HRC_14_37.txt"
    docs, _ = load_document(CORPUS, source)
    assert len(docs) > 30, "the resolutions and decisions of A/HRC/14/37 are documents of their own"
    data = source.read_bytes()
    assert lost(docs, data) == []
    # The report alone misses the texts' lines, and a text counted twice is caught.
    assert any("reached no unit" in problem for problem in lost(docs[0], data))
    assert any("is in both" in problem for problem in lost([*docs, docs[1]], data))


def element_words(element: Tag) -> list[str]:
    copy = BeautifulSoup(str(element), "html.parser")
    for generated in copy.select(GENERATED):
        generated.decompose()
    # A source's own link "[www.europa.eu.int](http://www.europa.eu.int)": the address is
    # source text too, kept in the href.
    for link in copy.select('a[href^="http"]:not(.un-xref)'):
        link.append(f" {link['href']}")
    return words(copy.get_text(" "))


def test_a_tables_words_reach_its_element_once() -> None:
    source = CORPUS / "A_80_590.txt"
    docs, _ = load_document(CORPUS, source)
    assert len(docs) == 1
    doc = docs[0]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert tables, "the budget tables of A/80/590 are found"
    by_anchor = {unit.anchor: unit for unit in units(doc)}
    for table in tables:
        element = BeautifulSoup(str(table_html(table)), "html.parser").find(id=table.anchor)
        assert isinstance(element, Tag)
        assert element_words(element) == list(by_anchor[table.anchor].words) != []


def test_table_cells_are_escaped() -> None:
    table = Table("table-1", (("<script>alert(1)</script>", "12.5"), ("a & b", "–")), (1, 2))
    html = str(table_html(table))
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &amp; b" in html


@pytest.mark.site
def test_every_unit_reaches_its_page_once(seed_site: BuiltSite) -> None:
    for doc in seed_site.corpus.documents:
        html = (seed_site.site / doc.url).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        article = soup.select_one("article")
        assert article is not None
        for unit in units(doc):
            found = article.find_all(id=unit.anchor)
            assert len(found) == 1, f"{doc.url}#{unit.anchor} appears {len(found)} times"
            assert element_words(found[0]) == list(unit.words), f"{doc.url}#{unit.anchor}"


@pytest.mark.site
def test_body_units_appear_in_source_order(seed_site: BuiltSite) -> None:
    for doc in seed_site.corpus.documents:
        soup = BeautifulSoup((seed_site.site / doc.url).read_text(encoding="utf-8"), "html.parser")
        ids = [el["id"] for el in soup.select("article [id]")]
        body = [b.anchor for b in doc.blocks]
        assert [i for i in ids if i in set(body)] == body
        first_lines = [b.lines[0] for b in doc.blocks]
        assert first_lines == sorted(first_lines)


@pytest.mark.site
def test_removed_furniture_is_listed_on_the_page(seed_site: BuiltSite) -> None:
    doc = next(d for d in seed_site.corpus.documents if d.id == "sg-report-1998-trafficking")
    soup = BeautifulSoup((seed_site.site / doc.url).read_text(encoding="utf-8"), "html.parser")
    processing = soup.select_one("#processing")
    assert processing is not None
    for removal in doc.removals:
        assert f"Line {removal.line} " in processing.get_text()
