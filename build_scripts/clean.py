"""Stage 1, clean: raw bytes -> numbered lines without page furniture.

Guarantees after :func:`clean`:

* the text is decoded (UTF-8 with or without BOM, UTF-16, else Windows-1252) and every line
  keeps its 1-based number in the source file, so later messages can name file and line;
* control characters and odd spaces are normalised (NBSP -> space, zero-width removed);
* page furniture is blanked out and each removed line is listed as a :class:`Removal`:
  form feeds, footnote separator rules (``---``, ``____``) and a table of contents that the
  page regenerates from the real headings. Nothing else is removed.

Rules come in two groups: idempotent character clean-ups (:func:`normalise_line`) and
one-shot furniture detectors (``find_*``), each quoting the text it was written for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .furniture import FURNITURE_RULES, SEPARATOR_RULE, Page
from .model import Removal


class NotText(ValueError):
    """The file is not text (binary data) and cannot be parsed."""


@dataclass(frozen=True)
class CleanText:
    """The cleaned lines of one source file."""

    lines: tuple[str, ...]
    """Line ``n`` (1-based) is ``lines[n - 1]``; removed furniture is an empty string."""
    removals: tuple[Removal, ...]
    encoding: str
    legacy_lines: tuple[int, ...] = ()
    """Lines that were not UTF-8 and were read as Windows-1252 (reported as a warning)."""
    pages: tuple[Page, ...] = ()
    """The printed pages, as the form feeds mark them (one page when there are none)."""
    rules: tuple[int, ...] = ()
    """1-based numbers of the separator rules (removed), above which page-bottom notes sit."""


# --------------------------------------------------------------------------- decoding
def decode(data: bytes) -> tuple[str, str]:
    r"""Decode ``data`` and return ``(text, encoding name)``; raise :class:`NotText`.

    UTF-8 is decoded line by line: a file that is UTF-8 but for a stray Windows-1252 byte
    ("\x96" for a dash) keeps its UTF-8 text, and only the lines that are not UTF-8 are
    read as Windows-1252 (the encoding is then reported as "utf-8+cp1252" or "cp1252").
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even_nuls = data[0::2].count(b"\x00")
        odd_nuls = data[1::2].count(b"\x00")
        if max(even_nuls, odd_nuls) > len(data) // 3 and min(even_nuls, odd_nuls) <= len(data) // 50:
            codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
            return data.decode(codec, errors="replace"), codec
        raise NotText("the file contains binary data (NUL bytes), not text")
    text, encoding = _decode_lines(data)
    controls = len(_CONTROLS.findall(text))  # category Cc but for tab, line feed, carriage return, form feed
    if text and (b"\x00" in data or controls > max(8, len(text) // 20)):
        raise NotText("the file contains binary data (control characters), not text")
    return text, encoding


def _decode_lines(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    out: list[str] = []
    legacy = 0
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(_decode_cp1252(line))
            legacy += 1
    non_ascii = sum(1 for line in lines if any(b > 127 for b in line))
    return "\n".join(out), "cp1252" if legacy == non_ascii else "utf-8+cp1252"


def cp1252_lines(data: bytes) -> list[int]:
    """1-based numbers of the lines of ``data`` that are not valid UTF-8."""
    found = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            found.append(number)
    return found


def _decode_cp1252(data: bytes) -> str:
    """Windows-1252, with its five undefined bytes dropped rather than failing."""
    return data.translate(None, b"\x81\x8d\x8f\x90\x9d").decode("cp1252")


# --------------------------------------------------------------------------- characters
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ODD = re.compile("|".join(p.pattern for p in (_SPACES, _INVISIBLE, _CONTROLS)))
"""Any character that :func:`normalise_line` replaces or removes."""


def normalise_line(line: str) -> str:
    """Idempotent character clean-up of one line.

    "Distr.:\u00a0General" -> "Distr.: General"; zero-width spaces, soft hyphens and
    control characters vanish; trailing white space goes (Markdown's two-space line break
    carries no word). Tabs stay: the table-of-contents detector reads them.
    """
    line = _SPACES.sub(" ", line)
    line = _INVISIBLE.sub("", line)
    line = _CONTROLS.sub("", line)
    return line.rstrip()


def clean(data: bytes) -> CleanText:
    """Decode, normalise and remove page furniture (see the module docstring)."""
    text, encoding = decode(data)
    raw_lines = re.split(r"\r\n|\r|\n", text)
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    removals: list[Removal] = []
    lines: list[str] = []
    starts = [0]
    # Most texts hold no odd space, invisible or control character: then only the trailing
    # white space of each line goes, without running the three replacements line by line.
    odd = _ODD.search(text) is not None
    for number, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            removals.append(Removal(number, "\\f", "form feed (page break)"))
            # "2\fThe Committee": a page break inside a line still separates two words.
            raw = raw.strip("\f").replace("\f", " ")
            if number > 1:
                starts.append(number - 1)
        lines.append(normalise_line(raw) if odd else raw.rstrip())
    pages = tuple(
        Page(k + 1, start, starts[k + 1] if k + 1 < len(starts) else len(lines)) for k, start in enumerate(starts)
    )
    for rule in FURNITURE_RULES:
        removed = rule(lines, pages)
        for index in sorted(removed):
            removals.append(Removal(index + 1, lines[index], removed[index]))
            lines[index] = ""
    removals.sort(key=lambda r: (r.line, r.reason))
    legacy = tuple(cp1252_lines(data)) if encoding in ("cp1252", "utf-8+cp1252") else ()
    rules = tuple(r.line for r in removals if r.reason == SEPARATOR_RULE)
    return CleanText(tuple(lines), tuple(removals), encoding, legacy, pages, rules)
