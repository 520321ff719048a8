"""Stage 2, parse: cleaned lines -> a typed :class:`~build_scripts.model.Document`.

Guarantees after :func:`parse_document`:

* every non-blank cleaned line belongs to exactly one unit of the model: a masthead line, a
  block (paragraph, heading, formula, closing lines) or a footnote -- nothing is dropped, and
  what the parser cannot place becomes a plain paragraph plus a diagnostic;
* footnote texts are detached from the body wherever they stand; a paragraph split by a page
  break (with notes or a rule between its halves) is one paragraph again;
* anchors follow the contract (``pp-N``, ``op-N-x-r``, ``para-N``, ``fn-N``) and are unique;
* a number the source lost is restored from the sequence and marked ``restored``.

The parser never refuses a document (the only exception, binary data, is raised by
:mod:`~build_scripts.clean`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .blocks import OPERATIVE_OPENER, ROMANS, RawBlock, ends_sentence, split_blocks
from .clean import CleanText, clean
from .embedded import EmbeddedSpan, find_embedded
from .inline import SUPERSCRIPT_DIGITS, NoteCounter, parse_inline, strip_markup, superscript_to_int
from .masthead import (
    HEADING_MAX,
    MD_HEADING,
    adoption_line,
    closing_line,
    derive_symbol,
    enacting_formula,
    plain_line,
    split_masthead,
    strip_md_heading,
)
from .model import (
    Block,
    Closing,
    Diagnostic,
    Document,
    Embedded,
    Footnote,
    Formula,
    Heading,
    MastheadLine,
    Metadata,
    Paragraph,
    ParaKind,
    Table,
)
from .notes import NoteZones, find_plain_notes
from .tables import find_tables
from .typography import italicise_lead

_NOTE_DEF = re.compile(
    rf"^(?:-\s+)?(?:<sup>\s*(?P<sup>[1-9][0-9]{{0,3}})\s*</sup>"
    rf"|(?P<uni>[¹²³⁴⁵⁶⁷⁸⁹][{SUPERSCRIPT_DIGITS}]{{0,3}})(?![{SUPERSCRIPT_DIGITS}]))"
    rf"\s*(?P<text>[^\s{SUPERSCRIPT_DIGITS}].*)$"
)
_NOTES_HEADING = re.compile(r"^(?:#+\s*)?\**(?:Notes|NOTES|Endnotes)\**:?$")
_NUMBERED = re.compile(r"^(?P<label>(?:-\s+)?(?P<number>\d{1,3})\.)\s+(?=\S)")
_SUB = re.compile(
    # "(a) The need", "(ii) Treatment"; a treaty's "a) To prevent" (no opening bracket).
    r"^(?P<label>\((?P<number>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\)|(?P<bare>[a-z]|[ivx]{1,4})\))\s+(?=\S)"
)
_BULLET = re.compile(r"^(?P<label>[-•])\s+(?=\S)")
# "140.1    Ratify the International Convention ... (Algeria)": recommendation 1 of paragraph 140.
_DECIMAL = re.compile(r"^(?P<label>(?P<head>\d{1,3})\.(?P<number>\d{1,3}))\s+(?=\S)")
_ANNEX = re.compile(r"^(?P<annex>Annex(?:es)?(?:\s+(?P<label>[IVXLC]{1,6}|\d{1,2}|[A-Z]))?)\.?$")
_HEADING_LABEL = re.compile(r"^(?P<label>[IVXLC]{1,6}|[A-Z]|\d{1,2})\.\s+(?P<text>\S.*)$")
_LONE_ROMAN = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.$")
# "A" alone on its line between the paragraphs of a resolution: the start of part A
# (S/RES/687 (1991) runs from part A to part I).
_PART_LETTER = re.compile(r"^(?P<letter>[A-Z])\.?$")
_QUOTE_END = re.compile(rf"[”\"]\s*(?:<sup>\d+</sup>|[{SUPERSCRIPT_DIGITS}]+)?$")
_UNLABELLED_HEADINGS = frozenset(
    {"summary", "contents", "annex", "annexes", "introduction", "conclusion", "conclusions", "recommendations"}
)
_ROMANS = frozenset(ROMANS)
# "### Article  3" / "Article 3" (a treaty's article; its title follows in the next block).
_ARTICLE = re.compile(r"^Article\s+(?P<number>\d{1,3}(?:\s?(?:bis|ter|quater))?|[IVXLC]{1,6})\.?$")
# "###I" / "###IV": a treaty's chapter number as a Markdown heading of its own.
_BARE_ROMAN = re.compile(r"^(?P<roman>[IVXLC]{1,6})\.?$")
# "IN WITNESS WHEREOF, the undersigned plenipotentiaries ... have signed this Protocol."
_TESTIMONIUM = re.compile(r"^(?:IN WITNESS WHEREOF|DONE at)\b")


class Diagnostics:
    """Collects the diagnostics of one document."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Diagnostic] = []

    def warn(self, line: int, code: str, message: str) -> None:
        """Record a warning about ``line`` of the source."""
        self.items.append(Diagnostic(self.source, line, code, message))


@dataclass
class _Pending:
    """A paragraph being assembled (it may still receive the rest of a page-split text)."""

    kind: ParaKind
    anchor: str
    label: str | None
    number: str | None
    restored: bool
    depth: int
    pieces: list[str]
    lines: list[int]
    opening: str = ""
    fragment: bool = False
    quoted: bool = False
    parent: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


@dataclass
class _PendingOther:
    """A heading, formula or closing block being assembled."""

    kind: str  # "heading" | "formula" | "closing"
    anchor: str
    text: str
    lines: list[int]
    level: int = 2
    quoted: bool = False
    awaiting_title: bool = False
    """A chapter number or an article heading whose title may be the next block."""
    rows: tuple[tuple[str, ...], ...] = ()
    """The cells of a table (kind "table")."""
    embedded: Embedded | None = None
    """The entry of an embedded text (kind "embedded")."""


@dataclass
class _State:
    """Where the body parser stands."""

    mode: str | None = None
    """None (before any structure), "preamble", "operative", "report" or "closed"."""
    items: list[_Pending | _PendingOther] = field(default_factory=list)
    last_top: _Pending | None = None
    last_letter: _Pending | None = None
    last_number: int = 0
    pp_count: int = 0
    part: str | None = None
    """The current lettered part of a resolution ("b"), None before the first."""
    part_restarted: bool = False
    """The current part restarted the operative numbering (its ids are then prefixed)."""
    text_count: int = 0
    in_quote: bool = False
    anchors: set[str] = field(default_factory=set)
    section: dict[int, str] = field(default_factory=dict)
    formula_body: str | None = None
    meeting: str | None = None
    adopted: str | None = None
    decimal: tuple[int, int] | None = None
    """The last decimal-numbered paragraph ("140.7" -> (140, 7))."""
    annex: str | None = None
    """The current annex ("annex", "annex-ii"), None before any."""
    annex_restarted: bool = False
    """The current annex restarted the paragraph numbering (its ids are then prefixed)."""
    article: str | None = None
    """The current article of a treaty ("5"); its paragraphs are ``art-5-para-M``."""
    tables: int = 0
    page_tops: frozenset[int] = frozenset()
    """The first text line of each printed page after the first."""
    next_numbers: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """For each block (by first line), the numbers of the next numbered blocks after it."""
    op_texts: int = 0
    """Unnumbered operative paragraphs so far (``op-text-K``): a decision's "Adopts ..."."""
    article_texts: int = 0
    """Unnumbered paragraphs seen so far in the current article (``art-5-text-K``)."""

    @property
    def last(self) -> _Pending | _PendingOther | None:
        return self.items[-1] if self.items else None


def parse_document(source: str, data: bytes, sidecar: Metadata | None = None) -> Document:
    """Parse one source file (``source`` is its path relative to the source folder).

    Returns the main document only; :func:`parse_documents` also returns the resolutions
    and decisions a compilation prints inside it.
    """
    return parse_clean(source, clean(data), sidecar)[0]


def parse_documents(source: str, data: bytes, sidecar: Metadata | None = None) -> list[Document]:
    """Parse one source file: the document, then each text embedded in it (in source order)."""
    return parse_clean(source, clean(data), sidecar)


def parse_clean(source: str, text: CleanText, sidecar: Metadata | None = None) -> list[Document]:
    """Parse already cleaned text; see the module docstring for the guarantees.

    A compilation (a session report printing the resolutions it adopted) gives several
    documents: the report first, where each embedded text is an :class:`Embedded` entry,
    then one document per embedded text (see :mod:`build_scripts.embedded`).
    """
    diags = Diagnostics(source)
    zones = find_plain_notes(text.lines, text.pages, text.rules)
    taken = zones.taken
    tables = find_tables(text.lines, taken)
    in_tables = {n for table in tables for n in table.lines}
    blocks = split_blocks(
        tuple("" if n in taken or n in in_tables else line for n, line in enumerate(text.lines, start=1))
    )
    blocks.extend(
        RawBlock(t.lines, " ".join(" ".join(row) for row in t.rows), tuple(" ".join(row) for row in t.rows), t.rows)
        for t in tables
    )
    blocks.sort(key=lambda block: block.first_line)
    notes, body, notes_title = _detach_notes(blocks, diags)
    _add_plain_notes(zones, text, notes, body, diags)
    if notes_title is None and zones.title_line is not None:
        line = zones.title_line
        notes_title = RawBlock((line,), text.lines[line - 1].strip(), (text.lines[line - 1].strip(),))
    spans = find_embedded(body)
    page_tops = _page_tops(text)
    inside = {i for span in spans for i in range(span.start, span.end)}
    claimed: set[str] = set()
    children: list[Document] = []
    entries: list[Embedded] = []
    for span in spans:
        child = _child_document(
            source, text, span, body[span.start : span.end], notes, claimed, bool(zones.notes), page_tops
        )
        children.append(child)
        entries.append(
            Embedded(
                anchor=child.id,
                doc_id=child.id,
                symbol=child.meta.symbol,
                number=span.number,
                title=child.meta.title or "",
                doc_kind=child.meta.kind,
                url=child.url,
                lines=(body[span.start].first_line,),
            )
        )
    if spans:
        body = [block for i, block in enumerate(body) if i not in inside]
        notes = [(number, block) for number, block in notes if number not in claimed]
    masthead, facts, rest = split_masthead(body)
    state = _State(next_numbers=_next_numbers(rest), page_tops=page_tops)
    for entry in entries:
        state.anchors.add(entry.anchor)
    waiting = list(entries)
    for index, block in enumerate(rest):
        while waiting and waiting[0].lines[0] < block.first_line:
            _add_embedded(state, waiting.pop(0))
        following = rest[index + 1] if index + 1 < len(rest) else None
        _body_block(block, following, state, diags)
    for entry in waiting:
        _add_embedded(state, entry)
    defined = frozenset(number for number, _ in notes)
    counter = NoteCounter(defined, plain=bool(zones.notes))
    masthead_lines = tuple(
        MastheadLine(n, parse_inline(line_text, counter, n), role) for n, line_text, role in masthead
    )
    blocks_out = tuple(_finish(item, counter) for item in state.items)
    footnotes = _footnotes(notes, counter, text, diags)
    if text.legacy_lines:
        shown = ", ".join(map(str, text.legacy_lines[:5])) + (" ..." if len(text.legacy_lines) > 5 else "")
        diags.warn(
            text.legacy_lines[0],
            "encoding",
            f"{len(text.legacy_lines)} line(s) are not UTF-8 and were read as Windows-1252 (lines {shown}); "
            "check their accented letters and quotation marks, and save the file as UTF-8",
        )
    meta = _metadata(facts, state, sidecar, diags)
    if not (meta.symbol or meta.title or meta.number or entries) and not any(
        isinstance(item, _Pending) and item.kind is not ParaKind.TEXT for item in state.items
    ):
        diags.warn(
            1,
            "no-structure",
            "no symbol, title or numbered paragraph was recognised: the text is kept as plain paragraphs; "
            "check that this is a UN document, or give its metadata in a sidecar file",
        )
    doc_id = _document_id(meta.symbol, source)
    report = Document(
        id=doc_id,
        source=source,
        meta=meta,
        masthead=masthead_lines,
        blocks=blocks_out,
        footnotes=footnotes,
        notes_title=Heading("notes", 2, parse_inline(strip_md_heading(notes_title.text)), notes_title.lines)
        if notes_title
        else None,
        removals=text.removals,
        diagnostics=tuple(sorted(diags.items, key=lambda d: (d.line, d.code, d.message))),
        line_count=len(text.lines),
    )
    return [report, *children]


def _footnotes(
    notes: list[tuple[str, RawBlock]], counter: NoteCounter, text: CleanText, diags: Diagnostics
) -> tuple[Footnote, ...]:
    """The notes as model footnotes; a note without a marker, a marker without a note, reported."""
    footnotes = tuple(
        Footnote(number, parse_inline(block.text), block.lines, counter.seen.get(number, 0)) for number, block in notes
    )
    for note in footnotes:
        if note.references == 0:
            diags.warn(note.lines[0], "note-unreferenced", f"note {note.number} has no marker in the text")
    for number, _ in counter.missing:
        diags.warn(
            _marker_line(text.lines, number), "note-missing", f"footnote marker {number} has no note text in the source"
        )
    return footnotes


def _add_embedded(state: _State, entry: Embedded) -> None:
    """Mark where an embedded text stood in the report (its words are on its own page)."""
    state.items.append(_PendingOther("embedded", entry.anchor, "", list(entry.lines), embedded=entry))
    state.last_top, state.last_letter = None, None


def _child_document(
    source: str,
    text: CleanText,
    span: EmbeddedSpan,
    blocks: list[RawBlock],
    notes: list[tuple[str, RawBlock]],
    claimed: set[str],
    plain: bool,
    page_tops: frozenset[int],
) -> Document:
    """One embedded resolution or decision as a document of its own.

    Its masthead is its number and title; its body is parsed like any resolution's; it takes
    the notes whose markers stand in its text (the report numbers its notes throughout, and
    the printed numbers are kept).
    """
    diags = Diagnostics(source)
    head = blocks[: span.head]
    first = head[0]
    title_pairs = list(zip(first.lines[1:], first.line_texts[1:], strict=True))
    if span.head == 2:
        title_pairs = list(zip(head[1].lines, head[1].line_texts, strict=True))
    title = " ".join(plain_line(t) for _, t in title_pairs)
    masthead = [(first.lines[0], strip_md_heading(first.line_texts[0]), "title")]
    masthead.extend((n, strip_md_heading(t), "title") for n, t in title_pairs)
    rest = blocks[span.head :]
    state = _State(next_numbers=_next_numbers(rest), page_tops=page_tops)
    for index, block in enumerate(rest):
        following = rest[index + 1] if index + 1 < len(rest) else None
        _body_block(block, following, state, diags)
    available = frozenset(number for number, _ in notes if number not in claimed)
    counter = NoteCounter(available, plain=plain)
    masthead_lines = tuple(MastheadLine(n, parse_inline(t, counter, n), role) for n, t, role in masthead)
    blocks_out = tuple(_finish(item, counter) for item in state.items)
    own = [(number, block) for number, block in notes if number in available and counter.seen.get(number)]
    claimed.update(number for number, _ in own)
    footnotes = _footnotes(own, counter, text, diags)
    body = state.formula_body
    meta = Metadata(
        symbol=derive_symbol(span.number, body, span.kind),
        body=body,
        kind=span.kind,
        title=title,
        number=span.number,
        date=state.adopted,
        meeting=state.meeting,
    )
    if meta.symbol:
        doc_id = _document_id(meta.symbol, source)
    else:
        doc_id = f"{_document_id(None, source)}-{_document_id(span.number, source)}"
    return Document(
        id=doc_id,
        source=source,
        meta=meta,
        masthead=masthead_lines,
        blocks=blocks_out,
        footnotes=footnotes,
        notes_title=None,
        removals=(),
        diagnostics=tuple(sorted(diags.items, key=lambda d: (d.line, d.code, d.message))),
        line_count=len(text.lines),
    )


# --------------------------------------------------------------------------- notes
def _detach_notes(
    blocks: list[RawBlock], diags: Diagnostics
) -> tuple[list[tuple[str, RawBlock]], list[RawBlock], RawBlock | None]:
    """Take the note texts out of the body, wherever they stand; also the "Notes" title.

    "⁸² See E/CN.15/1996/2/Add.1." between the two halves of operative paragraph 1;
    "<sup>23</sup> A/57/170." after a rule; "- ¹ See Theresa Loar..." under "Notes".
    """
    notes: list[tuple[str, RawBlock]] = []
    body: list[RawBlock] = []
    seen: set[str] = set()
    title: RawBlock | None = None
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.rows:
            body.append(block)
            continue
        if title is None and _NOTES_HEADING.match(block.text) and following and _NOTE_DEF.match(following.text):
            title = block
            continue
        match = _NOTE_DEF.match(block.text)
        if match:
            number = str(int(match.group("sup") or superscript_to_int(match.group("uni"))))
            if number not in seen:
                seen.add(number)
                notes.append((number, RawBlock(block.lines, match.group("text"), block.line_texts)))
                continue
            diags.warn(block.first_line, "note-duplicate", f"a second note numbered {number}; kept as a paragraph")
        body.append(block)
    notes.sort(key=lambda item: (int(item[0]), item[1].first_line))
    return notes, body, title


def _add_plain_notes(
    zones: NoteZones,
    text: CleanText,
    notes: list[tuple[str, RawBlock]],
    body: list[RawBlock],
    diags: Diagnostics,
) -> None:
    """Add the notes printed as plain numbers to those already detached (in place)."""
    seen = {number for number, _ in notes}
    for note in zones.notes:
        texts = tuple(t for _, t in note.texts)
        block = RawBlock(tuple(note.lines), " ".join(texts), texts)
        if note.number in seen:
            diags.warn(note.lines[0], "note-duplicate", f"a second note numbered {note.number}; kept as a paragraph")
            printed = tuple(text.lines[n - 1].strip() for n in sorted(note.lines))
            body.append(RawBlock(tuple(sorted(note.lines)), " ".join(printed), printed))
            continue
        seen.add(note.number)
        notes.append((note.number, block))
    notes.sort(key=lambda item: (int(item[0]), item[1].first_line))
    body.sort(key=lambda block: block.first_line)


def _marker_line(lines: tuple[str, ...], number: str) -> int:
    """The first source line holding a marker for note ``number`` (for messages)."""
    sup = number.translate(str.maketrans("0123456789", SUPERSCRIPT_DIGITS))
    pattern = re.compile(rf"<sup>\s*{number}\s*</sup>|(?<![{SUPERSCRIPT_DIGITS}]){sup}(?![{SUPERSCRIPT_DIGITS}])")
    for n, line in enumerate(lines, start=1):
        if pattern.search(line):
            return n
    return 0


_QUOTED_WORDS = re.compile(r"^[“\"][^”\"\n]{1,60}[”\"](?!\s*$)")


# --------------------------------------------------------------------------- body
def _body_block(block: RawBlock, following: RawBlock | None, state: _State, diags: Diagnostics) -> None:
    """Place one block of the body in the structure (see the rules inline)."""
    if block.rows:
        state.tables += 1
        anchor = _unique(state, f"table-{state.tables}", block, None)
        state.items.append(_PendingOther("table", anchor, block.text, list(block.lines), rows=block.rows))
        return
    if (split := _title_over_number(block, state)) is not None:
        # "Special Rapporteur on the promotion and protection of human rights and" / "fundamental
        # freedoms while countering terrorism" / "81. At the 7th meeting ...": a subheading run
        # into the paragraph that the sequence says comes next.
        head_block, rest_block = split
        _add_heading(state, None, head_block.text, 3, head_block, state.in_quote)
        _body_block(rest_block, following, state, diags)
        return
    raw = block.text
    heading_md = MD_HEADING.match(raw)
    # An opening quotation mark starts a quoted text, unless it closes a few words later: a
    # block that opens with a quoted word ("“witch” children", after a page break) is not one.
    opening = raw[0] if raw[:1] in ("“", '"') and not _QUOTED_WORDS.match(raw) else ""
    if opening:
        state.in_quote = True
    text = raw[len(opening) :]
    plain = strip_markup(text).strip()
    quoted = state.in_quote
    if _QUOTE_END.search(raw):
        state.in_quote = False
    last = state.last
    head_plain = plain_line(raw) if heading_md else plain
    article = _ARTICLE.match(head_plain) if len(block.lines) == 1 else None
    sub = _SUB.match(text)
    decimal = _DECIMAL.match(text)
    if decimal and not _continues_decimal(int(decimal.group("head")), int(decimal.group("number")), state):
        decimal = None

    # "### Article  1" / "####Relation with the United Nations Convention ...": the article's
    # title joins its heading ("###I" / "####General Provisions" likewise for a chapter).
    if isinstance(last, _PendingOther) and last.awaiting_title:
        last.awaiting_title = False
        title = heading_md.group("text") if heading_md else raw
        is_title = (
            not article
            and not _BARE_ROMAN.match(head_plain)
            and len(head_plain) <= HEADING_MAX
            and not ends_sentence(head_plain)
            and (heading_md or not (_NUMBERED.match(text) or sub or _is_formula_or_closing(plain)))
        )
        if is_title:
            last.text = f"{last.text}\n{title}"
            last.lines.extend(block.lines)
            return

    if state.mode in ("report", "closed") and (annex := _ANNEX.match(plain_line(block.line_texts[0]))):
        # "Annex II" after a report's last paragraph; also "Annex I" / "[English only]" /
        # "Attendance" run together by the extraction: an annex starts here (a numbering
        # restarting in it is prefixed, annex-ii-para-1).
        state.mode = None
        state.annex = _slug(annex.group("annex"))
        state.annex_restarted = False
        if len(block.lines) == 1:
            _add_heading(state, None, raw, 2, block, quoted)
            return

    structural = bool(
        heading_md
        or article
        or decimal
        or _NUMBERED.match(text)
        or sub
        or (_HEADING_LABEL.match(plain) and len(plain) <= HEADING_MAX and not ends_sentence(plain))
        or _LONE_ROMAN.match(plain)
        or _PART_LETTER.match(plain)
        or enacting_formula(plain)
        or closing_line(plain)
        or adoption_line(plain)
    )
    # "...of increasing concern to the" + (page break, notes) + "international community
    # and a violation of..." -> one paragraph: the first half did not end its sentence.
    if isinstance(last, _Pending) and not structural and not ends_sentence(last.text, last.kind is ParaKind.PREAMBULAR):
        continuation = _BULLET.sub("", text, count=1) if _BULLET.match(text) else text
        last.pieces.append(opening + continuation)
        last.lines.extend(block.lines)
        return
    # "IV." alone on its line, its title "Activities of other bodies" in the next block.
    if (
        isinstance(last, _PendingOther)
        and last.kind == "heading"
        and _LONE_ROMAN.match(strip_markup(last.text).strip())
    ):
        if not structural and len(plain) <= HEADING_MAX and not ends_sentence(plain):
            last.text = f"{last.text} {raw}"
            last.lines.extend(block.lines)
            return

    if body := enacting_formula(plain):
        state.formula_body = state.formula_body or body
        state.mode = "preamble"
        _add_other(state, "formula", "formula", raw, block, quoted=quoted)
        return
    if closed := closing_line(plain):
        state.meeting = state.meeting or closed[0]
        state.adopted = state.adopted or closed[1]
        state.mode = "closed"
        # "*77th plenary meeting / 18 December 2002*": two printed lines, kept as two.
        _add_other(state, "closing", "closing", "\n".join(block.line_texts), block)
        return
    # "Adopted at the 2981st meeting by 12 votes to 1 (Cuba) ..." / "[Adopted without a vote.]"
    if (adopted := adoption_line(plain)) and state.mode in ("preamble", "operative", "closed"):
        state.meeting = state.meeting or adopted[0]
        state.mode = "closed"
        _add_other(state, "closing", "closing", "\n".join(block.line_texts), block)
        return
    if state.mode == "treaty" and _TESTIMONIUM.match(plain):
        state.mode = "closed"
        _add_other(state, "closing", "closing", raw, block)
        return
    if article:
        _add_article(state, article.group("number"), head_plain, block, quoted)
        return
    if heading_md and (roman := _BARE_ROMAN.match(head_plain)):
        _add_heading(state, roman.group("roman"), roman.group("roman"), 2, block, quoted)
        last_heading = state.items[-1]
        assert isinstance(last_heading, _PendingOther)
        last_heading.awaiting_title = True
        return
    if heading_md:
        level = len(heading_md.group("hashes"))
        _add_heading(state, None, heading_md.group("text"), max(2, level), block, quoted)
        return
    if (part := _PART_LETTER.match(plain)) and _starts_part(part.group("letter").lower(), state):
        state.part, state.part_restarted, state.pp_count = part.group("letter").lower(), False, 0
        state.mode = "preamble"
        _add_heading(state, part.group("letter"), raw, 3, block, quoted)
        return
    if _LONE_ROMAN.match(plain):
        _add_heading(state, plain.rstrip("."), raw, _heading_level(plain[:-1]), block, quoted)
        return
    numbered = _NUMBERED.match(text)
    label_match = _HEADING_LABEL.match(plain)
    if label_match and len(plain) <= HEADING_MAX and not ends_sentence(plain):
        label = label_match.group("label")
        is_digit = label.isdigit()
        if not is_digit or (state.mode not in ("preamble", "operative") and int(label) != state.last_number + 1):
            _add_heading(state, label, raw, _heading_level(label), block, quoted)
            return
    if decimal:
        _add_decimal(state, decimal, opening, text[decimal.end() :], block, quoted, diags)
        return
    if numbered:
        _add_numbered(
            state,
            numbered.group("label"),
            int(numbered.group("number")),
            opening,
            text[numbered.end() :],
            block,
            quoted,
            diags,
        )
        return
    if sub and _is_labelled_subheading(text[sub.end() :], block, following, state):
        # "(b)   Human resources" / "44. During the liquidation ...": a lettered subheading.
        _add_heading(state, sub.group("number") or sub.group("bare"), raw, 4, block, quoted)
        return
    if sub:
        number = sub.group("number") or sub.group("bare")
        _add_sub(state, sub.group("label"), number, opening, text[sub.end() :], block, quoted)
        return
    bullet = _BULLET.match(text)
    if bullet:
        text = text[bullet.end() :]
    if _is_unlabelled_heading(plain, following, state):
        if annex := _ANNEX.match(plain):
            # "Annex": what follows is not the report's numbered text; a numbering that
            # restarts there is prefixed (annex-para-1).
            state.mode = None
            state.annex = _slug(annex.group("annex"))
            state.annex_restarted = False
        _add_heading(state, None, raw, 2, block, quoted)
        return
    _add_unnumbered(state, bullet.group("label") if bullet else None, opening, text, block, quoted, diags)


_TITLE_LINES_MAX = 3


def _title_over_number(block: RawBlock, state: _State) -> tuple[RawBlock, RawBlock] | None:
    """A report's subheading (up to three lines) and the next numbered paragraph in one block."""
    if state.mode != "report" or block.rows or len(block.lines) < 2:
        return None
    for k in range(1, min(len(block.lines), _TITLE_LINES_MAX + 1)):
        numbered = _NUMBERED.match(block.line_texts[k])
        if numbered is None:
            continue
        head = block.line_texts[:k]
        title = " ".join(head)
        if (
            int(numbered.group("number")) != state.last_number + 1
            or not title[:1].isupper()
            or ends_sentence(title)
            or len(title) > HEADING_MAX * 2
            or _OPEN_END.search(title)
            or _NUMBERED.match(title)
        ):
            return None
        tail = block.line_texts[k:]
        return RawBlock(block.lines[:k], title, head), RawBlock(block.lines[k:], " ".join(tail), tail)
    return None


_OPEN_END = re.compile(r"\b(?:the|of|and|or|in|to|for|on|its|a|an|with|by|from|at)$")
_ROMAN_UPPER = frozenset(r.upper() for r in _ROMANS)
_SUBHEADING_MAX = 90


_LOOKAHEAD_NUMBERS = 4


def _page_tops(text: CleanText) -> frozenset[int]:
    """The first non-blank line (1-based) of every printed page but the first."""
    tops = set()
    for page in text.pages[1:]:
        first = next((n for n in range(page.start, page.end) if text.lines[n].strip()), None)
        if first is not None:
            tops.add(first + 1)
    return frozenset(tops)


def _next_numbers(blocks: list[RawBlock]) -> dict[int, tuple[int, ...]]:
    """For each block (by first line), the numbers of the next few numbered blocks after it.

    A numbered heading ("1. Other revenue") may come first, so several are kept.
    """
    out: dict[int, tuple[int, ...]] = {}
    upcoming: tuple[int, ...] = ()
    for block in reversed(blocks):
        out[block.first_line] = upcoming
        if not block.rows and (numbered := _NUMBERED.match(block.text.lstrip("“\""))):
            upcoming = (int(numbered.group("number")), *upcoming[: _LOOKAHEAD_NUMBERS - 1])
    return out


def _is_labelled_subheading(rest: str, block: RawBlock, following: RawBlock | None, state: _State) -> bool:
    plain = strip_markup(rest).strip()
    if state.mode != "report" or following is None or len(plain) > _SUBHEADING_MAX or ends_sentence(plain):
        return False
    if not plain[:1].isupper() or len(block.lines) > 2:
        return False
    numbered = _NUMBERED.match(strip_markup(following.text).strip())
    return numbered is not None and int(numbered.group("number")) == state.last_number + 1


def _continues_decimal(head: int, number: int, state: _State) -> bool:
    """ "140.1" under paragraph 140, or the next of a run ("140.2" after "140.1").

    Never after an unfinished sentence: "The rate grew by" / "1.1 per cent" is one sentence.
    """
    last = state.last
    if isinstance(last, _Pending) and not ends_sentence(last.text):
        return False
    if state.decimal is not None and state.decimal[0] == head and number == state.decimal[1] + 1:
        return True
    return number == 1 and (head == state.last_number or state.mode in ("report", None))


def _add_decimal(
    state: _State, match: re.Match[str], opening: str, rest: str, block: RawBlock, quoted: bool, diags: Diagnostics
) -> None:
    """ "140.1" -> ``para-140-1``, a sub-paragraph of paragraph 140 when that paragraph exists."""
    head, number = int(match.group("head")), int(match.group("number"))
    state.decimal = (head, number)
    parent = state.last_top if head == state.last_number and state.last_top is not None else None
    if parent is not None and parent.kind in (ParaKind.NUMBERED, ParaKind.OPERATIVE):
        base = parent.anchor
    else:
        parent = None
        base = f"{'op' if state.mode == 'operative' else 'para'}-{head}"
    anchor = _unique(state, f"{base}-{number}", block, diags)
    state.last_letter = _append_sub(
        state, anchor, match.group("label"), f"{head}.{number}", 1, rest, block, opening, quoted, parent
    )


def _opens_operative_part(text: str, state: _State) -> bool:
    """An unnumbered paragraph that starts the operative part.

    "Having conducted the review ...," / "Adopts the outcome of the review ...": it opens
    with an operative verb after a preambular paragraph that ended with a comma, and itself
    ends a sentence.
    """
    last = state.last
    return (
        isinstance(last, _Pending)
        and last.kind is ParaKind.PREAMBULAR
        and last.text.rstrip().endswith(",")
        and OPERATIVE_OPENER.match(text) is not None
        and ends_sentence(text, comma=False)
    )


def _is_formula_or_closing(plain: str) -> bool:
    return bool(enacting_formula(plain) or closing_line(plain) or adoption_line(plain))


def _add_article(state: _State, number: str, text: str, block: RawBlock, quoted: bool) -> None:
    """ "Article 5" opens article 5 of a treaty: heading ``art-5``; its paragraphs follow."""
    state.mode = "treaty"
    state.article = re.sub(r"\s+", "", number).lower()
    state.article_texts = 0
    state.last_number = 0
    state.last_top = state.last_letter = None
    level = 3 if 2 in state.section else 2
    anchor = _unique(state, f"art-{state.article}", block, None)
    state.items.append(_PendingOther("heading", anchor, text, list(block.lines), level, quoted, awaiting_title=True))


def _starts_part(letter: str, state: _State) -> bool:
    """ "A" opens a part inside a resolution; "B" only after part A, "I" only after "H"."""
    if state.mode not in ("preamble", "operative"):
        return False
    return letter == "a" if state.part is None else ord(letter) == ord(state.part) + 1


def _part_prefix(state: _State) -> str:
    """ "b-" for the ids of part B (the first part has no prefix)."""
    return f"{state.part}-" if state.part and state.part != "a" else ""


def _heading_level(label: str) -> int:
    """ "IV" -> 2 (chapter), "B" -> 3 (section), "1" -> 4; "I", "V", "X" read as roman."""
    if label.isdigit():
        return 4
    return 2 if label in _ROMAN_UPPER or len(label) > 1 else 3


def _is_unlabelled_heading(plain: str, following: RawBlock | None, state: _State) -> bool:
    """ "Summary", or the title of a quoted draft followed by its enacting formula."""
    if len(plain) > HEADING_MAX * 2 or ends_sentence(plain):
        return False
    if plain.lower().rstrip(":") in _UNLABELLED_HEADINGS:
        return True
    if following is not None:
        follow = strip_markup(following.text).strip()
        if enacting_formula(follow):
            return True
        # "Logistical and Financial Support" / "21. Requests the Secretary-General...": a
        # subheading between operative or report paragraphs (S/2020/445, A/80/590).
        if (
            state.mode is None
            and state.annex is not None
            and len(plain) <= _SUBHEADING_MAX
            and plain[:1].isupper()
            and not plain.endswith(",")
            and follow[:1].isupper()
        ):
            return True  # "Annex" / "Composition of the delegation" / "The delegation of ..."
        if (
            state.mode in ("operative", "report")
            and len(plain) <= _SUBHEADING_MAX
            and plain[:1].isupper()
            and not plain.endswith(",")
            and (numbered := _NUMBERED.match(follow)) is not None
            and int(numbered.group("number")) == state.last_number + 1
        ):
            return True
    return False


def _unique(state: _State, anchor: str, block: RawBlock, diags: Diagnostics | None) -> str:
    if anchor not in state.anchors:
        state.anchors.add(anchor)
        return anchor
    n = 2
    while f"{anchor}-{n}" in state.anchors:
        n += 1
    if diags is not None:
        diags.warn(block.first_line, "anchor-duplicate", f"a second paragraph with the id {anchor}; given {anchor}-{n}")
    state.anchors.add(f"{anchor}-{n}")
    return f"{anchor}-{n}"


def _add_other(
    state: _State, kind: str, anchor: str, raw: str, block: RawBlock, quoted: bool = False, level: int = 2
) -> None:
    state.items.append(_PendingOther(kind, _unique(state, anchor, block, None), raw, list(block.lines), level, quoted))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_markup(text).lower()).strip("-")[:40].strip("-") or "section"


def _add_heading(state: _State, label: str | None, raw: str, level: int, block: RawBlock, quoted: bool) -> None:
    if label is not None:
        if state.mode is None:
            state.mode = "report"
        state.section = {k: v for k, v in state.section.items() if k < level}
        state.section[level] = label.lower()
        anchor = "sec-" + "-".join(state.section[k] for k in sorted(state.section))
    else:
        anchor = "sec-" + _slug(raw)
    state.last_top = None
    state.last_letter = None
    _add_other(state, "heading", anchor, raw, block, quoted, level)


def _add_numbered(
    state: _State, label: str, number: int, opening: str, rest: str, block: RawBlock, quoted: bool, diags: Diagnostics
) -> None:
    if state.mode in ("preamble", "operative"):
        state.mode = "operative"
        prefix, kind = "op", ParaKind.OPERATIVE
    elif state.mode == "treaty":
        prefix, kind = f"art-{state.article}-para", ParaKind.NUMBERED
    else:
        if state.mode is None or state.mode == "closed":
            state.mode = "report"
        prefix, kind = "para", ParaKind.NUMBERED
    if state.part and state.part != "a" and number == 1 and state.last_number > 1:
        state.part_restarted = True  # "B ... 1. Decides": this part numbers its own paragraphs
        state.last_number = 0
    if state.part_restarted:
        prefix = f"{_part_prefix(state)}{prefix}"
    if state.annex and not state.annex_restarted and number == 1 and state.last_number > 1:
        state.annex_restarted = True  # "Annex ... 1. The Committee": the annex numbers its own
        state.last_number = 0
    if state.annex_restarted:
        prefix = f"{state.annex}-{prefix}"
    if number != state.last_number + 1:
        diags.warn(
            block.first_line,
            "number-sequence",
            f"paragraph {number} follows paragraph {state.last_number}; check the numbering in the source",
        )
    state.last_number = number
    anchor = _unique(state, f"{prefix}-{number}", block, diags)
    para = _Pending(kind, anchor, label, str(number), False, 0, [rest], list(block.lines), opening, quoted=quoted)
    state.items.append(para)
    state.last_top, state.last_letter = para, None


def _add_sub(state: _State, label: str, number: str, opening: str, rest: str, block: RawBlock, quoted: bool) -> None:
    letter = state.last_letter
    is_roman = number in _ROMANS and not (
        letter is not None
        and letter.number is not None
        and len(number) == 1
        and ord(number) == ord(letter.number[-1]) + 1
    )
    if is_roman and letter is not None:
        parent, depth = letter, 2
    elif state.last_top is not None:
        parent, depth = state.last_top, 1
    else:
        parent, depth = None, 0
    base = parent.anchor if parent is not None else ""
    if state.mode == "treaty" and depth < 2 and (parent is None or parent.kind is ParaKind.TEXT):
        # "For the purposes of this Protocol:" / "a) ``Trafficking in persons\" shall mean":
        # an article without numbered paragraphs numbers its items art-3-a, art-3-b...
        base, depth = f"art-{state.article}", 1
    if not base:
        state.text_count += 1
        anchor = _unique(state, f"text-{state.text_count}", block, None)
        para = _Pending(ParaKind.TEXT, anchor, label, None, False, 0, [rest], list(block.lines), opening, quoted=quoted)
        state.items.append(para)
        return
    anchor = _unique(state, f"{base}-{number}", block, None)
    para = _append_sub(state, anchor, label, number, depth, rest, block, opening, quoted, parent)
    if depth == 1:
        state.last_letter = para


def _append_sub(
    state: _State,
    anchor: str,
    label: str | None,
    number: str,
    depth: int,
    rest: str,
    block: RawBlock,
    opening: str,
    quoted: bool,
    parent: _Pending | None,
) -> _Pending:
    """A sub-paragraph ((a), (i), 140.1) appended to the document being built."""
    para = _Pending(
        ParaKind.SUB,
        anchor,
        label,
        number,
        False,
        depth,
        [rest],
        list(block.lines),
        opening,
        quoted=quoted,
        parent=parent.anchor if parent is not None else None,
    )
    state.items.append(para)
    return para


def _add_unnumbered(
    state: _State, label: str | None, opening: str, text: str, block: RawBlock, quoted: bool, diags: Diagnostics
) -> None:
    fragment = text[:1].islower()
    if fragment:
        diags.warn(
            block.first_line,
            "fragment",
            "paragraph starts in mid-sentence and does not continue the one before: "
            "its beginning is missing from the source",
        )
    if state.mode == "preamble" and _opens_operative_part(text, state):
        state.mode = "operative"
    if state.mode == "operative" and (state.op_texts or not state.last_number):
        # "Adopts the outcome of the review ..." after the preamble of a decision: an operative
        # paragraph that was never numbered (not a lost number): op-text-1, op-text-2...
        state.op_texts += 1
        anchor = _unique(state, f"{_part_prefix(state)}op-text-{state.op_texts}", block, diags)
        para = _Pending(
            ParaKind.OPERATIVE, anchor, label, None, False, 0, [text], list(block.lines), opening, fragment, quoted
        )
    elif state.mode == "preamble":
        state.pp_count += 1
        anchor = _unique(state, f"{_part_prefix(state)}pp-{state.pp_count}", block, diags)
        para = _Pending(
            ParaKind.PREAMBULAR,
            anchor,
            label,
            str(state.pp_count),
            False,
            0,
            [text],
            list(block.lines),
            opening,
            fragment,
            quoted,
        )
    elif state.mode == "treaty":
        # "The purposes of this Protocol are:": an article's unnumbered text is not a lost number.
        state.article_texts += 1
        anchor = _unique(state, f"art-{state.article}-text-{state.article_texts}", block, diags)
        para = _Pending(
            ParaKind.TEXT, anchor, label, None, False, 0, [text], list(block.lines), opening, fragment, quoted
        )
    elif (
        state.mode in ("operative", "report")
        and block.first_line in state.page_tops
        and isinstance(state.last, _Pending)
        and state.last.kind in (ParaKind.NUMBERED, ParaKind.OPERATIVE, ParaKind.SUB)
        and not label
        and state.last_number + 1 in state.next_numbers.get(block.first_line, ())
    ):
        # "50. ... violence against women." / (page break) / "However, the Committee noted ..." /
        # "51. The Committee": the number 51 is still to come, so the text at the top of the
        # page is the rest of paragraph 50, which happened to end a sentence at the page foot.
        state.last.pieces.append(text)
        state.last.lines.extend(block.lines)
        return
    elif state.mode in ("operative", "report") and (
        state.last_number + 1 in state.next_numbers.get(block.first_line, ())
        or not ends_sentence(text, comma=False)
    ):
        # "(Thousands of United States dollars)", "Component 1: support" between paragraphs 58
        # and 59: the next paragraph is numbered 59, so no number was lost here; "Proposed
        # budget for the period ... (A/78/744/Add.11)" ends no sentence: a caption, not a
        # paragraph whose number was lost.
        state.text_count += 1
        anchor = _unique(state, f"text-{state.text_count}", block, diags)
        para = _Pending(
            ParaKind.TEXT, anchor, label, None, False, 0, [text], list(block.lines), opening, fragment, quoted
        )
    elif state.mode in ("operative", "report"):
        number = state.last_number + 1
        state.last_number = number
        prefix, kind = ("op", ParaKind.OPERATIVE) if state.mode == "operative" else ("para", ParaKind.NUMBERED)
        anchor = _unique(state, f"{prefix}-{number}", block, diags)
        diags.warn(
            block.first_line, "number-restored", f"paragraph without its number; restored as {number} from the sequence"
        )
        para = _Pending(kind, anchor, label, str(number), True, 0, [text], list(block.lines), opening, fragment, quoted)
    else:
        state.text_count += 1
        anchor = _unique(state, f"text-{state.text_count}", block, diags)
        para = _Pending(
            ParaKind.TEXT, anchor, label, None, False, 0, [text], list(block.lines), opening, fragment, quoted
        )
    state.items.append(para)
    state.last_top, state.last_letter = para, None


# --------------------------------------------------------------------------- finishing
def _finish(item: _Pending | _PendingOther, counter: NoteCounter) -> Block:
    line = item.lines[0]
    if isinstance(item, _Pending):
        content = parse_inline(item.text, counter, line)
        if item.kind in (ParaKind.PREAMBULAR, ParaKind.OPERATIVE) and not item.fragment:
            content = italicise_lead(content)
        return Paragraph(
            anchor=item.anchor,
            kind=item.kind,
            label=item.label,
            number=item.number,
            restored=item.restored,
            depth=item.depth,
            content=content,
            lines=tuple(item.lines),
            opening=item.opening,
            fragment=item.fragment,
            quoted=item.quoted,
            parent=item.parent,
        )
    text = item.text
    if item.kind == "heading":
        md = MD_HEADING.match(text)
        text = md.group("text") if md else text
        return Heading(item.anchor, item.level, parse_inline(text, counter, line), tuple(item.lines), item.quoted)
    if item.kind == "table":
        return Table(item.anchor, item.rows, tuple(item.lines))
    if item.embedded is not None:
        return item.embedded
    if item.kind == "formula":
        return Formula(item.anchor, parse_inline(text, counter, line), tuple(item.lines), item.quoted)
    return Closing(item.anchor, parse_inline(text, counter, line), tuple(item.lines))


def _metadata(facts: dict[str, str], state: _State, sidecar: Metadata | None, diags: Diagnostics) -> Metadata:
    kind = facts.get("kind")
    if kind is None:
        if facts.get("number") and state.formula_body:
            kind = "resolution"
        else:
            kind = "other"
    if kind == "draft decision":
        kind = "other"
    body = facts.get("body") or state.formula_body
    is_adopted = kind in ("resolution", "decision")
    date = ((state.adopted or facts.get("adopted")) if is_adopted else None) or facts.get("distributed")
    detected = Metadata(
        symbol=facts.get("symbol") or derive_symbol(facts.get("number"), body, kind),
        body=body,
        kind=kind,
        title=facts.get("title"),
        number=facts.get("number"),
        session=facts.get("session"),
        committee=facts.get("committee"),
        agenda_item=facts.get("item"),
        agenda_title=facts.get("itemtitle"),
        date=date,
        distributed=facts.get("distributed") if facts.get("distributed") != date else None,
        meeting=state.meeting or facts.get("meeting"),
    )
    if sidecar is None:
        return detected
    return merge_sidecar(detected, sidecar, diags)


def merge_sidecar(detected: Metadata, sidecar: Metadata, diags: Diagnostics) -> Metadata:
    """Fields the editor gave in the sidecar fill or override what the text states.

    An override that contradicts the text is reported, so a typo in a sidecar is seen.
    """
    changes: dict[str, object] = {}
    for name in sidecar.fields_from_sidecar:
        given = getattr(sidecar, name)
        found = getattr(detected, name)
        if found not in (None, "other") and found != given:
            diags.warn(
                0,
                "sidecar-conflict",
                f"metadata file gives {name} {given!r} but the text states {found!r}; using {given!r}",
            )
        changes[name] = given
    return replace(detected, **changes, fields_from_sidecar=sidecar.fields_from_sidecar)  # type: ignore[arg-type]


def _document_id(symbol: str | None, source: str) -> str:
    """ "A/RES/57/176" -> "a-res-57-176"; without a symbol, the file name."""
    if symbol:
        base = symbol
    else:
        base = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "document"
