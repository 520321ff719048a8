"""Stage 2a': footnotes printed as plain numbers, at page bottoms or as endnotes.

Text extracted from a PDF loses the superscript: a note is "1   A/HRC/59/15." at the foot
of the page, or "1" on one line and "A/73/85." on the next, or (raw extraction) the texts
of notes 2 and 3 first and their numbers "2" / "3" after the others. This module finds
those notes from the page structure that :mod:`.clean` kept, so the parser never mistakes
them for body text.

Guarantees of :func:`find_plain_notes`: each returned note holds the 1-based numbers of all
its lines (number line included) and its text without the number; a line is in at most
one note; a zone is taken only with evidence that it holds notes (a separator rule above
it, or a "Notes" title, or a first note numbered as the next note expected whose marker
appears in the text above), so a table row "1 July 2024   190" or a title line
"1 July 2024 to 30 June 2025" stays body text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .furniture import Page
from .inline import MONTH_NAMES

_LONE = re.compile(r"^\s*(?P<n>[1-9]\d{0,2})\s*$")  # "1"
_NUMBERED = re.compile(r"^\s*(?P<n>[1-9]\d{0,2})\s+(?P<text>\S.*)$")  # "1   A/HRC/59/15."
# "1 July 2024" (a date) and "1 per cent" open no note.
_NOT_A_NOTE = frozenset([*MONTH_NAMES, "per", "%", "and", "to", "or", "–", "-"])
# "1            Standby fixed-wing aircraft": a table row (columns), never a note.
_TABLE_GAP = re.compile(r"\S\s{4,}\S")
_NUMBER_PREFIX = re.compile(r"^\s*\d{1,3}\s+")
_NOTES_TITLE = re.compile(r"^\s*(?:#+\s*)?\**(?:Notes|NOTES|Endnotes)\**:?\s*$")


@dataclass
class PlainNote:
    """One note found in the layout."""

    number: str
    lines: list[int] = field(default_factory=list)
    """1-based source lines, the number's line included."""
    texts: list[tuple[int, str]] = field(default_factory=list)
    """(line, text) of the note's text, in reading order, without the number."""


@dataclass
class NoteZones:
    """What :func:`find_plain_notes` found."""

    notes: list[PlainNote]
    title_line: int | None = None
    """The "Notes" title above endnotes, when there is one."""

    @property
    def taken(self) -> set[int]:
        """Every line that belongs to a note (or is the notes' title)."""
        out = {n for note in self.notes for n in note.lines}
        if self.title_line is not None:
            out.add(self.title_line)
        return out


def _starts_note(line: str, expected: int, loose: bool, used: frozenset[int] = frozenset()) -> tuple[int, str] | None:
    """``(number, text)`` when ``line`` opens a note numbered as expected.

    Under a separator rule (``loose``) a lone number may also be one not yet used below
    the expected one: raw extraction prints "2" and "3" after notes 4 and 5.
    """
    if m := _LONE.match(line):
        n = int(m.group("n"))
        ok = (n <= expected + 9 and n not in used) if loose else n == expected
        return (n, "") if ok else None
    if m := _NUMBERED.match(line):
        n, text = int(m.group("n")), m.group("text")
        first = text.split()[0]
        if n != expected or first in _NOT_A_NOTE or first[0].isdigit():
            return None
        return n, text
    return None


def _marker_above(lines: Sequence[str], start: int, stop: int, number: int) -> bool:
    """Tell whether note ``number``'s marker is printed in ``lines[start:stop]`` ("Review, 1 the")."""
    pattern = re.compile(rf"(?:[A-Za-z)\]”’\"]|[A-Za-z0-9)\]”’\"][.,;:])\s?{number}(?=[\s.,;:]|$)")
    return any(pattern.search(lines[i]) for i in range(start, stop))


def _read_zone(lines: Sequence[str], indices: list[int], expected: int, loose: bool, used: set[int]) -> list[PlainNote]:
    """Split the zone's lines into notes; a line before the first number has number ""."""
    notes: list[PlainNote] = []
    for i in indices:
        start = _starts_note(lines[i], expected, loose, frozenset(used))
        if start is not None:
            n, text = start
            notes.append(PlainNote(str(n), [i + 1], [(i + 1, text)] if text else []))
            used.add(n)
            expected = max(expected, n + 1)
            continue
        if not notes:
            notes.append(PlainNote(""))
        notes[-1].lines.append(i + 1)
        notes[-1].texts.append((i + 1, lines[i].strip()))
    return notes


def _pair_orphans(notes: list[PlainNote]) -> list[PlainNote]:
    """Raw extraction: texts of notes 2 and 3 first, their lone numbers at the zone's end.

    "A/58/874 and A/58/874/Add.1." / "Articles 10 and 13 of the Relationship Agreement." /
    "4" / "A/73/334." / "5" / "United Nations, Treaty Series..." / "2" / "3" (A/RES/73/7).
    """
    if not notes or notes[0].number:
        return notes
    orphan = notes[0]
    dangling = []
    for note in reversed(notes[1:]):
        if note.texts:
            break
        dangling.append(note)
    dangling.reverse()
    if not dangling:
        return notes
    if len(dangling) == len(orphan.texts):
        pairs = zip(dangling, orphan.texts, strict=True)
        for note, (line, text) in pairs:
            note.lines.insert(0, line)
            note.texts.append((line, text))
    elif len(dangling) == 1:
        dangling[0].lines[:0] = orphan.lines
        dangling[0].texts.extend(orphan.texts)
    else:
        return notes
    rest = [n for n in notes[1:] if n not in dangling]
    return sorted(dangling + rest, key=lambda n: int(n.number))


def find_plain_notes(lines: Sequence[str], pages: Sequence[Page], rules: Sequence[int]) -> NoteZones:
    """Notes printed as plain numbers (see the module docstring)."""
    found: list[PlainNote] = []
    expected = 1
    last_end = 0  # body text since the previous zone is where markers are looked for
    title_line: int | None = None
    rule_set = {r - 1 for r in rules}
    for page in pages:
        filled = [i for i in range(page.start, page.end) if lines[i].strip()]
        zone: list[int] = []
        loose = False
        for k, i in enumerate(filled):
            if _NOTES_TITLE.match(lines[i]) and k + 1 < len(filled) and _starts_note(lines[filled[k + 1]], 1, False):
                # "Notes" then "1 See A/HRC/43/15, ..." to the end of the document (endnotes).
                title_line = i + 1
                rest = [j for p in pages if p.number >= page.number for j in range(p.start, p.end) if lines[j].strip()]
                zone = [j for j in rest if j > i]
                expected = 1
                break
            ruled = any(r in rule_set for r in range(filled[k - 1] + 1 if k else page.start, i))
            start = _starts_note(lines[i], expected, ruled, frozenset(int(n.number) for n in found))
            if ruled and (start is not None or found):
                zone, loose = filled[k:], True
                break
            if (
                start is not None
                and (k == 0 or i - filled[k - 1] > 1 or _LONE.match(lines[i]))
                and _marker_above(lines, last_end, i, start[0])
                and not any(_TABLE_GAP.search(_NUMBER_PREFIX.sub("", lines[j])) for j in filled[k:])
            ):
                zone = filled[k:]
                break
        if not zone:
            continue
        notes = _pair_orphans(_read_zone(lines, zone, expected, loose, {int(n.number) for n in found}))
        if notes and not notes[0].number:
            if not found:
                continue  # text under a rule with no note before it: leave it to the body
            found[-1].lines.extend(notes[0].lines)  # a note continued from the page before
            found[-1].texts.extend(notes[0].texts)
            notes = notes[1:]
        found.extend(notes)
        if found:
            expected = max(int(n.number) for n in found) + 1
        last_end = page.end
        if title_line is not None:
            break
    return NoteZones(found, title_line)
