"""Stage 2a: cleaned lines -> raw blocks, one per paragraph-like unit.

Guarantees: every non-blank cleaned line belongs to exactly one :class:`RawBlock`, in
order; a block's ``text`` is its lines joined by single spaces (hard-wrapped lines are
unwrapped); a line that starts a numbered paragraph, a sub-paragraph, a list item, a note
or a heading after a line that ended a sentence starts a new block even without a blank
line between them ("1. *Takes note* ...;<sup>23</sup>" / "2. *Welcomes* ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .inline import SUPERSCRIPT_DIGITS


@dataclass(frozen=True)
class RawBlock:
    """Consecutive source lines that form one unit of text."""

    lines: tuple[int, ...]
    """1-based source line numbers."""
    text: str
    """The lines joined with single spaces, inline markup still in place."""
    line_texts: tuple[str, ...] = ()
    """The text of each line, stripped (for the masthead, which is shown line by line)."""
    rows: tuple[tuple[str, ...], ...] = ()
    """The cells of each line when the block is a table (see :mod:`build_scripts.tables`)."""

    @property
    def first_line(self) -> int:
        """The line the block starts on."""
        return self.lines[0]


_STARTS_PARAGRAPH = re.compile(
    r"^(?:[“\"]?\d{1,3}\.\s"  # "16. Invites", "“1. Urges"
    r"|\d{1,3}\.\d{1,3}\s"  # "140.1    Ratify the International Convention" (a UPR recommendation)
    r"|•\s"  # "• Dr Milan Brglez, State Secretary" (a bulleted list)
    r"|-\s"  # "- 24. In August 1998", "- Governments were encouraged" (list export)
    r"|[“\"]?\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\)\s"  # "(a) The need", "(ii) Treatment"
    r"|#{1,6}\s|#{2,6}[A-Z]"  # Markdown heading ("####Use of terms" too)
    r"|(?:[a-z]|[ivx]{1,4})\)\s"  # "a) To prevent" (a treaty's items, no opening bracket)
    r"|\d{1,4}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\s*$"  # "25th meeting" (closing, right-aligned)
    r"|\[Adopted\b"  # "[Adopted without a vote.]"
    r")"
)
_STARTS_NOTE = re.compile(rf"^(?:-\s+)?(?:<sup>\d{{1,4}}</sup>|[{SUPERSCRIPT_DIGITS}]{{1,4}})\s*\S")
_TRAILING_MARKS = re.compile(rf"(?:<sup>[^<]*</sup>|[{SUPERSCRIPT_DIGITS}*”’\"\)\]]|\s)+$")
_TRAILING_BARE_NUMBER = re.compile(r"(?<=[.;:,!?])\d{1,3}$")
_TRAILING_PLAIN_NUMBER = re.compile(r"(?<=[.;:,!?])\s\d{1,3}$")


def ends_sentence(line: str, comma: bool = True) -> bool:
    """True when ``line`` ends a sentence or a clause, ignoring trailing markers and quotes.

    With ``comma`` False a comma does not count: a preambular paragraph ends with one,
    but "...including trafficking in human beings," at the foot of a page of a report
    continues on the next.

    "...the report of the Secretary-General;<sup>23</sup>" -> True;
    "...such as the" -> False.
    """
    # The indentation of a layout line cannot change the answer (white space is neither
    # punctuation nor a note number), but the search for the trailing marks would try each
    # of its spaces as their start.
    stripped = _TRAILING_MARKS.sub("", line.lstrip())
    # "...were not penalized.3": a bare note number after the full stop.
    stripped = _TRAILING_BARE_NUMBER.sub("", stripped)
    # "...Financing for Development; 2": a plain note number after the clause.
    stripped = _TRAILING_PLAIN_NUMBER.sub("", stripped)
    return stripped.endswith((".", ";", ":", "!", "?", ",") if comma else (".", ";", ":", "!", "?"))


_LABEL = re.compile(r"^[“\"]?\((?P<label>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\)\s")
ROMANS = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split()
"""Lower-case roman numerals, in order, as sub-paragraph labels use them."""


def _predecessors(label: str) -> set[str]:
    """Labels that can come just before ``label``: "c" -> {"b"}, "iv" -> {"iii"}."""
    out = set()
    if label.isdigit() and int(label) > 1:
        out.add(str(int(label) - 1))
    if len(label) == 1 and label.isalpha() and label != "a":
        out.add(chr(ord(label) - 1))
    if label in ROMANS and label != "i":
        out.add(ROMANS[ROMANS.index(label) - 1])
    return out


def continues_inline_list(line: str, block_lines: list[str]) -> bool:
    """True when ``line`` ("(d) the rights...") continues an enumeration run inline.

    "...on such issues as (a) the sex industry; (b) the legal status;" wrapped before
    "(c)": the block does not itself start with a label and already holds "(b)" mid-line,
    so "(c)" is part of the sentence, not a sub-paragraph.
    """
    match = _LABEL.match(line)
    if not match or _LABEL.match(block_lines[0].strip()):
        return False
    return any(
        re.search(rf"\S\s+\({re.escape(p)}\)(?:\s|$)", text)
        for p in _predecessors(match.group("label"))
        for text in block_lines
    )


# "7." or "(a)" alone on its line (raw extraction puts the number before its text).
_LONE_LABEL = re.compile(r"^\s*(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]{1,6})\))\s*$")
_TITLE_MAX = 60
_OPEN_END = re.compile(r"\b(?:the|of|and|or|in|to|for|on|its|a|an|with|by|from|at)$")
_NUMBERED_TITLE_MAX = 90
_LABELLED_TITLE_MAX = 160


# "The Security Council," (its comma is sometimes lost) on its own line: the enacting
# formula, a block of its own.
ENACTING_FORMULA = re.compile(
    r"^[“\"]?\s*The (?P<body>General Assembly|Economic and Social Council|Security Council|"
    r"Human Rights Council|Commission on [A-Z][\w ]+?),?\s*[”\"]?$"
)
# "...and all its previous relevant\nresolutions,\nRecalling also that..." (raw extraction,
# no indentation, no blank line): a preambular paragraph opens with one of these words.
_PREAMBLE_OPENER = re.compile(
    r"^[“\"]?(?:Recalling|Reaffirming|Recognizing|Noting|Welcoming|Emphasizing|Stressing|Expressing|"
    r"Acknowledging|Bearing in mind|Convinced|Concerned|Deeply|Gravely|Seriously|Alarmed|Aware|Mindful|"
    r"Taking|Having|Considering|Determining|Reiterating|Underlining|Underscoring|Guided|Affirming|"
    r"Encouraged|Conscious|Desiring|Determined|Believing|Commending|Appreciating|Observing|Acting|Urging|"
    r"Cognizant|Highlighting|Keeping in mind|Regretting|Deploring|Condemning|Further|Also|Welcoming)\b"
)

# "Recalling the provisions of the Charter of the United Nations," / "Decides that any
# proposal ...": an operative paragraph opens with a verb in the present tense.
OPERATIVE_OPENER = re.compile(
    r"^[“\"]?(?:(?:Also|Further|Further also|Once again|Again|Strongly|Hereby|Firmly)\s+)?"
    r"(?:Adopts|Decides|Requests|Welcomes|Takes note|Calls upon|Calls on|Urges|Invites|Encourages|Reaffirms|"
    r"Recommends|Approves|Endorses|Expresses|Notes|Authorizes|Appeals|Condemns|Declares|Affirms|"
    r"Acknowledges|Emphasizes|Stresses|Underlines|Recognizes|Commends|Reiterates|Proclaims|Demands|"
    r"Deplores|Appoints|Elects|Agrees|Considers|Confirms|Endorses|Transmits|Extends|Designates)\b"
)


def _indent(line: str) -> int:
    """Leading spaces: in a layout extraction a paragraph's first line is indented."""
    return len(line) - len(line.lstrip(" "))


def _short_title(texts: list[str], labelled: bool = False, before_number: bool = False) -> bool:
    """A block of one short line with no closing punctuation: a title, not a wrapped sentence.

    "Right to social security" / "27. In 2023, the United Nations..." (layout extraction,
    no blank line between a subsection title and its first paragraph).
    """
    text = " ".join(t.strip() for t in texts)
    # "1.   Right to life, liberty and security of person, and freedom from torture": a
    # labelled subsection title may be longer, and "(a)   Movement of United Nations-owned
    # equipment and contingent-owned equipment" / "outside Mali" may take two lines.
    label = re.match(r"^(?:\d{1,2}\.|[A-Z]\.|[IVXLC]{1,6}\.|\([a-z]{1,2}\))\s+", text) if labelled else None
    # "Liquidation activities during the period from 1 July 2024 to 31 December 2024" / "8. As at
    # 1 July 2024": a longer title line is taken only before a numbered paragraph.
    limit = _LABELLED_TITLE_MAX if label else (_NUMBERED_TITLE_MAX if before_number else _TITLE_MAX)
    title = text[label.end() :] if label else text
    # "VII. Summary of follow-up action taken to implement the" / "decisions and requests ...":
    # a title does not end on an article or a preposition.
    if _OPEN_END.search(text):
        return False
    return (
        len(texts) <= (2 if label else 1)
        and len(text) <= limit
        and title[:1].isupper()
        and not ends_sentence(text)
    )


_COMPOUND = re.compile(r"(?<![\w-])[A-Za-z]+-[A-Za-z]+(?![\w-])")
_SPACED_HYPHEN = re.compile(r"(?<![\w-])([A-Za-z]+) -([A-Za-z]+)(?![\w-])")
_LINE_END_HYPHEN = re.compile(r"(?<![\w-])([A-Za-z]+) ?-$")
_LINE_START_WORD = re.compile(r"[A-Za-z]+(?![\w-])")


def compounds(lines: tuple[str, ...]) -> frozenset[str]:
    """The hyphenated words a document prints whole somewhere ("high-level"), lower case."""
    return frozenset(m.lower() for line in lines if "-" in line for m in _COMPOUND.findall(line))


def join_lines(texts: tuple[str, ...], known: frozenset[str]) -> str:
    """A block's lines joined with single spaces, and hyphens split by the extraction repaired.

    "high -level" and "drug -" / "resistant" become "high-level" and "drug-resistant" only
    where the document prints the joined word whole elsewhere (``known``); otherwise the text
    stays as printed. Words are never joined across a hyphen ("traf-" / "ficking" keeps its
    hyphen): that would change the words of the text.
    """
    out = texts[0] if texts else ""
    for text in texts[1:]:
        # Only a text ending in a hyphen can be joined to the next line: the search, which
        # scans all of ``out``, is not run for the others.
        end = _LINE_END_HYPHEN.search(out) if out.endswith(("-", "-\n")) else None
        start = _LINE_START_WORD.match(text) if end else None
        if end and start and f"{end.group(1)}-{start.group(0)}".lower() in known:
            out = out[: end.start()] + f"{end.group(1)}-" + text
        else:
            out = f"{out} {text}"

    def repair(match: re.Match[str]) -> str:
        joined = f"{match.group(1)}-{match.group(2)}"
        return joined if joined.lower() in known else match.group(0)

    # The test spares the scan of the many texts without a spaced hyphen.
    return _SPACED_HYPHEN.sub(repair, out) if " -" in out else out


def split_blocks(lines: tuple[str, ...]) -> list[RawBlock]:
    """Group cleaned lines into raw blocks (see the module docstring)."""
    blocks: list[RawBlock] = []
    current: list[int] = []
    known = compounds(lines)

    def flush() -> None:
        if current:
            texts = tuple(" ".join(lines[n - 1].split()) for n in current)
            blocks.append(RawBlock(tuple(current), join_lines(texts, known), texts))
            current.clear()

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            # "1." / (blank) / "Welcomes the report...": a number alone waits for its text.
            if not (len(current) == 1 and _LONE_LABEL.match(lines[current[0] - 1])):
                flush()
            continue
        if current:
            previous = lines[current[-1] - 1]
            if (
                _STARTS_NOTE.match(stripped)
                or (
                    _STARTS_PARAGRAPH.match(stripped)
                    and (
                        ends_sentence(previous)
                        or _short_title(
                            [lines[n - 1] for n in current],
                            labelled=True,
                            before_number=re.match(r"\d{1,3}\.\s", stripped) is not None,
                        )
                    )
                    and not continues_inline_list(stripped, [lines[n - 1] for n in current])
                )
                or (_LONE_LABEL.match(stripped) and ends_sentence(previous))
                or ENACTING_FORMULA.match(previous.strip())
                or ENACTING_FORMULA.match(stripped)
                or (
                    _indent(line) > _indent(previous) + 2
                    and (ends_sentence(previous) or (_short_title([previous]) and len(current) == 1))
                )
                or (
                    previous.rstrip().endswith(",")
                    and (_PREAMBLE_OPENER.match(stripped) or OPERATIVE_OPENER.match(stripped))
                )
            ):
                flush()
        current.append(number)
    flush()
    return blocks
