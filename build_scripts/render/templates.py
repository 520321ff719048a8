"""The Jinja2 environment for page templates (``build_scripts/templates``).

Autoescaping is on: a value reaches a page unescaped only when a renderer wrapped it in
``Markup`` after escaping it itself.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .html import md_escape


@cache
def environment() -> jinja2.Environment:
    """The shared, autoescaping template environment."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_scripts", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # |md: text shown as-is inside Markdown (headings, list items, link text).
    env.filters["md"] = lambda value: Markup(md_escape(str(value)))
    # |yaml: a string for YAML front matter (a JSON string is a valid YAML scalar).
    env.filters["yaml"] = lambda value: Markup(json.dumps(str(value), ensure_ascii=False))
    return env


def render_template(name: str, **context: Any) -> str:
    """Render template ``name`` with ``context``."""
    return environment().get_template(name).render(**context)
