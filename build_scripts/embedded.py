"""Finding the resolutions and decisions printed inside a compilation (a session report).

The report of the Human Rights Council on a session (A/HRC/14/37) prints the text of every
resolution and decision it adopted, each opening with its number alone on a line ("14/2"),
its title, and the enacting formula ("The Human Rights Council,"), or a line saying that the
Council "decided to adopt the following text:" before the formula in quotation marks, and closing with the
adoption meeting and date ("31st meeting / 23 June 2010") and the vote record in brackets
("[Adopted without a vote.]"). :func:`find_embedded` finds those spans among the body's
blocks, so that the parser makes each one a document of its own.

A span is taken only when all of it is stated: the number, a title, the formula, and the
closing meeting line (or, for all but the last, the next embedded text's number). Whether a
text is a resolution or a decision is read from the section heading over it ("I. Resolutions",
"II. Decisions"); without such a heading the kind stays unknown and no symbol is derived.
A source with only one such text is that text itself, not a compilation: nothing is split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .blocks import RawBlock, ends_sentence
from .masthead import closing_line, enacting_formula, plain_line

_NUMBER_LINE = re.compile(r"^(?P<number>(?:S-)?\d{1,3}/\d{1,4})\.?$")
_SECTION = re.compile(r"^(?:[IVX]{1,4}\.\s+)?(?P<kind>Resolutions|Decisions)$", re.IGNORECASE)
_TITLE_MAX = 400
_MIN_TEXTS = 2
_DECIDED = re.compile(r"^At its \S+ (?:plenary )?meeting\b.*\b(?:decided|adopted)\b.*:$")


@dataclass(frozen=True)
class EmbeddedSpan:
    """One embedded text: blocks ``start`` (its number) to ``end`` (exclusive)."""

    start: int
    end: int
    head: int
    """How many blocks hold the number and the title (1 or 2); the formula follows."""
    number: str
    kind: str
    """ "resolution", "decision", or "other" when no section heading says which."""


def _start(blocks: Sequence[RawBlock], index: int) -> tuple[str, int] | None:
    """ "14/2" + title + "The Human Rights Council," at ``index``: (number, head blocks)."""
    block = blocks[index]
    # "/" is tested first: a line without one has no number, and most lines have none.
    if block.rows or "/" not in block.line_texts[0]:
        return None
    match = _NUMBER_LINE.match(plain_line(block.line_texts[0]))
    if not match:
        return None
    head = 1 if len(block.lines) > 1 else 2
    if index + head >= len(blocks):
        return None
    title_lines = block.line_texts[1:] if head == 1 else blocks[index + 1].line_texts
    title = " ".join(plain_line(t) for t in title_lines)
    if not title or len(title) > _TITLE_MAX or ends_sentence(title) or enacting_formula(title):
        return None
    formula = blocks[index + head]
    if _DECIDED.match(plain_line(formula.text)) and index + head + 1 < len(blocks) and not formula.rows:
        # "At its 24th meeting, on 10 June 2010, the Human Rights Council decided to adopt the
        # following text:" / "“The Human Rights Council,": a decision quoting the text adopted.
        formula = blocks[index + head + 1]
    if formula.rows or not enacting_formula(plain_line(formula.text)):
        return None
    return match.group("number"), head


def _brackets(block: RawBlock) -> int:
    return block.text.count("[") - block.text.count("]")


def find_embedded(blocks: Sequence[RawBlock]) -> list[EmbeddedSpan]:
    """The embedded resolutions and decisions among ``blocks`` (see the module docstring)."""
    starts: list[tuple[int, str, int, str]] = []
    kind = "other"
    for index, block in enumerate(blocks):
        if not block.rows and (section := _SECTION.match(plain_line(block.text))):
            kind = section.group("kind").lower().rstrip("s")
            continue
        if found := _start(blocks, index):
            starts.append((index, found[0], found[1], kind))
    spans: list[EmbeddedSpan] = []
    for k, (index, number, head, kind_here) in enumerate(starts):
        limit = starts[k + 1][0] if k + 1 < len(starts) else len(blocks)
        if spans and index < spans[-1].end:
            continue
        closing = next(
            (
                j
                for j in range(index + head + 1, limit)
                if not blocks[j].rows and closing_line(plain_line(blocks[j].line_texts[0]))
            ),
            None,
        )
        if closing is None:
            if k + 1 == len(starts):
                continue  # the last text, with no closing line: where it ends is not stated
            end = limit
        else:
            end = closing + 1
            depth = _brackets(blocks[closing])
            if depth == 0 and end < limit and plain_line(blocks[end].text).startswith("[Adopted"):
                depth, end = _brackets(blocks[end]), end + 1
            while depth > 0 and end < limit:
                depth += _brackets(blocks[end])
                end += 1
        spans.append(EmbeddedSpan(index, end, head, number, kind_here))
    # A compilation prints several texts; one text with its number over its title is the
    # document itself (a resolution printed as a raw extraction: "73/7." / title / formula).
    return spans if len(spans) >= _MIN_TEXTS else []
