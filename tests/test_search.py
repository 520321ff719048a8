"""The search index builder (build_scripts/render/search.py): words, terms, symbols, shards, determinism."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_scripts.model import Corpus, Document, Metadata
from build_scripts.render import search
from build_scripts.render.search import (
    decode_numbers,
    document_records,
    encode_numbers,
    fnv1a,
    index_terms,
    normalize_symbol,
    place_label,
    search_files,
    symbol_keys,
    tokenize,
)

SCRIPT = re.compile(r'^__unSearch\.add\("(?P<key>[^"]+)",(?P<data>.*)\);\n\Z', re.S)


def load(files: dict[str, str], path: str) -> object:
    match = SCRIPT.match(files[path])
    assert match, files[path][:200]
    assert match["key"] == path.removeprefix("search/").removesuffix(".js")
    return json.loads(match["data"])


def doc(doc_id: str, symbol: str | None = None, number: str | None = None, title: str | None = None) -> Document:
    meta = Metadata(symbol=symbol, number=number, title=title)
    return Document(doc_id, f"{doc_id}.txt", meta, (), (), (), None, (), (), 1)


# --------------------------------------------------------------------------- words
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Witness-protection programmes", ["witness", "protection", "programmes"]),
        ("resolution 57/176, para. 16", ["resolution", "57", "176", "para", "16"]),
        ("S/RES/794 (1992)", ["s", "res", "794", "1992"]),
        ("women’s rights", ["women", "s", "rights"]),
        ("Côte d'Ivoire", ["cote", "d", "ivoire"]),
        ("Cote\u0301 decomposed", ["cote", "decomposed"]),
        ("ﬁnancial ½", ["financial", "1", "2"]),
        ("snake_case", ["snake", "case"]),
        ("ДОКЛАД Генерального", ["доклад", "генерального"]),
        ("", []),
    ],
)
def test_tokenize(text: str, words: list[str]) -> None:
    assert tokenize(text) == words


def test_tokenize_beyond_the_basic_plane() -> None:
    assert tokenize("𝐁𝐨𝐥𝐝 text 𝟐𝟎𝟐𝟎") == ["bold", "text", "2020"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_tokenize_fast_paths_agree_with_the_plain_rule(text: str) -> None:
    # The plain rule: runs of L/N/M found by one regular expression, each folded.
    assert tokenize(text) == search._tokenize_any(text.lower())


def test_tokenize_ascii_shortcut_agrees_with_the_unicode_path() -> None:
    text = "The General Assembly, Recalling resolution 57/176 (2002) of 18 December_2002"
    assert tokenize(text) == tokenize(text + " é")[:-1]


def test_index_terms_are_words_and_pairs_without_stop_words() -> None:
    terms = index_terms(tokenize("protection of the victims"))
    assert terms == {"protection", "victims", "protection of", "the victims"}
    # "of the" is two stop words: never a term, so its huge list is never written.
    assert "of the" not in terms and "of" not in terms


# --------------------------------------------------------------------------- numbers and hashes
def test_encode_numbers_example() -> None:
    assert encode_numbers([0, 5, 40]) == "05B3"
    assert decode_numbers("05B3") == [0, 5, 40]


@given(st.lists(st.integers(min_value=0, max_value=2**31), unique=True))
def test_encode_decode_round_trip(numbers: list[int]) -> None:
    numbers.sort()
    encoded = encode_numbers(numbers)
    assert decode_numbers(encoded) == numbers
    assert re.fullmatch(r"[0-9a-zA-Z_\-]*", encoded)


def test_encode_numbers_refuses_a_decrease() -> None:
    with pytest.raises(ValueError, match="increase"):
        encode_numbers([3, 2])


def test_fnv1a_reference_values() -> None:
    # Published FNV-1a 32-bit test vectors; the JavaScript side must agree (browser test).
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


# --------------------------------------------------------------------------- symbols and places
@pytest.mark.parametrize(
    ("symbol", "number", "keys"),
    [
        ("A/RES/57/176", "57/176", ["57/176", "A/RES/57/176", "RES/57/176"]),
        ("S/RES/794 (1992)", "794 (1992)", ["794(1992)", "RES/794(1992)", "S/RES/794(1992)"]),
        ("E/RES/1996/26", None, ["1996/26", "E/RES/1996/26", "RES/1996/26"]),
        ("A/HRC/DEC/59/112", "59/112", ["59/112", "A/HRC/DEC/59/112", "DEC/59/112", "HRC/DEC/59/112"]),
        ("S/2020/445", None, ["2020/445", "S/2020/445"]),
        (None, None, []),
    ],
)
def test_symbol_keys(symbol: str | None, number: str | None, keys: list[str]) -> None:
    assert symbol_keys(doc("x", symbol, number)) == keys


def test_normalize_symbol() -> None:
    assert normalize_symbol(" s/res/794  (1992) ") == "S/RES/794(1992)"


@pytest.mark.parametrize(
    ("anchor", "label"),
    [
        ("op-16", "para. 16"),
        ("op-5-b-ii", "para. 5 (b) (ii)"),
        ("pp-4", "PP4"),
        ("para-33", "para. 33"),
        ("b-pp-1", "part B, PP1"),
        ("b-op-2-a", "part B, para. 2 (a)"),
        ("annex-1-para-4", "annex 1, para. 4"),
        ("text-1", ""),
        ("op-text-1", ""),
        ("art-5", "art. 5"),
        ("art-3-a", "art. 3 (a)"),
        ("art-5-para-2-a", "art. 5, para. 2 (a)"),
        ("art-3-text-1", ""),
        ("sec-iii-b", ""),
    ],
)
def test_place_label(anchor: str, label: str) -> None:
    assert place_label(anchor) == label


# --------------------------------------------------------------------------- the files
def test_records_of_a_seed_resolution(seed_corpus: Corpus) -> None:
    resolution = next(d for d in seed_corpus.documents if d.meta.symbol == "A/RES/57/176")
    records = list(document_records(resolution))
    assert records[0] == ("title", "title", "Trafficking in women and girls")
    op16 = next(r for r in records if r[0] == "op-16")
    assert op16[1] == "para. 16" and "witness protection programmes" in op16[2]
    assert {"fn-23"} <= {r[0] for r in records}
    kinds = ("Paragraph", "Heading", "Table")
    blocks = sum(1 for b in resolution.blocks if type(b).__name__ in kinds)
    assert len(records) == 1 + blocks + len(resolution.footnotes)


@pytest.fixture(scope="module")
def seed_corpus() -> Corpus:
    from build_scripts.corpus import load_corpus

    from .conftest import SOURCE

    return load_corpus(SOURCE)


@pytest.fixture(scope="module")
def seed_files(seed_corpus: Corpus) -> dict[str, str]:
    return search_files(seed_corpus)


def postings_of(files: dict[str, str], term: str) -> list[int]:
    manifest = load(files, "search/manifest.js")
    assert isinstance(manifest, dict)
    shard = fnv1a(term) % manifest["terms"]
    entries = load(files, f"search/t/{shard}.js")
    assert isinstance(entries, dict)
    value = entries.get(term)
    if value is None:
        return []
    if isinstance(value, int):
        big = load(files, f"search/t/{shard}-{value}.js")
        assert isinstance(big, str)
        return decode_numbers(big)
    return decode_numbers(value)


def record(files: dict[str, str], number: int) -> list[object]:
    manifest = load(files, "search/manifest.js")
    assert isinstance(manifest, dict)
    firsts = decode_numbers(manifest["recordShards"])
    shard = max(i for i, first in enumerate(firsts) if first <= number)
    data = load(files, f"search/r/{shard}.js")
    assert isinstance(data, dict)
    found = data["records"][number - data["first"]]
    assert isinstance(found, list)
    return [*found, data["docs"][str(found[0])]]


def test_phrase_pairs_find_the_paragraph(seed_files: dict[str, str]) -> None:
    pairs = [postings_of(seed_files, t) for t in ("witness protection", "protection programmes")]
    both = sorted(set(pairs[0]) & set(pairs[1]))
    assert [record(seed_files, n)[1] for n in both] == ["op-16"]
    found = record(seed_files, both[0])
    assert found[4] == ["A/RES/57/176", "Trafficking in women and girls", "A/RES/57/176.html"]
    assert "witness protection programmes" in str(found[3])


def test_every_record_of_a_term_contains_it(seed_files: dict[str, str]) -> None:
    for term in ("trafficking", "victims", "1998", "international cooperation"):
        numbers = postings_of(seed_files, term)
        assert numbers, term
        for number in numbers:
            words = tokenize(str(record(seed_files, number)[3]))
            assert term in index_terms(words), (term, number)


def test_stop_words_alone_are_not_indexed(seed_files: dict[str, str]) -> None:
    assert postings_of(seed_files, "the") == [] and postings_of(seed_files, "of the") == []
    assert postings_of(seed_files, "the victims")


def test_symbol_shard_finds_the_document(seed_files: dict[str, str]) -> None:
    manifest = load(seed_files, "search/manifest.js")
    assert isinstance(manifest, dict)
    for key, url in [("57/176", "A/RES/57/176.html"), ("1996/26", "E/RES/1996/26.html")]:
        entries = load(seed_files, f"search/s/{fnv1a(key) % manifest['symbols']}.js")
        assert isinstance(entries, dict)
        assert [e[3] for e in entries[key]] == [url]


def test_manifest_counts(seed_corpus: Corpus, seed_files: dict[str, str]) -> None:
    manifest = load(seed_files, "search/manifest.js")
    assert isinstance(manifest, dict)
    assert manifest["documents"] == len(seed_corpus.documents)
    records = sum(len(list(document_records(d))) for d in seed_corpus.documents)
    assert manifest["records"] == records
    assert len(decode_numbers(manifest["docStarts"])) == len(seed_corpus.documents)
    assert sorted(manifest["stopWords"]) == sorted(search.STOP_WORDS)
    shards = [p for p in seed_files if p.startswith("search/t/") and "-" not in p]
    assert len(shards) == manifest["terms"] and manifest["terms"] & (manifest["terms"] - 1) == 0


def test_every_term_is_in_the_shard_its_hash_names(seed_files: dict[str, str]) -> None:
    manifest = load(seed_files, "search/manifest.js")
    assert isinstance(manifest, dict)
    count = 0
    for shard in range(manifest["terms"]):
        entries = load(seed_files, f"search/t/{shard}.js")
        assert isinstance(entries, dict)
        count += len(entries)
        assert all(fnv1a(term) % manifest["terms"] == shard for term in entries)
    assert count > 1000


def test_shards_are_bounded_and_long_lists_apart(monkeypatch: pytest.MonkeyPatch, seed_corpus: Corpus) -> None:
    monkeypatch.setattr(search, "TERM_SHARD_BYTES", 2_000)
    monkeypatch.setattr(search, "BIG_TERM", 100)
    monkeypatch.setattr(search, "RECORD_SHARD_BYTES", 1_000)
    files = search_files(seed_corpus)
    manifest = load(files, "search/manifest.js")
    assert isinstance(manifest, dict)
    assert manifest["terms"] >= 32
    term_sizes = [len(v) for p, v in files.items() if p.startswith("search/t/") and "-" not in p]
    assert max(term_sizes) < 6 * 2_000
    big = [p for p in files if re.fullmatch(r"search/t/\d+-\d+\.js", p)]
    assert big and all(len(files[p]) > 100 for p in big)
    # A long list is still found, through its own file.
    assert len(postings_of(files, "trafficking")) > 50
    for path, _text in files.items():
        if path.startswith("search/r/"):
            data = load(files, path)
            assert isinstance(data, dict)
            longest = max(len(r[3]) for r in data["records"])
            assert sum(len(r[3]) for r in data["records"]) < 1_000 + longest + 100, path


def test_output_is_deterministic_and_independent_of_document_order(seed_corpus: Corpus) -> None:
    first = search_files(seed_corpus)
    again = search_files(Corpus(tuple(reversed(seed_corpus.documents))))
    assert first == again


def test_size_grows_linearly(seed_corpus: Corpus) -> None:
    def copies(n: int) -> Corpus:
        docs = [
            dataclasses.replace(d, id=f"{d.id}-{k}", meta=dataclasses.replace(d.meta, symbol=None))
            for k in range(n)
            for d in seed_corpus.documents
        ]
        return Corpus(tuple(docs))

    sizes = [sum(len(v) for v in search_files(copies(n)).values()) for n in (4, 8)]
    assert 1.7 < sizes[1] / sizes[0] < 2.3, sizes


def test_empty_corpus_gives_a_working_manifest() -> None:
    files = search_files(Corpus(()))
    manifest = load(files, "search/manifest.js")
    assert isinstance(manifest, dict)
    assert manifest["records"] == 0 and manifest["terms"] == 1 and manifest["symbols"] == 1


def test_source_text_stays_data(seed_corpus: Corpus) -> None:
    # Text with markup or a script terminator is JSON data in the shard, never code.
    hostile = doc("x", title='</script><script>alert(1)</script> "quoted" \u2028')
    files = search_files(Corpus((hostile,)))
    data = load(files, "search/r/0.js")
    assert isinstance(data, dict)
    assert data["records"][0][3] == '</script><script>alert(1)</script> "quoted" \u2028'
