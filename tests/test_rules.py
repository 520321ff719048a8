"""One behaviour per test: the cleaning, block, inline, masthead and parsing rules."""

from __future__ import annotations

from textwrap import dedent

import pytest

from build_scripts.blocks import ends_sentence, split_blocks
from build_scripts.clean import NotText, clean, decode, normalise_line
from build_scripts.inline import NoteCounter, parse_inline
from build_scripts.masthead import (
    closing_line,
    derive_symbol,
    enacting_formula,
    iso_date,
    masthead_fact,
    resolution_title,
)
from build_scripts.model import Emphasis, Heading, Link, NoteRef, Paragraph, Text
from build_scripts.parse import parse_document
from build_scripts.typography import italicise_lead


def parse(text: str) -> list[tuple[str, str]]:
    doc = parse_document("t.txt", dedent(text).encode())
    return [(b.anchor, b.text) for b in doc.blocks]


# --------------------------------------------------------------------------- clean
def test_decode_utf8_bom_utf16_and_cp1252() -> None:
    assert decode("“x”".encode("utf-8-sig")) == ("“x”", "utf-8-sig")
    assert decode("“x”".encode("utf-16"))[0] == "“x”"
    assert decode("“x” é".encode("cp1252")) == ("“x” é", "cp1252")


def test_binary_data_is_refused() -> None:
    with pytest.raises(NotText):
        decode(bytes(range(256)) * 4)


def test_odd_spaces_and_controls_are_normalised() -> None:
    assert normalise_line("Distr.:\u00a0General\u200b\x07  ") == "Distr.: General"


def test_form_feeds_and_rules_are_removed_and_listed() -> None:
    cleaned = clean(b"one\n\x0ctwo\n---\n__________\nthree\n")
    assert cleaned.lines == ("one", "two", "", "", "three")
    assert [(r.line, r.reason) for r in cleaned.removals] == [
        (2, "form feed (page break)"),
        (3, "separator rule"),
        (4, "separator rule"),
    ]


def test_table_of_contents_needs_entries() -> None:
    toc = clean(b"Contents\n\nI.\tIntroduction\t1-5\t3\nII.\tMeasures\t6-7\t3\n\nI. Introduction\n")
    assert [r.line for r in toc.removals] == [1, 3, 4]
    assert toc.lines[5] == "I. Introduction"
    # "Contents" followed by prose is not a table of contents.
    assert clean(b"Contents\n\nThe contents of the report are as follows.\n").removals == ()


# --------------------------------------------------------------------------- blocks
def test_blank_lines_separate_blocks_and_wrapped_lines_join() -> None:
    blocks = split_blocks(("first line", "wrapped", "", "second"))
    assert [(b.lines, b.text) for b in blocks] == [((1, 2), "first line wrapped"), ((3 + 1,), "second")]


def test_numbered_line_after_a_finished_sentence_starts_a_block() -> None:
    blocks = split_blocks(("1. Takes note of the report;", "2. Welcomes the steps"))
    assert len(blocks) == 2


def test_numbered_line_inside_a_sentence_does_not_start_a_block() -> None:
    blocks = split_blocks(("as set out in paragraph", "(a) and (b) of the annex"))
    assert len(blocks) == 1


@pytest.mark.parametrize(
    ("line", "comma", "expected"),
    [
        ("the Secretary-General;<sup>23</sup>", True, True),
        ("were not penalized.3", True, True),
        ("in particular the", True, False),
        ("including trafficking in human beings,", False, False),
        ("Recalling its resolution 1996/26,", True, True),
    ],
)
def test_ends_sentence(line: str, comma: bool, expected: bool) -> None:
    assert ends_sentence(line, comma) is expected


# --------------------------------------------------------------------------- inline
def test_markers_in_three_forms() -> None:
    counter = NoteCounter(frozenset({"3", "23", "80"}))
    spans = parse_inline("a<sup>23</sup> b⁸⁰ c penalized.3 d", counter)
    assert [s.number for s in spans if isinstance(s, NoteRef)] == ["23", "80", "3"]


def test_bare_digit_is_a_marker_only_when_the_note_exists() -> None:
    spans = parse_inline("in 1998.5 and Italy.6", NoteCounter(frozenset({"6"})))
    assert [s.number for s in spans if isinstance(s, NoteRef)] == ["6"]
    assert spans[0] == Text("in 1998.5 and Italy.")


def test_repeated_reference_gets_numbered_anchor() -> None:
    counter = NoteCounter(frozenset({"7"}))
    spans = parse_inline("x<sup>7</sup> y<sup>7</sup>", counter)
    assert [s.anchor for s in spans if isinstance(s, NoteRef)] == ["fnref-7", "fnref-7-2"]


def test_missing_note_is_unresolved() -> None:
    counter = NoteCounter(frozenset())
    (ref,) = [s for s in parse_inline("x<sup>56</sup>", counter) if isinstance(s, NoteRef)]
    assert not ref.resolved and counter.missing == [("56", 0)]


def test_emphasis_and_links() -> None:
    spans = parse_inline("*Decides* and **bold** [site](http://example.org)")
    assert spans[0] == Emphasis((Text("Decides"),))
    assert isinstance(spans[2], Emphasis) and spans[2].strong
    assert spans[-1] == Link((Text("site"),), "http://example.org")


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "a * b * c", "[x](javascript:alert(1))", "`code` | x"])
def test_anything_else_stays_text(text: str) -> None:
    assert parse_inline(text) == (Text(text),)


# --------------------------------------------------------------------------- masthead
def test_masthead_facts() -> None:
    fact = masthead_fact("Fifty-third session Agenda item 103 Advancement of women")
    assert fact is not None and fact.values == {
        "session": "Fifty-third session",
        "item": "103",
        "itemtitle": "Advancement of women",
    }
    distr = masthead_fact("Distr.: General 21 September 1998")
    assert distr is not None and distr.values["distributed"] == "1998-09-21"
    assert masthead_fact("Strengthening international cooperation") is None


def test_dates_titles_formulas_and_closings() -> None:
    assert iso_date("on 3 Apri] 1991") is None  # OCR noise: no date is invented
    assert resolution_title("57/176. Trafficking in women and girls") == ("57/176", "Trafficking in women and girls")
    assert enacting_formula("“The General Assembly,") == "General Assembly"
    assert closing_line("44th plenary meeting 28 July 1998") == ("44th plenary meeting", "1998-07-28")
    assert closing_line("44th plenary meeting of the Council decided") is None


@pytest.mark.parametrize(
    ("number", "body", "kind", "symbol"),
    [
        ("57/176", "General Assembly", "resolution", "A/RES/57/176"),
        ("1998/20", "Economic and Social Council", "resolution", "E/RES/1998/20"),
        ("794 (1992)", "Security Council", "resolution", "S/RES/794 (1992)"),
        ("57/176", None, "resolution", None),
        ("57/512", "General Assembly", "decision", None),
    ],
)
def test_symbol_is_derived_only_from_stated_facts(number: str, body: str | None, kind: str, symbol: str | None) -> None:
    assert derive_symbol(number, body, kind) == symbol


# --------------------------------------------------------------------------- typography
def test_lead_is_italicised_unless_the_source_emphasises() -> None:
    spans = italicise_lead((Text("Also requests the Secretary-General"),))
    assert spans[0] == Emphasis((Text("Also requests"),), typographic=True)
    given = (Emphasis((Text("Decides"),)), Text(" that"))
    assert italicise_lead(given) == given


# --------------------------------------------------------------------------- parse
def test_preamble_then_operative() -> None:
    blocks = parse(
        """\
        The General Assembly,

        Recalling its resolution,

        1. Decides to act;

        (a) Soon;
        """
    )
    assert [a for a, _ in blocks] == ["formula", "pp-1", "op-1", "op-1-a"]


def test_page_split_paragraph_is_joined_across_notes() -> None:
    blocks = parse(
        """\
        The General Assembly,

        Considering that trafficking is of concern to the

        ⁸⁰ General Assembly resolution 44/25, annex.

        international community,⁸⁰
        """
    )
    assert blocks[1] == ("pp-1", "Considering that trafficking is of concern to the international community,")


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    items = "\n\n".join(f"({x}) Item;" for x in "abcdefghij")
    blocks = parse(f"The General Assembly,\n\n1. Decides:\n\n{items}\n")
    assert blocks[-2][0] == "op-1-i" and blocks[-1][0] == "op-1-j"


def test_roman_after_letter_nests() -> None:
    blocks = parse("The General Assembly,\n\n1. Decides:\n\n(a) To act by:\n\n(i) one;\n\n(ii) two;\n")
    assert [a for a, _ in blocks][-2:] == ["op-1-a-i", "op-1-a-ii"]


def test_unnumbered_report_paragraph_is_restored() -> None:
    doc = parse_document("r.txt", b"I. Introduction\n\nFirst paragraph.\n\n2. Second paragraph.\n")
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert [(p.anchor, p.restored) for p in paras] == [("para-1", True), ("para-2", False)]
    assert [d.code for d in doc.diagnostics] == ["number-restored"]


def test_short_numbered_line_out_of_sequence_is_a_heading() -> None:
    doc = parse_document(
        "r.txt", b"I. Bodies\n\n14. A paragraph.\n\n1. Working Group on Slavery\n\n15. Next paragraph.\n"
    )
    assert [type(b).__name__ for b in doc.blocks] == ["Heading", "Paragraph", "Heading", "Paragraph"]
    assert isinstance(doc.blocks[2], Heading) and doc.blocks[2].anchor == "sec-i-1"


def test_text_without_structure_is_kept_as_plain_paragraphs() -> None:
    doc = parse_document("x.txt", b"Just some words.\n\nAnd more words here.\n")
    assert [(b.anchor, b.text) for b in doc.blocks] == [
        ("text-1", "Just some words."),
        ("text-2", "And more words here."),
    ]
