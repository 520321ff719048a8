"""Agreed language: shared runs of words between paragraphs of different documents.

Unit tests over made-up paragraphs (copies, edits, boilerplate, same document, thresholds,
determinism), the two known cases of the seed archive, a count of comparisons on a synthetic
corpus (never all pairs), and the rendering (marks, section, escaping, page size).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_scripts.agreed import (
    DEFAULT,
    Settings,
    collapse,
    find_agreed,
    fingerprints,
    name_table,
    registry_names,
    shared_run,
    with_agreed,
    words,
)
from build_scripts.archive import load_archive
from build_scripts.model import (
    AgreedLanguage,
    AgreedMatch,
    Corpus,
    Document,
    Metadata,
    NoteRef,
    Paragraph,
    ParaKind,
    Text,
)
from build_scripts.render.agreed import SECTION_BUDGET, AgreedRenderer, diff_html, paragraph_label, readable
from build_scripts.render.indexes import HOME
from build_scripts.render.page import document_page

from .conftest import ROOT, SOURCE, BuiltSite

NO_NAMES: dict[str, list[tuple[tuple[str, ...], str]]] = {}

COPIED = (
    "Encourages Governments to undertake campaigns aimed at clarifying opportunities, limitations and "
    "rights in the event of migration so as to enable women to make informed decisions"
)
BOILERPLATE = (
    "Requests the Secretary-General to submit a report to the General Assembly at its next session "
    "on the implementation of the present resolution"
)


def para(anchor: str, text: str, number: str | None = None, kind: ParaKind = ParaKind.OPERATIVE) -> Paragraph:
    number = number or anchor.rsplit("-", 1)[-1]
    return Paragraph(anchor, kind, f"{number}.", number, False, 0, (Text(text),), (1,))


def doc(doc_id: str, *paragraphs: Paragraph, date: str | None = None, symbol: str | None = None) -> Document:
    meta = Metadata(symbol=symbol, date=date, title=f"Document {doc_id}")
    return Document(doc_id, f"{doc_id}.txt", meta, (), tuple(paragraphs), (), None, (), (), 1)


def filler(rng: random.Random, n: int) -> str:
    """``n`` words that share no run of three with any other call (random syllables)."""
    return " ".join("".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(n))


def matches(agreed: AgreedLanguage, doc_id: str, anchor: str) -> list[tuple[str, str]]:
    found = agreed.get(doc_id, {}).get(anchor)
    return [(m.doc, m.anchor) for m in found.matches] if found else []


# --------------------------------------------------------------------------- words
def test_words_fold_case_drop_punctuation_and_keep_numbers() -> None:
    assert words("Recalling its resolution 1996/26, the Secretary-General’s report (A/53/409):") == [
        "recalling", "its", "resolution", "1996", "26", "the", "secretary", "general", "s", "report",
        "a", "53", "409",
    ]  # fmt: skip


def test_footnote_markers_are_not_words_of_the_paragraph() -> None:
    p = Paragraph("op-1", ParaKind.OPERATIVE, "1.", "1", False, 0, (Text("the Convention"), NoteRef("5", 1, True),
                  Text(" on the Rights")), (1,))  # fmt: skip
    assert words(p.text) == ["the", "convention", "on", "the", "rights"]


# --------------------------------------------------------------------------- matching
def test_an_exact_copy_is_found_on_both_sides() -> None:
    agreed, stats = find_agreed([doc("a", para("op-1", COPIED)), doc("b", para("para-7", COPIED))], names=NO_NAMES)
    n = len(words(COPIED))
    (there,) = agreed["a"]["op-1"].matches
    (here,) = agreed["b"]["para-7"].matches
    assert (there.doc, there.anchor, there.run, there.similarity) == ("b", "para-7", n, 1.0)
    assert (here.doc, here.anchor, here.run) == ("a", "op-1", n)
    assert there.opcodes == here.opcodes == (("equal", 0, n, 0, n),)
    # Identical texts are one group: matched without a diff.
    assert stats.comparisons == 0 and stats.pairs == 1


def test_a_copy_with_a_changed_word_shows_the_change() -> None:
    edited = COPIED.replace("undertake", "launch")
    agreed, _ = find_agreed([doc("a", para("op-1", COPIED)), doc("b", para("op-2", edited))], names=NO_NAMES)
    (m,) = agreed["a"]["op-1"].matches
    at = words(COPIED).index("undertake")
    assert ("replace", at, at + 1, at, at + 1) in m.opcodes
    assert m.run == len(words(COPIED)) - at - 1
    assert 0.9 < m.similarity < 1
    (back,) = agreed["b"]["op-2"].matches
    assert ("replace", at, at + 1, at, at + 1) in back.opcodes and back.run == m.run


def test_boilerplate_in_many_paragraphs_makes_no_match() -> None:
    rng = random.Random(7)
    docs = [doc(f"d{i:03}", para("op-1", f"{filler(rng, 6)} {BOILERPLATE} {filler(rng, 6)}")) for i in range(120)]
    agreed, stats = find_agreed(docs, names=NO_NAMES)
    assert agreed == {}
    assert stats.formula > 0
    assert stats.comparisons == 0


def test_a_real_copy_among_boilerplate_is_still_found() -> None:
    rng = random.Random(8)
    docs = [doc(f"d{i:03}", para("op-1", f"{BOILERPLATE} {filler(rng, 8)}")) for i in range(120)]
    docs[3] = doc("d003", para("op-1", BOILERPLATE), para("op-2", COPIED))
    docs[90] = doc("d090", para("op-5", f"{filler(rng, 4)} {COPIED}"))
    agreed, _ = find_agreed(docs, names=NO_NAMES)
    assert agreed.keys() == {"d003", "d090"}
    assert matches(agreed, "d003", "op-2") == [("d090", "op-5")]


def test_copies_of_one_text_are_compared_once_and_counted_all() -> None:
    """A paragraph repeated in 12 documents, and an edited copy: 5 kept, every match counted."""
    edited = COPIED.replace("undertake", "launch")
    docs = [doc(f"d{i:02}", para("op-1", COPIED)) for i in range(12)] + [doc("e", para("op-1", edited))]
    agreed, stats = find_agreed(docs, names=NO_NAMES)
    first = agreed["d00"]["op-1"]
    assert first.total == 12  # 11 copies and the edited one
    assert [m.doc for m in first.matches] == ["d01", "d02", "d03", "d04", "d05"]  # exact copies first
    assert first.matches[0].similarity == 1.0 and first.matches[0].opcodes == (("equal", 0, 26, 0, 26),)
    assert agreed["e"]["op-1"].total == 12 and len(agreed["e"]["op-1"].matches) == DEFAULT.keep
    assert stats.comparisons == 1  # the two distinct texts, once
    assert stats.pairs == 12 * 11 // 2 + 12


def test_a_text_copied_into_too_many_documents_is_formula() -> None:
    docs = [doc(f"d{i:03}", para("op-1", COPIED)) for i in range(DEFAULT.max_postings + 1)]
    docs.append(doc("e", para("op-1", COPIED.replace("undertake", "launch"))))
    agreed, _ = find_agreed(docs, names=NO_NAMES)
    assert agreed == {}


def test_a_copy_inside_one_document_only_is_no_match() -> None:
    agreed, stats = find_agreed([doc("a", para("op-1", COPIED), para("op-2", COPIED))], names=NO_NAMES)
    assert agreed == {} and stats.pairs == 0


def test_a_match_inside_the_same_document_is_excluded() -> None:
    agreed, stats = find_agreed([doc("a", para("op-1", COPIED), para("op-9", COPIED))], names=NO_NAMES)
    assert agreed == {}
    assert stats.comparisons == 0


@pytest.mark.parametrize("run", [DEFAULT.min_run - 1, DEFAULT.min_run, DEFAULT.min_run + 5])
def test_a_shared_run_counts_from_the_minimum_length(run: int) -> None:
    # Anywhere inside different text: the winnowed fingerprints must never miss a qualifying run.
    rng = random.Random(run)
    for trial in range(30):
        shared = filler(rng, run)
        a = f"{filler(rng, rng.randrange(0, 30))} {shared} {filler(rng, rng.randrange(0, 30))}"
        b = f"{filler(rng, rng.randrange(0, 30))} {shared} {filler(rng, rng.randrange(0, 30))}"
        agreed, _ = find_agreed([doc("a", para("op-1", a)), doc("b", para("op-1", b))], names=NO_NAMES)
        expected = [("b", "op-1")] if run >= DEFAULT.min_run else []
        assert matches(agreed, "a", "op-1") == expected, (trial, a, b)


def test_matches_are_ordered_best_first() -> None:
    base = words(COPIED)
    shorter = " ".join(base[:13])
    docs = [doc("a", para("op-1", COPIED)), doc("b", para("op-1", shorter)), doc("c", para("op-1", COPIED))]
    agreed, _ = find_agreed(docs, names=NO_NAMES)
    assert matches(agreed, "a", "op-1") == [("c", "op-1"), ("b", "op-1")]


def test_direction_follows_the_dates() -> None:
    docs = [doc("a", para("op-1", COPIED), date="2002-12-18"), doc("b", para("op-1", COPIED), date="1998-07-28"),
            doc("c", para("op-1", COPIED))]  # fmt: skip
    agreed, _ = find_agreed(docs, names=NO_NAMES)
    relations = {m.doc: m.relation for m in agreed["a"]["op-1"].matches}
    assert relations == {"b": "earlier", "c": ""}
    assert {m.doc: m.relation for m in agreed["b"]["op-1"].matches}["a"] == "later"


def test_every_match_is_listed_on_both_sides_with_mirrored_opcodes() -> None:
    rng = random.Random(3)
    texts = [f"{filler(rng, 5)} {COPIED}", COPIED.replace("women", "persons"), f"{COPIED} {BOILERPLATE}"]
    agreed, _ = find_agreed([doc(f"d{i}", para("op-1", t)) for i, t in enumerate(texts)], names=NO_NAMES)
    swap = {"delete": "insert", "insert": "delete", "replace": "replace", "equal": "equal"}
    for doc_id, paras in agreed.items():
        for anchor, found in paras.items():
            for m in found.matches:
                (back,) = [x for x in agreed[m.doc][m.anchor].matches if (x.doc, x.anchor) == (doc_id, anchor)]
                assert (back.run, back.similarity) == (m.run, m.similarity)
                assert back.opcodes == tuple((swap[t], j1, j2, i1, i2) for t, i1, i2, j1, j2 in m.opcodes)


def test_instrument_names_count_as_one_word() -> None:
    name = "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children"
    a = doc("a", para("op-1", f"Welcoming the entry into force of {name},"))
    b = doc("b", para("op-1", f"Calls upon States to ratify {name} as a matter of priority;"))
    assert find_agreed([a, b], names=NO_NAMES)[0] != {}
    assert find_agreed([a, b])[0] == {}


def test_collapse_maps_back_to_word_positions() -> None:
    table = name_table([("crc", "Convention on the Rights of the Child")])
    tokens = words("Recalling the Convention on the Rights of the Child, and")
    collapsed, starts = collapse(tokens, table)
    assert collapsed == ["recalling", "the", "\x00crc", "and"]
    assert starts == [0, 1, 2, 9, 10]
    assert collapse(["no", "names"], table) == (["no", "names"], None)


def test_the_registry_supplies_names() -> None:
    titles = [seq for entries in registry_names().values() for seq, _ in entries]
    assert tuple(words("Convention on the Elimination of All Forms of Discrimination against Women")) in titles


def test_results_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Same documents, two processes with different string hashing: the same result."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from build_scripts.corpus import load_corpus; from build_scripts.agreed import "
        "find_agreed; a, s = find_agreed(load_corpus(Path(sys.argv[2])).documents); print(repr(a)); print(s)"
    )
    outputs = set()
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", script, str(ROOT), str(SOURCE)],
            capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed},
        )  # fmt: skip
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        Settings(k=13, min_run=12)
    assert Settings().window == DEFAULT.min_run - DEFAULT.k + 1


def test_fingerprints_of_a_short_paragraph_are_empty() -> None:
    assert fingerprints(list(range(DEFAULT.min_run - 1))) == set()
    assert fingerprints(list(range(DEFAULT.min_run))) != set()


# --------------------------------------------------------------------------- scale
def test_candidates_come_from_shared_fingerprints_never_from_all_pairs() -> None:
    """2,000 paragraphs in 200 documents, 10 planted copies: a handful of comparisons."""
    rng = random.Random(2000)
    texts = [filler(rng, rng.randrange(15, 60)) for _ in range(2000)]
    chosen = rng.sample(range(2000), 20)
    planted = [(i, j) for i, j in zip(chosen[::2], chosen[1::2], strict=True) if i // 10 != j // 10]
    for i, j in planted:
        texts[j] = f"{filler(rng, 3)} {texts[i]}"
    docs = [doc(f"d{n:03}", *(para(f"op-{k + 1}", texts[n * 10 + k]) for k in range(10))) for n in range(200)]
    _, stats = find_agreed(docs, names=NO_NAMES)
    all_pairs = 2000 * 1999 // 2
    assert stats.paragraphs == 2000
    assert stats.pairs == stats.comparisons == len(planted)
    assert stats.checks < all_pairs / 10_000


def test_one_formula_cannot_make_the_comparisons_quadratic() -> None:
    rng = random.Random(5)
    docs = [doc(f"d{i:04}", para("op-1", f"{BOILERPLATE} {filler(rng, 3)}")) for i in range(1000)]
    _, stats = find_agreed(docs, names=NO_NAMES)
    assert stats.checks == stats.comparisons == 0


def test_a_near_miss_is_measured_not_compared() -> None:
    # Three documents share an 11-word phrase (below the minimum): when a fingerprint of it is
    # shared, the run is measured, and the pair is never diffed.
    rng = random.Random(10)
    checks = 0
    for _ in range(20):
        phrase = filler(rng, 11)
        docs = [doc(f"d{i}", para("op-1", f"{filler(rng, 9)} {phrase} {filler(rng, 9)}")) for i in range(3)]
        agreed, stats = find_agreed(docs, names=NO_NAMES)
        assert agreed == {} and stats.comparisons == 0
        checks += stats.checks
    assert checks > 0


def test_shared_run_extends_a_shingle_both_ways() -> None:
    a = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    b = [0, 2, 3, 4, 5, 6, 7, 9]
    assert shared_run(a, b, 2, 2, 3) == 6  # through [3, 4, 5]: the run 2 3 4 5 6 7
    assert shared_run(a, b, 0, 0, 3) == 0  # different words under the same (colliding) hash


# --------------------------------------------------------------------------- the seed archive
@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_archive(SOURCE)


def test_57_176_op_13_repeats_the_1998_report_para_12(seeds: Corpus) -> None:
    found = {(m.doc, m.anchor): m for m in seeds.agreed["a-res-57-176"]["op-13"].matches}
    m = found[("sg-report-1998-trafficking", "para-12")]
    assert m.run >= 20 and m.relation == "earlier"
    back = [x for x in seeds.agreed["sg-report-1998-trafficking"]["para-12"].matches if x.doc == "a-res-57-176"]
    assert [(x.anchor, x.relation) for x in back] == [("op-13", "later")]


def test_57_176_gravely_concerned_reuses_1998_20_preamble(seeds: Corpus) -> None:
    # A/RES/57/176 PP20 joins E/RES/1998/20 PP1 ("...activities of transnational criminal
    # organizations and others that profit from international trafficking in women and
    # children") and PP3 ("...without regard to dangerous and inhumane conditions...").
    found = [(m.doc, m.anchor) for m in seeds.agreed["a-res-57-176"]["pp-20"].matches]
    assert found == [("e-res-1998-20", "pp-3"), ("e-res-1998-20", "pp-1")]
    assert [m.relation for m in seeds.agreed["a-res-57-176"]["pp-20"].matches] == ["earlier", "earlier"]


def test_seed_matches_never_stay_inside_one_document(seeds: Corpus) -> None:
    for doc_id, paras in seeds.agreed.items():
        for found in paras.values():
            assert all(m.doc != doc_id and m.run >= DEFAULT.min_run for m in found.matches)
            assert len(found.matches) == min(found.total, DEFAULT.keep)


def test_instrument_titles_alone_make_no_seed_match(seeds: Corpus) -> None:
    # 57/176 PP8 and the 2003 note share only the Protocol's 14-word title.
    assert "pp-8" not in seeds.agreed.get("a-res-57-176", {})


# --------------------------------------------------------------------------- rendering
def test_readable_folds_short_shared_stretches_between_changes() -> None:
    ops = [("replace", 0, 1, 0, 4), ("equal", 1, 2, 4, 5), ("delete", 2, 5, 5, 5), ("equal", 5, 20, 5, 20)]
    assert readable(ops) == [("replace", 0, 5, 0, 5), ("equal", 5, 20, 5, 20)]
    assert readable([("equal", 0, 1, 0, 1), ("delete", 1, 2, 1, 1), ("equal", 2, 4, 1, 3)]) == [
        ("equal", 0, 1, 0, 1), ("delete", 1, 2, 1, 1), ("equal", 2, 4, 1, 3)]  # fmt: skip


def test_diff_marks_words_only_here_and_only_there_and_escapes() -> None:
    here = "Urges <script>alert(1)</script> Governments to act now and always for ever"
    there = "Invites <script>alert(1)</script> Governments to act now and always for ever"
    ops = (("replace", 0, 1, 0, 1), ("equal", 1, 13, 1, 13))
    out = diff_html(here, there, ops)
    assert out.startswith("<del>Urges</del> <ins>Invites</ins> &lt;script&gt;")
    assert "<script>" not in out


def test_long_changes_keep_the_words_next_to_the_shared_run() -> None:
    def run(prefix: str, n: int) -> list[str]:
        return [f"{prefix}{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(n)]

    head, shared, tail = run("h", 30), run("s", 12), run("t", 32)
    here, there = f"Urges {' '.join(shared)} now", " ".join(head + shared + tail)
    ops = (("replace", 0, 1, 0, 30), ("equal", 1, 13, 30, 42), ("replace", 13, 14, 42, 74))
    out = diff_html(here, there, ops)
    # Before the run: only its last words; after it: only its first words.
    assert out.startswith('<del>Urges</del> <span class="un-agreed-skip" title="24 words not shown">')
    assert f"<ins>{' '.join(head[-6:])}</ins> {shared[0]} {shared[1]}" in out
    assert out.endswith(f'<ins>{" ".join(tail[:6])}</ins> <span class="un-agreed-skip" title="26 words not shown">'
                        "[… 26 words …]</span>")  # fmt: skip
    assert head[0] not in out and tail[-1] not in out


def test_paragraph_labels() -> None:
    top = para("op-2", "x")
    sub = Paragraph("op-2-f", ParaKind.SUB, "(f)", "f", False, 1, (Text("y"),), (2,), parent="op-2")
    pre = para("pp-20", "z", "20", ParaKind.PREAMBULAR)
    found = {p.anchor: p for p in (top, sub, pre)}
    assert [paragraph_label(p, found) for p in (top, sub, pre)] == [
        "para. 2", "para. 2 (f)", "twentieth preambular paragraph"]  # fmt: skip


def test_page_of_57_176_links_each_match(seeds: Corpus) -> None:
    target = next(d for d in seeds.documents if d.id == "a-res-57-176")
    page = document_page(target, HOME, agreed=AgreedRenderer(seeds).view(target))
    mark = BeautifulSoup(page, "html.parser").select_one("#op-13 .un-agreed-mark")
    assert mark is not None and mark["href"] == "#agreed-op-13" and mark.get_text() == "≈\u202f1"
    entry = BeautifulSoup(page, "html.parser").select_one("#agreed-op-13")
    assert entry is not None
    link = entry.select_one(".un-agreed-head a")
    assert link is not None and link["href"] == "../../../documents/sg-report-1998-trafficking.html#para-12"
    assert "para. 12" in link.get_text()
    assert "<ins>were also to be encouraged.</ins>" in str(entry)


def test_a_page_stays_small_however_many_matches() -> None:
    """60 paragraphs each repeated, with edits, by 12 other documents."""
    rng = random.Random(60)
    texts = [filler(rng, 80) for _ in range(60)]
    main = doc("main", *(para(f"op-{k + 1}", t) for k, t in enumerate(texts)), symbol="A/RES/1/1")
    others = [
        doc(f"o{n:02}", *(para(f"op-{k + 1}", f"{filler(rng, 10)} {t} {filler(rng, 10)}") for k, t in enumerate(texts)))
        for n in range(12)
    ]
    corpus = with_agreed(Corpus((main, *others)), Settings(max_postings=1000))
    view = AgreedRenderer(corpus).view(main)
    assert len(view.marks) == 60
    assert len(view.section) < SECTION_BUDGET + 5_000
    soup = BeautifulSoup(view.section, "html.parser")
    listed = {str(div["id"]) for div in soup.select(".un-agreed-para")}
    kinds = set()
    for anchor, mark in view.marks.items():
        href = str(BeautifulSoup(mark, "html.parser").a["href"])  # type: ignore[index]
        # Every mark leads somewhere real: its entry here, or (list full) the closest match's page.
        if href.startswith("#"):
            assert href == f"#agreed-{anchor}" and f"agreed-{anchor}" in listed
        else:
            assert href.startswith("../../../documents/o") and href.endswith(f"#{anchor}")
        kinds.add(href[0])
    assert kinds == {"#", "."}
    assert len(document_page(main, HOME, agreed=view).encode()) < 100_000


@pytest.mark.site
def test_built_page_has_the_agreed_section(seed_site: BuiltSite) -> None:
    soup = BeautifulSoup((seed_site.site / "A/RES/57/176.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("h2#agreed")
    assert heading is not None and heading.get_text(strip=True) == "Agreed language"
    assert soup.select_one("#op-13 a.un-agreed-mark[href='#agreed-op-13']") is not None
    assert soup.select_one("#agreed-pp-20 a[href='../../../E/RES/1998/20.html#pp-1']") is not None
    # 1998/20's page shows the same pair from its side.
    other = BeautifulSoup((seed_site.site / "E/RES/1998/20.html").read_text(encoding="utf-8"), "html.parser")
    assert other.select_one("#agreed-pp-1 a[href='../../../A/RES/57/176.html#pp-20']") is not None


def test_agreed_match_is_a_frozen_value() -> None:
    m = AgreedMatch("b", "op-1", 12, 1.0, "", (("equal", 0, 12, 0, 12),))
    with pytest.raises(AttributeError):
        m.run = 3  # type: ignore[misc]
