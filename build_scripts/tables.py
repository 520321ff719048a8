"""Tables printed as space-aligned columns (layout extraction), found before blocks are made.

Guarantees of :func:`find_tables`: each table is a run of source lines whose rows split into
cells at three or more spaces; every non-blank line of the run is one row, in order, and the
cells of a row are exactly its text (no character added or dropped but the spaces between
cells). A run is a table only when it has at least three rows of two or more cells and most
of those rows hold a figure ("37 339.0", "(29.7)", "–"), so a paragraph that starts with its
number ("1.    The proposed budget") or a masthead line ("United Nations      A/80/590") is
never one.

"Military and police personnel      37 339.0     48 442.5    (11 103.5)    (29.7)" ->
("Military and police personnel", "37 339.0", "48 442.5", "(11 103.5)", "(29.7)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_GAP = re.compile(r"(?=\s)(?:\s{3,}|\t+)")  # the lookahead spares trying both at other characters
_CELL = re.compile(r"[^\s]+(?:[ ]{1,2}[^\s]+)*")
# "37 339.0", "(11 103.5)", "18.7", "$2 912.8", "34.3%", "–", "-", "20", "1 614", "Yes" (an output delivered)
_FIGURE = re.compile(r"^\(?[$€£]?\s?(?:\d{1,3}(?:[ ,]\d{3})*|\d+)(?:\.\d+)?\s?%?\)?$|^[–—-]$|^(?:Yes|No)$")
# A paragraph's own number before its text: "1.    The proposed", "(b)   Human resources",
# "140.1    Ratify", "•  Dr Milan", "IV.   Analysis", "A.   Overall".
_LABEL_CELL = re.compile(r"^(?:\d{1,3}\.(?:\d{1,3})?|\([a-z]{1,2}\)|\([ivxlc]{1,6}\)|[•\-]|[IVXLC]{1,6}\.|[A-Z]\.)$")
_NOTE_MARK = re.compile(r"^\s*[a-z]\s*$")  # "a" alone under a table, its note text below
_NUMBERED_START = re.compile(r"^\s*(?:\d{1,3}\.|\([a-z]{1,2}\))\s")
_MIN_ROWS = 3
_LOOKAHEAD = 3
"""Non-blank lines a table may run through without a row of cells (a row group's label)."""
_ALIGN_SLACK = 2
"""Characters by which a text column's start may vary from row to row."""
_GAP_MAX = 3
"""Blank lines a table may run through."""
_HEADING_MAX = 30
_HEADING_INDENT = 40
_LABEL_MAX = 70
"""Longest one-cell line kept inside a table (a row group's label such as "Civilian personnel")."""


@dataclass(frozen=True)
class FoundTable:
    """A table: its source lines (1-based) and the cells of each."""

    lines: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]


def cells(line: str) -> tuple[str, ...]:
    """The cells of a line: its text split at three or more spaces."""
    return tuple(c for c in _GAP.split(line.strip()) if c)


def _row(line: str) -> tuple[str, ...] | None:
    """The cells of a table row of two or more cells, else None."""
    found = cells(line)
    # "1.    The proposed budget": a paragraph's number and its text are not two cells; "I.   Military
    # and police personnel   (923.8)   (18 527.9)" is a row.
    if len(found) < 2 or (len(found) == 2 and _LABEL_CELL.match(found[0])):
        return None
    return found


def _column_heading(line: str) -> bool:
    """ "Variance", "Amount": a short heading printed far to the right, above its columns."""
    text = line.strip()
    return 0 < len(text) <= _HEADING_MAX and len(line) - len(line.lstrip()) >= _HEADING_INDENT and len(cells(line)) <= 2


def _last_cell_start(line: str) -> int:
    text = line.rstrip()
    return len(text) - len(cells(text)[-1])


def _aligned_columns(lines: Sequence[str], members: list[int]) -> bool:
    """Rows of two text columns whose second column starts at the same place in every row.

    "Reaffirms the importance of cleanup and remediation      Information on cleanup and ..."
    (a request and the action taken on it, printed side by side).
    """
    multi = [n for n in members if len(cells(lines[n])) > 1]
    if any(len(cells(lines[n])) != 2 for n in multi):
        return False
    starts = [_last_cell_start(lines[n]) for n in multi]
    return max(starts) - min(starts) <= _ALIGN_SLACK


def _starts(line: str) -> list[int]:
    """Where each cell of ``line`` begins (0-based columns)."""
    return [m.start() for m in _CELL.finditer(line)]


def _aligned(line: str, columns: set[int]) -> bool:
    """A one-cell line that starts under a column of the table: the wrapped rest of a cell."""
    indent = len(line) - len(line.lstrip())
    if _NUMBERED_START.match(line):
        return False  # "60. The increased requirements ...": a paragraph after the table
    for column in columns:
        if abs(indent - column) <= _ALIGN_SLACK:
            # It must end before the next column begins, as the cell's own text does.
            later = [c for c in columns if c > column + _ALIGN_SLACK]
            return not later or len(line.rstrip()) < min(later)
    return False


def _extend(lines: Sequence[str], taken: set[int] | frozenset[int], first: int) -> list[int]:
    """The lines of the run of rows that starts at line index ``first``."""
    members = [first]
    columns = set(_starts(lines[first]))
    count = len(lines)
    j = first + 1
    while j < count:
        k, skipped, blanks, pending = j, 0, 0, []
        # Pass over blank lines and one-cell lines (a row group's label, the wrapped rest of a
        # cell) only when a row follows; a wide gap (a page foot, a new title) ends the table.
        while k < count and blanks <= _GAP_MAX and (k + 1) not in taken and _row(lines[k]) is None:
            text = lines[k].strip()
            blanks = 0 if text else blanks + 1
            if text:
                if len(cells(lines[k])) != 1:
                    break
                if _aligned(lines[k], columns) and blanks == 0:
                    pending.append(k)  # the wrapped rest of a cell
                elif len(text) <= _LABEL_MAX and skipped < _LOOKAHEAD:
                    skipped += 1
                else:
                    break
            k += 1
        if k < count and blanks <= _GAP_MAX and (k + 1) not in taken and _row(lines[k]) is not None:
            members.extend(n for n in range(j, k + 1) if lines[n].strip())
            columns.update(_starts(lines[k]))
            j = k + 1
            continue
        # After the last row: the wrapped rest of its cells, printed below it.
        for n in range(j, k):
            if not lines[n].strip() or n not in pending:
                break
            members.append(n)
        break
    return members + _table_note(lines, taken, members[-1] + 1)


def _table_note(lines: Sequence[str], taken: set[int] | frozenset[int], start: int) -> list[int]:
    """ "a" / "Represents the highest level of authorized ...": the table's own note below it."""
    k = start
    while k < len(lines) and not lines[k].strip() and k - start <= 1:
        k += 1
    if k >= len(lines) or (k + 1) in taken or not _NOTE_MARK.match(lines[k]):
        return []
    note = [k]
    k += 1
    while k < len(lines) and lines[k].strip() and (k + 1) not in taken:
        note.append(k)
        k += 1
    return note if len(note) > 1 else []


def find_tables(lines: Sequence[str], taken: set[int] | frozenset[int] = frozenset()) -> list[FoundTable]:
    """Every table in ``lines`` (see the module docstring); ``taken`` lines (notes) are skipped."""
    found: list[FoundTable] = []
    i = 0
    while i < len(lines):
        if (i + 1) in taken or _row(lines[i]) is None:
            i += 1
            continue
        members = _extend(lines, taken, i)
        multi = [r for r in (cells(lines[n]) for n in members) if len(r) > 1]
        with_figures = sum(1 for r in multi if any(_FIGURE.match(c) for c in r[1:]))
        if len(multi) < _MIN_ROWS or not (with_figures * 2 >= len(multi) or _aligned_columns(lines, members)):
            i = members[-1] + 1 if len(members) > 1 else i + 1
            continue
        # "                         Amount" / (blank) / "Group of expenditure   2022/23": the
        # column headings printed over the first row belong to the table.
        k = members[0] - 1
        while k >= 0 and members[0] - k <= _GAP_MAX + 1 and (k + 1) not in taken:
            if lines[k].strip():
                if not _column_heading(lines[k]):
                    break
                members.insert(0, k)
            k -= 1
        found.append(FoundTable(tuple(n + 1 for n in members), tuple(cells(lines[n]) for n in members)))
        i = members[-1] + 1
    return found
