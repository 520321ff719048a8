/*
 * The archive's search: paragraph-level results from a sharded index.
 *
 * The index is written by build_scripts/render/search.py (its docstring describes the files).
 * Every shard is a script that calls __unSearch.add(key, data); shards are loaded with
 * <script> elements, never fetch or a worker, so search works over http:// and from file://.
 * A query loads the manifest, the term shards of its words and word pairs, the symbol shard of
 * anything that looks like a symbol, and the record shards of the results it shows.
 *
 * Ranking: documents whose symbol matches first; then documents with paragraphs containing
 * the exact phrase; then documents with paragraphs containing all the words (stop words
 * aside). Within a rank, documents with more matching paragraphs first, then in index order.
 *
 * The UI uses Material's search markup and the __search toggle (partials/search.html), so it
 * looks like Material's search; keys: "/" or "s" opens, Esc closes, arrows move over the
 * results, Enter opens the selected (or first) result.
 */
(function () {
  "use strict";

  var FORMAT = 1;
  var PAGE = 10; /* documents shown at a time */
  var PER_DOC = 3; /* paragraphs shown per document before "more" */
  var CACHE = 400; /* shards kept in memory */

  /* ------------------------------------------------------------------ shard loading */
  var shards = new Map(); /* key -> data, in load order (oldest evicted first) */
  var pending = new Map(); /* key -> Promise */
  var base = "";
  var loadedKeys = []; /* every key loaded, for the benchmark (window.__unSearch.loaded) */

  function add(key, data) {
    shards.set(key, data);
    loadedKeys.push(key);
    if (shards.size > CACHE) {
      var keys = shards.keys();
      var oldest = keys.next().value;
      if (oldest === "manifest") oldest = keys.next().value;
      shards.delete(oldest);
    }
  }

  function load(key) {
    if (shards.has(key)) return Promise.resolve(shards.get(key));
    if (pending.has(key)) return pending.get(key);
    var promise = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + key + ".js";
      script.async = true;
      script.onload = function () {
        script.remove();
        pending.delete(key);
        if (shards.has(key)) resolve(shards.get(key));
        else reject(new Error("search: " + script.src + " did not register"));
      };
      script.onerror = function () {
        script.remove();
        pending.delete(key);
        reject(new Error("search: cannot load " + script.src));
      };
      document.head.appendChild(script);
    });
    pending.set(key, promise);
    return promise;
  }

  /* ------------------------------------------------------------------ words (as search.py) */
  var RUN = /[\p{L}\p{N}\p{M}]+/gu;
  var WORD = /[\p{L}\p{N}]+/gu;
  var MARK = /\p{M}/gu;
  var ASCII = /^[\x00-\x7f]*$/;

  function fold(run) {
    /* Lower-cased again: a decomposition may be a capital ("ℂ" -> "C"). */
    return run.toLowerCase().normalize("NFKD").replace(MARK, "").toLowerCase().match(WORD) || [];
  }

  function tokenize(text) {
    if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) || [];
    var words = [];
    (text.match(RUN) || []).forEach(function (run) {
      Array.prototype.push.apply(words, fold(run));
    });
    return words;
  }

  /* Words of text with the character range of the run each comes from. */
  function wordSpans(text) {
    var spans = [];
    var re = new RegExp(RUN.source, "gu");
    var match;
    while ((match = re.exec(text)) !== null) {
      var start = match.index;
      var end = start + match[0].length;
      fold(match[0]).forEach(function (word) {
        spans.push({ word: word, start: start, end: end });
      });
    }
    return spans;
  }

  var encoder = new TextEncoder();
  function fnv1a(text) {
    var bytes = encoder.encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  var DIGITS = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-";
  var DIGIT_VALUE = new Int8Array(128).fill(-1);
  var MORE_VALUE = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) {
    DIGIT_VALUE[DIGITS.charCodeAt(d)] = d;
    MORE_VALUE[MORE.charCodeAt(d)] = d;
  }

  function decode(text) {
    var numbers = [];
    var value = 0;
    var previous = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      var more = MORE_VALUE[code];
      if (more >= 0) {
        value = value * 32 + more;
      } else {
        previous += value * 32 + DIGIT_VALUE[code];
        numbers.push(previous);
        value = 0;
      }
    }
    return numbers;
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* ------------------------------------------------------------------ the index */
  var manifestData = null;
  var docStarts = null;
  var recordFirsts = null;
  var stopWords = null;

  function manifest() {
    return load("manifest").then(function (data) {
      if (data.format !== FORMAT) throw new Error("search: index format " + data.format + ", expected " + FORMAT);
      if (manifestData !== data) {
        manifestData = data;
        docStarts = decode(data.docStarts);
        recordFirsts = decode(data.recordShards);
        stopWords = new Set(data.stopWords);
      }
      return data;
    });
  }

  function postings(term) {
    var shard = fnv1a(term) % manifestData.terms;
    return load("t/" + shard).then(function (entries) {
      if (!own(entries, term)) return [];
      var value = entries[term];
      if (typeof value === "number") return load("t/" + shard + "-" + value).then(decode);
      return decode(value);
    });
  }

  /* Strings in the query that may be symbols, normalised as search.py's normalize_symbol. */
  function symbolKeys(query) {
    var text = query.toUpperCase().replace(/(\d)\s+\(/g, "$1(");
    var keys = new Set();
    var whole = text.replace(/\s+/g, "");
    if (/\d/.test(whole) && /[/(]/.test(whole)) keys.add(whole);
    text.split(/\s+/).forEach(function (piece) {
      piece = piece.replace(/^[^A-Z0-9]+/, "").replace(/[^A-Z0-9)]+$/, "");
      if (/\d/.test(piece) && /[/(]/.test(piece)) keys.add(piece);
    });
    return Array.from(keys);
  }

  function symbolMatches(query) {
    var keys = symbolKeys(query);
    return Promise.all(keys.map(function (key) {
      return load("s/" + (fnv1a(key) % manifestData.symbols)).then(function (entries) {
        return own(entries, key) ? entries[key] : [];
      });
    })).then(function (lists) {
      var found = new Map();
      lists.forEach(function (list) {
        list.forEach(function (entry) { if (!found.has(entry[0])) found.set(entry[0], entry.slice(1)); });
      });
      return found; /* doc -> [symbol, title, url] */
    });
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function intersectAll(lists) {
    if (!lists.length) return null;
    var sorted = lists.slice().sort(function (a, b) { return a.length - b.length; });
    return sorted.reduce(intersect);
  }

  function unique(items) {
    return Array.from(new Set(items));
  }

  /* Binary search: the last index i with firsts[i] <= value. */
  function locate(firsts, value) {
    var lo = 0;
    var hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= value) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /*
   * Run a query: resolves to {words, phraseWords, groups}, each group
   * {doc, symbol: [symbol, title, url] | null, phrase: [records], words: [records]}, ranked.
   */
  function search(query) {
    return manifest().then(function () {
      var words = tokenize(query);
      var content = unique(words.filter(function (w) { return !stopWords.has(w); }));
      var pairs = [];
      for (var i = 0; i + 1 < words.length; i++) {
        if (!stopWords.has(words[i]) || !stopWords.has(words[i + 1])) pairs.push(words[i] + " " + words[i + 1]);
      }
      pairs = unique(pairs);
      return Promise.all([
        symbolMatches(query),
        Promise.all(content.map(postings)),
        Promise.all(pairs.map(postings)),
      ]).then(function (found) {
        var symbols = found[0];
        var all = intersectAll(found[1]);
        var phrase = null;
        if (words.length >= 2 && pairs.length) {
          phrase = intersectAll(found[2]);
          /* A record has the phrase only if it also has every word. */
          if (all) phrase = intersect(phrase, all);
          else all = phrase;
        } else if (words.length === 1) {
          phrase = all;
        }
        return { words: words, content: content, groups: rank(symbols, all || [], phrase || []) };
      });
    });
  }

  function rank(symbols, all, phrase) {
    var groups = new Map();
    function group(doc) {
      var g = groups.get(doc);
      if (!g) {
        g = { doc: doc, symbol: null, phrase: [], words: [] };
        groups.set(doc, g);
      }
      return g;
    }
    symbols.forEach(function (meta, doc) { group(doc).symbol = meta; });
    /* phrase is a subset of all (both sorted): walk them together. */
    var j = 0;
    for (var i = 0; i < all.length; i++) {
      var record = all[i];
      while (j < phrase.length && phrase[j] < record) j++;
      var g = group(locate(docStarts, record));
      if (j < phrase.length && phrase[j] === record) g.phrase.push(record);
      else g.words.push(record);
    }
    return Array.from(groups.values()).sort(function (a, b) {
      return (b.symbol ? 1 : 0) - (a.symbol ? 1 : 0) ||
        (b.phrase.length ? 1 : 0) - (a.phrase.length ? 1 : 0) ||
        b.phrase.length - a.phrase.length ||
        b.words.length - a.words.length ||
        a.doc - b.doc;
    });
  }

  /* The records' data: resolves to a Map record -> {record, doc, anchor, label, text, meta}. */
  function fetchRecords(records) {
    var byShard = new Map();
    records.forEach(function (record) {
      var shard = locate(recordFirsts, record);
      if (!byShard.has(shard)) byShard.set(shard, []);
      byShard.get(shard).push(record);
    });
    return Promise.all(Array.from(byShard.keys()).map(function (shard) {
      return load("r/" + shard).then(function (data) {
        return byShard.get(shard).map(function (record) {
          var r = data.records[record - data.first];
          return { record: record, doc: r[0], anchor: r[1], label: r[2], text: r[3], meta: data.docs[String(r[0])] };
        });
      });
    })).then(function (lists) {
      var out = new Map();
      lists.forEach(function (list) { list.forEach(function (r) { out.set(r.record, r); }); });
      return out;
    });
  }

  /* ------------------------------------------------------------------ excerpts */
  /* Character ranges to highlight in text: the phrase where it occurs, else each word. */
  function matchRanges(text, words, content) {
    var spans = wordSpans(text);
    var ranges = [];
    if (words.length >= 2) {
      for (var i = 0; i + words.length <= spans.length; i++) {
        var k = 0;
        while (k < words.length && spans[i + k].word === words[k]) k++;
        if (k === words.length) {
          ranges.push([spans[i].start, spans[i + k - 1].end]);
          i += k - 1;
        }
      }
      if (ranges.length) return { phrase: true, ranges: ranges };
    }
    var wanted = new Set(content.length ? content : words);
    spans.forEach(function (span) {
      if (wanted.has(span.word)) {
        var last = ranges[ranges.length - 1];
        if (last && last[0] === span.start) return;
        ranges.push([span.start, span.end]);
      }
    });
    return { phrase: words.length === 1 && ranges.length > 0, ranges: ranges };
  }

  /* Fill element with an excerpt of text around its first match, matches in <mark>. */
  function excerpt(element, text, found, width) {
    var ranges = found.ranges;
    var start = 0;
    if (ranges.length && text.length > width) {
      start = Math.max(0, ranges[0][0] - Math.floor(width / 4));
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space >= 0 && space < ranges[0][0] ? space + 1 : start;
      }
    }
    var end = Math.min(text.length, start + width);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + width / 2) end = cut;
    }
    if (start > 0) element.appendChild(document.createTextNode("… "));
    var at = start;
    ranges.forEach(function (range) {
      if (range[1] <= at || range[0] >= end) return;
      var from = Math.max(range[0], at);
      element.appendChild(document.createTextNode(text.slice(at, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, Math.min(range[1], end));
      element.appendChild(mark);
      at = Math.min(range[1], end);
    });
    element.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) element.appendChild(document.createTextNode(" …"));
  }

  /* ------------------------------------------------------------------ the UI */
  var root = document.querySelector("[data-un-search]");
  window.__unSearch = {
    add: add,
    tokenize: tokenize,
    fnv1a: fnv1a,
    symbolKeys: symbolKeys,
    search: function (query) { return search(query); },
    loaded: loadedKeys,
    timings: [],
  };
  if (!root) return;
  base = root.getAttribute("data-un-search");
  var siteRoot = base.replace(/search\/$/, "");
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector(".md-search__form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var scrollwrap = root.querySelector(".md-search__scrollwrap");
  var placeholder = meta.textContent.trim();
  var generation = 0;
  var timer = 0;
  var current = null; /* the last result, for "more" */

  function setOpen(open) {
    if (!toggle || toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  function href(url, anchor) {
    return siteRoot + url + (anchor && anchor !== "title" ? "#" + anchor : "");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function clear(text) {
    list.textContent = "";
    meta.textContent = text;
    current = null;
  }

  function run(query) {
    var mine = ++generation;
    var started = performance.now();
    /* data-query names the query whose results are shown (for tests and scripts). */
    list.removeAttribute("data-query");
    if (!query.trim()) { clear(placeholder); return Promise.resolve(); }
    meta.textContent = "Searching…";
    return search(query).then(function (result) {
      if (mine !== generation) return null;
      current = { query: query, result: result, shown: 0 };
      list.textContent = "";
      var paragraphs = 0;
      result.groups.forEach(function (g) { paragraphs += g.phrase.length + g.words.length; });
      var docs = result.groups.length;
      if (!docs) meta.textContent = "No results for “" + query.trim() + "”";
      else meta.textContent = plural(docs, "document", "documents") + ", " + plural(paragraphs, "matching passage", "matching passages");
      return showMore(mine);
    }).then(function () {
      if (mine !== generation) return;
      list.setAttribute("data-query", query);
      window.__unSearch.timings.push({ query: query, ms: performance.now() - started });
    }).catch(function (error) {
      if (mine !== generation) return;
      clear("Search is not available: the index could not be loaded.");
      if (window.console) console.warn(error);
    });
  }

  /* Render the next PAGE documents of the current result. */
  function showMore(mine) {
    var state = current;
    var groups = state.result.groups.slice(state.shown, state.shown + PAGE);
    state.shown += groups.length;
    var records = [];
    groups.forEach(function (g) {
      Array.prototype.push.apply(records, g.phrase.concat(g.words).slice(0, PER_DOC));
    });
    return fetchRecords(records).then(function (data) {
      if (mine !== generation) return;
      var old = list.querySelector(".un-search-next");
      if (old) old.remove();
      groups.forEach(function (g) { list.appendChild(renderGroup(g, data, state.result)); });
      if (state.shown < state.result.groups.length) {
        var li = document.createElement("li");
        li.className = "md-search-result__item un-search-next";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-search-result__link un-search-button";
        button.textContent = "Show more documents (" + (state.result.groups.length - state.shown) + " left)";
        button.addEventListener("click", function () {
          var focusIndex = links().indexOf(button);
          showMore(generation).then(function () {
            var all = links();
            if (all[focusIndex]) all[focusIndex].focus();
          });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  function renderGroup(g, data, result) {
    var records = g.phrase.concat(g.words);
    var first = records.length ? data.get(records[0]) : null;
    var docMeta = g.symbol || (first && first.meta) || ["", "", ""];
    var li = document.createElement("li");
    li.className = "md-search-result__item";

    var head = document.createElement("a");
    head.className = "md-search-result__link";
    head.href = href(docMeta[2], null);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    article.appendChild(icon);
    var h1 = document.createElement("h1");
    if (docMeta[0]) {
      var symbol = document.createElement(g.symbol ? "mark" : "span");
      symbol.className = "un-search-symbol";
      symbol.textContent = docMeta[0];
      h1.appendChild(symbol);
      h1.appendChild(document.createTextNode(" "));
    }
    var title = document.createElement("span");
    title.textContent = docMeta[1];
    h1.appendChild(title);
    article.appendChild(h1);
    head.appendChild(article);
    li.appendChild(head);

    var shown = records.slice(0, PER_DOC);
    shown.forEach(function (record) {
      var r = data.get(record);
      if (r) li.appendChild(renderRecord(r, result));
    });
    if (records.length > shown.length) li.appendChild(renderRest(records.slice(PER_DOC), result));
    return li;
  }

  function renderRecord(r, result) {
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href(r.meta[2], r.anchor);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var h2 = document.createElement("h2");
    h2.className = "un-search-place";
    h2.textContent = (r.meta[0] || r.meta[1]) + (r.label ? ", " + r.label : "");
    article.appendChild(h2);
    var p = document.createElement("p");
    p.className = "md-search-result__teaser";
    excerpt(p, r.text, matchRanges(r.text, result.words, result.content), 220);
    article.appendChild(p);
    a.appendChild(article);
    return a;
  }

  /* "N more in this document": the other passages, loaded when opened. */
  function renderRest(records, result) {
    var details = document.createElement("details");
    details.className = "md-search-result__more";
    var summary = document.createElement("summary");
    summary.tabIndex = 0;
    var label = document.createElement("div");
    label.textContent = plural(records.length, "more passage", "more passages") + " in this document";
    summary.appendChild(label);
    details.appendChild(summary);
    var filled = false;
    details.addEventListener("toggle", function () {
      if (!details.open || filled) return;
      filled = true;
      fetchRecords(records.slice(0, 200)).then(function (data) {
        records.slice(0, 200).forEach(function (record) {
          var r = data.get(record);
          if (r) details.appendChild(renderRecord(r, result));
        });
      });
    });
    return details;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link, summary, button.un-search-button"))
      .filter(function (el) { return el.offsetParent !== null; });
  }

  function typing(element) {
    if (!element) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  input.addEventListener("focus", function () { setOpen(true); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value;
    timer = setTimeout(function () { run(query); }, 80);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { clearTimeout(timer); generation++; clear(placeholder); input.focus(); }, 0);
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) input.focus();
      if (!toggle.checked && root.contains(document.activeElement)) document.activeElement.blur();
    });
  }
  list.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-search-result__link");
    if (link) setOpen(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var open = toggle ? toggle.checked : root.contains(document.activeElement);
    if (!open) {
      if ((event.key === "/" || event.key === "s" || event.key === "S") && !typing(document.activeElement)) {
        event.preventDefault();
        setOpen(true);
        input.focus();
        input.select();
      }
      return;
    }
    var items = links();
    var index = items.indexOf(document.activeElement);
    switch (event.key) {
      case "Escape":
        event.preventDefault();
        setOpen(false);
        input.blur();
        break;
      case "ArrowDown":
      case "ArrowUp":
        if (!items.length) return;
        event.preventDefault();
        var next = event.key === "ArrowDown" ? index + 1 : index - 1;
        if (next < 0) {
          input.focus();
        } else {
          items[Math.min(next, items.length - 1)].focus();
          items[Math.min(next, items.length - 1)].scrollIntoView({ block: "nearest" });
        }
        break;
      case "Enter":
        if (document.activeElement === input) {
          event.preventDefault();
          clearTimeout(timer);
          /* Results of the text as typed, then open the first passage (or document). */
          var pending = current && current.query === input.value ? Promise.resolve() : run(input.value);
          pending.then(function () {
            /* A symbol match opens the document; otherwise the first passage. */
            var item = list.querySelector(".md-search-result__item");
            if (!item) return;
            var heads = item.querySelectorAll(":scope > a.md-search-result__link");
            var first = item.querySelector("mark.un-search-symbol") || heads.length < 2 ? heads[0] : heads[1];
            if (first) { setOpen(false); first.click(); }
          });
        }
        break;
      default:
        break;
    }
  });
  if (scrollwrap) scrollwrap.setAttribute("tabindex", "-1");
})();
