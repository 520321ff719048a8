""" "Cited by" and "References" sections of document pages, cited-by pages, and the instrument pages.

Everything here reads ``Corpus.citations`` (filled by :mod:`build_scripts.link`) and the
documents' own text; nothing is recognised again. No page lists the whole archive
(:mod:`.years`): a document page lists at most :data:`CITED_BY` citing documents, the most
recent, and links to ``cited-by/<page>/<year>.md`` for all of them; an instrument page lists
the years of its citing paragraphs, which are on ``instruments/<id>/<year>.md``.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable

from markupsafe import Markup

from ..instruments import Instrument, Registry
from ..link import article_words, describe, undocs_url
from ..model import Citation, Corpus, Document
from ..model import place_label as model_place_label
from .html import attr
from .page import human_date, relative, root_of
from .templates import render_template
from .years import INLINE, YearPage, neighbours, part_links, split, year_links, year_of

INSTRUMENTS = "instruments/index.md"
CITED_BY = 50
"""Citing documents listed on a document's page; more are listed on its cited-by pages."""
EXCERPT = 110
"""Characters of context shown on each side of a reference in an excerpt."""
KIND_LABELS = {
    "convention": "Conventions",
    "covenant": "Covenants",
    "protocol": "Protocols",
    "charter": "Charters",
    "statute": "Statutes",
    "declaration": "Declarations",
    "programme": "Programmes, platforms and plans of action",
    "ilo-convention": "ILO conventions",
    "other": "Other instruments",
}


def place_label(anchor: str) -> str:
    """Words for a place in a document: "para. 5 (b)", "preambular para. 3", "note 12"."""
    kind, _, rest = anchor.partition("-")
    if kind == "fn":
        return f"note {rest}"
    if kind == "mh":
        return "heading"
    return model_place_label(anchor, spelled=True) or anchor


def doc_label(doc: Document) -> str:
    """A document as a reader names it: its symbol, else its title."""
    return doc.meta.symbol or doc.meta.title or doc.id


class CitationIndex:
    """The corpus's citations, indexed for the renderers."""

    def __init__(self, corpus: Corpus) -> None:
        self.documents = {d.id: d for d in corpus.documents}
        self.to_doc: dict[str, list[Citation]] = defaultdict(list)
        self.from_doc: dict[str, list[Citation]] = defaultdict(list)
        self.to_instrument: dict[str, list[Citation]] = defaultdict(list)
        for c in corpus.citations:
            self.from_doc[c.source].append(c)
            if c.kind == "instrument":
                self.to_instrument[c.target].append(c)
            elif c.document and c.document != c.source:
                self.to_doc[c.document].append(c)
        self._texts: dict[str, dict[str, str]] = {}

    def text(self, doc_id: str, anchor: str) -> str:
        """Plain text of a paragraph, note or masthead line of a document."""
        if doc_id not in self._texts:
            doc = self.documents[doc_id]
            table = {p.anchor: p.text for p in doc.paragraphs}
            table.update({n.anchor: n.text for n in doc.footnotes})
            table.update({f"mh-{m.line}": m.text for m in doc.masthead})
            self._texts[doc_id] = table
        return self._texts[doc_id].get(anchor, "")


def _by_document(citations: Iterable[Citation], index: CitationIndex) -> list[tuple[Document, list[Citation]]]:
    groups: dict[str, list[Citation]] = defaultdict(list)
    for c in citations:
        groups[c.source].append(c)
    docs = sorted((index.documents[k] for k in groups), key=lambda d: (d.meta.date or "9999", d.id))
    return [(d, _unique_places(groups[d.id])) for d in docs]


def _unique_places(citations: list[Citation]) -> list[Citation]:
    seen: set[str] = set()
    out = []
    for c in citations:
        if c.anchor not in seen:
            seen.add(c.anchor)
            out.append(c)
    return out


def _place_links(doc: Document, citations: list[Citation], base: str) -> str:
    return ", ".join(
        f'<a href="{attr(base + doc.url)}#{attr(c.anchor)}">{html.escape(place_label(c.anchor))}</a>' for c in citations
    )


def links_section(doc: Document, index: CitationIndex, registry: Registry) -> Markup | None:
    """The "Cited in the archive" and "References in this document" sections of ``doc``.

    A document cited by more than :data:`CITED_BY` documents lists only the most recent of them
    here, and links to the complete list on its cited-by pages (:func:`cited_by_pages`).
    """
    base = root_of(doc.url)
    parts: list[str] = []
    cited = _by_document(index.to_doc.get(doc.id, []), index)
    if cited:
        parts.append("## Cited in the archive {: #cited-by .un-gen }\n")
        shown = cited
        if len(cited) > CITED_BY:
            shown = _most_recent(cited)
            total = sum(len(p) for _, p in cited)
            years = split(cited_by_folder(doc), cited, _first)
            here = doc.url.removesuffix(".html") + ".md"
            parts.append(
                f'<p class="un-citedby-all">Cited by {len(cited):,} documents of the archive, in {total:,} places. '
                f"The {CITED_BY} most recent are listed here; all of them, by year:</p>"
            )
            parts.append(render_template("year-links.md.j2", years=year_links(years, here)))
        parts.append('<ul class="un-citedby">')
        parts += [_cited_item(doc, other, places, base) for other, places in shown]
        parts.append("</ul>\n")
    cites = [c for c in index.from_doc.get(doc.id, []) if not (c.kind == "paragraph" and c.document == doc.id)]
    if cites:
        parts.append("## References in this document {: #references .un-gen }\n")
        parts.append('<ul class="un-cites">')
        for label, href, places in _targets(cites, index, registry, base):
            own = _place_links(doc, places, "")
            parts.append(f'<li><a href="{attr(href)}">{html.escape(label)}</a>: {own.replace(attr(doc.url), "")}</li>')
        parts.append("</ul>\n")
    return Markup("\n".join(parts)) if parts else None


def _first(item: tuple[Document, object]) -> Document:
    return item[0]


def _most_recent(cited: list[tuple[Document, list[Citation]]]) -> list[tuple[Document, list[Citation]]]:
    """The :data:`CITED_BY` most recent citing documents, in date order (undated ones only to fill up)."""
    dated = [g for g in cited if g[0].meta.date]
    if len(dated) >= CITED_BY:
        return dated[-CITED_BY:]
    return dated + [g for g in cited if not g[0].meta.date][: CITED_BY - len(dated)]


def _cited_item(doc: Document, other: Document, places: list[Citation], base: str) -> str:
    """One citing document of a "cited in the archive" list: its link, date and citing places."""
    target = {c.target_anchor for c in places if c.target_anchor}
    about = f" (on {', '.join(place_label(a) for a in sorted(target))})" if target else ""
    return (
        f'<li><a href="{attr(base + other.url)}">{html.escape(doc_label(other))}</a>'
        f"{html.escape(_when(other))}: {_place_links(other, places, base)}{html.escape(about)}</li>"
    )


def cited_by_folder(doc: Document) -> str:
    """``cited-by/<page of doc>``: the folder of a document's cited-by pages in ``docs/``.

    ``cited-by/A/RES/57/176/2005.md`` lists the documents of 2005 citing ``A/RES/57/176``. The
    pages of every document are the files directly in its own folder, named by year, so they
    never collide with another document's (``A/RES/57/176/2005`` would have the folder
    ``cited-by/A/RES/57/176/2005/``) nor with a document page (no page is under ``cited-by/``).
    """
    return "cited-by/" + doc.url.removesuffix(".html")


def cited_by_pages(index: CitationIndex) -> dict[str, str]:
    """The complete "cited in the archive" list, by year, of every document cited by more than :data:`CITED_BY`."""
    pages: dict[str, str] = {}
    for doc_id in sorted(index.to_doc):
        doc = index.documents[doc_id]
        cited = _by_document(index.to_doc[doc_id], index)
        if len(cited) <= CITED_BY:
            continue
        years = split(cited_by_folder(doc), cited, _first)
        for year in years:
            total = sum(len(p.items) for p in year)
            for page in year:
                base = root_of(page.path)
                pages[page.path] = render_template(
                    "cited-by.md.j2",
                    doc=doc,
                    label=doc_label(doc),
                    page=page,
                    total=f"{total} document{'' if total == 1 else 's'}",
                    last=page.first + len(page.items) - 1,
                    doc_link=relative(page.path, doc.url.removesuffix(".html") + ".md"),
                    years=neighbours(years, page.path),
                    all_years=relative(page.path, doc.url) + "#cited-by",
                    parts=part_links(year, page.path),
                    items=Markup("\n".join(_cited_item(doc, other, places, base) for other, places in page.items)),
                )
    return pages


def _when(doc: Document) -> str:
    return f", {human_date(doc.meta.date)}" if doc.meta.date else ""


def _targets(
    cites: list[Citation], index: CitationIndex, registry: Registry, base: str
) -> list[tuple[str, str, list[Citation]]]:
    """Cited things in order: archive documents, other documents, instruments; each once."""
    groups: dict[tuple[int, str], list[Citation]] = defaultdict(list)
    for c in cites:
        rank = 2 if c.kind == "instrument" else (0 if c.document else 1)
        groups[(rank, c.target)].append(c)
    out = []
    for (rank, target), members in sorted(groups.items(), key=lambda kv: (kv[0][0], _natural(kv[0][1]))):
        if rank == 2:
            inst = registry.by_id.get(target)
            label, href = (inst.title if inst else target), f"{base}instruments/{target}.html"
        elif rank == 0:
            other = index.documents[members[0].document or ""]
            label = f"{target} ({other.meta.title})" if other.meta.title else target
            href = base + other.url
        else:
            label, href = describe(target, members[0].kind).removeprefix("document "), undocs_url(target)
        out.append((label, href, _unique_places(members)))
    return out


def _natural(text: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


# --------------------------------------------------------------------------- instrument pages
def excerpt(text: str, words: str) -> Markup:
    """The passage of ``text`` around ``words``, escaped, with ``words`` marked."""
    flat = " ".join(text.split())
    at = flat.find(words)
    if at < 0:
        short = flat if len(flat) <= 2 * EXCERPT else flat[: 2 * EXCERPT].rsplit(" ", 1)[0] + " …"
        return Markup(html.escape(short))
    start = max(0, at - EXCERPT)
    end = min(len(flat), at + len(words) + EXCERPT)
    if start > 0:
        start = flat.find(" ", start) + 1 or start
    if end < len(flat):
        end = flat.rfind(" ", at + len(words), end) if flat.rfind(" ", at + len(words), end) > 0 else end
    return Markup(
        ("… " if start > 0 else "")
        + html.escape(flat[start:at])
        + f"<mark>{html.escape(words)}</mark>"
        + html.escape(flat[at + len(words) : end])
        + (" …" if end < len(flat) else "")
    )


def _citing(
    page: str,
    entries: list[tuple[Document, Citation]],
    index: CitationIndex,
    at_place: dict[tuple[str, str], set[str]],
) -> list[dict[str, object]]:
    """The citing places of one page by document (in their order): what ``instrument-citing.md.j2`` lists."""
    out: list[dict[str, object]] = []
    base = root_of(page)
    for doc, c in entries:
        if not out or out[-1]["id"] != doc.id:
            out.append(
                {
                    "id": doc.id,
                    "label": doc_label(doc),
                    "title": doc.meta.title,
                    "href": base + doc.url,
                    "when": _when(doc).lstrip(", "),
                    "entries": [],
                }
            )
        out[-1]["entries"].append(  # type: ignore[attr-defined]
            {
                "href": f"{base}{doc.url}#{c.anchor}",
                "place": place_label(c.anchor),
                "excerpt": excerpt(index.text(doc.id, c.anchor), c.text),
                "articles": sorted(_article_label(a) for a in at_place.get((doc.id, c.anchor), ())),
            }
        )
    return out


def _places(pages: list[YearPage[tuple[Document, Citation]]]) -> str:
    """ "12 places in 9 documents" of the pages of one year."""
    entries = [e for p in pages for e in p.items]
    docs = len({doc.id for doc, _ in entries})
    return f"{len(entries)} place{'' if len(entries) == 1 else 's'} in {docs} document{'' if docs == 1 else 's'}"


def _articles(
    path: str,
    citations: list[Citation],
    on_page: dict[tuple[str, str], YearPage[tuple[Document, Citation]]],
    order: dict[tuple[str, str], int],
) -> list[tuple[str, int, int, list[tuple[str, str]]]]:
    """The articles cited, in article order: label, places, documents, and a link per year.

    A year's link goes to the year page listing the article's first citing place of that year,
    at its document; the list is bounded by the articles of the instrument and the years.
    """
    places: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in citations:
        if c.target_anchor:
            places[c.target_anchor].add((c.source, c.anchor))
    out = []
    for article, where in sorted(places.items(), key=lambda kv: _natural(kv[0])):
        first: dict[str, tuple[str, str]] = {}
        for key in sorted(where, key=order.__getitem__):
            page = on_page[key]
            first.setdefault(page.year, (relative(path, page.path.removesuffix(".md") + ".html"), key[0]))
        links = [(year, f"{href}#doc-{doc_id}") for year, (href, doc_id) in sorted(first.items(), key=_year_key)]
        out.append((_article_label(article), len(where), len({k[0] for k in where}), links))
    return out


def _year_key(item: tuple[str, object]) -> tuple[bool, str]:
    return (item[0] == "undated", item[0])


def _article_label(article: str) -> str:
    """``art-6-para-2`` -> "Article 6, paragraph 2"."""
    words = article_words(article)
    return words[:1].upper() + words[1:]


def instrument_pages(corpus: Corpus, registry: Registry) -> dict[str, str]:
    """``instruments/<id>.md`` for every instrument the archive cites, its year pages, and the index page.

    An instrument's page gives its facts, the articles cited (each with its count and the years
    it is cited in, linked to the citing documents) and the years of its citing paragraphs; the
    paragraphs themselves, with excerpts, are on the page while they are few
    (:data:`.years.INLINE`), and above that on its year pages ``instruments/<id>/<year>.md``
    (:mod:`.years`), which then list the years instead: near-empty year pages would multiply
    the pages (and MkDocs' time) of a small archive.
    """
    index = CitationIndex(corpus)
    by_symbol = {d.meta.symbol: d for d in corpus.documents if d.meta.symbol}
    pages: dict[str, str] = {}
    listed: list[tuple[Instrument, int, int]] = []
    for inst_id in sorted(index.to_instrument):
        inst = registry.by_id.get(inst_id)
        if inst is None:
            continue
        citations = index.to_instrument[inst_id]
        at_place: dict[tuple[str, str], set[str]] = defaultdict(set)
        for x in citations:
            if x.target_anchor:
                at_place[(x.source, x.anchor)].add(x.target_anchor)
        path = f"instruments/{inst.id}.md"
        places = [(doc, c) for doc, group in _by_document(citations, index) for c in group]
        count = len(places)
        # A short listing is on the page itself, with no year pages (see the module docstring).
        years = split(f"instruments/{inst.id}", places, _first) if count > INLINE else []
        on_page = {(doc.id, c.anchor): page for year in years for page in year for doc, c in page.items}
        if count <= INLINE:
            on_page = {(doc.id, c.anchor): YearPage(year_of(doc), 1, 1, path, [], 1) for doc, c in places}
        order = {(doc.id, c.anchor): i for i, (doc, c) in enumerate(places)}
        documents = len({doc.id for doc, _ in places})

        adopted = None
        if inst.adopted_by:
            in_archive = by_symbol.get(inst.adopted_by)
            href = f"../{in_archive.url}" if in_archive else undocs_url(inst.adopted_by)
            adopted = (describe(inst.adopted_by, "resolution") + (f", {inst.annex}" if inst.annex else ""), href)
        parent = registry.by_id.get(inst.parent) if inst.parent else None
        pages[path] = render_template(
            "instrument.md.j2",
            inst=inst,
            kind=inst.kind.replace("-", " "),
            date=human_date(inst.date),
            adopted=adopted,
            parent=(parent.title, f"{parent.id}.html" if parent.id in index.to_instrument else None)
            if parent
            else None,
            articles=_articles(path, citations, on_page, order),
            years=[(ps[0].year, relative(path, ps[0].path), _places(ps), len(ps)) for ps in years],
            groups=_citing(path, places, index, at_place) if count <= INLINE else [],
            count=count,
            documents=documents,
        )
        for year in years:
            for page in year:
                pages[page.path] = render_template(
                    "instrument-year.md.j2",
                    inst=inst,
                    page=page,
                    total=_places(year),
                    last=page.first + len(page.items) - 1,
                    all=sum(len(p.items) for p in year),
                    inst_link=relative(page.path, path),
                    years=neighbours(years, page.path),
                    all_years=relative(page.path, path.removesuffix(".md") + ".html") + "#years",
                    parts=part_links(year, page.path),
                    groups=_citing(page.path, page.items, index, at_place),
                )
        listed.append((inst, count, documents))
    by_kind: dict[str, list[tuple[Instrument, int, int]]] = defaultdict(list)
    for item in listed:
        by_kind[item[0].kind].append(item)
    pages[INSTRUMENTS] = render_template(
        "instruments.md.j2",
        kinds=[
            (KIND_LABELS.get(kind, kind), sorted(items, key=lambda i: i[0].title))
            for kind, items in sorted(
                by_kind.items(), key=lambda kv: list(KIND_LABELS).index(kv[0]) if kv[0] in KIND_LABELS else 99
            )
        ],
        total=len(listed),
    )
    return pages
