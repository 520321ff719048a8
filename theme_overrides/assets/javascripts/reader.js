/*
 * The reader's tools on a document page (loaded on every page through extra_javascript).
 *
 * - Copy link / Copy citation: one small toolbar, moved into the paragraph the reader hovers,
 *   focuses (its number link) or opened by link; it sits right after the number link, so Tab
 *   goes number -> "Copy link" -> "Copy citation". The citation, computed by the renderer
 *   (build_scripts/render/cite.py), is written in two parts: the document's once, in the
 *   data-cite of dl.un-docmeta ("General Assembly resolution 57/176"), and each paragraph's
 *   in its own data-cite ("para. 16"; empty when the document alone is cited); citationOf
 *   joins them as cite.citations() does. The link is the page's canonical
 *   URL (site_url, when mkdocs.yml sets it) or else the current address, plus "#" + the id.
 * - Short anchors typed by hand (#16, #para16, #OP16, #pp4, #op5b, #fn23) are mapped to the
 *   real id, on load and on every hash change; the target paragraph is highlighted.
 * - Previews: hovering or focusing a link that carries data-preview or data-un-preview (plain
 *   text of a paragraph on another page) or a same-page link to a paragraph shows that paragraph's text.
 * - Topic lines: under each paragraph with data-topics (positions in the row of topic links at
 *   the top of the page, nav.un-topics, written by build_scripts/render/page.py), one line of
 *   links "Topics: Children, Women" copied from that row: each topic's address and label are
 *   written once per page, not once per paragraph.
 *
 * Works over http:// and from file://, with or without Material's instant navigation (the
 * page hook runs again on each document$ emission; events are delegated to the document).
 * Everything is set with textContent: no text ever becomes markup.
 */
(function () {
  "use strict";

  var PARA = "p.un-para[id]";
  var tools = null;
  var preview = null;
  var status = null;

  /* ------------------------------------------------------------ short anchors */

  var SHORT = /^(?:(pp|op|paras?|paragraph|p|fn|notes?)[-_.\s]*)?(\d+)(?:[-_.\s]*\(?([a-z])\)?)?(?:[-_.\s]*\(?([ivxl]+)\)?)?$/i;

  /** The real id that a hand-typed fragment means, or null. */
  function resolveShort(fragment) {
    var lower = fragment.toLowerCase().trim();
    if (document.getElementById(lower)) return lower;
    var m = SHORT.exec(lower.replace(/\.$/, ""));
    if (!m) return null;
    var kind = m[1] || "";
    var suffix = (m[3] ? "-" + m[3] : "") + (m[4] ? "-" + m[4] : "");
    var candidates;
    if (kind === "pp") candidates = ["pp-"];
    else if (kind === "fn" || kind.indexOf("note") === 0) candidates = ["fn-"];
    else if (kind === "op") candidates = ["op-", "para-"];
    else if (kind) candidates = ["para-", "op-"];
    else candidates = ["op-", "para-"];
    for (var i = 0; i < candidates.length; i++) {
      var id = candidates[i] + m[2] + suffix;
      if (document.getElementById(id)) return id;
    }
    return null;
  }

  function currentFragment() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return location.hash.slice(1);
    }
  }

  /** Map a short anchor to the real one; highlight the paragraph the address points to. */
  function followHash() {
    var fragment = currentFragment();
    var target = fragment ? document.getElementById(fragment) : null;
    if (fragment && !target) {
      var real = resolveShort(fragment);
      if (real) {
        // A fragment navigation: the browser scrolls and :target follows; no history entry.
        location.replace("#" + real);
        return;
      }
    }
    var old = document.querySelectorAll(".un-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("un-target");
    if (target && target.matches(PARA)) {
      target.classList.add("un-target");
      attachTools(target);
    }
  }

  /* ------------------------------------------------------------ copy link, copy citation */

  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical && canonical.href ? canonical.href : location.href;
    return base.split("#")[0];
  }

  function paragraphName(para) {
    var num = para.querySelector(".un-num");
    var title = num ? num.getAttribute("title") || "" : "";
    var m = /^Link to (.*?)( \(number not printed.*)?$/.exec(title);
    return m ? m[1] : "this paragraph";
  }

  /** The paragraph's whole citation, or "" when it has none (no data-cite). */
  function citationOf(para) {
    var own = para.getAttribute("data-cite");
    if (own === null) return "";
    var meta = document.querySelector(".un-docmeta[data-cite]");
    var whole = meta ? meta.getAttribute("data-cite") : "";
    return whole && own ? whole + ", " + own : whole || own;
  }

  function makeButton(kind, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "un-copy";
    b.setAttribute("data-copy", kind);
    b.textContent = label;
    return b;
  }

  function ensureTools() {
    if (tools && document.contains(tools)) return tools;
    tools = document.createElement("span");
    tools.className = "un-tools";
    tools.setAttribute("role", "group");
    tools.appendChild(makeButton("link", "Copy link"));
    tools.appendChild(makeButton("cite", "Copy citation"));
    return tools;
  }

  function ensureStatus() {
    if (status && document.contains(status)) return status;
    status = document.createElement("div");
    status.className = "un-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    return status;
  }

  /** Put the toolbar right after the paragraph's number link (keyboard order follows).
   *  ``byPointer``: the mouse moved onto another paragraph, which wins over a focused button. */
  function attachTools(para, byPointer) {
    var bar = ensureTools();
    if (bar.parentNode === para) return;
    if (bar.contains(document.activeElement)) {
      if (!byPointer) return; // never pull it from under the keyboard
      document.activeElement.blur();
    }
    var num = para.querySelector(".un-num");
    if (!num) return;
    var name = paragraphName(para);
    bar.setAttribute("aria-label", "Cite " + name);
    bar.children[0].setAttribute("aria-label", "Copy link to " + name);
    bar.children[1].setAttribute("aria-label", "Copy citation of " + name);
    bar.children[1].hidden = !citationOf(para);
    num.insertAdjacentElement("afterend", bar);
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    var focused = document.activeElement;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    if (focused && focused.focus) focused.focus();
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(text); }
      );
    }
    return Promise.resolve(legacyCopy(text));
  }

  function onCopy(button) {
    var para = button.closest(PARA);
    if (!para) return;
    var kind = button.getAttribute("data-copy");
    var text = kind === "link" ? pageAddress() + "#" + para.id : citationOf(para);
    copyText(text).then(function (ok) {
      var label = kind === "link" ? "Copy link" : "Copy citation";
      button.textContent = ok ? "Copied" : "Copy failed";
      ensureStatus().textContent = ok ? (kind === "link" ? "Link copied: " : "Citation copied: ") + text
                                      : "Could not copy: " + text;
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  }

  /* ------------------------------------------------------------ previews */

  /** The preview for a link ({title, text}), or null when it points to no paragraph.
   *  A same-page link reads its target from the page (number and citation included); a link
   *  to another page shows the text the renderer gave it. */
  function previewFor(link) {
    if (link.classList.contains("un-num") || link.classList.contains("footnote-ref")) return null;
    var href = link.getAttribute("href") || "";
    var target = null;
    if (href.charAt(0) === "#" && href.length > 1) {
      var id;
      try {
        id = decodeURIComponent(href.slice(1));
      } catch (e) {
        id = href.slice(1);
      }
      target = document.getElementById(id) || document.getElementById(resolveShort(id) || "");
    }
    if (target && target.matches(PARA) && !target.contains(link)) {
      var copy = target.cloneNode(true);
      var drop = copy.querySelectorAll(".un-tools, sup");
      for (var i = 0; i < drop.length; i++) drop[i].remove();
      return { title: citationOf(target), text: copy.textContent.replace(/\s+/g, " ").trim() };
    }
    var given = link.getAttribute("data-un-preview") || link.getAttribute("data-preview");
    if (given) return { title: link.getAttribute("data-un-title") || "", text: given };
    return null;
  }

  function ensurePreview() {
    if (preview && document.contains(preview)) return preview;
    preview = document.createElement("div");
    preview.className = "un-preview md-typeset";
    preview.id = "un-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    document.body.appendChild(preview);
    return preview;
  }

  var previewLink = null;

  function showPreview(link) {
    var content = previewFor(link);
    if (!content) return;
    var box = ensurePreview();
    box.textContent = "";
    if (content.title) {
      var head = document.createElement("p");
      head.className = "un-preview-title";
      head.textContent = content.title;
      box.appendChild(head);
    }
    var body = document.createElement("p");
    body.textContent = content.text;
    box.appendChild(body);
    box.hidden = false;
    var r = link.getBoundingClientRect();
    var width = Math.min(box.offsetWidth, window.innerWidth - 16);
    var left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    var below = r.bottom + 6;
    var top = below + box.offsetHeight > window.innerHeight && r.top - box.offsetHeight - 6 > 0
      ? r.top - box.offsetHeight - 6 : below;
    // Page coordinates (the box is absolute): it stays by the link when the page scrolls.
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
    if (previewLink && previewLink !== link) previewLink.removeAttribute("aria-describedby");
    link.setAttribute("aria-describedby", box.id);
    previewLink = link;
  }

  function hidePreview() {
    if (preview) preview.hidden = true;
    if (previewLink) previewLink.removeAttribute("aria-describedby");
    previewLink = null;
  }

  /* ------------------------------------------------------------ topic lines */

  /** Under each tagged paragraph, the links to its topics: data-topics gives their positions
   *  ("0 3") among the links of the row at the top (nav.un-topics). Runs again on every page
   *  (instant navigation) and skips a paragraph that has its line already. */
  function topicLines() {
    var row = document.querySelectorAll("nav.un-topics a[href]");
    var paras = document.querySelectorAll(".un-para[data-topics]");
    for (var j = 0; j < paras.length; j++) {
      var para = paras[j];
      var next = para.nextElementSibling;
      if (next && next.classList.contains("un-tags")) continue;
      var line = document.createElement("p");
      line.className = "un-tags";
      line.appendChild(document.createTextNode("Topics: "));
      var places = para.getAttribute("data-topics").split(" ");
      var shown = 0;
      for (var k = 0; k < places.length; k++) {
        var from = row[+places[k]];
        if (!from) continue;
        if (shown++) line.appendChild(document.createTextNode(", "));
        var link = document.createElement("a");
        link.setAttribute("href", from.getAttribute("href"));
        link.textContent = from.textContent;
        line.appendChild(link);
      }
      if (shown) para.insertAdjacentElement("afterend", line);
    }
  }

  /* ------------------------------------------------------------ wiring */

  function linkOf(node) {
    return node && node.closest ? node.closest("a[href]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var para = event.target.closest ? event.target.closest(PARA) : null;
    if (para) attachTools(para, true);
    var link = linkOf(event.target);
    if (link && link !== previewLink) showPreview(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event.target);
    if (link && link === previewLink && !link.contains(event.relatedTarget)) hidePreview();
  });
  document.addEventListener("focusin", function (event) {
    var num = event.target.closest ? event.target.closest(".un-num") : null;
    if (num && num.closest(PARA)) attachTools(num.closest(PARA));
    var link = linkOf(event.target);
    if (link) showPreview(link);
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event.target) === previewLink) hidePreview();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hidePreview();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".un-tools .un-copy") : null;
    if (button) onCopy(button);
  });
  window.addEventListener("hashchange", followHash);

  /* The build writes previews as data-un-preview. Material 9.8 reads data-preview as its own
     "instant preview" switch (it fetches sitemap.xml, an error from file://), so a
     data-preview from elsewhere moves to data-un-preview before Material mounts the page
     (this script runs after its bundle, before DOMContentLoaded). */
  function claimPreviews() {
    var links = document.querySelectorAll("a[data-preview], a[data-un-preview]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].hasAttribute("data-preview")) {
        links[i].setAttribute("data-un-preview", links[i].getAttribute("data-preview"));
        links[i].removeAttribute("data-preview");
      }
      // The link's title ("General Assembly resolution 57/176, para. 16") heads the preview
      // instead of showing as a second, native tooltip.
      if (links[i].hasAttribute("title")) {
        links[i].setAttribute("data-un-title", links[i].getAttribute("title"));
        links[i].removeAttribute("title");
      }
    }
  }
  claimPreviews();
  // At once (this script ends the body, the page is parsed), so the lines do not appear late.
  topicLines();

  function onPage() {
    claimPreviews();
    topicLines();
    hidePreview();
    followHash();
  }
  // On load; then on each page that Material's instant navigation swaps in (document$ says
  // when; it also replays the first page, and running twice is harmless).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
})();
