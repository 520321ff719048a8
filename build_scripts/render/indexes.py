"""Index pages: home, by body, by year, by kind, and the build report, bounded at any size.

All of them are built from the corpus (the model), never from rendered pages. The pages and
their addresses (README "Browsing"):

- ``index.md``: every document while there are at most :data:`LIST_LIMIT`; past that, the
  counts by year, body and kind and the :data:`LATEST` most recent documents.
- ``years/index.md`` (a table year x body of counts), ``years/<year>.md`` (that year's documents
  grouped by body), ``years/undated.md`` (documents with no date).
- ``bodies/index.md``, ``bodies/<body>.md`` (counts by year, and every document while there are
  at most :data:`LIST_LIMIT`), ``bodies/<body>/<year>.md`` (always written); the same for kinds
  (``kinds/resolutions.md``, ``kinds/resolutions/2002.md``).
- ``report.md``: totals, a table of years, every archive-level warning and the first
  :data:`REPORT_WARNINGS` warnings about documents; ``report/<year>.md``: for each document of
  the year, its counts, every warning and every removed line of page furniture.

Every address depends only on a document's own body, kind and year, never on how many documents
the archive holds: a page that exists at 10 documents exists, at the same address, at 10,000.
The pages that grow with the archive are the per-year ones, and they grow only with the
documents of one year.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Corpus, Diagnostic, Document
from .html import md_escape
from .page import human_date, relative
from .templates import render_template

HOME = "index.md"
BODIES = "bodies/index.md"
YEARS = "years/index.md"
KINDS = "kinds/index.md"
REPORT = "report.md"
KIND_TITLES = {
    "resolution": "Resolutions",
    "decision": "Decisions",
    "draft resolution": "Draft resolutions",
    "report": "Reports",
    "note": "Notes",
    "other": "Other documents",
}
UNKNOWN_BODY = "Body not stated"
UNDATED = "undated"
"""The year bucket (and address: ``years/undated.md``) of documents whose date is not known."""
UNDATED_TITLE = "Date not stated"

LIST_LIMIT = 100
"""Longest list of documents shown whole on the home page and on a body or kind page.

100 lines (about 20 KB of Markdown) still read as one list; past that, a page shows counts by
year that link to the per-year pages. The per-year pages exist at any size, so no address
changes when an archive crosses the limit."""
LATEST = 20
"""How many of the most recent documents a home page above :data:`LIST_LIMIT` shows."""
REPORT_WARNINGS = 200
"""Warnings about documents listed on ``report.md``; all of them are on the year pages."""


@dataclass(frozen=True)
class Group:
    """Documents sharing a body, a kind or a year, with the page that lists them."""

    title: str
    """As shown: "General Assembly", "Resolutions", "2002", "Date not stated"."""
    key: str
    """The address part: ``general-assembly``, ``resolutions``, ``2002``, ``undated``."""
    path: str
    """The group's page in ``docs/``: ``bodies/general-assembly.md``."""
    docs: tuple[Document, ...]
    """In date order (:func:`sort_key`)."""

    def year_path(self, year: str) -> str:
        """The page of this group's documents of one year: ``bodies/general-assembly/2002.md``."""
        return f"{self.path.removesuffix('.md')}/{year}.md"


def slug(text: str) -> str:
    """ "Economic and Social Council" -> "economic-and-social-council"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def natural(text: str) -> tuple[tuple[int, str, int], ...]:
    """Sort key reading digit runs as numbers: ``a-res-57-2`` before ``a-res-57-10``; digits first."""
    return tuple((0, "", int(p)) if p.isdigit() else (1, p, 0) for p in re.split(r"(\d+)", text) if p)


def sort_key(doc: Document) -> tuple[str, tuple[tuple[int, str, int], ...], str]:
    """Documents are listed by date, then id (numbers in order); undated ones last."""
    return (doc.meta.date or "9999", natural(doc.id), doc.id)


def source_key(doc: Document) -> tuple[tuple[tuple[int, str, int], ...], str, str]:
    """The build report lists documents by source file (numbers in order), then id."""
    return (natural(doc.source), doc.source, doc.id)


def year_of(doc: Document) -> str:
    """A document's year bucket: ``"2002"``, or :data:`UNDATED`."""
    return doc.meta.date[:4] if doc.meta.date else UNDATED


def year_title(year: str) -> str:
    """ "2002" -> "2002"; :data:`UNDATED` -> "Date not stated"."""
    return UNDATED_TITLE if year == UNDATED else year


def year_order(year: str) -> tuple[bool, str]:
    """Sort key of year buckets, newest first with the undated bucket last: use with reverse."""
    return (year != UNDATED, year)


def md_page(path: str) -> str:
    """A document's page in ``docs/``: ``A/RES/57/176.md``."""
    return path.removesuffix(".html") + ".md"


def count(n: int, noun: str) -> str:
    """``count(1, "document")`` -> "1 document"; ``count(1200, ...)`` -> "1,200 documents"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def doc_line(doc: Document, from_page: str) -> Markup:
    """One Markdown list item: symbol or id linked to the page, title, body, date."""
    # Up to the root, then down: the same link relpath() gives, at a fraction of its cost.
    target = "../" * from_page.count("/") + md_page(doc.url)
    label = doc.meta.symbol or doc.meta.title or doc.id
    parts = [f"[{md_escape(label)}]({target})"]
    if doc.meta.symbol and doc.meta.title:
        parts.append(f"*{md_escape(doc.meta.title)}*")
    details = [x for x in (doc.meta.body, doc.meta.kind, human_date(doc.meta.date)) if x]
    parts.append(md_escape(", ".join(details)))
    return Markup("- " + " — ".join(parts))


def grouped(docs: Iterable[Document], key: Callable[[Document], str]) -> dict[str, tuple[Document, ...]]:
    """Documents by ``key`` (keys unsorted), each group in the order of ``docs``."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[key(doc)].append(doc)
    return {k: tuple(v) for k, v in groups.items()}


def body_of(doc: Document) -> str:
    """A document's organ, or :data:`UNKNOWN_BODY`."""
    return doc.meta.body or UNKNOWN_BODY


def by_body(docs: Iterable[Document]) -> list[Group]:
    """Groups by organ, sorted by name."""
    groups = grouped(sorted(docs, key=sort_key), body_of)
    return [Group(name, slug(name), f"bodies/{slug(name)}.md", groups[name]) for name in sorted(groups)]


def by_kind(docs: Iterable[Document]) -> list[Group]:
    """Groups by kind, resolutions first."""
    groups = grouped(sorted(docs, key=sort_key), lambda d: KIND_TITLES.get(d.meta.kind, KIND_TITLES["other"]))
    order = list(KIND_TITLES.values())
    return [Group(n, slug(n), f"kinds/{slug(n)}.md", groups[n]) for n in sorted(groups, key=order.index)]


def by_year(docs: Iterable[Document]) -> list[Group]:
    """Groups by year, newest first, documents with no date last."""
    groups = grouped(sorted(docs, key=sort_key), year_of)
    return [Group(year_title(y), y, f"years/{y}.md", groups[y]) for y in sorted(groups, key=year_order, reverse=True)]


def year_counts(docs: Iterable[Document]) -> list[tuple[str, int]]:
    """(year, number of documents), newest first, undated last."""
    counts = Counter(year_of(d) for d in docs)
    return [(y, counts[y]) for y in sorted(counts, key=year_order, reverse=True)]


def span(docs: Sequence[Document]) -> str:
    """The years a group covers: "1990–2025", "2002", or "" when no document is dated."""
    years = sorted(d.meta.date[:4] for d in docs if d.meta.date)
    if not years:
        return ""
    return years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def neighbours(years: Sequence[str], year: str, page: str, link: Callable[[str], str]) -> list[tuple[str, str]]:
    """Links to the previous (older) and next (newer) dated year among ``years``."""
    dated = sorted(y for y in years if y != UNDATED)
    if year not in dated:
        return []
    at = dated.index(year)
    out = []
    if at > 0:
        out.append((f"← {dated[at - 1]}", relative(page, link(dated[at - 1]))))
    if at + 1 < len(dated):
        out.append((f"{dated[at + 1]} →", relative(page, link(dated[at + 1]))))
    return out


def index_pages(corpus: Corpus) -> dict[str, str]:
    """Every index page and build report page, by its path in ``docs/``."""
    docs = corpus.documents
    bodies, kinds, years = by_body(docs), by_kind(docs), by_year(docs)
    pages: dict[str, str] = {HOME: home_page(docs, bodies, kinds, years)}
    pages[BODIES] = group_index("Documents by body", BODIES, bodies)
    pages[KINDS] = group_index("Documents by kind", KINDS, kinds)
    pages[YEARS] = years_index(years, bodies)
    for facet, index in ((bodies, BODIES), (kinds, KINDS)):
        for group in facet:
            pages.update(facet_pages(group, index, years))
    for group in years:
        pages[group.path] = year_page(group, years, bodies)
    pages.update(report_pages(corpus))
    return pages


def home_page(docs: Sequence[Document], bodies: list[Group], kinds: list[Group], years: list[Group]) -> str:
    """The home page: every document while the archive is small, else counts and the latest."""
    small = len(docs) <= LIST_LIMIT
    rows = [
        {
            "link": relative(HOME, d.url),
            "symbol": d.meta.symbol or "—",
            "title": d.meta.title or d.id,
            "body": d.meta.body or "—",
            "date": d.meta.date or "—",
        }
        for d in sorted(docs, key=sort_key)
        if small
    ]
    latest = heapq.nlargest(LATEST, (d for d in docs if d.meta.date), key=sort_key)
    return render_template(
        "home.md.j2",
        total=count(len(docs), "United Nations document"),
        rows=rows,
        latest=[] if small else [doc_line(d, HOME) for d in latest],
        bodies=[(g.title, g.path, len(g.docs)) for g in bodies],
        years=[(g.title, g.path, len(g.docs)) for g in years],
        kinds=[(g.title, g.path, len(g.docs)) for g in kinds],
    )


def group_index(title: str, index: str, groups: list[Group]) -> str:
    """``bodies/index.md`` or ``kinds/index.md``: each group with its count and years."""
    return render_template(
        "group-index.md.j2",
        title=title,
        groups=[(g.title, relative(index, g.path), count(len(g.docs), "document"), span(g.docs)) for g in groups],
    )


def years_index(years: list[Group], bodies: list[Group]) -> str:
    """``years/index.md``: one row per year, a column per body, each count linking to its page."""
    rows = []
    for year in years:
        per_body = Counter(body_of(d) for d in year.docs)
        cells = [
            (f"{per_body[b.title]:,}", relative(YEARS, b.year_path(year.key))) if b.title in per_body else None
            for b in bodies
        ]
        rows.append((year.title, relative(YEARS, year.path), f"{len(year.docs):,}", cells))
    return render_template("years-index.md.j2", bodies=[b.title for b in bodies], rows=rows)


def facet_pages(group: Group, index: str, years: list[Group]) -> dict[str, str]:
    """A body's (kind's) page and its per-year pages."""
    counts = year_counts(group.docs)
    per_year = grouped(group.docs, year_of)
    year_titles = {y.key: y.title for y in years}
    pages = {
        group.path: render_template(
            "group.md.j2",
            title=group.title,
            summary=", ".join(x for x in (count(len(group.docs), "document"), span(group.docs)) if x) + ".",
            links=[(index_title(index), relative(group.path, index))],
            years=[(year_title(y), relative(group.path, group.year_path(y)), f"{n:,}") for y, n in counts],
            sections=[("All documents", [doc_line(d, group.path) for d in group.docs])]
            if len(group.docs) <= LIST_LIMIT
            else [],
        )
    }
    keys = [y for y, _ in counts]
    for year in keys:
        path = group.year_path(year)
        title = f"{group.title}, {year_titles[year]}"
        pages[path] = render_template(
            "group.md.j2",
            title=title,
            summary=count(len(per_year[year]), "document") + ".",
            links=[
                (group.title, relative(path, group.path)),
                (f"All documents of {year_titles[year]}", relative(path, f"years/{year}.md")),
                *neighbours(keys, year, path, group.year_path),
            ],
            years=[],
            sections=[("", [doc_line(d, path) for d in per_year[year]])],
        )
    return pages


def index_title(index: str) -> str:
    """The label of a link back to an index page."""
    return {BODIES: "All bodies", KINDS: "All kinds", YEARS: "All years"}[index]


def year_page(year: Group, years: list[Group], bodies: list[Group]) -> str:
    """``years/<year>.md``: the year's documents grouped by body, with the years around it."""
    per_body = grouped(year.docs, body_of)
    present = [b for b in bodies if b.title in per_body]
    return render_template(
        "group.md.j2",
        title=year.title,
        summary=count(len(year.docs), "document") + ".",
        links=[
            (index_title(YEARS), relative(year.path, YEARS)),
            *neighbours([y.key for y in years], year.key, year.path, lambda y: f"years/{y}.md"),
        ],
        years=[],
        sections=[(b.title, [doc_line(d, year.path) for d in per_body[b.title]]) for b in present],
    )


# --------------------------------------------------------------------------- build report
def report_path(year: str) -> str:
    """The build report page of one year's documents: ``report/2002.md``, ``report/undated.md``."""
    return f"report/{year}.md"


def section_id(doc: Document) -> str:
    """The anchor of a document's section on its report page (ids are ``[a-z0-9-]``)."""
    return f"doc-{doc.id}"


def report_pages(corpus: Corpus) -> dict[str, str]:
    """``report.md`` (totals, years, warnings) and one page per year with every detail."""
    by_source = sorted(corpus.documents, key=source_key)
    per_year = grouped(by_source, year_of)
    years = sorted(per_year, key=year_order, reverse=True)
    paragraphs = {d.id: len(d.paragraphs) for d in by_source}  # a property that walks the blocks
    warnings: list[tuple[Diagnostic, str]] = [
        (d, relative(REPORT, report_path(year_of(doc)) + "#" + section_id(doc)))
        for doc in by_source
        for d in doc.diagnostics
    ]
    pages = {
        REPORT: render_template(
            "report.md.j2",
            totals=totals(corpus, paragraphs),
            corpus_diagnostics=corpus.diagnostics,
            warnings=warnings[:REPORT_WARNINGS],
            more_warnings=len(warnings) - len(warnings[:REPORT_WARNINGS]),
            years=[
                (
                    year_title(y),
                    relative(REPORT, report_path(y)),
                    f"{len(per_year[y]):,}",
                    f"{sum(len(d.diagnostics) for d in per_year[y]):,}",
                    f"{sum(len(d.removals) for d in per_year[y]):,}",
                )
                for y in years
            ],
        )
    }
    for year in years:
        path = report_path(year)
        docs = per_year[year]
        pages[path] = render_template(
            "report-year.md.j2",
            title=f"Build report: {year_title(year)}",
            links=[("Build report", relative(path, REPORT)), *neighbours(years, year, path, report_path)],
            totals=totals(Corpus(docs), paragraphs),
            documents=[(d, "../" + md_page(d.url), section_id(d), paragraphs[d.id], len(d.footnotes)) for d in docs],
        )
    return pages


def totals(corpus: Corpus, paragraphs: Mapping[str, int] | None = None) -> dict[str, int]:
    """The build summary: documents, paragraphs, footnotes, warnings, removed lines.

    ``paragraphs``: each document's number of paragraphs by id, when already counted.
    """
    docs = corpus.documents
    return {
        "documents": len(docs),
        "paragraphs": sum(paragraphs[d.id] if paragraphs else len(d.paragraphs) for d in docs),
        "footnotes": sum(len(d.footnotes) for d in docs),
        "warnings": sum(len(d.diagnostics) for d in docs) + len(corpus.diagnostics),
        "removed": sum(len(d.removals) for d in docs),
    }
