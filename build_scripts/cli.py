"""Command line (contract section 5): ``build`` and ``check``.

Thin by design: it parses arguments and calls functions that tests import directly.
Exit status: 0 success; 1 an error, or any warning under ``--strict``; 2 bad usage.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Corpus, Severity
from .pipeline import DEFAULT_CACHE, cached_pages, default_jobs, load_archive_fast, render_page
from .render.indexes import totals
from .topics import TaxonomyError

DEFAULT_SOURCE = Path("source")
DEFAULT_DOCS = Path("docs")
DEFAULT_SITE = Path("site")
DEFAULT_CONFIG = Path("mkdocs.yml")


def parser() -> argparse.ArgumentParser:
    """The argument parser (its help texts are the reference for every option)."""
    top = argparse.ArgumentParser(prog="python -m build_scripts", description="Build the UN resolutions archive.")
    commands = top.add_subparsers(dest="command", required=True, metavar="{build,check}")
    build = commands.add_parser("build", help="parse the sources, write docs/ and build the site")
    check = commands.add_parser("check", help="parse the sources only and print every warning")
    for sub in (build, check):
        sub.add_argument(
            "--source", type=Path, default=DEFAULT_SOURCE, help="folder of source texts (default: source/)"
        )
        sub.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning, not only on errors")
        sub.add_argument(
            "--jobs", type=int, default=0, metavar="N", help="parse with N processes (default: every core)"
        )
        sub.add_argument(
            "--no-cache",
            action="store_true",
            help="parse and render every source again and build the whole site (default: reuse the "
            "cache and rebuild only changed pages)",
        )
        sub.add_argument(
            "--cache-dir",
            type=Path,
            default=DEFAULT_CACHE,
            help="where parse results and rendered pages are kept (default: .cache/)",
        )
    build.add_argument(
        "--docs-dir", type=Path, default=DEFAULT_DOCS, help="where the Markdown pages go (default: docs/)"
    )
    build.add_argument(
        "--site-dir",
        type=Path,
        default=DEFAULT_SITE,
        help="where the site is built (default: site/); the offline zip goes to dist/ beside it",
    )
    build.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="MkDocs configuration (default: mkdocs.yml)")
    return top


def report(corpus: Corpus, source: Path) -> tuple[list[str], int, int]:
    """Every diagnostic as ``FILE:LINE: message``, sorted; and the counts of errors and warnings."""
    prefix = f"{source.as_posix().rstrip('/')}/"
    errors = warnings = 0
    lines = []
    items = list(corpus.diagnostics) + [d for doc in corpus.documents for d in doc.diagnostics]
    for item in sorted(items, key=lambda d: (d.source, d.line, d.code, d.message)):
        lines.append(item.format(prefix))
        if item.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return lines, errors, warnings


@dataclass(frozen=True)
class Outcome:
    """What the model stages leave for the rest of the command: no model, a few numbers."""

    diagnostics: list[str]
    errors: int
    warnings: int
    counts: dict[str, int]
    timestamp: int = 0
    written: int = 0
    fatal: str | None = None
    """A message that stops the command (a broken taxonomy)."""


def model_stages(args: argparse.Namespace) -> Outcome:
    """Parse, link and, for ``build``, write docs/: everything that needs the model in memory."""
    cache = None if args.no_cache else args.cache_dir
    try:
        # The same stages as archive.load_archive, with parallel parsing and the parse cache.
        corpus = load_archive_fast(args.source, args.jobs or default_jobs(), cache)
    except TaxonomyError as exc:
        return Outcome([], 1, 0, {}, fatal=f"error: {exc}")
    lines, errors, warnings = report(corpus, args.source)
    if args.command != "build":
        return Outcome(lines, errors, warnings, totals(corpus))
    from .site import build_timestamp, generated_files, write_tree

    page = render_page if args.no_cache else cached_pages(args.cache_dir / "render")
    written = write_tree(args.docs_dir, generated_files(corpus, page))
    return Outcome(lines, errors, warnings, totals(corpus), build_timestamp(corpus), written)


def apart(stages: Callable[[argparse.Namespace], Outcome], args: argparse.Namespace) -> Outcome:
    """``stages(args)`` in a child process, so that all the memory it used is returned.

    MkDocs then runs in a process that never held the model: the build's peak memory is the
    larger of the two stages', not their sum (Python keeps memory it freed for itself). Where
    processes cannot be forked, the stages run here.
    """
    if not sys.platform.startswith("linux"):
        return stages(args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(stages, args, send), name="model stages")
    child.start()
    send.close()
    try:
        status, value = receive.recv()
    except EOFError:
        status, value = "failed", "the process ended before giving its result"
    child.join()
    if status != "ok":
        raise RuntimeError(f"the model stages failed in their process (exit status {child.exitcode}): {value}")
    outcome: Outcome = value
    return outcome


def _child(stages: Callable[[argparse.Namespace], Outcome], args: argparse.Namespace, send: Any) -> None:
    try:
        send.send(("ok", stages(args)))
    except BaseException:  # reported by the parent, with the traceback
        send.send(("failed", traceback.format_exc()))
    finally:
        send.close()


def summary(t: dict[str, int], errors: int, warnings: int, seconds: float) -> str:
    """The one-line build summary printed at the end of every run (``t``: the corpus' totals)."""
    return (
        f"{t['documents']} documents, {t['paragraphs']} paragraphs, {t['footnotes']} footnotes, "
        f"{warnings} warnings, {errors} errors, {t['removed']} furniture lines removed ({seconds:.2f} s)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    started = time.perf_counter()
    if not args.source.is_dir():
        print(f"error: source folder {args.source} does not exist; pass --source DIR", file=sys.stderr)
        return 2
    if args.jobs < 0:
        print("error: --jobs must be 0 (every core) or more", file=sys.stderr)
        return 2
    try:
        outcome = apart(model_stages, args) if args.command == "build" else model_stages(args)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in outcome.diagnostics:
        print(line, file=sys.stderr)
    if outcome.fatal is not None:
        print(outcome.fatal, file=sys.stderr)
        return 1
    errors = outcome.errors
    if args.command == "build":
        from .package import package_site
        from .site import build_site

        problems = build_site(
            args.config,
            args.docs_dir,
            args.site_dir,
            timestamp=outcome.timestamp,
            dirty=not args.no_cache,
            stamps=args.cache_dir / "sites",
            progress=True,
        )
        for message in problems:
            print(f"mkdocs: {message}", file=sys.stderr)
        errors += len(problems)
        print(f"Wrote {outcome.written} changed files to {args.docs_dir}/; site in {args.site_dir}/")
        if not problems:
            zips = None if args.no_cache else args.cache_dir / "zip"
            archive, count = package_site(args.site_dir, args.config, outcome.timestamp, zips)
            print(f"Offline archive: {archive} ({count} files, {archive.stat().st_size / 1e6:.1f} MB)")
    print(summary(outcome.counts, errors, outcome.warnings, time.perf_counter() - started))
    if errors or (args.strict and outcome.warnings):
        return 1
    return 0
