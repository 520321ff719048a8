"""The built site as a whole: pages, links, privacy, determinism, catalog, CLI, bad input, injection."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from build_scripts.cli import main
from build_scripts.corpus import load_corpus
from build_scripts.model import Corpus, Diagnostic, Severity
from build_scripts.site import build_timestamp

from .conftest import CONFIG, ROOT, SOURCE, BuiltSite, build_into, copy_handwritten_docs

GOOD = "003_23715ae951ce0b35.txt"
GOOD_ID = "e-res-1996-26"
EXPECTED_PAGES = ["A/RES/57/176.html", "E/RES/1998/20.html", "E/RES/1996/26.html", "index.html", "catalog.json",
                  "documents/sg-report-1998-trafficking.html",
                  "documents/secretariat-note-2003-trafficking-in-persons.html",
                  "kinds/index.html", "instruments/index.html", "instruments/crc.html",
                  "instruments/trafficking-protocol.html"]  # fmt: skip
KINDS = {"resolution", "decision", "draft resolution", "report", "note", "other"}
ENTRY_KEYS = {"id", "symbol", "title", "body", "kind", "date", "source", "url", "paragraphs", "footnotes"}
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
Capture = pytest.CaptureFixture[str]
Pages = dict[Path, BeautifulSoup]
Entries = list[dict[str, Any]]
RESOURCES = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def pages(seed_site: BuiltSite) -> Pages:
    """Every built HTML page of the seed site, parsed, keyed by resolved path."""
    return {p.resolve(): soup(p) for p in sorted(seed_site.site.rglob("*.html"))}


@pytest.fixture(scope="module")
def catalog(seed_site: BuiltSite) -> Entries:
    return list(json.loads((seed_site.site / "catalog.json").read_text(encoding="utf-8"))["documents"])


def internal(ref: str) -> bool:
    """No scheme (http:, mailto:, javascript:...) and not protocol-relative."""
    return not urlsplit(ref).scheme and not ref.startswith("//")


def external_css_urls(css: str) -> list[str]:
    """url(...) values that point to another host (data: URIs, e.g. inline SVG, do not)."""
    return [u for u in CSS_URL.findall(css) if EXTERNAL.match(u)]


def entry(catalog: Entries, doc_id: str) -> dict[str, Any]:
    return next(e for e in catalog if e["id"] == doc_id)


def all_diagnostics(corpus: Corpus) -> list[Diagnostic]:
    return [*corpus.diagnostics, *(d for doc in corpus.documents for d in doc.diagnostics)]


# --------------------------------------------------------------------------- 1. full build
@pytest.mark.site
def test_seed_site_builds_without_mkdocs_warnings(seed_site: BuiltSite) -> None:
    assert seed_site.mkdocs_messages == []


@pytest.mark.site
@pytest.mark.parametrize("rel", EXPECTED_PAGES)
def test_seed_site_has_page(seed_site: BuiltSite, rel: str) -> None:
    assert (seed_site.site / rel).is_file()


# --------------------------------------------------------------------------- 2. links and ids
def link_target(site: Path, page: Path, path: str) -> Path:
    if not path:
        return page
    if path.startswith("/"):
        # Only 404.html has root-relative links: MkDocs writes them there (no site_url set)
        # because the 404 page is served at any depth. They resolve against the site root.
        return (site / unquote(path.lstrip("/"))).resolve()
    return (page.parent / unquote(path)).resolve()


@pytest.mark.site
def test_every_internal_link_resolves(seed_site: BuiltSite, pages: Pages) -> None:
    site = seed_site.site.resolve()
    broken: list[str] = []
    for page, doc in pages.items():
        for a in doc.find_all("a", href=True):
            href = str(a["href"])
            if not internal(href):
                continue
            parts = urlsplit(href)
            target = link_target(site, page, parts.path)
            target = target / "index.html" if target.is_dir() else target
            where = f"{page.relative_to(site)}: {href}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and (target not in pages or pages[target].find(id=unquote(parts.fragment)) is None):
                broken.append(f"{where} (no element with that id)")
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.site
def test_document_pages_have_no_duplicate_ids(seed_site: BuiltSite, pages: Pages) -> None:
    duplicates: dict[str, list[str]] = {}
    for doc in seed_site.corpus.documents:
        counts = Counter(str(el["id"]) for el in pages[(seed_site.site / doc.url).resolve()].find_all(id=True))
        if dups := sorted(i for i, n in counts.items() if n > 1):
            duplicates[doc.url] = dups
    assert duplicates == {}


# --------------------------------------------------------------------------- 3. no other hosts
@pytest.mark.site
def test_pages_load_nothing_from_other_hosts(seed_site: BuiltSite, pages: Pages) -> None:
    found: list[str] = []
    for page, doc in pages.items():
        for tag, attr in RESOURCES:
            found += [f"{page.name}: {el}" for el in doc.find_all(tag) if EXTERNAL.match(str(el.get(attr) or ""))]
        css = [s.get_text() for s in doc.find_all("style")] + [str(el["style"]) for el in doc.find_all(style=True)]
        found += [f"{page.name}: url({u})" for u in external_css_urls(" ".join(css))]
    for sheet in seed_site.site.rglob("*.css"):
        found += [f"{sheet.name}: url({u})" for u in external_css_urls(sheet.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.site
@pytest.mark.parametrize("host", ["fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com"])
def test_no_page_references_cdn_host(seed_site: BuiltSite, host: str) -> None:
    # Only pages and stylesheets: Material's JS bundle names unpkg.com for a ResizeObserver
    # polyfill and for mermaid, fetched only by old browsers or pages with diagrams.
    files = [*seed_site.site.rglob("*.html"), *seed_site.site.rglob("*.css")]
    assert [f.name for f in files if host in f.read_text(encoding="utf-8")] == []


# --------------------------------------------------------------------------- 4. determinism
def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    return build_into(SOURCE, tmp_path_factory.mktemp("one")), build_into(SOURCE, tmp_path_factory.mktemp("two"))


@pytest.mark.site
@pytest.mark.parametrize("part", ["docs", "site"])
def test_two_builds_are_byte_identical(two_builds: tuple[BuiltSite, BuiltSite], part: str) -> None:
    first, second = (tree(getattr(b, part)) for b in two_builds)
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.site
def test_build_time_comes_from_the_content_not_the_clock(seed_site: BuiltSite) -> None:
    # MkDocs writes the build time into the gzip header of sitemap.xml.gz (bytes 4-7, MTIME):
    # it is the newest document's date, so builds on different days are byte-identical too.
    header = (seed_site.site / "sitemap.xml.gz").read_bytes()[4:8]
    # The newest seed is the Secretariat note of 24 September 2003 (00:00 UTC).
    assert int.from_bytes(header, "little") == build_timestamp(seed_site.corpus) == 1064361600


# --------------------------------------------------------------------------- 5. catalog.json
@pytest.mark.site
def test_catalog_is_sorted_by_id(catalog: Entries) -> None:
    ids = [e["id"] for e in catalog]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) >= 5


@pytest.mark.site
def test_catalog_entries_have_exactly_the_contract_keys(catalog: Entries) -> None:
    assert [e["id"] for e in catalog if set(e) != ENTRY_KEYS] == []
    assert [e["kind"] for e in catalog if e["kind"] not in KINDS] == []


@pytest.mark.site
def test_catalog_anchors_exist_on_the_page(seed_site: BuiltSite, catalog: Entries) -> None:
    missing: list[str] = []
    for e in catalog:
        page = seed_site.site / e["url"]
        assert page.is_file(), e["url"]
        ids = {str(el["id"]) for el in soup(page).find_all(id=True)}
        missing += [f"{e['url']}#{x['anchor']}" for x in e["paragraphs"] + e["footnotes"] if x["anchor"] not in ids]
    assert missing == []


@pytest.mark.site
def test_catalog_text_has_no_markup_or_glued_markers(catalog: Entries) -> None:
    bad: list[str] = []
    for e in catalog:
        notes = {n["number"] for n in e["footnotes"]}
        for x in e["paragraphs"] + e["footnotes"]:
            text = x["text"]
            glued = [m for m in re.findall(r"[A-Za-z)\]”’\"][.,;:](\d{1,3})(?=[\s”’\"]|$)", text) if m in notes]
            if "<" in text or re.search(r"(?<![\w*])\*\S|\S\*(?![\w*])|[⁰¹²³⁴-⁹]", text) or glued:
                bad.append(f"{e['id']}#{x['anchor']}: {text[:80]}")
    assert bad == []


@pytest.mark.site
def test_catalog_op_1_of_57_176_ends_without_its_marker(catalog: Entries) -> None:
    op1 = next(p for p in entry(catalog, "a-res-57-176")["paragraphs"] if p["anchor"] == "op-1")
    assert op1["text"].endswith("Secretary-General;")


@pytest.mark.site
def test_catalog_values_of_57_176(catalog: Entries) -> None:
    e = entry(catalog, "a-res-57-176")
    assert [e[k] for k in ("symbol", "date", "body", "kind", "source")] == [
        "A/RES/57/176", "2002-12-18", "General Assembly", "resolution", "002_36db57ca8af13d6b.txt"]  # fmt: skip


@pytest.mark.site
def test_catalog_values_of_sg_report(catalog: Entries) -> None:
    e = entry(catalog, "sg-report-1998-trafficking")
    assert (e["symbol"], e["kind"], e["url"]) == (None, "report", "documents/sg-report-1998-trafficking.html")


# --------------------------------------------------------------------------- 6. command line
def test_check_prints_file_line_messages_on_stderr(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "--source", "source"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("source/000_2e5ea69b4725ed69.txt:13: ") for line in err)
    assert [line for line in err if not re.match(r"source/\S+:\d+: \S", line)] == []


def test_check_summary_names_documents_and_warnings(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.chdir(ROOT)
    main(["check"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.search(r"\d+ documents", last) and re.search(r"\d+ warnings", last)


def test_check_strict_fails_on_seed_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "--strict"]) == 1


def test_unknown_command_is_bad_usage() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_missing_source_folder_is_bad_usage(tmp_path: Path) -> None:
    assert main(["check", "--source", str(tmp_path / "missing")]) == 2  # returned, not raised by argparse


@pytest.mark.site
def test_bare_text_folder_builds(tmp_path: Path, capsys: Capture) -> None:
    src, docs, site = tmp_path / "src", tmp_path / "docs", tmp_path / "site"
    src.mkdir()  # no sidecars, no symbols, no dates
    (src / "plain.txt").write_text("Some words.\n\nMore words, in a second paragraph.\n", encoding="utf-8")
    (src / "other.md").write_text("Just one paragraph of Markdown.\n", encoding="utf-8")
    copy_handwritten_docs(docs)
    argv = ["build", "--source", str(src), "--docs-dir", str(docs), "--site-dir", str(site), "--config", str(CONFIG)]
    assert main(argv) == 0
    assert (site / "documents/plain.html").is_file() and (site / "documents/other.html").is_file()
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "2 documents" in last and "warnings" in last


# --------------------------------------------------------------------------- 7. bad input
SIMPLE = "1. The Council notes the café’s “résumé”;\n\n2. Decides to remain seized of the matter.\n"
BAD: dict[str, dict[str, bytes]] = {
    "empty": {"empty.txt": b""},
    "binary": {"blob.txt": b"\x89PNG\r\n\x1a\n" + bytes(200)},
    "prose": {"prose.txt": b"The weather was mild and the fox was quick.\n\nNobody said anything further.\n"},
    "duplicate": {"copy.txt": (SOURCE / GOOD).read_bytes()},
    "sidecar": {"x.txt": SIMPLE.encode(), "x.yml": b"title: fine\nbody: one: two\n"},
    "utf-16": {"wide.txt": SIMPLE.encode("utf-16")},
    "cp1252": {"legacy.txt": SIMPLE.encode("cp1252")},
}
ERRORS = {"empty": "empty.txt", "binary": "blob.txt", "duplicate": "copy.txt", "sidecar": "x.yml"}


def source_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "source"
    folder.mkdir()
    shutil.copy(SOURCE / GOOD, folder / GOOD)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("case", BAD)
def test_good_document_survives_bad_neighbour(tmp_path: Path, case: str) -> None:
    assert GOOD_ID in [d.id for d in load_corpus(source_with(tmp_path, BAD[case])).documents]


@pytest.mark.parametrize("case", ERRORS)
def test_bad_input_is_an_error_naming_the_file(tmp_path: Path, case: str) -> None:
    corpus = load_corpus(source_with(tmp_path, BAD[case]))
    assert [d for d in all_diagnostics(corpus) if d.source == ERRORS[case] and d.severity is Severity.ERROR]


@pytest.mark.parametrize("case", ERRORS)
def test_check_exits_1_on_bad_input(tmp_path: Path, case: str) -> None:
    assert main(["check", "--source", str(source_with(tmp_path, BAD[case]))]) == 1


def test_broken_sidecar_is_reported_with_its_line(tmp_path: Path) -> None:
    corpus = load_corpus(source_with(tmp_path, BAD["sidecar"]))
    assert [d.line for d in corpus.diagnostics if d.source == "x.yml"] == [2]
    assert "x" in [d.id for d in corpus.documents]  # built from its text alone


def test_duplicate_symbol_message_names_both_files(tmp_path: Path) -> None:
    corpus = load_corpus(source_with(tmp_path, BAD["duplicate"]))
    messages = [d.format() for d in corpus.diagnostics if d.code == "duplicate-symbol"]
    assert [m for m in messages if m.startswith("copy.txt") and GOOD in m]


@pytest.mark.parametrize("case", ["utf-16", "cp1252"])
def test_other_encodings_are_decoded(tmp_path: Path, case: str) -> None:
    corpus = load_corpus(source_with(tmp_path, BAD[case]))
    doc = next(d for d in corpus.documents if d.source == next(iter(BAD[case])))
    assert doc.paragraphs[0].text.strip() == "The Council notes the café’s “résumé”;"


def test_prose_without_structure_is_reported(tmp_path: Path) -> None:
    corpus = load_corpus(source_with(tmp_path, BAD["prose"]))
    assert [d for d in all_diagnostics(corpus) if d.source == "prose.txt"]


def test_guessed_windows_1252_is_reported(tmp_path: Path) -> None:
    corpus = load_corpus(source_with(tmp_path, BAD["cp1252"]))
    assert [d for d in all_diagnostics(corpus) if d.source == "legacy.txt"]


def test_utf8_with_one_stray_byte_keeps_its_utf8_text(tmp_path: Path) -> None:
    folder = source_with(tmp_path, {"mixed.txt": SIMPLE.encode() + b"\n3. Notes the \x96 dash.\n"})
    doc = next(d for d in load_corpus(folder).documents if d.source == "mixed.txt")
    assert doc.paragraphs[0].text.strip() == "The Council notes the café’s “résumé”;"


# --------------------------------------------------------------------------- 8. injection
INJECTION = "\n\n".join([
    "Injection test document",
    "1. The first paragraph carries <script>alert(1)</script> in its text.",
    "2. The second paragraph has <b>bold</b> and a link [x](javascript:alert(1)) in it.",
    "3. The third paragraph has a `code span` with backticks.",
    "# Heading <script>alert(2)</script> <b>h</b> [y](javascript:alert(3))",
    "4. The fourth paragraph contains |a|b| as a table row.\n",
])  # fmt: skip


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    src = tmp_path_factory.mktemp("inject-src")
    (src / "inject.txt").write_text(INJECTION, encoding="utf-8")
    built = build_into(src, tmp_path_factory.mktemp("inject-site"))
    assert built.mkdocs_messages == []
    return soup(built.site / "documents" / "inject.html")


@pytest.mark.site
def test_injected_script_does_not_run(injected: BeautifulSoup) -> None:
    assert [s for s in injected.find_all("script") if "alert" in s.get_text()] == []


@pytest.mark.site
def test_injected_html_and_markdown_stay_text(injected: BeautifulSoup) -> None:
    article = injected.find("article")
    assert article is not None
    assert (article.find_all("b"), article.find_all("code"), article.find_all("table")) == ([], [], [])


@pytest.mark.site
def test_injected_javascript_link_is_not_a_link(injected: BeautifulSoup) -> None:
    assert [a for a in injected.find_all(href=True) if "javascript:" in str(a["href"]).lower()] == []


@pytest.mark.site
@pytest.mark.parametrize("literal", ["<script>alert(1)</script>", "<b>bold</b>", "`code span`", "|a|b|"])
def test_injected_markup_is_visible_as_text(injected: BeautifulSoup, literal: str) -> None:
    assert literal in injected.get_text()
