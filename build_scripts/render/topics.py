"""Topic pages, the topics index, and the topic links of document pages.

Everything here is read from the model: ``corpus.taxonomy`` and ``corpus.topics`` (made by
:mod:`build_scripts.topics`); nothing is matched again, the highlighted words are the
offsets each tag records.

* ``topics/index.md``: the tree of every topic, with its UNBIS descriptor and counts.
* ``topics/<id>.md`` for every topic of the taxonomy, tagged paragraphs or not: an id is a
  permanent address (a saved link keeps working while the archive grows), and a librarian
  sees which topics have nothing yet. A page lists its sub-topics and the rules that tag a
  paragraph with it; while it has at most :data:`~.years.INLINE` paragraphs it lists them
  itself, and above that the years of its tagged paragraphs with their counts.
* ``topics/<id>/<year>.md``, once a topic has more than :data:`~.years.INLINE` paragraphs (so
  a small archive is not made of mostly near-empty pages: MkDocs' time grows with the number
  of pages; a year page, once it exists, stays while the archive grows), ``undated`` for
  documents without a date, ``<year>-2.md``… when a year has more than
  :data:`~.years.PER_PAGE`: the tagged paragraphs of that year grouped by
  document (date order, then symbol): citation, excerpt with the matched words marked, and why
  it matched. So no page grows with the archive (:mod:`.years`).
* On a document page: a row of links to every topic of its paragraphs at the top (rendered
  by :func:`~build_scripts.render.page.document_page` from :func:`page_tags`), and each
  tagged paragraph gives its topics (:func:`paragraph_topics`) as their positions in that row
  (``data-topics="0 3"``), from which ``reader.js`` writes the line of topic links under it:
  each topic's address and label are written once per page, not once per paragraph.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Corpus, Document, Paragraph, ParaKind, Topic, TopicTag
from .page import human_date, page_title, relative
from .templates import render_template
from .years import INLINE, YearPage, neighbours, part_links, split

INDEX = "topics/index.md"
EXCERPT = 320
"""Characters of a long paragraph shown on a topic page, around its first match."""
_PREFIX = re.compile(r"^(.*?)-?(?:pp|op|para|text)-")


def topic_path(topic_id: str) -> str:
    """``topics/<id>.md``: the page of a topic in ``docs/``."""
    return f"topics/{topic_id}.md"


def html_link(from_page: str, to_page: str) -> str:
    """A relative link for raw HTML (MkDocs rewrites ``.md`` only in Markdown links)."""
    return relative(from_page, to_page.removesuffix(".md") + ".html")


def doc_page(doc: Document) -> str:
    """The document's page in ``docs/``."""
    return doc.url.removesuffix(".html") + ".md"


# --------------------------------------------------------------------------- counting
@dataclass(frozen=True)
class Hit:
    """One tagged paragraph of one topic."""

    doc: Document
    para: Paragraph
    tag: TopicTag


def hits_by_topic(corpus: Corpus) -> dict[str, list[Hit]]:
    """Topic id -> its paragraphs, documents in date order (then symbol), paragraphs in page order."""
    out: dict[str, list[Hit]] = {t.id: [] for t in corpus.taxonomy}
    for doc in sorted(corpus.documents, key=_doc_order):
        tagged = corpus.topics.get(doc.id, {})
        for para in doc.paragraphs:
            for tag in tagged.get(para.anchor, ()):
                out.setdefault(tag.topic, []).append(Hit(doc, para, tag))
    return out


def _doc_order(doc: Document) -> tuple[str, str, str]:
    return (doc.meta.date or "9999", doc.meta.symbol or "~", doc.id)


def children(taxonomy: tuple[Topic, ...]) -> dict[str | None, list[Topic]]:
    """Parent id (None for the top) -> sub-topics, in file order."""
    out: dict[str | None, list[Topic]] = {}
    for topic in taxonomy:
        out.setdefault(topic.parent, []).append(topic)
    return out


def _descendants(topic_id: str, tree: Mapping[str | None, list[Topic]]) -> list[str]:
    found: list[str] = []
    for child in tree.get(topic_id, []):
        found += [child.id, *_descendants(child.id, tree)]
    return found


def counts(hits: list[Hit]) -> str:
    """ "12 paragraphs in 3 documents", or "no paragraph yet"."""
    if not hits:
        return "no paragraph yet"
    docs = len({h.doc.id for h in hits})
    return f"{_n(len(hits), 'paragraph')} in {_n(docs, 'document')}"


def _n(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --------------------------------------------------------------------------- pieces
def citation(doc: Document, para: Paragraph, by_anchor: Mapping[str, Paragraph] | None = None) -> str:
    """How a reader cites the paragraph: "A/RES/57/176, para. 16", "E/RES/1998/20, PP3".

    ``by_anchor`` (anchor -> paragraph of ``doc``) saves rebuilding it for every paragraph.
    """
    if by_anchor is None:
        by_anchor = {p.anchor: p for p in doc.paragraphs}
    chain = [para]
    while chain[-1].parent is not None and chain[-1].parent in by_anchor:
        chain.append(by_anchor[chain[-1].parent])
    chain.reverse()
    where = doc.meta.symbol or doc.id  # the id is the page address of a document without symbol
    top = chain[0]
    if top.kind is ParaKind.PREAMBULAR:
        label = f"PP{top.number}"
    elif top.number is None:
        label = "unnumbered paragraph"
    else:
        label = f"para. {_printed(top)}"
    label += "".join(f" ({_printed(p)})" for p in chain[1:])
    prefix = _PREFIX.match(para.anchor)
    part = f" ({prefix.group(1)})" if prefix and prefix.group(1) else ""
    return f"{where}, {label}{part}"


def _printed(para: Paragraph) -> str:
    number = para.number or "?"
    return f"[{number}]" if para.restored else number


def excerpt(text: str, spans: tuple[tuple[int, int], ...], width: int = EXCERPT) -> Markup:
    """``text`` (escaped) with ``spans`` in ``<mark>``; a long text is cut around its first match."""
    lo, hi = 0, len(text)
    if len(text) > width:
        first = spans[0][0] if spans else 0
        lo = max(0, first - width // 3)
        lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
        hi = min(len(text), lo + width)
        space = text.find(" ", hi)
        hi = len(text) if space < 0 else space
    out = ["…" if lo > 0 else ""]
    cursor = lo
    for start, end in spans:
        start, end = max(start, cursor), min(end, hi)
        if start >= end:
            continue
        out += [_plain(text[cursor:start]), f"<mark>{_plain(text[start:end])}</mark>"]
        cursor = end
    out += [_plain(text[cursor:hi]), "…" if hi < len(text) else ""]
    return Markup("".join(out).strip())


def _plain(text: str) -> str:
    # One line: a blank line inside raw HTML would end the HTML block in Markdown.
    return html.escape(" ".join(text.split("\n")), quote=False)


# --------------------------------------------------------------------------- document pages
def paragraph_topics(corpus: Corpus, doc: Document) -> dict[str, tuple[str, ...]]:
    """Paragraph anchor -> the ids of its topics, in tag order (id order)."""
    return {anchor: tuple(t.topic for t in tags) for anchor, tags in corpus.topics.get(doc.id, {}).items() if tags}


def page_tags(corpus: Corpus, doc: Document) -> list[tuple[str, str, str]]:
    """(id, label, relative link) of every topic of ``doc``'s paragraphs, by label then id.

    The row of topic links at the top of the page; a paragraph's ``data-topics`` gives the
    positions of its topics in this row.
    """
    labels = {t.id: t.label for t in corpus.taxonomy}
    ids = {t.topic for tags in corpus.topics.get(doc.id, {}).values() for t in tags}
    page = doc_page(doc)
    shown = sorted(ids & labels.keys(), key=lambda i: (labels[i], i))
    return [(i, labels[i], html_link(page, topic_path(i))) for i in shown]


# --------------------------------------------------------------------------- topic pages
def topic_pages(corpus: Corpus) -> dict[str, str]:
    """``topics/index.md``, a page per topic and its year pages (none when the corpus was not tagged)."""
    if not corpus.taxonomy:
        return {}
    hits = hits_by_topic(corpus)
    tree = children(corpus.taxonomy)
    by_id = {t.id: t for t in corpus.taxonomy}
    pages = {INDEX: _index(corpus.taxonomy, hits, tree)}
    anchors = {d.id: {p.anchor: p for p in d.paragraphs} for d in corpus.documents if d.id in corpus.topics}
    for topic in corpus.taxonomy:
        path = topic_path(topic.id)
        # A short listing is on the page itself, with no year pages (see the module docstring).
        years = split(f"topics/{topic.id}", hits[topic.id], _doc_of) if len(hits[topic.id]) > INLINE else []
        parent = by_id.get(topic.parent) if topic.parent else None
        pages[path] = render_template(
            "topic.md.j2",
            topic=topic,
            count=counts(hits[topic.id]),
            parent=(parent, f"{parent.id}.html") if parent else None,
            subtopics=[(t, f"{t.id}.md", counts(hits[t.id])) for t in tree.get(topic.id, [])],
            years=[(ps[0].year, relative(path, ps[0].path), counts(_all(ps)), len(ps)) for ps in years],
            groups=_groups(path, hits[topic.id], anchors) if len(hits[topic.id]) <= INLINE else [],
            index="index.md",
        )
        for year in years:
            total = counts(_all(year))
            for page in year:
                pages[page.path] = render_template(
                    "topic-year.md.j2",
                    topic=topic,
                    page=page,
                    total=total,
                    last=page.first + len(page.items) - 1,
                    all=len(_all(year)),
                    topic_link=relative(page.path, path),
                    years=neighbours(years, page.path),
                    all_years=html_link(page.path, path) + "#years",
                    parts=part_links(year, page.path),
                    groups=_groups(page.path, page.items, anchors),
                    index=relative(page.path, INDEX),
                )
    return pages


def _doc_of(hit: Hit) -> Document:
    return hit.doc


def _all(pages: list[YearPage[Hit]]) -> list[Hit]:
    return [h for p in pages for h in p.items]


def _groups(path: str, hits: list[Hit], anchors: Mapping[str, Mapping[str, Paragraph]]) -> list[tuple[object, ...]]:
    """The hits of a page by document (in their order): what ``topic-hits.md.j2`` lists."""
    groups: list[tuple[Document, list[Hit]]] = []
    for hit in hits:
        if not groups or groups[-1][0].id != hit.doc.id:
            groups.append((hit.doc, []))
        groups[-1][1].append(hit)
    return [
        (
            doc,
            html_link(path, doc_page(doc)),
            ", ".join(x for x in (doc.meta.title, human_date(doc.meta.date)) if x),
            [_entry(path, h, anchors[doc.id]) for h in group],
            page_title(doc),
            _n(len(group), "paragraph"),
        )
        for doc, group in groups
    ]


def _entry(path: str, hit: Hit, by_anchor: Mapping[str, Paragraph]) -> dict[str, object]:
    return {
        "link": f"{html_link(path, doc_page(hit.doc))}#{hit.para.anchor}",
        "citation": citation(hit.doc, hit.para, by_anchor),
        "excerpt": excerpt(hit.para.text, hit.tag.spans),
        "why": ", ".join(hit.tag.matched),
    }


def _index(taxonomy: tuple[Topic, ...], hits: Mapping[str, list[Hit]], tree: Mapping[str | None, list[Topic]]) -> str:
    rows: list[tuple[int, Topic, str, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for topic in tree.get(parent, []):
            below = _descendants(topic.id, tree)
            total = ""
            if below:
                union = {(h.doc.id, h.para.anchor) for t in [topic.id, *below] for h in hits[t]}
                total = f"{_n(len(union), 'paragraph')} with its sub-topics"
            rows.append((depth, topic, counts(hits[topic.id]), total))
            walk(topic.id, depth + 1)

    walk(None, 0)
    tagged = {(h.doc.id, h.para.anchor) for group in hits.values() for h in group}
    return render_template("topic-index.md.j2", rows=rows, topics=len(taxonomy), tagged=len(tagged))
