"""Finding a quote in its source text, and the paragraph around it.

The quote matching rule (identical in the README and metadata.json's
``matching_rule``):

A quote matches its source when, after both are brought to the matching form,
the quote is a substring of the source. The matching form drops every
whitespace character (spaces, tabs, line breaks, U+3000) and replaces each
other character, one at a time, by its Unicode NFKC form, so that full-width
and ASCII forms of the same punctuation, letter or digit (， and ,; ％ and %;
（ and (; ３ and 3) are equal. Nothing else is normalised: any other
difference of a character means the quote is not found. A match always covers
whole characters of the original text, and that original text is what is
highlighted.

Why: the seed is hard-wrapped in columns, so a sentence can be split by blank
lines, and whitespace is never meaningful inside Chinese prose; text copied
from a web page has ASCII where the source has full-width punctuation, or the
reverse. NFKC is applied per character (not to the whole string) so that every
character of the matching form comes from exactly one original character and
a match maps back to exact offsets even where NFKC changes the length
("…" becomes "...", "⑧" becomes "8").

The number parser (``components.data.numbers``) reads the whitespace-squeezed
text, not the matching form: "⑧" must stay a circled series number there.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass
from functools import cached_property


# ASCII and full-width forms: text pasted from web pages has either.
SENTENCE_ENDS = "。!！?？"
CLOSERS = "”’」』)）"


def squeeze(text: str) -> str:
    """The text with all whitespace removed (what the number parser reads)."""
    return "".join(ch for ch in text if not ch.isspace())


@functools.lru_cache(maxsize=4096)
def _match_char(ch: str) -> str:
    """One character in the matching form: its NFKC form without whitespace.

    Empty for whitespace; NFKC itself can produce a space (U+00A8 "¨" becomes
    " ̈"), which is dropped as well. A text has a few thousand distinct
    characters, hence the cache.
    """
    if ch.isspace():
        return ""
    if ch.isascii():
        return ch
    return "".join(c for c in unicodedata.normalize("NFKC", ch) if not c.isspace())


def match_form(text: str) -> str:
    """The text in the matching form of the quote matching rule."""
    return "".join(_match_char(ch) for ch in text)


@dataclass(frozen=True)
class Span:
    """A match of a quote, as offsets into the original (unsqueezed) text."""

    start: int
    end: int


class SourceText:
    """A source file's text, indexed for search by the quote matching rule."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        # offsets[i] is where the i-th non-space character sits in self.text.
        self._offsets = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.squeezed = "".join(text[i] for i in self._offsets)

    @cached_property
    def _matchable(self) -> tuple[str, list[int]]:
        """The text in the matching form, and for each of its characters the
        offset of the original character it comes from."""
        parts, owners = [], []
        for i in self._offsets:
            form = _match_char(self.text[i])
            parts.append(form)
            owners.extend([i] * len(form))
        return "".join(parts), owners

    def find_all(self, quote: str) -> list[Span]:
        """Every place the quote occurs, by the matching rule."""
        needle = match_form(quote)
        if not needle:
            return []
        haystack, owners = self._matchable
        spans = []
        pos = haystack.find(needle)
        while pos != -1:
            end = pos + len(needle)
            # Whole original characters only: "." is not a third of "…" ("...").
            starts_whole = pos == 0 or owners[pos - 1] != owners[pos]
            ends_whole = end == len(owners) or owners[end] != owners[end - 1]
            if starts_whole and ends_whole:
                spans.append(Span(owners[pos], owners[end - 1] + 1))
            pos = haystack.find(needle, pos + 1)
        return spans

    def span_of(self, start: int, end: int) -> Span:
        """The original-text span of squeezed characters [start, end)."""
        return Span(self._offsets[start], self._offsets[end - 1] + 1)

    def find(self, quote: str) -> Span | None:
        """The first place the quote occurs, or None."""
        spans = self.find_all(quote)
        return spans[0] if spans else None

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Non-empty lines of the source; a line is a paragraph in the seed."""
        spans = []
        pos = 0
        for line in self.text.split("\n"):
            if line.strip():
                spans.append(Span(pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    def context(self, span: Span) -> tuple[str, str, str]:
        """(before, quote, after) of the paragraphs the span touches.

        A hard-wrapped quote can run over several lines; the context then
        spans all of them, joined without the wrapping breaks.
        """
        first = next(p for p in self.paragraphs if p.end > span.start)
        last = next(p for p in reversed(self.paragraphs) if p.start < span.end)
        before = self.text[first.start : span.start]
        after = self.text[span.end : last.end]
        return squeeze(before), squeeze(self.text[span.start : span.end]), squeeze(after)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans of the original text.

        A sentence ends at 。!? or at the end of a paragraph, except where
        the paragraph is a hard-wrapped column line: no closing punctuation,
        and prose-like (a comma in it, or longer than a headline).
        """
        spans = []
        start = None
        for para in self.paragraphs:
            line = self.text[para.start : para.end]
            pos = para.start
            for i, ch in enumerate(line):
                if start is None:
                    if ch.isspace() or (spans and pos + i < spans[-1].end):
                        continue
                    start = pos + i
                if ch in SENTENCE_ENDS:
                    end = i + 1
                    while end < len(line) and line[end] in CLOSERS:
                        end += 1  # 。” ends the sentence after the closing quote
                    spans.append(Span(start, pos + end))
                    start = None
                elif ch in CLOSERS and spans and spans[-1].end > pos + i:
                    continue
            stripped = line.rstrip()
            wrapped = stripped and stripped[-1] not in SENTENCE_ENDS + CLOSERS and (
                "," in stripped or "," in stripped or len(stripped) >= 18
            )
            if start is not None and not wrapped:
                spans.append(Span(start, para.end))
                start = None
        if start is not None:
            spans.append(Span(start, len(self.text)))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [span.start for span in self.sentences]

    @cached_property
    def _line_breaks(self) -> list[int]:
        return [i for i, ch in enumerate(self.text) if ch == "\n"]

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding an offset (bisected: a long seed has thousands)."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return Span(offset, offset)

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset."""
        return bisect.bisect_left(self._line_breaks, offset) + 1
