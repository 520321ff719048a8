"""Benchmark at scale (not a test): build N generated documents, stage by stage.

    python -m tests.bench.scale [N ...] [--seed S] [--jobs J] [--work DIR] [--json FILE]
    make bench-scale N="100 1000 10000"

For each N (default 100 and 1000), a fresh Python process (so memory figures do not mix)
generates N documents with :mod:`tests.bench.synth`, then measures, per stage, the wall time
and the peak resident memory (sampled every 20 ms; the parse stage adds its worker processes'
peak):

1. clean + parse (every core, cold cache),
2. link (citations, cited-by lists, instruments),
3. render (document pages, index pages, catalogue),
4. write ``docs/``,
5. MkDocs + Material (full build),
6. search index (the sharded paragraph index of render/search.py, timed apart from render),
7. zip (the offline ``dist/`` archive);

then an incremental rebuild after editing one source (warm parse cache, dirty MkDocs); then the
command line itself as a user runs it, in its own process (``python -m build_scripts build``: the
model stages in a child process, MkDocs after, the zip), a cold full build and a rebuild after
editing another source, with the peak memory of all its processes together; and the
same MkDocs build of the generated Markdown run alone in another process (``plain``), so our
overhead shows as a ratio. Sizes: the whole site, the largest page, the largest and median
document page (HTML without shared assets), the search index; and the navigation entries
written into each page (must not grow with N).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"


# --------------------------------------------------------------------------- measuring
def rss_mb() -> float:
    """This process's resident memory now (MB)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> float:
    """The machine's load average over the last minute (other users' jobs slow wall times)."""
    return round(os.getloadavg()[0], 1)


def children_peak_mb() -> float:
    """Peak resident memory of the largest finished child process (MB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3


class Sampler:
    """Samples resident memory in a thread; :meth:`stage` gives each stage's peak."""

    def __init__(self) -> None:
        self.peak = rss_mb()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.stages: list[dict[str, Any]] = []

    def _run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.02)

    @contextmanager
    def stage(self, name: str, note: str = "") -> Iterator[None]:
        """Time the block; record its wall time and peak memory under ``name``."""
        self.peak = rss_mb()
        workers = children_peak_mb()
        start, cpu = time.perf_counter(), cpu_seconds()
        yield
        seconds = time.perf_counter() - start
        cpu = cpu_seconds() - cpu
        peak = max(self.peak, rss_mb())
        if children_peak_mb() > workers:
            note = f"{note} workers' peak {children_peak_mb():.0f} MB".strip()
        self.stages.append(
            {"stage": name, "seconds": round(seconds, 3), "cpu": round(cpu, 3), "peak_mb": round(peak), "note": note}
        )

    def stop(self) -> None:
        """End sampling."""
        self.running = False


def tree_rss_mb(root: int) -> float:
    """Resident memory of process ``root`` and all its descendants together (MB)."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        sizes[int(entry)] = int(fields[21])  # rss, in pages
    family = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    total = sum(sizes.get(pid, 0) for pid in family)
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


def command_line(args: list[str]) -> dict[str, Any]:
    """Run ``python -m build_scripts build ARGS`` as a user does: wall and CPU time, and the peak
    memory of all its processes together (sampled every 20 ms)."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_scripts", "build", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.02)
    error = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({proc.returncode}): {error[-2000:]}")
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "cpu": round(cpu_seconds() - cpu, 1),
        "peak_mb": round(peak),
    }


def tree_size(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- one N
def run_one(n: int, seed: int, jobs: int, work: Path) -> dict[str, Any]:
    """Generate and build ``n`` documents in ``work``; return every figure (runs in its own process)."""
    import build_scripts.site as site_module
    from build_scripts.archive import enrich
    from build_scripts.package import package_site
    from build_scripts.pipeline import cached_pages, load_corpus_fast
    from build_scripts.site import build_site, build_timestamp, write_tree
    from build_scripts.site import generated_files as render_all

    from .synth import generate as synthesize

    source, docs, site, cache = work / "source", work / "docs", work / "site", work / "cache"
    for folder in (source, docs, site, cache):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    synthesize(n, source, seed)
    generated = time.perf_counter() - started
    docs.mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "about.md", docs / "about.md")

    load_before = load_average()
    sampler = Sampler()
    with sampler.stage("clean + parse", f"{jobs} processes, cold cache"):
        corpus, prepared = load_corpus_fast(source, jobs, cache)
    with sampler.stage("link, topics, agreed", "corpus level (archive.enrich); per-document work done in parse"):
        corpus = enrich(corpus, prepared)
        del prepared
    page = cached_pages(cache / "render")
    # The search index is written by site.generate (render/search.py): time it apart.
    spent = {"seconds": 0.0, "cpu": 0.0}
    search_items = site_module.search_file_items

    def timed_search(*args: Any) -> Iterator[tuple[str, str]]:
        # Time the making of each file, not the writing of it (the caller's, between items).
        items = search_items(*args)
        while True:
            start, cpu = time.perf_counter(), cpu_seconds()
            item = next(items, None)
            spent["seconds"] += time.perf_counter() - start
            spent["cpu"] += cpu_seconds() - cpu
            if item is None:
                return
            yield item

    site_module.search_file_items = timed_search
    note = "document pages (render cache filled), index pages, catalog.json, written as rendered"
    with sampler.stage("render + write docs/", note):
        write_tree(docs, render_all(corpus, page))
    # As the command line does: the model is freed before MkDocs runs.
    timestamp = build_timestamp(corpus)
    del corpus
    gc.collect()
    render = sampler.stages[-1]
    render["seconds"] = round(render["seconds"] - spent["seconds"], 3)
    render["cpu"] = round(render["cpu"] - spent["cpu"], 3)
    with sampler.stage("MkDocs + Material", "full build"):
        problems = build_site(CONFIG, docs, site, timestamp=timestamp, stamps=cache / "sites")
    sampler.stages.insert(
        3,
        {
            "stage": "search index",
            "seconds": round(spent["seconds"], 3),
            "cpu": round(spent["cpu"], 3),
            "peak_mb": render["peak_mb"],
            "note": "sharded paragraph index (render/search.py; peak shared with render)",
        },
    )
    with sampler.stage("zip (dist/)", "the offline archive beside the site (package.py)"):
        archive, _count = package_site(site, CONFIG, timestamp, cache / "zip")
    zip_mb = round(archive.stat().st_size / 1e6, 1)
    total = sum(s["seconds"] or 0 for s in sampler.stages)

    # Incremental rebuild: edit one source, rebuild as the command line does.
    target = sorted(source.glob("*.md"))[len(list(source.glob("*.md"))) // 2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(" the ", " the said ", 1), encoding="utf-8")
    note = f"after editing {target.name}: warm caches, dirty MkDocs, zip"
    with sampler.stage("incremental rebuild", note):
        corpus = enrich(*load_corpus_fast(source, jobs, cache))
        changed = write_tree(docs, render_all(corpus, page))
        timestamp = build_timestamp(corpus)
        del corpus
        gc.collect()
        problems += build_site(CONFIG, docs, site, timestamp=timestamp, dirty=True, stamps=cache / "sites")
        package_site(site, CONFIG, timestamp, cache / "zip")
    sampler.stop()

    # The command line itself, as a user runs it (model stages in their own process, MkDocs
    # after): a cold full build into fresh folders, then a rebuild after editing one source.
    cli_docs, cli_site, cli_cache = work / "cli-docs", work / "cli-site", work / "cli-cache"
    for folder in (cli_docs, cli_site, cli_cache):
        shutil.rmtree(folder, ignore_errors=True)
    cli_docs.mkdir()
    shutil.copy(ROOT / "docs" / "about.md", cli_docs / "about.md")
    cli_args = ["--source", str(source), "--docs-dir", str(cli_docs), "--site-dir", str(cli_site)]
    cli_args += ["--cache-dir", str(cli_cache), "--config", str(CONFIG)]
    cli_full = command_line(cli_args)
    other = sorted(source.glob("*.md"))[len(list(source.glob("*.md"))) // 3]
    other.write_text(other.read_text(encoding="utf-8").replace(" the ", " the said ", 1), encoding="utf-8")
    cli_rebuild = command_line(cli_args)
    shutil.rmtree(work / "cli-site")
    shutil.rmtree(work / "cli-docs")

    plain = plain_mkdocs(docs, work / "site-plain")
    pages = [p for p in site.rglob("*.html") if p.is_file()]
    documents = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))["documents"]
    doc_sizes = sorted((site / d["url"]).stat().st_size for d in documents)
    largest = max(pages, key=lambda p: p.stat().st_size)
    search = [p for p in (site / "search").rglob("*") if p.is_file()]
    sample = (site / documents[0]["url"]).read_text(encoding="utf-8")
    ours = [s for s in sampler.stages if s["stage"] not in ("MkDocs + Material", "incremental rebuild")]
    mkdocs_seconds = next(s["seconds"] for s in sampler.stages if s["stage"] == "MkDocs + Material")
    return {
        "n": n,
        "seed": seed,
        "jobs": jobs,
        "generate_seconds": round(generated, 2),
        "load_average": [load_before, load_average()],
        "total_cpu": round(sum(s["cpu"] or 0 for s in sampler.stages if s["stage"] != "incremental rebuild"), 1),
        "source_mb": round(tree_size(source) / 1e6, 1),
        "stages": sampler.stages,
        "total_seconds": round(total, 2),
        "ours_seconds": round(sum(s["seconds"] or 0 for s in ours), 2),
        "mkdocs_seconds": mkdocs_seconds,
        "peak_mb": max(s["peak_mb"] or 0 for s in sampler.stages),
        "rebuild_seconds": next(s["seconds"] for s in sampler.stages if s["stage"] == "incremental rebuild"),
        "rebuild_files_written": changed,
        "cli_full": cli_full,
        "cli_rebuild": cli_rebuild,
        "plain_mkdocs_seconds": plain["seconds"],
        "plain_mkdocs_peak_mb": plain["peak_mb"],
        "plain_mkdocs_cpu": plain["cpu"],
        "site_mb": round(tree_size(site) / 1e6, 1),
        "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
        "largest_page": f"{largest.relative_to(site).as_posix()} ({largest.stat().st_size / 1e3:.0f} KB)",
        "largest_document_kb": round(doc_sizes[-1] / 1e3),
        "median_document_kb": round(statistics.median(doc_sizes) / 1e3),
        "search_index_mb": round(sum(p.stat().st_size for p in search) / 1e6, 1),
        "zip_mb": zip_mb,
        # The site navigation (primary sidebar), not the page's own table of contents.
        "nav_entries_per_page": sample.split("md-nav--primary", 1)[-1].split("md-nav--secondary", 1)[0].count(
            'class="md-nav__item'
        ),
        "mkdocs_problems": problems[:5],
    }


def plain_mkdocs(docs: Path, site: Path) -> dict[str, Any]:
    """The same MkDocs build of the same Markdown, alone in a fresh process."""
    code = (
        "import sys, time, resource\n"
        "r = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])\n"
        "c = r()\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        "t = time.perf_counter()\n"
        "build(load_config(sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3]))\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, r() - c)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(CONFIG), str(docs.resolve()), str(site.resolve())],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
    )
    seconds, peak, cpu = out.stdout.split()
    shutil.rmtree(site, ignore_errors=True)
    return {"seconds": round(float(seconds), 2), "peak_mb": round(float(peak)), "cpu": round(float(cpu), 1)}


# --------------------------------------------------------------------------- report
def machine() -> str:
    """ "2 cores (AMD EPYC), 23.5 GB RAM, Python 3.11.7, Linux"."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        mem = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem = 0
    from importlib.metadata import version

    return (
        f"{os.cpu_count()} cores (`nproc` {len(os.sched_getaffinity(0))}, {cpu}), {mem / 1024**2:.1f} GB RAM, "
        f"Python {platform.python_version()}, {platform.system()}; MkDocs {version('mkdocs')}, "
        f"Material {version('mkdocs-material')}"
    )


def rebuild_cpu(result: dict[str, Any]) -> float:
    """CPU seconds of the incremental rebuild."""
    return float(next(s["cpu"] for s in result["stages"] if s["stage"] == "incremental rebuild"))


def ours_cpu(result: dict[str, Any]) -> float:
    """CPU seconds of our own stages (everything but MkDocs)."""
    skip = ("MkDocs + Material", "incremental rebuild")
    return float(sum(s["cpu"] or 0 for s in result["stages"] if s["stage"] not in skip))


def _cli(run: dict[str, Any]) -> str:
    return f"{run['seconds']:.1f} / {run['cpu']:.1f} / {run['peak_mb']}"


def markdown(results: list[dict[str, Any]]) -> str:
    """The results as Markdown tables (stages per N, then totals and sizes)."""
    ns = [r["n"] for r in results]
    head = "| stage | " + " | ".join(f"N = {n:,}: wall s / CPU s / peak MB" for n in ns) + " | note |"
    lines = [f"Machine: {machine()}.", "", head, "|---|" + "---:|" * len(ns) + "---|"]
    names = [s["stage"] for s in results[0]["stages"]]
    for name in names:
        cells, note = [], ""
        for r in results:
            stage = next(s for s in r["stages"] if s["stage"] == name)
            cells.append(
                "–" if stage["seconds"] is None else f"{stage['seconds']:.1f} / {stage['cpu']:.1f} / {stage['peak_mb']}"
            )
            note = stage["note"]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {note} |")
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("command line, full build: wall s / CPU s / peak MB (all processes)", lambda r: _cli(r["cli_full"])),
        ("command line, rebuild after one edit: wall s / CPU s / peak MB", lambda r: _cli(r["cli_rebuild"])),
        (
            "command line, rebuild / full build (wall; CPU)",
            lambda r: f"{r['cli_rebuild']['seconds'] / r['cli_full']['seconds']:.0%}; "
            f"{r['cli_rebuild']['cpu'] / r['cli_full']['cpu']:.0%}",
        ),
        ("full build (wall s)", lambda r: f"{r['total_seconds']:.1f}"),
        ("our stages (s, share)", lambda r: f"{r['ours_seconds']:.1f} ({r['ours_seconds'] / r['total_seconds']:.0%})"),
        ("full build (CPU s)", lambda r: f"{r['total_cpu']:.1f}"),
        ("our stages (CPU s, share)", lambda r: f"{ours_cpu(r):.1f} ({ours_cpu(r) / r['total_cpu']:.0%})"),
        ("plain `mkdocs build` (wall s / CPU s)", lambda r: f"{r['plain_mkdocs_seconds']} / {r['plain_mkdocs_cpu']}"),
        ("full build / plain MkDocs (CPU)", lambda r: f"{r['total_cpu'] / r['plain_mkdocs_cpu']:.2f}"),
        ("load average (1 min) before / after", lambda r: " / ".join(map(str, r["load_average"]))),
        ("full build / plain MkDocs (wall)", lambda r: f"{r['total_seconds'] / r['plain_mkdocs_seconds']:.2f}"),
        ("peak memory (MB): ours / plain MkDocs", lambda r: f"{r['peak_mb']} / {r['plain_mkdocs_peak_mb']}"),
        (
            "rebuild after one edit (wall s, share)",
            lambda r: f"{r['rebuild_seconds']:.1f} ({r['rebuild_seconds'] / r['total_seconds']:.0%})",
        ),
        ("rebuild after one edit (CPU s, share)", lambda r: f"{rebuild_cpu(r):.1f} ({rebuild_cpu(r) / r['total_cpu']:.0%})"),  # noqa: E501
        ("sources (MB)", lambda r: f"{r['source_mb']}"),
        ("site (MB, files)", lambda r: f"{r['site_mb']} ({r['site_files']:,})"),
        ("site per document (KB)", lambda r: f"{r['site_mb'] * 1e3 / r['n']:.0f}"),
        ("largest page", lambda r: r["largest_page"]),
        ("document page: largest / median (KB)", lambda r: f"{r['largest_document_kb']} / {r['median_document_kb']}"),
        ("search index (MB)", lambda r: f"{r['search_index_mb']}"),
        ("offline zip (MB)", lambda r: f"{r.get('zip_mb', '–')}"),
        ("navigation entries per page", lambda r: f"{r['nav_entries_per_page']}"),
    ]
    lines += ["", "| | " + " | ".join(f"N = {n:,}" for n in ns) + " |", "|---|" + "---:|" * len(ns)]
    lines += [f"| {label} | " + " | ".join(fn(r) for r in results) + " |" for label, fn in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run each N in its own process and print the Markdown tables."""
    from build_scripts.pipeline import default_jobs

    parser = argparse.ArgumentParser(description="Benchmark the build at scale.")
    parser.add_argument("n", type=int, nargs="*", default=[100, 1000], help="document counts (default: 100 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.n[0], args.seed, args.jobs, args.work)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="un-scale-") as tmp:
        for n in args.n:
            work = (args.work or Path(tmp)) / f"n{n}"
            print(f"N = {n}: building in {work} ...", file=sys.stderr)
            out = subprocess.run(
                [sys.executable, "-m", "tests.bench.scale", "--one", str(n), "--seed", str(args.seed),
                 "--jobs", str(args.jobs), "--work", str(work)],
                check=False, capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                return out.returncode
            results.append(json.loads(out.stdout.splitlines()[-1]))
            if args.json:
                args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
            if args.work is None:
                shutil.rmtree(work, ignore_errors=True)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
