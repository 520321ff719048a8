"""Bounded listing pages: topics, instruments and cited-by lists split by year, and years into pages.

Unit tests of the grouping and thresholds (:mod:`build_scripts.render.years`), then one strict
build of a generated archive with small thresholds, so that every split happens: each page stays
within its bound, and every tagged paragraph, citing paragraph and citing document is reached
from the topic, instrument or document page through the year pages, by following links.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, Tag

from build_scripts.instruments import load_registry
from build_scripts.model import Corpus, Document, Metadata
from build_scripts.render import citations, topics, years
from build_scripts.render.citations import CitationIndex, cited_by_folder, cited_by_pages, instrument_pages
from build_scripts.render.topics import hits_by_topic, topic_pages
from build_scripts.render.years import UNDATED, Link, by_year, neighbours, pages_of, part_links, split, year_links
from tests.bench.synth import generate

from .conftest import BuiltSite, build_into


def doc(doc_id: str, date: str | None, symbol: str | None = None) -> Document:
    meta = Metadata(symbol=symbol, title=doc_id, kind="resolution", date=date)
    return Document(doc_id, f"{doc_id}.txt", meta, (), (), (), None, (), (), 1)


# --------------------------------------------------------------------------- grouping and thresholds
def test_entries_are_grouped_by_year_in_order_undated_last() -> None:
    a, b, c, d = doc("a", "2003-01-02"), doc("b", "1998-05-01"), doc("c", None), doc("d", "2003-12-31")
    items = [(a, 1), (c, 2), (b, 3), (d, 4), (a, 5)]
    groups = by_year(items, lambda item: item[0])
    assert [(year, [n for _, n in group]) for year, group in groups] == [
        ("1998", [3]),
        ("2003", [1, 4, 5]),  # the order within a year is kept
        (UNDATED, [2]),
    ]


def test_a_year_is_cut_into_pages_of_at_most_per_page_entries() -> None:
    items = list(range(2 * years.PER_PAGE + 1))
    pages = pages_of("topics/women", "2002", items)
    assert [p.path for p in pages] == ["topics/women/2002.md", "topics/women/2002-2.md", "topics/women/2002-3.md"]
    assert [len(p.items) for p in pages] == [years.PER_PAGE, years.PER_PAGE, 1]
    assert [p.first for p in pages] == [1, years.PER_PAGE + 1, 2 * years.PER_PAGE + 1]
    assert [e for p in pages for e in p.items] == items  # nothing lost, nothing repeated
    assert {p.of for p in pages} == {3} and [p.number for p in pages] == [1, 2, 3]


def test_the_address_of_a_years_first_page_does_not_depend_on_its_size() -> None:
    assert pages_of("x", "2002", [1])[0].path == pages_of("x", "2002", list(range(1000)))[0].path == "x/2002.md"
    assert [p.path for p in pages_of("x", UNDATED, list(range(years.PER_PAGE)))] == ["x/undated.md"]


def test_year_links_are_relative_and_mark_the_current_page() -> None:
    a, b, c = doc("a", "1998-01-01"), doc("b", "2002-01-01"), doc("c", None)
    items = [(a, n) for n in range(3)] + [(b, n) for n in range(years.PER_PAGE + 2)] + [(c, 0)]
    listing = split("topics/women", items, lambda item: item[0])
    here = listing[1][1].path  # the second page of 2002
    # A year page links to the years next to it only (from any of its pages, to their first page).
    before, after = neighbours(listing, here)
    assert before == Link("1998", "1998.html") and after == Link(UNDATED, "undated.html")
    assert neighbours(listing, listing[0][0].path)[0] is None
    assert neighbours(listing, listing[2][0].path)[1] is None
    assert [(p.text, p.href, p.current) for p in part_links(listing[1], here)] == [
        ("1", "2002.html", False),
        ("2", "2002-2.html", True),
    ]
    assert part_links(listing[0], listing[0][0].path) == []  # a year on one page has no page row
    # A document page lists every year with its count; its links climb to the site root.
    links = year_links(listing, "A/RES/57/176.md")
    assert [(link.text, link.count) for link in links] == [("1998", 3), ("2002", years.PER_PAGE + 2), (UNDATED, 1)]
    assert links[0].href == "../../../topics/women/1998.html"


def test_a_document_page_lists_the_most_recent_citing_documents() -> None:
    dated = [(doc(f"d{n:03}", f"{1950 + n}-01-01"), []) for n in range(citations.CITED_BY + 5)]
    undated = [(doc("u", None), [])]
    shown = citations._most_recent(dated + undated)  # type: ignore[arg-type]
    assert shown == dated[-citations.CITED_BY :]
    few = dated[:3] + undated
    assert citations._most_recent(few) == few  # type: ignore[arg-type]


def test_cited_by_folders_never_collide_with_pages_of_other_documents() -> None:
    # A document whose symbol extends another's by a year: its pages are in its own folder.
    one = doc("one", "2002-01-01", "A/RES/57/176")
    two = doc("two", "2002-01-01", "A/RES/57/176/2005")
    three = doc("three", None)
    assert cited_by_folder(one) == "cited-by/A/RES/57/176"
    assert cited_by_folder(two) == "cited-by/A/RES/57/176/2005"
    assert cited_by_folder(three) == "cited-by/documents/three"
    page_of_one = pages_of(cited_by_folder(one), "2005", [1])[0].path
    pages_of_two = {p.path for year in ("2005", UNDATED) for p in pages_of(cited_by_folder(two), year, [1])}
    assert page_of_one == "cited-by/A/RES/57/176/2005.md" and page_of_one not in pages_of_two


# --------------------------------------------------------------------------- a generated archive, built
SMALL = {"PER_PAGE": 4, "INLINE": 6, "CITED_BY": 3}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """A generated archive of 80 documents built strictly with thresholds small enough to split everything."""
    where = tmp_path_factory.mktemp("bounded")
    generate(80, where / "source", seed=7)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(years, "PER_PAGE", SMALL["PER_PAGE"])
        for module in (topics, citations):
            mp.setattr(module, "INLINE", SMALL["INLINE"])
        mp.setattr(citations, "CITED_BY", SMALL["CITED_BY"])
        yield build_into(where / "source", where)


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(site: Path, page: str) -> BeautifulSoup:
    return _soup(site / page)


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


def target(page: str, href: str) -> tuple[str, str]:
    """The page (from the site root) and anchor a relative link of ``page`` points at."""
    path, _, anchor = unquote(href).partition("#")  # MkDocs writes "(" as "%28" in Markdown links
    return (posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page), anchor


def crawl(site: Path, start: str, folder: str) -> list[str]:
    """Every page reached from ``start`` by following links to pages under ``folder/``, in visit order."""
    seen, todo = [start], [start]
    while todo:
        page = todo.pop(0)
        for a in soup(site, page).select("article a[href]"):
            href = str(a["href"])
            if "://" in href or href.startswith("#"):
                continue
            linked, _ = target(page, href)
            if linked.startswith(folder + "/") and linked not in seen:
                seen.append(linked)
                todo.append(linked)
    return seen


def test_the_build_is_strict_clean(built: BuiltSite) -> None:
    assert built.mkdocs_messages == []


def test_every_link_of_a_listing_page_reaches_an_existing_page_and_anchor(built: BuiltSite) -> None:
    checked = 0
    for path in sorted(built.site.rglob("*.html")):
        page = path.relative_to(built.site).as_posix()
        if not page.startswith(("topics/", "instruments/", "cited-by/")):
            continue
        text = path.read_text(encoding="utf-8")
        article = text[text.index("<article") : text.index("</article>")]
        for raw in re.findall(r'<a [^>]*?href="([^"]+)"', article):
            href = html.unescape(raw)
            if "://" in href:
                continue
            linked, anchor = target(page, href)
            assert (built.site / linked).is_file(), (page, href)
            if anchor:
                assert anchor in _ids(built.site / linked), (page, href)
            checked += 1
    assert checked > 1000


def test_every_tagged_paragraph_is_reached_through_the_year_pages(built: BuiltSite) -> None:
    hits = hits_by_topic(built.corpus)
    split_years = 0
    for topic in built.corpus.taxonomy:
        main = f"topics/{topic.id}.html"
        expected = [(h.doc.url, h.para.anchor) for h in hits[topic.id]]
        inline = soup(built.site, main).select(".un-hits li")
        assert len(inline) == (len(expected) if len(expected) <= SMALL["INLINE"] else 0), topic.id
        found = [target(main, str(li.select_one("a[href]")["href"])) for li in inline]  # type: ignore[index]
        year_pages = crawl(built.site, main, f"topics/{topic.id}")[1:]
        assert bool(year_pages) == (len(expected) > SMALL["INLINE"]), topic.id  # year pages only when needed
        for page in year_pages:
            entries = soup(built.site, page).select(".un-hits li")
            assert 0 < len(entries) <= SMALL["PER_PAGE"], page  # bounded
            found += [target(page, str(li.select_one("a[href]")["href"])) for li in entries]  # type: ignore[index]
            split_years += page.rsplit("/", 1)[1].count("-")
        assert sorted(found) == sorted(expected), topic.id  # every paragraph, once
    assert split_years > 0  # some year did need several pages


def test_every_citing_paragraph_is_reached_through_the_year_pages(built: BuiltSite) -> None:
    index = CitationIndex(built.corpus)
    listed = 0
    for inst_id, cites in sorted(index.to_instrument.items()):
        main = f"instruments/{inst_id}.html"
        if not (built.site / main).is_file():
            continue
        expected = {(index.documents[c.source].url, c.anchor) for c in cites}
        inline = soup(built.site, main).select(".un-citing li")
        found = [target(main, str(li.select_one("a[href]")["href"])) for li in inline]  # type: ignore[index]
        for page in crawl(built.site, main, f"instruments/{inst_id}")[1:]:
            entries = soup(built.site, page).select(".un-citing li")
            assert 0 < len(entries) <= SMALL["PER_PAGE"], page
            found += [target(page, str(li.select_one("a[href]")["href"])) for li in entries]  # type: ignore[index]
        assert sorted(found) == sorted(expected) and len(found) == len(expected), inst_id
        listed += len(found) > SMALL["INLINE"]
    assert listed > 0


def test_articles_cited_link_to_a_page_listing_that_article(built: BuiltSite) -> None:
    checked = 0
    for path in sorted((built.site / "instruments").glob("*.html")):
        page = path.relative_to(built.site).as_posix()
        for li in soup(built.site, page).select("ul.un-articles > li"):
            label = li.get_text().split(":", 1)[0]
            links = li.select("a[href]")
            assert links, li
            for a in links:
                linked, anchor = target(page, str(a["href"]))
                group = soup(built.site, linked).find(id=anchor)
                assert isinstance(group, Tag) and anchor.startswith("doc-")
                assert any(label in item.get_text() for item in group.select("li")), (page, a["href"], label)
                # The year's page, or the instrument's own page when it lists its few places itself.
                assert linked == page or linked.split("/")[-1].startswith(a.get_text())
                checked += 1
    assert checked > 0


def cited_entries(site: Path, page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The citing documents of a list on ``page``: (document page, [(page, anchor) of each place])."""
    out = []
    for li in soup(site, page).select("ul.un-citedby > li"):
        first, *places = li.select("a[href]")
        out.append((target(page, str(first["href"]))[0], [target(page, str(a["href"])) for a in places]))
    return out


def test_cited_by_lists_are_bounded_and_complete_across_their_pages(built: BuiltSite) -> None:
    index = CitationIndex(built.corpus)
    companions = 0
    for doc_id, cites in sorted(index.to_doc.items()):
        cited = index.documents[doc_id]
        expected = {(index.documents[c.source].url, c.anchor) for c in cites}
        citing = {index.documents[c.source].url for c in cites}
        on_page = cited_entries(built.site, cited.url)
        assert len(on_page) == min(len(citing), SMALL["CITED_BY"]), doc_id
        folder = cited_by_folder(cited)
        if len(citing) <= SMALL["CITED_BY"]:
            assert {d for d, _ in on_page} == citing and not (built.site / folder).exists()
            continue
        companions += 1
        pages = crawl(built.site, cited.url, folder)[1:]
        found = [entry for page in pages for entry in cited_entries(built.site, page)]
        assert all(len(cited_entries(built.site, p)) <= SMALL["PER_PAGE"] for p in pages)
        assert sorted(d for d, _ in found) == sorted(citing)  # every citing document, once
        assert {place for _, places in found for place in places} == expected
        # the document page shows the most recent ones
        dates = {d.url: d.meta.date or "" for d in built.corpus.documents}
        assert [d for d, _ in on_page] == sorted((d for d, _ in found), key=lambda u: (dates[u], u))[
            -SMALL["CITED_BY"] :
        ] or not all(dates.values())
    assert companions > 0


def test_listing_pages_are_deterministic(built: BuiltSite) -> None:
    corpus: Corpus = built.corpus
    registry = load_registry()
    assert topic_pages(corpus) == topic_pages(corpus)
    assert instrument_pages(corpus, registry) == instrument_pages(corpus, registry)
    assert cited_by_pages(CitationIndex(corpus)) == cited_by_pages(CitationIndex(corpus))
