"""The offline archive (build_scripts/package.py): name, layout, determinism, the command line."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest

from build_scripts import package
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


def test_zip_with_the_compression_cache_is_the_same_and_reuses_it(tmp_path: Path) -> None:
    files = {"index.html": b"<p>home</p>" * 50, "A/RES/1.html": "résolution ≈".encode() * 30, "é.css": b""}
    site = make_tree(tmp_path / "site", files)
    write_zip(site, tmp_path / "plain.zip", "x", 1040169600)
    cache = tmp_path / "cache"
    write_zip(site, tmp_path / "cold.zip", "x", 1040169600, cache)
    assert len([p for p in cache.rglob("*") if p.is_file()]) == 3
    # A kept entry is used as it is (here: visibly, a different but valid compression).
    for kept in cache.rglob("*"):
        if kept.is_file() and kept.stat().st_size > 20:
            data = zlib.decompress(kept.read_bytes()[4:], -15)
            other = zlib.compressobj(1, zlib.DEFLATED, -15)
            kept.write_bytes(kept.read_bytes()[:4] + other.compress(data) + other.flush())
    write_zip(site, tmp_path / "warm.zip", "x", 1040169600, cache)
    assert (tmp_path / "plain.zip").read_bytes() == (tmp_path / "cold.zip").read_bytes()
    assert (tmp_path / "warm.zip").read_bytes() != (tmp_path / "cold.zip").read_bytes()
    for name in ("plain.zip", "warm.zip"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            assert archive.testzip() is None  # every CRC checked
            assert {i.filename: archive.read(i) for i in archive.infolist()} == {f"x/{k}": v for k, v in files.items()}
            assert {i.external_attr >> 16 for i in archive.infolist()} == {0o100644}
            assert {i.date_time for i in archive.infolist()} == {(2002, 12, 18, 0, 0, 0)}
            # The UTF-8 flag is set for the names that need it, and only for them.
            assert {i.filename: bool(i.flag_bits & 0x800) for i in archive.infolist()} == {
                "x/A/RES/1.html": False,
                "x/index.html": False,
                "x/é.css": True,
            }
    # An entry that does not match its file (wrong checksum) is compressed again.
    site.joinpath("index.html").write_bytes(b"changed")
    write_zip(site, tmp_path / "again.zip", "x", 1040169600, cache)
    with zipfile.ZipFile(tmp_path / "again.zip") as archive:
        assert archive.read("x/index.html") == b"changed"


def test_a_site_needing_zip64_is_written_by_zipfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_tree(tmp_path / "site", {"a.html": b"a", "b/c.html": "ü".encode()})
    monkeypatch.setattr(package, "ZIP64_FILES", 2)
    write_zip(site, tmp_path / "big.zip", "x", 0, tmp_path / "cache")
    write_zip(site, tmp_path / "big2.zip", "x", 0)
    assert (tmp_path / "big.zip").read_bytes() == (tmp_path / "big2.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "big.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("x/b/c.html") == "ü".encode()
