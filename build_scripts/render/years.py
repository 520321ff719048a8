"""Long lists split by year, and a long year into pages: what keeps listing pages bounded.

A topic, an instrument or a much-cited document gathers entries from the whole archive, so a
page listing them all grows with the archive (``topics/women.html`` was 1.5 MB at 1,000
documents). The listing pages therefore list years, and each year has its own pages:

* :func:`by_year` groups entries (already in date order) by the year of their document,
  ``undated`` last;
* :func:`pages_of` cuts a year into pages of at most :data:`PER_PAGE` entries: the first keeps
  the year's address (``2002.html``), the next are ``2002-2.html``, ``2002-3.html``…; an address
  of a year's first page never depends on the size of the archive;
* :func:`year_links` gives the row of every year of a listing (on a document page), and
  :func:`neighbours` and :func:`part_links` the links between the pages of a listing.

An entry is one paragraph (topics, instruments) or one citing document (cited-by lists); a
page is bounded because both are: a paragraph's excerpt is cut to a fixed width, and a
document lists each of its citing places once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..model import Document
from .page import relative

T = TypeVar("T")

UNDATED = "undated"
"""The "year" of documents without a date, listed after the dated years."""
PER_PAGE = 80
"""Entries on one page of a year: at most about 70 KB of Markdown (80 KB of HTML with Material's
chrome) with topic excerpts, whatever the archive's size; 100 made pages of 82 KB of Markdown."""
INLINE = 60
"""A listing page also shows every entry itself while it has at most this many."""


def year_of(doc: Document) -> str:
    """The year of a document's date, or :data:`UNDATED`."""
    return doc.meta.date[:4] if doc.meta.date else UNDATED


def by_year(items: Sequence[T], doc_of: Callable[[T], Document]) -> list[tuple[str, list[T]]]:
    """``items`` grouped by their document's year: years ascending, :data:`UNDATED` last.

    The order of ``items`` within a year is kept.
    """
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(year_of(doc_of(item)), []).append(item)
    return sorted(groups.items(), key=lambda kv: (kv[0] == UNDATED, kv[0]))


def page_name(year: str, number: int) -> str:
    """The file name (without suffix) of page ``number`` (from 1) of a year: ``2002``, ``2002-2``."""
    return year if number == 1 else f"{year}-{number}"


@dataclass(frozen=True)
class YearPage(Generic[T]):
    """One page of the entries of one year of a listing."""

    year: str
    """The year, or :data:`UNDATED`."""
    number: int
    """Which page of the year, from 1."""
    of: int
    """How many pages the year has."""
    path: str
    """The page in ``docs/``: ``<folder>/<year>.md``, ``<folder>/<year>-<number>.md``."""
    items: list[T]
    """Its entries, at most :data:`PER_PAGE`."""
    first: int
    """The position in the year (from 1) of its first entry."""


def pages_of(folder: str, year: str, items: list[T]) -> list[YearPage[T]]:
    """The pages of one year of a listing kept under ``folder`` (``topics/women``)."""
    chunks = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
    return [
        YearPage(year, n, len(chunks), f"{folder}/{page_name(year, n)}.md", chunk, 1 + (n - 1) * PER_PAGE)
        for n, chunk in enumerate(chunks, 1)
    ]


def split(folder: str, items: Sequence[T], doc_of: Callable[[T], Document]) -> list[list[YearPage[T]]]:
    """Every page of a listing: one list of pages per year, years in order."""
    return [pages_of(folder, year, group) for year, group in by_year(items, doc_of)]


@dataclass(frozen=True)
class Link:
    """A link of a row of year links: its text, its relative address, and whether it is this page."""

    text: str
    href: str
    current: bool = False
    count: int = 0
    """Its entries, shown when not 0."""


def year_links(years: Sequence[Sequence[YearPage[T]]], here: str) -> list[Link]:
    """A link to the first page of every year, with its count, from the page ``here``."""
    links = []
    for pages in years:
        current = any(p.path == here for p in pages)
        links.append(Link(pages[0].year, href(here, pages[0].path), current, sum(len(p.items) for p in pages)))
    return links


def neighbours(years: Sequence[Sequence[YearPage[T]]], here: str) -> tuple[Link | None, Link | None]:
    """Links to the previous and the next year (their first pages) from a page of a year.

    A year page links only to its neighbours and to the listing, which lists every year: so
    adding or removing a document rewrites the pages of its own year (and, when a year appears
    or goes, of the two next to it), not every year page of the listing.
    """
    at = next(i for i, pages in enumerate(years) if any(p.path == here for p in pages))
    before = Link(years[at - 1][0].year, href(here, years[at - 1][0].path)) if at > 0 else None
    after = Link(years[at + 1][0].year, href(here, years[at + 1][0].path)) if at + 1 < len(years) else None
    return before, after


def part_links(pages: Sequence[YearPage[T]], here: str) -> list[Link]:
    """A link to every page of one year (``1``, ``2``…), from the page ``here``; none for one page."""
    if len(pages) < 2:
        return []
    return [Link(str(p.number), href(here, p.path), p.path == here, len(p.items)) for p in pages]


def href(from_page: str, to_page: str) -> str:
    """A relative link between two ``docs/`` pages, for raw HTML (``.md`` becomes ``.html``)."""
    return relative(from_page, to_page.removesuffix(".md") + ".html")
