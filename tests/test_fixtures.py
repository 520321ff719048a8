"""The hand-labelled reference fixture (tests/fixtures/references/) stays true to its texts.

The fixture is what the reference recogniser's precision and recall will be measured
against, so each label must point at text that is really on its line, and each paragraph
target inside the same document must be an id the parser really gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.corpus import load_document

from .conftest import CORPUS, ROOT, SOURCE

FIXTURES = ROOT / "tests" / "fixtures" / "references"
KINDS = {"resolution", "decision", "document", "instrument", "paragraph", "ibid"}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.yml"))


def source_of(name: str) -> tuple[Path, Path]:
    for folder in (SOURCE, CORPUS):
        if (folder / name).exists():
            return folder, folder / name
    raise AssertionError(f"fixture names {name}, which is in neither source/ nor tests/corpus/")


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda p: p.stem)
def test_every_label_is_on_its_line(fixture: Path) -> None:
    data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    _, path = source_of(data["source"])
    lines = path.read_text(encoding="utf-8").split("\n")
    for ref in data["references"] + data.get("excluded", []):
        first = lines[ref["line"] - 1].strip()
        following = " ".join(line.strip() for line in lines[ref["line"] : ref["line"] + 8] if line.strip())
        joined = f"{first} {following}"
        starts = [i for i in range(len(first)) if joined.startswith(ref["text"], i)]
        assert len(starts) >= ref.get("occurrence", 1), f"{fixture.name}: {ref['text']!r} not on line {ref['line']}"


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda p: p.stem)
def test_labels_are_well_formed_and_paragraph_targets_exist(fixture: Path) -> None:
    data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    folder, path = source_of(data["source"])
    docs, _ = load_document(folder, path)
    assert docs
    doc = docs[0]
    anchors = {block.anchor for block in doc.blocks} | {note.anchor for note in doc.footnotes}
    for ref in data["references"]:
        assert ref["kind"] in KINDS, ref
        assert isinstance(ref["link"], bool), ref
        if ref["kind"] == "paragraph" and "#" not in str(ref["target"]):
            for target in (ref["target"], ref.get("target_end")):
                assert target is None or target in anchors, f"{fixture.name} line {ref['line']}: no id {target}"


def test_the_fixture_covers_the_seeds_and_some_corpus_texts() -> None:
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["source"] for p in fixture_files()}
    assert {p.name for p in SOURCE.glob("*.txt")} <= names
    assert len(names - {p.name for p in SOURCE.glob("*.txt")}) >= 3
