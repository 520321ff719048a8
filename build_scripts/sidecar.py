"""Sidecar metadata files: what an editor knows that the text does not state.

``source/<name>.yml`` beside ``source/<name>.txt`` (or ``.md``), for example::

    # The text gives no symbol; the organ is known from the session.
    body: General Assembly
    provenance: Seed document 004 supplied with the project

Allowed keys are the fields of :data:`FIELDS`. A value given here overrides what the text
states (with a warning when they disagree); a broken file is reported with its line and
the document still builds from its text alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .model import Diagnostic, Metadata, Severity

FIELDS: dict[str, str] = {
    "symbol": "UN document symbol, e.g. A/RES/57/176",
    "body": "organ, e.g. General Assembly",
    "kind": "resolution, decision, draft resolution, report, note or other",
    "title": "title of the document",
    "number": "resolution or decision number as printed, e.g. 57/176",
    "session": "session, e.g. Fifty-seventh session",
    "committee": "Main Committee, e.g. Third Committee",
    "agenda_item": "agenda item number, e.g. 102",
    "agenda_title": "title of the agenda item",
    "date": "date of adoption or issue, YYYY-MM-DD",
    "distributed": "date of distribution, YYYY-MM-DD",
    "meeting": "meeting, e.g. 77th plenary meeting",
    "provenance": "where the text came from",
}
KINDS = ("resolution", "decision", "draft resolution", "report", "note", "other")
SUFFIXES = (".yml", ".yaml")


def sidecar_path(source: Path) -> Path | None:
    """The sidecar of ``source``, if there is one."""
    for suffix in SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def load_sidecar(path: Path, name: str) -> tuple[Metadata | None, list[Diagnostic]]:
    """Read a sidecar; ``name`` is the path to show in messages."""
    problems: list[Diagnostic] = []

    def problem(line: int, message: str) -> None:
        problems.append(Diagnostic(name, line, "sidecar", message, Severity.ERROR))

    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        problem(line, f"not valid YAML ({exc.problem}); fix the file or delete it: the document is built without it")
        return None, problems
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem(0, f"cannot read the metadata file ({exc}); the document is built without it")
        return None, problems
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        problem(1, "the metadata file must be a mapping of 'key: value' lines; the document is built without it")
        return None, problems
    lines = {m.group(1): n for n, row in enumerate(text.splitlines(), 1) if (m := re.match(r"^(\w+)\s*:", row))}
    values: dict[str, str] = {}
    for key, value in data.items():
        line = lines.get(str(key), 0)
        if key not in FIELDS:
            problem(line, f"unknown key {key!r}; known keys: {', '.join(FIELDS)}")
            continue
        if value is None:
            continue
        value = str(value).strip()
        if key in ("date", "distributed") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            problem(line, f"{key} must be written YYYY-MM-DD, not {value!r}; ignored")
            continue
        if key == "kind" and value not in KINDS:
            problem(line, f"kind must be one of {', '.join(KINDS)}, not {value!r}; ignored")
            continue
        values[key] = value
    return Metadata(**values, fields_from_sidecar=tuple(sorted(values))), problems
