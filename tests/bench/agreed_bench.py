"""Benchmark (not a test): time and memory of the agreed-language stage on synthetic corpora.

    python -m tests.bench.agreed_bench [N ...]        (default: 1000 10000 documents)

Each size runs in a fresh process. The documents are made from the seed paragraphs: a word
bigram model trained on them writes most paragraphs (plausible UN prose that shares many short
phrases, and by chance some long ones), 4% are copies of an earlier synthetic paragraph with
about one word in ten changed (agreed language), and 1% repeat a seed paragraph verbatim
(wording a series of resolutions carries from year to year). Prints one Markdown table row per
size: CPU and wall seconds (the wall time depends on what else the machine runs) and the peak
memory :func:`build_scripts.agreed.find_agreed` adds to the documents, then the CPU time of rendering every
page's agreed-language view and the largest section.
"""

from __future__ import annotations

import gc
import itertools
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict

from build_scripts.agreed import find_agreed
from build_scripts.corpus import load_corpus
from build_scripts.model import Corpus, Document, Metadata, Paragraph, ParaKind, Text
from build_scripts.render.agreed import AgreedRenderer

from .benchmark import ROOT

PARAGRAPHS = 30
COPY, VERBATIM = 0.04, 0.01


def synthetic(count: int, seed: int = 57176) -> list[Document]:
    """``count`` documents of :data:`PARAGRAPHS` paragraphs each (see the module docstring)."""
    rng = random.Random(seed)
    seeds = [p.text.split() for d in load_corpus(ROOT / "source").documents for p in d.paragraphs]
    seeds = [s for s in seeds if len(s) >= 5]
    follows: dict[str, list[str]] = defaultdict(list)
    for words in seeds:
        for a, b in itertools.pairwise(words):
            follows[a].append(b)
    openers = [s[0] for s in seeds]
    made: list[str] = []
    """Every paragraph's text so far (the same strings the documents hold: no extra memory)."""
    docs = []
    for n in range(count):
        paras = []
        for k in range(PARAGRAPHS):
            roll = rng.random()
            if roll < VERBATIM:
                words = list(rng.choice(seeds))
            elif roll < VERBATIM + COPY and made:
                words = [w if rng.random() > 0.1 else rng.choice(openers) for w in rng.choice(made).split()]
            else:
                words = [rng.choice(openers)]
                for _ in range(len(rng.choice(seeds)) - 1):
                    words.append(rng.choice(follows.get(words[-1]) or openers))
            made.append(" ".join(words))
            number = str(k + 1)
            paras.append(Paragraph(f"op-{number}", ParaKind.OPERATIVE, f"{number}.", number, False, 0,
                                   (Text(made[-1]),), (k + 1,)))  # fmt: skip
        year = 1990 + n % 35
        meta = Metadata(symbol=f"A/RES/{n // 300 + 1}/{n % 300 + 1}", date=f"{year}-12-{1 + n % 28:02}")
        docs.append(Document(f"doc-{n:05}", f"doc-{n:05}.txt", meta, (), tuple(paras), (), None, (), (), 1))
    return docs


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def one(count: int) -> None:
    docs = synthetic(count)
    gc.collect()
    before = current_mb()
    start, cpu = time.perf_counter(), time.process_time()
    agreed, stats = find_agreed(docs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    stage_mb = peak_mb() - before
    corpus = Corpus(tuple(docs), agreed=agreed)
    render = time.process_time()
    renderer = AgreedRenderer(corpus)
    largest = max(len(renderer.view(d).section) for d in docs)
    render = time.process_time() - render
    paragraphs = sum(len(d.blocks) for d in docs)
    print(
        f"| {count:,} | {paragraphs:,} | {stats.fingerprints:,} | {stats.formula:,} | {stats.checks:,} "
        f"| {stats.comparisons:,} "
        f"| {stats.pairs:,} | {cpu:.1f} | {seconds:.1f} | {stage_mb:.0f} | {render:.1f} | {largest / 1024:.0f} |"
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        one(int(argv[1]))
        return
    print("| documents | paragraphs | fingerprints | formula | runs measured | diffs | pairs kept | CPU s | wall s "
          "| peak MB | render CPU s | largest section KB |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in [int(a) for a in argv] or [1000, 10000]:
        subprocess.run([sys.executable, "-m", "tests.bench.agreed_bench", "--one", str(count)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main(sys.argv[1:])
