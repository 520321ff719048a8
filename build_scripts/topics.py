"""Topics, a link stage: every paragraph of every document tagged by transparent rules.

The taxonomy is ``build_scripts/data/topics.yml``, edited by librarians; its header states
how matching works, and this module follows it to the letter:

* a term matches without regard to case, as whole words only ("data" never matches inside
  "database"; a hyphen or any punctuation ends a word, so "discrimination" matches inside
  "non-discrimination", which is why that phrase is an ``exclude`` of its topic);
* ``*`` ends a word and stands for any ending of it ("repatriat*": repatriation...); it is
  refused anywhere else;
* the words of a term match in order with any spacing or line break between them, and
  punctuation in a term must be in the text;
* an occurrence inside one of the topic's ``exclude`` phrases does not count (naming the
  "Convention on the Rights of the Child" is not a paragraph about children);
* where several terms of one topic match at the same place, the one with more words (then
  the longer) is taken; a paragraph can have any number of topics, and a topic and its
  parent are matched independently.

What is tagged: the citable paragraphs (:class:`~build_scripts.model.Paragraph`), on their
plain text (footnote markers left out, emphasis kept). Footnotes are not tagged: they are
mostly citations ("A/57/170.", "Resolution 44/25, annex"), whose instrument names would tag
topics the paragraph itself does not speak of; ``catalog.json`` has topics on paragraphs only.
Headings are not tagged either.

Guarantees after :func:`tag_corpus`: ``corpus.taxonomy`` holds the topics in file order and
``corpus.topics[doc id][anchor]`` the tags of every tagged paragraph, sorted by topic id, each
with the phrases that matched as printed and their offsets in the paragraph's text (so that
renderers can highlight them without matching anything again). The result depends only on
the paragraph's own text and the taxonomy.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .model import Corpus, Document, Topic, TopicTag

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "topics.yml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELDS = {
    "id": "permanent slug, the page address topics/<id>.html",
    "label": "name shown to readers",
    "parent": "id of the parent topic, or null",
    "unbis": "UNBIS Thesaurus descriptor, or null",
    "description": "one sentence shown at the top of the topic page",
    "terms": "phrases that tag a paragraph with this topic",
    "exclude": "phrases inside which an occurrence of a term does not count",
}
REQUIRED = ("id", "label", "description")
_LINE = "__line__"


class TaxonomyError(ValueError):
    """The taxonomy file cannot be used; the message names the file, the line and the fix."""


# --------------------------------------------------------------------------- loading
class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping (under ``__line__``)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _shown(path: Path) -> str:
    """The path as a message shows it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def check_term(term: object) -> str | None:
    """Why ``term`` is not a valid term or exclude phrase, or None when it is."""
    if not isinstance(term, str) or not term.strip():
        return f"{term!r} is not a phrase (write the words, in quotes if they contain ':' or '#')"
    for word in term.split():
        if "*" in word[:-1] or word == "*":
            return f"{term!r}: '*' may only end a word (as in 'repatriat*'), never start it or stand inside it"
    return None


def load_taxonomy(path: Path = TAXONOMY_FILE) -> tuple[Topic, ...]:
    """Read and check the taxonomy; raise :class:`TaxonomyError` naming the file and line."""
    path = path.resolve()
    try:
        changed = path.stat().st_mtime_ns
    except OSError:
        changed = 0
    return _load(path, changed)  # read again once edited (``make serve`` runs in one process)


@cache
def _load(path: Path, changed: int) -> tuple[Topic, ...]:
    name = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if (mark is None or mark.line >= len(text.splitlines())) and exc.context_mark is not None:
            mark = exc.context_mark  # "[unclosed" is found at the end of the file: show where it opens
        line = mark.line + 1 if mark else 1
        raise TaxonomyError(f"{name}:{line}: not valid YAML ({exc.problem}); fix the line and build again") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"{name}:1: cannot read the topic taxonomy ({exc})") from exc
    if not isinstance(data, list) or not data:
        raise TaxonomyError(f"{name}:1: the taxonomy must be a list of topics, each starting with '- id: ...'")
    topics: list[Topic] = []
    lines: dict[str, int] = {}
    for entry in data:
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{name}:1: every item of the list must be a topic ('- id: ...'), not {entry!r}")
        topic = _topic(entry, name, lines)
        lines[topic.id] = entry[_LINE]
        topics.append(topic)
    for topic in topics:
        _check_parent(topic, {t.id: t for t in topics}, name, lines)
    return tuple(topics)


def _topic(entry: dict[str, Any], name: str, seen: Mapping[str, int]) -> Topic:
    line = entry[_LINE]
    where = f"{name}:{line}: topic {entry.get('id')!r}"
    unknown = sorted(str(k) for k in entry if k != _LINE and k not in FIELDS)
    if unknown:
        raise TaxonomyError(f"{where}: unknown field {unknown[0]!r}; the fields are {', '.join(FIELDS)}")
    for key in REQUIRED:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise TaxonomyError(f"{where}: '{key}' is required ({FIELDS[key]})")
    topic_id = entry["id"]
    if not SLUG.fullmatch(topic_id):
        raise TaxonomyError(f"{where}: the id must be lower-case letters, digits and hyphens ('witness-protection')")
    if topic_id in seen:
        raise TaxonomyError(f"{where}: the id is already used by the topic at line {seen[topic_id]}; ids are unique")
    for key in ("parent", "unbis"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise TaxonomyError(f"{where}: '{key}' must be text or null, not {entry[key]!r}")
    phrases: dict[str, tuple[str, ...]] = {}
    for key in ("terms", "exclude"):
        values = entry.get(key) or []
        if not isinstance(values, list):
            raise TaxonomyError(f"{where}: '{key}' must be a list ('- phrase' lines, or [] for none)")
        for value in values:
            if (problem := check_term(value)) is not None:
                raise TaxonomyError(f"{where}: in '{key}', {problem}")
        phrases[key] = tuple(values)
    return Topic(
        id=topic_id,
        label=entry["label"].strip(),
        parent=entry.get("parent"),
        unbis=entry.get("unbis"),
        description=entry["description"].strip(),
        terms=phrases["terms"],
        exclude=phrases["exclude"],
    )


def _check_parent(topic: Topic, by_id: Mapping[str, Topic], name: str, lines: Mapping[str, int]) -> None:
    seen = {topic.id}
    current = topic
    while current.parent is not None:
        if current.parent not in by_id:
            raise TaxonomyError(
                f"{name}:{lines[current.id]}: topic {current.id!r}: parent {current.parent!r} is not a topic id"
            )
        if current.parent in seen:
            raise TaxonomyError(f"{name}:{lines[topic.id]}: topic {topic.id!r}: its parents form a loop")
        seen.add(current.parent)
        current = by_id[current.parent]


# --------------------------------------------------------------------------- matching
def term_regex(term: str, start: bool = True) -> str:
    """The regular expression of one term or exclude phrase (see the module docstring).

    ``start=False`` leaves out the check that the term starts a word, for a caller that
    checks it once before an alternation of terms.
    """
    words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in term.split()]
    return (r"(?<!\w)" if start else "") + r"\s+".join(words) + r"(?!\w)"


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    # More words first, then longer: at one place the fullest term wins ("protection of victims"
    # before "protection"). Sorted, so the pattern (and every match) is the same on every run.
    ordered = sorted(set(phrases), key=lambda t: (-len(t.split()), -len(t), t))
    if not ordered:
        return None
    # The word-start check comes first, once, and the terms are grouped by their first letter:
    # the engine tries a term only where a word starts with its letter (five times faster).
    groups: dict[str, list[str]] = {}
    for term in ordered:
        groups.setdefault(term[0].casefold(), []).append(term_regex(term, start=False))
    branches = "|".join(f"(?={re.escape(first)})(?:{'|'.join(alts)})" for first, alts in sorted(groups.items()))
    return re.compile(rf"(?<!\w)(?:{branches})", re.IGNORECASE)


_TOKEN = re.compile(r"\w+")
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The characters that case-insensitive matching takes for an ASCII letter but ``str.lower``
does not lower to it (dotted and dotless I, long s, the Kelvin sign)."""
_FOLDED = re.compile("[\u0130\u0131\u017f\u212a]")


class TextWords:
    """The words of a text (runs of word characters), in lower case, as :class:`Needs` reads them."""

    def __init__(self, text: str) -> None:
        """Read the words of ``text``."""
        if not text.isascii() and _FOLDED.search(text):
            text = text.translate(_FOLD)
        self.lowered = text.lower()
        self.words = frozenset(_TOKEN.findall(self.lowered))
        self._ordered: list[str] | None = None

    def has_prefix(self, prefix: str) -> bool:
        """True when a word starts with ``prefix`` (lower case)."""
        if prefix not in self.lowered:
            return False
        if self._ordered is None:
            self._ordered = sorted(self.words)
        i = bisect.bisect_left(self._ordered, prefix)
        return i < len(self._ordered) and self._ordered[i].startswith(prefix)


@dataclass(frozen=True)
class Needs:
    """What a text must contain for one term to match: whole words and beginnings of words.

    Each run of letters and digits in a term matches a whole word of the text (a space, a
    hyphen or any punctuation ends a word on both sides), and a run that a ``*`` ends
    matches the beginning of a word. A text that lacks one of them cannot match the term,
    whatever the regular expression would find.
    """

    words: frozenset[str]
    """Words the text must contain (lower case)."""
    prefixes: tuple[str, ...]
    """Beginnings of words the text must contain (lower case, sorted)."""

    @classmethod
    def of(cls, term: str) -> Needs | None:
        """What ``term`` needs; None (no shortcut) when it has a word character outside ASCII or none."""
        if any(not c.isascii() and _TOKEN.match(c) for c in term):
            return None  # case-insensitive matching of other scripts is not ``str.lower``
        words: set[str] = set()
        prefixes: set[str] = set()
        for word in term.lower().split():
            for run in _TOKEN.finditer(word):
                starred = word.endswith("*") and run.end() == len(word) - 1
                (prefixes if starred else words).add(run.group())
        if not words and not prefixes:
            return None
        return cls(frozenset(words), tuple(sorted(prefixes)))

    def met(self, text: TextWords) -> bool:
        """True when ``text`` has all that the term needs."""
        return self.words <= text.words and all(text.has_prefix(p) for p in self.prefixes)


@dataclass(frozen=True)
class Matcher:
    """One topic's terms and exclude phrases, compiled."""

    topic: str
    terms: re.Pattern[str] | None
    excludes: re.Pattern[str] | None
    needs: tuple[Needs | None, ...]
    """What each term needs (None: no shortcut, always search)."""
    exclude_needs: tuple[Needs | None, ...] = ()
    """What each exclude phrase needs."""

    @classmethod
    def of(cls, topic: Topic) -> Matcher:
        """Compile ``topic``'s phrases."""
        return cls(
            topic.id,
            _alternation(topic.terms),
            _alternation(topic.exclude),
            tuple(Needs.of(t) for t in topic.terms),
            tuple(Needs.of(t) for t in topic.exclude),
        )

    def may_exclude(self, words: TextWords) -> bool:
        """False when no exclude phrase can match a text of these words."""
        return any(needs is None or needs.met(words) for needs in self.exclude_needs)

    def tag(self, text: str, words: TextWords | None = None) -> TopicTag | None:
        """The tag ``text`` gets from this topic, with what matched, or None.

        ``words``: the :class:`TextWords` of ``text``, when known, to skip the search for
        exclude phrases in a text that cannot contain one.
        """
        if self.terms is None:
            return None
        excluded: list[tuple[int, int]] | None = None
        spans: list[tuple[int, int]] = []
        pos = 0
        while (m := self.terms.search(text, pos)) is not None:
            start, end = m.span()
            if excluded is None:  # computed only for the few paragraphs a term matches
                skip = words is not None and not self.may_exclude(words)
                excluded = [] if skip else _all_matches(self.excludes, text)
            if any(a <= start and end <= b for a, b in excluded):
                pos = start + 1  # a term that starts inside and ends outside still counts
                continue
            spans.append((start, end))
            pos = end
        if not spans:
            return None
        printed: dict[str, str] = {}
        for start, end in spans:
            phrase = " ".join(text[start:end].split())
            printed.setdefault(phrase.casefold(), phrase)
        return TopicTag(self.topic, tuple(printed.values()), tuple(spans))


def _all_matches(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Every place a phrase of ``pattern`` starts, overlapping ones included, with its end."""
    found: list[tuple[int, int]] = []
    pos = 0
    while pattern is not None and (m := pattern.search(text, pos)) is not None:
        found.append(m.span())
        pos = m.start() + 1
    return found


def matchers(taxonomy: Iterable[Topic]) -> tuple[Matcher, ...]:
    """A matcher per topic, sorted by topic id (the order of a paragraph's tags)."""
    return tuple(Matcher.of(t) for t in sorted(taxonomy, key=lambda t: t.id))


class Tagger:
    """Matchers, with an index of what their terms need (:class:`Needs`).

    Most paragraphs contain a word of some term of most topics ("protection", "trafficking")
    but all the words of few: the index gives, from a text's words alone, the topics one of
    whose terms may match, and only their regular expressions search the text.
    """

    def __init__(self, compiled: Iterable[Matcher]) -> None:
        """Index the terms of ``compiled`` by one word each (the longest), or by a beginning."""
        self.matchers = tuple(compiled)
        self._always: set[int] = set()
        self._by_word: dict[str, list[tuple[int, Needs]]] = {}
        self._by_prefix: dict[str, list[tuple[int, Needs]]] = {}
        for i, matcher in enumerate(self.matchers):
            for needs in matcher.needs:
                if needs is None:
                    self._always.add(i)
                elif needs.words:
                    key = max(needs.words, key=lambda w: (len(w), w))
                    self._by_word.setdefault(key, []).append((i, needs))
                else:
                    key = max(needs.prefixes, key=lambda w: (len(w), w))
                    self._by_prefix.setdefault(key, []).append((i, needs))

    def candidates(self, words: TextWords) -> list[Matcher]:
        """The matchers (in order) of which a term may match a text of ``words``: the others cannot."""
        found = set(self._always)
        for word in self._by_word.keys() & words.words:
            found.update(i for i, needs in self._by_word[word] if i not in found and needs.met(words))
        for prefix, entries in self._by_prefix.items():
            if words.has_prefix(prefix):
                found.update(i for i, needs in entries if i not in found and needs.met(words))
        return [self.matchers[i] for i in sorted(found)]

    def tags(self, text: str) -> tuple[TopicTag, ...]:
        """Every topic ``text`` gets, in the order of the matchers."""
        words = TextWords(text)
        return tuple(tag for m in self.candidates(words) if (tag := m.tag(text, words)) is not None)


def tag_text(text: str, compiled: Iterable[Matcher] | Tagger) -> tuple[TopicTag, ...]:
    """Every topic ``text`` gets, in the order of ``compiled``."""
    return (compiled if isinstance(compiled, Tagger) else Tagger(compiled)).tags(text)


def tag_document(doc: Document, compiled: Iterable[Matcher] | Tagger) -> dict[str, tuple[TopicTag, ...]]:
    """Paragraph anchor -> tags, for the tagged paragraphs of ``doc``."""
    tagger = compiled if isinstance(compiled, Tagger) else Tagger(compiled)
    return {p.anchor: tags for p in doc.paragraphs if (tags := tagger.tags(p.text))}


@cache
def _compiled(taxonomy: tuple[Topic, ...]) -> Tagger:
    return Tagger(matchers(taxonomy))


def document_tags(doc: Document, path: Path = TAXONOMY_FILE) -> dict[str, tuple[TopicTag, ...]]:
    """:func:`tag_document` with the taxonomy of ``path``.

    Depends on ``doc`` alone: computed, in parallel, where the document is parsed, and cached with it.
    """
    return tag_document(doc, _compiled(load_taxonomy(path)))


def tag_corpus(
    corpus: Corpus, path: Path = TAXONOMY_FILE, tags: Mapping[str, dict[str, tuple[TopicTag, ...]]] | None = None
) -> Corpus:
    """``corpus`` with the taxonomy of ``path`` and every paragraph's topics (module docstring).

    ``tags`` maps a document id to its :func:`document_tags` with the same taxonomy when they
    were computed already; the other documents are tagged here.
    """
    taxonomy = load_taxonomy(path)
    compiled = _compiled(taxonomy)
    topics = {}
    for doc in corpus.documents:
        known = tags.get(doc.id) if tags is not None else None
        found = known if known is not None else tag_document(doc, compiled)
        if found:
            topics[doc.id] = found
    return dataclasses.replace(corpus, taxonomy=taxonomy, topics=topics)
