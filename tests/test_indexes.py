"""Index pages and the build report stay small at any size, and every document stays reachable.

Unit tests over made-up documents (many, quickly) for the bucketing, thresholds and bounds, and
tests over the real corpus and a generated one for the report's removals and reachability.
"""

from __future__ import annotations

import posixpath
import random
import re
import shutil
from pathlib import Path

import pytest

from build_scripts.corpus import load_corpus
from build_scripts.model import Corpus, Diagnostic, Document, Metadata, Removal
from build_scripts.render import indexes
from build_scripts.render.html import md_escape
from build_scripts.render.indexes import (
    HOME,
    LATEST,
    LIST_LIMIT,
    REPORT,
    REPORT_WARNINGS,
    UNDATED,
    by_body,
    by_kind,
    by_year,
    index_pages,
    natural,
    report_path,
    year_of,
)
from tests.bench.synth import generate

from .conftest import ROOT

BODIES = ("General Assembly", "Security Council", "Economic and Social Council", "Human Rights Council")
YEARS = tuple(str(y) for y in range(2001, 2011))
LINK = re.compile(r"\]\(((?:[^()\s]|\([^()\s]*\))+)\)|href=\"([^\"]+)\"")
"""A Markdown link's target (balanced parentheses: ``S/RES/794(1992).md``) or an href."""
DOC_LINE = re.compile(r"^- \[", re.MULTILINE)
PAGE_PATH = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)*\.md$")
OTHER_PAGES = {"topics/index.md", "instruments/index.md", "about.md"}
"""Pages the index pages link to that other renderers (or people) write."""
BOUND = 200 * 1024


def make_doc(
    i: int, body: str | None, year: str | None, kind: str = "resolution", removals: int = 0, warnings: int = 0
) -> Document:
    """A document with just what index pages read: metadata, source, removals, warnings."""
    date = f"{year}-{i % 12 + 1:02d}-{i % 28 + 1:02d}" if year else None
    source = f"src/doc-{i}.txt"
    return Document(
        id=f"x-res-{i}",
        source=source,
        meta=Metadata(symbol=f"X/RES/{i}", body=body, kind=kind, title=f"Title | {i} <b>", date=date),
        masthead=(),
        blocks=(),
        footnotes=(),
        notes_title=None,
        removals=tuple(Removal(10 + k, f"{i}/99 *page* {k}", "page number") for k in range(removals)),
        diagnostics=tuple(
            Diagnostic(source, 5 + k, "note-missing", f"note {k} of {i} missing") for k in range(warnings)
        ),
        line_count=100,
    )


def corpus_of(n: int, *, undated: int = 0, removals: int = 1, warnings: int = 0, seed: int = 1) -> Corpus:
    """``n`` documents spread evenly over BODIES x YEARS and two kinds, plus ``undated`` ones."""
    rng = random.Random(seed)
    docs = [
        make_doc(i, BODIES[i % 4], YEARS[i // 4 % 10], ("resolution", "report")[rng.random() < 0.2], removals, warnings)
        for i in range(n)
    ]
    docs += [make_doc(n + i, None, None, "note", removals, warnings) for i in range(undated)]
    return Corpus(tuple(sorted(docs, key=lambda d: d.id)))


def doc_md(doc: Document) -> str:
    return doc.url.removesuffix(".html") + ".md"


def links(pages: dict[str, str], page: str) -> list[str]:
    """Every link target of ``page``, resolved to a path in docs/ (``.html`` read as ``.md``)."""
    out = []
    for m in LINK.finditer(pages[page]):
        target = (m[1] or m[2]).split("#")[0]
        if not target:
            continue
        assert not target.startswith("/") and "://" not in target, (page, target)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        out.append(path.removesuffix(".html") + ".md" if path.endswith(".html") else path)
    return out


def reachable(pages: dict[str, str]) -> tuple[set[str], set[str]]:
    """Index pages reached from the home page by following links (not through the report),
    and the other pages they link to."""
    seen, todo, others = {HOME}, [HOME], set()
    while todo:
        for path in links(pages, todo.pop()):
            if path in pages and path != REPORT and not path.startswith("report/"):
                if path not in seen:
                    seen.add(path)
                    todo.append(path)
            elif path not in pages:
                others.add(path)
    return seen, others


def size(text: str) -> int:
    return len(text.encode("utf-8"))


# --------------------------------------------------------------------------- bucketing
def test_year_buckets_newest_first_and_undated_last() -> None:
    corpus = corpus_of(40, undated=3)
    years = by_year(corpus.documents)
    assert [g.key for g in years] == [*reversed(YEARS), UNDATED]
    assert [g.path for g in years][:2] == ["years/2010.md", "years/2009.md"]
    assert years[-1].path == "years/undated.md" and years[-1].title == "Date not stated"
    assert sum(len(g.docs) for g in years) == 43
    for group in years:
        assert all(year_of(d) == group.key for d in group.docs)
        assert list(group.docs) == sorted(group.docs, key=lambda d: (d.meta.date or "", natural(d.id)))


def test_body_and_kind_groups_and_their_year_pages() -> None:
    corpus = corpus_of(8, undated=1)
    bodies = by_body(corpus.documents)
    assert [g.title for g in bodies] == ["Body not stated", *sorted(BODIES)]
    assert bodies[1].path == "bodies/economic-and-social-council.md"
    assert bodies[1].year_path("2002") == "bodies/economic-and-social-council/2002.md"
    assert [g.path for g in by_kind(corpus.documents)] == ["kinds/resolutions.md", "kinds/reports.md", "kinds/notes.md"]


def test_natural_order_of_numbers_in_ids_and_file_names() -> None:
    names = ["a-res-57-10", "a-res-57-2", "a-res-57-1", "a-57-101", "a-res-58-1"]
    assert sorted(names, key=natural) == ["a-57-101", "a-res-57-1", "a-res-57-2", "a-res-57-10", "a-res-58-1"]


# --------------------------------------------------------------------------- thresholds
def test_home_lists_every_document_up_to_the_limit() -> None:
    pages = index_pages(corpus_of(LIST_LIMIT))
    assert pages[HOME].count("<tr><td") == LIST_LIMIT
    assert "## All documents" in pages[HOME] and "## Latest documents" not in pages[HOME]


def test_home_above_the_limit_shows_counts_and_the_latest_documents() -> None:
    corpus = corpus_of(LIST_LIMIT + 1)
    home = index_pages(corpus)[HOME]
    assert "<tr><td" not in home and "## All documents" not in home
    latest = home.split("## Latest documents", 1)[1]
    newest = sorted(corpus.documents, key=lambda d: (d.meta.date or "", natural(d.id)), reverse=True)[:LATEST]
    assert len(DOC_LINE.findall(latest)) == LATEST
    assert all(f"]({doc_md(d)})" in latest for d in newest)
    # Counts and links by body, year and kind.
    for group in (*by_year(corpus.documents), *by_body(corpus.documents), *by_kind(corpus.documents)):
        assert f"[{group.title}]({group.path}) ({len(group.docs)})" in home


def test_body_page_lists_its_documents_only_up_to_the_limit() -> None:
    # 4 bodies: LIST_LIMIT documents each, then one more for the General Assembly.
    small = index_pages(corpus_of(4 * LIST_LIMIT))
    large = index_pages(corpus_of(4 * LIST_LIMIT + 1))
    for pages, listed in ((small, True), (large, False)):
        page = pages["bodies/general-assembly.md"]
        assert ("## All documents" in page) is listed
        assert len(DOC_LINE.findall(page)) == (LIST_LIMIT if listed else 0)
        assert "| [2001](general-assembly/2001.md) | " in page


def test_addresses_do_not_depend_on_the_size_of_the_archive() -> None:
    """Every page of a small archive exists, at the same address, in a larger one."""
    small = index_pages(corpus_of(40, undated=1))
    large = index_pages(corpus_of(4000, undated=150))
    assert set(small) <= set(large)
    for path in small:
        assert PAGE_PATH.match(path), path
    assert "bodies/general-assembly/2003.md" in small and "kinds/resolutions/2003.md" in small
    assert "bodies/body-not-stated/undated.md" in small and "years/undated.md" in small
    assert "report/2003.md" in small and "report/undated.md" in small


# --------------------------------------------------------------------------- bounds
def test_pages_above_the_limit_do_not_grow_with_the_archive() -> None:
    """Only per-year pages grow with N (with the documents of that year); the rest stay put."""
    smaller = index_pages(corpus_of(1000, undated=5, warnings=1))
    larger = index_pages(corpus_of(4000, undated=20, warnings=1))
    per_year = re.compile(r"(?:^|/)(?:\d{4}|undated)\.md$")
    for path, text in smaller.items():
        if per_year.search(path):
            continue
        # A page other than a year's lists at most LIST_LIMIT documents...
        assert len(DOC_LINE.findall(larger[path])) <= LIST_LIMIT, path
        if "## All documents" in larger[path]:
            continue
        # ... and past the limit its counts gain a digit or two; nothing else may grow.
        assert size(larger[path]) < size(text) + 600, path
    assert max(size(t) for t in larger.values()) < BOUND
    # The per-year pages grow as the year's documents do (4x), not faster.
    assert size(larger["years/2005.md"]) < 4.5 * size(smaller["years/2005.md"])


def test_report_lists_every_warning_and_removal_on_bounded_pages() -> None:
    corpus = corpus_of(600, undated=4, removals=2, warnings=1)
    pages = index_pages(corpus)
    report = pages[REPORT]
    # report.md: totals, a row per year, the first warnings and the count of the others.
    assert "604 documents" in report and "1,208 lines of page furniture removed" in report
    assert "| [2010](report/2010.md) | 60 | 60 | 120 |" in report
    assert "| [Date not stated](report/undated.md) | 4 | 4 | 8 |" in report
    warning = (
        r"^- src/doc\\-\d+\\\.txt:5: note 0 of \d+ missing"
        r" \(\[details\]\(report/(?:\d{4}|undated)\.md#doc-x-res-\d+\)\)$"
    )
    listed = re.findall(warning, report, re.MULTILINE)
    assert len(listed) == REPORT_WARNINGS
    assert f"{604 - REPORT_WARNINGS} more warnings" in report
    assert "Removed, line" not in report
    # Each document's warnings and removed lines are on its year's page, under its own section.
    for doc in corpus.documents:
        page = pages[report_path(year_of(doc))]
        section = page.split("{#doc-" + doc.id + "}", 1)[1].split("\n## ", 1)[0]
        assert f"[{md_escape(doc.meta.symbol or '')}](../{doc_md(doc)})" in section
        for d in doc.diagnostics:
            assert f"- Warning, line {d.line}: {md_escape(d.message)}\n" in section
        for r in doc.removals:
            assert f"- Removed, line {r.line} ({r.reason}): {md_escape(r.text)}\n" in section
    removed = sum(p.count("\n- Removed, line ") for path, p in pages.items() if path.startswith("report/"))
    assert removed == 1208
    assert max(size(p) for path, p in pages.items() if path.startswith("report")) < BOUND


def test_report_lists_archive_diagnostics_and_files_with_nothing_to_report() -> None:
    quiet = make_doc(1, "General Assembly", "2002", removals=0)
    noisy = make_doc(2, "General Assembly", "2002", removals=1)
    problem = Diagnostic("broken.txt", 0, "unreadable", "the file is not text")
    pages = index_pages(Corpus((quiet, noisy), diagnostics=(problem,)))
    assert "## Archive\n\n- broken\\.txt:1: the file is not text" in pages[REPORT]
    year = pages["report/2002.md"]
    assert "| src/doc\\-1\\.txt | [X/RES/1](../X/RES/1.md) | 0 | 0 | 0 | 0 |" in year
    assert "| [src/doc\\-2\\.txt](#doc-x-res-2) |" in year
    assert "{#doc-x-res-2}" in year and "{#doc-x-res-1}" not in year


# --------------------------------------------------------------------------- reachability, links, determinism
def test_every_document_is_reachable_from_home_through_the_index_pages() -> None:
    corpus = corpus_of(1500, undated=7)
    pages = index_pages(corpus)
    seen, others = reachable(pages)
    wanted = {doc_md(d) for d in corpus.documents}
    assert wanted <= others
    assert others - wanted <= OTHER_PAGES
    # Every index page (not the report) is reached; every document from a year page and
    # from its body's and kind's pages of that year.
    assert seen == {p for p in pages if p != REPORT and not p.startswith("report/")}
    targets = {path: set(links(pages, path)) for path in pages}
    for doc in corpus.documents:
        year = year_of(doc)
        for page in (f"years/{year}.md", by_body([doc])[0].year_path(year), by_kind([doc])[0].year_path(year)):
            assert doc_md(doc) in targets[page], (doc.id, page)


def test_report_pages_are_reachable_and_link_every_document() -> None:
    corpus = corpus_of(300, undated=2)
    pages = index_pages(corpus)
    years = {p for p in links(pages, REPORT) if p.startswith("report/")}
    assert years == {p for p in pages if p.startswith("report/")}
    linked = {t for p in years for t in links(pages, p)}
    assert {doc_md(d) for d in corpus.documents} <= linked


def test_every_link_of_every_index_page_leads_somewhere() -> None:
    corpus = corpus_of(700, undated=3, warnings=1)
    pages = index_pages(corpus)
    known = set(pages) | {doc_md(d) for d in corpus.documents} | OTHER_PAGES
    for path in pages:
        for target in links(pages, path):
            assert target in known, (path, target)


def test_output_does_not_depend_on_the_order_of_the_documents() -> None:
    corpus = corpus_of(300, undated=3, warnings=1)
    shuffled = list(corpus.documents)
    random.Random(3).shuffle(shuffled)
    assert index_pages(Corpus(tuple(shuffled))) == index_pages(corpus)


def test_text_from_documents_cannot_inject_markup() -> None:
    pages = index_pages(corpus_of(5))
    assert "<b>" not in "".join(pages.values())
    assert "Title &#124; 1 &lt;b&gt;" in pages["years/2001.md"]


# --------------------------------------------------------------------------- real documents
def test_report_lists_every_removed_line_of_real_documents(tmp_path: Path) -> None:
    # Real texts with running headers, page numbers, job numbers (quick to parse).
    for name in ("A_80_590.txt", "A_HRC_59_15.md", "A_HRC_WG_6_48_SVN_2.txt", "A_RES_73_3.txt", "S_2020_445.txt"):
        for path in (ROOT / "tests" / "corpus").glob(Path(name).stem + ".*"):
            shutil.copy(path, tmp_path / path.name)
    corpus = load_corpus(tmp_path)
    pages = index_pages(corpus)
    assert sum(len(d.removals) for d in corpus.documents) > 100
    for doc in corpus.documents:
        page = pages[report_path(year_of(doc))]
        for r in doc.removals:
            assert f"- Removed, line {r.line} ({r.reason}): {md_escape(r.text)}\n" in page, (doc.source, r)
    listed = sum(p.count("\n- Removed, line ") for path, p in pages.items() if path.startswith("report/"))
    assert listed == sum(len(d.removals) for d in corpus.documents)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A generated archive (parsed, not linked: index pages read only metadata)."""
    folder = tmp_path_factory.mktemp("synth-indexes") / "source"
    generate(50, folder, seed=7)
    return load_corpus(folder)


def test_generated_archive_above_the_limit_has_bounded_reachable_pages(
    generated: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limits lowered so that 50 generated documents (cheap to parse) are above them.
    monkeypatch.setattr(indexes, "LIST_LIMIT", 12)
    monkeypatch.setattr(indexes, "LATEST", 5)
    pages = index_pages(generated)
    latest = pages[HOME].split("## Latest documents", 1)[1]
    assert "<tr><td" not in pages[HOME] and len(DOC_LINE.findall(latest)) == 5
    bodies = by_body(generated.documents)
    assert {len(g.docs) > 12 for g in bodies} == {True, False}
    for group in bodies:
        # A small body keeps its whole list; a large one shows its years only.
        listed = len(DOC_LINE.findall(pages[group.path]))
        assert listed == (len(group.docs) if len(group.docs) <= 12 else 0), group.title
    _, others = reachable(pages)
    assert {doc_md(d) for d in generated.documents} <= others
    years = [p for p in pages if re.fullmatch(r"years/(?:\d{4}|undated)\.md", p)]
    from_years = {t for p in years for t in links(pages, p)}
    assert {doc_md(d) for d in generated.documents} <= from_years
    removals = sum(len(d.removals) for d in generated.documents)
    assert removals > 0
    assert sum(p.count("\n- Removed, line ") for path, p in pages.items() if path.startswith("report/")) == removals
    for path in pages:
        assert PAGE_PATH.match(path), path


def test_index_pages_of_a_folder_of_bare_files(tmp_path: Path) -> None:
    """No body, no date, no symbol: one "Body not stated" and one undated bucket, all linked."""
    (tmp_path / "one.txt").write_text("Some text of a note.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Another text.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    pages = index_pages(corpus)
    assert {
        "years/undated.md",
        "bodies/body-not-stated.md",
        "bodies/body-not-stated/undated.md",
        "report/undated.md",
    } <= set(pages)
    _, others = reachable(pages)
    assert {doc_md(d) for d in corpus.documents} <= others
