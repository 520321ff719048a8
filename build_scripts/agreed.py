"""Agreed language: paragraphs of different documents that share a long run of the same words.

Link/enrich stage, over the parsed documents (never the source text). Drafters reuse wording
that was agreed before ("Gravely concerned at the increasing activities of transnational
criminal organizations..." in A/RES/57/176 comes from E/RES/1998/20); readers want to see
where, and what changed.

How, without comparing every pair of paragraphs:

1. **Words.** Each paragraph's plain text (no markup, no footnote markers) becomes word tokens:
   letters or digits (numbers are kept: "1998"), case-folded, punctuation dropped, so
   "Secretary-General," and "secretary general" are the same two words. The name of a
   registered instrument (``data/instruments.yml``, title and aliases) counts as one word:
   "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and
   Children" is 14 words of a name, not agreed wording, and alone it would pass the threshold.
   So does each of a few long names of organs, offices and States (:data:`LONG_NAMES`).
2. **Copies.** Paragraphs of identical words (a paragraph a series of resolutions repeats
   every year, a text quoted in full) form one group, indexed and compared once; its copies
   match each other, unless there are more than ``max_postings`` of them (formula).
3. **Shingles** of ``k`` = 8 consecutive words, hashed. Eight words are long enough to be
   specific (UN formulas such as "trafficking in women and children" are five or six words
   long and occur everywhere) and short enough that a shared run of the minimum length
   (12 words) holds five shingles, so a small edit (a changed word every few words) still
   leaves some intact.
4. **Fingerprints** (winnowing): of every window of ``min_run - k + 1`` consecutive shingles
   only the smallest hash is kept. Two identical runs of ``min_run`` words contain the same
   window, hence select the same fingerprint: no qualifying pair can be missed, yet the
   index holds about a third of the shingles.
5. **Inverted index** fingerprint -> places (paragraph, word position), as one sorted list
   of packed integers, so that 10,000 documents fit in a few hundred megabytes. A fingerprint
   found in more than ``max_postings`` places (copies counted) is formula, not agreed language
   ("Requests the Secretary-General to submit a report to the General Assembly at its ..."):
   it is skipped, which also bounds the pairs any one fingerprint can produce.
6. **Candidates** are the pairs of paragraphs of *different* documents that share a kept
   fingerprint and, through it, a run of at least ``min_run`` identical words, measured on the
   spot by extending the shingle both ways (a few steps, no diff). Nothing qualifying is lost:
   a shared run of ``min_run`` words holds a whole window, whose fingerprint both paragraphs
   keep, at the same word of the run. The work grows with the number of shared fingerprints,
   not with the square of the number of paragraphs.
7. **Verification** with :class:`difflib.SequenceMatcher` on the word lists of the candidates
   only: the longest common run of words, a similarity (``2 * matched / total words``) and the
   word-level opcodes that render the differences.

Guarantees after :func:`with_agreed`: ``corpus.agreed[doc_id][anchor]`` counts (``total``)
every paragraph of another document that shares a run of at least ``min_run`` words with that
paragraph through a fingerprint that is not formula, and lists the ``keep`` best of them
(longest run, then similarity, then corpus order) with the word-level opcodes from this
paragraph to that one; the relation is symmetric (when A counts B, B counts A); documents and
anchors without matches are absent; the result depends only on the documents, never on
dictionary or set iteration order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache

from .instruments import load_registry
from .model import AgreedLanguage, AgreedMatch, AgreedParagraph, Corpus, Document, Opcode

# Names long enough to make a shared run on their own ("...by the Office of the United Nations
# High Commissioner for Human Rights" in A/HRC/14/37 and A/HRC/59/15): one word each.
LONG_NAMES = (
    "Office of the United Nations High Commissioner for Human Rights",
    "United Nations High Commissioner for Human Rights",
    "United Nations High Commissioner for Refugees",
    "United Nations Office on Drugs and Crime",
    "Commission on Crime Prevention and Criminal Justice",
    "Commission on the Status of Women",
    "Committee on the Elimination of Discrimination against Women",
    "Committee on the Rights of the Child",
    "Special Rapporteur on trafficking in persons, especially women and children",
    "United Kingdom of Great Britain and Northern Ireland",
    "United States of America",
    "Democratic Republic of the Congo",
    "Democratic People's Republic of Korea",
    "Lao People's Democratic Republic",
    "Bolivarian Republic of Venezuela",
    "Plurinational State of Bolivia",
)

# Letters and digits are separate words ("Spain1" -> "spain", "1"), as in conservation.py.
_WORD = re.compile(r"[^\W\d_]+|\d+")
_MIRROR = {"delete": "insert", "insert": "delete", "replace": "replace", "equal": "equal"}


@dataclass(frozen=True)
class Settings:
    """The knobs of the agreed-language stage, declared once with their reasons."""

    k: int = 8
    """Words per shingle (see the module docstring for why 8)."""
    min_run: int = 12
    """A pair is agreed language when its longest shared run of words is at least this long:
    shorter runs are mostly the organs' stock phrases."""
    max_postings: int = 100
    """A fingerprint in more paragraphs than this is formula (boilerplate) and is not used to
    find candidates; it also caps the pairs one fingerprint can produce at 4,950."""
    keep: int = 5
    """Matches kept per paragraph, best first (as many as a page shows); the others are counted."""

    def __post_init__(self) -> None:
        if not 1 <= self.k <= self.min_run:
            raise ValueError(f"need 1 <= k <= min_run, got k={self.k}, min_run={self.min_run}")
        if self.max_postings < 2:
            raise ValueError(f"max_postings must be at least 2, got {self.max_postings}")

    @property
    def window(self) -> int:
        """Shingles per winnowing window: a run of ``min_run`` words holds exactly this many."""
        return self.min_run - self.k + 1


DEFAULT = Settings()


@dataclass(frozen=True)
class Stats:
    """What the stage did, for tests and the benchmark."""

    paragraphs: int
    """Distinct paragraph texts with at least ``min_run`` words (the only ones that can match)."""
    fingerprints: int
    """Distinct fingerprints in the index."""
    formula: int
    """Fingerprints skipped as formula (in more than ``max_postings`` places)."""
    checks: int
    """Shared fingerprints whose run of words was measured (a few steps each)."""
    comparisons: int
    """Candidate pairs of distinct texts compared with SequenceMatcher."""
    pairs: int
    """Pairs of paragraphs (of different documents) kept as agreed language."""


# --------------------------------------------------------------------------- words
def _fold(word: str) -> str:
    return (word if word.isascii() else unicodedata.normalize("NFKC", word)).casefold()


def words(text: str) -> list[str]:
    """Normalised word tokens of ``text``: "Secretary-General, 1998" -> secretary, general, 1998.

    One token per match of :func:`word_spans`, always (folding a whole non-ASCII text could
    split a word: "İ" case-folds to "i" and a combining dot).
    """
    if text.isascii():
        return _WORD.findall(text.lower())
    return [_fold(w) for w in _WORD.findall(text)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of :func:`words` in ``text``, for showing the printed words."""
    return [m.span() for m in _WORD.finditer(text)]


# --------------------------------------------------------------------------- instrument names
Names = dict[str, list[tuple[tuple[str, ...], str]]]
"""First word -> (words of a name, instrument id), longest name first."""


def name_table(names: Iterable[tuple[str, str]]) -> Names:
    """The lookup table of (instrument id, printed name) pairs."""
    table: Names = defaultdict(list)
    for key, name in sorted(set(names)):
        seq = tuple(words(name))
        if len(seq) > 1:
            table[seq[0]].append((seq, key))
    for entries in table.values():
        entries.sort(key=lambda e: (-len(e[0]), e))
    return dict(table)


@cache
def registry_names() -> Names:
    """Titles and aliases of the instrument registry (``data/instruments.yml``), and :data:`LONG_NAMES`."""
    instruments = [(i.id, name) for i in load_registry().instruments for name in (i.title, *i.aliases)]
    return name_table([*instruments, *((f"name:{n}", n) for n in LONG_NAMES)])


def collapse(tokens: Sequence[str], names: Names) -> tuple[list[str], list[int] | None]:
    """``tokens`` with each instrument name replaced by one token, and where each token starts.

    The second value maps collapsed positions to word positions (with ``len(tokens)`` at the
    end); None when nothing was collapsed.
    """
    found: list[tuple[int, int, str]] = []
    after = 0
    for i in [i for i, t in enumerate(tokens) if t in names]:
        if i < after:
            continue
        for seq, key in names[tokens[i]]:
            if tuple(tokens[i : i + len(seq)]) == seq:
                found.append((i, i + len(seq), f"\x00{key}"))
                after = i + len(seq)
                break
    if not found:
        return list(tokens), None
    out: list[str] = []
    starts: list[int] = []
    at = 0
    for begin, end, key in found:
        out += tokens[at:begin]
        starts += range(at, begin)
        out.append(key)
        starts.append(begin)
        at = end
    out += tokens[at:]
    starts += range(at, len(tokens) + 1)
    return out, starts


# --------------------------------------------------------------------------- candidates
def fingerprints(ids: Sequence[int], settings: Settings = DEFAULT) -> set[tuple[int, int]]:
    """The winnowed shingle hashes of a paragraph's word ids, with the word position of each.

    Empty below ``min_run`` words. In each window the smallest hash is kept (the rightmost of
    equal ones), so an identical window selects the same shingle in both paragraphs. Word ids
    are small integers, and Python's hash of a tuple of integers does not depend on the process
    (unlike a string's), so fingerprints are the same in every build.
    """
    k, window = settings.k, settings.window
    if len(ids) < settings.min_run:
        return set()
    # (hash, -position): the smallest tuple is the smallest hash, the rightmost of equal ones.
    shingles = [(hash(tuple(ids[i : i + k])), -i) for i in range(len(ids) - k + 1)]
    chosen = {min(shingles[i : i + window]) for i in range(len(shingles) - window + 1)}
    return {(fp, -neg) for fp, neg in chosen}


def shared_run(a: Sequence[int], b: Sequence[int], at_a: int, at_b: int, k: int) -> int:
    """Length of the run of identical words through ``a[at_a:at_a + k]`` and ``b[at_b:at_b + k]``.

    0 when those shingles differ (two hashes that collide).
    """
    if a[at_a : at_a + k] != b[at_b : at_b + k]:
        return 0
    left = 0
    while left < at_a and left < at_b and a[at_a - left - 1] == b[at_b - left - 1]:
        left += 1
    right = k
    while at_a + right < len(a) and at_b + right < len(b) and a[at_a + right] == b[at_b + right]:
        right += 1
    return left + right


_POS_BITS = 16
"""Word positions fit in 16 bits of a packed index entry (a paragraph's first 65,536 words)."""
_PARA_BITS = 24
"""Paragraph numbers fit in 24 bits (16 million paragraphs)."""
_FP_MASK = (1 << 39) - 1
"""Fingerprints are cut to 39 bits in the index: a rare collision adds a check, which finds
different words (:func:`shared_run` is 0); it never loses a pair."""


@dataclass(frozen=True)
class Candidates:
    """What the index found: the pairs to compare, and what it took."""

    pairs: list[int]
    """Pairs of paragraphs packed as ``j << 24 | i`` (i < j), sorted: by j, then i."""
    indexed: int
    """Paragraphs with fingerprints."""
    distinct: int
    """Distinct fingerprints."""
    formula: int
    """Fingerprints skipped as formula."""
    checks: int
    """Pairs of occurrences of a shared fingerprint whose run of words was measured."""


def candidate_pairs(
    prints: Iterable[set[tuple[int, int]]],
    owners: Sequence[int],
    ids: Sequence[Sequence[int]],
    settings: Settings = DEFAULT,
    weights: Sequence[int] | None = None,
) -> Candidates:
    """Pairs of paragraphs of different owners sharing a run of ``min_run`` words through a fingerprint.

    ``prints`` yields each paragraph's fingerprints in order (consumed once, so they need not
    all be held at once); ``owners[i]`` is paragraph i's document and ``ids[i]`` its words.
    A fingerprint in more than ``max_postings`` places is formula and skipped (a place counts
    ``weights[i]`` times: the copies of a text indexed once). For two
    occurrences of any other fingerprint, the run of identical words through it is measured
    on the spot (a few steps, no diff): a pair is a candidate when one run reaches
    ``min_run``. No qualifying pair is missed: its shared run holds a whole window, whose
    fingerprint both paragraphs keep, at the same place in the run.
    """
    # The index is one sorted list of packed ints (fingerprint, paragraph, position): a third
    # of the memory of a dict of lists, and, sorted, each fingerprint's places are consecutive.
    shift = _PARA_BITS + _POS_BITS
    entries: list[int] = []
    indexed, limit = 0, 1 << _POS_BITS
    for i, found in enumerate(prints):
        indexed += bool(found)
        entries.extend(((fp & _FP_MASK) << shift) | (i << _POS_BITS) | pos for fp, pos in found if pos < limit)
    entries.sort()
    para_mask, pos_mask = (1 << _PARA_BITS) - 1, (1 << _POS_BITS) - 1
    pairs: set[int] = set()
    distinct = formula = checks = 0
    start, total = 0, len(entries)
    while start < total:
        key = entries[start] >> shift
        stop = start + 1
        while stop < total and entries[stop] >> shift == key:
            stop += 1
        distinct += 1
        if stop - start > settings.max_postings:
            formula += 1
            start = stop
            continue
        places = [((e >> _POS_BITS) & para_mask, e & pos_mask) for e in entries[start:stop]] if stop > start + 1 else []
        if weights and sum(weights[i] for i, _ in places) > settings.max_postings:
            formula += 1
        else:
            for x, (i, at_i) in enumerate(places):
                for j, at_j in places[x + 1 :]:
                    pair = (j << _PARA_BITS) | i
                    if owners[i] == owners[j] or pair in pairs:
                        continue
                    checks += 1
                    if shared_run(ids[i], ids[j], at_i, at_j, settings.k) >= settings.min_run:
                        pairs.add(pair)
        start = stop
    del entries
    return Candidates(sorted(pairs), indexed, distinct, formula, checks)


# --------------------------------------------------------------------------- verification
def mirror(opcodes: Sequence[Opcode]) -> tuple[Opcode, ...]:
    """The opcodes from ``b`` to ``a``, given those from ``a`` to ``b``."""
    return tuple((_MIRROR[tag], j1, j2, i1, i2) for tag, i1, i2, j1, j2 in opcodes)


def relation(this: str | None, other: str | None) -> str:
    """The other document's date relative to this one's (ISO dates), "" when either is unknown."""
    if not this or not other:
        return ""
    if other < this:
        return "earlier"
    return "later" if other > this else "same day"


@dataclass(frozen=True)
class _Para:
    doc: Document
    index: int
    """The document's position in the corpus."""
    anchor: str
    ids: list[int]
    starts: Sequence[int] | None
    """Word position of each id when instrument names were collapsed (see :func:`collapse`)."""

    @property
    def date(self) -> str | None:
        return self.doc.meta.date

    def word_opcodes(self, other: _Para, opcodes: Iterable[Opcode]) -> tuple[Opcode, ...]:
        """Opcodes over collapsed ids -> opcodes over the words of the two texts."""
        a, b = self.starts, other.starts
        return tuple(
            (tag, a[i1] if a else i1, a[i2] if a else i2, b[j1] if b else j1, b[j2] if b else j2)
            for tag, i1, i2, j1, j2 in opcodes
        )


Tokens = tuple[tuple[str, tuple[int, ...] | None], ...]
"""A document's paragraphs as compared, in order: the words of each, collapsed (:func:`collapse`)
and joined by :data:`SEPARATOR` (one string costs far less memory than a list of words), and
where each starts (None when nothing was collapsed)."""
SEPARATOR = "\x1f"
"""Joins the words of :data:`Tokens`: never part of a word or an instrument key."""


def document_tokens(doc: Document, names: Names | None = None) -> Tokens:
    """What agreed language compares of ``doc``.

    Depends on ``doc`` alone: computed, in parallel, where the document is parsed, and cached with it.
    """
    table = registry_names() if names is None else names
    out = []
    for para in doc.paragraphs:
        collapsed, starts = collapse(words(para.text), table)
        out.append((SEPARATOR.join(collapsed), tuple(starts) if starts is not None else None))
    return tuple(out)


def _paragraphs(
    documents: Sequence[Document], names: Names, tokens: Mapping[str, Tokens] | None = None
) -> list[_Para]:
    # Word ids in order of first appearance: the same documents give the same ids.
    vocabulary: dict[str, int] = {}
    out = []
    for n, doc in enumerate(documents):
        known = tokens.get(doc.id) if tokens is not None else None
        compared = known if known is not None else document_tokens(doc, names)
        for para, (joined, starts) in zip(doc.paragraphs, compared, strict=True):
            ids = [vocabulary.setdefault(w, len(vocabulary)) for w in joined.split(SEPARATOR)] if joined else []
            out.append(_Para(doc, n, para.anchor, ids, starts))
    return out


def _groups(paras: Sequence[_Para]) -> tuple[list[int], list[list[int]]]:
    """The group of each paragraph and the members of each group: paragraphs of identical words.

    A paragraph repeated word for word (in a series of resolutions, or quoted in full) is
    indexed and compared once, whatever the number of copies.
    """
    by_hash: dict[int, list[int]] = {}
    group_of: list[int] = []
    members: list[list[int]] = []
    for i, para in enumerate(paras):
        same = by_hash.setdefault(hash(tuple(para.ids)), [])
        group = next((g for g in same if paras[members[g][0]].ids == para.ids), None)
        if group is None:
            group = len(members)
            members.append([])
            same.append(group)
        members[group].append(i)
        group_of.append(group)
    return group_of, members


@dataclass(frozen=True)
class _Link:
    """Two groups of paragraphs that share a run: the diff of their texts, from one to the other."""

    group: int
    run: int
    similarity: float
    opcodes: tuple[Opcode, ...]
    """Over the collapsed word ids (mapped to each paragraph's words when a match is made)."""


def find_agreed(
    documents: Sequence[Document],
    settings: Settings = DEFAULT,
    names: Names | None = None,
    tokens: Mapping[str, Tokens] | None = None,
) -> tuple[AgreedLanguage, Stats]:
    """Agreed language between ``documents`` (in corpus order), and what it took.

    ``names`` are the instrument names counted as one word (default: the registry's).
    ``tokens`` maps a document id to its :func:`document_tokens` (with the default names)
    when they were computed already.
    """
    paras = _paragraphs(documents, registry_names() if names is None else names, tokens if names is None else None)
    if len(paras) >= 1 << _PARA_BITS:
        raise ValueError(f"{len(paras)} paragraphs: the index holds at most {1 << _PARA_BITS}")
    group_of, members = _groups(paras)
    reps = [paras[m[0]] for m in members]
    # A group within one document cannot match another group of that document only.
    owners = [
        reps[g].index if all(paras[m].index == reps[g].index for m in ms) else -1 - g for g, ms in enumerate(members)
    ]
    prints = (fingerprints(r.ids, settings) for r in reps)
    sizes = [len(ms) for ms in members]
    candidates = candidate_pairs(prints, owners, [r.ids for r in reps], settings, sizes)
    links: dict[int, list[_Link]] = defaultdict(list)
    matcher: SequenceMatcher[int] = SequenceMatcher(None, [], [], autojunk=False)
    current = -1
    low = (1 << _PARA_BITS) - 1
    # Sorted by h then g: SequenceMatcher indexes its second sequence once for all g.
    for pair in candidates.pairs:
        g, h = pair & low, pair >> _PARA_BITS
        if h != current:
            matcher.set_seq2(reps[h].ids)
            current = h
        a, b = reps[g].ids, reps[h].ids
        matcher.set_seq1(a)
        run = matcher.find_longest_match(0, len(a), 0, len(b)).size
        if run < settings.min_run:  # a colliding hash: different words
            continue
        similarity = round(2 * sum(x.size for x in matcher.get_matching_blocks()) / (len(a) + len(b)), 3)
        opcodes = tuple(matcher.get_opcodes())
        links[g].append(_Link(h, run, similarity, opcodes))
        links[h].append(_Link(g, run, similarity, mirror(opcodes)))
    for g, ms in enumerate(members):
        size = len(reps[g].ids)
        # Copies of one text match each other, unless there are so many that the text is formula.
        if 1 < len(ms) <= settings.max_postings and size >= settings.min_run and owners[g] < 0:
            links[g].append(_Link(g, size, 1.0, (("equal", 0, size, 0, size),)))
    agreed: dict[str, dict[str, AgreedParagraph]] = {}
    pairs = 0
    for i, para in enumerate(paras):
        found = _matches(i, paras, members, links.get(group_of[i], ()), settings.keep)
        if found is not None:
            agreed.setdefault(para.doc.id, {})[para.anchor] = found
            pairs += found.total
    c = candidates
    stats = Stats(c.indexed, c.distinct, c.formula, c.checks, len(c.pairs), pairs // 2)
    return agreed, stats


def _matches(
    i: int, paras: Sequence[_Para], members: Sequence[list[int]], links: Iterable[_Link], keep: int
) -> AgreedParagraph | None:
    """Paragraph i's matches: the members of each linked group outside its document, best first."""
    para = paras[i]
    total = 0
    best: list[tuple[tuple[int, float, int], _Link, int]] = []
    for link in links:
        others = [m for m in members[link.group] if paras[m].index != para.index]
        total += len(others)
        best += [((-link.run, -link.similarity, m), link, m) for m in others[:keep]]
    if not total:
        return None
    best.sort(key=lambda b: b[0])
    out = []
    for _, link, m in best[:keep]:
        other = paras[m]
        ops = para.word_opcodes(other, link.opcodes)
        out.append(
            AgreedMatch(other.doc.id, other.anchor, link.run, link.similarity, relation(para.date, other.date), ops)
        )
    return AgreedParagraph(tuple(out), total)


def with_agreed(corpus: Corpus, settings: Settings = DEFAULT, tokens: Mapping[str, Tokens] | None = None) -> Corpus:
    """``corpus`` with :attr:`~build_scripts.model.Corpus.agreed` filled in (``tokens``: see :func:`find_agreed`)."""
    agreed, _ = find_agreed(corpus.documents, settings, tokens=tokens)
    return replace(corpus, agreed=agreed)
