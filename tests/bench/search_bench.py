"""Search at scale: build the index of an N-document archive and measure it in Chromium.

    python -m tests.bench.search_bench [--documents 10000] [--keep DIR]

Not a timed test: it prints figures (README "Search" quotes them). Until the synthetic corpus
generator of tests/bench is merged, the archive is the seeds and tests/corpus documents copied
with distinct ids and symbols (``A/RES/<60+k//500>/<k%500+1>``), the 780 KB compilation
A/HRC/14/37 left out so that a document averages about 25 KB of text, as a resolution does.
The site is the seed site (MkDocs) with its ``search/`` replaced by the N-document index, so
the page, the scripts and the index are what a reader's browser loads.

Figures: index build time and peak memory (RSS), index size and file counts, largest shard;
in Chromium over http:// and file://, for typical queries: time to first results (from the
input event, the 80 ms debounce included), shards loaded and their bytes, JS heap.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import resource
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from build_scripts.corpus import load_corpus
from build_scripts.model import Corpus, Document
from build_scripts.render.search import search_files

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "witness protection programmes",
    "trafficking",
    "victims of trafficking in persons",
    "international cooperation",
    "A/RES/61/123",
    "60/176",
    "Security Council",
    "zanzibarite",
]


def multiplied(count: int) -> Corpus:
    """``count`` documents: copies of the seeds and the corpus with distinct ids and symbols."""
    originals = [
        d
        for folder in (ROOT / "source", ROOT / "tests" / "corpus")
        for d in load_corpus(folder).documents
        if d.id != "a-hrc-14-37"
    ]
    docs: list[Document] = []
    for k in range(count):
        d = originals[k % len(originals)]
        number = f"{60 + k // 500}/{k % 500 + 1}"
        meta = dataclasses.replace(d.meta, symbol=f"A/RES/{number}", number=number)
        docs.append(dataclasses.replace(d, id=f"bench-{k:05d}", meta=meta))
    return Corpus(tuple(docs))


def build_index(corpus: Corpus, site: Path) -> dict[str, Any]:
    """Write the index of ``corpus`` into ``site/search``; its build time, memory and sizes."""
    start, cpu = time.perf_counter(), time.process_time()
    files = search_files(corpus)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    target = site / "search"
    shutil.rmtree(target, ignore_errors=True)
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    sizes = {rel: len(content.encode("utf-8")) for rel, content in files.items()}

    def group(prefix: str) -> list[int]:
        return [s for rel, s in sizes.items() if rel.startswith(prefix)]

    big = [s for rel, s in sizes.items() if rel.startswith("search/t/") and "-" in rel]
    text = sum(len(r) for d in corpus.documents for p in d.paragraphs for r in [p.text])
    return {
        "documents": len(corpus.documents),
        "paragraph text MB": text / 1e6,
        "build s": seconds,
        "build CPU s": cpu,
        "process peak RSS MB": peak_mb,
        "index MB": sum(sizes.values()) / 1e6,
        "files": len(sizes),
        "term shards": len(group("search/t/")) - len(big),
        "long lists": len(big),
        "largest long list KB": max(big, default=0) / 1e3,
        "largest term shard KB": max(s for rel, s in sizes.items() if rel.startswith("search/t/") and "-" not in rel)
        / 1e3,
        "record shards": len(group("search/r/")),
        "largest record shard KB": max(group("search/r/"), default=0) / 1e3,
        "symbol shards": len(group("search/s/")),
        "manifest KB": sizes["search/manifest.js"] / 1e3,
    }


MEASURE = """async (query) => {
  const input = document.getElementById('un-search-input');
  input.focus();
  const before = window.__unSearch.loaded.length;
  const t0 = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input'));
  await new Promise((resolve) => {
    const check = () => window.__unSearch.timings.some((t) => t.query === query) ? resolve() : setTimeout(check, 2);
    check();
  });
  return {ms: performance.now() - t0, keys: window.__unSearch.loaded.slice(before),
          results: document.getElementById('un-search-meta').textContent.trim()};
}"""


def measure(site: Path, base: str) -> list[dict[str, Any]]:
    """Each query in a fresh page (cold: manifest included), then once more in the same page."""
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True)
        for query in QUERIES:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base + "index.html", wait_until="load")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            cold = page.evaluate(MEASURE, query)
            page.evaluate("document.getElementById('un-search-input').value = ''")
            warm = page.evaluate(MEASURE, query + " ")
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            keys = cold["keys"]
            loaded = sum((site / "search" / f"{k}.js").stat().st_size for k in keys)
            rows.append(
                {
                    "query": query,
                    "first results ms": cold["ms"],
                    "again ms": warm["ms"],
                    "shards": len(keys),
                    "loaded KB": loaded / 1e3,
                    "JS heap MB": metrics["JSHeapUsedSize"] / 1e6,
                    "results": cold["results"],
                }
            )
            page.close()
        browser.close()
    return rows


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def table(rows: list[dict[str, Any]]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in rows:
        cells = [f"{v:.0f}" if isinstance(v, float) and v >= 10 else f"{v:.2f}" if isinstance(v, float) else str(v)
                 for v in row.values()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    from tests.conftest import SOURCE, build_into

    where = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    built = build_into(SOURCE, where)
    corpus = multiplied(args.documents)
    index = build_index(corpus, built.site)
    print(table([index]))
    server, http_base = serve(built.site)
    try:
        for name, base in (("http", http_base), ("file", built.site.as_uri() + "/")):
            rows = measure(built.site, base)
            median = statistics.median(r["first results ms"] for r in rows)
            print(f"\n{name}://  (median first results {median:.0f} ms)")
            print(table(rows))
    finally:
        server.shutdown()
        if not args.keep:
            shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
