"""The librarian-edited data files hold together: the instrument registry and the topic taxonomy.

These files will drive recognition and the instrument and topic pages; an id typo, a
dangling parent or an alias claimed by two instruments would silently mislink, so the
rules the file headers state are checked here.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import yaml

from .conftest import ROOT

DATA = ROOT / "build_scripts" / "data"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SYMBOL = re.compile(r"^(?:A|E|S)/(?:RES|CONF|CN|HRC|[0-9])[A-Za-z0-9./\- ()]*$")


def load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    return data


def test_instrument_ids_are_unique_slugs_with_titles() -> None:
    entries = load("instruments.yml")
    ids = [e["id"] for e in entries]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for entry in entries:
        assert SLUG.match(entry["id"]), entry["id"]
        assert entry["title"] and isinstance(entry["title"], str)
        assert entry.get("parent") is None or entry["parent"] in ids, entry["id"]
        assert entry.get("adopted_by") is None or SYMBOL.match(entry["adopted_by"]), entry["adopted_by"]


def test_no_alias_names_two_instruments() -> None:
    owners: dict[str, str] = {}
    for entry in load("instruments.yml"):
        for alias in entry.get("aliases") or []:
            assert owners.setdefault(alias, entry["id"]) == entry["id"], f"{alias!r}: {owners[alias]}, {entry['id']}"


def test_the_instruments_the_issue_names_are_registered() -> None:
    ids = {e["id"] for e in load("instruments.yml")}
    assert {"crc", "cedaw", "untoc", "trafficking-protocol", "smuggling-protocol", "ilo-c182", "udhr"} <= ids


def test_every_instrument_the_reference_fixture_names_is_registered() -> None:
    ids = {e["id"] for e in load("instruments.yml")}
    named: set[str] = set()
    for path in (ROOT / "tests" / "fixtures" / "references").glob("*.yml"):
        for ref in yaml.safe_load(path.read_text(encoding="utf-8"))["references"]:
            if ref["kind"] == "instrument" and not str(ref["target"]).startswith("unregistered:"):
                named.add(ref["target"])
                named.update(ref.get("also_targets") or [])
    assert named - ids == set()


def test_topics_form_a_tree_with_terms() -> None:
    topics = load("topics.yml")
    ids = [t["id"] for t in topics]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for topic in topics:
        assert SLUG.match(topic["id"]) and topic["label"]
        assert topic.get("parent") is None or topic["parent"] in ids, topic["id"]
        for term in topic.get("terms") or []:
            assert "*" not in term.rstrip("*").replace("* ", ""), f"{topic['id']}: '*' only ends a word: {term!r}"
    required = {"prevention", "protection", "prosecution", "partnership", "witness-protection", "women", "children"}
    assert required <= set(ids)
    assert len(ids) >= 8
