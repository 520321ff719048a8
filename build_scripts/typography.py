"""UN typography: the opening participle or verb of a paragraph is printed in italics.

"*Recalling also* its resolution...", "1. *Takes note with appreciation* of the report...".
The rule is applied only where the source has no emphasis of its own at the start of the
paragraph; the added emphasis is marked ``typographic`` in the model.
"""

from __future__ import annotations

import re

from .model import Emphasis, Inline, Text

# Words that continue an opening phrase after its first word: "Taking *note*",
# "Recalling *also*", "Noting *with concern*", "Bearing *in mind*", "Calls *upon*",
# "Takes note *with appreciation*", "Expressing *deep concern*", "Deeply *concerned*".
_CONTINUATION = frozenset(
    """also further furthermore again once note with appreciation satisfaction concern deep
    grave serious profound dismay in mind upon concerned alarmed aware convinced considered
    examined heard reviewed regard strongly firmly particular""".split()
)
_LEAD = re.compile(r"^(?P<quote>[“\"]?)(?P<first>[A-Z][a-z]+(?:-[a-z]+)?)(?P<rest>(?: [a-z]+)*)(?![\w-])")


_ADVERBS = frozenset("also further again once".split())
# A phrase must not swallow the subject of an ordinary sentence ("The Commission...").
_NOT_A_LEAD = frozenset("The A An In At By On It This Its Their These Those Such".split())


def _is_adverb(word: str) -> bool:
    return word.lower() in _ADVERBS or (word.endswith("ly") and len(word) > 4)


def lead_length(text: str) -> tuple[int, int]:
    """(start, end) of the opening phrase of ``text``, or (0, 0) when there is none."""
    match = _LEAD.match(text)
    if not match:
        return (0, 0)
    if match.group("first") in _NOT_A_LEAD:
        return (0, 0)
    start = len(match.group("quote"))
    end = start + len(match.group("first"))
    words = match.group("rest").split(" ")[1:]
    if _is_adverb(match.group("first")):
        # "Also invites", "Further requests", "Once again urges", "Deeply concerned":
        # the adverb is followed by adverbs, then by the verb itself.
        while words and _is_adverb(words[0]):
            end += 1 + len(words.pop(0))
        if words:
            end += 1 + len(words.pop(0))
    for word in words:
        if word not in _CONTINUATION:
            break
        end += 1 + len(word)
    return (start, end)


def italicise_lead(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Put the opening phrase in italics unless the source already emphasises the start."""
    if not content or not isinstance(content[0], Text):
        return content
    text = content[0].text
    start, end = lead_length(text)
    if end == 0:
        return content
    pieces: list[Inline] = []
    if start:
        pieces.append(Text(text[:start]))
    pieces.append(Emphasis((Text(text[start:end]),), typographic=True))
    if text[end:]:
        pieces.append(Text(text[end:]))
    return tuple(pieces) + content[1:]
