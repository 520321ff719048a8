"""Precision and recall of the link stage against the hand-labelled fixture.

    python -m tests.reference_score        prints the figures per file and the misses

A label and a link match when they are in the same paragraph, note or masthead line, have the
same words and lead to the same target (symbol, ``symbol#op-3``, own ``op-9``, instrument id,
``instrument#art-6-para-2``). Only labels with ``link: true`` are expected; a link that matches
no label at all (and no ``excluded`` span) is a false link.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_scripts.corpus import load_document
from build_scripts.link import link_corpus
from build_scripts.model import Corpus, Document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "references"
FOLDERS = (ROOT / "source", ROOT / "tests" / "corpus")

Key = tuple[str, str, str]
"""(where, words, target)."""


@dataclass
class Score:
    """Counts for one file or for all of them."""

    expected: Counter[Key] = field(default_factory=Counter)
    found: Counter[Key] = field(default_factory=Counter)
    unlabelled_ok: Counter[Key] = field(default_factory=Counter)

    @property
    def hits(self) -> int:
        return sum((self.expected & self.found).values())

    @property
    def false(self) -> Counter[Key]:
        return self.found - self.expected - self.unlabelled_ok

    @property
    def missed(self) -> Counter[Key]:
        return self.expected - self.found

    @property
    def precision(self) -> float:
        linked = self.hits + sum(self.false.values())
        return self.hits / linked if linked else 1.0

    @property
    def recall(self) -> float:
        total = sum(self.expected.values())
        return self.hits / total if total else 1.0


def _where(doc: Document) -> dict[int, str]:
    out: dict[int, str] = {}
    for m in doc.masthead:
        out.setdefault(m.line, f"mh-{m.line}")
    for block in doc.blocks:
        for line in getattr(block, "lines", ()):
            out.setdefault(line, block.anchor)
    for note in doc.footnotes:
        for line in note.lines:
            out.setdefault(line, note.anchor)
    return out


def _words(text: str) -> str:
    return " ".join(str(text).split())


def _doc_for(source: str) -> tuple[Path, Document]:
    for folder in FOLDERS:
        path = folder / source
        if path.exists():
            docs, _ = load_document(folder, path)
            assert docs, source
            return folder, docs[0]
    raise FileNotFoundError(source)


def archive() -> Corpus:
    """Every fixture document parsed and linked together (so archive links resolve)."""
    docs = {}
    for fixture in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
        _, doc = _doc_for(data["source"])
        docs[doc.id] = doc
    return link_corpus(Corpus(tuple(docs[k] for k in sorted(docs))))


def score_file(fixture: Path, corpus: Corpus) -> Score:
    """The score of one fixture file."""
    data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    doc = next(d for d in corpus.documents if d.source == data["source"])
    where = _where(doc)
    score = Score()
    for ref in data["references"]:
        place = where.get(ref["line"], f"line-{ref['line']}")
        targets = [str(ref["target"])] + [str(t) for t in ref.get("also_targets") or []]
        if ref["kind"] == "ibid" and ref.get("instrument"):
            targets.append(ref["instrument"])
        bucket = score.expected if ref["link"] else score.unlabelled_ok
        for target in targets:
            bucket[(place, _words(ref["text"]), target)] += 1
    for ref in data.get("excluded") or []:
        place = where.get(ref["line"], f"line-{ref['line']}")
        score.unlabelled_ok[(place, _words(ref["text"]), "*")] += 1
    for c in corpus.citations:
        if c.source != doc.id:
            continue
        if c.kind == "paragraph" and c.document == doc.id:
            target = c.target_anchor or ""
        elif c.target_anchor:
            target = f"{c.target}#{c.target_anchor}"
        else:
            target = c.target
        key = (c.anchor, c.text, target)
        if (c.anchor, c.text, "*") in score.unlabelled_ok:
            score.unlabelled_ok[key] += 1
        score.found[key] += 1
    return score


def score_all() -> tuple[Score, dict[str, Score]]:
    """The total score and the score of each fixture file."""
    corpus = archive()
    total = Score()
    per: dict[str, Score] = {}
    for fixture in sorted(FIXTURES.glob("*.yml")):
        s = score_file(fixture, corpus)
        per[fixture.stem] = s
        total.expected.update(s.expected)
        total.found.update(s.found)
        total.unlabelled_ok.update(s.unlabelled_ok)
    return total, per


def main() -> None:
    """Print per-file precision and recall, then every false and missed link."""
    total, per = score_all()
    print("| fixture | labelled links | found | correct | false | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, s in per.items():
        print(
            f"| {name} | {sum(s.expected.values())} | {sum(s.found.values())} | {s.hits} | "
            f"{sum(s.false.values())} | {s.precision:.3f} | {s.recall:.3f} |"
        )
    print(
        f"| **all** | {sum(total.expected.values())} | {sum(total.found.values())} | {total.hits} | "
        f"{sum(total.false.values())} | {total.precision:.3f} | {total.recall:.3f} |"
    )
    if "-v" in sys.argv:
        for name, s in per.items():
            for key in sorted(s.false):
                print(f"FALSE  {name}: {key}")
            for key in sorted(s.missed):
                print(f"MISSED {name}: {key}")


if __name__ == "__main__":
    main()
