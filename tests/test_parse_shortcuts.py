"""The parser's shortcuts give what the full rule gives.

Each speed-up of the parser (``tests/bench/parse_speed.py``) skips work that cannot change the
result: a text without markup characters is its own plain text, a number cannot be a note
marker where there are no notes, a line without odd characters only loses its trailing white
space, a line that does not open like a job number is not one. These tests hold each shortcut
to the rule it stands for, over generated text, so a later change to one side alone fails.
``python -m tests.bench.parse_identity check`` compares whole parse results.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts import furniture, inline
from build_scripts.blocks import SUPERSCRIPT_DIGITS, ends_sentence
from build_scripts.clean import _ODD, normalise_line
from build_scripts.inline import NoteCounter, parse_inline, strip_markup
from build_scripts.model import plain_text

SETTINGS = settings(max_examples=300, deadline=None)

# Pieces of UN text with every kind of inline markup and the numbers near it.
PIECES = st.sampled_from(
    [
        "the", "Review", "Spain", "penalized", "resolution", " ", "  ", "\t", ",", ".", ";", ":", "1", "3",
        "23", "2021", "07", "<sup>", "</sup>", "<sup>4</sup>", "<sup>b</sup>", "*", "**", "[",
        "]", "(http://un.org)", "](https://undocs.org/A/73/8)", "¹", "²³", "⁰", "”", '"', ")", "(", "-",
        "/", "A/73/L.8", "m3", "\u00a0",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@SETTINGS
@given(text=TEXTS, counted=st.booleans())
def test_without_notes_numbers_are_never_markers(text: str, counted: bool) -> None:
    # Where no note can be referred to, the tokens without the number branches are used.
    quick = parse_inline(text, NoteCounter(frozenset()) if counted else None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "_TOKEN_WITHOUT_NUMBERS", inline._TOKEN)
        full = parse_inline(text, NoteCounter(frozenset()) if counted else None)
    assert quick == full


@SETTINGS
@given(text=TEXTS)
def test_a_text_without_markup_characters_is_its_own_plain_text(text: str) -> None:
    assert strip_markup(text) == plain_text(parse_inline(text, NoteCounter(frozenset())))


def test_strip_markup_still_strips() -> None:
    assert (
        strip_markup("*Decides* to act;<sup>2</sup> see [the site](https://un.org)") == "Decides to act; see the site"
    )


@SETTINGS
@given(text=st.text())
def test_a_line_without_odd_characters_only_loses_trailing_white_space(text: str) -> None:
    if _ODD.search(text) is None:
        assert normalise_line(text) == text.rstrip()


@SETTINGS
@given(cell=st.from_regex(furniture._JOB, fullmatch=True) | st.from_regex(furniture._BARCODE, fullmatch=True))
def test_every_job_number_and_barcode_passes_the_first_test(cell: str) -> None:
    assert furniture._JOB_START.match(f"   {cell}   GE.25-11154 (E)")


# ends_sentence as it was before it ignored the indentation.
def _ends_sentence_reference(line: str, comma: bool = True) -> bool:
    stripped = re.sub(rf"(?:<sup>[^<]*</sup>|[{SUPERSCRIPT_DIGITS}*”’\"\)\]]|\s)+$", "", line)
    stripped = re.sub(r"(?<=[.;:,!?])\d{1,3}$", "", stripped)
    stripped = re.sub(r"(?<=[.;:,!?])\s\d{1,3}$", "", stripped)
    return stripped.endswith((".", ";", ":", "!", "?", ",") if comma else (".", ";", ":", "!", "?"))


@SETTINGS
@given(indent=st.sampled_from(["", " ", "      ", "\t "]), text=TEXTS, comma=st.booleans())
def test_indentation_never_changes_whether_a_line_ends_a_sentence(indent: str, text: str, comma: bool) -> None:
    line = indent + text
    assert ends_sentence(line, comma) == _ends_sentence_reference(line, comma)
