"""Thai text normalisation: make the many ways one Thai word gets typed or extracted the same.

Search compares strings, and Thai arrives in several spellings of the same word: ำ typed as
nikhahit + aa, a tone mark typed before its vowel, two sara e instead of sara ae, zero-width
spaces from web pages, and PDF extraction that turns ำ into a space and า ("ด าเนินการ").
``normalize`` fixes all of these and never removes a tone mark, vowel or thanthakhat;
``normalize_map`` also says where each output character came from, so a snippet highlighted
on the normalised text can be drawn on the original.

>>> normalize("การด าเนินการ นำ้ เเละ ๒๕๕๘")
'การดำเนินการ น้ำ และ 2558'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SPACES = "\u00a0\u202f\u2007"
TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
THANTHAKHAT = "\u0e4c"  # ์
SARA_AM = "\u0e33"  # ำ
NIKHAHIT = "\u0e4d"  # ํ
SARA_AA = "\u0e32"  # า
# Vowels written above or below the consonant; a tone mark must come after them.
UPPER_LOWER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"
# Marks that never legitimately appear twice in a row.
MARKS = UPPER_LOWER_VOWELS + TONES + THANTHAKHAT + NIKHAHIT + "\u0e3a\u0e4e" + SARA_AM
CONSONANTS = "\u0e01-\u0e2e"

_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

_RE_INVISIBLE = re.compile(f"[{INVISIBLE}]+")
_RE_SPACES = re.compile(f"[{SPACES}]")
_RE_SARA_E_E = re.compile("\u0e40\u0e40")
_RE_NIKHAHIT_AA = re.compile(f"([{TONES}]?){NIKHAHIT}([{TONES}]?){SARA_AA}")
_RE_AM_TONE = re.compile(f"{SARA_AM}([{TONES}])")
# a tone mark or ์ with a vowel above/below somewhere after it in the same run of marks
_RE_TONE_VOWEL = re.compile(
    f"[{TONES}{THANTHAKHAT}]+[{UPPER_LOWER_VOWELS}][{TONES}{THANTHAKHAT}{UPPER_LOWER_VOWELS}]*"
)
_RE_DOUBLE_MARK = re.compile(f"([{MARKS}])\\1+")
# "ด าเนินการ": a consonant (and maybe its tone mark), a space, then า.
_RE_PDF_AM = re.compile(f"([{CONSONANTS}][{TONES}]?) +{SARA_AA}")
_RE_THAI_CHAR = re.compile("[\u0e00-\u0e7f]")
_RE_THAI_DIGIT = re.compile("[\u0e50-\u0e59]")
# Where any of the repairs below could apply (each pattern's first step, loosely).
_RE_REPAIRS = re.compile(
    f"\u0e40\u0e40|{NIKHAHIT}|{SARA_AM}[{TONES}]|[{TONES}{THANTHAKHAT}][{UPPER_LOWER_VOWELS}{TONES}{THANTHAKHAT}]"
    f"|([{MARKS}])\\1| {SARA_AA}"
)
_RE_THAI_RUN = re.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]+")


class Mapped:
    """Text plus, for each character, the [start, end) span of the original it came from."""

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        # Built on first use only: most text needs no repair, and ingest normalises every
        # field of every record.
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None

    def _materialise(self) -> None:
        if self._starts is None or self._ends is None:
            self._starts = list(range(len(self.text)))
            self._ends = list(range(1, len(self.text) + 1))

    @property
    def starts(self) -> list[int]:
        """For each character of ``text``, where its original span starts."""
        self._materialise()
        return self._starts  # type: ignore[return-value]

    @starts.setter
    def starts(self, value: list[int]) -> None:
        self._starts = value

    @property
    def ends(self) -> list[int]:
        """For each character of ``text``, where its original span ends."""
        self._materialise()
        return self._ends  # type: ignore[return-value]

    @ends.setter
    def ends(self, value: list[int]) -> None:
        self._ends = value

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> None:
        """Replace every match of ``pattern``; new characters map to the whole matched span."""
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        last = 0
        changed = False
        for m in pattern.finditer(self.text):
            s, e = m.span()
            new = repl(m)
            if new == m.group(0):
                continue
            changed = True
            pieces.append(self.text[last:s])
            starts.extend(self.starts[last:s])
            ends.extend(self.ends[last:s])
            if new:
                o_start = self.starts[s] if s < len(self.starts) else self.ends[-1]
                o_end = self.ends[e - 1] if e > s else o_start
                pieces.append(new)
                starts.extend([o_start] * len(new))
                ends.extend([o_end] * len(new))
            last = e
        if not changed:
            return
        pieces.append(self.text[last:])
        starts.extend(self.starts[last:])
        ends.extend(self.ends[last:])
        self.text = "".join(pieces)
        self.starts = starts
        self.ends = ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        if not self.text or end <= start:
            pos = (
                self.starts[start]
                if start < len(self.starts)
                else (self.ends[-1] if self.ends else 0)
            )
            return pos, pos
        return self.starts[start], self.ends[min(end, len(self.ends)) - 1]


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _score(run: str) -> int:
    """Characters of a Thai run inside dictionary words, less one per word: reads-better score."""
    from pythainlp.tokenize import word_tokenize

    words = _dictionary()
    tokens = word_tokenize(run, engine="newmm") if run else []
    return sum(len(w) for w in tokens if len(w) > 1 and w in words) - len(tokens)


def _ends_in_word(run: str) -> bool:
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(run, engine="newmm")
    return bool(words) and len(words[-1]) > 2 and words[-1] in _dictionary()


def _thai(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4e" and c not in "\u0e2f\u0e3f\u0e46"


def _pdf_am(text: str) -> Callable[[re.Match[str]], str]:
    """A replacer that turns "ด า" into "ดำ" only when the repaired word reads better.

    ``า`` never starts a Thai word, but a tone mark or a final consonant can sit before a stray
    space, so the repair is kept only if the dictionary covers more of the joined run than of
    the two pieces.
    """

    def repl(m: re.Match[str]) -> str:
        s, e = m.span()
        ls = s
        while ls > 0 and s - ls < 30 and _thai(text[ls - 1]):
            ls -= 1
        re_ = e
        while re_ < len(text) and re_ - e < 30 and _thai(text[re_]):
            re_ += 1
        left = text[ls:s] + m.group(1)
        after = text[e:re_]
        if _ends_in_word(left):
            return m.group(0)  # "กรุงเทพ า": the consonant closes a word, it is no broken ำ
        if _score(left + SARA_AM + after) > _score(left) + _score(SARA_AA + after):
            return m.group(1) + SARA_AM
        return m.group(0)

    return repl


def _nfc(mapped: Mapped) -> None:
    text = mapped.text
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return
    # Compose each starter with the combining marks after it, keeping offsets per cluster.
    mapped.sub(
        re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.S),
        lambda m: unicodedata.normalize("NFC", m.group(0)),
    )
    if not unicodedata.is_normalized("NFC", mapped.text):
        mapped.sub(re.compile(".", re.S), lambda m: unicodedata.normalize("NFC", m.group(0)))


def _vowels_first(m: re.Match[str]) -> str:
    """A run of marks after a tone mark or ์, with the vowels above/below put first (each
    keeping its order): a vowel typed after the tone mark is moved before it."""
    run = m.group(0)
    vowels = "".join(c for c in run if c in UPPER_LOWER_VOWELS)
    return vowels + "".join(c for c in run if c not in UPPER_LOWER_VOWELS)


def normalize_map(text: str) -> Mapped:
    """Normalise ``text`` and keep the map from normalised to original offsets."""
    mapped = Mapped(text)
    if not text:
        return mapped
    _nfc(mapped)
    mapped.sub(_RE_INVISIBLE, lambda m: "")
    mapped.sub(_RE_SPACES, lambda m: " ")
    if _RE_THAI_CHAR.search(mapped.text):
        if _RE_THAI_DIGIT.search(mapped.text):  # (translate walks every character: costly)
            mapped.text = mapped.text.translate(_DIGITS)  # one for one: offsets unchanged
        if not _RE_REPAIRS.search(mapped.text):
            return mapped  # most text: nothing to repair (one scan instead of one per repair)
        mapped.sub(_RE_SARA_E_E, lambda m: "\u0e41")
        mapped.sub(_RE_NIKHAHIT_AA, lambda m: m.group(1) + m.group(2) + SARA_AM)
        for _ in range(4):  # each repair can expose another (marks typed in any order)
            before = mapped.text
            mapped.sub(_RE_AM_TONE, lambda m: m.group(1) + SARA_AM)
            mapped.sub(_RE_TONE_VOWEL, _vowels_first)
            mapped.sub(_RE_DOUBLE_MARK, lambda m: m.group(1))
            if mapped.text == before:
                break
        if " " + SARA_AA in mapped.text:
            mapped.sub(_RE_PDF_AM, _pdf_am(mapped.text))
    return mapped


def normalize(text: str) -> str:
    """Normalise Thai (and any) text for indexing and querying alike.

    >>> normalize("น\u0e49\u0e4d\u0e32") == "น้ำ"
    True
    """
    return normalize_map(text).text


def fold(text: str) -> str:
    """Drop tone marks, thanthakhat and mai taikhu: a loose key so a missing mark still matches.

    >>> fold("กาฬสินธุ์") == fold("กาฬสินธุ")
    True
    """
    return _RE_FOLD.sub("", text)


# (a regex drops them ~5x faster than str.translate, which looks up every character)
_RE_FOLD = re.compile(f"[{TONES}{THANTHAKHAT}\u0e47]")
