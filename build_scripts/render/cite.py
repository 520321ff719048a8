"""Citations of paragraphs, written as the United Nations writes them.

Every citable paragraph of a page carries its citation (``data-cite``), which the page's
"Copy citation" button copies. The citation is made from the model only: the document's
metadata (body, kind, number, symbol, date), the masthead line the parser classified as the
document's kind ("Report of the Secretary-General"), and the paragraph's kind, number and
parent chain. Nothing is guessed: what the model does not know is left out.

- ``General Assembly resolution 57/176, para. 16``
- ``General Assembly resolution 57/176, fourth preambular paragraph``
- ``Economic and Social Council resolution 1998/20, para. 2 (b)``
- ``Security Council resolution 687 (1991), section B, para. 7``
- ``Human Rights Council decision 59/112, first preambular paragraph``
- ``Report of the Secretary-General (A/57/170), para. 33``; without a symbol, the date:
  ``Report of the Secretary-General (21 September 1998), para. 33``
- ``draft resolution S/2020/445, para. 2 (a)``
"""

from __future__ import annotations

import re

from ..model import Document, Paragraph, ParaKind
from .page import human_date

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
              "nine": "ninth", "twelve": "twelfth"}  # fmt: skip

# A part's prefix on an id (contract section 2): "b-pp-1", "c-op-1" (parts after the first).
_PART_PREFIX = re.compile(r"^(?P<part>[a-z])-(?:pp|op|para)-")
# A treaty article's paragraphs: "art-5-para-2", "art-2-text-1" (text of article 2).
_ARTICLE_PREFIX = re.compile(r"^art-(?P<article>\d+)-")


def cardinal_words(n: int) -> str:
    """1..999 in words, British style: 21 -> "twenty-one", 106 -> "one hundred and six"."""
    if not 0 < n < 1000:
        raise ValueError(f"no words for {n}")
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_UNITS[hundreds]} hundred")
    if rest:
        tens, units = divmod(rest, 10)
        small = _UNITS[rest] if rest < 20 else _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
        words.append(small)
    return " and ".join(words)


def ordinal_words(n: int) -> str:
    """1 -> "first", 4 -> "fourth", 21 -> "twenty-first", 40 -> "fortieth"; beyond 999: "1000th"."""
    if not 0 < n < 1000:
        return f"{n}th"
    words = cardinal_words(n)
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    head, last = words[:cut], words[cut:]
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


def _kind_line(doc: Document, *starts: str) -> str | None:
    """The masthead line classified as the document's kind, when it starts with one of ``starts``.

    "Report of the Secretary-General", "Note by the Secretariat": the way the document names
    itself, as the parser recorded it.
    """
    for line in doc.masthead:
        if line.role != "kind":
            continue
        text = " ".join(line.text.split()).rstrip(" .:,;")
        if text.lower().startswith(starts):
            return text
    return None


def document_designation(doc: Document) -> str:
    """How a citation names the document ("General Assembly resolution 57/176")."""
    meta = doc.meta
    if meta.kind in ("resolution", "decision") and meta.number:
        return f"{meta.body} {meta.kind} {meta.number}" if meta.body else f"{meta.kind} {meta.number}"
    if meta.kind in ("report", "note"):
        name = _kind_line(doc, meta.kind) or meta.kind.capitalize()
        when = meta.symbol or human_date(meta.date)
        return f"{name} ({when})" if when else name
    if meta.kind == "draft resolution":
        when = meta.symbol or human_date(meta.date)
        return f"draft resolution {when}" if when else "draft resolution"
    if meta.symbol:
        return meta.symbol
    if meta.title:
        when = human_date(meta.date)
        return f"“{meta.title}”" + (f" ({when})" if when else "")
    return doc.id


def paragraph_designation(para: Paragraph, by_anchor: dict[str, Paragraph]) -> str | None:
    """ "para. 16", "fourth preambular paragraph", "para. 5 (b) (ii)"; None when unnumbered.

    A treaty article's paragraphs (ids ``art-5-...``) are cited "art. 5, para. 2 (a)", or
    "art. 2 (a)" when the article's text is not numbered; a decimal recommendation
    ("140.1" under paragraph 140) is "para. 140.1".
    """
    chain = [para]
    while chain[-1].kind is ParaKind.SUB and (parent := by_anchor.get(chain[-1].parent or "")):
        chain.append(parent)
    root, subs = chain[-1], list(reversed(chain[:-1]))
    if any(p.number is None for p in subs):
        return None
    article = _ARTICLE_PREFIX.match(root.anchor)
    if root.kind is ParaKind.SUB:
        subs, root_where = [root, *subs], None
    elif root.number is None or root.kind is ParaKind.TEXT:
        root_where = None
    elif root.kind is ParaKind.PREAMBULAR:
        root_where = f"{ordinal_words(int(root.number))} preambular paragraph"
    else:
        root_where = f"para. [{root.number}]" if root.restored else f"para. {root.number}"
    if root_where and subs and subs[0].number and subs[0].number.startswith(f"{root.number}."):
        root_where, subs = f"para. {subs[0].number}", subs[1:]  # "140.1": a decimal paragraph
    labels = "".join(f" ({p.number})" for p in subs)
    if article:
        head = f"art. {article.group('article')}"
        return f"{head}, {root_where}{labels}" if root_where else head + labels
    if root_where is None:
        return None
    where = root_where + labels
    if part := _PART_PREFIX.match(root.anchor):
        where = f"section {part.group('part').upper()}, {where}"
    return where


def citations(doc: Document) -> dict[str, str]:
    """Every paragraph's citation, by anchor: the document's designation, then the paragraph's."""
    by_anchor = {p.anchor: p for p in doc.paragraphs}
    whole = document_designation(doc)
    out = {}
    for para in doc.paragraphs:
        where = paragraph_designation(para, by_anchor)
        out[para.anchor] = f"{whole}, {where}" if where else whole
    return out
