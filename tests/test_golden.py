"""Golden files: each seed's model (JSON) and page (Markdown), compared whole.

Run ``pytest tests/test_golden.py --update`` to rewrite them, then review ``git diff
tests/golden`` before committing: the diff is the change in what readers get.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from build_scripts.corpus import load_document
from build_scripts.render.indexes import HOME
from build_scripts.render.page import document_page
from build_scripts.serialize import document_json

from .conftest import GOLDEN, SOURCE, seed_files


def compare(path: Path, actual: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; run pytest --update and review it")
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), str(path), "actual", n=2
            )
        )
        pytest.fail(f"{path.name} differs from the golden file (run with --update if intended):\n{diff[:6000]}")


@pytest.mark.parametrize("source", seed_files(), ids=lambda p: p.stem)
def test_model_and_page_match_golden(source: Path, update_golden: bool) -> None:
    docs, problems = load_document(SOURCE, source)
    assert len(docs) == 1 and not problems
    doc = docs[0]
    compare(GOLDEN / f"{source.stem}.json", document_json(doc), update_golden)
    compare(GOLDEN / f"{source.stem}.md", document_page(doc, HOME), update_golden)
