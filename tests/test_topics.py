"""Topics: the matching rules of the taxonomy's header, the seeds' tags, a broken taxonomy,
and the topic pages, links and catalog of a built seed site."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

import build_scripts.archive
from build_scripts.cli import main
from build_scripts.corpus import load_corpus
from build_scripts.model import Corpus, Topic, TopicTag
from build_scripts.render.topics import citation, excerpt, hits_by_topic, page_tags, paragraph_topics
from build_scripts.render.years import INLINE
from build_scripts.topics import TAXONOMY_FILE, Matcher, TaxonomyError, load_taxonomy, matchers, tag_corpus, tag_text

from .conftest import CONFIG, SOURCE, BuiltSite, copy_handwritten_docs
from .test_browser import browser, http_root, root

__all__ = ["browser", "http_root", "root"]  # fixtures shared with test_browser.py


def topic(terms: list[str], exclude: list[str] | None = None, topic_id: str = "t", parent: str | None = None) -> Topic:
    return Topic(topic_id, topic_id.title(), parent, None, "A test topic.", tuple(terms), tuple(exclude or ()))


def matched(terms: list[str], text: str, exclude: list[str] | None = None) -> tuple[str, ...]:
    tag = Matcher.of(topic(terms, exclude)).tag(text)
    return tag.matched if tag else ()


# --------------------------------------------------------------------------- the header's rules
@pytest.mark.parametrize("text", ["Shelter for victims", "two shelters", "SHELTERS", "a shelter."])
def test_a_term_matches_in_any_case(text: str) -> None:
    assert matched(["shelter*"], text) != ()


@pytest.mark.parametrize("text", ["a database of cases", "datacollection", "metadata", "data_sets"])
def test_a_term_matches_whole_words_only(text: str) -> None:
    assert matched(["data"], text) == ()


def test_a_hyphen_ends_a_word() -> None:
    # Why root-causes lists "non-discrimination" as an exclude phrase.
    assert matched(["discrimination"], "the principle of non-discrimination") == ("discrimination",)
    assert matched(["discrimination"], "the principle of non-discrimination", ["non-discrimination"]) == ()


@pytest.mark.parametrize(("text", "found"), [
    ("voluntary repatriation of victims", "repatriation"),
    ("victims were repatriated", "repatriated"),
    ("to repatriate them", "repatriate"),
    ("Repatriat", "Repatriat"),
])  # fmt: skip
def test_a_star_stands_for_any_ending(text: str, found: str) -> None:
    assert matched(["repatriat*"], text) == (found,)


def test_a_star_never_matches_inside_a_word() -> None:
    assert matched(["repatriat*"], "nonrepatriation") == ()
    assert matched(["child*"], "grandchildren") == ()


@pytest.mark.parametrize("term", ["*trafficking", "traf*ficking", "child* *labour", "*"])
def test_a_star_elsewhere_than_a_word_end_is_refused(tmp_path: Path, term: str) -> None:
    path = write(tmp_path, f"- id: t\n  label: T\n  description: D.\n  terms:\n    - {json.dumps(term)}\n")
    with pytest.raises(TaxonomyError, match=r"topics\.yml:1: topic 't': in 'terms', .*'\*' may only end a word"):
        load_taxonomy(path)


@pytest.mark.parametrize("text", ["witness protection", "witness\nprotection", "witness   \n  protection"])
def test_the_words_of_a_term_match_across_any_spacing(text: str) -> None:
    assert matched(["witness protection"], f"Steps, including {text} programmes") == ("witness protection",)


def test_the_words_of_a_term_match_in_order_only() -> None:
    assert matched(["witness protection"], "protection of a witness") == ()


def test_punctuation_in_a_term_must_be_in_the_text() -> None:
    assert matched(["capacity-building"], "capacity building") == ()
    assert matched(["capacity-building"], "capacity-building") == ("capacity-building",)


def test_an_occurrence_inside_an_exclude_phrase_does_not_count() -> None:
    terms, exclude = ["discrimination"], ["Discrimination against Women"]
    convention = "the Convention on the Elimination of All Forms of Discrimination against Women"
    assert matched(terms, convention, exclude) == ()
    both = f"{convention}, and discrimination as a cause of trafficking"
    tag = Matcher.of(topic(terms, exclude)).tag(both)
    assert tag is not None and tag.matched == ("discrimination",)
    assert [both[a:b] for a, b in tag.spans] == ["discrimination"]


def test_a_term_that_only_starts_inside_an_exclude_phrase_counts() -> None:
    assert matched(["women and girls"], "trafficking in women and girls", ["trafficking in women"]) == (
        "women and girls",
    )


def test_the_fullest_term_wins_at_one_place() -> None:
    assert matched(["protection", "protection of victims"], "the protection of victims") == ("protection of victims",)


def test_matches_are_recorded_as_printed_with_their_offsets() -> None:
    text = "Shelters and shelter, then SHELTER\nhomes"
    tag = Matcher.of(topic(["shelter*"])).tag(text)
    assert tag is not None
    assert tag.matched == ("Shelters", "shelter")  # one form per word, whatever its case
    assert [text[a:b] for a, b in tag.spans] == ["Shelters", "shelter", "SHELTER"]


def test_a_text_can_have_several_topics_in_id_order() -> None:
    compiled = matchers([topic(["women"], topic_id="women"), topic(["child*"], topic_id="children")])
    tags = tag_text("women and children", compiled)
    assert [t.topic for t in tags] == ["children", "women"]


def test_a_parent_is_matched_independently_of_its_subtopics() -> None:
    parent = topic(["protection of victims"], topic_id="protection")
    child = topic(["shelter*"], topic_id="shelter", parent="protection")
    assert [t.topic for t in tag_text("shelters for women", matchers([parent, child]))] == ["shelter"]


def test_a_topic_without_terms_tags_nothing() -> None:
    assert Matcher.of(topic([])).tag("anything at all") is None


# --------------------------------------------------------------------------- a broken taxonomy
def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "- id: a\n  label: A\n  description: First.\n  terms: [x]\n"
BROKEN = {
    "syntax": (GOOD + "- id: b\n  label: [unclosed\n", r":6: not valid YAML"),
    "parent": (GOOD + "- id: b\n  label: B\n  parent: nowhere\n  description: D.\n",
               r":5: topic 'b': parent 'nowhere'"),
    "duplicate": (GOOD + "- id: a\n  label: B\n  description: D.\n",
                  r":5: topic 'a': the id is already used .* line 1"),
    "label": (GOOD + "- id: b\n  description: D.\n", r":5: topic 'b': 'label' is required"),
    "field": (GOOD + "- id: b\n  label: B\n  description: D.\n  term: [y]\n", r":5: topic 'b': unknown field 'term'"),
    "slug": (GOOD + "- id: Witness Protection\n  label: B\n  description: D.\n", r":5: topic 'Witness Protection'"),
    "loop": ("- id: a\n  label: A\n  parent: b\n  description: D.\n- id: b\n  label: B\n  parent: a\n"
             "  description: D.\n", r":1: topic 'a': its parents form a loop"),
    "not a list": ("id: a\nlabel: A\n", r":1: the taxonomy must be a list"),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_taxonomy_is_an_error_naming_file_and_line(tmp_path: Path, case: str) -> None:
    text, message = BROKEN[case]
    with pytest.raises(TaxonomyError, match=r"topics\.yml" + message):
        load_taxonomy(write(tmp_path, text))


def test_a_broken_taxonomy_fails_the_build_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, BROKEN["parent"][0])
    monkeypatch.setattr(build_scripts.archive, "tag_corpus", functools.partial(tag_corpus, path=broken))
    docs, site = tmp_path / "docs", tmp_path / "site"
    argv = ["build", "--source", str(SOURCE), "--docs-dir", str(docs), "--site-dir", str(site), "--config", str(CONFIG)]
    assert main(argv) == 1
    assert re.search(r"error: \S*topics\.yml:5: topic 'b': parent 'nowhere' is not a topic id", capsys.readouterr().err)


def test_the_shipped_taxonomy_loads() -> None:
    taxonomy = load_taxonomy(TAXONOMY_FILE)
    assert len(taxonomy) >= 8 and {"protection", "witness-protection"} <= {t.id for t in taxonomy}


# --------------------------------------------------------------------------- the seeds
@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return tag_corpus(load_corpus(SOURCE))


def tags_of(corpus: Corpus, doc_id: str, anchor: str) -> dict[str, TopicTag]:
    return {t.topic: t for t in corpus.topics.get(doc_id, {}).get(anchor, ())}


@pytest.mark.parametrize(("doc_id", "anchor", "topic_id", "words"), [
    ("a-res-57-176", "op-16", "witness-protection", "witness protection"),
    ("a-res-57-176", "op-17", "non-punishment", "being prosecuted for their illegal entry"),
    ("a-res-57-176", "op-17", "migrants", "illegal entry"),
    ("a-res-57-176", "op-18", "internet-technology", "Internet"),
    ("a-res-57-176", "op-4", "other-exploitation", "forced marriages"),
    ("e-res-1996-26", "op-3", "other-exploitation", "international adoption"),
    ("e-res-1996-26", "pp-1", "children", "children"),
    ("sg-report-1998-trafficking", "para-33", "witness-protection", "act as witnesses"),
    ("sg-report-1998-trafficking", "para-33", "non-punishment", "not criminalized"),
    ("secretariat-note-2003-trafficking-in-persons", "op-6-b", "compensation", "restitution"),
])  # fmt: skip
def test_seed_paragraph_has_topic(seeds: Corpus, doc_id: str, anchor: str, topic_id: str, words: str) -> None:
    tags = tags_of(seeds, doc_id, anchor)
    assert topic_id in tags, sorted(tags)
    assert words in tags[topic_id].matched


@pytest.mark.parametrize(("doc_id", "anchor", "topic_id"), [
    # Naming the Convention on the Rights of the Child (and its Optional Protocol) is not a topic.
    ("secretariat-note-2003-trafficking-in-persons", "pp-3", "children"),
    ("a-res-57-176", "pp-2", "children"),
    # "being prosecuted for their illegal entry" is about not prosecuting victims.
    ("a-res-57-176", "op-17", "prosecution"),
])  # fmt: skip
def test_seed_paragraph_has_not_topic(seeds: Corpus, doc_id: str, anchor: str, topic_id: str) -> None:
    assert topic_id not in tags_of(seeds, doc_id, anchor)


def test_every_tag_names_a_topic_and_points_at_its_words(seeds: Corpus) -> None:
    ids = {t.id for t in seeds.taxonomy}
    for doc in seeds.documents:
        text = {p.anchor: p.text for p in doc.paragraphs}
        for anchor, tags in seeds.topics.get(doc.id, {}).items():
            assert [t.topic for t in tags] == sorted(t.topic for t in tags)
            for tag in tags:
                assert tag.topic in ids
                printed = {" ".join(text[anchor][a:b].split()).casefold() for a, b in tag.spans}
                assert printed == {m.casefold() for m in tag.matched}


def test_citation_labels(seeds: Corpus) -> None:
    docs = {d.id: d for d in seeds.documents}
    paras = {(d.id, p.anchor): p for d in seeds.documents for p in d.paragraphs}
    note = "secretariat-note-2003-trafficking-in-persons"
    assert citation(docs["a-res-57-176"], paras["a-res-57-176", "op-16"]) == "A/RES/57/176, para. 16"
    assert citation(docs["e-res-1998-20"], paras["e-res-1998-20", "pp-14"]) == "E/RES/1998/20, PP14"
    assert citation(docs[note], paras[note, "op-5-b-ii"]) == f"{note}, para. 5 (b) (ii)"


def test_an_excerpt_escapes_the_text_and_marks_the_matches() -> None:
    text = "Victims <script> need shelter & care"
    assert str(excerpt(text, ((22, 29),))) == "Victims &lt;script&gt; need <mark>shelter</mark> &amp; care"


def test_a_long_excerpt_is_cut_around_its_first_match() -> None:
    text = " ".join(["word"] * 200) + " shelter " + " ".join(["word"] * 200)
    start = text.index("shelter")
    out = str(excerpt(text, ((start, start + 7),), width=100))
    assert out.startswith("…") and out.endswith("…") and "<mark>shelter</mark>" in out and len(out) < 140


# --------------------------------------------------------------------------- the built seed site
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.site
def test_every_topic_has_a_page_linked_from_the_index(seed_site: BuiltSite) -> None:
    index = soup(seed_site.site / "topics" / "index.html")
    links = {str(a["href"]) for a in index.select("article a[href]")}
    for t in load_taxonomy():
        assert (seed_site.site / "topics" / f"{t.id}.html").is_file()
        assert f"{t.id}.html" in links


@pytest.mark.site
def test_topic_index_is_a_tree(seed_site: BuiltSite) -> None:
    index = soup(seed_site.site / "topics" / "index.html")
    for t in load_taxonomy():
        link = index.select_one(f'article a[href="{t.id}.html"]')
        assert link is not None
        outer = link.find_parent("li").find_parent("li")  # type: ignore[union-attr]
        parent = outer.find("a")["href"] if outer is not None else None  # type: ignore[index]
        assert parent == (f"{t.parent}.html" if t.parent else None), t.id


@pytest.mark.site
def test_topics_are_linked_from_home_and_navigation(seed_site: BuiltSite) -> None:
    home = soup(seed_site.site / "index.html")
    assert home.select_one('article a[href="topics/index.html"]') is not None
    assert home.select_one('nav a[href="topics/index.html"]') is not None


@pytest.mark.site
def test_topic_page_lists_the_paragraph_with_its_reason(seed_site: BuiltSite) -> None:
    page = seed_site.site / "topics" / "witness-protection.html"
    entry = next(li for li in soup(page).select(".un-hits li") if "A/RES/57/176, para. 16" in li.get_text())
    link = entry.select_one("a[href]")
    assert link is not None and link["href"] == "../A/RES/57/176.html#op-16"
    target = soup((page.parent / "../A/RES/57/176.html").resolve())
    assert target.find(id="op-16") is not None
    assert "witness protection" in [m.get_text() for m in entry.select("mark")]
    assert "matched: witness protection" in entry.get_text()


@pytest.mark.site
def test_topic_page_groups_documents_in_date_order(seed_site: BuiltSite) -> None:
    page = soup(seed_site.site / "topics" / "witness-protection.html")
    order = [str(h["id"]).removeprefix("doc-") for h in page.select("h3.un-topic-doc")]
    dates = {d.id: d.meta.date or "9999" for d in seed_site.corpus.documents}
    assert order and [dates[i] for i in order] == sorted(dates[i] for i in order)


@pytest.mark.site
def test_parent_topic_page_lists_its_subtopics(seed_site: BuiltSite) -> None:
    page = soup(seed_site.site / "topics" / "protection.html")
    links = {str(a["href"]) for a in page.select("article a[href]")}
    assert {"witness-protection.html", "assistance-shelter.html", "non-punishment.html"} <= links


@pytest.mark.site
def test_paragraph_names_its_topics_for_the_line_under_it(seed_site: BuiltSite) -> None:
    page = soup(seed_site.site / "A" / "RES" / "57" / "176.html")
    para = page.find(id="op-16")
    assert para is not None
    # data-topics: the positions of its topics' links in the row at the top, in tag order.
    row = [str(a["href"]) for a in page.select("nav.un-topics a")]
    links = [row[int(n)] for n in str(para["data-topics"]).split()]
    expected = [t.topic for t in seed_site.corpus.topics["a-res-57-176"]["op-16"]]
    assert links == [f"../../../topics/{t}.html" for t in expected] and "witness-protection" in expected
    tagged = [p for p in page.select("p.un-para") if seed_site.corpus.topics["a-res-57-176"].get(str(p["id"]))]
    assert tagged == page.select("p.un-para[data-topics]")
    # The line itself is written by reader.js (tests/test_topics.py::test_reader_writes_the_topic_lines).
    assert page.select("p.un-tags") == []


@pytest.mark.site
def test_page_lists_its_topics_at_the_top(seed_site: BuiltSite) -> None:
    path = seed_site.site / "A" / "RES" / "57" / "176.html"
    page = soup(path)
    nav = page.select_one('article nav.un-topics[aria-label="Topics"]')
    assert nav is not None
    title = page.select_one("article h1#title")
    assert title is not None and nav.find_next("h1") is title  # above the title, where the tags were
    assert nav.get_text(" ", strip=True).startswith("Topics:")
    links = nav.select("ul > li > a[href]")
    labels = {t.id: t.label for t in seed_site.corpus.taxonomy}
    ids = sorted({t.topic for tags in seed_site.corpus.topics["a-res-57-176"].values() for t in tags})
    assert [a.get_text() for a in links] == sorted(labels[i] for i in ids)  # every topic once, by label
    hrefs = [str(a["href"]) for a in links]
    assert "../../../topics/witness-protection.html" in hrefs
    for href in hrefs:  # relative links to pages that exist (they work from file://)
        assert href.startswith("../../../topics/") and (path.parent / href).resolve().is_file(), href
    # Material's tags are gone, from the page and from the topic pages.
    assert page.select(".md-tags, .md-tag") == []
    listing = soup(seed_site.site / "topics" / "witness-protection.html")
    assert listing.select(".md-tag, [id^='tag:']") == []


@pytest.mark.site
def test_topic_page_lists_its_documents(seed_site: BuiltSite) -> None:
    page = soup(seed_site.site / "topics" / "witness-protection.html")
    items = page.select("ul.un-topic-docs > li")
    groups = [str(h["id"]) for h in page.select("h3.un-topic-doc")]
    assert [str(li.select("a")[1]["href"]) for li in items] == [f"#{g}" for g in groups]
    first = next(li for li in items if "A/RES/57/176" in li.get_text())
    assert first.select_one("a")["href"] == "../A/RES/57/176.html"  # type: ignore[index]
    assert first.get_text().startswith("A/RES/57/176: Trafficking in women and girls: ")
    assert re.search(r": \d+ paragraphs?$", first.get_text())


def test_page_topics_are_deterministic_and_relative(seeds: Corpus) -> None:
    doc = next(d for d in seeds.documents if d.id == "a-res-57-176")
    tags = page_tags(seeds, doc)
    labels = [label for _, label, _ in tags]
    assert labels == sorted(labels) and len(set(labels)) == len(tags)
    assert ("witness-protection", "Witness protection", "../../../topics/witness-protection.html") in tags
    per_paragraph = paragraph_topics(seeds, doc)
    assert per_paragraph["op-16"] == tuple(t.topic for t in seeds.topics[doc.id]["op-16"])
    assert all(per_paragraph.values())  # an untagged paragraph has no data-topics
    assert {t for ids in per_paragraph.values() for t in ids} == {t for t, _, _ in tags}
    report = next(d for d in seeds.documents if d.id == "sg-report-1998-trafficking")
    assert all(link.startswith("../topics/") for _, _, link in page_tags(seeds, report))


def test_the_archive_configures_no_plugin() -> None:
    """Without Material's tags plugin (or any), a page depends only on its own Markdown:
    incremental MkDocs builds are exact (tests/test_scale.py)."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert config["plugins"] == []  # listed and empty: MkDocs would add its search plugin otherwise
    serve = yaml.safe_load((CONFIG.parent / "mkdocs.serve.yml").read_text(encoding="utf-8"))
    assert "plugins" not in serve


@pytest.mark.browser
def test_reader_writes_the_topic_lines(browser: Browser, root: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(root + "A/RES/57/176.html")
        line = page.locator("#op-16 + p.un-tags")
        assert line.inner_text().startswith("Topics: ")
        names = line.locator("a").all_inner_texts()
        assert "Witness protection" in names
        witness = line.locator("a", has_text="Witness protection")
        assert witness.get_attribute("href") == "../../../topics/witness-protection.html"
        # One line per tagged paragraph, in the order of its data-topics; none for the others.
        counts = page.evaluate(
            """() => [document.querySelectorAll('.un-para[data-topics]').length,
                      document.querySelectorAll('.un-para[data-topics] + p.un-tags').length,
                      document.querySelectorAll('p.un-tags').length]"""
        )
        assert counts[0] > 30 and counts == [counts[0]] * 3
        witness.click()
        page.wait_for_url("**/topics/witness-protection.html")
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.site
def test_catalog_topics_are_the_paragraph_tags(seed_site: BuiltSite) -> None:
    catalog = json.loads((seed_site.site / "catalog.json").read_text(encoding="utf-8"))["documents"]
    tagged = tag_corpus(seed_site.corpus)
    filled = 0
    for entry in catalog:
        for para in entry["paragraphs"]:
            expected = sorted(t.topic for t in tagged.topics.get(entry["id"], {}).get(para["anchor"], ()))
            assert para["topics"] == expected, f"{entry['id']}#{para['anchor']}"
            filled += bool(expected)
    op16 = next(p for e in catalog if e["id"] == "a-res-57-176" for p in e["paragraphs"] if p["anchor"] == "op-16")
    assert "witness-protection" in op16["topics"]
    assert filled >= 100


@pytest.mark.site
def test_untagged_archive_still_builds(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "plain.txt").write_text("Some words about the weather.\n", encoding="utf-8")
    docs, site = tmp_path / "docs", tmp_path / "site"
    copy_handwritten_docs(docs)
    argv = ["build", "--source", str(src), "--docs-dir", str(docs), "--site-dir", str(site), "--config", str(CONFIG)]
    assert main(argv) == 0
    assert "no paragraph yet" in (site / "topics" / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_a_small_topic_lists_its_paragraphs_itself_without_year_pages(seed_site: BuiltSite) -> None:
    """Year pages only once a topic has more than INLINE paragraphs (tests/test_bounded.py builds
    those): a small archive is not made of near-empty pages."""
    page = soup(seed_site.site / "topics" / "witness-protection.html")
    hits = hits_by_topic(seed_site.corpus)["witness-protection"]
    assert 0 < len(hits) <= INLINE
    assert page.select("h2#years") == []
    assert not (seed_site.site / "topics" / "witness-protection").exists()
    entries = page.select(".un-hits li")
    assert len(entries) == len(hits)
    entry = next(li for li in entries if "A/RES/57/176, para. 16" in li.get_text())
    assert entry.select_one("a[href]")["href"] == "../A/RES/57/176.html#op-16"  # type: ignore[index]
