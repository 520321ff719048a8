"""Benchmark (not a test): CPU time of clean + parse, single process.

    python -m tests.bench.parse_speed [--runs R] [--per-file] DIR...

For each folder, every source is loaded with :func:`~build_scripts.corpus.load_document`
(clean, parse, sidecar) ``R`` times (default 3) in this process; prints the median CPU time
(``time.process_time``) of a pass over the folder, per document, and with ``--per-file`` the
median per file. CPU time, not wall time, because the machine may be shared; the load
average is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from build_scripts.corpus import load_document, source_files


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f}"


def measure(folder: Path, runs: int, per_file: bool) -> None:
    """Print the median CPU time of loading every source of ``folder`` (see the module docstring)."""
    files = source_files(folder)
    times: dict[Path, list[float]] = {path: [] for path in files}
    passes: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        for path in files:
            before = time.process_time()
            load_document(folder, path)
            times[path].append(time.process_time() - before)
        passes.append(time.process_time() - start)
    total = statistics.median(passes)
    print(
        f"{folder}: {len(files)} files, {total:.2f} s CPU per pass (median of {runs}), "
        f"{total / max(len(files), 1) * 1000:.2f} ms per file; {_load()}"
    )
    if per_file:
        for path, found in times.items():
            print(f"  {path.name:<50} {statistics.median(found) * 1000:8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("folders", type=Path, nargs="+")
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--per-file", action="store_true")
    ns = args.parse_args(argv)
    for folder in ns.folders:
        measure(folder.resolve(), ns.runs, ns.per_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
