"""Recognising what the top matter and the closing lines of a UN document state.

Each function reads one line (or one block) of plain text and returns what it states, or
None. Nothing here invents a value: a symbol is derived only from a number and an organ that
the text both gives, following the UN's own rule (resolution 57/176 of the General Assembly
is A/RES/57/176; 1998/20 of the Economic and Social Council is E/RES/1998/20).

:func:`split_masthead` is the parser's first phase: it takes the top matter off the
document's blocks, line by line, and leaves the body to :mod:`build_scripts.parse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import ENACTING_FORMULA, RawBlock, ends_sentence
from .inline import MONTH_NAMES, strip_markup

MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
_DATE = re.compile(r"\b(?P<day>\d{1,2}) (?P<month>" + "|".join(MONTHS) + r") (?P<year>\d{4})\b")

BODIES = {
    "General Assembly": "A",
    "Economic and Social Council": "E",
    "Security Council": "S",
    "Human Rights Council": "A/HRC",
}
_BODY_LINE = re.compile(r"^(?:United Nations\s+)?(?P<body>" + "|".join(BODIES) + r")$", re.IGNORECASE)


def iso_date(text: str) -> str | None:
    """The first date written "18 December 2002" in ``text``, as "2002-12-18"."""
    match = _DATE.search(text)
    if not match:
        return None
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    return f"{match.group('year')}-{MONTHS[match.group('month')]:02d}-{day:02d}"


def body_line(text: str) -> str | None:
    """ "General Assembly" (a masthead line naming only the organ) -> its canonical name."""
    match = _BODY_LINE.match(text.strip())
    if not match:
        return None
    return next(b for b in BODIES if b.lower() == match.group("body").lower())


def enacting_formula(text: str) -> str | None:
    """ "The General Assembly," -> "General Assembly"."""
    match = ENACTING_FORMULA.match(text.strip())
    return match.group("body") if match else None


_RESOLUTION_TITLE = re.compile(
    r"^[“\"]?(?P<number>(?:S-\d{1,2}/\d{1,3}|\d{1,4}/\d{1,4}|\d{1,4} \(\d{4}\)|\d{1,4} [A-Z] \([IVXLC]+\)))"
    r"\.\s+(?P<title>\S.*)$"
)


def resolution_title(text: str) -> tuple[str, str] | None:
    """ "57/176. Trafficking in women and girls" -> ("57/176", "Trafficking in women and girls")."""
    match = _RESOLUTION_TITLE.match(text.strip())
    if not match:
        return None
    return match.group("number"), match.group("title").strip()


_CLOSING = re.compile(
    r"^(?P<meeting>\d{1,4}(?:st|nd|rd|th) (?:plenary )?meeting)\b[,.]?\s*(?P<rest>.*)$", re.IGNORECASE
)


def closing_line(text: str) -> tuple[str, str | None] | None:
    """ "77th plenary meeting 18 December 2002" -> ("77th plenary meeting", "2002-12-18")."""
    match = _CLOSING.match(text.strip())
    if not match:
        return None
    rest = match.group("rest").strip()
    date = iso_date(rest)
    if rest and not date:
        return None
    return match.group("meeting"), date


_ADOPTION = re.compile(r"^\[?Adopted\b(?:.*?\bat (?:the|its) (?P<meeting>\S+ (?:plenary )?meeting))?", re.IGNORECASE)


def adoption_line(text: str) -> tuple[str | None] | None:
    """ "Adopted at the 2981st meeting by 12 votes to 1 ..." / "[Adopted without a vote.]".

    Returns ``(meeting or None,)`` for a line that records the adoption, else None.
    """
    match = _ADOPTION.match(text.strip())
    return (match.group("meeting"),) if match else None


def derive_symbol(number: str | None, body: str | None, kind: str) -> str | None:
    """The symbol of a resolution whose number and organ the text states, else None."""
    if not number or not body or kind not in ("resolution", "decision"):
        return None
    if kind == "decision":
        # The Human Rights Council's decisions have symbols of their own (A/HRC/DEC/14/101);
        # other organs' decisions are printed in their session's records and have none.
        if body == "Human Rights Council" and re.fullmatch(r"(?:S-)?\d{1,4}/\d{1,4}", number):
            return f"A/HRC/DEC/{number}"
        return None
    if body == "Security Council":
        match = re.fullmatch(r"(\d{1,4}) \((\d{4})\)", number)
        return f"S/RES/{match.group(1)} ({match.group(2)})" if match else None
    if not re.fullmatch(r"(?:S-)?\d{1,4}/\d{1,4}", number):
        return None
    prefix = {"General Assembly": "A/RES", "Economic and Social Council": "E/RES", "Human Rights Council": "A/HRC/RES"}
    return f"{prefix[body]}/{number}" if body in prefix else None


@dataclass(frozen=True)
class MastheadFact:
    """What one masthead line states."""

    role: str
    values: dict[str, str]


_SESSION = re.compile(
    r"^(?P<session>(?:[A-Z][a-z]+-)?[A-Za-z]+(?:-[a-z]+)? (?:special |regular |substantive |resumed )?session)"
    r"(?:\s+(?P<committee>(?:First|Second|Third|Fourth|Fifth|Sixth) Committee))?"
    r"(?:\s+Agenda items? (?P<item>[\d, ()a-z]+?)(?:\s+(?P<itemtitle>[A-Z].*))?)?$"
)
_AGENDA = re.compile(r"^Agenda items? (?P<item>\d[\d, ()a-z]*?)(?:\s+(?P<itemtitle>[A-Z].*))?$")
_DISTR = re.compile(r"^Distr\.?:?\s*(?P<distr>General|Limited|Restricted)\b\.?\s*(?P<rest>.*)$", re.IGNORECASE)
_KIND_LINES = (
    (re.compile(r"^Resolution adopted by the (?P<body>.+?)(?: on .*)?$"), "resolution"),
    (re.compile(r"^Decision adopted by the (?P<body>.+?)(?: on .*)?$"), "decision"),
    (re.compile(r"^Note by the Secretar(?:iat|y-General)$"), "note"),
    (re.compile(r"^(?:RESOLUTION|Resolution) (?P<number>\d{1,4} \(\d{4}\))$"), "resolution"),
    (re.compile(r"^Report of the .+$"), "report"),
    (re.compile(r"^(?:.+: )?[Dd]raft resolution$"), "draft resolution"),
    (re.compile(r"^(?:.+: )?[Dd]raft decision$"), "draft decision"),
)
_ORIGINAL = re.compile(r"^Original:\s*\w+")
_RAPPORTEUR = re.compile(r"^(?:Vice-President and |President and )?Rapporteur:\s*\S")
_COMMITTEE_REPORT = re.compile(r"^\[(?:(?:on|without) (?:the )?(?:report|reference)|Adopted)")
_ADOPTED_BY = re.compile(r"^Adopted by the (?P<body>.+?) at its (?P<meeting>\S+ (?:plenary )?meeting),?(?P<rest>.*)$")
_OF_DATE = re.compile(r"^of \d{1,2} \S+ \d{4}$")
_SYMBOL = re.compile(r"^(?P<symbol>(?:A|E|S)/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]+(?: \(\d{4}\))?)$")


def masthead_fact(text: str) -> MastheadFact | None:
    """What a masthead line states, or None when it is not a masthead line.

    A layout extraction prints two masthead cells on one line ("United Nations   A/RES/73/3",
    "General Assembly   Distr.: General"): such a line states what both halves state.
    """
    text = text.strip()
    if (fact := _single_fact(text)) is not None:
        return fact
    if text == "United Nations":
        return MastheadFact("organization", {})
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    for i in spaces:
        left, right = text[:i], text[i + 1 :]
        first = MastheadFact("organization", {}) if left == "United Nations" else _single_fact(left)
        second = _single_fact(right) if first is not None else None
        if first is not None and second is not None and first.role != second.role:
            return MastheadFact(f"{first.role} {second.role}", {**second.values, **first.values})
    return None


def _single_fact(text: str) -> MastheadFact | None:
    if body := body_line(text):
        return MastheadFact("body", {"body": body})
    if match := _DISTR.match(text):
        values = {"distribution": match.group("distr")}
        if date := iso_date(match.group("rest")):
            values["distributed"] = date
        return MastheadFact("distribution", values)
    if _ORIGINAL.match(text):
        return MastheadFact("language", {})
    # "Vice-President and Rapporteur: Mr. Hisham Badr (Egypt)" under a report's title.
    if _RAPPORTEUR.match(text):
        return MastheadFact("rapporteur", {})
    if len(text) <= 20 and (date := iso_date(text)):
        return MastheadFact("date", {"distributed": date})
    if match := _SESSION.match(text):
        values = {k: v for k, v in match.groupdict().items() if v}
        values["session"] = values["session"][0].upper() + values["session"][1:]
        return MastheadFact("session", values)
    if match := _AGENDA.match(text):
        return MastheadFact("agenda", {k: v for k, v in match.groupdict().items() if v})
    if _COMMITTEE_REPORT.match(text):
        return MastheadFact("committee report", {})
    for pattern, kind in _KIND_LINES:
        if match := pattern.match(text):
            values = {"kind": kind}
            if number := match.groupdict().get("number"):
                values["number"] = number
            body = match.groupdict().get("body")
            if body and body_line(body):
                values["body"] = body_line(body) or ""
            return MastheadFact("kind", values)
    # "Adopted by the Security Council at its 3217th meeting, on 25 May 1993" (S/RES sheet).
    if match := _ADOPTED_BY.match(text):
        values = {"meeting": match.group("meeting")}
        if body := body_line(match.group("body")):
            values["body"] = body
        if date := iso_date(match.group("rest")):
            values["adopted"] = date
        return MastheadFact("adoption", values)
    # "Resolution 687 (1991)" / "of 3 April 1991" (the Council's yearbook).
    if match := _OF_DATE.match(text):
        return MastheadFact("date", {"adopted": iso_date(text) or ""} if iso_date(text) else {})
    if match := _SYMBOL.match(text):
        return MastheadFact("symbol", {"symbol": match.group("symbol")})
    return None


# --------------------------------------------------------------------------- the masthead phase
HEADING_MAX = 160
"""Longest text (characters) taken for a heading; anything longer is a paragraph."""
# "### Article  3"; also "####Use of terms" and "###I" (a converter that drops the space after
# the marks; two marks at least, then a capital, so "#1 priority" stays text).
MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:\s+|(?<=##)(?=[A-Z]))(?P<text>.*?)\s*#*$")


def plain_line(text: str) -> str:
    """The plain text of a line: Markdown heading marks and inline markup removed."""
    match = MD_HEADING.match(text.strip())
    return strip_markup(match.group("text") if match else text).strip()


def split_masthead(blocks: list[RawBlock]) -> tuple[list[tuple[int, str, str]], dict[str, str], list[RawBlock]]:
    """Split off the masthead: returns its lines (number, text, role), its facts, the rest.

    Reads "General Assembly / Distr.: General 30 January 2003 / Fifty-seventh session /
    Agenda item 102 / Resolution adopted by the General Assembly / [on the report of the
    Third Committee (A/57/549)] / 57/176. Trafficking in women and girls" and stops at the
    first text that is not top matter.
    """
    lines: list[tuple[int, str, str]] = []
    facts: dict[str, str] = {}
    expect_agenda_title = False
    report_title = False
    index, wrapper = _wrapper_header(blocks, lines)
    while index < len(blocks):
        block = blocks[index]
        if block.rows:
            break  # a table is never top matter
        texts = list(block.line_texts)
        found = _logical_facts([plain_line(t) for t in texts])
        # "Eightieth session / Agenda item 155 / Financing of the United Nations
        # Multidimensional / Integrated Stabilization Mission in Mali": facts, then the
        # agenda item's title wrapped over the block's last lines.
        head = next((k for k, fact in enumerate(found) if fact is None), len(found))
        if 0 < head < len(found) and not any(found[head:]):
            agenda = found[head - 1]
            rest_text = " ".join(plain_line(t) for t in texts[head:])
            if agenda and agenda.role == "agenda" and not ends_sentence(rest_text):
                rest_text = f"{agenda.values.get('itemtitle', '')} {rest_text}".strip()
                facts["itemtitle"] = rest_text
                for n, t, fact in zip(block.lines[:head], texts[:head], found[:head], strict=True):
                    assert fact is not None
                    lines.append((n, strip_md_heading(t), fact.role))
                    _note_facts(facts, fact)
                lines.extend(
                    (n, strip_md_heading(t), "agenda title")
                    for n, t in zip(block.lines[head:], texts[head:], strict=True)
                )
                facts.setdefault("itemtitle", rest_text)
                index += 1
                continue
        # "Budget performance of the ... Mission in Mali for the period from / 1 July 2024
        # to 30 June 2025 / Report of the Secretary-General": the title, then its kind.
        if len(found) > 1 and found[-1] is not None and found[-1].role == "kind" and not any(found[:-1]):
            title_text = " ".join(plain_line(t) for t in texts[:-1])
            if "title" not in facts and not ends_sentence(title_text):
                lines.extend(
                    (n, strip_md_heading(t), "title") for n, t in zip(block.lines[:-1], texts[:-1], strict=True)
                )
                facts["title"] = title_text
                lines.append((block.lines[-1], strip_md_heading(texts[-1]), "kind"))
                _note_facts(facts, found[-1])
                index += 1
                continue
        # "73/7." alone, the title in the next block (raw extraction).
        number_only = re.fullmatch(r"(?P<number>(?:S-)?\d{1,4}/\d{1,4})\.", plain_line(block.text))
        following_block = blocks[index + 1] if index + 1 < len(blocks) else None
        if number_only and following_block is not None and "title" not in facts:
            title_text = plain_line(following_block.text)
            if len(title_text) <= 300 and not ends_sentence(title_text) and not enacting_formula(title_text):
                lines.append((block.lines[0], strip_md_heading(texts[0]), "title"))
                lines.extend(
                    (n, strip_md_heading(t), "title")
                    for n, t in zip(following_block.lines, following_block.line_texts, strict=True)
                )
                facts.setdefault("number", number_only.group("number"))
                facts["title"] = title_text
                index += 2
                break
        if all(found):
            report_title = False
            for n, t, fact in zip(block.lines, texts, found, strict=True):
                assert fact is not None
                role = fact.role
                # "Report of the Human Rights Council on its / fourteenth session": a report's
                # kind line is also its title.
                if role == "kind" and fact.values.get("kind") == "report" and "title" not in facts:
                    role, report_title = "title", True
                lines.append((n, strip_md_heading(t), role))
                _note_facts(facts, fact)
            if report_title:
                title = " ".join(plain_line(t) for n, t, _ in lines if n in block.lines and _ == "title")
                facts["title"] = title.rstrip("*").rstrip()
            last = found[-1]
            expect_agenda_title = bool(last and last.role == "agenda" and "itemtitle" not in last.values)
            index += 1
            continue
        plain = plain_line(block.text)
        # "Report of the Working Group on the Universal Periodic Review*" / "Slovenia": the
        # name of the State reviewed completes the title.
        if report_title and len(block.lines) == 1 and len(plain) <= _TITLE_TAIL_MAX and not ends_sentence(plain):
            lines.append((block.lines[0], strip_md_heading(block.text), "title"))
            facts["title"] = f"{facts['title']}: {plain}"
            report_title = False
            index += 1
            continue
        report_title = False
        if expect_agenda_title and len(block.lines) == 1 and len(plain) <= HEADING_MAX and not ends_sentence(plain):
            lines.append((block.lines[0], strip_md_heading(block.text), "agenda title"))
            facts.setdefault("itemtitle", plain)
            expect_agenda_title = False
            index += 1
            continue
        expect_agenda_title = False
        # "####Protocol to Prevent, Suppress and Punish Trafficking in Persons, ...": a Markdown
        # file that opens with a heading (and no masthead) is titled by it.
        if not lines and index == 0 and _title_heading(block):
            lines.append((block.lines[0], strip_md_heading(texts[0]), "title"))
            facts["title"] = plain
            index += 1
            break
        if titled := resolution_title(plain):
            lines.extend((n, strip_md_heading(t), "title") for n, t in zip(block.lines, block.line_texts, strict=True))
            facts.setdefault("number", titled[0])
            facts.setdefault("title", titled[1])
            index += 1
            break
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            "title" not in facts
            and following is not None
            and len(plain) <= 300
            and not ends_sentence(plain)
            and (fact := masthead_fact(plain_line(following.text))) is not None
            and fact.role == "kind"
        ):
            lines.extend((n, strip_md_heading(t), "title") for n, t in zip(block.lines, block.line_texts, strict=True))
            facts["title"] = plain
            index += 1
            continue
        break
    for key, value in wrapper.items():
        facts.setdefault(key, value)
    return lines, facts, blocks[index:]


_TITLE_TAIL_MAX = 60
# "# A/HRC/59/15 - Report of the Working Group on the Universal Periodic Review: Slovenia"
_WRAPPER_TITLE = re.compile(r"^(?P<symbol>(?:A|E|S)/[A-Z0-9./\-]+)\s+[-–—:]\s+(?P<title>\S.*)$")
_WRAPPER_FIELD = re.compile(r"^\*\*(?P<key>[A-Z][\w ]{0,40}):\*\*\s*(?P<value>\S.*)$")


def _wrapper_header(blocks: list[RawBlock], lines: list[tuple[int, str, str]]) -> tuple[int, dict[str, str]]:
    """A Markdown file's own header before the UN text: its lines, and what it states.

    "# A/HRC/59/15 - Report of the Working Group ... / **Document:** A/HRC/59/15 /
    **Date:** February 2025 / ... / ## Full Document Text" (a repository's wrapper around the
    extracted text). Its lines go to the masthead as "wrapper" lines; what it states (symbol,
    title, a full date) only fills what the UN text itself does not state. Returns the index
    of the first block after the header.
    """
    if len(blocks) < 2 or len(blocks[0].lines) != 1:
        return 0, {}
    head = MD_HEADING.match(blocks[0].text.strip())
    titled = _WRAPPER_TITLE.match(strip_markup(head.group("text")).strip()) if head else None
    fields = [_WRAPPER_FIELD.match(t) for t in blocks[1].line_texts]
    if titled is None or not all(fields):
        return 0, {}
    found = {"symbol": titled.group("symbol"), "title": titled.group("title")}
    for match in fields:
        assert match is not None
        key, value = match.group("key").lower(), strip_markup(match.group("value")).strip()
        if key in ("document", "symbol") and _SYMBOL.match(value):
            found["symbol"] = value
        elif key == "date" and (date := iso_date(value)):
            found["distributed"] = date
    index = 2
    # "## Full Document Text": the wrapper's own heading over the UN text.
    if index < len(blocks) and len(blocks[index].lines) == 1 and MD_HEADING.match(blocks[index].text.strip()):
        index += 1
    for block in blocks[:index]:
        lines.extend((n, strip_md_heading(t), "wrapper") for n, t in zip(block.lines, block.line_texts, strict=True))
    return index, found


def _title_heading(block: RawBlock) -> bool:
    """A one-line Markdown heading that can title the document (not "Article 1", not "I")."""
    if len(block.lines) != 1 or not MD_HEADING.match(block.text.strip()):
        return False
    plain = plain_line(block.text)
    return (
        len(plain) <= 300
        and not ends_sentence(plain)
        and not re.match(r"^(?:Article\s+\S+|[IVXLC]{1,6}\.?|Preamble|Contents)$", plain)
    )


def _note_facts(facts: dict[str, str], fact: MastheadFact) -> None:
    """Record what a masthead line states; the first statement of a fact wins.

    Except the organ: a Human Rights Council document's masthead reads "General Assembly"
    (its parent) first, then "Human Rights Council", which is the organ that acts.
    """
    for key, value in fact.values.items():
        if key == "body" and facts.get("body") == "General Assembly" and value != "General Assembly":
            facts["body"] = value
        else:
            facts.setdefault(key, value)


def _logical_facts(texts: list[str]) -> list[MastheadFact | None]:
    """What each physical line states, reading a wrapped masthead line as one.

    "Resolution adopted by the General" / "Assembly" and "[on the report of the Third
    Committee" / "(A/57/549)]": a line that states nothing (or less) continues the line
    before when together they state more.
    """
    groups: list[tuple[list[int], str, MastheadFact | None]] = []
    for index, text in enumerate(texts):
        fact = masthead_fact(text)
        if groups:
            members, joined, previous = groups[-1]
            merged = masthead_fact(f"{joined} {text}")
            # "Report of the Human Rights Council on its" / "fourteenth session": a line in lower
            # case continues the line before, though alone it would state a session.
            wrapped = (
                fact is None
                or previous is None
                or (text[:1].islower() and previous.values.get("kind") == "report")
            )
            if wrapped and _continues_fact(joined, previous, text, merged):
                groups[-1] = ([*members, index], f"{joined} {text}", merged)
                continue
        groups.append(([index], text, fact))
    out: list[MastheadFact | None] = [None] * len(texts)
    for members, _, fact in groups:
        for index in members:
            out[index] = fact
    return out


def _continues_fact(joined: str, previous: MastheadFact | None, text: str, merged: MastheadFact | None) -> bool:
    if merged is None:
        return False
    if previous is None or text[:1].islower():
        return True
    # "Report of the Working Group on the Universal Periodic" / "Review*": a report's title
    # wrapped before a capital.
    if previous.values.get("kind") == "report" and masthead_fact(text) is None:
        return True
    if joined.count("[") > joined.count("]") or joined.count("(") > joined.count(")"):
        return True
    return len(merged.values) > len(previous.values) or any(
        len(value) > len(previous.values.get(key, "")) for key, value in merged.values.items() if key != "itemtitle"
    )


def strip_md_heading(text: str) -> str:
    """ "## General Assembly" -> "General Assembly"."""
    match = MD_HEADING.match(text.strip())
    return match.group("text") if match else text.strip()
