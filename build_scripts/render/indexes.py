"""Index pages: home (every document), by body, by year, and the build report.

All of them are built from the corpus (the model), never from rendered pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from markupsafe import Markup

from ..model import Corpus, Document
from .html import md_escape
from .page import human_date, relative
from .templates import render_template

HOME = "index.md"
BODIES = "bodies/index.md"
YEARS = "years/index.md"
KINDS = "kinds/index.md"
KIND_TITLES = {
    "resolution": "Resolutions",
    "decision": "Decisions",
    "draft resolution": "Draft resolutions",
    "report": "Reports",
    "note": "Notes",
    "other": "Other documents",
}
REPORT = "report.md"
UNKNOWN_BODY = "Body not stated"
UNKNOWN_YEAR = "Date not stated"


def slug(text: str) -> str:
    """ "Economic and Social Council" -> "economic-and-social-council"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sort_key(doc: Document) -> tuple[str, str]:
    """Documents are listed by date, then id; undated ones last."""
    return (doc.meta.date or "9999", doc.id)


def doc_line(doc: Document, from_page: str) -> Markup:
    """One Markdown list item: symbol or id linked to the page, title, body, date."""
    target = relative(from_page, doc.url.replace(".html", ".md"))
    label = doc.meta.symbol or doc.meta.title or doc.id
    parts = [f"[{md_escape(label)}]({target})"]
    if doc.meta.symbol and doc.meta.title:
        parts.append(f"*{md_escape(doc.meta.title)}*")
    details = [x for x in (doc.meta.body, doc.meta.kind, human_date(doc.meta.date)) if x]
    parts.append(md_escape(", ".join(details)))
    return Markup("- " + " — ".join(parts))


def by_body(docs: Iterable[Document]) -> dict[str, list[Document]]:
    """Documents grouped by organ (sorted), each group in date order."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.meta.body or UNKNOWN_BODY].append(doc)
    return {k: sorted(v, key=sort_key) for k, v in sorted(groups.items())}


def by_year(docs: Iterable[Document]) -> dict[str, list[Document]]:
    """Documents grouped by year (newest first), each group in date order."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.meta.date[:4] if doc.meta.date else UNKNOWN_YEAR].append(doc)
    return {k: sorted(groups[k], key=sort_key) for k in sorted(groups, reverse=True)}


def by_kind(docs: Iterable[Document]) -> dict[str, list[Document]]:
    """Documents grouped by kind (resolutions first), each group in date order."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[KIND_TITLES.get(doc.meta.kind, KIND_TITLES["other"])].append(doc)
    order = list(KIND_TITLES.values())
    return {k: sorted(groups[k], key=sort_key) for k in sorted(groups, key=order.index)}


def index_pages(corpus: Corpus) -> dict[str, str]:
    """Every index page, by its path in ``docs/``."""
    docs = corpus.documents
    pages: dict[str, str] = {}
    rows = [
        {
            "link": relative(HOME, d.url.replace(".html", ".md")),
            "symbol": d.meta.symbol or "—",
            "title": d.meta.title or d.id,
            "body": d.meta.body or "—",
            "date": d.meta.date or "—",
        }
        for d in sorted(docs, key=sort_key)
    ]
    bodies = by_body(docs)
    years = by_year(docs)
    kinds = by_kind(docs)
    pages[HOME] = render_template(
        "home.md.j2",
        rows=rows,
        documents=len(docs),
        bodies=[(name, f"bodies/{slug(name)}.md", len(group)) for name, group in bodies.items()],
        years=[(name, f"years/{slug(name)}.md", len(group)) for name, group in years.items()],
        kinds=[(name, f"kinds/{slug(name)}.md", len(group)) for name, group in kinds.items()],
    )
    for title, groups, index in (
        ("Documents by body", bodies, BODIES),
        ("Documents by year", years, YEARS),
        ("Documents by kind", kinds, KINDS),
    ):
        folder = index.split("/")[0]
        pages[index] = render_template(
            "group-index.md.j2",
            title=title,
            groups=[(name, f"{slug(name)}.md", len(group)) for name, group in groups.items()],
        )
        for name, group in groups.items():
            path = f"{folder}/{slug(name)}.md"
            pages[path] = render_template(
                "group.md.j2", title=name, up=relative(path, index), lines=[doc_line(d, path) for d in group]
            )
    pages[REPORT] = render_template(
        "report.md.j2",
        documents=[(d, relative(REPORT, d.url.replace(".html", ".md"))) for d in sorted(docs, key=lambda d: d.source)],
        corpus_diagnostics=corpus.diagnostics,
        totals=totals(corpus),
    )
    return pages


def totals(corpus: Corpus) -> dict[str, int]:
    """The build summary: documents, paragraphs, footnotes, warnings, removed lines."""
    docs = corpus.documents
    return {
        "documents": len(docs),
        "paragraphs": sum(len(d.paragraphs) for d in docs),
        "footnotes": sum(len(d.footnotes) for d in docs),
        "warnings": sum(len(d.diagnostics) for d in docs) + len(corpus.diagnostics),
        "removed": sum(len(d.removals) for d in docs),
    }
