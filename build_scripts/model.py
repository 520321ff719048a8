"""The typed model: the single source of truth for every page, index and data file.

Parsing produces one :class:`Document` per source; the link stage gathers them into a
:class:`Corpus`; renderers read only these objects and never look at source text again.
All classes are frozen: a stage that wants to change something builds a new object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


# --------------------------------------------------------------------------- inline text
@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text, exactly as the source gives it (markup removed)."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Italic (``strong=False``) or bold text; ``typographic`` when the build added it."""

    children: tuple[Inline, ...]
    strong: bool = False
    typographic: bool = False
    """True when the source had no emphasis here and the UN style rule added it."""


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote marker in the text, by the number printed in the source."""

    number: str
    """The printed number ("80"), never renumbered."""
    occurrence: int
    """1 for the first reference to this note in the document, 2 for the second..."""
    resolved: bool
    """False when the note's text is absent from the source: rendered without a link."""

    @property
    def anchor(self) -> str:
        """The id of this reference: ``fnref-N`` then ``fnref-N-2``, ``fnref-N-3``..."""
        base = f"fnref-{self.number}"
        return base if self.occurrence == 1 else f"{base}-{self.occurrence}"


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink the source itself carries (a Markdown link to an http(s) address)."""

    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference the link stage recognised: a resolution, document, instrument or paragraph."""

    children: tuple[Inline, ...]
    kind: str
    """resolution, decision, document, instrument, paragraph or ibid."""
    href: str
    """Where it leads: ``#op-9`` on the same page, a path from the site root
    (``A/RES/57/176.html#op-16``, ``instruments/crc.html``), or an ``https://`` address."""
    title: str
    """What it designates, in words ("General Assembly resolution 57/176, para. 16")."""
    preview: str | None = None
    """The plain text of the paragraph it leads to, when that paragraph is in the archive."""


Inline = Text | Emphasis | NoteRef | Link | Ref


def plain_text(spans: tuple[Inline, ...]) -> str:
    """The text of ``spans`` without markup and without footnote markers."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, Text):
            out.append(span.text)
        elif isinstance(span, (Emphasis, Link, Ref)):
            out.append(plain_text(span.children))
    return "".join(out)


class HasText:
    """Gives a model class with ``content`` spans its plain ``text``."""

    content: tuple[Inline, ...]

    @property
    def text(self) -> str:
        """Plain text, without markup or footnote markers."""
        return plain_text(self.content)


# --------------------------------------------------------------------------- diagnostics
class Severity(StrEnum):
    """How serious a diagnostic is; ``--strict`` fails on warnings as well as errors."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A message about a source file, printed as ``FILE:LINE: message``."""

    source: str
    """Path of the source file relative to the source folder."""
    line: int
    """1-based line in the source file (0 when the message concerns the whole file)."""
    code: str
    """A stable short name ("note-missing", "number-restored"...) for grouping and tests."""
    message: str
    severity: Severity = Severity.WARNING

    def format(self, prefix: str = "") -> str:
        """``FILE:LINE: message`` with ``prefix`` (the source folder) before FILE.

        A message about the whole file (line 0) is shown at line 1, so every message has the
        same ``FILE:LINE:`` shape that editors and scripts read.
        """
        where = f"{prefix}{self.source}:{max(self.line, 1)}"
        kind = "error: " if self.severity is Severity.ERROR else ""
        return f"{where}: {kind}{self.message}"


@dataclass(frozen=True, slots=True)
class Removal:
    """A line removed as page furniture; every removal is listed in the build report."""

    line: int
    text: str
    reason: str


# --------------------------------------------------------------------------- blocks
class ParaKind(StrEnum):
    """What a paragraph is in the structure of its document."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    NUMBERED = "numbered"
    """A numbered paragraph of a report, note or letter (``para-N``)."""
    SUB = "sub"
    """A sub-paragraph (a), (b)... or (i), (ii)... of any of the above."""
    TEXT = "text"
    """An unnumbered paragraph outside the numbered structure (a note's opening words)."""


@dataclass(frozen=True, slots=True)
class Paragraph(HasText):
    """One citable paragraph: its element on the page holds exactly this text."""

    anchor: str
    """The contract id: ``pp-3``, ``op-5-b-ii``, ``para-33``, ``text-1``."""
    kind: ParaKind
    label: str | None
    """The printed label as the source gives it ("16.", "(b)", "- 24."); None if none."""
    number: str | None
    """The paragraph's number ("16", "b", "ii"; for preambular paragraphs the count)."""
    restored: bool
    """True when the printed number was lost and restored from the sequence."""
    depth: int
    """0 for a paragraph, 1 for (a), 2 for (i)..."""
    content: tuple[Inline, ...]
    lines: tuple[int, ...]
    """The source lines the paragraph's text comes from (several when split by a page)."""
    opening: str = ""
    """Characters printed before the label, such as the opening quotation mark of each
    paragraph of a quoted draft ("“1. *Urges*...")."""
    fragment: bool = False
    """True when the beginning of the paragraph is missing from the source."""
    quoted: bool = False
    """True inside a quoted text (a draft resolution transmitted by a note)."""
    parent: str | None = None
    """Anchor of the paragraph this is a sub-paragraph of."""


@dataclass(frozen=True, slots=True)
class Heading(HasText):
    """A heading of the document's own structure (chapter, section, quoted title)."""

    anchor: str
    level: int
    """2 for a chapter (I., II.), 3 for a section (A., B.), 4 below."""
    content: tuple[Inline, ...]
    lines: tuple[int, ...]
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Formula(HasText):
    """The enacting formula ("The General Assembly,") that opens a resolution."""

    anchor: str
    content: tuple[Inline, ...]
    lines: tuple[int, ...]
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Closing(HasText):
    """Closing lines after the last paragraph ("77th plenary meeting / 18 December 2002")."""

    anchor: str
    content: tuple[Inline, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table printed as space-aligned columns (a budget, a list of documents), row by row."""

    anchor: str
    """``table-N``, counted from 1 in the document."""
    rows: tuple[tuple[str, ...], ...]
    """The cells of each printed line, exactly as printed (a row group's label is one cell)."""
    lines: tuple[int, ...]
    """The source line of each row, in order."""

    @property
    def content(self) -> tuple[Inline, ...]:
        """The cells as one run of text, rows on their own lines, cells separated by tabs."""
        return (Text("\n".join("\t".join(row) for row in self.rows)),)

    @property
    def text(self) -> str:
        """Plain text of the table (see ``content``)."""
        return plain_text(self.content)


@dataclass(frozen=True, slots=True)
class Embedded:
    """A text printed inside this document that has its own page (a resolution in a session report).

    The embedded text's words belong to its own :class:`Document`; this block only marks
    where the text stood and links to that page.
    """

    anchor: str
    """The id of the entry on this page: the embedded document's id ("a-hrc-res-14-2")."""
    doc_id: str
    symbol: str | None
    number: str
    """The number as printed ("14/2")."""
    title: str
    doc_kind: str
    """resolution or decision (see :attr:`Metadata.kind`)."""
    url: str
    """The page path of the embedded document."""
    lines: tuple[int, ...]
    """The first source line of the embedded text (the text itself is on its own page)."""

    @property
    def content(self) -> tuple[Inline, ...]:
        """No source text of its own."""
        return ()

    @property
    def text(self) -> str:
        """No source text of its own."""
        return ""


Block = Paragraph | Heading | Formula | Closing | Table | Embedded


@dataclass(frozen=True, slots=True)
class MastheadLine(HasText):
    """One line of the masthead (the document's top matter), kept verbatim."""

    line: int
    content: tuple[Inline, ...]
    role: str
    """What the line states: "body", "distribution", "session", "agenda", "title"..."""


@dataclass(frozen=True, slots=True)
class Footnote(HasText):
    """A note, by the number printed in the source."""

    number: str
    content: tuple[Inline, ...]
    lines: tuple[int, ...]
    references: int
    """How many markers in the text point to this note (0: the note has no marker)."""

    @property
    def anchor(self) -> str:
        """``fn-N``."""
        return f"fn-{self.number}"


# --------------------------------------------------------------------------- document
@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about a document: detected in its text or given by its sidecar file."""

    symbol: str | None = None
    """The UN symbol ("A/RES/57/176"); None unless stated by the text or the sidecar."""
    body: str | None = None
    """The organ: "General Assembly", "Economic and Social Council"..."""
    kind: str = "other"
    """resolution, decision, draft resolution, report, note or other."""
    title: str | None = None
    number: str | None = None
    """The resolution or decision number as printed ("57/176", "1998/20")."""
    session: str | None = None
    committee: str | None = None
    agenda_item: str | None = None
    agenda_title: str | None = None
    date: str | None = None
    """ISO date of adoption (resolutions, decisions) or of issue (other documents)."""
    distributed: str | None = None
    """ISO date of distribution printed in the masthead, when different from ``date``."""
    meeting: str | None = None
    provenance: str | None = None
    """Where the text came from, as written by an editor in the sidecar file."""
    fields_from_sidecar: tuple[str, ...] = ()
    """Names of the fields an editor supplied rather than the text."""


@dataclass(frozen=True, slots=True)
class Document:
    """One source document, parsed."""

    id: str
    """Stable identifier: from the symbol when known ("a-res-57-176"), else the file name."""
    source: str
    """Source file path relative to the source folder."""
    meta: Metadata
    masthead: tuple[MastheadLine, ...]
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]
    notes_title: Heading | None
    """The source's own title over its notes ("Notes"), when it has one."""
    removals: tuple[Removal, ...]
    diagnostics: tuple[Diagnostic, ...]
    line_count: int
    """Number of lines in the source file."""

    @property
    def url(self) -> str:
        """Path of the page in the built site, per the contract."""
        return page_path(self.meta.symbol, self.id, ".html")

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Every citable paragraph, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))


_PLACE = re.compile(r"^(?:(?P<part>.+?)-)?(?P<kind>pp|op|para|art)-(?P<rest>\d[^-]*(?:-[a-z0-9]+)*)$")


def place_label(anchor: str, spelled: bool = False) -> str:
    """How a result names the place it opens: ``op-5-b-ii`` -> ``para. 5 (b) (ii)``.

    ``pp-4`` -> ``PP4`` (as the page shows it), ``para-33`` -> ``para. 33``, ``b-pp-1`` ->
    ``part B, PP1``, ``annex-1-para-4`` -> ``annex 1, para. 4``, ``art-5-para-2-a`` ->
    ``art. 5, para. 2 (a)``; an unnumbered place (``op-text-1``, ``text-2``) or anything else ``""``.
    ``spelled`` (for running text): ``pp-4`` -> ``preambular para. 4``.
    """
    match = _PLACE.match(anchor)
    if not match or "-text" in anchor:
        return ""
    number, *subs = match["rest"].split("-")
    prefix = {"pp": "preambular para. " if spelled else "PP", "op": "para. ", "para": "para. ", "art": "art. "}[
        match["kind"]
    ]
    label = prefix + number + "".join(f" ({s})" for s in subs)
    part = match["part"]
    if part:
        name = place_label(part, spelled) or part.replace("-", " ")
        label = f"{'part ' + name.upper() if len(name) == 1 else name}, {label}"
    return label


def page_path(symbol: str | None, doc_id: str, suffix: str) -> str:
    """``A/RES/57/176.html`` for a known symbol, else ``documents/<id>.html``."""
    if symbol:
        return symbol.replace(" ", "") + suffix
    return f"documents/{doc_id}{suffix}"


# --------------------------------------------------------------------------- topics
@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the taxonomy (``build_scripts/data/topics.yml``; its header explains each field)."""

    id: str
    """Permanent slug: the page is ``topics/<id>.html``."""
    label: str
    parent: str | None
    unbis: str | None
    """The UNBIS Thesaurus descriptor, when one fits and was checked."""
    description: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicTag:
    """A topic of one paragraph, and why: the words of the paragraph that matched its terms."""

    topic: str
    """The topic's id."""
    matched: tuple[str, ...]
    """Each distinct matching phrase as printed (spacing collapsed), in order of first occurrence."""
    spans: tuple[tuple[int, int], ...]
    """Start and end of every counted match in the paragraph's plain ``text``, in order."""


# --------------------------------------------------------------------------- agreed language
Opcode = tuple[str, int, int, int, int]
"""A word-level difflib opcode: (tag, i1, i2, j1, j2) over the word tokens of two paragraphs."""


@dataclass(frozen=True, slots=True)
class AgreedMatch:
    """A paragraph of another document that shares a long run of words with this one."""

    doc: str
    """The other document's id."""
    anchor: str
    """The other paragraph's anchor."""
    run: int
    """The longest run of identical words the two paragraphs share."""
    similarity: float
    """Share of words in common, 2 * matched / (words here + words there), from 0 to 1."""
    relation: str
    """The other document's date relative to this one: "earlier", "later", "same day", or ""
    when either date is unknown."""
    opcodes: tuple[Opcode, ...]
    """Word-level difflib opcodes from this paragraph's words (``a``) to the other's (``b``),
    indices into :func:`build_scripts.agreed.words` of each paragraph's text."""


@dataclass(frozen=True, slots=True)
class AgreedParagraph:
    """The agreed language of one paragraph: its best matches, and how many there are."""

    matches: tuple[AgreedMatch, ...]
    """The best matches, best first (as many as a page shows; see build_scripts/agreed.py)."""
    total: int
    """How many paragraphs of other documents match, listed or not."""


AgreedLanguage = Mapping[str, Mapping[str, AgreedParagraph]]
"""Document id -> paragraph anchor -> its agreed language (see build_scripts/agreed.py)."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference from a place in one document to another document, paragraph or instrument."""

    source: str
    """Id of the citing document."""
    anchor: str
    """Where in it: a paragraph (``op-3``), a note (``fn-12``) or a masthead line (``mh-15``)."""
    kind: str
    """resolution, decision, document, instrument, paragraph or ibid."""
    target: str
    """The cited symbol ("A/RES/57/176"), or an instrument id ("crc")."""
    document: str | None
    """Id of the cited document when it is in the archive."""
    target_anchor: str | None
    """The cited paragraph (``op-16``) or, for an instrument, article (``art-6-para-2``)."""
    text: str
    """The words of the reference as printed."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every document of the archive after the link stage, sorted by id."""

    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Diagnostics about the corpus as a whole (duplicate symbols, unreadable files)."""
    citations: tuple[Citation, ...] = field(default=())
    """Every reference between documents of the archive and to instruments or other
    documents, in document order (the link stage fills it)."""
    taxonomy: tuple[Topic, ...] = field(default=())
    """The topic taxonomy the paragraphs were tagged with, in file order (empty before tagging)."""
    topics: Mapping[str, Mapping[str, tuple[TopicTag, ...]]] = field(default_factory=dict)
    """Document id -> paragraph anchor -> its topics (sorted by topic id); untagged paragraphs absent."""
    agreed: AgreedLanguage = field(default_factory=dict)
    """Agreed language: filled by :func:`build_scripts.agreed.with_agreed`; empty before."""
