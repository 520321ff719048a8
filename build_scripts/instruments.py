"""The instrument registry (``data/instruments.yml``) and the recognition of instruments by name.

Guarantees: an instrument is recognised only by a phrase the registry lists for it (its
``title`` or one of its ``aliases``, case-sensitive, whole words, any spacing between words),
by a ``short_forms`` phrase in a document that also names the instrument in full, by one of
the collective names below, or by its adopting resolution and annex ("Resolution 44/25,
annex"). Where two phrases overlap, the longest wins (a protocol's title contains its
convention's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .references import Mention

COLLECTIVE = {
    "International Covenants on Human Rights": ("iccpr", "icescr"),
    "Optional Protocols to the Convention on the Rights of the Child": ("crc-opsc", "crc-opac"),
}
"""Names that designate several instruments at once: the first is the link target."""


@dataclass(frozen=True)
class Instrument:
    """One entry of the registry (see the header of ``data/instruments.yml`` for the fields)."""

    id: str
    title: str
    short: str | None
    aliases: tuple[str, ...]
    short_forms: tuple[str, ...]
    kind: str
    adopted_by: str | None
    annex: str | None
    date: str | None
    parent: str | None
    url: str | None
    unts: str | None = None


_UNTS = re.compile(r"United Nations,\s+\*?Treaty\s+Series\*?,\s+vol\.\s+(?P<vol>\d+),\s+No\.\s+(?P<no>\d+)")


class RegistryError(ValueError):
    """The registry file is broken; the message names the entry and what to fix."""


_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def _phrase_pattern(phrase: str, start: bool = True) -> str:
    """``phrase`` as whole words, any spacing; ``start=False`` leaves out the check before it."""
    words = [re.escape(w) for w in phrase.split()]
    return (r"(?<![\w-])" if start else "") + r"\s+".join(words) + r"(?![\w-])"


def search_after(pattern: re.Pattern[str], text: str, pos: int, refused: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of ``pattern`` in ``text`` from ``pos`` not preceded by a character ``refused`` matches.

    The same match as ``(?<!R)`` followed by ``pattern`` (``R``: the pattern of ``refused``)
    would find, but faster: a pattern that starts with a literal (or an alternation of
    literals) lets the regex engine skip straight to the characters that can start a match,
    which a leading look-behind prevents. A refused place is tried no further, as the
    look-behind fails there whatever follows.
    """
    while (match := pattern.search(text, pos)) is not None:
        start = match.start()
        if start == 0 or not refused.match(text, start - 1):
            return match
        pos = start + 1
    return None


def finditer_after(pattern: re.Pattern[str], text: str, refused: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Like ``finditer`` of ``(?<!R)`` followed by ``pattern`` (see :func:`search_after`)."""
    pos = 0
    while (match := search_after(pattern, text, pos, refused)) is not None:
        yield match
        pos = max(match.end(), match.start() + 1)


class Registry:
    """The instruments, and a matcher for their names."""

    def __init__(self, instruments: tuple[Instrument, ...]) -> None:
        self.instruments = instruments
        self.by_id = {i.id: i for i in instruments}
        phrases: dict[str, tuple[str, ...]] = {}
        for inst in instruments:
            for phrase in (inst.title, *inst.aliases):
                phrases.setdefault(" ".join(phrase.split()), (inst.id,))
        for phrase, ids in COLLECTIVE.items():
            phrases[phrase] = ids
        self._phrases = phrases
        # Phrases by their first word: a scan finds the first words (a cheap alternation of
        # literals), then tries only the phrases that start with that word, longest first.
        self._starting: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
            self._starting.setdefault(phrase.split()[0], []).append((phrase, re.compile(_phrase_pattern(phrase))))
        firsts = sorted(self._starting, key=lambda w: (-len(w), w))
        # Without a look-behind, so the engine skips to the first letters (see search_after).
        self._first = re.compile(r"(?:" + "|".join(re.escape(w) for w in firsts) + r")(?![\w-])")
        self._short: dict[str, str] = {}
        for inst in instruments:
            for form in inst.short_forms:
                self._short[" ".join(form.split())] = inst.id
        short_ordered = sorted(self._short, key=lambda p: (-len(p), p))
        # As ``(?<![\w-])`` + the alternation, the look-behind left to finditer_after.
        self._short_re = (
            re.compile("(?:" + "|".join(_phrase_pattern(p, start=False) for p in short_ordered) + r")(?!\s+of\b)")
            if short_ordered
            else None
        )
        self._unts = {" ".join(i.unts.split()): i.id for i in instruments if i.unts}

    def adopted(self, symbol: str | None, annex: str | None, named: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The instruments adopted by resolution ``symbol`` in ``annex``.

        ``annex`` None: the resolution itself; "*": any of its annexes. When several fit
        ("resolution 2200 A (XXI), annex" holds both Covenants and a Protocol), only those the
        document names in full (``named``) are meant; none of them named: nothing is certain.
        """
        if symbol is None:
            return ()
        wanted = annex.lower() if annex and annex != "*" else None
        found = tuple(
            i.id
            for i in self.instruments
            if i.adopted_by == symbol and (annex == "*" or (i.annex.lower() if i.annex else None) == wanted)
        )
        if len(found) > 1:
            found = tuple(i for i in found if i in named)
        return found

    def by_adoption(self, symbol: str | None, annex: str | None) -> str | None:
        """The one instrument adopted by ``symbol`` in ``annex``, or None (none or several)."""
        found = self.adopted(symbol, annex)
        return found[0] if len(found) == 1 else None

    def full_matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of every full name, left to right, longest first, never overlapping."""
        out: list[tuple[int, int, str]] = []
        pos = 0
        while True:
            first = search_after(self._first, text, pos, _WORD_OR_HYPHEN)
            if not first:
                return out
            for phrase, pattern in self._starting[first.group(0)]:
                match = pattern.match(text, first.start())
                if match:
                    out.append((match.start(), match.end(), phrase))
                    pos = match.end()
                    break
            else:
                pos = first.end()

    def named_by(self, full: list[tuple[int, int, str]]) -> frozenset[str]:
        """Ids of the instruments that these :meth:`full_matches` name."""
        ids: set[str] = set()
        for _, _, phrase in full:
            ids.update(self._phrases[phrase])
        return frozenset(ids)

    def named_in(self, text: str) -> frozenset[str]:
        """Ids of the instruments ``text`` names in full (enables their short forms)."""
        return self.named_by(self.full_matches(text))

    def find(
        self, text: str, enabled: frozenset[str] = frozenset(), full: list[tuple[int, int, str]] | None = None
    ) -> list[Mention]:
        """Instrument mentions in ``text``; short forms only for the ``enabled`` instruments.

        ``full``: :meth:`full_matches` of ``text`` when known already.
        """
        from .references import Mention, RefKind

        out: list[Mention] = []
        for start, end, phrase in self.full_matches(text) if full is None else full:
            ids = self._phrases[phrase]
            out.append(Mention(start, end, RefKind.INSTRUMENT, ids[0], also=ids[1:]))
        for match in _UNTS.finditer(text):
            inst = self._unts.get(f"vol. {match.group('vol')}, No. {match.group('no')}")
            if inst:
                out.append(Mention(match.start(), match.end(), RefKind.INSTRUMENT, inst))
        if self._short_re is not None and enabled:
            for match in finditer_after(self._short_re, text, _WORD_OR_HYPHEN):
                inst = self._short[" ".join(match.group(0).split())]
                if inst in enabled and all(match.end() <= m.start or match.start() >= m.end for m in out):
                    out.append(Mention(match.start(), match.end(), RefKind.INSTRUMENT, inst))
        return sorted(out, key=lambda m: m.start)


def _entry(raw: Any, index: int) -> Instrument:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("title"):
        raise RegistryError(f"entry {index + 1}: every entry needs an 'id' and a 'title'")

    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"entry {raw['id']!r}: '{key}' must be a list of phrases")
        return tuple(value)

    def text(key: str) -> str | None:
        value = raw.get(key)
        return None if value is None else str(value)

    return Instrument(
        id=str(raw["id"]),
        title=str(raw["title"]),
        short=text("short"),
        aliases=strings("aliases"),
        short_forms=strings("short_forms"),
        kind=str(raw.get("kind") or "other"),
        adopted_by=text("adopted_by"),
        annex=text("annex"),
        date=text("date"),
        parent=text("parent"),
        url=text("url"),
        unts=text("unts"),
    )


def parse_registry(data: str) -> Registry:
    """The registry from the YAML text of ``instruments.yml``."""
    # The C loader when PyYAML has it (the registry is read on every build; 10x faster).
    raw = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(raw, list):
        raise RegistryError("the file must be a list of entries, each starting with '- id:'")
    return Registry(tuple(_entry(item, i) for i, item in enumerate(raw)))


@cache
def load_registry() -> Registry:
    """The registry shipped with the build scripts."""
    return parse_registry(resources.files("build_scripts").joinpath("data/instruments.yml").read_text("utf-8"))
