"""Shared fixtures: paths, parsed seeds, and one site build per test session."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_scripts.archive import load_archive
from build_scripts.corpus import source_files
from build_scripts.model import Corpus
from build_scripts.site import MANIFEST, build_site, generate, write_tree

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
CORPUS = ROOT / "tests" / "corpus"
"""Real UN texts of other kinds (copied from the project's shared corpus; see tests/corpus/README.md)."""
GOLDEN = ROOT / "tests" / "golden"
CONFIG = ROOT / "mkdocs.yml"
ARTIFACTS = ROOT / "test-artifacts"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update", action="store_true", help="rewrite the golden files instead of comparing")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update"))


def seed_files() -> list[Path]:
    return source_files(SOURCE)


def corpus_files() -> list[Path]:
    return source_files(CORPUS)


def copy_handwritten_docs(target: Path) -> None:
    """Copy the hand-written files of docs/ (not those an earlier local build generated)."""
    import shutil

    manifest = ROOT / "docs" / MANIFEST
    generated = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.exists() else set()
    for path in sorted((ROOT / "docs").rglob("*")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        if path.is_file() and rel not in generated and rel != MANIFEST:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / rel)


@dataclass(frozen=True)
class BuiltSite:
    """A site built from a source folder into a temporary docs/ and site/."""

    corpus: Corpus
    docs: Path
    site: Path
    mkdocs_messages: list[str]


def build_into(source: Path, where: Path) -> BuiltSite:
    """Parse ``source``, write ``where/docs`` (with the hand-written pages) and build ``where/site``."""
    docs = where / "docs"
    copy_handwritten_docs(docs)
    corpus = load_archive(source)
    write_tree(docs, generate(corpus))
    site = where / "site"
    messages = build_site(CONFIG, docs, site, corpus)
    return BuiltSite(corpus, docs, site, messages)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The seed archive, built once for the session."""
    return build_into(SOURCE, tmp_path_factory.mktemp("seed-site"))


@contextlib.contextmanager
def page_in_look(browser: Any, look: str) -> Iterator[Any]:
    """A 1280x900 page in the ``look`` a screenshot shows: "light", "dark" or "print"."""
    scheme = "dark" if look == "dark" else "light"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        if look == "print":
            page.emulate_media(media="print")
        yield page
    finally:
        ctx.close()


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    """Save ``page`` as ``test-artifacts/<name>.png`` (the old file removed first); returns the path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=full_page)
    return shot
