"""The offline archive (build_scripts/package.py): name, layout, determinism, the command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.package import archive_name, slug, write_zip
from build_scripts.site import build_timestamp

from .conftest import CONFIG, SOURCE, BuiltSite, copy_handwritten_docs


def test_slug() -> None:
    assert slug("United Nations Resolutions Archive") == "united-nations-resolutions-archive"
    assert slug("  Résolutions de l'ONU (2024) ") == "r-solutions-de-l-onu-2024"
    assert slug("¿?") == "site"


def test_archive_name_carries_the_build_date() -> None:
    # 2002-12-18T00:00:00Z, the date of the newest seed document.
    assert archive_name("UN Archive", 1040169600) == "un-archive-2002-12-18"
    assert archive_name("UN Archive", 0) == "un-archive"  # no dated document: no date


def make_tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_zip_is_sorted_stamped_and_under_one_folder(tmp_path: Path) -> None:
    site = make_tree(tmp_path / "site", {"index.html": b"<p>home</p>", "A/RES/1.html": b"a", "404.html": b"x"})
    out = tmp_path / "dist" / "arch-2002-12-18.zip"
    assert write_zip(site, out, "arch-2002-12-18", 1040169600) == 3
    with zipfile.ZipFile(out) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            "arch-2002-12-18/404.html",
            "arch-2002-12-18/A/RES/1.html",
            "arch-2002-12-18/index.html",
        ]
        assert {i.date_time for i in infos} == {(2002, 12, 18, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert archive.read("arch-2002-12-18/index.html") == b"<p>home</p>"
    assert not out.with_suffix(".zip.part").exists()


def test_zip_does_not_depend_on_file_times_or_creation_order(tmp_path: Path) -> None:
    files = {"b.html": b"b" * 1000, "a/c.css": b"c", "a.html": b"a"}
    first = make_tree(tmp_path / "one", files)
    second = make_tree(tmp_path / "two", dict(reversed(list(files.items()))))
    (second / "a.html").touch()
    write_zip(first, tmp_path / "1.zip", "x", 0)
    write_zip(second, tmp_path / "2.zip", "x", 0)
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "1.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # the zip format's epoch


@pytest.mark.site
def test_build_writes_the_zip_of_the_whole_site(tmp_path: Path, seed_site: BuiltSite) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    copy_handwritten_docs(docs)
    argv = ["build", "--source", str(SOURCE), "--docs-dir", str(docs), "--site-dir", str(site), "--config", str(CONFIG)]
    assert main(argv) == 0
    name = archive_name("United Nations Resolutions Archive", build_timestamp(seed_site.corpus))
    assert name == "united-nations-resolutions-archive-2003-09-24"  # the newest seed document's date
    archive_path = tmp_path / "dist" / f"{name}.zip"
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.namelist() == [f"{name}/{rel}" for rel in built]
        assert archive.read(f"{name}/A/RES/57/176.html") == (site / "A/RES/57/176.html").read_bytes()
    first = archive_path.read_bytes()
    assert main(argv) == 0  # a second build: the same bytes
    assert archive_path.read_bytes() == first
