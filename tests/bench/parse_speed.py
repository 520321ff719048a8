"""Benchmark (not a test): CPU time of clean + parse, single process.

    python -m tests.bench.parse_speed [--runs R] [--per-file] DIR...

For each folder, every source is loaded with :func:`~build_scripts.corpus.load_document`
(clean, parse, sidecar) in ``R`` passes (default 3), each in a fresh process, as a build's
worker would load them (the parser's caches start empty, so a file is never timed with its
own texts already cached); prints the median CPU time (``time.process_time``) of a pass over
the folder, per document, and with ``--per-file`` the median per file. CPU time, not wall
time, because the machine may be shared; the load average is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from build_scripts.corpus import load_document, source_files

ROOT = Path(__file__).resolve().parents[2]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f}"


def one_pass(folder: Path) -> dict[str, float]:
    """CPU seconds to load each source of ``folder``, in this process, in order."""
    times: dict[str, float] = {}
    for path in source_files(folder):
        before = time.process_time()
        load_document(folder, path)
        times[path.name] = time.process_time() - before
    return times


def measure(folder: Path, runs: int, per_file: bool) -> None:
    """Print the median CPU time of loading every source of ``folder`` (see the module docstring)."""
    passes: list[dict[str, float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "tests.bench.parse_speed", "--one-pass", str(folder)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        passes.append(json.loads(out))
    total = statistics.median(sum(times.values()) for times in passes)
    count = len(passes[0])
    print(
        f"{folder}: {count} files, {total:.2f} s CPU per pass (median of {runs}), "
        f"{total / max(count, 1) * 1000:.2f} ms per file; {_load()}"
    )
    if per_file:
        for name in passes[0]:
            print(f"  {name:<50} {statistics.median(times[name] for times in passes) * 1000:8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("folders", type=Path, nargs="+")
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--per-file", action="store_true")
    args.add_argument("--one-pass", action="store_true", help=argparse.SUPPRESS)
    ns = args.parse_args(argv)
    if ns.one_pass:
        print(json.dumps(one_pass(ns.folders[0].resolve())))
        return 0
    for folder in ns.folders:
        measure(folder.resolve(), ns.runs, ns.per_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
