"""Page layout of PDF extractions: furniture, notes printed as plain numbers, their markers.

Unit tests over small inline texts (one rule each), a property test that paginates the
seeds with running headers, page numbers and job numbers and expects the same model, and
structural golden files (outlines) for corpus documents of different kinds.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_scripts.clean import clean
from build_scripts.conservation import lost_text
from build_scripts.corpus import load_document
from build_scripts.inline import NoteCounter, parse_inline
from build_scripts.model import Embedded, Heading, NoteRef, Paragraph, Table
from build_scripts.parse import parse_document, parse_documents
from build_scripts.render.page import embedded_html
from build_scripts.serialize import document_outline
from build_scripts.tables import find_tables

from .conftest import CORPUS, GOLDEN, SOURCE
from .test_golden import compare
from .test_properties import SEEDS, seed_signature, signature


def page(*lines: str) -> str:
    return "\n".join(lines)


def removed(text: str) -> dict[str, str]:
    """{line text: reason} of what :func:`clean` removed (form feeds left out)."""
    return {r.text.strip(): r.reason for r in clean(text.encode()).removals if r.text != "\\f"}


def markers(text: str, defined: set[str], plain: bool = True) -> list[str]:
    counter = NoteCounter(frozenset(defined), plain=plain)
    return [span.number for span in parse_inline(text, counter) if isinstance(span, NoteRef)]


# --------------------------------------------------------------------------- furniture
BODY = "The Committee recommended that the State party take further measures to protect victims."
LAYOUT = "\n\f".join(
    [
        page("United Nations                                  A/RES/73/3", "A/RES/73/3 is the symbol.", BODY, "",
             " 18-16895 (E)     241018", " *1816895*", ""),
        page("A/RES/73/3                                      on the fight against tuberculosis", "", BODY, "",
             "2/4                                             18-16895", ""),
        page("Political declaration of the high-level meeting", "on the fight against tuberculosis          A/RES/73/3",
             "", BODY, "", "18-16895                                        3/4", ""),
        page("A/RES/73/3                                      on the fight against tuberculosis", "", BODY, "",
             "4/4                                             18-16895", ""),
    ]
)  # fmt: skip


def test_running_headers_page_numbers_and_job_numbers_are_removed() -> None:
    found = removed(LAYOUT)
    header = "A/RES/73/3                                      on the fight against tuberculosis"
    assert found[header] == "running header"
    assert found["on the fight against tuberculosis          A/RES/73/3"] == "running header"
    assert found["2/4                                             18-16895"] == "job number and page number"
    assert found["18-16895 (E)     241018"] == "job number"
    assert found["*1816895*"] == "barcode"


def test_the_first_page_masthead_and_body_lines_naming_the_symbol_stay() -> None:
    found = removed(LAYOUT)
    assert "United Nations                                  A/RES/73/3" not in found
    assert "A/RES/73/3 is the symbol." not in found
    assert BODY not in found
    # Printed at the top of one later page only: not a running header.
    assert "Political declaration of the high-level meeting" not in found


def test_the_title_repeated_atop_one_later_page_is_a_running_header() -> None:
    # A/RES/73/8: a two-page text; page 2 opens with the title, wrapped differently.
    first = page("United Nations      A/RES/73/8", "Necessity of ending the economic, commercial and financial",
                 "embargo imposed by the United States of America against Cuba", "", "The General Assembly,", BODY)
    second = page("Necessity of ending the economic, commercial and financial embargo",
                  "imposed by the United States of America against Cuba", "", "A/RES/73/8", "", BODY)
    found = removed("\n\f".join([first, second]))
    assert found["Necessity of ending the economic, commercial and financial embargo"] == "running header"
    assert found["imposed by the United States of America against Cuba"] == "running header"
    # The first page's own title lines are text.
    assert "embargo imposed by the United States of America against Cuba" not in found


def test_a_heading_opening_a_page_is_not_a_running_title() -> None:
    first = page("Contents", "III. Resource performance      12", "", "I. Introduction", BODY)
    second = page("III. Resource performance", "", BODY)
    assert "III. Resource performance" not in removed("\n\f".join([first, second]))


def test_resolution_numbers_at_a_page_top_are_not_page_numbers() -> None:
    # "14/2" (a Human Rights Council resolution) opens pages 2 and 3 of a 3-page text.
    text = "\n\f".join([page("Title", BODY), page("14/2", "", BODY), page("14/3", "", BODY)])
    assert "14/2" not in removed(text) and "14/3" not in removed(text)


def test_bare_page_numbers_need_two_pages_that_agree() -> None:
    one = "\n\f".join([page(BODY, ""), page(BODY, "", "2")])
    assert "2" not in removed(one)
    many = "\n\f".join([page(BODY, ""), page(BODY, "", "2"), page(BODY, "", "3")])
    assert removed(many) == {"2": "page number", "3": "page number"}


def test_a_lone_date_stamp_goes_only_beside_a_job_number() -> None:
    assert removed(page(BODY, "18-18142 (E)", "", "021118"))["021118"] == "job number"
    assert "241018" not in removed(page(BODY, "241018"))


# --------------------------------------------------------------------------- notes
DECISION = textwrap.dedent("""\
           Adopts the outcome of the review, comprising the report of the Working Group on the
    Universal Periodic Review, 1 the views of the State and its replies. 2
                                                                        25th meeting


           1   A/HRC/59/15.
           2   A/HRC/59/15/Add.1; see also A/HRC/59/2, part two.
    """)


def test_page_bottom_notes_with_inline_numbers_are_notes() -> None:
    doc = parse_document("dec.txt", DECISION.encode())
    assert [(n.number, n.text, n.references) for n in doc.footnotes] == [
        ("1", "A/HRC/59/15.", 1),
        ("2", "A/HRC/59/15/Add.1; see also A/HRC/59/2, part two.", 1),
    ]


RAW = "\n".join(
    [
        "Recalling that the Rome Statute of the International Criminal Court 1",
        "reaffirms the purposes and principles of the Charter,",
        "__________________", "1", "", "United Nations, Treaty Series, vol. 2187, No. 38544.", "\f"
        "Noting the Relationship Agreement, 2 which provides a framework, and the arrangements, 3 and",
        "welcoming the report, 4",
        "__________________", "", "A/58/874 and A/58/874/Add.1.", "Articles 10 and 13 of the Relationship Agreement.",
        "4", "A/73/334.", "2", "3", "",
    ]
)  # fmt: skip


def test_raw_extraction_notes_whose_numbers_come_after_their_texts() -> None:
    doc = parse_document("raw.txt", RAW.encode())
    assert [(n.number, n.text) for n in doc.footnotes] == [
        ("1", "United Nations, Treaty Series, vol. 2187, No. 38544."),
        ("2", "A/58/874 and A/58/874/Add.1."),
        ("3", "Articles 10 and 13 of the Relationship Agreement."),
        ("4", "A/73/334."),
    ]
    assert all(n.references == 1 for n in doc.footnotes)


def test_table_rows_and_dates_are_not_notes() -> None:
    text = textwrap.dedent("""\
        Total expenditure for the period from
        1 July 2024 to 30 June 2025 was reported in table 1

           1            Standby fixed-wing aircraft            2      Airfields
    """)
    assert parse_document("t.txt", text.encode()).footnotes == ()


def test_endnotes_under_a_notes_title() -> None:
    text = page("1. The Committee noted the report.1 It welcomed the plan, 2 and the law.", "", "Notes", "",
                "   1 See A/HRC/43/15.", "   2 CEDAW/C/SVN/CO/7, para. 6.")  # fmt: skip
    doc = parse_document("e.txt", text.encode())
    assert [(n.number, n.references) for n in doc.footnotes] == [("1", 1), ("2", 1)]
    assert doc.notes_title is not None


# --------------------------------------------------------------------------- markers
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Working Group on the Universal Periodic Review, 1 the views", ["1"]),
        ("the International Criminal Court 1", ["1"]),
        ("held in the Working Group. 1", ["1"]),
        ("the Nelson Mandela Rules.1 The", ["1"]),
        ("Spain1 (on behalf of the European Union)", ["1"]),
        ("published in 2021.1", ["1"]),
        ("Human Rights Council resolution 1 of 2006", []),
        ("see paragraph 1 above", []),
        ("on 1 July 2024", []),
        ("A/73/L.1 and A/73/L.8/Add.1", []),
        ("5,000 m3 of general waste", []),
        ("the 1 million people", []),
        ("without delay; 1. Further welcomes", []),
    ],
)
def test_plain_note_markers(text: str, expected: list[str]) -> None:
    assert markers(text, {"1", "3"}) == expected


def test_plain_markers_follow_the_order_of_the_notes() -> None:
    # Note 3 cannot be met before note 2; a repeat of note 1 can.
    assert markers("the Court, 3 and the Statute, 1 and the Agreement, 2 then", {"1", "2", "3"}) == ["1", "2"]
    assert markers("the Statute, 1 and the Court, 1 and the Agreement, 2 then", {"1", "2"}) == ["1", "1", "2"]


def test_plain_markers_only_where_notes_are_plain_numbers() -> None:
    assert markers("the Working Group on the Universal Periodic Review, 1 the views", {"1"}, plain=False) == []


# --------------------------------------------------------------------------- pagination property
def paginate(text: str, cuts: list[int], header: str) -> str:
    """Break ``text`` into pages at blank lines ``cuts``, with the furniture a PDF prints."""
    lines = text.split("\n")
    blanks = [i for i, line in enumerate(lines) if not line.strip()]
    chosen = sorted({blanks[c % len(blanks)] for c in cuts}) if blanks else []
    total = len(chosen) + 1
    out: list[str] = []
    number = 1
    for i, line in enumerate(lines):
        out.append(line)
        if i in chosen:
            number += 1
            out += ["", f"{number - 1}/{total}                    18-12345", f"\f{header}", ""]
    return "\n".join(out)


@pytest.mark.parametrize("seed", SEEDS)
@settings(max_examples=12, deadline=None)
@given(cuts=st.lists(st.integers(0, 10**6), min_size=3, max_size=6))
def test_pagination_with_headers_page_numbers_and_job_numbers_keeps_the_model(seed: str, cuts: list[int]) -> None:
    text = (SOURCE / seed).read_text(encoding="utf-8")
    blanks = [i for i, line in enumerate(text.split("\n")) if not line.strip()]
    assume(len({blanks[c % len(blanks)] for c in cuts}) >= 2)  # a running header needs two later pages
    paged = paginate(text, cuts, "Trafficking in persons                     Running title")
    assert signature(parse_document(seed, paged.encode())) == seed_signature(seed)


# --------------------------------------------------------------------------- treaty text
TREATY = textwrap.dedent("""\
    ####Protocol against the Smuggling of Examples

    ###I

    ####General provisions

    ### Article  1

    ####Statement of purpose

    The purposes of this Protocol are:

    a) To prevent and combat smuggling; and

    b) To protect the rights of smuggled persons.

    ### Article  2

    ####Criminalization

    1.   Each State Party shall adopt such measures as may be necessary.
    2.   Each State Party shall also adopt measures to establish as offences:

    a) Attempting to commit an offence; and

    b) Organizing or directing other persons to commit an offence.
    3.   Nothing in this article shall apply to victims.

    IN WITNESS WHEREOF, the undersigned have signed this Protocol.
    """)


def test_treaty_articles_paragraphs_and_items_have_article_ids() -> None:
    doc = parse_document("treaty.md", TREATY.encode())
    assert doc.meta.title == "Protocol against the Smuggling of Examples"
    assert [b.anchor for b in doc.blocks] == [
        "sec-i", "art-1", "art-1-text-1", "art-1-a", "art-1-b",
        "art-2", "art-2-para-1", "art-2-para-2", "art-2-para-2-a", "art-2-para-2-b", "art-2-para-3", "closing",
    ]  # fmt: skip
    headings = {b.anchor: (b.level, b.text) for b in doc.blocks if isinstance(b, Heading)}
    assert headings == {
        "sec-i": (2, "I\nGeneral provisions"),
        "art-1": (3, "Article 1\nStatement of purpose"),
        "art-2": (3, "Article 2\nCriminalization"),
    }
    items = {p.anchor: p for p in doc.paragraphs}
    assert items["art-2-para-2-a"].parent == "art-2-para-2" and items["art-2-para-2-a"].label == "a)"
    assert items["art-1-a"].parent == "art-1-text-1"
    assert doc.diagnostics == ()


def test_a_bracketless_letter_inside_a_sentence_is_not_an_item() -> None:
    text = "1. Peru, Venezuela (Bolivarian Republic\nof) and Viet Nam joined the sponsors.\n"
    doc = parse_document("t.txt", text.encode())
    assert [p.anchor for p in doc.paragraphs] == ["para-1"]


# --------------------------------------------------------------------------- recommendations, wrapper
RECOMMENDATIONS = textwrap.dedent("""\
    139. The State under review thanked the delegations.
    140. The following recommendations will be examined by Slovenia:
           140.1    Ratify the International Convention on Migrant Workers (Algeria)
           (Cabo Verde);
           140.2      Consider ratifying the Optional Protocol (Rwanda);
           140.3    Accede to the 1961 Convention (North Macedonia).
    141. All conclusions reflect the position of the submitting States.
    """)


def test_decimal_recommendations_are_children_of_their_paragraph() -> None:
    doc = parse_document("upr.txt", RECOMMENDATIONS.encode())
    assert [(p.anchor, p.number, p.parent) for p in doc.paragraphs] == [
        ("para-139", "139", None),
        ("para-140", "140", None),
        ("para-140-1", "140.1", "para-140"),
        ("para-140-2", "140.2", "para-140"),
        ("para-140-3", "140.3", "para-140"),
        ("para-141", "141", None),
    ]
    assert [d.code for d in doc.diagnostics] == ["number-sequence"]  # the excerpt starts at 139


def test_a_decimal_number_inside_a_sentence_is_not_a_recommendation() -> None:
    text = "1. The budget grew by\n1.1 per cent over the period.\n"
    doc = parse_document("t.txt", text.encode())
    assert [p.anchor for p in doc.paragraphs] == ["para-1"]
    assert doc.paragraphs[0].text == "The budget grew by 1.1 per cent over the period."


WRAPPED = textwrap.dedent("""\
    # A/HRC/59/15 - Report of the Working Group on the Universal Periodic Review: Slovenia

    **Document:** A/HRC/59/15
    **Date:** February 2025

    ## Full Document Text

    Human Rights Council
    Fifty-ninth session

    Report of the Working Group on the Universal Periodic
    Review*

    Slovenia

    1. The Working Group held its forty-eighth session.
    """)


def test_a_markdown_wrapper_header_feeds_the_metadata_and_the_un_text_wins() -> None:
    doc = parse_document("w.md", WRAPPED.encode())
    assert doc.meta.symbol == "A/HRC/59/15"
    assert doc.meta.title == "Report of the Working Group on the Universal Periodic Review: Slovenia"
    assert doc.meta.kind == "report" and doc.meta.body == "Human Rights Council"
    assert doc.meta.date is None  # "February 2025" is not a date the archive can state
    assert [m.role for m in doc.masthead][:4] == ["wrapper"] * 4
    assert [p.anchor for p in doc.paragraphs] == ["para-1"]


# --------------------------------------------------------------------------- unnumbered operative text
def test_a_decisions_unnumbered_operative_paragraph_is_op_text_not_a_restored_number() -> None:
    text = page(
        "The Human Rights Council,", "",
        "Having conducted the review of Slovenia on 28 January 2025,", "",
        "Adopts the outcome of the review of Slovenia.", "",
        "25th meeting", "2 July 2025",
    )  # fmt: skip
    doc = parse_document("d.txt", text.encode())
    para = doc.paragraphs[-1]
    assert (para.anchor, para.kind.value, para.number, para.restored) == ("op-text-1", "operative", None, False)
    assert doc.diagnostics == ()


def test_raw_text_operative_verb_after_a_comma_starts_the_operative_part() -> None:
    text = page(
        "The General Assembly,",
        "Recalling the provisions of the Charter,",
        "Decides that any proposal which would result in",
        "depriving a Member of representation is important.",
    )
    doc = parse_document("r.txt", text.encode())
    assert [(p.anchor, p.kind.value) for p in doc.paragraphs] == [("pp-1", "preambular"), ("op-text-1", "operative")]


def test_a_preambular_paragraph_after_a_comma_stays_preambular() -> None:
    text = page("The General Assembly,", "", "Recalling its resolution 1,", "", "Noting the report,", "",
                "1. Decides to remain seized of the matter.")  # fmt: skip
    doc = parse_document("p.txt", text.encode())
    assert [p.anchor for p in doc.paragraphs] == ["pp-1", "pp-2", "op-1"]


# --------------------------------------------------------------------------- tables
BUDGET = textwrap.dedent("""\
    1. The expenditure was as follows:

                                                                        Variance
    Category                           Apportionment   Expenditure     Amount     Percentage

    Military and police personnel           37 339.0      48 442.5   (11 103.5)      (29.7)
    Civilian personnel                      68 552.0      50 969.8     17 582.2        25.6
    Operational costs                       96 892.5      65 393.6     31 498.9        32.5

    2. The unencumbered balance reflects the net impact of lower costs.
    """)


def test_space_aligned_columns_are_a_table_with_every_cell() -> None:
    doc = parse_document("t.txt", BUDGET.encode())
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].anchor == "table-1"
    assert tables[0].rows == (
        ("Variance",),
        ("Category", "Apportionment", "Expenditure", "Amount", "Percentage"),
        ("Military and police personnel", "37 339.0", "48 442.5", "(11 103.5)", "(29.7)"),
        ("Civilian personnel", "68 552.0", "50 969.8", "17 582.2", "25.6"),
        ("Operational costs", "96 892.5", "65 393.6", "31 498.9", "32.5"),
    )
    assert [p.anchor for p in doc.paragraphs] == ["para-1", "para-2"]
    assert doc.diagnostics == ()


def test_two_text_columns_side_by_side_are_a_table() -> None:
    rows = [
        "Request/recommendation                         Action taken",
        "The Committee trusts that updated              Provisions were included at",
        "information will be provided (para. 38).       the end of the period.",
        "The Committee recommends that the              Information is provided in",
        "Assembly request a review (para. 40).          paragraph 21 above.",
        "                                               Further details are given.",
    ]
    found = find_tables(rows)
    assert [t.lines for t in found] == [(1, 2, 3, 4, 5, 6)]
    assert found[0].rows[-1] == ("Further details are given.",)


def test_numbered_paragraphs_and_mastheads_are_not_tables() -> None:
    text = [
        "United Nations                                  A/80/590",
        "General Assembly                                Distr.: General",
        "                                                7 January 2026",
        "1.    The proposed budget for the liquidation amounted to $207,080,300.",
        "2.    In its report dated 8 April 2024, the Advisory Committee recommended",
        "3.    The General Assembly appropriated an amount of $202,783,500.",
    ]
    assert find_tables(text) == []


# --------------------------------------------------------------------------- compilations
COMPILATION = """\
Report of the Human Rights Council on its ninth session

I. Resolutions

9/1
Trafficking in persons <script>

The Human Rights Council,
Recalling its resolution 8/12,
1. Decides to remain seized of the matter.
                                          21st meeting
                                          24 September 2008
[Adopted without a vote.]

II. Decisions

9/101
Outcome of the universal periodic review: Ruritania

At its 12th meeting, on 19 September 2008, the Human Rights Council decided to adopt
the following text:
“The Human Rights Council,
Adopts the outcome of the review of Ruritania.”
                                          12th meeting
                                          19 September 2008
[Adopted by a recorded vote of 32 to 3. The voting was as follows:
In favour:
Angola, Argentina
Against:
Italy]

Part Two

1. The Council held its ninth session from 8 to 24 September 2008.
"""


def test_a_compilation_gives_each_embedded_text_its_own_document() -> None:
    data = COMPILATION.encode()
    report, resolution, decision = parse_documents("hrc9.txt", data)
    assert [e.symbol for e in report.blocks if isinstance(e, Embedded)] == ["A/HRC/RES/9/1", "A/HRC/DEC/9/101"]
    meta = resolution.meta
    assert (meta.symbol, meta.kind, meta.number) == ("A/HRC/RES/9/1", "resolution", "9/1")
    assert (resolution.meta.body, resolution.meta.date, resolution.meta.meeting) == (
        "Human Rights Council",
        "2008-09-24",
        "21st meeting",
    )
    assert resolution.meta.title == "Trafficking in persons <script>"
    assert [p.anchor for p in resolution.paragraphs] == ["pp-1", "op-1"]
    assert decision.meta.symbol == "A/HRC/DEC/9/101" and decision.meta.date == "2008-09-19"
    assert decision.url == "A/HRC/DEC/9/101.html" and decision.source == report.source == "hrc9.txt"
    # The vote record is the decision's; the report keeps its own numbered paragraph.
    italy = COMPILATION.splitlines().index("Italy]") + 1
    assert any(italy in b.lines for b in decision.blocks)
    assert [p.anchor for p in report.paragraphs] == ["para-1"]
    assert all(not d.diagnostics for d in (report, resolution, decision))
    # Every line in exactly one of the three; the report alone loses the texts.
    assert lost_text([report, resolution, decision], data) == []
    assert lost_text(report, data) != []
    assert parse_document("hrc9.txt", data) == report


def test_one_resolution_is_not_a_compilation() -> None:
    one = COMPILATION.split("II. Decisions")[0]
    docs = parse_documents("r.txt", one.encode())
    assert len(docs) == 1 and not any(isinstance(b, Embedded) for b in docs[0].blocks)


def test_embedded_entry_links_to_its_page_escaped() -> None:
    report = parse_documents("hrc9.txt", COMPILATION.encode())[0]
    entry = next(b for b in report.blocks if isinstance(b, Embedded))
    html = str(embedded_html(entry, "../../"))
    assert 'href="../../A/HRC/RES/9/1.html"' in html and f'id="{entry.anchor}"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not any(isinstance(b, Paragraph) and "Recalling" in b.text for b in report.blocks)


# --------------------------------------------------------------------------- corpus outlines
CORPUS_GOLDEN = (
    "A_RES_73_3.txt",  # GA declaration in a resolution, layout text
    "A_RES_73_7.txt",  # GA resolution, raw reading order
    "A_RES_73_8.txt",  # GA resolution, note text after the page footer
    "S_RES_687_1991.txt",  # SC resolution in lettered parts, OCR
    "S_RES_827_1993.txt",  # SC resolution, S/RES sheet masthead
    "S_2020_445.txt",  # SC draft resolution with sub-paragraphs
    "A_HRC_DEC_59_112.txt",  # HRC decision, page-bottom notes
    "A_HRC_WG_6_48_SVN_2.txt",  # OHCHR compilation, 99 endnotes
    "A_RES_55_25_annex_II.md",  # treaty: chapters, articles, a) items (Markdown conversion)
    "A_HRC_59_15.md",  # UPR report in a Markdown wrapper, 140.1-140.254, annex with bullets
    "A_80_590.txt",  # SG report: budget tables, two-column annex tables, lettered subheadings
    "A_HRC_14_37.txt",  # HRC session report printing its 35 resolutions and decisions (own documents)
)


@pytest.mark.parametrize("name", CORPUS_GOLDEN)
def test_corpus_structure_matches_its_outline(name: str, update_golden: bool) -> None:
    docs, _ = load_document(CORPUS, CORPUS / name)
    assert docs
    stem = Path(name).stem
    compare(GOLDEN / "corpus" / f"{stem}.outline.txt", document_outline(docs[0]), update_golden)
    if len(docs) > 1:
        # The texts a compilation prints, each its own document: one outline file for all.
        texts = "\n".join(document_outline(doc) for doc in docs[1:])
        compare(GOLDEN / "corpus" / f"{stem}.texts.outline.txt", texts, update_golden)


def test_a_block_opening_with_a_quoted_word_does_not_open_a_quotation() -> None:
    text = (
        "1. It called upon the State to end the stigmatization of\n\n"
        "“witch” children and to promote human rights education.\n\n"
        "2. The delegation thanked the speakers.\n"
    )
    doc = parse_document("report.txt", text.encode(), None)
    assert [b.anchor for b in doc.blocks if getattr(b, "quoted", False)] == []
    assert [p.anchor for p in doc.paragraphs][-1] == "para-2"


# --------------------------------------------------------------------------- hyphens
def test_a_hyphen_split_by_the_extraction_is_repaired_where_the_word_is_known() -> None:
    from build_scripts.blocks import compounds, join_lines

    known = compounds(("the high-level meeting on drug-resistant tuberculosis",))
    assert join_lines(("the high -level meeting",), known) == "the high-level meeting"
    assert join_lines(("against drug -", "resistant tuberculosis"), known) == "against drug-resistant tuberculosis"


def test_a_hyphen_is_kept_as_printed_where_the_joined_word_is_not_certain() -> None:
    from build_scripts.blocks import compounds, join_lines

    known = compounds(("the high-level meeting",))
    assert join_lines(("faith -based organizations",), known) == "faith -based organizations"
    assert join_lines(("high -", "quality care"), known) == "high - quality care"
    # Words are never joined across a line-end hyphen: "traf-" / "ficking" keeps both words.
    assert join_lines(("traf-", "ficking"), compounds(("trafficking",))) == "traf- ficking"
