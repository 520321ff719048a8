"""One Markdown page per document.

Headings are Markdown (so MkDocs builds the page's table of contents and search sections
from them); every paragraph, formula, closing line and note is one raw HTML element carrying
its contract id, so each element holds exactly that paragraph's text.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..masthead import MONTHS
from ..model import Block, Document, Embedded, Footnote, Formula, Heading, Paragraph, ParaKind, Table
from .html import attr, inline_html, md_escape
from .templates import render_template

if TYPE_CHECKING:
    from .agreed import AgreedView

KIND_NAMES = {
    ParaKind.PREAMBULAR: "preambular paragraph",
    ParaKind.OPERATIVE: "operative paragraph",
    ParaKind.NUMBERED: "paragraph",
    ParaKind.SUB: "subparagraph",
    ParaKind.TEXT: "paragraph",
}
DATE_LABELS = {"resolution": "Adopted", "decision": "Adopted"}
_FIGURE = re.compile(r"^[(\[$€£\d–—-][\d\s.,%()$–—-]*$")  # a cell of figures, aligned right


def human_date(iso: str | None) -> str:
    """ "2002-12-18" -> "18 December 2002"."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    name = next(m for m, n in MONTHS.items() if n == int(month))
    return f"{int(day)} {name} {year}"


def page_title(doc: Document) -> str:
    """The title shown in the browser tab, the navigation and search results."""
    title = doc.meta.title or doc.id
    if doc.meta.symbol:
        return f"{doc.meta.symbol}: {title}"
    # Without a symbol, say what and when, so two documents of the same title differ.
    details = ", ".join(x for x in (doc.meta.kind if doc.meta.kind != "other" else "", human_date(doc.meta.date)) if x)
    return f"{title} ({details})" if details else title


@functools.lru_cache(maxsize=65536)
def relative(from_page: str, to_page: str) -> str:
    """Relative link from one page path (``A/RES/57/176.md``) to another.

    Cached: index and topic pages make the same links many times.
    """
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def number_link(para: Paragraph) -> Markup:
    """The visible, clickable number (or permalink) that opens a paragraph."""
    href = f"#{para.anchor}"
    what = KIND_NAMES[para.kind]
    if para.kind is ParaKind.PREAMBULAR:
        text, cls, title = f"PP{para.number}", "un-num un-gen", f"Link to {what} {para.number}"
    elif para.restored:
        text = f"[{para.number}]"
        cls = "un-num un-restored"
        title = f"Link to {what} {para.number} (number not printed in the source; restored from the sequence)"
    elif para.kind is ParaKind.SUB and para.number is not None and "." in para.number:
        text, cls, title = para.number, "un-num", f"Link to recommendation {para.number}"  # "140.1"
    elif para.kind is ParaKind.SUB:
        text, cls, title = f"({para.number})", "un-num", f"Link to {what} ({para.number})"
    elif para.number is not None:
        text, cls, title = f"{para.number}.", "un-num", f"Link to {what} {para.number}"
    else:
        text, cls, title = "¶", "un-num un-gen", "Link to this paragraph"
    return Markup(f'<a class="{cls}" href="{href}" title="{attr(title)}">{text}</a>')


def paragraph_html(
    para: Paragraph, base: str = "", cite: str | None = None, mark: str = "", topics: Sequence[int] = ()
) -> Markup:
    """One paragraph as one ``<p>`` element with its contract id.

    ``cite`` is the paragraph's part of its citation (:mod:`.cite`: "para. 16", empty for an
    unnumbered paragraph, cited by its document alone), kept in ``data-cite`` for the page's
    "Copy citation" button, which joins it to the document's citation given once on the page
    (``data-cite`` of ``dl.un-docmeta``); ``mark`` (generated HTML, the agreed-language mark) ends it;
    ``topics`` are the positions of its topics in the row of topic links at the top of the
    page, kept in ``data-topics`` ("0 3"): ``reader.js`` shows those links under the paragraph
    (each topic's address and label are written once per page, not once per paragraph).
    """
    classes = ["un-para", f"un-{para.kind.value}"]
    if para.depth:  # only sub-paragraphs are indented: depth 0 needs no class
        classes.append(f"un-depth-{para.depth}")
    if para.quoted:
        classes.append("un-quoted")
    fragment = (
        '<span class="un-gen un-fragment" title="The beginning of this paragraph is missing from the source">'
        "[…]</span> "
        if para.fragment
        else ""
    )
    opening = attr(para.opening)
    body = inline_html(para.content, base=base)
    data = f' data-cite="{attr(cite)}"' if cite is not None else ""
    if topics:
        data += f' data-topics="{" ".join(str(n) for n in topics)}"'
    return Markup(
        f'<p class="{" ".join(classes)}" id="{para.anchor}"{data}>{opening}{number_link(para)} {fragment}{body}'
        f"{' ' + mark if mark else ''}</p>"
    )


def block_markdown(
    block: Block,
    base: str = "",
    cites: Mapping[str, str] | None = None,
    marks: Mapping[str, str] | None = None,
    topics: Mapping[str, Sequence[int]] | None = None,
) -> Markup:
    """Markdown (a heading) or one HTML element for a block of the body.

    ``cites``, ``marks`` and ``topics`` are by anchor (see :func:`paragraph_html`).
    """
    if isinstance(block, Paragraph):
        anchor = block.anchor
        return paragraph_html(
            block, base, (cites or {}).get(anchor), (marks or {}).get(anchor, ""), (topics or {}).get(anchor, ())
        )
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Embedded):
        return embedded_html(block, base)
    if isinstance(block, Heading):
        quoted = " .un-quoted" if block.quoted else ""
        # "Article 5" / "Criminalization": a number and its title printed on two lines.
        text = inline_html(block.content, markdown=True).replace("\n", " — ")
        return Markup(f"{'#' * block.level} {text} {{: #{block.anchor}{quoted} }}")
    cls = "un-formula" if isinstance(block, Formula) else "un-closing"
    if isinstance(block, Formula) and block.quoted:
        cls += " un-quoted"
    # Closing lines keep their printed line breaks ("77th plenary meeting" / "18 December 2002").
    return Markup(f'<p class="{cls}" id="{block.anchor}">{inline_html(block.content).replace(chr(10), "<br>")}</p>')


def embedded_html(entry: Embedded, base: str = "") -> Markup:
    """Where a compilation printed a resolution: a link to that resolution's own page.

    The entry's words are generated (``un-gen``): the text's own words are on its page.
    """
    label = f"{entry.symbol}: " if entry.symbol else ""
    text = html.escape(f"{label}{entry.number}. {entry.title}", quote=False)
    what = {"resolution": "Resolution", "decision": "Decision"}.get(entry.doc_kind, "Text")
    return Markup(
        f'<p class="un-embedded" id="{attr(entry.anchor)}"><span class="un-gen">{what} '
        f'<a href="{attr(base + entry.url)}">{text}</a> (text on its own page)</span></p>'
    )


def table_html(table: Table) -> Markup:
    """A table as one ``<table>`` element with its id; every cell's text escaped.

    A row with fewer cells than the widest is padded at its end; a row of one cell (a row
    group's label, a wrapped line) spans the table.
    """
    width = max(len(row) for row in table.rows)
    rows = []
    for row in table.rows:
        if len(row) == 1 and width > 1:
            cells = f'<td colspan="{width}">{html.escape(row[0], quote=False)}</td>'
        else:
            cells = "".join(
                f'<td class="un-figure">{html.escape(c, quote=False)}</td>'
                if _FIGURE.match(c)
                else f"<td>{html.escape(c, quote=False)}</td>"
                for c in row
            ) + "<td></td>" * (width - len(row))
        rows.append(f"<tr>{cells}</tr>")
    return Markup(f'<table class="un-table" id="{table.anchor}"><tbody>{"".join(rows)}</tbody></table>')


def footnote_html(note: Footnote, base: str = "") -> Markup:
    """One note: its printed number, its text and a link back to each of its references."""
    backs = []
    for n in range(1, note.references + 1):
        ref = f"fnref-{note.number}" if n == 1 else f"fnref-{note.number}-{n}"
        mark = "↩\ufe0e" if n == 1 else f"↩\ufe0e<sup>{n}</sup>"
        backs.append(
            f'<a class="footnote-backref" href="#{ref}" title="Back to reference {n} to note {note.number}">{mark}</a>'
        )
    if not backs:
        backs.append(
            '<span class="un-gen un-unreferenced" title="No marker in the text refers to this note">'
            "(no marker in the text)</span>"
        )
    return Markup(
        f'<li id="{note.anchor}"><p><span class="un-fn-num">{attr(note.number)}</span> '
        f"{inline_html(note.content, base=base)} {' '.join(backs)}</p></li>"
    )


def metadata_rows(doc: Document) -> list[tuple[str, str]]:
    """(label, value) rows of the page header; values are plain text (escaped later)."""
    meta = doc.meta
    rows = [
        ("Symbol", meta.symbol or "not stated in the source"),
        ("Body", meta.body or "not stated"),
        ("Kind", meta.kind),
    ]
    if meta.date:
        rows.append((DATE_LABELS.get(meta.kind, "Date"), human_date(meta.date)))
    if meta.distributed:
        rows.append(("Distributed", human_date(meta.distributed)))
    if meta.meeting:
        rows.append(("Meeting", meta.meeting))
    if meta.session:
        rows.append(("Session", meta.session + (f", {meta.committee}" if meta.committee else "")))
    if meta.agenda_item:
        rows.append(("Agenda item", meta.agenda_item + (f": {meta.agenda_title}" if meta.agenda_title else "")))
    source = f"{doc.source}"
    if meta.provenance:
        source += f" ({meta.provenance})"
    rows.append(("Source", source))
    return rows


def root_of(page: str) -> str:
    """The relative path from a page (``A/RES/57/176.html``) to the site root (``../../``)."""
    return "../" * page.count("/")


def document_page(
    doc: Document,
    home: str,
    links: Markup | None = None,
    topics: Mapping[str, Sequence[str]] | None = None,
    tags: Sequence[tuple[str, str, str]] = (),
    agreed: AgreedView | None = None,
) -> str:
    """The whole Markdown page of ``doc``; ``home`` is the page path of the home page.

    ``links``: the page's "cited by" and "references" sections (from the link stage).
    ``topics`` maps a paragraph's anchor to the ids of its topics; ``tags`` are (id, label,
    relative link) of the page's topics, shown as a row of links at the top of the page, to
    which each paragraph's ``data-topics`` points (render/topics.py gives both).
    ``agreed`` (see render/agreed.py) adds the agreed-language marks and section.
    """
    from .cite import document_designation, paragraph_designation  # cite uses human_date from here

    base = root_of(doc.url)
    # The document's citation once (on the metadata list), each paragraph's part on it: joined
    # by reader.js as cite.citations() joins them ("General Assembly resolution 57/176, para. 16").
    by_anchor = {p.anchor: p for p in doc.paragraphs}
    cites = {p.anchor: paragraph_designation(p, by_anchor) or "" for p in doc.paragraphs}
    place = {topic: n for n, (topic, _, _) in enumerate(tags)}
    positions = {a: [place[t] for t in ids if t in place] for a, ids in (topics or {}).items()}
    marks = agreed.marks if agreed else {}
    title_lines = [m for m in doc.masthead if m.role == "title"]
    if title_lines:
        heading = Markup(" ".join(inline_html(m.content, markdown=True, base=base) for m in title_lines))
    else:
        heading = Markup(md_escape(doc.meta.title or doc.meta.symbol or doc.id))
    return render_template(
        "document.md.j2",
        front_title=page_title(doc),
        heading=heading,
        rows=metadata_rows(doc),
        doc_cite=document_designation(doc),
        masthead=[
            Markup(
                f'<p class="un-mh un-mh-{m.role.replace(" ", "-")}" id="mh-{m.line}">'
                f"{inline_html(m.content, base=base)}</p>"
            )
            for m in doc.masthead
            if m.role != "title"
        ],
        blocks=[block_markdown(b, base, cites, marks, positions) for b in doc.blocks],
        tags=tags,
        notes=[footnote_html(n, base) for n in doc.footnotes],
        links=links,
        notes_title=Markup(inline_html(doc.notes_title.content, markdown=True)) if doc.notes_title else None,
        diagnostics=doc.diagnostics,
        removals=doc.removals,
        agreed=Markup(agreed.section) if agreed else "",
        home=relative(doc.url.replace(".html", ".md"), home),
    )
