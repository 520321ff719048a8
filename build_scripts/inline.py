"""Inline text -> spans: emphasis, footnote markers and links, everything else literal.

The sources are text extracted from PDFs, some of it through Markdown converters, so a
paragraph may carry ``*Decides*``, ``**Fifty-seventh session**``, ``<sup>23</sup>``, ``⁸⁰``,
a bare note number after a full stop ("penalized.3") or ``[www.europa.eu.int](http://...)``.
Those, and only those, become markup. Any other character (``<script>``, ``#``, `` ` ``,
``|``, an unbalanced ``*``) stays text and is escaped when rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Emphasis, Inline, Link, NoteRef, Text, plain_text

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def superscript_to_int(text: str) -> str:
    """ "⁸⁰" -> "80"."""
    return text.translate(_SUPER_TO_ASCII)


@dataclass
class NoteCounter:
    """Numbers each footnote marker of one document as it is met, in reading order."""

    defined: frozenset[str]
    """Numbers of the notes whose text the source gives."""
    seen: dict[str, int] = field(default_factory=dict)
    """How many markers of each number have been met so far."""
    missing: list[tuple[str, int]] = field(default_factory=list)
    """(number, line) of markers whose note text is absent."""

    def ref(self, number: str, line: int) -> NoteRef:
        """The next reference to note ``number``."""
        number = str(int(number))
        self.seen[number] = self.seen.get(number, 0) + 1
        resolved = number in self.defined
        if not resolved and self.seen[number] == 1:
            self.missing.append((number, line))
        return NoteRef(number=number, occurrence=self.seen[number], resolved=resolved)


# One alternation, tried left to right at each position; group names say what matched.
_SUP = SUPERSCRIPT_DIGITS
_TOKEN = re.compile(
    # Note numbers are ASCII digits without a leading zero ("<sup>07</sup>" and Arabic-Indic
    # digits are not note markers), and a run of superscript digits is one marker ("⁸⁰").
    r"(?P<sup><sup>\s*(?P<supnum>[1-9][0-9]{0,3})\s*</sup>)"
    r"|(?P<suptext><sup>(?P<supinner>[^<]{0,40})</sup>)"
    rf"|(?<![{_SUP}])(?P<uni>[¹²³⁴⁵⁶⁷⁸⁹][{_SUP}]{{0,3}})(?![{_SUP}])"
    # "...were not penalized.3" / "...Austria and Italy.6": a bare note number glued to
    # the punctuation that ends a word; taken only when that note exists (see below).
    r"|(?<=[A-Za-z)\]”’\"][.,;:])(?P<bare>[1-9][0-9]{0,2})(?=[\s”’\"]|$)"
    r"|(?P<strong>\*\*(?=\S)(?P<stronginner>.+?)(?<=\S)\*\*)(?!\*)"
    r"|(?<![\w*])(?P<em>\*(?=[^\s*])(?P<eminner>[^*]+?)(?<=[^\s*])\*)(?![\w*])"
    r"|(?P<link>\[(?P<linktext>[^\[\]]{1,300})\]\((?P<url>https?://[^\s()<>\"']{1,500})\))"
)


def parse_inline(text: str, notes: NoteCounter | None = None, line: int = 0) -> tuple[Inline, ...]:
    """Split ``text`` into spans. With ``notes`` None, markers are left as text."""
    spans: list[Inline] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        group = next(g for g in ("sup", "suptext", "uni", "bare", "strong", "em", "link") if match.group(g) is not None)
        if group in ("sup", "uni", "bare") and notes is None:
            continue
        if group == "bare" and (notes is None or str(int(match.group("bare"))) not in notes.defined):
            continue
        _append_text(spans, text[pos : match.start()])
        pos = match.end()
        if group == "sup":
            assert notes is not None
            spans.append(notes.ref(match.group("supnum"), line))
        elif group == "uni":
            assert notes is not None
            spans.append(notes.ref(superscript_to_int(match.group("uni")), line))
        elif group == "bare":
            assert notes is not None
            spans.append(notes.ref(match.group("bare"), line))
        elif group == "suptext":
            _append_text(spans, match.group("supinner"))
        elif group == "strong":
            spans.append(Emphasis(parse_inline(match.group("stronginner"), notes, line), strong=True))
        elif group == "em":
            spans.append(Emphasis(parse_inline(match.group("eminner"), notes, line)))
        else:
            spans.append(Link((Text(match.group("linktext")),), match.group("url")))
    _append_text(spans, text[pos:])
    return tuple(spans)


def _append_text(spans: list[Inline], text: str) -> None:
    if not text:
        return
    if spans and isinstance(spans[-1], Text):
        spans[-1] = Text(spans[-1].text + text)
    else:
        spans.append(Text(text))


def strip_markup(text: str) -> str:
    """The plain text of ``text`` as :func:`parse_inline` would read it, markers dropped."""
    return plain_text(parse_inline(text, NoteCounter(frozenset())))
