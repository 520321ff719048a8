"""Agreed language on a document page: marks beside paragraphs, a section listing their matches.

A paragraph with matches ends with a small mark ("≈ 2") linking to its entry in the section at
the end of the page, which lists each matching paragraph with the differences highlighted.

Reads only the model (``corpus.agreed``, see build_scripts/agreed.py). Every piece of text is
escaped here. A page stays small whatever the corpus: at most :data:`MAX_SHOWN` matches per
paragraph (the rest are counted), long changed or shared stretches shortened, and once the
section has used :data:`DIFF_BUDGET` characters of diff the remaining matches are listed
without their text, and past :data:`SECTION_BUDGET` a paragraph's mark links straight to its
closest match instead of an entry of the section.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..agreed import DEFAULT, word_spans
from ..model import AgreedMatch, Corpus, Document, Opcode, Paragraph
from .cite import document_designation, paragraph_designation
from .html import attr
from .page import human_date, relative

MAX_SHOWN = 5
"""Matches shown per paragraph, best first; the others are counted."""
DIFF_BUDGET = 10_000
"""Characters of diff text per page; past it, matches are listed as links only."""
SECTION_BUDGET = 12_000
"""Characters of the whole section; past it, a paragraph's mark links to its closest match.
A long resolution's page with its references and notes is about 80 KB: the section keeps it
under 100 KB however many matches the archive holds."""
LONG_CHANGE, KEEP_CHANGE = 16, 6
"""A changed stretch of more than 16 words shows its first and last 6."""
LONG_SAME, KEEP_SAME = 40, 15
"""A shared stretch of more than 40 words shows its first and last 15."""
MIN_SAME = 3
"""A shared stretch of fewer words between two changes is shown as part of one change."""
MIN_HIDDEN = 4
"""Fewer words than this are never hidden."""
"""A shared stretch of fewer words between two changes is shown as part of one change."""
_SPACE = re.compile(r"\s+")
RELATIONS = {"earlier": "earlier document", "later": "later document", "same day": "same day"}


@dataclass(frozen=True)
class AgreedView:
    """What a document page shows of its agreed language."""

    marks: Mapping[str, str] = field(default_factory=dict)
    """Paragraph anchor -> the mark (HTML) to print at the end of that paragraph."""
    section: str = ""
    """The "Agreed language" section (Markdown heading + HTML), empty when nothing matches."""


def paragraph_label(para: Paragraph, by_anchor: dict[str, Paragraph]) -> str:
    """How a citation names a paragraph ("para. 13", "twentieth preambular paragraph")."""
    return paragraph_designation(para, by_anchor) or "unnumbered paragraph"


def document_label(doc: Document) -> str:
    """The symbol, or for a document without one how a citation names it."""
    return doc.meta.symbol or document_designation(doc)


# --------------------------------------------------------------------------- the diff
Spans = Sequence[tuple[int, int]]


def _segment(text: str, spans: Spans, start: int, end: int) -> str:
    """The printed text of words [start, end) with the punctuation attached to them.

    Between two words, what precedes the first space belongs to the word before ("children,"),
    what follows the last space to the word after ("(A/53/409)"); with no space between them
    ("Secretary-General") it belongs to the word before.
    """
    begin = spans[start][0]
    if start == 0:
        begin = 0
    else:
        gap = text[spans[start - 1][1] : begin]
        spaces = [m.end() for m in _SPACE.finditer(gap)]
        if spaces:
            begin = spans[start - 1][1] + spaces[-1]
    stop = len(text) if end == len(spans) else spans[end][0]
    gap = text[spans[end - 1][1] : stop]
    if (space := _SPACE.search(gap)) is not None and end < len(spans):
        stop = spans[end - 1][1] + space.start()
    return text[begin:stop].strip()


def _shortened(
    text: str, spans: Spans, start: int, end: int, tag: str, long: int, keep: int, side: str = "both"
) -> str:
    """Words [start, end) wrapped in ``tag``; a long stretch keeps only its ends.

    ``side`` says which ends: "both" (a change inside the paragraph), "tail" (a change that
    opens it: the words that lead into the shared run) or "head" (a change that closes it).
    """

    def wrap(s: str) -> str:
        escaped = html.escape(s, quote=False)
        return f"<{tag}>{escaped}</{tag}>" if tag else escaped

    shown = 2 * keep if side == "both" else keep
    left = end - start - shown
    # Only a stretch worth hiding is hidden: "[… 1 words …]" would take more room than the word.
    if end - start <= long or left < MIN_HIDDEN:
        return wrap(_segment(text, spans, start, end))
    skip = f'<span class="un-agreed-skip" title="{left} words not shown">[… {left} words …]</span>'
    head = wrap(_segment(text, spans, start, start + keep))
    tail = wrap(_segment(text, spans, end - keep, end))
    if side == "tail":
        return f"{skip} {tail}"
    if side == "head":
        return f"{head} {skip}"
    return f"{head} {skip} {tail}"


def readable(opcodes: Sequence[Opcode], min_same: int = MIN_SAME) -> list[Opcode]:
    """``opcodes`` with short shared stretches between changes folded into one change.

    "<del>Encourages</del> <ins>Actions to be taken by</ins> Governments <del>in cooperation with
    intergovernmental</del> and <ins>civil society, including</ins> non-governmental..." reads as
    one replaced phrase, not as words that happen to recur.
    """
    out: list[Opcode] = []
    last = len(opcodes) - 1
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        folded = tag == "equal" and 0 < n < last and i2 - i1 < min_same
        if (tag != "equal" or folded) and out and out[-1][0] != "equal":
            _, a1, _, b1, _ = out.pop()
            i1, j1 = a1, b1
        elif tag == "equal" and not folded:
            out.append((tag, i1, i2, j1, j2))
            continue
        kind = "replace" if i2 > i1 and j2 > j1 else ("delete" if i2 > i1 else "insert")
        out.append((kind, i1, i2, j1, j2))
    return out


def diff_html(here: str, there: str, opcodes: Sequence[Opcode]) -> str:
    """The other paragraph's words, with this one's: ``<del>`` only here, ``<ins>`` only there."""
    a, b = word_spans(here), word_spans(there)
    out: list[str] = []
    ops = readable(opcodes)
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            out.append(_shortened(there, b, j1, j2, "", LONG_SAME, KEEP_SAME))
            continue
        # Changes before the first or after the last shared run show only the words next to it.
        side = "tail" if n == 0 and len(ops) > 1 else "head" if n == len(ops) - 1 and n > 0 else "both"
        if i2 > i1:
            out.append(_shortened(here, a, i1, i2, "del", LONG_CHANGE, KEEP_CHANGE, side))
        if j2 > j1:
            out.append(_shortened(there, b, j1, j2, "ins", LONG_CHANGE, KEEP_CHANGE, side))
    return " ".join(out)


# --------------------------------------------------------------------------- the page
def _mark(href: str, title: str, what: str, count: int) -> str:
    """The mark ending a paragraph: "≈ 2", with what it means for the pointer and screen readers."""
    return (
        f'<a class="un-gen un-agreed-mark" href="{attr(href)}" title="{attr(title)}" '
        f'aria-label="{attr(what)}">≈\u202f{count}</a>'
    )


class AgreedRenderer:
    """Builds the :class:`AgreedView` of each page of a corpus (lookups made once)."""

    def __init__(self, corpus: Corpus) -> None:
        self.agreed = corpus.agreed
        self.docs = {d.id: d for d in corpus.documents}
        self._paragraphs: dict[str, dict[str, Paragraph]] = {}

    def paragraphs(self, doc_id: str) -> dict[str, Paragraph]:
        """Anchor -> paragraph of one document (cached)."""
        if doc_id not in self._paragraphs:
            self._paragraphs[doc_id] = {p.anchor: p for p in self.docs[doc_id].paragraphs}
        return self._paragraphs[doc_id]

    def inputs(self, doc: Document) -> tuple[object, ...]:
        """All :meth:`view` reads besides ``doc`` itself, as plain data (for the page cache key).

        The matches, and of each matching paragraph what is shown of it and of its document.
        """
        found = self.agreed.get(doc.id)
        if not found:
            return ()
        shown = []
        for anchor in sorted(found):
            for match in found[anchor].matches:
                other = self.docs[match.doc]
                there = self.paragraphs(match.doc)[match.anchor]
                label = paragraph_label(there, self.paragraphs(match.doc))
                shown.append(
                    (match.doc, match.anchor, other.url, document_label(other), other.meta.date, label, there.text)
                )
        return tuple(sorted(found.items())), tuple(shown)

    def view(self, doc: Document) -> AgreedView:
        """The marks and the section of ``doc``'s page."""
        found = self.agreed.get(doc.id)
        if not found:
            return AgreedView()
        mine = self.paragraphs(doc.id)
        marks: dict[str, str] = {}
        parts = [
            "## Agreed language {: #agreed .un-gen }",
            "",
            '<p class="un-agreed-help">Paragraphs of other documents in the archive that repeat a run of at '
            f"least {DEFAULT.min_run} words of a paragraph of this one. Differences are marked from this document "
            "to the other: <del>struck through</del>, words only here; <ins>underlined</ins>, words only there.</p>",
            "",
        ]
        budget, used, overflow = DIFF_BUDGET, 0, False
        for para in doc.paragraphs:
            entry_of = found.get(para.anchor)
            if entry_of is None or not entry_of.matches:
                continue
            matches, n = entry_of.matches, entry_of.total
            what = f"Agreed language: {n} match{'es' if n > 1 else ''} elsewhere"
            if used >= SECTION_BUDGET:
                # The page's list is full: the mark leads straight to the closest match.
                overflow = True
                href, cite = self._target(doc, matches[0])
                marks[para.anchor] = _mark(href, f"{what}; the closest: {cite}", what, n)
                continue
            marks[para.anchor] = _mark(f"#agreed-{para.anchor}", what, what, n)
            items = []
            for match in matches[:MAX_SHOWN]:
                item, budget = self._item(doc, para, match, budget)
                items.append(item)
            shown = len(items)
            more = f'<p class="un-agreed-more">and {n - shown} more not shown.</p>' if n > shown else ""
            label = paragraph_label(para, mine)
            entry = (
                f'<div class="un-agreed-para" id="agreed-{para.anchor}"><p class="un-agreed-for">'
                f'<a href="#{para.anchor}">{attr(label[:1].upper() + label[1:])}</a> shares wording with:</p>'
                f'<ol class="un-agreed-list">{"".join(items)}</ol>{more}</div>'
            )
            used += len(entry)
            parts += [entry, ""]
        if overflow:
            parts += [
                '<p class="un-agreed-more">The list stops here to keep the page small: the mark of each later '
                "paragraph leads straight to its closest match.</p>",
                "",
            ]
        return AgreedView(marks, "\n".join(parts))

    def _target(self, doc: Document, match: AgreedMatch) -> tuple[str, str]:
        """The link from ``doc``'s page to a match, and how to cite it."""
        other = self.docs[match.doc]
        there = self.paragraphs(match.doc)[match.anchor]
        href = f"{relative(doc.url, other.url)}#{match.anchor}"
        return href, f"{document_label(other)}, {paragraph_label(there, self.paragraphs(match.doc))}"

    def _item(self, doc: Document, para: Paragraph, match: AgreedMatch, budget: int) -> tuple[str, int]:
        other = self.docs[match.doc]
        there = self.paragraphs(match.doc)[match.anchor]
        href, cite = self._target(doc, match)
        when = RELATIONS.get(match.relation, "date not known")
        if match.relation in ("earlier", "later") and other.meta.date:
            when += f" ({human_date(other.meta.date)})"
        meta = f"{when}; {match.run} words in a row, {round(match.similarity * 100)}% of words in common"
        head = (
            f'<p class="un-agreed-head"><a href="{attr(href)}">{attr(cite)}</a> '
            f'<span class="un-agreed-meta">{attr(meta)}</span></p>'
        )
        if budget <= 0:
            return f"<li>{head}</li>", budget
        diff = diff_html(para.text, there.text, match.opcodes)
        return f'<li>{head}<blockquote class="un-agreed-diff">{diff}</blockquote></li>', budget - len(diff)
