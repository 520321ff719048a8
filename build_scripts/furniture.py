"""Page furniture: the lines a printed page carries that are not the document's text.

Each detector takes the normalised lines (0-based list) and the pages, and returns
``{line index: reason}``. Only these are furniture:

* form feeds (handled while splitting lines, in :mod:`.clean`);
* footnote separator rules (``---``, ``____``);
* a table of contents, which the page regenerates from the real headings;
* running headers and footers: a phrase printed at the top or foot of several pages (the
  symbol, the short title), a page number that counts the pages ("2/10", "Page 5", "3"),
  a job number with its date stamps ("18-16895 (E) 241018", "GE.25-11154 (E) 140725") and
  a barcode ("*1816895*").

A line is removed only when *every* cell of it (text separated by wide spaces, as
``pdftotext -layout`` prints header and footer side by side) is furniture, so a body line
that merely mentions a symbol stays.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice


@dataclass(frozen=True)
class Page:
    """One printed page: lines ``start`` to ``end - 1`` (0-based), ``number`` from 1."""

    number: int
    start: int
    end: int


Rule = Callable[[list[str], Sequence[Page]], dict[int, str]]

# --------------------------------------------------------------------------- rules
_RULE = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,}|={3,})\s*$")


def find_rules(lines: list[str], pages: Sequence[Page]) -> dict[int, str]:
    """Footnote separator rules between body and notes.

    "---" between "...such as the" and "<sup>23</sup> A/57/170." (Markdown export), and
    "__________________" above page-bottom notes (pdftotext).
    """
    return {i: SEPARATOR_RULE for i, line in enumerate(lines) if _RULE.match(line)}


SEPARATOR_RULE = "separator rule"


_TOC_TITLE = re.compile(r"^\s*(?:#+\s*)?\**(?:Contents|CONTENTS|Table of contents)\**\s*$")
_TOC_ENTRY = re.compile(
    r"\t"  # "I.\tIntroduction\t\t\t1–5\t3" (columns separated by tabs)
    r"|\.{4,}|(?:\. ){3,}"  # "Introduction ........ 3" (dot leaders)
    r"|\s(?:\d+\s*[-–]\s*)?\d+\s+\d+\s*$"  # "Introduction   1-5   3" (paragraphs, page)
    r"|^\s*(?:Paragraphs\s+)?Page\s*$"  # the column headings
    r"|^\s*(?:Chapter|Annexes?)\s+(?:Paragraphs\s+)?Page\s*$"
)
_TOC_REASON = "table of contents (regenerated from the headings)"


def find_table_of_contents(lines: list[str], pages: Sequence[Page]) -> dict[int, str]:
    r"""A table of contents: "Contents" then entry lines, which the page regenerates.

    "Contents / Paragraphs Page / I.\tIntroduction\t\t\t1–5\t3 / ... / V.\tConclusion\t\t\t31–37\t8"
    (the 1998 report, whose contents list is garbled beyond use: "A B\tActions by...").
    Only lines that look like entries are taken; the first line that does not ends it.
    Running headers and page breaks inside the list (A/HRC/14/37's runs over four pages)
    are passed over: blank lines here are what the other rules left.
    """
    found: dict[int, str] = {}
    for start, line in enumerate(lines):
        if not _TOC_TITLE.match(line):
            continue
        entries: list[int] = []
        i = start + 1
        while i < len(lines):
            if not lines[i].strip():
                i += 1
                continue
            if _TOC_ENTRY.search(lines[i]):
                entries.append(i)
                i += 1
                continue
            # "II.\tActivities of agencies" / "and other entities of the" / "system\t6–9\t4":
            # up to three wrapped lines of an entry, taken only when an entry line follows.
            j = i
            while j < len(lines) and j - i < 3 and lines[j].strip() and not _TOC_ENTRY.search(lines[j]):
                if lines[j].rstrip().endswith((".", ";", "!", "?")):
                    break
                j += 1
            if entries and j > i and j < len(lines) and _TOC_ENTRY.search(lines[j]):
                entries.extend(range(i, j + 1))
                i = j + 1
                continue
            break
        if len(entries) >= 2:
            found[start] = _TOC_REASON
            for j in range(start + 1, entries[-1] + 1):
                if lines[j].strip():
                    found[j] = _TOC_REASON
        break
    return found


# --------------------------------------------------------------------------- headers and footers
_CELL_SPLIT = re.compile(r"(?=\s)(?:\s{3,}|\t+)")  # the lookahead spares trying both at other characters
# "18-16895 (E) 241018", "18-18142 (E)", "20-07254", "GE.25-11154 (E) 140725 140725",
# "GE.24-19779", "71-19641", "021118" (the date stamp alone on its line, raw extraction).
_JOB = re.compile(r"^(?:(?:GE\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}|\d{6}(?:\s+\d{6})?)$")
_BARCODE = re.compile(r"^\*\d{7,8}\*$")  # "*1816895*"
_JOB_START = re.compile(r"\s*(?:GE\.|\d{2}-\d|\d{6}|\*)")
"""How a line whose first cell is a job number or a barcode starts (other lines are not split)."""
_PAGE_OF = re.compile(r"^(?P<n>\d{1,4})\s*/\s*(?P<of>\d{1,4})$")  # "2/10"
_PAGE_WORD = re.compile(r"^(?:Page|page|-)\s*(?P<n>\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?$")  # "Page 5", "- 5 -"
_PAGE_BARE = re.compile(r"^(?P<n>\d{1,4})$")  # "3" (Human Rights Council documents)
_SYMBOL_CELL = re.compile(r"^(?:[AES]|UNEP|ST|CRC|CEDAW|CERD|CCPR|DP|TD)/[A-Za-z0-9./()\- ]+$")
_ZONE_TOP = 3
_ZONE_BOTTOM = 5
_HEADER_SHARE = 0.3


@lru_cache(maxsize=8192)
def _cells(line: str) -> tuple[str, ...]:
    """The cells of a line (each rule asks for the same page edges, so this is cached)."""
    return tuple(c for c in (" ".join(c.split()) for c in _CELL_SPLIT.split(line.strip())) if c)


def _filled(lines: list[str], indices: Iterable[int], count: int) -> list[int]:
    """The first ``count`` of ``indices`` whose line is not blank."""
    return list(islice((i for i in indices if lines[i].strip()), count))


def _zone(lines: list[str], page: Page) -> tuple[list[int], list[int]]:
    """The indices of the first and last few non-blank lines of ``page``.

    Read from each end of the page, so a long page (a document without page breaks is one)
    is not scanned whole.
    """
    top = _filled(lines, range(page.start, page.end), _ZONE_TOP)
    bottom = _filled(lines, range(page.end - 1, page.start - 1, -1), _ZONE_BOTTOM)
    return top, bottom[::-1]


def _edges(lines: list[str], page: Page) -> set[int]:
    """The first and last lines of ``page`` that are not job numbers or barcodes.

    A bare "3" is a page number only there: a raw extraction leaves note numbers ("1",
    "2") inside the foot of the page, above the page number.
    """

    def text_line(i: int) -> bool:
        return bool(lines[i].strip()) and not all(_JOB.match(c) or _BARCODE.match(c) for c in _cells(lines[i]))

    first = next((i for i in range(page.start, page.end) if text_line(i)), None)
    last = next((i for i in range(page.end - 1, page.start - 1, -1) if text_line(i)), None)
    return {i for i in (first, last) if i is not None}


def _page_style(lines: list[str], pages: Sequence[Page]) -> tuple[str | None, int]:
    """How this document numbers its pages: ("of"|"word"|"bare", offset) or (None, 0).

    The style is the one whose numbers follow the page order on most pages, so "2" and
    "3" left at the foot of a page by a raw extraction (note numbers) are not taken for
    page numbers when the pages are numbered "2/5".
    """
    votes: Counter[tuple[str, int]] = Counter()
    for page in pages:
        top, bottom = _zone(lines, page)
        seen: set[tuple[str, int]] = set()
        edges = _edges(lines, page)
        for i in top + bottom:
            for cell in _cells(lines[i]):
                for style, pattern in (("of", _PAGE_OF), ("word", _PAGE_WORD), ("bare", _PAGE_BARE)):
                    if style == "bare" and i not in edges:
                        continue
                    if (m := pattern.match(cell)) and _plausible(m, len(pages)):
                        seen.add((style, int(m.group("n")) - page.number))
        votes.update(seen)
    # "2/5" and "Page 2" say they are page numbers; a bare "2" needs two pages to agree.
    for strong in (True, False):
        ranked = [(n, key) for key, n in votes.items() if (key[0] != "bare") == strong and (strong or n >= 2)]
        if ranked:
            return max(ranked, key=lambda item: (item[0], -abs(item[1][1])))[1]
    return None, 0


def _header_phrases(lines: list[str], pages: Sequence[Page]) -> set[str]:
    """Cells printed at the top or foot of many pages after the first."""
    counts: Counter[str] = Counter()
    for page in pages[1:]:
        top, bottom = _zone(lines, page)
        # A tabbed line is a contents entry or a table, never a running header.
        counts.update({cell for i in top + bottom if "\t" not in lines[i] for cell in _cells(lines[i])})
    later = len(pages) - 1
    return {
        cell
        for cell, n in counts.items()
        if n >= 2
        and n >= _HEADER_SHARE * later
        and 3 <= len(cell) <= 100
        and re.search(r"[A-Za-z]", cell)
        # A running header is a symbol or a short title, never a sentence or a note
        # ("[Adopted without a vote.]" opens many pages of A/HRC/14/37 and is text).
        and not cell.endswith((".", ";", ":", ",", "]", ")"))
        # "C. Commission on Crime Prevention..." is a heading (and its contents entry).
        and not re.match(r"^(?:[IVXLC]+|[A-Z]|\d{1,3})\.\s", cell)
    }


def _own_symbol(lines: list[str], pages: Sequence[Page]) -> str | None:
    """The symbol printed in the first page's masthead ("United Nations   A/RES/73/3")."""
    if not pages:
        return None
    for i in _filled(lines, range(pages[0].start, pages[0].end), 8):
        for cell in _cells(lines[i]):
            if _SYMBOL_CELL.match(cell):
                return cell
    return None


def find_page_furniture(lines: list[str], pages: Sequence[Page]) -> dict[int, str]:
    """Running headers and footers, page numbers, job numbers and barcodes.

    "A/RES/73/3      on the fight against tuberculosis" (header, pages 2-10); "2/10",
    "2/9      20-07254" and "2      GE.24-19779" (footers); " 18-16895 (E)     241018" and
    " *1816895*" (the first page's foot).
    """
    style, offset = _page_style(lines, pages)
    phrases = _header_phrases(lines, pages) if len(pages) > 1 else set()
    symbol = _own_symbol(lines, pages)
    found: dict[int, str] = {}
    for page in pages:
        top, bottom = _zone(lines, page)
        edges = _edges(lines, page)
        for i in sorted(set(top + bottom)):
            bare_style = style if style != "bare" or i in edges else None
            reasons = [_cell_reason(c, page, bare_style, offset, phrases, symbol, len(pages)) for c in _cells(lines[i])]
            if reasons and all(reasons):
                found[i] = _combine(r for r in reasons if r)
    title = _first_page_top(lines, pages)
    for page in pages[1:]:
        found.update(_running_title(lines, page, title, found))
    # Job numbers and barcodes are never text, wherever the extraction put them.
    for i, line in enumerate(lines):
        if (
            i not in found
            and _JOB_START.match(line)
            and (cells := _cells(line))
            and all(_JOB.match(c) or _BARCODE.match(c) for c in cells)
        ):
            if any(re.search(r"\d{2}-\d{5}|\*\d+\*", c) for c in cells) or _near_job(lines, i, found):
                found[i] = "job number" if not _BARCODE.match(cells[0]) else "barcode"
    return found


_NOT_TITLE = re.compile(r"^(?:(?:[IVXLC]+|[A-Z]|\d{1,3})\.\s|.*[.;:,]$)")
_TITLE_MIN = 20
"""Characters a running title must have: shorter top lines may repeat by chance."""


def _first_page_top(lines: list[str], pages: Sequence[Page]) -> str:
    """The first page's text down to the enacting formula or first numbered paragraph, one line."""
    if not pages:
        return ""
    top: list[str] = []
    for i in range(pages[0].start, pages[0].end):
        text = " ".join(lines[i].split())
        if re.match(r"^(?:The\s.*,|\d+\.\s)", text):
            break
        top.append(text)
    return " ".join(t for t in top if t)


def _running_title(lines: list[str], page: Page, title: str, found: dict[int, str]) -> dict[int, str]:
    """The document's title repeated at the top of a later page, even on one page only.

    "Necessity of ending the economic, commercial and financial embargo / imposed by the
    United States of America against Cuba" above "A/RES/73/8": the lines that open the page,
    before any text, whose words are a run of the first page's masthead.
    """
    run: list[int] = []
    for i in range(page.start, page.end):
        if not lines[i].strip() or i in found:
            if run and not lines[i].strip():
                break
            continue
        text = lines[i].strip()
        # A heading ("III. Resource performance") or a sentence opening the page is text.
        if "\t" in text or len(_cells(text)) != 1 or len(run) == 2 or _NOT_TITLE.match(text):
            break
        run.append(i)
    joined = " ".join(" ".join(lines[i].split()) for i in run)
    if len(joined) < _TITLE_MIN or joined not in title:
        return {}
    return {i: "running header" for i in run}


def _near_job(lines: list[str], i: int, found: dict[int, str]) -> bool:
    """A lone date stamp ("021118") is furniture only beside a job number or barcode."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        if 0 <= j < len(lines) and re.search(r"\d{2}-\d{5}|^\s*\*\d+\*\s*$", lines[j]):
            return True
    return False


def _plausible(match: re.Match[str], page_count: int) -> bool:
    """ "2/10" counts pages only when 10 is about the number of pages ("14/2" is a resolution)."""
    total = match.groupdict().get("of")
    return total is None or (abs(int(total) - page_count) <= 2 and int(match.group("n")) <= int(total))


def _cell_reason(
    cell: str, page: Page, style: str | None, offset: int, phrases: set[str], symbol: str | None, page_count: int
) -> str | None:
    if _BARCODE.match(cell):
        return "barcode"
    if _JOB.match(cell) and "-" in cell:
        return "job number"
    for name, pattern in (("of", _PAGE_OF), ("word", _PAGE_WORD), ("bare", _PAGE_BARE)):
        if name == style and (m := pattern.match(cell)) and int(m.group("n")) - page.number == offset:
            if not _plausible(m, page_count):
                continue
            return "page number"
    if page.number > 1 and (cell in phrases or (symbol is not None and cell == symbol)):
        return "running header"
    return None


def _combine(reasons: Iterable[str]) -> str:
    unique = sorted(set(reasons))
    return unique[0] if len(unique) == 1 else " and ".join(unique)


FURNITURE_RULES: tuple[Rule, ...] = (find_rules, find_page_furniture, find_table_of_contents)
"""Applied in this order, each to the lines the earlier ones left (so a table of contents
running over a page break is seen whole once the page's header and number are gone)."""
