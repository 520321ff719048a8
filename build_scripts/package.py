"""The offline archive: one zip of the built site, for reading from a folder with no network.

``build`` writes ``dist/<site-name>-<date>.zip`` beside the site folder (``site/`` ->
``dist/``): the slug of ``site_name`` from the MkDocs configuration and the date of the build
timestamp (:func:`build_scripts.site.build_timestamp`, the newest document's date). Every file
lies under one folder of the same name, so unzipping never scatters files; the reader opens
``<name>/index.html``.

The zip is deterministic, like the site: entries sorted by path, every entry stamped with the
build timestamp (never the clock or the files' times), the same permissions and compression
for all. Two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry."""
LEVEL = 6
"""Deflate level: on a 1,000-document site, level 9 takes 40% longer for a zip 0.7% smaller."""


def slug(text: str) -> str:
    """ "United Nations Resolutions Archive" -> "united-nations-resolutions-archive"."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "site"


def archive_name(site_name: str, timestamp: int) -> str:
    """The zip's name without ``.zip``: the site's slug, then the build date when there is one."""
    if timestamp <= 0:
        return slug(site_name)
    day = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).date().isoformat()
    return f"{slug(site_name)}-{day}"


def site_name(config_file: Path) -> str:
    """``site_name`` from the MkDocs configuration (read as MkDocs reads it, ``!ENV`` included)."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as stream:
        config = yaml_load(stream)
    return str(config.get("site_name") or "site")


def _zip_time(timestamp: int) -> tuple[int, int, int, int, int, int]:
    when = datetime.datetime.fromtimestamp(max(timestamp, 0), tz=datetime.UTC)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return max(stamp, ZIP_EPOCH)


def write_zip(site_dir: Path, zip_path: Path, folder: str, timestamp: int) -> int:
    """Zip every file of ``site_dir`` under ``folder/`` into ``zip_path``; returns the file count."""
    files = sorted((p for p in site_dir.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site_dir).as_posix())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.part")
    date_time = _zip_time(timestamp)
    with zipfile.ZipFile(partial, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the building machine
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, path.read_bytes(), compresslevel=LEVEL)
    partial.replace(zip_path)
    return len(files)


def package_site(site_dir: Path, config_file: Path, timestamp: int) -> tuple[Path, int]:
    """Write the offline archive of ``site_dir`` into ``dist/`` beside it; returns (path, files)."""
    name = archive_name(site_name(config_file), timestamp)
    zip_path = site_dir.resolve().parent / "dist" / f"{name}.zip"
    return zip_path, write_zip(site_dir, zip_path, name, timestamp)
