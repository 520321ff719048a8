"""The link stage: reference recognition rules, resolution against the archive, and its score."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from build_scripts.instruments import load_registry
from build_scripts.link import link_corpus, wrap
from build_scripts.model import Corpus, Document, Emphasis, Metadata, NoteRef, Paragraph, ParaKind, Ref, Text
from build_scripts.references import Context, Mention, RefKind, find_mentions

from .conftest import BuiltSite
from .reference_score import score_all

REGISTRY = load_registry()
GA = Context(organ="GA", date="2002-12-18")
ECOSOC = Context(organ="ECOSOC", date="1998-07-28")
HRC = Context(organ="HRC", date="2010-06-18")
SC = Context(organ="SC", date="1991-04-03", own_anchor=lambda path: {("8",): "op-8", ("8", "a"): "op-8-a"}.get(path))


def found(text: str, context: Context = GA) -> list[tuple[str, str | None]]:
    """(words, target[#anchor]) of every mention."""
    out = []
    for m in find_mentions(text, context, REGISTRY):
        target = m.target
        if m.anchor:
            target = f"{target}#{m.anchor}" if target else m.anchor
        if m.article:
            target = f"{target}#{m.article}"
        out.append((text[m.start : m.end], target))
    return out


# --------------------------------------------------------------------------- organs
@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("Recalling General Assembly resolution 57/176,", ECOSOC, "A/RES/57/176"),
        ("Recalling its resolution 1996/26 of 23 July 1996,", ECOSOC, "E/RES/1996/26"),
        ("Recalling its resolution 57/176,", GA, "A/RES/57/176"),
        ("Recalling Economic and Social Council resolution 1996/26,", GA, "E/RES/1996/26"),
        ("Recalling Human Rights Council resolution 5/1,", HRC, "A/HRC/RES/5/1"),
        ("Recalling Council resolution 5/1,", HRC, "A/HRC/RES/5/1"),
        ("Recalling resolution 794 (1992),", GA, "S/RES/794 (1992)"),
        ("Resolution S-27/2, annex.", GA, "A/RES/S-27/2"),
        ("Resolution 217 A (III).", GA, "A/RES/217 (III)"),
        ("the Commission on Human Rights adopted resolution 1998/30 on traffic", GA, "E/CN.4/RES/1998/30"),
        ("By its resolution 2003/20 of 22 July 2003, the Economic and Social Council recommended", GA, "E/RES/2003/20"),
        ("Recalling its decision 1999/256,", ECOSOC, "E/DEC/1999/256"),
    ],
)
def test_the_organ_is_read_from_the_text(text: str, context: Context, expected: str) -> None:
    assert expected in [t for _, t in found(text, context)]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # In a Council document a bare session number may be the Council's or the Assembly's.
        ("Recalling resolution 60/251,", HRC),
        # A year number in a Council (HRC) text may be the Commission on Human Rights'.
        ("Recalling resolution 2005/7,", HRC),
        # Old numbering in an ECOSOC text: ECOSOC also numbered resolutions "663 C (XXIV)".
        ("Recalling resolution 663 C (XXIV),", ECOSOC),
        # A commission's resolution: the archive does not know its symbol scheme.
        ("Commission on the Status of Women resolution 42/1,", GA),
    ],
)
def test_an_uncertain_organ_gives_no_target(text: str, context: Context) -> None:
    mentions = [m for m in find_mentions(text, context, REGISTRY) if m.kind is RefKind.RESOLUTION]
    assert mentions and all(m.target is None for m in mentions)


def test_draft_resolutions_are_not_references() -> None:
    assert found("recommended the draft resolution 2003/20 to the Assembly", ECOSOC) == []


def test_a_list_gives_one_reference_per_number() -> None:
    text = "Recalling its resolutions 733 (1992), 746 (1992) and 751 (1992) of 24 April 1992,"
    assert found(text, SC) == [
        ("733 (1992)", "S/RES/733 (1992)"),
        ("746 (1992)", "S/RES/746 (1992)"),
        ("751 (1992)", "S/RES/751 (1992)"),
    ]


def test_dates_between_list_items_are_skipped() -> None:
    text = "Recalling General Assembly resolutions 55/25 of 15 November 2000 and 55/255 of 31 May 2001,"
    assert [t for _, t in found(text, ECOSOC)] == ["A/RES/55/25", "A/RES/55/255"]


# --------------------------------------------------------------------------- symbols
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the report of the Secretary-General (A/57/170).", ["A/57/170"]),
        ("See E/CN.4/1999/4-E/CN.4/Sub.2/1998/45, chap. II", ["E/CN.4/1999/4", "E/CN.4/Sub.2/1998/45"]),
        ("E/1998/27 and Corr.1.", ["E/1998/27", "E/1998/27/Corr.1"]),
        ("A/CONF.157/24 (Part I), chap. III.", ["A/CONF.157/24 (Part I)"]),
        ("draft resolution A/C.3/55/L.8/Rev.1", ["A/C.3/55/L.8/Rev.1"]),
        ("in S/RES/794(1992)", ["S/RES/794 (1992)"]),
    ],
)
def test_document_symbols(text: str, expected: list[str]) -> None:
    assert [t for _, t in found(text)] == expected


def test_a_period_ending_the_note_is_not_part_of_the_symbol() -> None:
    assert found("A/57/170.") == [("A/57/170", "A/57/170")]


# --------------------------------------------------------------------------- paragraphs
def test_own_paragraphs_above_and_below() -> None:
    assert found("the measures referred to in paragraph 8 above", SC) == [("paragraph 8 above", "op-8")]
    assert found("in accordance with paragraph 8 (a)", SC) == [("paragraph 8 (a)", "op-8-a")]


def test_a_paragraph_of_another_resolution_is_never_this_documents() -> None:
    assert found("in paragraph 8 of resolution 686 (1991)", SC) == [
        ("paragraph 8", "S/RES/686 (1991)#op-8"),
        ("resolution 686 (1991)", "S/RES/686 (1991)"),
    ]


def test_a_paragraph_of_the_resolution_last_named() -> None:
    text = "Recalling its resolution 58/318 of 13 September 2004, and paragraph 3 thereof,"
    assert ("paragraph 3", "A/RES/58/318#op-3") in found(text, GA)


def test_a_paragraph_that_does_not_exist_is_not_linked() -> None:
    assert found("as set out in paragraph 99 above", SC) == []


def test_an_article_of_a_named_instrument() -> None:
    text = (
        "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
        "in particular article 6, paragraph 2, of the Protocol"
    )
    assert ("article 6, paragraph 2", "trafficking-protocol#art-6-para-2") in found(text)


def test_numbered_list_items_are_not_paragraph_numbers() -> None:
    text = "reporting on 1) progress, 2) revised tasks as per paragraph 8 (a), 3) accountability measures"
    assert found(text, SC) == [("paragraph 8 (a)", "op-8-a")]


# --------------------------------------------------------------------------- instruments
def test_the_longest_instrument_name_wins() -> None:
    text = (
        "the Optional Protocol to the Convention on the Rights of the Child on the sale of children, "
        "child prostitution and child pornography"
    )
    assert [t for _, t in found(text)] == ["crc-opsc"]


def test_an_instrument_located_by_its_adopting_resolution() -> None:
    assert found("Resolution 44/25, annex.", dataclass_note(GA)) == [
        ("Resolution 44/25, annex", "crc"),
        ("Resolution 44/25", "A/RES/44/25"),
    ]


def test_ibid_is_the_previous_notes_document_and_its_annex() -> None:
    previous = tuple(find_mentions("Resolution 55/25, annex I.", dataclass_note(GA), REGISTRY))
    context = dataclass_note(GA, previous)
    mentions = find_mentions("Ibid., annex II.", context, REGISTRY)
    assert [(m.kind, m.target, m.instrument) for m in mentions] == [
        (RefKind.IBID, "A/RES/55/25", "trafficking-protocol")
    ]


def test_a_short_form_counts_only_where_the_full_name_is_given() -> None:
    assert found("the purposes of the Charter") == []
    enabled = REGISTRY.named_in("the Charter of the United Nations")
    mentions = find_mentions("the purposes of the Charter", GA, REGISTRY, enabled)
    assert [m.target for m in mentions] == ["un-charter"]
    assert find_mentions("the Charter of the Organization of American States", GA, REGISTRY, enabled) == []


def dataclass_note(context: Context, previous: tuple[Mention, ...] = ()) -> Context:
    import dataclasses

    return dataclasses.replace(context, is_note=True, previous_note=previous)


# --------------------------------------------------------------------------- link stage
def _doc(doc_id: str, symbol: str, date: str, *texts: str) -> Document:
    paras = tuple(
        Paragraph(f"op-{i}", ParaKind.OPERATIVE, f"{i}.", str(i), False, 0, (Text(t),), (i,))
        for i, t in enumerate(texts, 1)
    )
    return Document(
        doc_id,
        f"{doc_id}.txt",
        Metadata(symbol=symbol, body="General Assembly", kind="resolution", date=date),
        (),
        paras,
        (),
        None,
        (),
        (),
        len(texts),
    )


def test_a_reference_to_an_archive_document_links_to_its_paragraph() -> None:
    old = _doc("a-res-55-1", "A/RES/55/1", "2000-11-01", "Decides one thing;", "Decides another thing;")
    new = _doc("a-res-57-1", "A/RES/57/1", "2002-11-01", "Recalls paragraph 2 of its resolution 55/1;")
    corpus = link_corpus(Corpus((old, new)))
    refs = [s for s in corpus.documents[1].paragraphs[0].content if isinstance(s, Ref)]
    assert [(r.href, r.preview) for r in refs] == [
        ("A/RES/55/1.html#op-2", "Decides another thing;"),
        ("A/RES/55/1.html", None),
    ]
    assert {(c.source, c.document, c.target_anchor) for c in corpus.citations} == {
        ("a-res-57-1", "a-res-55-1", "op-2"),
        ("a-res-57-1", "a-res-55-1", None),
    }


def test_a_document_never_links_to_a_later_one() -> None:
    early = _doc("a-res-55-1", "A/RES/55/1", "2000-11-01", "Recalls its resolution 57/1;")
    late = _doc("a-res-57-1", "A/RES/57/1", "2002-11-01", "Decides;")
    corpus = link_corpus(Corpus((early, late)))
    assert not any(isinstance(s, Ref) for s in corpus.documents[0].paragraphs[0].content)
    assert corpus.citations == ()


def test_other_documents_link_to_undocs() -> None:
    doc = _doc("a-res-57-1", "A/RES/57/1", "2002-11-01", "Takes note of the report (A/57/170);")
    refs = [s for s in link_corpus(Corpus((doc,))).documents[0].paragraphs[0].content if isinstance(s, Ref)]
    assert [r.href for r in refs] == ["https://undocs.org/A/57/170"]


def test_wrap_keeps_every_character_and_every_marker() -> None:
    spans = (Text("See "), Emphasis((Text("resolution 44"),)), Text("/25, annex."), NoteRef("3", 1, True))
    ref = Ref((), "resolution", "https://undocs.org/A/RES/44/25", "t")
    out = wrap(spans, [(4, 20, ref)])
    from build_scripts.model import plain_text

    assert plain_text(out) == plain_text(spans)
    assert out[-1] == NoteRef("3", 1, True)
    assert [plain_text(s.children) for s in _refs(out)] == ["resolution 44", "/25"]


def _refs(spans: tuple[object, ...]) -> list[Ref]:
    out: list[Ref] = []
    for s in spans:
        if isinstance(s, Ref):
            out.append(s)
        elif isinstance(s, Emphasis):
            out.extend(_refs(s.children))
    return out


# --------------------------------------------------------------------------- the score
def test_precision_and_recall_against_the_hand_labelled_fixture() -> None:
    total, per = score_all()
    false = sorted(total.false)
    assert total.precision >= 0.98, f"false links: {false}"
    assert total.recall >= 0.93, f"missed: {sorted(total.missed)}"
    for name, s in per.items():
        assert s.precision >= 0.95, (name, sorted(s.false))


# --------------------------------------------------------------------------- in the built site
@pytest.mark.site
def test_a_reference_to_an_archive_document_is_a_link_to_its_page(seed_site: BuiltSite) -> None:
    page = BeautifulSoup((seed_site.site / "E/RES/1998/20.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one('#pp-5 a.un-xref[href$="E/RES/1996/26.html"]')
    assert link is not None and link.get_text() == "resolution 1996/26"
    assert link["title"] == "Economic and Social Council resolution 1996/26"


@pytest.mark.site
def test_the_cited_document_lists_who_cites_it(seed_site: BuiltSite) -> None:
    page = BeautifulSoup((seed_site.site / "E/RES/1996/26.html").read_text(encoding="utf-8"), "html.parser")
    cited = page.select("ul.un-citedby a")
    assert [a["href"] for a in cited] == ["../../../E/RES/1998/20.html", "../../../E/RES/1998/20.html#pp-5"]


@pytest.mark.site
def test_a_paragraph_reference_links_in_the_page_with_a_preview(seed_site: BuiltSite) -> None:
    page = BeautifulSoup((seed_site.site / "E/RES/1996/26.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one('#op-10 a.un-xref[href="#op-9"]')
    assert link is not None and link.get_text() == "paragraph 9 above"
    assert link["data-un-preview"] == page.select_one("#op-9 .un-num").parent.get_text(" ", strip=True).split(" ", 1)[1]


@pytest.mark.site
def test_instrument_page_lists_articles_and_citing_paragraphs(seed_site: BuiltSite) -> None:
    page = BeautifulSoup(
        (seed_site.site / "instruments/trafficking-protocol.html").read_text(encoding="utf-8"), "html.parser"
    )
    articles = [li.get_text(" ", strip=True) for li in page.select("ul.un-articles li")]
    assert any(a.startswith("Article 6, paragraph 2") for a in articles)
    citing = {a["href"] for a in page.select(".un-citing li > a")}
    assert "../A/RES/57/176.html#op-6" in citing
    assert "../A/RES/57/176.html#fn-21" in citing  # "Ibid., annex II"
