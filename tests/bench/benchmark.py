"""Benchmark (not a test): parse time per document and wall time of each build stage.

    python -m tests.bench.benchmark [SOURCE_DIR ...]     (default: source/ and tests/corpus/)

Prints Markdown tables: per file (size, paragraphs, footnotes, warnings, median parse time)
and per stage (parse, render, write, MkDocs) for a whole build into a temporary folder.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from build_scripts.archive import enrich
from build_scripts.corpus import load_corpus, load_document, source_files
from build_scripts.model import Document
from build_scripts.site import build_site, generate, write_tree

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5


def per_file(folder: Path) -> None:
    print(f"\n### Parse time per document: {folder.relative_to(ROOT)}\n")
    print("| file | KB | paragraphs | footnotes | warnings | parse ms (median of 5) |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in source_files(folder):
        times = []
        docs: list[Document] = []
        for _ in range(RUNS):
            start = time.perf_counter()
            docs, _problems = load_document(folder, path)
            times.append(time.perf_counter() - start)
        if not docs:
            print(f"| {path.name} | {path.stat().st_size / 1024:.0f} | – | – | – | refused |")
            continue
        paragraphs = sum(len(doc.paragraphs) for doc in docs)
        footnotes = sum(len(doc.footnotes) for doc in docs)
        warnings = sum(len(doc.diagnostics) for doc in docs)
        shown = path.name if len(docs) == 1 else f"{path.name} ({len(docs)} documents)"
        print(
            f"| {shown} | {path.stat().st_size / 1024:.1f} | {paragraphs} | {footnotes} "
            f"| {warnings} | {statistics.median(times) * 1000:.1f} |"
        )


def stages(folder: Path) -> None:
    print(f"\n### Build stages: {folder.relative_to(ROOT)}\n")
    with tempfile.TemporaryDirectory() as tmp:
        docs, site = Path(tmp) / "docs", Path(tmp) / "site"
        (docs).mkdir()
        (docs / "about.md").write_text((ROOT / "docs" / "about.md").read_text(encoding="utf-8"), encoding="utf-8")
        marks = [("start", time.perf_counter())]
        corpus = load_corpus(folder)
        marks.append(("clean + parse", time.perf_counter()))
        corpus = enrich(corpus)
        marks.append(("link and enrich (references, citations, topics)", time.perf_counter()))
        files = generate(corpus)
        marks.append(("render (Markdown, indexes, catalog)", time.perf_counter()))
        write_tree(docs, files)
        marks.append(("write docs/", time.perf_counter()))
        problems = build_site(ROOT / "mkdocs.yml", docs, site)
        marks.append(("MkDocs build (Material, search, offline)", time.perf_counter()))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print("| stage | seconds |")
    print("|---|---:|")
    for (_, before), (name, after) in itertools.pairwise(marks):
        print(f"| {name} | {after - before:.3f} |")
    print(f"| **total** | **{marks[-1][1] - marks[0][1]:.3f}** |")
    print(
        f"\n{len(corpus.documents)} documents, {len(files)} generated files, site {size / 1e6:.1f} MB, "
        f"{len(problems)} MkDocs problems."
    )


def main(argv: list[str]) -> None:
    folders = [Path(a).resolve() for a in argv] or [ROOT / "source", ROOT / "tests" / "corpus"]
    for folder in folders:
        per_file(folder)
        stages(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
