"""Text conservation: every word of a source reaches its model, exactly once, in order.

The check works on word tokens (letters and digits), so it is blind to markup and
punctuation but not to a lost, doubled or reordered word:

* every non-blank line of the cleaned source belongs to exactly one unit of the model (a
  masthead line, a block, a note, the notes' title), or was removed as page furniture;
* each unit's words are exactly the words of its source lines, in line order.

A compilation's source is checked against all its documents together (the report and each
resolution printed in it, see :func:`build_scripts.parse.parse_documents`): every line is
in exactly one unit of exactly one of them; an :class:`~build_scripts.model.Embedded` entry
holds no source words (they are on the embedded text's own page).

Units may gather lines that are not adjacent (a paragraph split by a page break with its
notes between the halves), which is why the check is per unit. The page-level half of the
check (each unit's element on the built page holds exactly these words) lives in the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from .clean import clean
from .inline import SUPERSCRIPT_DIGITS, superscript_to_int
from .model import Document, Embedded, Emphasis, Footnote, Inline, Link, NoteRef, Paragraph, Ref, Table, Text

# Letters and digits are separate words, so "Spain1" (a note marker glued to the name it
# follows) reads "Spain", "1" both in the source and in the model.
_WORD = re.compile(r"[^\W\d_]+|\d+")
# "<sup>23</sup>" is a note marker, a word of its own; "20<sup>th</sup>" is the word "20th".
_NOTE_SUP = re.compile(r"<sup>\s*([1-9][0-9]{0,3})\s*</sup>")
_OTHER_SUP = re.compile(r"<sup>([^<]{0,40})</sup>")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s")
_SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")


def words(text: str) -> list[str]:
    """Word tokens of ``text``: "<sup>23</sup>" gives "23", "⁸⁰" gives "80"."""
    text = _OTHER_SUP.sub(r"\1", _NOTE_SUP.sub(r" \1 ", _MD_HEADING.sub("", text)))
    text = _SUPERSCRIPTS.sub(lambda m: f" {superscript_to_int(m.group())} ", text)
    return _WORD.findall(text.replace("_", " "))


def span_words(spans: tuple[Inline, ...]) -> list[str]:
    """Word tokens of model spans, footnote markers included (they are printed)."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, Text):
            out.extend(words(span.text))
        elif isinstance(span, (Emphasis, Ref)):
            out.extend(span_words(span.children))
        elif isinstance(span, NoteRef):
            out.append(span.number)
        elif isinstance(span, Link):
            out.extend(span_words(span.children))
            out.extend(words(span.url))
    return out


@dataclass(frozen=True)
class Unit:
    """One piece of a document with its own place on the page."""

    anchor: str
    """The element id that holds this unit on the page."""
    lines: tuple[int, ...]
    words: tuple[str, ...]


def units(doc: Document) -> Iterator[Unit]:
    """Every unit of ``doc`` with the words the page must show for it."""
    titles = [m for m in doc.masthead if m.role == "title"]
    if titles:
        yield Unit("title", tuple(m.line for m in titles), tuple(w for m in titles for w in span_words(m.content)))
    for line in doc.masthead:
        if line.role != "title":
            yield Unit(f"mh-{line.line}", (line.line,), tuple(span_words(line.content)))
    for block in doc.blocks:
        printed: list[str] = []
        if isinstance(block, Embedded):
            continue
        if isinstance(block, Table):
            yield Unit(block.anchor, block.lines, tuple(w for row in block.rows for cell in row for w in words(cell)))
            continue
        if isinstance(block, Paragraph):
            printed = words(block.opening) + (words(block.label) if block.label else [])
        yield Unit(block.anchor, block.lines, tuple(printed + span_words(block.content)))
    if doc.notes_title is not None:
        yield Unit("notes", doc.notes_title.lines, tuple(span_words(doc.notes_title.content)))
    for note in doc.footnotes:
        yield Unit(note.anchor, note.lines, tuple(_note_words(note)))


def _note_words(note: Footnote) -> list[str]:
    return [note.number, *span_words(note.content)]


def lost_text(docs: Document | Sequence[Document], data: bytes) -> list[str]:
    """Problems found by checking ``docs`` (all documents of one source) against its bytes.

    Empty when conserved. Anchors in the messages are prefixed by the document id when
    several documents share the source.
    """
    group = [docs] if isinstance(docs, Document) else list(docs)
    cleaned = clean(data)
    problems: list[str] = []
    owner: dict[int, str] = {}
    every = [
        (replace(unit, anchor=f"{doc.id}#{unit.anchor}") if len(group) > 1 else unit)
        for doc in group
        for unit in units(doc)
    ]
    for unit in every:
        expected: list[str] = []
        for n in sorted(unit.lines):
            if n in owner:
                problems.append(f"line {n} is in both {owner[n]} and {unit.anchor}")
            owner[n] = unit.anchor
            line_words = words(cleaned.lines[n - 1])
            is_note = unit.anchor.rsplit("#", 1)[-1].startswith("fn-")
            if is_note and n != min(unit.lines) and cleaned.lines[n - 1].strip() == unit.words[0]:
                # A raw extraction prints a note's lone number after its text (A/RES/73/7).
                expected.insert(0, line_words[0])
                continue
            expected.extend(line_words)
        if list(unit.words) != expected:
            problems.append(
                f"{unit.anchor}: words differ from lines {list(unit.lines)}: {_diff(expected, list(unit.words))}"
            )
    for n, line in enumerate(cleaned.lines, start=1):
        if line.strip() and n not in owner and words(line):
            problems.append(f"line {n} reached no unit: {line[:80]!r}")
    return problems


def _diff(expected: list[str], found: list[str]) -> str:
    for i, (a, b) in enumerate(zip(expected, found, strict=False)):
        if a != b:
            return f"at word {i}: source {expected[i : i + 5]} vs model {found[i : i + 5]}"
    return f"source has {len(expected)} words, model {len(found)}"
