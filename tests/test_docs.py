"""The documentation matches the behaviour: every command and option is in the README,
and every document is reachable from the home page and its body and year pages."""

from __future__ import annotations

import argparse

import pytest

from build_scripts.cli import parser
from build_scripts.render.indexes import UNKNOWN_BODY, slug, year_of

from .conftest import ROOT, BuiltSite

README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    assert f"python -m build_scripts {name}" in README
    for action in subcommands()[name]._actions:
        for option in action.option_strings:
            if option not in ("-h", "--help"):
                assert option in README, f"{name} {option} is not documented in README.md"


def test_readme_shows_the_two_commands_first() -> None:
    first_section = README.split("\n## ", 2)[1]
    assert "make site" in first_section and "make test" in first_section


@pytest.mark.site
def test_every_document_is_linked_from_home_body_and_year_pages(seed_site: BuiltSite) -> None:
    home = (seed_site.site / "index.html").read_text(encoding="utf-8")
    for doc in seed_site.corpus.documents:
        assert f'href="{doc.url}"' in home, doc.url
        body = (seed_site.site / "bodies" / f"{slug(doc.meta.body or UNKNOWN_BODY)}.html").read_text(encoding="utf-8")
        year = (seed_site.site / "years" / f"{year_of(doc)}.html").read_text(encoding="utf-8")
        name = doc.url.rsplit("/", 1)[-1]
        assert name in body and name in year, doc.url
