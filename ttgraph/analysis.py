"""Whoosh analysis for Thai: word, character-cluster bigram and tone-folded analyzers.

Whoosh pickles analyzers into the index schema and again for each writer process, so the
objects here hold only an engine *name* and a dictionary *path*; the segmenter itself is built
lazily and cached per process (and rebuilt when the dictionary file changes).

Tokens are produced from ``thai.normalize``-d text but carry offsets into the original text, so
highlighting stays right when normalisation changed lengths.

>>> [t.text for t in word_analyzer()("ระบบIoTอัจฉริยะ ของ สวทช.")]
['ระบบ', 'iot', 'อัจฉริยะ', 'ของ', 'สวทช']
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from ttgraph.thai import fold, normalize, normalize_map

ENGINES = ("newmm", "nlpo3")
DEFAULT_ENGINE = "nlpo3"

# Abbreviations and short names met in the ministry's texts, known even before a graph exists.
BUILTIN_WORDS = (
    "สวทช",
    "วท",
    "วทน",
    "ศวภ",
    "อสวท",
    "สป",
    "สส",
    "วว",
    "วศ",
    "สทน",
    "สดร",
    "สซ",
    "พศ",
    "กทม",
    "กษ",
    "ศธ",
    "อว",
    "สกสว",
    "บพท",
    "ทช",
    "โคราช",
    "อปท",
    "อบต",
    "อบจ",
    "รมว",
    "ผวจ",
    "นรม",
    "ปลัด",
    "คลินิกเทคโนโลยี",
)

_THAI_CHARS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # no ฯ ๆ ฿ digits
_TOKEN = re.compile(
    r"(?P<etc>ฯลฯ)"
    r"|(?P<abbr>(?<![\u0e01-\u0e4e])(?:[\u0e01-\u0e2e]{1,6}\.)+)"
    rf"|(?P<thai>[{_THAI_CHARS}]+)"
    r"|(?P<word>[^\W_\u0e00-\u0e7f]+(?:[.,'’][^\W_\u0e00-\u0e7f]+)*)"
)

_lock = threading.Lock()
_segmenters: dict[tuple[str, str, float, bool], Callable[[str], list[str]]] = {}
_RE_FOLD = re.compile("[\u0e47-\u0e4c]+")


def _dict_words(dict_path: str | None) -> list[str]:
    words = list(BUILTIN_WORDS)
    if dict_path and os.path.exists(dict_path):
        with open(dict_path, encoding="utf-8") as fh:
            words.extend(w.strip() for w in fh if w.strip())
    return words


def segmenter(
    engine: str = DEFAULT_ENGINE, dict_path: str | None = None, folded: bool = False
) -> Callable[[str], list[str]]:
    """A function splitting a Thai run into words with ``engine`` and the custom dictionary.

    ``folded`` segments text without tone marks against a dictionary without them.
    """
    try:
        mtime = os.path.getmtime(dict_path) if dict_path else 0.0
    except OSError:
        mtime = 0.0
    key = (engine, dict_path or "", mtime, folded)
    seg = _segmenters.get(key)
    if seg is None:
        with _lock:
            seg = _segmenters.get(key) or _build_segmenter(engine, dict_path, folded)
            _segmenters[key] = seg
    return seg


def _build_segmenter(
    engine: str, dict_path: str | None, folded: bool
) -> Callable[[str], list[str]]:
    from pythainlp.corpus import thai_words

    words = set(thai_words())
    words.update(w for w in _dict_words(dict_path) if not w.isascii())
    if folded:
        words = {fold(w) for w in words}
        words.discard("")
    if engine == "nlpo3":
        from nlpo3 import load_dict, segment

        digest = hashlib.sha1("\n".join(sorted(words)).encode()).hexdigest()[:16]
        name = f"ttgraph-{digest}"
        path = os.path.join(tempfile.gettempdir(), f"{name}-{os.getpid()}.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(sorted(words)))
        load_dict(path, name)
        os.unlink(path)
        return lambda text: _glue(segment(text, name))
    if engine == "newmm":
        from pythainlp.tokenize.newmm import segment as newmm_segment
        from pythainlp.util import Trie

        trie = Trie(words)
        return lambda text: newmm_segment(text, custom_dict=trie)
    raise ValueError(f"unknown Thai segmentation engine {engine!r}; use one of {ENGINES}")


_GLUE = re.compile("\x00(?=[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])")


def _glue(words: list[str]) -> list[str]:
    """nlpo3 cuts a mark off an unknown word (เวียร|์); put it back so a word never starts with one.

    Done on the words joined by NUL (which Thai text never holds), in C rather than a loop.
    """
    joined = "\x00".join(words)
    if not _GLUE.search(joined):
        return words
    return [w for w in _GLUE.sub("", joined).split("\x00") if w]


@functools.cache
def _tcc_pattern() -> re.Pattern[str] | None:
    """pythainlp's cluster grammar as one pattern that ``findall`` runs in C over a whole run.

    pythainlp matches its grammar at each position of ``text[p:]`` in a Python loop (quadratic
    in the run's length); ``findall`` of the same alternatives, or else one character, cuts the
    same clusters (a test checks that against pythainlp on real text).
    """
    try:
        from pythainlp.tokenize.tcc import _PAT_TCC
    except ImportError:  # a pythainlp without the module-level pattern: use its function
        return None
    grammar = re.sub(r"\((?!\?)", "(?:", _PAT_TCC.pattern)  # findall must see no groups
    return re.compile(f"(?:{grammar})|.", re.S | re.M)  # M: a run ends at a newline


def _tcc(run: str) -> list[str]:
    pattern = _tcc_pattern()
    if pattern is None:
        from pythainlp.tokenize.tcc import segment

        return segment(run)
    return pattern.findall(run)


_last_normalized: tuple[str, str] = ("", "")


def _normalized(value: str) -> str:
    """``normalize`` with a one-entry memory: the word and bigram fields share a body text."""
    global _last_normalized
    if _last_normalized[0] == value:
        return _last_normalized[1]
    text = normalize(value)
    _last_normalized = (value, text)
    return text


class ThaiTokenizer(Tokenizer):
    """Split normalised text into Thai words (or cluster bigrams), Latin words and abbreviations.

    ``unit`` is ``"word"`` (dictionary segmentation), ``"fold"`` (words of the text without
    tone marks) or ``"tcc"`` (overlapping bigrams of Thai character clusters, so part of a
    compound and a misspelt word still share terms).
    """

    # Class-level defaults: an index pickled by an older version (before an attribute existed)
    # still unpickles into a working tokenizer.
    engine: str = DEFAULT_ENGINE
    dict_path: str | None = None
    unit: str = "word"
    aggregate: bool = False

    def __init__(
        self,
        engine: str = DEFAULT_ENGINE,
        dict_path: str | None = None,
        unit: str = "word",
        aggregate: bool = False,
    ) -> None:
        self.engine = engine
        self.dict_path = dict_path
        self.unit = unit
        # When indexing a field without positions, yield each distinct term once with its count
        # as the boost: Whoosh then stores the same weights with far less per-token work.
        self.aggregate = aggregate

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.engine, self.dict_path, self.unit))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if self.aggregate and tokenize and not positions and not chars and mode != "query":
            for term, count in self.count_terms(value).items():
                t.text = term
                t.boost = float(count)
                t.stopped = False
                yield t
            return
        mapped = normalize_map(value)
        if self.unit == "fold":
            mapped.sub(_RE_FOLD, lambda m: "")
        pos = start_pos
        whole = [(mapped.text, 0, len(mapped.text))]
        for text, s, e in self.pieces(mapped.text) if tokenize else whole:
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = pos
            if chars:
                os_, oe = mapped.span(s, e)
                t.startchar, t.endchar = start_char + os_, start_char + oe
            pos += 1
            yield t

    def count_terms(self, value: str) -> Counter[str]:
        """The distinct terms of raw ``value`` and their counts (the counted fields' index path)."""
        text = _normalized(value)
        if self.unit == "fold":
            text = _RE_FOLD.sub("", text)
        return self.counts(text)

    def counts(self, text: str) -> Counter[str]:
        """The terms of normalised ``text`` with how often each occurs: what ``pieces`` yields,
        counted without building a tuple per token (the indexing path of the counted fields)."""
        runs: list[str] = []
        counts: Counter[str] = Counter()
        others: list[str] = []
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind == "thai":
                runs.append(m.group(0))
            elif kind == "abbr":
                parts = [p for p in m.group(0).split(".") if p]
                others.append("".join(parts))
                if len(parts) > 1 and min(map(len, parts)) > 1:
                    others.extend(parts)
            elif kind == "word":
                others.append(m.group(0).lower().replace("’", "'"))
            else:
                others.append(m.group(0))
        counts.update(others)
        if runs:
            # All runs at once, joined by newlines: no cluster or word spans a newline, so the
            # terms that touch one are exactly the joins to drop.
            joined = "\n".join(runs)
            pattern = _tcc_pattern()
            if self.unit == "tcc" and pattern is not None:
                clusters = pattern.findall(joined)
                counts.update(map(operator.add, clusters, clusters[1:]))
                for run in runs:  # a one-cluster run is its own term (a cluster is <= 11 chars)
                    if len(run) <= 12 and len(one := pattern.findall(run)) == 1:
                        counts[one[0]] += 1
            elif self.unit == "tcc":
                for parts in _segment_runs(_tcc, runs):
                    counts.update(map(operator.add, parts, parts[1:]) if len(parts) > 1 else parts)
            else:
                seg = segmenter(self.engine, self.dict_path, self.unit == "fold")
                words = Counter(seg(joined))
                if any("\n" in w and w != "\n" for w in words):  # the segmenter joined runs
                    words = Counter(w for parts in _segment_runs(seg, runs) for w in parts)
                counts.update(words)
        for term in [t for t in counts if "\n" in t]:  # joins across runs, and the newlines
            del counts[term]
        return counts

    def pieces(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(term, start, end) in the normalised text."""
        if self.unit == "tcc":
            seg = _tcc
        else:
            seg = segmenter(self.engine, self.dict_path, self.unit == "fold")
        matches = list(_TOKEN.finditer(text))
        segmented = iter(_segment_runs(seg, [m.group(0) for m in matches if m.lastgroup == "thai"]))
        for m in matches:
            kind = m.lastgroup
            s = m.start()
            if kind == "thai":
                parts = next(segmented)
                if self.unit == "tcc" and len(parts) > 1:
                    off = s
                    for a, b in zip(parts, parts[1:], strict=False):
                        yield a + b, off, off + len(a) + len(b)
                        off += len(a)
                    continue
                for w in parts:
                    if not w.isspace():
                        yield w, s, s + len(w)
                    s += len(w)
            elif kind == "abbr":
                parts = [p for p in m.group(0).split(".") if p]
                yield "".join(parts), s, m.end()
                if len(parts) > 1 and min(map(len, parts)) > 1:  # สส.สป.วท. answers to สป
                    for p in parts:
                        yield p, s, s + len(p)
                        s += len(p) + 1
            elif kind == "word":
                yield m.group(0).lower().replace("’", "'"), s, m.end()
            else:
                yield m.group(0), s, m.end()


def _segment_runs(seg: Callable[[str], list[str]], runs: list[str]) -> list[list[str]]:
    """Segment many Thai runs with one call (joined by newlines), falling back run by run."""
    if len(runs) < 2:
        return [seg(r) for r in runs]
    out: list[list[str]] = [[]]
    for w in seg("\n".join(runs)):
        if w == "\n":
            out.append([])
        else:
            out[-1].append(w)
    if len(out) != len(runs) or any("".join(p) != r for p, r in zip(out, runs, strict=True)):
        return [seg(r) for r in runs]
    return out


def word_analyzer(
    engine: str = DEFAULT_ENGINE, dict_path: str | None = None, aggregate: bool = False
) -> ThaiTokenizer:
    """Words: normalise, segment with the custom dictionary, Latin lower-cased."""
    return ThaiTokenizer(engine, dict_path, "word", aggregate)


def bigram_analyzer(aggregate: bool = False) -> ThaiTokenizer:
    """Thai-character-cluster bigrams (Latin words and abbreviations kept whole)."""
    return ThaiTokenizer(unit="tcc", aggregate=aggregate)


def folded_analyzer(engine: str = DEFAULT_ENGINE, dict_path: str | None = None) -> ThaiTokenizer:
    """Words of the text with tone marks and thanthakhat dropped (กาฬสินธุ์ = กาฬสินธุ).

    The text is folded before segmentation, against a folded dictionary, so a misspelling
    segments the same way as the right spelling.
    """
    return ThaiTokenizer(engine, dict_path, "fold", aggregate=True)


def terms(text: str, analyzer: Any = None) -> list[str]:
    """The terms ``analyzer`` (default: words) makes of ``text``; handy in tests and queries."""
    return [t.text for t in (analyzer or word_analyzer())(text)]
