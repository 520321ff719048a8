"""The reader's tools in Chromium, over http:// and from file:// (reader.js, archive.css, the zip).

Copy link and copy citation (read back from the clipboard), anchor links and the short anchors
typed by hand, footnote and paragraph previews (also with Material's instant navigation on),
the offline zip unpacked and opened from file://, source text containing markup shown as text
on real corpus pages, an axe-core check, and screenshots saved under test-artifacts/ (see
tests/README section in the project README).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from build_scripts.archive import load_archive
from build_scripts.package import package_site
from build_scripts.site import build_site, build_timestamp, generate, write_tree

from .conftest import (
    CONFIG,
    CORPUS,
    ROOT,
    SOURCE,
    BuiltSite,
    build_into,
    copy_handwritten_docs,
    page_in_look,
    screenshot,
)
from .test_browser import DOC, TIMEOUT_MS, QuietHandler, browser, http_root, is_local, root

__all__ = ["browser", "http_root", "root"]  # fixtures shared with test_browser.py

pytestmark = pytest.mark.browser

SITE_URL = "https://archive.example.org/un/"
REPORT = "documents/sg-report-1998-trafficking.html"
CITE_16 = "General Assembly resolution 57/176, para. 16"
PREVIEW_16 = "16. Invites Governments to take steps to ensure that the witness protection programmes"


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` over http://127.0.0.1 on a free port while the block runs."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def reader(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop-sized context that may read and write the clipboard."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


class Watched:
    """A page with its console errors and every URL it requested."""

    def __init__(self, context: BrowserContext) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        self.page = context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))

    def assert_clean(self) -> None:
        assert not self.errors, self.errors
        foreign = [url for url in self.requests if not is_local(url)]
        assert not foreign, foreign


@pytest.fixture
def watched(reader: BrowserContext) -> Iterator[Watched]:
    w = Watched(reader)
    yield w
    w.assert_clean()


def clipboard(page: Page) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def copy(page: Page, anchor: str, kind: str) -> str:
    """Hover paragraph ``anchor``, click its Copy link / Copy citation button, return the clipboard."""
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(f"#{anchor}").hover()
    button = page.locator(f'#{anchor} .un-tools button[data-copy="{kind}"]')
    button.click()
    page.wait_for_function(f"document.querySelector('#{anchor} button[data-copy={kind}]').textContent === 'Copied'")
    return clipboard(page)


def in_view(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                        return r.top >= 0 && r.top < innerHeight; }""",
            selector,
        )
    )


# --------------------------------------------------------------------------- copy link, copy citation
def test_copy_link_and_citation(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + DOC)
    assert copy(page, "op-16", "link") == root + DOC + "#op-16"
    assert copy(page, "op-16", "cite") == CITE_16
    assert copy(page, "pp-4", "cite") == "General Assembly resolution 57/176, fourth preambular paragraph"
    assert copy(page, "pp-4", "link") == root + DOC + "#pp-4"
    # The toolbar is announced: group and buttons carry names, the result goes to a live region.
    assert page.locator("#pp-4 .un-tools").get_attribute("aria-label") == "Cite preambular paragraph 4"
    assert page.locator('#pp-4 button[data-copy="link"]').get_attribute("aria-label") == (
        "Copy link to preambular paragraph 4"
    )
    assert page.locator(".un-status[role=status]").inner_text().startswith("Link copied: ")


def test_copy_from_the_keyboard(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + "E/RES/1998/20.html")
    page.locator("#op-2-b .un-num").focus()
    toolbar = page.locator("#op-2-b .un-tools")
    toolbar.wait_for(state="attached")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.copy") == "link"
    assert page.evaluate("getComputedStyle(document.activeElement.parentNode).opacity") == "1"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.textContent === 'Copied'")
    assert clipboard(page) == root + "E/RES/1998/20.html#op-2-b"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.copy") == "cite"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.textContent === 'Copied'")
    assert clipboard(page) == "Economic and Social Council resolution 1998/20, para. 2 (b)"


def test_report_citation(watched: Watched, root: str) -> None:
    watched.page.goto(root + REPORT)
    assert copy(watched.page, "para-32", "cite") == "Report of the Secretary-General (21 September 1998), para. 32"
    # Paragraph 33's number is not printed in the source: the citation says it was restored.
    assert copy(watched.page, "para-33", "cite") == "Report of the Secretary-General (21 September 1998), para. [33]"


def test_toolbar_is_hidden_until_wanted(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + DOC)
    page.locator("#op-3").hover()
    assert page.evaluate("getComputedStyle(document.querySelector('#op-3 .un-tools')).opacity") == "1"
    page.locator("#op-3").evaluate("p => p.previousElementSibling.scrollIntoView()")
    page.mouse.move(5, 5)  # away from every paragraph (onto the header)
    page.wait_for_function("getComputedStyle(document.querySelector('.un-tools')).opacity === '0'")


# --------------------------------------------------------------------------- anchors
def test_anchor_link_highlights_the_paragraph(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + DOC + "#op-16")
    assert page.evaluate("document.querySelector('#op-16').matches(':target')")
    assert in_view(page, "#op-16")
    background = page.evaluate("getComputedStyle(document.querySelector('#op-16')).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    other = page.evaluate("getComputedStyle(document.querySelector('#op-15')).backgroundColor")
    assert other in ("rgba(0, 0, 0, 0)", "transparent"), other


@pytest.mark.parametrize(
    ("typed", "anchor"),
    [("16", "op-16"), ("para16", "op-16"), ("OP16", "op-16"), ("op16", "op-16"), ("OP-16", "op-16"),
     ("pp4", "pp-4"), ("PP4", "pp-4"), ("para%2016", "op-16"), ("fn23", "fn-23")],
)  # fmt: skip
def test_short_anchor_typed_by_hand(watched: Watched, root: str, typed: str, anchor: str) -> None:
    page = watched.page
    page.goto(root + DOC + "#" + typed)
    page.wait_for_function(f"location.hash === '#{anchor}'")
    assert page.evaluate(f"document.getElementById('{anchor}').matches(':target')")
    assert in_view(page, f"#{anchor}")


def test_short_anchor_on_hash_change_and_in_a_report(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + REPORT + "#33")
    page.wait_for_function("location.hash === '#para-33'")
    assert in_view(page, "#para-33")
    page.evaluate("location.hash = '#5'")
    page.wait_for_function("location.hash === '#para-5'")
    assert in_view(page, "#para-5")
    assert page.evaluate("document.querySelectorAll('.un-target').length") == 1
    page.goto(root + "E/RES/1998/20.html#op2b")
    page.wait_for_function("location.hash === '#op-2-b'")


def test_unknown_short_anchor_is_left_alone(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + DOC + "#999")
    page.wait_for_load_state("load")
    assert page.evaluate("location.hash") == "#999"


# --------------------------------------------------------------------------- previews
def active_tooltip(page: Page) -> str:
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def test_same_page_paragraph_link_previews_and_goes_back(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + DOC)
    # A same-page reference as the link stage writes it ("paragraph 9 above").
    page.evaluate(
        """() => { const a = document.createElement('a'); a.id = 'probe'; a.href = '#op-9';
                   a.textContent = 'paragraph 9 above';
                   document.querySelector('#op-16').append(' See ', a, '.'); }"""
    )
    page.locator("#probe").hover()
    box = page.locator("#un-preview")
    box.wait_for(state="visible")
    assert box.get_attribute("role") == "tooltip"
    assert page.locator("#probe").get_attribute("aria-describedby") == "un-preview"
    assert box.locator(".un-preview-title").inner_text() == "General Assembly resolution 57/176, para. 9"
    text = page.locator("#op-9").evaluate(
        "p => { const c = p.cloneNode(true); c.querySelectorAll('sup, .un-tools').forEach(e => e.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
    )
    assert box.locator("p:not(.un-preview-title)").inner_text() == text and text.startswith("9. ")
    page.mouse.move(5, 700)
    box.wait_for(state="hidden")
    # Keyboard: focusing the link shows the preview too; Escape closes it.
    page.locator("#probe").focus()
    box.wait_for(state="visible")
    page.keyboard.press("Escape")
    box.wait_for(state="hidden")
    # Following the link and going back returns to the exact reference.
    page.locator("#probe").click()
    page.wait_for_function("location.hash === '#op-9'")
    page.go_back()
    page.wait_for_function("location.hash === ''")
    assert in_view(page, "#probe")


def test_preview_of_a_real_reference_on_the_page(watched: Watched, root: str) -> None:
    """E/RES/1996/26 para. 10 says "paragraph 9 above": the link stage made it a link."""
    page = watched.page
    page.goto(root + "E/RES/1996/26.html")
    link = page.locator('#op-10 a.un-xref[href="#op-9"]')
    link.hover()
    box = page.locator("#un-preview")
    box.wait_for(state="visible")
    assert box.locator(".un-preview-title").inner_text() == "Economic and Social Council resolution 1996/26, para. 9"
    assert box.locator("p:not(.un-preview-title)").inner_text().startswith("9. Also requests the Secretary-General")
    assert link.get_attribute("title") is None and link.get_attribute("data-un-preview")


def test_footnote_preview_is_materials_alone(watched: Watched, root: str) -> None:
    page = watched.page
    page.goto(root + DOC)
    page.locator('a.footnote-ref[href="#fn-23"]').hover()
    assert "A/57/170" in active_tooltip(page)
    assert page.locator("#un-preview:visible").count() == 0  # a note is not a paragraph: no second preview


# --------------------------------------------------------------------------- instant navigation, site_url
def variant_config(tmp: Path) -> Path:
    """mkdocs.yml with site_url set and instant navigation on (the theme folder made absolute)."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["theme"]["features"] = [*config["theme"]["features"], "navigation.instant"]
    path = tmp / "mkdocs.instant.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


XREF_PAGE = f"""# References to other pages

<p id="xref">As <a class="un-xref" href="A/RES/57/176.html#op-16" title="{CITE_16}"
data-preview="{PREVIEW_16} &lt;b&gt;">General
Assembly resolution 57/176, para. 16</a> says.</p>
"""


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built with site_url and navigation.instant, plus a page of cross-page references."""
    where = tmp_path_factory.mktemp("instant-site")
    docs, site = where / "docs", where / "site"
    copy_handwritten_docs(docs)
    corpus = load_archive(SOURCE)
    write_tree(docs, {**generate(corpus), "xref.md": XREF_PAGE})
    assert build_site(variant_config(where), docs, site, corpus) == []
    return site


@pytest.fixture(params=["http", "file"])
def instant_root(request: pytest.FixtureRequest, instant_site: Path) -> Iterator[str]:
    if request.param == "file":
        yield instant_site.as_uri() + "/"
        return
    with serve(instant_site) as url:
        yield url


def test_instant_navigation_keeps_footnotes_and_tools(watched: Watched, instant_root: str) -> None:
    page = watched.page
    page.goto(instant_root + "index.html")
    # Instant navigation makes every internal href absolute: match the end.
    page.locator(f'.md-content a[href$="{DOC}"]').first.click()  # instant on http, a plain load on file
    page.wait_for_url(f"**/{DOC}")
    page.locator("#op-16").wait_for()
    page.locator('a.footnote-ref[href$="#fn-23"]').hover()
    assert "A/57/170" in active_tooltip(page)
    # site_url is set: the copied link is the canonical address, wherever the page was opened.
    assert copy(page, "op-16", "link") == SITE_URL + DOC + "#op-16"
    assert copy(page, "op-16", "cite") == CITE_16
    page.evaluate("location.hash = '#pp4'")
    page.wait_for_function("location.hash === '#pp-4'")


def test_preview_of_a_paragraph_on_another_page(watched: Watched, instant_root: str) -> None:
    page = watched.page
    page.goto(instant_root + "xref.html")
    page.locator("a.un-xref").hover()
    box = page.locator("#un-preview")
    box.wait_for(state="visible")
    assert box.locator(".un-preview-title").inner_text() == CITE_16  # the link's title heads it
    assert box.locator("p:not(.un-preview-title)").inner_text() == PREVIEW_16 + " <b>"  # shown as text
    assert page.locator("a.un-xref").get_attribute("title") is None  # no second, native tooltip
    page.wait_for_timeout(600)  # Material's own instant preview would have appeared by now
    assert page.locator(".md-tooltip2--active").count() == 0
    page.locator("a.un-xref").click()
    page.wait_for_url(f"**/{DOC}#op-16")
    page.wait_for_function("document.querySelector('#op-16.un-target') !== null")
    assert in_view(page, "#op-16")


# --------------------------------------------------------------------------- the offline zip
@pytest.fixture(scope="module")
def unzipped(seed_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site's offline zip, unpacked into a new folder: the folder inside it."""
    archive, _ = package_site(seed_site.site, CONFIG, build_timestamp(seed_site.corpus))
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    (inner,) = target.iterdir()
    assert inner.name == archive.stem
    return inner


def test_offline_zip_works_from_file(watched: Watched, unzipped: Path) -> None:
    page = watched.page
    page.goto((unzipped / "index.html").as_uri())
    assert "Two ways to read it" in page.locator("article").inner_text()
    page.locator(f'.md-content a[href="{DOC}"]').first.click()
    page.wait_for_url(f"**/{DOC}")
    # Styles: Material's and the archive's.
    assert page.evaluate("getComputedStyle(document.querySelector('.un-docmeta')).display") == "grid"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    # Footnotes, copy buttons, navigation back home.
    page.locator('a.footnote-ref[href="#fn-23"]').hover()
    assert "A/57/170" in active_tooltip(page)
    page.mouse.move(5, 700)
    assert copy(page, "op-16", "link") == (unzipped / DOC).as_uri() + "#op-16"
    assert copy(page, "op-16", "cite") == CITE_16
    page.locator(".un-backhome").click()
    page.wait_for_url("**/index.html")
    assert any(url.startswith("file://") and url.endswith("reader.js") for url in watched.requests)


# --------------------------------------------------------------------------- source text stays text
HOSTILE = (
    "10. Welcomes <script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
    "a | b | c, C# and 5 * 3 the cooperation"
)


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Real corpus pages: A/RES/73/7 with markup added to paragraph 10, and A/HRC/59/15 as it is."""
    src = tmp_path_factory.mktemp("hostile-src")
    text = (CORPUS / "A_RES_73_7.txt").read_text(encoding="utf-8")
    assert "10. Welcomes the cooperation" in text
    (src / "A_RES_73_7.txt").write_text(text.replace("10. Welcomes the cooperation", HOSTILE, 1), encoding="utf-8")
    (src / "A_HRC_59_15.md").write_text((CORPUS / "A_HRC_59_15.md").read_text(encoding="utf-8"), encoding="utf-8")
    built = build_into(src, tmp_path_factory.mktemp("hostile-site"))
    assert built.mkdocs_messages == []
    with serve(built.site) as url:
        yield url


def test_source_markup_shows_as_text(watched: Watched, hostile_corpus: str) -> None:
    page = watched.page
    page.goto(hostile_corpus + "A/RES/73/7.html#op-10")
    text = page.locator("#op-10").inner_text()
    for literal in ["<script>window.__pwned = 1</script>", '<img src=x onerror="window.__pwned = 2">', "a | b | c",
                    "C# and 5 * 3"]:  # fmt: skip
        assert literal in text, text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article img, article table, article script").count() == 0
    assert copy(page, "op-10", "cite") == "General Assembly resolution 73/7, para. 10"
    page.goto(hostile_corpus + "A/HRC/59/15.html")
    assert "Review*" in page.locator("article").inner_text()


# --------------------------------------------------------------------------- accessibility
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [DOC, "index.html"])
def test_axe_finds_no_serious_violation(browser: Browser, http_root: str, scheme: str, path: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = ctx.new_page()
        page.goto(http_root + path + ("#op-16" if path == DOC else ""), wait_until="load")
        if path == DOC:
            page.locator("#op-16").hover()  # the toolbar is shown and checked too
        # Left out: the search results panel (theme_overrides/partials/search.html, not this
        # work's file) is a scrollable region without tabindex (scrollable-region-focusable).
        results = Axe().run(page, context={"exclude": [[".md-search__scrollwrap"]]})
    finally:
        ctx.close()
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, results.generate_report()


# --------------------------------------------------------------------------- screenshots
@pytest.mark.parametrize("look", ["light", "dark", "print"])
def test_screenshot_of_the_reader(browser: Browser, http_root: str, look: str) -> None:
    """A document opened at a paragraph, its toolbar and a preview shown (print: none of them)."""
    with page_in_look(browser, look) as page:
        page.goto(http_root + DOC + "#op-16", wait_until="load")
        page.evaluate(
            """() => { const a = document.createElement('a'); a.id = 'probe'; a.href = '#op-9';
                       a.textContent = 'paragraph 9'; document.querySelector('#op-16').append(' (see ', a, ')'); }"""
        )
        page.locator("#probe").hover()
        shot = screenshot(page, f"reader-a-res-57-176-op-16-{look}")
        if look == "print":
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
            assert page.evaluate("getComputedStyle(document.querySelector('#op-16 .un-tools')).display") == "none"
            assert page.evaluate("getComputedStyle(document.querySelector('#op-16 .un-num')).display") != "none"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
