"""Stage 4, render: the model -> Markdown pages, index pages and ``catalog.json``.

Renderers read only the model (:mod:`build_scripts.model`); they never look at source text.
Every piece of source text goes through :func:`~build_scripts.render.html.inline_html`, which
escapes it, so nothing in a source can inject markup into a page.
"""
