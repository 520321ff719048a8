"""Inline text -> spans: emphasis, footnote markers and links, everything else literal.

The sources are text extracted from PDFs, some of it through Markdown converters, so a
paragraph may carry ``*Decides*``, ``**Fifty-seventh session**``, ``<sup>23</sup>``, ``⁸⁰``,
a bare note number after a full stop ("penalized.3") or ``[www.europa.eu.int](http://...)``.
Those, and only those, become markup. Any other character (``<script>``, ``#``, `` ` ``,
``|``, an unbalanced ``*``) stays text and is escaped when rendered.
"""

from __future__ import annotations

import functools
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
    plain: bool = False
    """The notes are printed as plain numbers, so markers are too ("Review, 1 the")."""

    def accepts_plain(self, number: str, before: str, after: str) -> bool:
        """Tell whether the plain number ``number`` between ``before`` and ``after`` is a marker.

        Only in a document whose notes are plain numbers, only for a note that exists, and
        only as the next new note or a repeat of one already met: "...Periodic Review, 1 the
        views..." (note 1), but never "resolution 1", "para. 1", "1 July" or "18 of the".
        """
        if not self.plain or number not in self.defined:
            return False
        last_word = before.rsplit(maxsplit=1)[-1:]
        if last_word and last_word[0].rstrip(".,;:").lower() in _NOT_BEFORE_MARKER:
            return False
        following = after.split(maxsplit=1)
        if following and (following[0].rstrip(".,;:") in _NOT_AFTER_MARKER or following[0][0].isdigit()):
            return False
        if re.match(r"\.\s+[A-Z“\"]", after):
            return False  # "...without delay; 3. Further welcomes": the next paragraph's number
        highest = max((int(n) for n in self.seen), default=0)
        if int(number) == highest + 1:
            return True
        return number in self.seen and (not following or following[0][0].islower() or following[0][0] in "(,;")

    def ref(self, number: str, line: int) -> NoteRef:
        """The next reference to note ``number``."""
        number = str(int(number))
        self.seen[number] = self.seen.get(number, 0) + 1
        resolved = number in self.defined
        if not resolved and self.seen[number] == 1:
            self.missing.append((number, line))
        return NoteRef(number=number, occurrence=self.seen[number], resolved=resolved)


_NOT_BEFORE_MARKER = frozenset(
    "paragraph paragraphs para paras article articles art arts resolution resolutions decision decisions "
    "chapter chap section sect annex annexes no nos vol part page p pp item rule principle "
    "recommendation goal target table figure session meeting "
    "supplement protocol convention volume and or to of from between under in at by than about over "
    "appendix schedule level phase option step stage class category grade the a some than least nearly almost "
    "all only these those its their his her with for on within every each first last top".split()
)
MONTH_NAMES = "January February March April May June July August September October November December".split()
_NOT_AFTER_MARKER = frozenset(
    MONTH_NAMES
    + "per % to - – / bis ter million billion thousand hundred years year months month days day weeks hours "
    "times people persons children women men countries States Member cases".split()
)

# One alternation, tried left to right at each position; group names say what matched.
_SUP = SUPERSCRIPT_DIGITS
_TAGS = (
    # Note numbers are ASCII digits without a leading zero ("<sup>07</sup>" and Arabic-Indic
    # digits are not note markers), and a run of superscript digits is one marker ("⁸⁰").
    r"(?P<sup><sup>\s*(?P<supnum>[1-9][0-9]{0,3})\s*</sup>)"
    r"|(?P<suptext><sup>(?P<supinner>[^<]{0,40})</sup>)"
    rf"|(?<![{_SUP}])(?P<uni>[¹²³⁴⁵⁶⁷⁸⁹][{_SUP}]{{0,3}})(?![{_SUP}])"
)
_NUMBERS = (
    # "...were not penalized.3" / "...Austria and Italy.6": a bare note number glued to
    # the punctuation that ends a word; taken only when that note exists (see below).
    r"|(?<=[A-Za-z0-9)\]”’\"][.,;:])(?P<bare>[1-9][0-9]{0,2})(?=[\s”’\"]|$)"
    # "...Periodic Review, 1 the views" / "...Criminal Court 1": a plain number after a word,
    # in a document whose notes are plain numbers (see NoteCounter.accepts_plain).
    r"|(?= [1-9])(?:(?<=[A-Za-z)\]”’\"])|(?<=[A-Za-z)\]”’\"][.,;:])|(?<=\b\d{4}[.,])|(?<=\d[;:])|(?<=\b(?:19|20)\d\d))"
    r"(?P<plainsp> )(?P<plain>[1-9][0-9]{0,2})(?=[\s,.;:]|$)"
    # "Spain1 (on behalf of the European Union)": glued to a lower-case word, same rules.
    r"|(?<=[a-z])(?P<glued>[1-9][0-9]{0,2})(?=[\s,.;:)]|$)"
)
_EMPHASIS_AND_LINKS = (
    r"|(?P<strong>\*\*(?=\S)(?P<stronginner>.+?)(?<=\S)\*\*)(?!\*)"
    r"|(?<![\w*])(?P<em>\*(?=[^\s*])(?P<eminner>[^*]+?)(?<=[^\s*])\*)(?![\w*])"
    r"|(?P<link>\[(?P<linktext>[^\[\]]{1,300})\]\((?P<url>https?://[^\s()<>\"']{1,500})\))"
)
# Every token starts with one of the characters of the first lookahead (or a space before a
# digit): testing it first lets the scan step over all other characters without trying each
# alternative (and their lookbehinds) there, which made this regex most of the parser's time.
_TOKEN = re.compile(rf"(?=[<{_SUP[1:]}1-9*\[]| [1-9])(?:{_TAGS}{_NUMBERS}{_EMPHASIS_AND_LINKS})")
_TOKEN_WITHOUT_NUMBERS = re.compile(rf"(?=[<{_SUP[1:]}*\[])(?:{_TAGS}{_EMPHASIS_AND_LINKS})")
""":data:`_TOKEN` for a text where no plain number can be a marker (no notes to refer to):
a number there is always left as text, and no other token starts with a digit or a space."""


def parse_inline(text: str, notes: NoteCounter | None = None, line: int = 0) -> tuple[Inline, ...]:
    """Split ``text`` into spans. With ``notes`` None, markers are left as text."""
    spans: list[Inline] = []
    pos = 0
    token = _TOKEN if notes is not None and notes.defined else _TOKEN_WITHOUT_NUMBERS
    for match in token.finditer(text):
        group = match.lastgroup  # the branch's outer group closes last: "sup", "em", "plain"...
        if group in ("sup", "uni", "bare", "plain", "glued") and notes is None:
            continue
        if group == "bare" and "/" in (text[: match.start()].split() or [""])[-1]:
            continue  # "A/73/L.8 and": part of a document symbol, not a marker
        if (
            group == "bare"
            and (
                notes is None
                or str(int(match.group("bare"))) not in notes.defined
                # "published in 2021.45" is note 45 only where notes are plain numbers and 45 is due.
                or (
                    text[match.start() - 2].isdigit()
                    and not (
                        re.search(r"\b\d{4}[.,;:]$", text[: match.start()])
                        and notes.accepts_plain(match.group("bare"), text[: match.start()], text[match.end() :])
                    )
                )
            )
        ):
            continue
        if group == "glued" and not re.search(r"(?:^|[\s(])[A-Z][a-z]+$", text[: match.start()]):
            continue  # "Spain1" (a name), never "m3" (a unit)
        if group in ("plain", "glued") and (
            notes is None or not notes.accepts_plain(match.group(group), text[: match.start()], text[match.end() :])
        ):
            continue
        _append_text(spans, text[pos : match.start()])
        pos = match.end()
        if group == "sup":
            assert notes is not None
            spans.append(notes.ref(match.group("supnum"), line))
        elif group == "uni":
            assert notes is not None
            spans.append(notes.ref(superscript_to_int(match.group("uni")), line))
        elif group in ("bare", "plain", "glued"):
            assert notes is not None
            spans.append(notes.ref(match.group(group), line))
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


@functools.lru_cache(maxsize=4096)
def strip_markup(text: str) -> str:
    """The plain text of ``text`` as :func:`parse_inline` would read it, markers dropped.

    Cached: the parser's rules ask for the plain text of the same line or block several
    times (masthead, embedded texts, body).
    """
    if _MARKUP_START.search(text) is None:
        return text  # nothing that strip_markup removes can start without one of these
    return plain_text(parse_inline(text, NoteCounter(frozenset())))


_MARKUP_START = re.compile(rf"[<*\[{SUPERSCRIPT_DIGITS[1:]}]")
"""The first character of every span that :func:`strip_markup` changes: a tag, emphasis, a
link, a superscript marker (plain-number markers are not taken without notes)."""
