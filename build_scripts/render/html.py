"""Inline spans -> HTML (escaped), and escaping for the Markdown around it."""

from __future__ import annotations

import html
import re

from ..model import Emphasis, Inline, Link, NoteRef, Ref, Text

# Characters Python-Markdown would read as syntax in a heading or a list item. Backslash
# escapes are defined for these by Python-Markdown's ESCAPED_CHARS.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_escape(text: str) -> str:
    """Escape ``text`` for a Markdown heading or list item: it shows exactly as given."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("|", "&#124;")


def attr(text: str) -> str:
    """Escape ``text`` for an HTML attribute value."""
    return html.escape(text, quote=True)


def inline_html(spans: tuple[Inline, ...], markdown: bool = False, base: str = "") -> str:
    """HTML for ``spans``, escaped.

    With ``markdown`` True the text is also Markdown-escaped, for a context (a heading)
    that Python-Markdown parses. ``base`` leads from the page to the site root ("../../"):
    it prefixes the links of references to other pages of the archive.
    """
    out: list[str] = []
    for span in spans:
        if isinstance(span, Text):
            out.append(md_escape(span.text) if markdown else html.escape(span.text, quote=False))
        elif isinstance(span, Emphasis):
            tag = "strong" if span.strong else "em"
            out.append(f"<{tag}>{inline_html(span.children, markdown, base)}</{tag}>")
        elif isinstance(span, NoteRef):
            out.append(note_ref_html(span))
        elif isinstance(span, Link):
            out.append(f'<a href="{attr(span.url)}" rel="nofollow noopener">{inline_html(span.children, markdown)}</a>')
        elif isinstance(span, Ref):
            out.append(ref_html(span, inline_html(span.children, markdown, base), base))
    return "".join(out)


def ref_html(ref: Ref, inner: str, base: str) -> str:
    """A recognised reference as a link: same page, another archive page, or undocs.org.

    Its title names what it leads to, unless the link's text says exactly that already
    ("Convention on the Rights of the Child") and no preview needs it as a heading: a
    tooltip repeating the words under the pointer tells the reader nothing.
    """
    external = ref.href.startswith(("https://", "http://"))
    href = ref.href if external or ref.href.startswith("#") else base + ref.href
    classes = f"un-xref un-xref-{ref.kind}" + (" un-external" if external else "")
    title = "" if html.escape(ref.title, quote=False) == inner and not ref.preview else f' title="{attr(ref.title)}"'
    # No rel="noopener": it matters only for a link that opens a new window (target), never used here.
    extra = f' data-un-preview="{attr(ref.preview)}"' if ref.preview else ""
    return f'<a class="{classes}" href="{attr(href)}"{title}{extra}>{inner}</a>'


def note_ref_html(ref: NoteRef) -> str:
    """A footnote marker: a link to its note, or (note text absent) a plain superscript."""
    if not ref.resolved:
        return (
            f'<sup class="un-noteref un-noteref-missing" id="{ref.anchor}" '
            f'title="The text of note {ref.number} is missing from the source">{ref.number}</sup>'
        )
    return (
        f'<sup class="un-noteref" id="{ref.anchor}"><a class="footnote-ref" href="#fn-{ref.number}" '
        f'aria-label="Note {ref.number}">{ref.number}</a></sup>'
    )
