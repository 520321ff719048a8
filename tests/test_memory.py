"""MkDocs' memory: pages wait on disk between rendering and writing, and the site is the same."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_scripts.archive import load_archive
from build_scripts.cli import main as cli
from build_scripts.site import build_timestamp
from tests.bench.synth import generate

from .conftest import ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.site
def test_pages_kept_on_disk_give_the_site_mkdocs_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_site (which moves each page's HTML to disk until it is written) and MkDocs' own
    build of the same docs/ give byte-identical sites."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    source, docs, site, plain = (tmp_path / n for n in ("source", "docs", "site", "plain"))
    generate(12, source, seed=5)
    config = ROOT / "mkdocs.yml"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "about.md", docs / "about.md")
    args = ["build", "--source", str(source), "--docs-dir", str(docs), "--site-dir", str(site)]
    assert cli([*args, "--config", str(config), "--no-cache", "--strict"]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(build_timestamp(load_archive(source))))
    build(load_config(str(config), docs_dir=str(docs), site_dir=str(plain), strict=True))
    ours, theirs = snapshot(site), snapshot(plain)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert os.path.getsize(site / "index.html") > 1000


def test_a_failure_in_the_model_process_is_reported(tmp_path: Path) -> None:
    """The model stages run in a child process: an unexpected error there ends the build with a
    message naming it (and its traceback), not a hang or a silent success."""
    from build_scripts import cli as cli_module

    def broken(args: object) -> cli_module.Outcome:
        raise ValueError("something unexpected")

    source = tmp_path / "source"
    generate(2, source, seed=1)
    with pytest.raises(RuntimeError, match="ValueError: something unexpected"):
        cli_module.apart(broken, cli_module.parser().parse_args(["build", "--source", str(source)]))
