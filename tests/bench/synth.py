"""A realistic synthetic corpus: N UN documents recombined from the seeds and the real corpus.

    python -m tests.bench.synth N OUT_DIR [--seed S]

The paragraphs, sub-paragraphs, notes, titles and headings come from the parsed model of
``source/`` and ``tests/corpus/`` (so the text is real UN language, and the generator never
re-reads source text itself). They are recombined into General Assembly, Economic and Social
Council, Security Council and Human Rights Council resolutions and reports of the
Secretary-General, each with:

* a distinct symbol whose date agrees with it: ``A/RES/<session>/<n>`` adopted in the year
  ``1945 + session`` (or early the next), ``E/RES/<year>/<n>``, ``S/RES/<n> (<year>)`` numbered in
  date order, ``A/HRC/RES/<session>/<n>`` (three sessions a year from 2006), reports
  ``A/<session>/<n>`` issued before the session opens;
* a masthead, an enacting formula, preambular and operative paragraphs with sub-paragraphs
  (or a report's numbered paragraphs under headings), closing lines and notes;
* cross-references that only cite earlier generated documents: "Recalling its resolution
  61/144 of 19 December 2006", "General Assembly resolution ...", "Security Council resolution
  827 (1993)", a report by its symbol in the text or in a note ("A/62/170.").

Two source styles alternate, as in the seeds: Markdown (``<sup>N</sup>`` markers, italic
openers) and plain text (unicode superscript markers). About a third of the documents get a
``.yml`` sidecar with their provenance. Every generated document parses with no warning and
with exactly the symbol, date, organ, paragraph and note counts the generator intended
(:class:`Expected`; ``tests/test_scale.py`` holds it to that).

Deterministic: the same ``seed`` (and the same seed texts and parser) gives byte-identical
files.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.corpus import load_corpus
from build_scripts.model import Document, Paragraph, ParaKind

ROOT = Path(__file__).resolve().parents[2]
HARVEST = (ROOT / "source", ROOT / "tests" / "corpus")

_UNSAFE = re.compile(r"[*<>`#|_\\\[\]{}¹²³⁴⁵⁶⁷⁸⁹⁰]|\d[.,;:]?\s*$|[a-z)][.,;:]\d|https?:|\s{2}")
"""Text that could read as markup, a note marker or a label in a generated source is not used."""
_MARKUP = re.compile(r"[*<>`#|_\\\[\]{}¹²³⁴⁵⁶⁷⁸⁹⁰]")
_STARTS_OK = re.compile(r"^[A-Z][a-z]")
_NOT_STRUCTURE = re.compile(
    r"^(?:[IVXLC]+\.|[A-Z]\.|Annex|Notes?\b|Adopted|Resolution|Report|Distr|Agenda|Summary|Contents)|plenary meeting"
    r"|\b(?:session|meeting)\s*$"
)
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
ORDINAL_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
TENS = {2: "twent", 3: "thirt", 4: "fort", 5: "fift", 6: "sixt", 7: "sevent", 8: "eight", 9: "ninet"}
UNITS = "one two three four five six seven eight nine".split()
COMMITTEES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth")
ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()
LETTERS = "abcdefghijklmnop"
SUB_ROMAN = "i ii iii iv v vi vii viii".split()
AGENDA = (
    "Advancement of women",
    "Promotion and protection of human rights",
    "Crime prevention and criminal justice",
    "Social development",
    "Promotion and protection of the rights of children",
    "Elimination of racism, racial discrimination, xenophobia and related intolerance",
)


def ordinal_word(n: int) -> str:
    """57 -> "Fifty-seventh" (1..99), as in "Fifty-seventh session"."""
    if n < 10:
        word = ORDINAL_UNITS[n - 1]
    elif n < 20:
        word = ORDINAL_TEENS[n - 10]
    elif n % 10 == 0:
        word = TENS[n // 10] + "ieth"
    else:
        word = TENS[n // 10] + "y-" + ORDINAL_UNITS[n % 10 - 1]
    return word[0].upper() + word[1:]


def ordinal_suffix(n: int) -> str:
    """77 -> "77th", 3217 -> "3217th", 21 -> "21st"."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def human(date: datetime.date) -> str:
    """A date as the UN prints it: "18 December 2002"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


# --------------------------------------------------------------------------- harvesting
@dataclass(frozen=True)
class Operative:
    """An operative paragraph's text with its sub-paragraphs (each with its own sub-subs)."""

    text: str
    subs: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Pools:
    """The real text the generator recombines, harvested from the parsed model."""

    preambular: tuple[str, ...]
    operative: tuple[Operative, ...]
    numbered: tuple[str, ...]
    notes: tuple[str, ...]
    titles: tuple[str, ...]
    headings: tuple[str, ...]


def _usable(text: str, low: int = 40, high: int = 1800) -> bool:
    return (
        low <= len(text) <= high
        and not _UNSAFE.search(text)
        and bool(_STARTS_OK.match(text))
        and not _NOT_STRUCTURE.search(text)
    )


def _body(text: str) -> str:
    """A paragraph's words without its final punctuation (the generator adds its own)."""
    text = " ".join(text.split())
    return re.sub(r"(?:[,;:.]|\s(?:and|or))+$", "", text).rstrip(" ,;:.")


def _operatives(doc: Document) -> list[Operative]:
    out: list[Operative] = []
    paragraphs = doc.paragraphs
    for index, para in enumerate(paragraphs):
        if para.kind is not ParaKind.OPERATIVE or para.restored or para.fragment or para.quoted:
            continue
        subs: list[tuple[str, list[str]]] = []
        for child in paragraphs[index + 1 :]:
            if child.kind is not ParaKind.SUB:
                break
            if child.depth == 1:
                subs.append((child.text, []))
            elif subs:
                subs[-1][1].append(child.text)
        text = para.text
        if subs and not text.rstrip().endswith(":"):
            subs = []
        if not _usable(text, 30):
            continue
        kept = tuple(
            (_body(s), tuple(_body(x) for x in xs if _usable(x, 15, 600)))
            for s, xs in subs
            if _usable(s, 15, 900)
        )
        if subs and len(kept) < 2:
            kept = ()
        out.append(Operative(_body(text), kept))
    return out


def _plain(para: Paragraph) -> bool:
    return not (para.restored or para.fragment or para.quoted) and _usable(para.text)


_OPENER = re.compile(r"^(?:\w+(?:ing|ed)|Aware|Mindful|Conscious|Deeply|Gravely|Further|Bearing|Having|Keenly)\b")
"""A preambular paragraph opens with a participle or an adjective ("Recalling", "Aware")."""


@functools.cache
def harvest() -> Pools:
    """Parse the seeds and the real corpus once and keep the reusable text, in a stable order."""
    preambular: dict[str, None] = {}
    operative: dict[Operative, None] = {}
    numbered: dict[str, None] = {}
    notes: dict[str, None] = {}
    titles: dict[str, None] = {}
    headings: dict[str, None] = {}
    for folder in HARVEST:
        for doc in load_corpus(folder).documents:
            for para in doc.paragraphs:
                if para.kind is ParaKind.PREAMBULAR and _plain(para) and _OPENER.match(para.text):
                    preambular[_body(para.text)] = None
                elif para.kind is ParaKind.NUMBERED and _plain(para) and len(para.text) >= 120:
                    numbered[_body(para.text)] = None
            for op in _operatives(doc):
                operative[op] = None
            for note in doc.footnotes:
                text = " ".join(note.text.split())
                if 4 <= len(text) <= 400 and not text.startswith(("Ibid", "Id.")) and not _MARKUP.search(text):
                    notes[text] = None
            if doc.meta.title and _usable(doc.meta.title, 8, 150) and not doc.meta.title.endswith("."):
                titles[doc.meta.title] = None
            for block in doc.blocks:
                text = getattr(block, "text", "")
                if type(block).__name__ == "Heading" and _usable(text, 8, 90) and not text.endswith("."):
                    headings[text] = None
    return Pools(
        tuple(preambular), tuple(operative), tuple(numbered), tuple(notes), tuple(titles), tuple(headings)
    )


# --------------------------------------------------------------------------- the plan
@dataclass
class Planned:
    """One document to generate: its identity, fixed before any text is written."""

    kind: str
    """ga, ecosoc, sc, hrc or report."""
    date: datetime.date
    topic: str
    symbol: str = ""
    number: str = ""
    session: int = 0
    meeting: int = 0
    agenda: int = 0
    markdown: bool = True


@dataclass(frozen=True)
class Expected:
    """What the parser must find in a generated document."""

    file: str
    symbol: str
    body: str
    kind: str
    date: str
    title: str | None
    preambular: int
    operative: int
    subs: int
    numbered: int
    notes: int
    cites: tuple[str, ...] = field(default=())
    """Symbols of the earlier generated documents this one cites."""


BODY = {
    "ga": "General Assembly",
    "ecosoc": "Economic and Social Council",
    "sc": "Security Council",
    "hrc": "Human Rights Council",
    "report": "General Assembly",
}
SHARES = (("ga", 40), ("report", 18), ("sc", 15), ("ecosoc", 14), ("hrc", 13))
FIRST_YEAR, LAST_YEAR = 1990, 2025
HRC_START = datetime.date(2006, 6, 19)


def plan(n: int, rng: random.Random, topics: tuple[str, ...]) -> list[Planned]:
    """Kinds and dates of ``n`` documents, then symbols numbered in date order (so they agree)."""
    kinds = [k for k, share in SHARES for _ in range(share)]
    docs: list[Planned] = []
    for _ in range(n):
        kind = rng.choice(kinds)
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        month = {
            "ga": rng.choice((9, 10, 11, 12, 12, 12, 12, 3, 6)),
            "report": rng.choice((7, 7, 8, 8, 9)),
            "ecosoc": rng.choice((2, 4, 5, 7, 7, 7, 7)),
        }.get(kind, rng.randint(1, 12))
        date = datetime.date(year, month, rng.randint(1, 28))
        if kind == "hrc" and date < HRC_START:
            kind = "ga"
            date = datetime.date(year, 12, date.day)
        docs.append(Planned(kind, date, rng.choice(topics), markdown=rng.random() < 0.5))
    docs.sort(key=lambda d: (d.date, d.kind))
    counters: dict[tuple[str, int], int] = {}
    sc_number, sc_meeting = 700, 3000
    for doc in docs:
        year = doc.date.year
        if doc.kind == "ga":
            doc.session = year - 1945 if doc.date.month >= 9 else year - 1946
            key = ("ga", doc.session)
            counters[key] = counters.get(key, 0) + 1
            doc.number = f"{doc.session}/{counters[key]}"
            doc.symbol = f"A/RES/{doc.number}"
            doc.meeting = 30 + counters[key] // 3
        elif doc.kind == "report":
            doc.session = year - 1945
            key = ("report", doc.session)
            counters[key] = counters.get(key, 0) + 1
            doc.number = str(100 + counters[key])
            doc.symbol = f"A/{doc.session}/{doc.number}"
        elif doc.kind == "ecosoc":
            key = ("ecosoc", year)
            counters[key] = counters.get(key, 0) + 1
            doc.number = f"{year}/{counters[key]}"
            doc.symbol = f"E/RES/{doc.number}"
            doc.meeting = 10 + counters[key] // 2
        elif doc.kind == "sc":
            sc_number += 1
            sc_meeting += 1 + sc_number % 3
            doc.number = f"{sc_number} ({year})"
            doc.symbol = f"S/RES/{doc.number}"
            doc.meeting = sc_meeting
        else:
            doc.session = 3 * (year - 2006) + (1 if doc.date.month <= 4 else 2 if doc.date.month <= 8 else 3)
            key = ("hrc", doc.session)
            counters[key] = counters.get(key, 0) + 1
            doc.number = f"{doc.session}/{counters[key]}"
            doc.symbol = f"A/HRC/RES/{doc.number}"
            doc.meeting = 20 + counters[key] // 4
        doc.agenda = 60 + sum(map(ord, doc.topic)) % 90
    return docs


# --------------------------------------------------------------------------- writing
class Writer:
    """Writes one document: paragraphs with note markers, then the notes."""

    def __init__(self, planned: Planned, rng: random.Random, pools: Pools, note_start: int) -> None:
        self.doc = planned
        self.rng = rng
        self.pools = pools
        self.next_note = note_start
        self.notes: list[tuple[int, str]] = []
        self.lines: list[str] = []

    def marker(self, number: int) -> str:
        """A note marker in this document's style."""
        return f"<sup>{number}</sup>" if self.doc.markdown else str(number).translate(SUPERSCRIPTS)

    def note(self, text: str) -> str:
        """Add a note; return its marker."""
        number = self.next_note
        self.next_note += 1
        self.notes.append((number, text))
        return self.marker(number)

    def maybe_note(self, probability: float) -> str:
        """A marker for a random note from the pool, sometimes."""
        if self.rng.random() < probability:
            return self.note(self.rng.choice(self.pools.notes))
        return ""

    def opener(self, text: str) -> str:
        """Italicise the opening word(s) in the Markdown style (the UN's typography)."""
        if not self.doc.markdown:
            return text
        first, _, rest = text.partition(" ")
        return f"*{first}* {rest}" if rest else text

    def para(self, text: str) -> None:
        """A paragraph, then a blank line."""
        self.lines.extend((text, ""))

    def block(self, *lines: str) -> None:
        """Lines that belong together (masthead cells), then a blank line."""
        if self.doc.markdown:
            self.lines.extend([f"{line}  " for line in lines[:-1]] + [lines[-1], ""])
        else:
            self.lines.extend((*lines, ""))

    def finish(self) -> str:
        """The document's text with its notes at the end."""
        if self.notes:
            if self.doc.markdown:
                self.lines.extend(("---", ""))
            for number, text in self.notes:
                self.para(f"{self.marker(number)} {text}")
        return "\n".join(self.lines).rstrip() + "\n"


def citation(cited: Planned, citing: Planned) -> str:
    """ "its resolution 61/144 of 19 December 2006" / "Security Council resolution 827 (1993) of ..."."""
    own = cited.kind == citing.kind or (cited.kind == "ga" and citing.kind == "report")
    who = "its" if own and citing.kind != "report" else BODY[cited.kind]
    return f"{who} resolution {cited.number} of {human(cited.date)}"


@dataclass
class Earlier:
    """The documents dated before the one being written (only those may be cited)."""

    resolutions: list[Planned] = field(default_factory=list)
    reports: list[Planned] = field(default_factory=list)
    security_council: list[Planned] = field(default_factory=list)
    latest: dict[tuple[str, str], Planned] = field(default_factory=dict)
    """(topic, "resolution" or "report") -> the latest such document."""

    def add(self, doc: Planned) -> None:
        """Make ``doc`` citable."""
        kind = "report" if doc.kind == "report" else "resolution"
        (self.reports if kind == "report" else self.resolutions).append(doc)
        if doc.kind == "sc":
            self.security_council.append(doc)
        self.latest[(doc.topic, kind)] = doc


def write(planned: Planned, earlier: Earlier, rng: random.Random, pools: Pools) -> tuple[str, Expected]:
    """The source text of one planned document and what the parser must find in it."""
    resolutions, reports = earlier.resolutions, earlier.reports
    if planned.kind == "sc":
        # The Security Council recalls its own resolutions.
        resolutions = earlier.security_council
    cites: list[Planned] = []
    same_topic = earlier.latest.get((planned.topic, "resolution"))
    if same_topic is not None and (planned.kind != "sc" or same_topic.kind == "sc"):
        cites.append(same_topic)
    for _ in range(rng.choice((0, 1, 1, 2))):
        if resolutions:
            pick = resolutions[rng.randrange(max(0, len(resolutions) - 400), len(resolutions))]
            if pick not in cites:
                cites.append(pick)
    report = earlier.latest.get((planned.topic, "report"))
    if report is None and reports and rng.random() < 0.5:
        report = reports[rng.randrange(max(0, len(reports) - 200), len(reports))]
    start = rng.randint(20, 80) if planned.kind == "ecosoc" and rng.random() < 0.3 else 1
    w = Writer(planned, rng, pools, start)
    if planned.kind == "report":
        counts = _report(w, cites, report)
    else:
        counts = _resolution(w, cites, report)
    cited = tuple(sorted({d.symbol for d in cites} | ({report.symbol} if report else set())))
    expected = Expected(
        file="",
        symbol=planned.symbol,
        body=BODY[planned.kind] if planned.kind != "report" else "General Assembly",
        kind="report" if planned.kind == "report" else "resolution",
        date=planned.date.isoformat(),
        title=None if planned.kind == "sc" else planned.topic,
        notes=len(w.notes),
        cites=cited,
        **counts,
    )
    return w.finish(), expected


def _masthead(w: Writer) -> None:
    d = w.doc
    date = human(d.date)
    title = f"{d.number}. {d.topic}"
    if d.kind == "ga":
        committee = w.rng.choice(COMMITTEES)
        distributed = human(d.date + datetime.timedelta(days=w.rng.randint(20, 60)))
        w.block("General Assembly" if not d.markdown else "# General Assembly")
        w.block("Distr.: General", distributed)
        w.block(
            f"**{ordinal_word(d.session)} session**" if d.markdown else f"{ordinal_word(d.session)} session",
            f"Agenda item {d.agenda}",
        )
        w.block(("## " if d.markdown else "") + "Resolution adopted by the General Assembly")
        w.block(f"[on the report of the {committee} Committee (A/{d.session}/{400 + d.agenda})]")
        w.block(("### " if d.markdown else "") + title)
    elif d.kind == "hrc":
        w.block("United Nations", d.symbol)
        w.block("General Assembly", "Distr.: General", human(d.date + datetime.timedelta(days=10)))
        w.block("Human Rights Council", f"{ordinal_word(d.session)} session", f"Agenda item {d.agenda % 10 + 1}")
        w.block(f"Resolution adopted by the Human Rights Council on {date}")
        w.block(title)
    elif d.kind == "sc":
        w.block(f"Resolution {d.number}")
        w.block(f"Adopted by the Security Council at its {ordinal_suffix(d.meeting)} meeting, on {date}")
    else:
        w.block(title)


def _closing(w: Writer) -> None:
    d = w.doc
    if d.kind == "ga":
        w.block(f"{ordinal_suffix(d.meeting)} plenary meeting", human(d.date))
    elif d.kind == "ecosoc":
        w.block(f"{ordinal_suffix(d.meeting)} plenary meeting", human(d.date))
    elif d.kind == "hrc":
        w.block(f"{ordinal_suffix(d.meeting)} meeting", human(d.date))
        w.block("[Adopted without a vote.]")


def _resolution(w: Writer, cites: list[Planned], report: Planned | None) -> dict[str, int]:
    rng, pools, d = w.rng, w.pools, w.doc
    _masthead(w)
    formula = f"The {BODY[d.kind]},"
    w.block(f"*{formula}*" if d.markdown else formula)
    size = {"sc": (3, 9, 3, 10), "ecosoc": (4, 12, 3, 14), "hrc": (5, 16, 6, 22), "ga": (5, 18, 6, 28)}[d.kind]
    preambles = [f"{rng.choice(('Recalling', 'Reaffirming'))} {citation(c, d)}" for c in cites]
    preambles += [rng.choice(pools.preambular) for _ in range(rng.randint(size[0], size[1]))]
    order = preambles[: len(cites)] + rng.sample(preambles[len(cites) :], len(preambles) - len(cites))
    if report is not None:
        order.insert(len(cites), "Taking note of the report of the Secretary-General")
    report_note = False
    for text in order:
        if text.startswith("Taking note of the report of the Secretary-General") and report is not None:
            marker = w.note(f"{report.symbol}.")
            report_note = True
            w.para(w.opener(text) + "," + marker)
            continue
        w.para(w.opener(text) + "," + w.maybe_note(0.25))
    operatives = [rng.choice(pools.operative) for _ in range(rng.randint(size[2], size[3]))]
    if report is not None and not report_note:
        operatives.insert(0, Operative(f"Takes note of the report of the Secretary-General ({report.symbol})"))
    subs = 0
    for number, op in enumerate(operatives, 1):
        last = number == len(operatives)
        if op.subs:
            w.para(f"{number}. {w.opener(op.text)}:{w.maybe_note(0.1)}")
            for index, (sub, subsubs) in enumerate(op.subs):
                final = index == len(op.subs) - 1
                tail = ":" if subsubs else ("." if final and last else ";")
                w.para(f"({LETTERS[index]}) {sub}{tail}")
                subs += 1
                for k, subsub in enumerate(subsubs):
                    end = "." if final and last and k == len(subsubs) - 1 else ";"
                    w.para(f"({SUB_ROMAN[k]}) {subsub}{end}")
                    subs += 1
        else:
            w.para(f"{number}. {w.opener(op.text)}{'.' if last else ';'}{w.maybe_note(0.15)}")
    _closing(w)
    return {"preambular": len(order), "operative": len(operatives), "subs": subs, "numbered": 0}


def _report(w: Writer, cites: list[Planned], report: Planned | None) -> dict[str, int]:
    rng, pools, d = w.rng, w.pools, w.doc
    issued = human(d.date)
    w.block("United Nations", d.symbol)
    w.block("General Assembly", "Distr.: General", issued)
    w.block("Original: English")
    w.block(f"{ordinal_word(d.session)} session", f"Agenda item {d.agenda} {AGENDA[d.agenda % len(AGENDA)]}")
    w.block(d.topic, "Report of the Secretary-General")
    w.block("Summary")
    basis = [citation(c, d) for c in cites]
    if basis:
        summary = f"Pursuant to {basis[0][0].upper()}{basis[0][1:]}, the present report provides information"
    else:
        summary = "The present report provides information"
    w.para(f"{summary} on {d.topic[0].lower()}{d.topic[1:]}.")
    number = 0
    sections = rng.randint(2, 6)
    headings = ["Introduction", *rng.sample(pools.headings, min(len(pools.headings), sections - 1))]
    for index, heading in enumerate(headings):
        w.para(f"{ROMAN[index]}. {heading}")
        for _ in range(rng.randint(2, 9)):
            number += 1
            text = rng.choice(pools.numbered)
            if number == 2 and report is not None:
                text = f"The previous report of the Secretary-General ({report.symbol}) remains relevant"
            elif number == 3 and len(basis) > 1:
                others = ", ".join(basis[1:-1])
                text = f"See also {others} and {basis[-1]}" if others else f"See also {basis[1]}"
            w.para(f"{number}. {text}.{w.maybe_note(0.2)}")
    return {"preambular": 0, "operative": 0, "subs": 0, "numbered": number}


def file_name(planned: Planned) -> str:
    """ "A/RES/57/176" -> "a-res-57-176.md" (".txt" for the plain style)."""
    stem = re.sub(r"[^a-z0-9]+", "-", planned.symbol.lower()).strip("-")
    return f"{stem}.{'md' if planned.markdown else 'txt'}"


def generate(n: int, out: Path, seed: int = 1) -> list[Expected]:
    """Write ``n`` documents (and some sidecars) into ``out``; return what each must parse to."""
    rng = random.Random(seed)
    pools = harvest()
    out.mkdir(parents=True, exist_ok=True)
    planned = plan(n, rng, pools.titles)
    expected: list[Expected] = []
    earlier = Earlier()
    pending: list[Planned] = []
    for doc in planned:
        while pending and pending[0].date < doc.date:
            earlier.add(pending.pop(0))
        text, exp = write(doc, earlier, random.Random(f"{seed}:{doc.symbol}"), pools)
        pending.append(doc)
        name = file_name(doc)
        (out / name).write_text(text, encoding="utf-8")
        if rng.random() < 0.33:
            (out / name).with_suffix(".yml").write_text(
                f"# Synthetic document (tests/bench/synth.py, seed {seed}).\n"
                f"provenance: synthetic, recombined from the seeds and tests/corpus (seed {seed})\n",
                encoding="utf-8",
            )
        expected.append(Expected(**{**exp.__dict__, "file": name}))
    return expected


def verify(folder: Path, expected: list[Expected]) -> dict[str, list[str]]:
    """Parse ``folder`` and compare with ``expected``: file -> what differs (empty when all agree).

    Warnings count as differences: a generated document must parse cleanly.
    """
    corpus = load_corpus(folder)
    by_source = {d.source: d for d in corpus.documents}
    problems: dict[str, list[str]] = {}
    for item in corpus.diagnostics:
        problems.setdefault(item.source, []).append(f"{item.line}: {item.message}")
    for exp in expected:
        doc = by_source.get(exp.file)
        found: list[str] = []
        if doc is None:
            problems.setdefault(exp.file, []).append("not parsed")
            continue
        kinds = {k: sum(1 for p in doc.paragraphs if p.kind is k) for k in ParaKind}
        got = {
            "symbol": doc.meta.symbol,
            "body": doc.meta.body,
            "kind": doc.meta.kind,
            "date": doc.meta.date,
            "title": doc.meta.title,
            "preambular": kinds[ParaKind.PREAMBULAR],
            "operative": kinds[ParaKind.OPERATIVE],
            "subs": kinds[ParaKind.SUB],
            "numbered": kinds[ParaKind.NUMBERED],
            "notes": len(doc.footnotes),
        }
        found += [f"{k}: expected {getattr(exp, k)!r}, parsed {v!r}" for k, v in got.items() if getattr(exp, k) != v]
        found += [f"{d.line}: {d.message}" for d in doc.diagnostics]
        if found:
            problems.setdefault(exp.file, []).extend(found)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tests.bench.synth N OUT_DIR [--seed S]``."""
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("n", type=int, help="number of documents")
    args.add_argument("out", type=Path, help="output folder (created)")
    args.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ns = args.parse_args(argv)
    generate(ns.n, ns.out, ns.seed)
    print(f"{ns.n} documents in {ns.out}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
