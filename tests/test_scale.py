"""Scale: the synthetic corpus generator, the parse cache, parallel parsing, incremental builds."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import Markup

from build_scripts import pipeline
from build_scripts.archive import enrich, load_archive, prepare
from build_scripts.cli import main as cli
from build_scripts.corpus import load_corpus, load_document, source_files
from build_scripts.model import Paragraph, Text
from build_scripts.pipeline import (
    Deferred,
    ParseCache,
    Parsed,
    Progress,
    cache_key,
    cached_pages,
    code_fingerprint,
    fingerprint_of,
    load_corpus_fast,
    parse_all,
    render_page,
)
from build_scripts.render.agreed import AgreedRenderer
from build_scripts.render.indexes import HOME
from build_scripts.render.page import document_page
from tests.bench.synth import generate, verify

from .conftest import ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("synth") / "source"
    return folder, generate(60, folder, seed=5)


# --------------------------------------------------------------------------- the generator
def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(25, tmp_path / "a", seed=11)
    generate(25, tmp_path / "b", seed=11)
    generate(25, tmp_path / "c", seed=12)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "c")


def test_generated_documents_parse_cleanly_as_intended(generated: tuple[Path, list]) -> None:
    folder, expected = generated
    assert len(source_files(folder)) == 60
    # Symbol, organ, kind, date, title, paragraph and note counts as generated; no warning.
    assert verify(folder, expected) == {}


def test_generated_corpus_mixes_kinds_styles_and_sidecars(generated: tuple[Path, list]) -> None:
    folder, expected = generated
    bodies = {e.body for e in expected}
    assert bodies == {"General Assembly", "Economic and Social Council", "Security Council", "Human Rights Council"}
    assert {e.kind for e in expected} == {"resolution", "report"}
    assert {Path(e.file).suffix for e in expected} == {".md", ".txt"}
    assert list(folder.glob("*.yml"))
    assert sum(e.subs for e in expected) > 0 and sum(e.notes for e in expected) > 0


def test_symbols_are_distinct_and_agree_with_dates(generated: tuple[Path, list]) -> None:
    _, expected = generated
    assert len({e.symbol for e in expected}) == len(expected)
    for e in expected:
        date = datetime.date.fromisoformat(e.date)
        if m := re.fullmatch(r"A/RES/(\d+)/\d+", e.symbol):
            # Session s opens in September of 1945 + s and ends before the next one.
            assert datetime.date(1945 + int(m[1]), 9, 1) <= date < datetime.date(1946 + int(m[1]), 9, 1), e
        elif m := re.fullmatch(r"E/RES/(\d{4})/\d+", e.symbol):
            assert date.year == int(m[1]), e
        elif m := re.fullmatch(r"S/RES/\d+ \((\d{4})\)", e.symbol):
            assert date.year == int(m[1]), e
        elif m := re.fullmatch(r"A/HRC/RES/(\d+)/\d+", e.symbol):
            assert date.year == 2006 + (int(m[1]) - 1) // 3, e
        else:
            m = re.fullmatch(r"A/(\d+)/\d+", e.symbol)
            assert m and date.year == 1945 + int(m[1]), e
    security_council = sorted((e for e in expected if e.symbol.startswith("S/")), key=lambda e: e.date)
    numbers = [int(e.symbol.split("/")[2].split()[0]) for e in security_council]
    assert numbers == sorted(numbers)


def test_citations_name_only_earlier_generated_documents(generated: tuple[Path, list]) -> None:
    folder, expected = generated
    dates = {e.symbol: e.date for e in expected}
    cited = [(e, c) for e in expected for c in e.cites]
    assert len(cited) > 30
    for doc, symbol in cited:
        assert dates[symbol] < doc.date, (doc.symbol, symbol)
        # A resolution is cited by its number ("resolution 61/144"), a report by its symbol.
        number = re.sub(r"^(?:A/HRC/RES|A/RES|E/RES|S/RES)/", "", symbol)
        assert number in (folder / doc.file).read_text(encoding="utf-8"), (doc.file, symbol)


# --------------------------------------------------------------------------- the parse cache
def test_cache_key_changes_with_source_sidecar_path_and_code(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    source = folder / "a.txt"
    source.write_text("1998/20. Title\n\nThe Economic and Social Council,\n\n1. Decides to act.\n", encoding="utf-8")
    fingerprint = code_fingerprint()
    key = cache_key(folder, source, fingerprint)
    assert key == cache_key(folder, source, fingerprint)
    keys = {key}
    source.write_text(source.read_text(encoding="utf-8") + "\n2. Requests more.\n", encoding="utf-8")
    keys.add(cache_key(folder, source, fingerprint))
    (folder / "a.yml").write_text("provenance: one\n", encoding="utf-8")
    keys.add(cache_key(folder, source, fingerprint))
    (folder / "a.yml").write_text("provenance: two\n", encoding="utf-8")
    keys.add(cache_key(folder, source, fingerprint))
    keys.add(cache_key(folder, source, fingerprint + b"x"))
    (folder / "sub").mkdir()
    moved = folder / "sub" / "a.txt"
    shutil.copy(source, moved)
    shutil.copy(folder / "a.yml", folder / "sub" / "a.yml")
    keys.add(cache_key(folder, moved, fingerprint))
    assert len(keys) == 6


def test_code_fingerprint_covers_code_templates_and_data(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(ROOT / "build_scripts", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint_of(package)
    for target in (package / "parse.py", next(package.glob("templates/*.j2")), next(package.glob("data/*.yml"))):
        original = target.read_bytes()
        target.write_bytes(original + b"\n")
        assert fingerprint_of(package) != before, target
        target.write_bytes(original)
    assert fingerprint_of(package) == before


def test_cache_reuses_results_and_reparses_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    generate(6, folder, seed=2)
    files = source_files(folder)
    cache = ParseCache(tmp_path / "cache")
    first = parse_all(folder, files, jobs=1, cache=cache)
    assert first == [prepared_load(folder, p) for p in files]
    assert (cache.hits, cache.misses) == (0, 6)
    cache = ParseCache(tmp_path / "cache")
    assert parse_all(folder, files, jobs=1, cache=cache) == first
    assert (cache.hits, cache.misses) == (6, 0)
    # Edit one source, change one sidecar, corrupt one entry: those three are parsed again.
    files[0].write_text(files[0].read_text(encoding="utf-8").replace(" the ", " the said ", 1), encoding="utf-8")
    files[1].with_suffix(".yml").write_text("provenance: edited\n", encoding="utf-8")
    key = cache_key(folder, files[2], code_fingerprint())
    assert key is not None
    cache.path(key).write_bytes(b"not a pickle")
    cache = ParseCache(tmp_path / "cache")
    again = parse_all(folder, files, jobs=1, cache=cache)
    assert (cache.hits, cache.misses) == (3, 3)
    assert again == [prepared_load(folder, p) for p in files]
    assert again[0] != first[0] and again[1] != first[1] and again[2] == first[2]
    assert again[1][0][0][0].meta.provenance == "edited"


def prepared_load(folder: Path, path: Path) -> Parsed:
    """What parse_all must give for one source: load_document, and prepare of each document."""
    loaded = load_document(folder, path)
    return loaded, tuple(prepare(doc) for doc in loaded[0])


def test_prepared_stages_equal_the_stages_alone(generated: tuple[Path, list]) -> None:
    """enrich with the per-document work done in the parse workers (and cached) gives exactly
    the corpus enrich computes alone: links, citations, topics, agreed language."""
    for folder in (generated[0], ROOT / "tests" / "corpus"):
        corpus, prepared = load_corpus_fast(folder, jobs=2, cache_dir=None)
        assert set(prepared) == {d.id for d in corpus.documents}
        alone = enrich(corpus)
        assert enrich(corpus, prepared) == alone
        assert alone.citations and alone.topics and alone.agreed


def test_cached_pages_equal_rendered_pages(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    generate(4, folder, seed=6)
    docs = load_corpus(folder).documents
    page = cached_pages(tmp_path / "render")
    assert [page(d, HOME) for d in docs] == [document_page(d, HOME) for d in docs]
    stored = sorted((tmp_path / "render").rglob("*.md"))
    assert len(stored) == 4
    # A stored page is read back, not rendered again (here: visibly stale)...
    for path in stored:
        path.write_text("stale", encoding="utf-8")
    assert [page(d, HOME) for d in docs] == ["stale"] * 4
    # ...and a document that changed in any way is rendered again.
    changed = replace(docs[0], meta=replace(docs[0].meta, title="Another title"))
    assert page(changed, HOME) == document_page(changed, HOME) != "stale"


def test_parallel_parse_equals_serial(generated: tuple[Path, list], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = generated
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 2)
    serial = load_corpus(folder)
    parallel = load_corpus(folder, loader=lambda f, files: [p[0] for p in parse_all(f, files, jobs=3, cache=None)])
    assert parallel == serial


def test_progress_bar_only_on_a_terminal_for_long_runs() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = Progress("parse", 400, stream=screen)
    for _ in range(400):
        bar.advance()
    bar.close()
    assert "parse 400/400 100% 0:00 left" in screen.getvalue()
    assert screen.getvalue().endswith("\n")
    for stream, total in ((io.StringIO(), 400), (Terminal(), 10)):
        quiet = Progress("parse", total, stream=stream)
        quiet.advance(total)
        quiet.close()
        assert stream.getvalue() == ""


# --------------------------------------------------------------------------- incremental builds
@pytest.mark.site
def test_incremental_build_equals_clean_build(tmp_path: Path) -> None:
    """With the archive's own configuration (no plugin), a rebuild is dirty and exact."""
    source, docs, site, cache = (tmp_path / name for name in ("source", "docs", "site", "cache"))
    generate(30, source, seed=3)
    config = ROOT / "mkdocs.yml"

    def build(*extra: str) -> None:
        args = ["build", "--source", str(source), "--docs-dir", str(docs), "--site-dir", str(site)]
        assert cli([*args, "--config", str(config), "--cache-dir", str(cache), "--strict", *extra]) == 0

    docs.mkdir()
    shutil.copy(ROOT / "docs" / "about.md", docs / "about.md")
    build()
    resolutions = sorted(source.glob("a-res-*"))
    # A title edit changes the index pages too; a deleted source's page must go; a sidecar edit.
    edited, deleted, annotated = resolutions[0], resolutions[1], resolutions[2]
    text = edited.read_text(encoding="utf-8")
    title = re.search(r"^(?:### )?\d+/\d+\. (.+)$", text, re.MULTILINE)
    assert title
    edited.write_text(text.replace(title[1], "Trafficking in persons, edited"), encoding="utf-8")
    gone = load_document(source, deleted)[0][0]
    deleted_page = site / gone.url
    assert deleted_page.is_file()
    deleted.unlink()
    deleted.with_suffix(".yml").unlink(missing_ok=True)
    annotated.with_suffix(".yml").write_text("provenance: annotated by a librarian\n", encoding="utf-8")
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    build()
    # The build was incremental: most pages (those of unchanged documents) were not written again.
    kept = [p for p, stamp in stamps.items() if p.exists() and p.stat().st_mtime_ns == stamp]
    assert len(kept) > len(stamps) // 2
    edited_doc = load_document(source, edited)[0][0]
    assert (site / edited_doc.url).stat().st_mtime_ns != stamps[site / edited_doc.url]
    assert not deleted_page.exists()
    assert "Trafficking in persons, edited" in (site / "index.html").read_text(encoding="utf-8")
    incremental_docs, incremental_site = snapshot(docs), snapshot(site)

    shutil.rmtree(docs)
    shutil.rmtree(site)
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "about.md", docs / "about.md")
    build("--no-cache")
    assert snapshot(docs) == incremental_docs
    clean_site = snapshot(site)
    assert sorted(clean_site) == sorted(incremental_site)
    assert [name for name in clean_site if clean_site[name] != incremental_site[name]] == []


def test_dirty_build_needs_the_same_configuration(tmp_path: Path) -> None:
    source, docs, site = tmp_path / "source", tmp_path / "docs", tmp_path / "site"
    generate(3, source, seed=4)
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "about.md", docs / "about.md")
    args = ["build", "--source", str(source), "--docs-dir", str(docs), "--site-dir", str(site)]
    assert cli([*args, "--cache-dir", str(tmp_path / "cache")]) == 0
    assert len(list((tmp_path / "cache" / "sites").iterdir())) == 1
    # Another configuration: the stamp no longer matches, so every page is rebuilt.
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: theme_overrides", "custom_dir: "
        + str(ROOT / "theme_overrides")).replace("site_name: United Nations", "site_name: The United Nations"),
        encoding="utf-8",
    )
    page = next(site.rglob("*.html"))
    os.utime(page, ns=(0, 0))
    assert cli([*args, "--cache-dir", str(tmp_path / "cache"), "--config", str(config)]) == 0
    assert page.stat().st_mtime_ns != 0
    assert "The United Nations" in page.read_text(encoding="utf-8")


def test_deferred_arguments_are_computed_only_for_pages_rendered_again(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    generate(3, folder, seed=6)
    doc = load_corpus(folder).documents[0]
    page = cached_pages(tmp_path / "render")
    calls: list[str] = []

    def links(text: str) -> Deferred:
        return Deferred(("links", text), lambda: calls.append(text) or Markup(f"<p>{text}</p>"))

    first = page(doc, HOME, links("one"))
    assert first == render_page(doc, HOME, Markup("<p>one</p>")) and "<p>one</p>" in first
    assert calls == ["one"]
    assert page(doc, HOME, links("one")) == first and calls == ["one"]  # read back, not computed
    assert "<p>two</p>" in page(doc, HOME, links("two")) and calls == ["one", "two"]


def test_agreed_inputs_change_when_a_matching_paragraph_elsewhere_changes() -> None:
    """The agreed-language section of a page shows other documents' paragraphs: its cache key
    (AgreedRenderer.inputs) must change when one of them does, though this page's document did not."""
    corpus = load_archive(ROOT / "source")
    renderer = AgreedRenderer(corpus)
    doc = next(d for d in corpus.documents if renderer.inputs(d))
    match = next(m for entry in corpus.agreed[doc.id].values() for m in entry.matches)
    other = next(d for d in corpus.documents if d.id == match.doc)
    edited = tuple(
        replace(b, content=(Text("Edited words."),)) if isinstance(b, Paragraph) and b.anchor == match.anchor else b
        for b in other.blocks
    )
    changed = replace(corpus, documents=tuple(replace(d, blocks=edited) if d is other else d for d in corpus.documents))
    assert AgreedRenderer(changed).inputs(doc) != renderer.inputs(doc)
