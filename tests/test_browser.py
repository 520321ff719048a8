"""The built site in a real browser (Chromium through Playwright), over http:// and from file://.

Chromium is Debian's /usr/bin/chromium (never `playwright install`). Without it these tests
fail, unless ARCHIVE_SKIP_BROWSER=1 is set, in which case they are skipped.

Selectors found by experiment with Material 9.8.1:
- footnote tooltip (feature content.footnote.tooltips): Material appends to <body> a
  ``div.md-tooltip2`` (role="dialog"); while shown it carries ``md-tooltip2--active`` and its
  text is in ``div.md-tooltip2__inner.md-typeset`` (a copy of the note's ``<li>``).
- search: at desktop width the header input ``.md-search__input`` is visible and is clicked
  directly (the ``label[for="__search"]`` buttons are hidden at that width). Material reads the
  query on *keyup*, so the query must be typed (``locator.fill`` alone does not search).
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

from .conftest import ARTIFACTS, BuiltSite

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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("ARCHIVE_SKIP_BROWSER") == "1":
            pytest.skip(message + " (skipped: ARCHIVE_SKIP_BROWSER=1)")
        pytest.fail(message + ", or set ARCHIVE_SKIP_BROWSER=1 to skip the browser tests", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


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
    """Focus the header search box and type ``query`` (key by key: Material listens to keyup)."""
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
    # The recorder did see the traffic, the search worker's included.
    assert any(DOC in url for url in requests) and any("search/search_index" in url for url in requests), requests
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


def test_search_finds_the_resolution(page: Page, root: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(root + DOC)
    search(page, "witness protection programmes")
    hit = page.locator(f'a.md-search-result__link[href*="{DOC}"]').first
    try:
        hit.wait_for(state="attached")
    except Exception as error:
        meta = page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(f"no result links to {DOC}; search says {meta!r}; console errors: {errors}") from error
    assert page.locator(".md-search-result__item").count() >= 1


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
    scheme = "dark" if look == "dark" else "light"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        if look == "print":
            page.emulate_media(media="print")
        page.goto(http_root + DOC, wait_until="load")
        page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"a-res-57-176-{look}.png"
        shot.unlink(missing_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        ctx.close()
    assert shot.exists() and shot.stat().st_size > 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
