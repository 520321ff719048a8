"""The link stage: references recognised in every document, resolved against the archive.

:func:`link_corpus` takes the parsed corpus and returns a new one in which

* every recognised reference in a paragraph, note or masthead line is a
  :class:`~build_scripts.model.Ref` span (its words unchanged) that leads to the archive's page
  (and paragraph) when the cited document is in the archive, to ``https://undocs.org/<symbol>``
  otherwise, to the instrument's page for an instrument, or to the paragraph of this page;
* ``Corpus.citations`` lists every reference, so that pages can show "cited by" and "cites"
  and instrument pages can list their citing paragraphs.

It never links what :mod:`build_scripts.references` left uncertain (no target), never links a
document to a later one (a reference cannot cite the future: the recogniser was wrong), and
never changes a word of the text.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from .instruments import Registry, load_registry
from .model import (
    Citation,
    Corpus,
    Document,
    Emphasis,
    Footnote,
    Inline,
    Link,
    MastheadLine,
    Paragraph,
    ParaKind,
    Ref,
    Text,
    place_label,
    plain_text,
)
from .references import BODY_CODES, Context, Mention, RefKind, find_mentions

UNDOCS = "https://undocs.org/"
PREVIEW_CHARS = 400
ORGAN_NAMES = {
    "A/HRC/": ("Human Rights Council", "Human Rights Council"),
    "E/CN.4/Sub.2/": ("Sub-Commission", "Sub-Commission"),
    "E/CN.4/": ("Commission on Human Rights", "Commission on Human Rights"),
    "A/": ("General Assembly", "General Assembly"),
    "E/": ("Economic and Social Council", "Economic and Social Council"),
    "S/": ("Security Council", "Security Council"),
}

def undocs_url(symbol: str) -> str:
    """The permanent address of a UN document by its symbol (spaces removed)."""
    return UNDOCS + symbol.replace(" ", "")


def describe(symbol: str, kind: str) -> str:
    """Words for a symbol: "General Assembly resolution 57/176", "document A/57/170"."""
    match = re.match(r"^(?P<prefix>.*?)(?P<res>RES|DEC)/(?P<number>.+)$", symbol)
    if match and kind in ("resolution", "decision", "ibid", "paragraph"):
        organ = next((name for key, (name, _) in ORGAN_NAMES.items() if match.group("prefix") == key), None)
        word = "resolution" if match.group("res") == "RES" else "decision"
        number = match.group("number")
        return f"{organ} {word} {number}" if organ else f"{word} {symbol}"
    return f"document {symbol}"


Found = tuple[tuple[Mention, ...], ...]
"""The mentions of every linkable item of a document, in :func:`linkable` order."""


def paragraph_paths(doc: Document) -> dict[tuple[str, ...], set[str]]:
    """Number path ("8", "a") -> anchors, for the operative/numbered paragraphs of ``doc``."""
    table: dict[tuple[str, ...], set[str]] = {}
    path_of: dict[str, tuple[str, ...]] = {}
    for para in doc.paragraphs:
        if para.number is None or para.kind in (ParaKind.PREAMBULAR, ParaKind.TEXT):
            continue
        if para.depth == 0:
            path: tuple[str, ...] = (para.number,)
        elif para.parent in path_of:
            path = (*path_of[para.parent], para.number)
        else:
            continue
        path_of[para.anchor] = path
        table.setdefault(path, set()).add(para.anchor)
    return table


def _one_anchor(table: dict[tuple[str, ...], set[str]], path: tuple[str, ...]) -> str | None:
    """The one anchor numbered ``path``; None when none or several (parts)."""
    found = table.get(path, set())
    return next(iter(found)) if len(found) == 1 else None


class _Archive:
    """Lookups over the parsed corpus: documents by symbol, paragraphs by number path."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents = tuple(documents)
        self.by_symbol = {d.meta.symbol: d for d in self.documents if d.meta.symbol}
        self._texts: dict[str, dict[str, str]] = {}

    def text(self, doc: Document, anchor: str) -> str | None:
        """Plain text of the paragraph ``anchor`` of ``doc``."""
        if doc.id not in self._texts:
            self._texts[doc.id] = {p.anchor: p.text.strip() for p in doc.paragraphs}
        return self._texts[doc.id].get(anchor)


def _organ(doc: Document) -> str | None:
    return BODY_CODES.get(doc.meta.body or "")


def _own_kind(doc: Document) -> str:
    if any(p.kind is ParaKind.OPERATIVE for p in doc.paragraphs):
        return "resolution"
    return doc.meta.kind if doc.meta.kind in ("resolution", "decision") else "report"


def _truncate(text: str) -> str:
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1].rstrip() + "…"


def linkable(doc: Document) -> list[MastheadLine | Paragraph | Footnote]:
    """The items whose text may hold references: masthead lines, paragraphs, notes, in order."""
    return [*doc.masthead, *(b for b in doc.blocks if isinstance(b, Paragraph)), *doc.footnotes]


Names = list[tuple[int, int, str]]
"""Full names of instruments found in a text: (start, end, phrase) (:meth:`Registry.full_matches`)."""


def _names_within(full: Names, starts: list[int], start: int, end: int) -> Names | None:
    """The full names of ``full`` (``starts``: their starts) inside ``[start, end)``, from ``start``.

    Scanning a text alone finds the names that scanning a longer text containing it finds
    inside it, provided that none crosses its edges (the scan is left to right, and the
    texts are joined by a space, which ends a word as the end of a text does). None when
    one crosses an edge: then the text must be scanned alone.
    """
    i = bisect.bisect_left(starts, start)
    if i > 0 and full[i - 1][1] > start:
        return None
    inside: Names = []
    while i < len(full) and full[i][0] < end:
        first, last, phrase = full[i]
        if last > end:
            return None
        inside.append((first - start, last - start, phrase))
        i += 1
    return inside


def recognise(doc: Document, registry: Registry | None = None) -> Found:
    """The mentions of every :func:`linkable` item of ``doc`` (unresolved, no link made yet).

    Depends on ``doc`` and the registry alone -- never on another document -- so it runs
    where the document is parsed (in parallel) and is cached with it.
    """
    registry = registry or load_registry()
    parts = [*doc.masthead, *doc.blocks, *doc.footnotes]
    texts = [part.text for part in parts]
    whole = " ".join(texts)
    # The full names of instruments are found once in the whole text (they enable short
    # forms) and serve every item inside it (_names_within).
    full = registry.full_matches(whole)
    starts = [first for first, _, _ in full]
    enabled = registry.named_by(full)
    table = paragraph_paths(doc)
    organ, own_kind = _organ(doc), _own_kind(doc)

    def own_anchor(path: tuple[str, ...]) -> str | None:
        return _one_anchor(table, path)

    def context(current: str | None = None, is_note: bool = False, previous_note: tuple[Mention, ...] = ()) -> Context:
        return Context(
            organ=organ,
            date=doc.meta.date,
            own_kind=own_kind,
            own_anchor=own_anchor,
            current=current,
            previous_note=previous_note,
            is_note=is_note,
            named=enabled,
        )

    base = context()
    found: list[tuple[Mention, ...]] = []
    previous: tuple[Mention, ...] = ()
    offset = 0
    for part, text in zip(parts, texts, strict=True):
        start, offset = offset, offset + len(text) + 1
        if isinstance(part, Paragraph):
            here = context(current=part.anchor)
        elif isinstance(part, Footnote):
            here = context(is_note=True, previous_note=previous)
        elif isinstance(part, MastheadLine):
            here = base
        else:
            continue  # a heading, table... (not linkable)
        names = _names_within(full, starts, start, start + len(text))
        mentions = tuple(find_mentions(text, here, registry, enabled, names))
        if isinstance(part, Footnote) and mentions:
            previous = mentions
        found.append(mentions)
    return tuple(found)


class _Linker:
    """Resolves the mentions of one document and rewrites its spans."""

    def __init__(self, doc: Document, archive: _Archive, registry: Registry) -> None:
        self.doc = doc
        self.archive = archive
        self.registry = registry
        self.citations: list[Citation] = []

    def link(self, spans: tuple[Inline, ...], where: str, mentions: tuple[Mention, ...]) -> tuple[Inline, ...]:
        if not mentions:
            return spans
        text = plain_text(spans)
        ranges: list[tuple[int, int, Ref]] = []
        listed = list(mentions)
        for mention, (start, end) in zip(listed, _visible_ranges(listed, text), strict=True):
            ref = self.resolve(mention, where, text[mention.start : mention.end])
            if ref is not None and start < end:
                ranges.append((start, end, ref))
        return wrap(spans, ranges)

    def resolve(self, mention: Mention, where: str, words: str) -> Ref | None:
        """A Ref for ``mention`` (recording the citation), or None when nothing is certain."""
        doc = self.doc
        kind = mention.kind.value
        if mention.kind is RefKind.INSTRUMENT or (mention.kind is RefKind.PARAGRAPH and mention.article):
            inst = self.registry.by_id.get(mention.target or "")
            if inst is None or (inst.adopted_by is not None and inst.adopted_by == doc.meta.symbol):
                # The instrument this document adopts is its own text, not a citation.
                return None
            for target in (inst.id, *mention.also):
                self.cite(where, "instrument", target, None, mention.article, words)
            title = inst.title + (f", {article_words(mention.article)}" if mention.article else "")
            return Ref((), "instrument", f"instruments/{inst.id}.html", title)
        if mention.kind is RefKind.PARAGRAPH and mention.target is None:
            if not mention.anchor:
                return None
            self.cite(where, "paragraph", doc.meta.symbol or doc.id, doc.id, mention.anchor, words)
            preview = self.archive.text(doc, mention.anchor)
            return Ref((), "paragraph", f"#{mention.anchor}", _para_words(mention.anchor), _maybe(preview))
        if mention.target is None:
            return None
        symbol = mention.target
        if mention.kind is RefKind.IBID and mention.instrument:
            self.cite(where, "instrument", mention.instrument, None, None, words)
        target_doc = self.archive.by_symbol.get(symbol)
        if target_doc is not None and target_doc.id == doc.id and mention.kind is not RefKind.PARAGRAPH:
            return None
        if target_doc is not None and doc.meta.date and target_doc.meta.date and target_doc.meta.date > doc.meta.date:
            return None
        anchor = mention.anchor
        title = describe(symbol, kind)
        if target_doc is None:
            self.cite(where, kind, symbol, None, anchor, words)
            if anchor:
                title += f", {_para_words(anchor)}"
            return Ref((), kind, undocs_url(symbol), title)
        if anchor and self.archive.text(target_doc, anchor) is None:
            anchor = None
        self.cite(where, kind, symbol, target_doc.id, anchor, words)
        href = target_doc.url + (f"#{anchor}" if anchor else "")
        preview = self.archive.text(target_doc, anchor) if anchor else None
        if anchor:
            title += f", {_para_words(anchor)}"
        return Ref((), kind, href, title, _maybe(preview))

    def cite(self, where: str, kind: str, target: str, document: str | None, anchor: str | None, words: str) -> None:
        self.citations.append(Citation(self.doc.id, where, kind, target, document, anchor, " ".join(words.split())))

    def run(self, found: Found) -> Document:
        """The document with every mention of ``found`` (from :func:`recognise`) resolved."""
        doc = self.doc
        items = linkable(doc)
        if len(found) != len(items):
            raise ValueError(f"{doc.id}: mentions found for {len(found)} items, the document has {len(items)}")
        done: dict[int, MastheadLine | Paragraph | Footnote] = {}
        for item, mentions in zip(items, found, strict=True):
            if not mentions:
                continue
            where = f"mh-{item.line}" if isinstance(item, MastheadLine) else item.anchor
            done[id(item)] = dataclasses.replace(item, content=self.link(item.content, where, mentions))
        if not done:
            return doc
        return dataclasses.replace(
            doc,
            masthead=tuple(_swap(m, done) for m in doc.masthead),
            blocks=tuple(_swap(b, done) for b in doc.blocks),
            footnotes=tuple(_swap(n, done) for n in doc.footnotes),
        )


B = TypeVar("B")


def _swap(item: B, done: dict[int, Any]) -> B:
    out: B = done.get(id(item), item)
    return out


def _maybe(preview: str | None) -> str | None:
    return _truncate(preview) if preview else None


def _para_words(anchor: str) -> str:
    """``op-5-b-ii`` -> "para. 5 (b) (ii)"; ``pp-3`` -> "preambular para. 3"."""
    return place_label(anchor, spelled=True) or anchor


def article_words(article: str | None) -> str:
    """``art-6-para-2-a`` -> "article 6, paragraph 2 (a)"."""
    if not article:
        return ""
    match = re.match(r"art-(\d+)(?:-para-(\d+))?(?:-([a-z]))?$", article)
    if not match:
        return article
    out = f"article {match.group(1)}"
    if match.group(2):
        out += f", paragraph {match.group(2)}"
    if match.group(3):
        out += f" ({match.group(3)})"
    return out


def _visible_ranges(mentions: list[Mention], text: str) -> list[tuple[int, int]]:
    """Where each mention's link goes: its span, minus any mention inside it.

    "Resolution 44/25, annex": the resolution links "Resolution 44/25", the instrument the
    rest ("annex"), so links never nest.
    """
    out: list[tuple[int, int]] = []
    for mention in mentions:
        start, end = mention.start, mention.end
        for other in mentions:
            if other is mention or not (mention.start <= other.start and other.end <= mention.end):
                continue
            if (other.start, other.end) == (mention.start, mention.end):
                if mentions.index(other) < mentions.index(mention):
                    start = end
                continue
            if other.start == start:
                start = max(start, other.end)
        while start < end and not text[start].isalnum():
            start += 1
        out.append((start, end))
    return out


def wrap(spans: tuple[Inline, ...], ranges: list[tuple[int, int, Ref]]) -> tuple[Inline, ...]:
    """``spans`` with the plain-text character ranges wrapped in their Ref (text unchanged).

    A range that crosses the edge of an emphasis is wrapped piece by piece: each piece is a
    Ref to the same place. Footnote markers are never wrapped.
    """
    if not ranges:
        return spans
    ordered = sorted(ranges, key=lambda r: r[0])
    out, _ = _wrap(spans, ordered, 0)
    return tuple(_merge(out))


def _wrap(spans: tuple[Inline, ...], ranges: list[tuple[int, int, Ref]], offset: int) -> tuple[list[Inline], int]:
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text):
            out.extend(_cut(span.text, ranges, offset))
            offset += len(span.text)
        elif isinstance(span, (Emphasis, Link, Ref)):
            length = len(plain_text(span.children))
            if isinstance(span, Link) or isinstance(span, Ref):
                out.append(span)
            else:
                children, _ = _wrap(span.children, ranges, offset)
                out.append(dataclasses.replace(span, children=tuple(children)))
            offset += length
        else:
            out.append(span)
    return out, offset


def _cut(text: str, ranges: list[tuple[int, int, Ref]], offset: int) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    end_text = offset + len(text)
    for start, end, ref in ranges:
        if end <= offset + pos or start >= end_text:
            continue
        a = max(start, offset + pos) - offset
        b = min(end, end_text) - offset
        if a > pos:
            out.append(Text(text[pos:a]))
        out.append(dataclasses.replace(ref, children=(Text(text[a:b]),)))
        pos = b
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def _merge(spans: list[Inline]) -> list[Inline]:
    """Adjacent Text spans joined (cutting never splits words needlessly)."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + span.text)
        else:
            out.append(span)
    return out


def link_corpus(
    corpus: Corpus, registry: Registry | None = None, found: Mapping[str, Found] | None = None
) -> Corpus:
    """The corpus with references linked and ``citations`` filled (see the module docstring).

    ``found`` maps a document id to its :func:`recognise` result when it was computed
    already (where the document was parsed); the other documents are recognised here.
    """
    registry = registry or load_registry()
    archive = _Archive(corpus.documents)
    documents: list[Document] = []
    citations: list[Citation] = []
    for doc in corpus.documents:
        linker = _Linker(doc, archive, registry)
        known = found.get(doc.id) if found is not None else None
        documents.append(linker.run(known if known is not None else recognise(doc, registry)))
        citations.extend(linker.citations)
    return dataclasses.replace(corpus, documents=tuple(documents), citations=tuple(citations))


def citations_to(corpus: Corpus, doc_id: str) -> list[Citation]:
    """The citations of other archive documents that lead to ``doc_id``."""
    return [c for c in corpus.citations if c.document == doc_id and c.source != doc_id]


def group(citations: Iterable[Citation], key: Callable[[Citation], str]) -> dict[str, list[Citation]]:
    """Citations grouped by ``key``, groups and members in first-seen order."""
    out: dict[str, list[Citation]] = {}
    for c in citations:
        out.setdefault(key(c), []).append(c)
    return out
