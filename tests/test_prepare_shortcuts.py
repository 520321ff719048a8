"""The shortcuts of recognition and topic tagging agree with the full rules they stand for.

Each shortcut (a substring test before a search, a look-behind checked outside the regex,
instrument names found once per document, topics ruled out by the words their terms need)
is compared with the rule it replaces, on every text of ``source/`` and ``tests/corpus/`` and
on texts made so that the shortcut must not skip.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from build_scripts import references
from build_scripts.corpus import load_corpus
from build_scripts.instruments import _WORD_OR_HYPHEN, finditer_after, load_registry, search_after
from build_scripts.link import _names_within, _one_anchor, _organ, _own_kind, linkable, paragraph_paths, recognise
from build_scripts.model import Document, Footnote, Paragraph, Topic, plain_text
from build_scripts.references import Context, find_mentions, may_contain
from build_scripts.topics import _FOLD, Matcher, Needs, Tagger, TextWords, load_taxonomy, matchers, tag_text

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def documents() -> tuple[Document, ...]:
    return tuple(d for folder in ("source", "tests/corpus") for d in load_corpus(ROOT / folder).documents)


@functools.cache
def texts() -> tuple[str, ...]:
    """Every linkable text of the real corpus, and the whole text of each document."""
    out = [plain_text(item.content) for d in documents() for item in linkable(d)]
    out += [" ".join(b.text for b in d.blocks) for d in documents()]
    return tuple(out)


# --------------------------------------------------------------------------- look-behind outside the regex
MADE = (
    "the Convention against Torture",
    "pre-Convention against Torture; xCharter; -Charter of the United Nations",
    "Charter of the United Nations and the Charter",
    "A/RES/57/176, /A/57/170, .A/57/170, xA/57/170, E/CN.4/Sub.2/1998/45 and Corr.1",
    "Relationship Agreement of 1996, Relationship Agreement",
)


def _with_lookbehind(pattern: re.Pattern[str], refused: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(f"(?<!{refused.pattern})(?:{pattern.pattern})", pattern.flags)


@pytest.mark.parametrize(
    ("name", "pattern", "refused"),
    [
        ("first words", load_registry()._first, _WORD_OR_HYPHEN),
        ("short forms", load_registry()._short_re, _WORD_OR_HYPHEN),
        ("symbols", references._SYMBOL_RE, references._SYMBOL_BEFORE),
    ],
)
def test_finditer_after_finds_what_the_lookbehind_finds(
    name: str, pattern: re.Pattern[str] | None, refused: re.Pattern[str]
) -> None:
    assert pattern is not None
    full = _with_lookbehind(pattern, refused)
    for text in (*texts(), *MADE):
        expected = [m.span() for m in full.finditer(text)]
        assert [m.span() for m in finditer_after(pattern, text, refused)] == expected, (name, text)
        for pos in range(0, len(text), max(1, len(text) // 5)):  # from other places, looking before them too
            a, b = search_after(pattern, text, pos, refused), full.search(text, pos)
            assert (a and a.span()) == (b and b.span()), (name, text, pos)


def test_a_refused_character_before_a_match_is_skipped_and_the_next_place_found() -> None:
    registry = load_registry()
    found = registry.full_matches("pre-Convention against Torture; the Convention against Torture")
    assert [start for start, _, _ in found] == [36]  # the first is preceded by a hyphen
    symbols = [m.target for m in references._symbols("xA/57/170 and A/57/171", registry)]
    assert symbols == ["A/57/171"]


# --------------------------------------------------------------------------- substring tests
NEEDLES = (
    (references._WORD, references._WORD_NEEDS),
    (references._PARA, references._PARA_NEEDS),
    (references._ARTICLE, references._ARTICLE_NEEDS),
)
MUST_SEARCH = (
    "Resolution 44/25",
    "decisions 1/2 and 1/3",
    "draft resolution A/C.3/57/L.1",
    "Paras. 3-5",
    "para. 2",
    "subparagraph (a)",
    "Subparagraphs (a) and (b)",
    "paragraph 8 above",
    "Article 6",
    "articles 3 (2)",
)


@pytest.mark.parametrize(("pattern", "needles"), NEEDLES)
def test_every_match_contains_a_needle(pattern: re.Pattern[str], needles: tuple[str, ...]) -> None:
    for text in (*texts(), *MUST_SEARCH):
        for match in pattern.finditer(text):
            assert may_contain(match.group(0), needles), match.group(0)


@pytest.mark.parametrize("text", MUST_SEARCH)
def test_a_text_with_a_reference_is_searched(text: str) -> None:
    assert any(pattern.search(text) for pattern, _ in NEEDLES)
    for pattern, needles in NEEDLES:
        assert may_contain(text, needles) or not pattern.search(text)


def test_a_text_without_a_needle_is_not_searched() -> None:
    assert not may_contain("The General Assembly, recalling its previous work,", references._WORD_NEEDS)


# --------------------------------------------------------------------------- names found once per document
def _recognise_item_by_item(doc: Document) -> tuple[tuple[references.Mention, ...], ...]:
    """recognise as it was: each item's text scanned alone for instrument names."""
    registry = load_registry()
    whole = " ".join([m.text for m in doc.masthead] + [b.text for b in doc.blocks] + [n.text for n in doc.footnotes])
    enabled = registry.named_in(whole)
    table = paragraph_paths(doc)
    base = Context(_organ(doc), doc.meta.date, _own_kind(doc), lambda path: _one_anchor(table, path), named=enabled)
    found, previous = [], ()
    for item in linkable(doc):
        if isinstance(item, Paragraph):
            context = Context(**{**base.__dict__, "current": item.anchor})
        elif isinstance(item, Footnote):
            context = Context(**{**base.__dict__, "is_note": True, "previous_note": previous})
        else:
            context = base
        mentions = tuple(find_mentions(plain_text(item.content), context, registry, enabled))
        if isinstance(item, Footnote) and mentions:
            previous = mentions
        found.append(mentions)
    return tuple(found)


def test_recognise_finds_what_scanning_each_item_alone_finds() -> None:
    for doc in documents():
        assert recognise(doc) == _recognise_item_by_item(doc), doc.id


def test_a_name_across_two_items_makes_them_scanned_alone() -> None:
    registry = load_registry()
    title = "Convention against Transnational Organized Crime"
    first = "the United Nations Convention against"
    second = "Transnational Organized Crime, and the Charter of the United Nations"
    whole = f"{first} {second}"
    full = registry.full_matches(whole)
    assert any(phrase.endswith(title) for _, _, phrase in full)  # found across the join
    starts = [s for s, _, _ in full]
    assert _names_within(full, starts, 0, len(first)) is None
    assert _names_within(full, starts, len(first) + 1, len(whole)) is None
    # A name wholly inside an item is given from the item's start, as scanning it alone finds it.
    inside = _names_within(full, starts, 0, len(whole))
    assert inside == registry.full_matches(whole)
    alone = registry.full_matches(second)
    assert alone[-1][2] == "Charter of the United Nations"
    later = f"{second} {first}"
    full = registry.full_matches(later)
    assert _names_within(full, [s for s, _, _ in full], 0, len(second)) == alone


# --------------------------------------------------------------------------- topics
def _every_matcher(text: str, compiled: tuple[Matcher, ...]) -> tuple[object, ...]:
    """The full rule: every topic's regular expressions search the text."""
    return tuple(tag for m in compiled if (tag := m.tag(text)) is not None)


def topic(terms: list[str], exclude: list[str] | None = None, topic_id: str = "t") -> Topic:
    return Topic(topic_id, topic_id.title(), None, None, "A test topic.", tuple(terms), tuple(exclude or ()))


def test_the_index_rules_out_only_topics_that_cannot_match_real_paragraphs() -> None:
    compiled = matchers(load_taxonomy())
    tagger = Tagger(compiled)
    checked = 0
    for doc in documents():
        for para in doc.paragraphs:
            assert tagger.tags(para.text) == _every_matcher(para.text, compiled), para.text
            checked += 1
    assert checked > 1000


CRC = "Convention on the Rights of the Child"


@pytest.mark.parametrize(
    ("terms", "exclude", "text"),
    [
        (["shelter*"], [], "SHELTERS for victims"),
        (["shelter*"], [], "\u017fhelters (a long s matches s)"),  # ſ
        (["internet"], [], "the \u0130NTERNET"),  # İ
        (["kafala"], [], "\u212aAFALA"),  # the Kelvin sign
        (["non-governmental organization*"], [], "Non-Governmental\nOrganizations"),
        (["re-integrat*"], [], "re-integration of victims"),
        (["children\u2019s fund"], [], "the Children\u2019s Fund"),
        (["caf\u00e9"], [], "a CAF\u00c9 (a term outside ASCII is always searched)"),
        (["child*"], [CRC], f"the {CRC}"),
        (["child*"], [CRC], f"children and the {CRC}"),
        (["protection of victims"], [], "protection of the victims"),  # the words, not the phrase
    ],
)
def test_a_topic_that_can_match_is_searched(terms: list[str], exclude: list[str], text: str) -> None:
    compiled = matchers([topic(terms, exclude)])
    assert tag_text(text, compiled) == _every_matcher(text, compiled)
    matcher = compiled[0]
    assert matcher.tag(text, TextWords(text)) == matcher.tag(text)


def test_a_term_needs_its_words_and_the_beginnings_its_stars_end() -> None:
    needs = Needs.of("prevent* illicit international trafficking")
    assert needs == Needs(frozenset({"illicit", "international", "trafficking"}), ("prevent",))
    assert Needs.of("non-governmental organization*") == Needs(frozenset({"non", "governmental"}), ("organization",))
    assert Needs.of("caf\u00e9") is None
    words = TextWords("Preventing illicit international trafficking")
    assert needs.met(words)
    assert not needs.met(TextWords("illicit international trafficking"))


def test_a_text_without_the_words_is_not_searched() -> None:
    protection = topic(["protection of victims"], topic_id="protection")
    compiled = matchers([protection, topic(["shelter*"], topic_id="shelter")])
    tagger = Tagger(compiled)
    assert [m.topic for m in tagger.candidates(TextWords("protection of witnesses"))] == []
    assert [m.topic for m in tagger.candidates(TextWords("protection of the victims in shelters"))] == [
        "protection",
        "shelter",
    ]


def test_folding_agrees_with_case_insensitive_matching_for_every_character() -> None:
    """A character matches an ASCII letter or digit ignoring case exactly when it folds to it."""
    ascii_word = re.compile(r"[0-9a-z_]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        folded = char.translate(_FOLD).lower()
        assert len(folded) == 1, hex(code)  # the words of a text stay where they were
        assert (char.isalnum() or char == "_") == (folded.isalnum() or folded == "_"), hex(code)
        if ascii_word.fullmatch(char):
            same = [a for a in "0123456789abcdefghijklmnopqrstuvwxyz_" if re.fullmatch(a, char, re.IGNORECASE)]
            assert same == [folded], hex(code)
