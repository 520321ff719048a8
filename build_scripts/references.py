"""Recognising references in the text of a paragraph or a note (the first half of the link stage).

:func:`find_mentions` reads plain text and returns :class:`Mention` objects: character spans
with what they designate. It knows nothing of the archive; :mod:`build_scripts.link` decides
which mentions become links (to a page of the archive or to undocs.org).

Guarantees:

* A mention's ``target`` is set only when the text makes it certain: the organ of a
  resolution number is named before it ("General Assembly resolution 57/176", "its
  resolution", "Council resolution"), or the number's printed form belongs to one organ only
  ("794 (1992)" is the Security Council's, "S-27/2" the General Assembly's), or the
  document's own organ and date leave one reading (see :func:`_organ_by_default`). Otherwise
  the mention is kept with ``target=None``: a missing link is better than a wrong one.
* A paragraph reference points into this document only when the text says so ("paragraph 9
  above", "of the present resolution", or a bare "paragraph 8" with no other document named
  before it in the sentence); "paragraph 3 of resolution 775 (1992)" points into resolution
  775 (1992), and "paragraph 3 of the resolution" into the resolution last named.
* Spans never overlap, except that an instrument located by its adopting resolution
  ("Resolution 44/25, annex") has an instrument mention covering the resolution mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from .inline import MONTH_NAMES
from .instruments import Registry, finditer_after

GA, ECOSOC, SC, HRC, CHR, SUBCOM = "GA", "ECOSOC", "SC", "HRC", "CHR", "SUBCOM"
OTHER = "other"
"""An organ the text names whose resolutions the archive does not resolve (a commission...)."""

BODY_CODES = {
    "General Assembly": GA,
    "Economic and Social Council": ECOSOC,
    "Security Council": SC,
    "Human Rights Council": HRC,
    "Commission on Human Rights": CHR,
}
HRC_FOUNDED = "2006-06-19"
"""The Human Rights Council's first session: before it, a number such as 14/2 is the Assembly's."""


class RefKind(StrEnum):
    """What a mention designates."""

    RESOLUTION = "resolution"
    DECISION = "decision"
    DOCUMENT = "document"
    INSTRUMENT = "instrument"
    PARAGRAPH = "paragraph"
    IBID = "ibid"


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference found in a text: ``text[start:end]`` designates ``target``."""

    start: int
    end: int
    kind: RefKind
    target: str | None
    """Canonical symbol ("A/RES/57/176", "S/RES/794 (1992)"), instrument id ("crc"), or, for
    a paragraph of this document, None with ``anchor`` set. None for a resolution or decision
    whose organ is uncertain."""
    anchor: str | None = None
    """A paragraph inside the target ("op-3"), or inside this document when target is None."""
    instrument: str | None = None
    """For a resolution or ``Ibid.`` that locates an instrument ("Resolution 44/25, annex")."""
    article: str | None = None
    """For an instrument: the article cited ("art-6-para-2")."""
    also: tuple[str, ...] = ()
    """Further instruments a collective name designates ("International Covenants...")."""
    via: str | None = None
    """The annex that locates an instrument ("annex II")."""


@dataclass(frozen=True)
class Context:
    """What the recogniser needs to know about the document a text belongs to."""

    organ: str | None = None
    """The document's own organ code (GA, ECOSOC, SC, HRC), for "its resolution"."""
    date: str | None = None
    own_kind: str = "resolution"
    """The document's kind: its own paragraphs are ``op-N`` in a resolution, else ``para-N``."""
    own_anchor: Callable[[tuple[str, ...]], str | None] = field(default=lambda _: None)
    """Maps a paragraph path ("8", "a") to this document's anchor, or None if there is none."""
    current: str | None = None
    """The anchor of the paragraph being read (for "paragraph (i)" in a sibling)."""
    previous_note: tuple[Mention, ...] = ()
    """Mentions in the previous note (for "Ibid.")."""
    is_note: bool = False
    named: frozenset[str] = frozenset()
    """Instruments the document names in full (a locator "Resolution 2200 A (XXI), annex"
    that fits several instruments designates those the document names)."""


# --------------------------------------------------------------------------- patterns
_ROMAN = r"[IVXLC]+"
_NUMBER = (
    r"(?P<sc>\d{1,4})\s?\((?P<sc_year>(?:19|20)\d{2})\)"
    rf"|(?P<old>\d{{1,4}})(?:\s(?P<part>[A-Z]))?\s?\((?P<old_session>(?:E?S-)?{_ROMAN})\)"
    r"|(?P<special>E?S-\d{1,2}/\d{1,3})"
    r"|(?P<year>(?:19|20)\d{2})/(?P<year_n>\d{1,4})"
    r"|(?P<session>\d{1,2})/(?P<session_n>\d{1,4})"
)
_NUMBER_RE = re.compile(rf"(?<![\w/.])(?:{_NUMBER})(?![\w/])")
_DATE = rf"\d{{1,2}}\s+(?:{'|'.join(MONTH_NAMES)})\s+\d{{4}}"
_TRAILER = re.compile(rf"(?:\s+of\s+{_DATE}|,\s+annex(?:es)?(?:\s+[IVX]+)?\b|\s+\(annex(?:\s+[IVX]+)?\))*")
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+to\s+)\s*")
_WORD = re.compile(r"\b(?P<draft>draft\s+)?(?P<word>[Rr]esolutions?|[Dd]ecisions?)\s+")
_WORD_NEEDS = ("esolution", "ecision")

_ORGAN_PHRASES = (
    ("Economic and Social Council", ECOSOC),
    ("General Assembly", GA),
    ("Assembly", GA),
    ("Security Council", SC),
    ("Human Rights Council", HRC),
    ("Commission on Human Rights", CHR),
    ("Sub-Commission", SUBCOM),
    ("Commission", OTHER),
    ("Conference", OTHER),
    ("Board", OTHER),
    ("Committee", OTHER),
    ("Council", "Council"),
)
_ORGAN_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p, _ in _ORGAN_PHRASES) + r")\b")
_ORGAN_OF = dict(_ORGAN_PHRASES)
_OWN = re.compile(r"\b(?:its|their|his|her|the\s+present|this)\s*$", re.IGNORECASE)

_SERIES = (
    r"A|E|S|ST|TD|UNEP|DP|CCPR|CERD|CEDAW|CRC|CAT|CMW|CRPD|HRI|ICCD|FCCC|UNW|CTOC|CAC|IDB|PBC|SG|UNICEF|A/HRC|E/ICEF"
)
# Matched where no word character, slash or full stop comes before it (search_after): the
# look-behind ``(?<![\w/.])`` is left out of the pattern, which then starts with the series.
_SYMBOL_BEFORE = re.compile(r"[\w/.]")
_SYMBOL_RE = re.compile(
    rf"(?:{_SERIES})(?:/(?:[A-Z][A-Za-z]*(?:\.\d+)*|\d+(?:\.\d+)?|E?S-\d+|[A-Z]+\.[A-Z0-9.]+))+"
    r"(?:\s\(Part\s[IVX]+\))?"
)
_CORR = re.compile(r"\s+and\s+(?P<add>(?:Corr|Add|Rev)\.\d+)")
_PARA = re.compile(
    r"\b(?P<word>[Pp]aragraphs?|[Pp]aras?\.|[Ss]ubparagraphs?)\s+"
    r"(?P<first>(?:\d+(?:\s?\([a-z]{1,2}\))?(?:\s?\([ivx]+\))?)|\([a-z]{1,2}\)(?:\s?\([ivx]+\))?|\([ivx]+\))"
)
_PARA_NEEDS = ("aragraph", "ara.", "aras.")
_PARA_ITEM = re.compile(
    r"(?:[Pp]aragraphs?\s+)?(?:\d+(?:\s?\([a-z]{1,2}\))?(?:\s?\([ivx]+\))?|\([a-z]{1,2}\)(?:\s?\([ivx]+\))?)(?![)\w])"
)
_PARA_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*(?P<range>-|–|\s+to\s+)\s*)\s*")
_ARTICLE = re.compile(
    r"\b[Aa]rticles?\s+(?P<art>\d+)(?:\s?\((?P<art_sub>\d+)\))?"
    r"(?:,?\s+paragraphs?\s+(?P<para>\d+)(?:\s?\((?P<item>[a-z])\))?)?"
)
_ARTICLE_NEEDS = ("rticle",)
_OF_INSTRUMENT = re.compile(r"^,?\s+of\s+(?:the\s+|that\s+|this\s+)?")
_ANAPHOR = re.compile(r"^(?:Protocol|Convention|Statute|Covenant|Charter|Agreement|Declaration)\b")
_IBID = re.compile(r"^\s*\*?(?P<ibid>Ibid\.)\*?(?:,\s*(?P<annex>annex(?:\s+[IVX]+)?))?")



def may_contain(text: str, needles: tuple[str, ...]) -> bool:
    """False when ``text`` contains none of ``needles``.

    Each ``_X_NEEDS`` lists strings of which every match of the pattern ``_X`` contains one:
    a text without them is not searched (a substring test is much cheaper than a search).
    """
    for needle in needles:
        if needle in text:
            return True
    return False


# --------------------------------------------------------------------------- public
def find_mentions(
    text: str,
    context: Context,
    registry: Registry,
    enabled: frozenset[str] = frozenset(),
    full_names: list[tuple[int, int, str]] | None = None,
) -> list[Mention]:
    """Every reference in ``text``, in order of position (see the module docstring).

    ``enabled``: the instruments whose short forms count here (named in full in the document).
    ``full_names``: :meth:`Registry.full_matches` of ``text``, when known already.
    """
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(mention: Mention, reserve: bool = True) -> None:
        found.append(mention)
        if reserve:
            taken.append((mention.start, mention.end))

    if context.is_note:
        for mention in _ibid(text, context, registry):
            add(mention)
    for mention in registry.find(text, enabled, full_names):
        if free(mention.start, mention.end):
            add(mention)
    for mention in _resolutions(text, context, registry):
        if mention.kind is RefKind.INSTRUMENT:
            add(mention, reserve=False)
        elif free(mention.start, mention.end):
            add(mention)
    for mention in _symbols(text, registry):
        if free(mention.start, mention.end):
            add(mention)
    earlier = sorted(found, key=lambda m: m.start)
    for mention in _articles(text, earlier):
        if free(mention.start, mention.end):
            add(mention)
    for mention in _paragraphs(text, context, sorted(found, key=lambda m: m.start)):
        if free(mention.start, mention.end):
            add(mention)
    return sorted(found, key=lambda m: (m.start, -m.end))


# --------------------------------------------------------------------------- resolutions
def canonical(organ: str, kind: RefKind, match: re.Match[str]) -> str | None:
    """The symbol of a resolution or decision number read by ``_NUMBER_RE``, for ``organ``."""
    g = match.groupdict()
    res = "RES" if kind is RefKind.RESOLUTION else "DEC"
    if g["sc"]:
        return f"S/RES/{g['sc']} ({g['sc_year']})" if organ == SC and kind is RefKind.RESOLUTION else None
    if g["old"]:
        prefix = {GA: "A", ECOSOC: "E"}.get(organ)
        return f"{prefix}/{res}/{g['old']} ({g['old_session']})" if prefix and kind is RefKind.RESOLUTION else None
    if g["special"]:
        return f"A/{res}/{g['special']}" if organ == GA else None
    if g["year"]:
        prefix = {ECOSOC: "E", CHR: "E/CN.4", SUBCOM: "E/CN.4/Sub.2"}.get(organ)
        return f"{prefix}/{res}/{g['year']}/{g['year_n']}" if prefix else None
    if g["session"]:
        prefix = {GA: "A", HRC: "A/HRC"}.get(organ)
        return f"{prefix}/{res}/{g['session']}/{g['session_n']}" if prefix else None
    return None


def _shape_organ(match: re.Match[str]) -> str | None:
    """The organ a number's printed form implies by itself, if only one organ prints it so."""
    if match.group("sc"):
        return SC
    if match.group("special"):
        return GA
    return None


def _organ_by_default(match: re.Match[str], context: Context) -> str | None:
    """The organ of a number with no organ named: the only reading the document leaves, or None.

    * ``1996/26`` (year/number): the Economic and Social Council's in a document of the
      Assembly or the Council (their texts name a commission when they cite one).
    * ``57/176`` (session/number): the Assembly's in an Assembly document, or in any document
      dated before the Human Rights Council existed (2006); the Council's own documents name
      the organ ("Council resolution 5/1").
    * ``217 A (III)`` (old numbering): the Assembly's in an Assembly document.
    """
    shape = _shape_organ(match)
    if shape:
        return shape
    own, date = context.organ, context.date
    if match.group("year"):
        return ECOSOC if own in (GA, ECOSOC) else None
    if match.group("session"):
        if own == GA or (own != HRC and date is not None and date < HRC_FOUNDED):
            return GA
        return None
    if match.group("old"):
        return GA if own == GA else None
    return None


def _named_organ(before: str, context: Context) -> str | None:
    """The organ named just before a resolution word, in ``before`` (the clause up to it).

    "General Assembly resolution", "the Assembly, in its resolution", "its resolution" (the
    document's own organ), "Council resolution" (the document's own council).
    """
    tail = before[-90:]
    clause = re.split(r"[;:]|\.\s|\)\s*,", tail)[-1]
    immediate = re.search(r"(?P<organ>" + _ORGAN_RE.pattern + r")(?:'s)?\s*$", clause)
    if immediate:
        return _resolve_organ(immediate.group("organ"), context)
    if _OWN.search(clause):
        named = list(_ORGAN_RE.finditer(clause))
        if named:
            return _resolve_organ(named[-1].group(0), context)
        return context.organ
    return None


def _resolve_organ(phrase: str, context: Context) -> str | None:
    organ = _ORGAN_OF[phrase]
    if organ == "Council":
        return context.organ if context.organ in (ECOSOC, SC, HRC) else None
    return organ


_LOCATED = re.compile(
    r".*(?P<symbol>(?:E/CN\.4/Sub\.2|E/CN\.4)/\d{4}/\d+)[^;]{0,60}?,\s+(?:chap\.|sect\.)[^;]{0,40},\s*$"
)
_ACTED = re.compile(
    r"(?P<organ>" + _ORGAN_RE.pattern + r"),?\s+(?:has\s+|had\s+)?(?:adopted|in\s+its|by\s+its|through\s+its)\s*$"
)


def _located_organ(before: str) -> str | None:
    """The organ of a resolution printed in a report: "E/CN.4/Sub.2/1998/45, chap. II, resolution"."""
    match = _LOCATED.search(before[-140:])
    if not match:
        return None
    return SUBCOM if "/Sub.2/" in match.group("symbol") else CHR


def _resolutions(text: str, context: Context, registry: Registry) -> Iterator[Mention]:
    """Resolution and decision numbers after "resolution(s)" / "decision(s)", lists included."""
    if not may_contain(text, _WORD_NEEDS):
        return
    for word in _WORD.finditer(text):
        if word.group("draft"):
            continue
        kind = RefKind.RESOLUTION if word.group("word").lower().startswith("resolution") else RefKind.DECISION
        before = text[: word.start()]
        named = _named_organ(before, context) or _located_organ(before)
        if named is None:
            acted = _ACTED.search(re.split(r"[;:]|\.\s", before[-120:])[-1])
            if acted:
                named = _resolve_organ(acted.group("organ"), context)
        elif _OWN.search(before[-40:]) and not _ORGAN_RE.search(re.split(r"[;:]|\.\s", before[-90:])[-1]):
            # "By its resolution 2003/20 ..., the Economic and Social Council recommended"
            ahead = re.match(r"[^;]{0,60}?,\s+the\s+(?P<organ>" + _ORGAN_RE.pattern + r")\b", text[word.end() :])
            if ahead:
                named = _resolve_organ(ahead.group("organ"), context)
        others = bool(named is None and _ORGAN_RE.search(re.split(r"[;:]|\.\s", before[-120:])[-1]))
        items: list[tuple[re.Match[str], int]] = []
        pos = word.end()
        while True:
            number = _NUMBER_RE.match(text, pos)
            if not number:
                break
            trailer = _TRAILER.match(text, number.end())
            after = trailer.end() if trailer else number.end()
            items.append((number, after))
            sep = _SEPARATOR.match(text, after)
            if not sep or not _NUMBER_RE.match(text, sep.end()):
                break
            pos = sep.end()
        # A note that is one locator ("Resolution 44/25." / "See resolution 48/104.").
        whole_note = (
            context.is_note and len(items) == 1 and re.fullmatch(r"[\s*]*(?:See(?:\s+also)?\s+)?", text[: word.start()])
        )
        for i, (number, after) in enumerate(items):
            follow = re.match(r",?\s+of\s+the\s+(?P<organ>" + _ORGAN_RE.pattern + ")", text[after:])
            organ = named
            if organ is None and follow:
                organ = _resolve_organ(follow.group("organ"), context)
            if organ is None and (not others or _shape_organ(number)):
                organ = _organ_by_default(number, context)
            shape = _shape_organ(number)
            if shape and organ and organ != shape:
                organ = None
            symbol = canonical(organ, kind, number) if organ else None
            # A single reference spans "resolution 52/86"; the items of a list, the number alone.
            start = word.start() if len(items) == 1 else number.start()
            yield Mention(start, number.end(), kind, symbol)
            if not symbol:
                continue
            annex = re.match(r",\s+(?P<annex>annex(?:\s+[IVX]+)?)\b", text[number.end() :])
            if annex:
                found = registry.adopted(symbol, annex.group("annex"), context.named)
                end = number.end() + annex.end()
            elif whole_note and i == 0 and re.match(r"\s*[.,]?\s*$", text[number.end() :]):
                found = registry.adopted(symbol, None, context.named) or registry.adopted(symbol, "*", context.named)
                end = number.end()
            else:
                continue
            if found:
                yield Mention(
                    start, end, RefKind.INSTRUMENT, found[0], also=found[1:], via=annex and annex.group("annex")
                )


# --------------------------------------------------------------------------- symbols
def _symbols(text: str, registry: Registry) -> Iterator[Mention]:
    """Document symbols: ``A/57/170``, ``E/CN.4/Sub.2/1998/45``, ``A/RES/57/176``, ``and Corr.1``."""
    for match in finditer_after(_SYMBOL_RE, text, _SYMBOL_BEFORE):
        raw = match.group(0)
        end = match.end()
        while raw.endswith(".") or raw.endswith("/"):
            raw, end = raw[:-1], end - 1
        if not re.search(r"\d", raw) or raw.count("/") < 1:
            continue
        if raw.startswith("S/RES/"):
            year = re.match(r"\s?\((?:19|20)\d{2}\)", text[end:])
            if year:
                raw, end = raw + year.group(0), end + year.end()
        symbol = normalise_symbol(raw)
        kind = RefKind.DOCUMENT
        if "/RES/" in symbol:
            kind = RefKind.RESOLUTION
        elif "/DEC/" in symbol:
            kind = RefKind.DECISION
        yield Mention(match.start(), end, kind, symbol)
        corr = _CORR.match(text, end)
        if corr:
            yield Mention(corr.start("add"), corr.end("add"), RefKind.DOCUMENT, f"{symbol}/{corr.group('add')}")


def normalise_symbol(raw: str) -> str:
    """``S/RES/794(1992)`` -> ``S/RES/794 (1992)``: the canonical spacing of a symbol."""
    return re.sub(r"(\d)\(", r"\1 (", raw.strip())


# --------------------------------------------------------------------------- ibid
def _ibid(text: str, context: Context, registry: Registry) -> Iterator[Mention]:
    """``Ibid.`` at the start of a note: the previous note's document (and annex's instrument)."""
    match = _IBID.match(text)
    if not match:
        return
    base = next(
        (
            m
            for m in context.previous_note
            if m.kind in (RefKind.RESOLUTION, RefKind.DOCUMENT, RefKind.DECISION, RefKind.IBID) and m.target
        ),
        None,
    )
    target = base.target if base else None
    annex = match.group("annex")
    instrument = registry.by_adoption(target, annex) if target and annex else None
    yield Mention(match.start("ibid"), match.end("ibid"), RefKind.IBID, target, instrument=instrument, via=annex)


# --------------------------------------------------------------------------- articles
def _articles(text: str, earlier: list[Mention]) -> Iterator[Mention]:
    """``article 6, paragraph 2, of the Protocol``: an article of a named instrument.

    The instrument is the one named right after ("of the Rome Statute"), or, for "of the
    Protocol" / "of the Convention", the last instrument of that kind named before in the text.
    """
    if not may_contain(text, _ARTICLE_NEEDS):
        return
    instruments = [m for m in earlier if m.kind is RefKind.INSTRUMENT and m.target]
    for match in _ARTICLE.finditer(text):
        rest = text[match.end() :]
        of = _OF_INSTRUMENT.match(rest)
        if not of:
            continue
        at = match.end() + of.end()
        named = next((m for m in instruments if m.start == at), None)
        target = named.target if named else None
        if named is None:
            anaphor = _ANAPHOR.match(text[at:])
            if anaphor:
                noun = anaphor.group(0).lower()
                prior = [m for m in instruments if m.end <= match.start() and noun in text[m.start : m.end].lower()]
                target = prior[-1].target if prior else None
        if not target:
            continue
        article = f"art-{match.group('art')}"
        if match.group("art_sub"):
            article += f"-para-{match.group('art_sub')}"
        if match.group("para"):
            article += f"-para-{match.group('para')}"
            if match.group("item"):
                article += f"-{match.group('item')}"
        yield Mention(match.start(), match.end(), RefKind.PARAGRAPH, target, article=article)


# --------------------------------------------------------------------------- paragraphs
def _path(item: str) -> tuple[str, ...]:
    """``8 (a) (ii)`` -> ("8", "a", "ii")."""
    return tuple(re.findall(r"\d+|[a-z]+", item))


def _paragraphs(text: str, context: Context, earlier: list[Mention]) -> Iterator[Mention]:
    """Paragraph references, lists and ranges, resolved to this or another document."""
    if not may_contain(text, _PARA_NEEDS):
        return
    for match in _PARA.finditer(text):
        items: list[tuple[int, int, str, bool]] = [(match.start(), match.end("first"), match.group("first"), False)]
        pos = match.end()
        while True:
            sep = _PARA_SEPARATOR.match(text, pos)
            item = _PARA_ITEM.match(text, sep.end()) if sep else None
            if not sep or not item:
                break
            items.append((item.start(), item.end(), item.group(0), bool(sep.group("range"))))
            pos = item.end()
        owner, own_kind = _paragraph_owner(text, match.start(), pos, context, earlier)
        if owner == "":
            continue
        trailing = _OWN_WORDS.match(text[pos:])
        if trailing:
            # "paragraph 9 above": the locating word belongs to the reference.
            last = items[-1]
            items[-1] = (last[0], pos + trailing.end(), last[2], last[3])
        rng = [i for i, (_, _, _, is_range) in enumerate(items) if is_range]
        for i, (start, end, label, _) in enumerate(items):
            path = _path(label)
            if not path:
                continue
            if i + 1 in rng:
                # "paragraphs 8 to 13": one reference from the first item to the end of the range.
                end = items[i + 1][1]
            if i in rng:
                continue
            if owner is None:
                anchor = _own_anchor(path, context)
                if anchor:
                    yield Mention(start, end, RefKind.PARAGRAPH, None, anchor=anchor)
            else:
                prefix = "op" if own_kind in ("resolution", "decision") else "para"
                if path[0].isdigit():
                    yield Mention(start, end, RefKind.PARAGRAPH, owner, anchor="-".join((prefix, *path)))


def _own_anchor(path: tuple[str, ...], context: Context) -> str | None:
    if path[0].isdigit():
        return context.own_anchor(path)
    # "paragraph (i)" inside 9 (b) (ii): a sibling of the paragraph being read.
    if context.current and "-" in context.current:
        parent = context.current.rsplit("-", 1)[0]
        candidate = f"{parent}-{'-'.join(path)}"
        parts = tuple(candidate.split("-")[1:])
        return candidate if context.own_anchor(parts) == candidate else None
    return None


_OF_RESOLUTION = re.compile(
    r"^\s*(?:,\s*)?(?:of|in)\s+(?:(?:the|its|that|this|General\s+Assembly|Security\s+Council|Council|Assembly)\s+)*"
    r"(?P<what>resolution|decision|report|document|annex|article|Convention|Protocol|Statute|Charter|Agreement"
    r"|Declaration|Covenant|Platform|Programme|Plan|present|same|above|[A-Z])",
)
_OWN_WORDS = re.compile(r"^\s*(?:above|below)\b")
_THEREOF = re.compile(r"^\s*(?:,\s*)?(?:thereof|of\s+(?:that|the|the\s+same|this)\s+(?:resolution|decision))\b")
_PRESENT = re.compile(r"^\s*(?:,\s*)?of\s+(?:the\s+present|this)\s+(?:resolution|decision|report|note|document)\b")


def _paragraph_owner(
    text: str, start: int, end: int, context: Context, earlier: list[Mention]
) -> tuple[str | None, str]:
    """Whose paragraphs: (None, own kind) this document, (symbol, kind) another, ("", "") unsure."""
    rest = text[end:]
    if _OWN_WORDS.match(rest) or _PRESENT.match(rest):
        return None, context.own_kind
    documents = [m for m in earlier if m.kind in (RefKind.RESOLUTION, RefKind.DECISION, RefKind.DOCUMENT)]
    following = next((m for m in documents if m.start >= end and m.start - end <= 60), None)
    of = _OF_RESOLUTION.match(rest)
    if of:
        if following and following.start - end <= of.end() + 40:
            return (following.target or "", _doc_kind(following)) if following.target else ("", "")
        if _THEREOF.match(rest):
            prior = [m for m in documents if m.end <= start]
            if prior and prior[-1].target:
                return prior[-1].target, _doc_kind(prior[-1])
        return "", ""
    if _THEREOF.match(rest):
        prior = [m for m in documents if m.end <= start]
        return (prior[-1].target, _doc_kind(prior[-1])) if prior and prior[-1].target else ("", "")
    # A document named just before ("E/CN.15/1996/10, paras. 10-26") owns the paragraphs.
    before = text[max(0, start - 80) : start]
    lead = next((m for m in reversed(documents) if m.end <= start and re.fullmatch(r",\s*", text[m.end : start])), None)
    if lead:
        return (lead.target, _doc_kind(lead)) if lead.target else ("", "")
    # A bare "paragraph 8": this document's, unless its sentence names another document first.
    sentence = re.split(r"(?<=[.;])\s", before)[-1]
    if any(m.end <= start and m.start >= start - len(sentence) for m in earlier if m.kind is not RefKind.PARAGRAPH):
        return "", ""
    if re.search(r"\b(?:article|Article|rule|annex|chapter|section)\s*\S*\s*,?\s*$", before):
        return "", ""
    return None, context.own_kind


def _doc_kind(mention: Mention) -> str:
    return "resolution" if mention.kind in (RefKind.RESOLUTION, RefKind.DECISION) else "report"
