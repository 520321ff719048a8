"""The built site in a real browser (Chromium through Playwright), over http:// and from file://.

Chromium is Debian's /usr/bin/chromium (never `playwright install`). Without it these tests
fail, unless ARCHIVE_SKIP_BROWSER=1 is set, in which case they are skipped.

Selectors found by experiment with Material 9.8.1:
- footnote tooltip (feature content.footnote.tooltips): Material appends to <body> a
  ``div.md-tooltip2`` (role="dialog"); while shown it carries ``md-tooltip2--active`` and its
  text is in ``div.md-tooltip2__inner.md-typeset`` (a copy of the note's ``<li>``).
- search: the archive's own (see the search section below). At desktop width the
  header input ``.md-search__input`` is visible and is clicked directly; the query is typed.
  Results: ``li.md-search-result__item`` holding ``a.md-search-result__link``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from build_scripts.render.search import fnv1a, normalize_symbol, tokenize

from .conftest import BuiltSite, build_into, page_in_look, screenshot

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOC = "A/RES/57/176.html"
TIMEOUT_MS = 15_000


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


_RUNNING: dict[str, Any] = {}
"""The one Playwright and Chromium of the session, shared by every module that imports ``browser``
(pytest makes one session fixture per module that holds it, and Playwright's sync API runs once)."""


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Browser:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("ARCHIVE_SKIP_BROWSER") == "1":
            pytest.skip(message + " (skipped: ARCHIVE_SKIP_BROWSER=1)")
        pytest.fail(message + ", or set ARCHIVE_SKIP_BROWSER=1 to skip the browser tests", pytrace=False)
    if "browser" not in _RUNNING:
        playwright = sync_playwright().start()
        _RUNNING["playwright"] = playwright
        _RUNNING["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )

        def stop() -> None:
            _RUNNING.pop("browser").close()
            _RUNNING.pop("playwright").stop()

        request.config.add_cleanup(stop)
    return _RUNNING["browser"]  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def http_root(seed_site: BuiltSite) -> Iterator[str]:
    """The seed site served over http://127.0.0.1 on a free port, from a background thread."""
    handler = functools.partial(QuietHandler, directory=str(seed_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(params=["http", "file"])
def root(request: pytest.FixtureRequest, seed_site: BuiltSite) -> str:
    """The site's base URL, for each way of reading it."""
    if request.param == "http":
        return str(request.getfixturevalue("http_root"))
    return seed_site.site.as_uri() + "/"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def search(page: Page, query: str) -> None:
    """Focus the header search box and type ``query``."""
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=10)


def is_local(url: str) -> bool:
    return url.startswith(("file://", "http://127.0.0.1:", "data:", "blob:", "about:"))


def test_paragraph_anchor_scrolls_into_view(page: Page, root: str) -> None:
    page.goto(root + DOC + "#op-16")
    para = page.locator("#op-16")
    para.wait_for(state="visible")
    box = para.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (box, viewport)
    text = para.inner_text()
    assert text.startswith("16."), text
    assert "witness protection programmes" in text


def test_no_request_leaves_the_machine(context: BrowserContext, page: Page, root: str) -> None:
    # On the context, not the page, so that requests of the search worker are recorded too.
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page.goto(root + "index.html", wait_until="load")
    page.goto(root + DOC, wait_until="load")
    search(page, "trafficking")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")
    # The recorder did see the traffic, the search index shards' included.
    assert any(DOC in url for url in requests) and any("search/manifest.js" in url for url in requests), requests
    foreign = [url for url in requests if not is_local(url)]
    assert not foreign, foreign


@pytest.mark.parametrize("path", ["index.html", DOC])
def test_no_console_errors(page: Page, root: str, path: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.goto(root + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not errors, errors


def test_footnote_tooltip_shows_the_note(page: Page, root: str) -> None:
    page.goto(root + DOC)
    page.locator('a.footnote-ref[href="#fn-23"]').hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible")
    assert "A/57/170" in tooltip.inner_text()


# --------------------------------------------------------------------------- search
RESULTS = "#un-search-results"
"""The archive's search (partials/search.html, search.js): ``RESULTS > li.md-search-result__item``
holds a document link then links to its matching passages; matches are in ``<mark>``."""


def search_for(page: Page, query: str) -> None:
    """Type ``query`` and wait until its own results are shown (not those of a prefix)."""
    search(page, query)
    page.wait_for_function("(q) => document.getElementById('un-search-results').dataset.query === q", arg=query)


def in_view(page: Page, selector: str) -> bool:
    box, viewport = page.locator(selector).bounding_box(), page.viewport_size
    assert box is not None and viewport is not None
    return 0 <= box["y"] and box["y"] + min(box["height"], 100) <= viewport["height"]


def test_phrase_search_lands_on_the_paragraph(page: Page, root: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(root + "index.html")
    search_for(page, "witness protection programmes")
    hit = page.locator(f'{RESULTS} a.md-search-result__link[href$="{DOC}#op-16"]')
    hit.wait_for()
    assert "A/RES/57/176, para. 16" in hit.locator("h2").inner_text()
    assert hit.locator("mark").all_inner_texts() == ["witness protection programmes"]
    # The document comes first, then its paragraph; nothing else has the phrase.
    items = page.locator(f"{RESULTS} > li.md-search-result__item")
    assert items.count() == 1, page.locator(RESULTS).inner_text()
    assert "1 document, 1 matching passage" in page.locator("#un-search-meta").inner_text()
    hit.click()
    page.wait_for_url(f"**/{DOC}#op-16")
    page.locator("#op-16").wait_for()
    page.wait_for_function("document.getElementById('op-16').getBoundingClientRect().top < innerHeight")
    assert in_view(page, "#op-16")
    assert not page.locator("#__search").is_checked()
    assert errors == []


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("57/176", DOC),
        ("A/RES/57/176", DOC),
        ("a/res/57/176", DOC),
        ("resolution 1996/26", "E/RES/1996/26.html"),
        ("E/RES/1998/20", "E/RES/1998/20.html"),
    ],
)
def test_symbol_search_finds_the_document_first(page: Page, root: str, query: str, url: str) -> None:
    page.goto(root + DOC)
    search_for(page, query)
    first = page.locator(f"{RESULTS} > li.md-search-result__item").first
    first.wait_for()
    head = first.locator("a.md-search-result__link").first
    assert (head.get_attribute("href") or "").endswith(url)
    assert head.locator("mark.un-search-symbol").inner_text() == url.removesuffix(".html")
    head.click()
    page.wait_for_url(f"**/{url}")


def test_all_words_after_the_phrase(page: Page, http_root: str) -> None:
    page.goto(http_root + "index.html")
    search_for(page, "victims trafficking")
    page.locator(f"{RESULTS} > li").first.wait_for()
    meta = page.locator("#un-search-meta").inner_text()
    assert "documents" in meta
    headings = page.locator(f"{RESULTS} a.md-search-result__link h2").all_inner_texts()
    assert len(headings) >= 5
    # The first passage has the words as a phrase ("victims of trafficking" is not one).
    first = page.locator(f"{RESULTS} a.md-search-result__link[href*='#']").first
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert marks and set(marks) <= {"victims trafficking", "victims", "trafficking"}


def test_keyboard(page: Page, http_root: str) -> None:
    page.goto(http_root + "index.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "un-search-input"
    assert page.locator("#__search").is_checked()
    page.keyboard.type("witness protection programmes", delay=10)
    shown = "(q) => document.getElementById('un-search-results').dataset.query === q"
    page.wait_for_function(shown, arg="witness protection programmes")
    page.keyboard.press("ArrowDown")
    assert (page.evaluate("document.activeElement.getAttribute('href')") or "").endswith(DOC)
    page.keyboard.press("ArrowDown")
    assert (page.evaluate("document.activeElement.getAttribute('href')") or "").endswith(DOC + "#op-16")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "un-search-input"
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert page.evaluate("document.activeElement.id") != "un-search-input"
    # "s" opens it again with the query kept; Enter opens the first passage.
    page.keyboard.press("s")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{DOC}#op-16")


def test_no_results_says_so(page: Page, http_root: str) -> None:
    page.goto(http_root + "index.html")
    search_for(page, "zzyzx quux")
    page.wait_for_function("document.getElementById('un-search-meta').textContent.includes('No results')")
    assert page.locator(f"{RESULTS} > li").count() == 0


def test_screen_reader_labels(page: Page, http_root: str) -> None:
    page.goto(http_root + "index.html")
    field = page.locator("#un-search-input")
    assert "Search" in (field.get_attribute("aria-label") or "")
    assert page.locator("#un-search-meta").get_attribute("aria-live") == "polite"
    assert page.get_by_role("list", name="Search results").count() == 1


TRICKY = [
    "Witness-protection programmes (1996/26)",
    "Côte d'Ivoire, Cote\u0301 and ÇA",
    "ﬁnancial ½ ²",
    "ДОКЛАД Генерального секретаря; الأمم المتحدة",
    "snake_case 1,000.50 women’s",
    "İstanbul ΣΟΦΟΣ straße",
]


def test_javascript_words_and_hashes_agree_with_python(page: Page, http_root: str) -> None:
    page.goto(http_root + "index.html")
    got = page.evaluate("(texts) => texts.map(t => window.__unSearch.tokenize(t))", TRICKY)
    assert got == [tokenize(t) for t in TRICKY]
    terms = ["", "a", "foobar", "witness protection", "доклад", "côte"]
    hashes = page.evaluate("(terms) => terms.map(t => window.__unSearch.fnv1a(t))", terms)
    assert hashes == [fnv1a(t) for t in terms]
    keys = page.evaluate("() => window.__unSearch.symbolKeys('S/RES/794 (1992)')")
    assert normalize_symbol("S/RES/794 (1992)") in keys


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    source = tmp_path_factory.mktemp("hostile-src")
    (source / "hostile.txt").write_text(
        "General Assembly\n\nThe General Assembly,\n\n"
        '1. Notes that <img src=x onerror="window.__pwned=1"> zanzibarite stays text.\n',
        encoding="utf-8",
    )
    return build_into(source, tmp_path_factory.mktemp("hostile-site"))


def test_source_text_in_results_is_never_markup(page: Page, hostile_site: BuiltSite) -> None:
    page.goto(Path(hostile_site.site, "index.html").as_uri())
    search_for(page, "zanzibarite")
    teaser = page.locator(f"{RESULTS} .md-search-result__teaser").first
    teaser.wait_for()
    assert '<img src=x onerror="window.__pwned=1">' in teaser.inner_text()
    assert page.locator(f"{RESULTS} img").count() == 0
    assert page.evaluate("window.__pwned") is None
# --------------------------------------------------------------------------- end of search


def test_footnote_backref_returns_to_the_marker(page: Page, root: str) -> None:
    page.goto(root + DOC + "#fn-20")
    page.locator("#fn-20 a.footnote-backref").first.click()
    page.wait_for_url("**#fnref-20")
    assert page.evaluate("location.hash") == "#fnref-20"
    marker = page.locator("#fnref-20")
    assert marker.is_visible()
    box, viewport = marker.bounding_box(), page.viewport_size
    assert box is not None and viewport is not None
    assert 0 <= box["y"] <= viewport["height"], (box, viewport)


@pytest.mark.parametrize("look", ["light", "dark", "print"])
def test_screenshot(browser: Browser, http_root: str, look: str) -> None:
    with page_in_look(browser, look) as page:
        page.goto(http_root + DOC, wait_until="load")
        page.wait_for_load_state("networkidle")
        shot = screenshot(page, f"a-res-57-176-{look}", full_page=True)
    assert shot.exists() and shot.stat().st_size > 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
