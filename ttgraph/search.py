"""One search box over the whole graph: Thai-aware, ranked with BM25F, never an error.

A query is read leniently: ``field:value`` filters (``agency:สวทช``, ``kind:technology``),
"quoted phrases" (which must appear), and free text, which becomes an OR of its analysed terms.
Each word is scored with BM25F over the word fields (title > names > keywords > related > body,
frequencies added before saturation), each Thai-character-cluster bigram over the bigram fields
(parts of compounds, misspellings), tone-folded words at a low weight, plus synonyms from the
graph (สวทช <-> สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ <-> NSTDA, โคราช <-> นครราชสีมา).
Scoring runs in :mod:`ttgraph.search_rank` over Whoosh's postings.  Unbalanced quotes,
operators, wildcards and punctuation are just text, so any input answers.

>>> # with Searcher(home) as s: s.search("เครื่องอบแห้ง", kind="technology")["results"]
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.query import And, NullQuery, NumericRange, Or, Phrase, Query, Term

from ttgraph.analysis import bigram_analyzer, folded_analyzer, word_analyzer
from ttgraph.decompound import unknown_parts
from ttgraph.index import FACETS, alias_key, open_index, read_aliases, read_synonyms
from ttgraph.model import KINDS
from ttgraph.passage import held_words, passage_words, record_name, rerank
from ttgraph.search_facets import FacetCounter
from ttgraph.search_rank import Ranker
from ttgraph.store import Store
from ttgraph.thai import normalize, normalize_map

MAX_QUERY = 1000  # characters of a query that are read; the rest is ignored
# Field weights and BM25F parameters: general ranking choices, measured by benchmarks/.
RANKING: dict[str, float] = {
    "words": 1.0,  # weight of the word terms (BM25F over the word fields)
    "bigrams": 1.0,  # weight of the cluster-bigram terms (BM25F over the bigram fields)
    "folded": 0.1,  # weight of the tone-folded words (a missing ์ or tone mark)
    "synonym": 0.8,  # weight of a graph synonym's phrase
    # field weights inside BM25F: title/name > keywords > related > body
    "title": 2.0,
    "names": 2.0,
    "keywords": 1.5,
    "related": 1.2,
    "body": 1.0,
    "title_bi": 2.0,
    "body_bi": 1.0,
    "K1": 0.6,  # questions repeat few words; early saturation favours covering more of them
    "B": 0.75,
    "title_B": 0.5,  # short fields: length matters less
    # 1 keeps Thai question words (อะไร, ที่ไหน) and the words framing them (คือ in "X คืออะไร")
    "question_words": 0.0,
    # Passage re-ranking (ttgraph/passage.py): the top "rerank" results gain this weight times
    # the idf mass of the query words found together in two adjacent whitespace-separated
    # pieces of the record's text (a sentence and the next), since a question is answered by
    # one sentence, not by words scattered over a record.  Chosen on even questions, checked
    # on odd ones and the reverse (XQuAD-th and iApp both rose on both halves): docs/search.md.
    "passage": 2.0,
    "rerank": 20,  # how many of the best results are re-ranked (each costs one text look-up)
    "passage_min_idf": 0.5,  # commoner words (ที่, ของ) weigh ~nothing and cost many look-ups
    # A query word found in a record's text only inside a longer word (ทอม in ทอมมี่, ชนะ in
    # เอาชนะ) is weaker evidence than one the record holds as a word: its idf counts this much
    # in the passage (substring search still finds what the segmenter cut differently).
    "inside_word": 0.75,
    # The record's name (its title up to the first space or bracket) written whole in the
    # query: plus this times the idf mass of the query words within the name.
    "name": 1.0,
    # Query words no record holds (compounds from the segmenter's dictionary: การขัดขืน) are
    # also sought as the indexed words that spell them (การ + ขัดขืน), at this weight.
    "unknown_parts": 0.5,
}
# Words that ask rather than describe: they never appear in the answer, only in the question.
_ASKING = "อะไร ใคร ไหน ที่ไหน เมื่อไร เมื่อไหร่ อย่างไร ยังไง เท่าไร เท่าไหร่ กี่ ทำไม หรือไม่ ไหม บ้าง ใด"
QUESTION_WORDS = frozenset(_ASKING.split())
# "which ...": a classifier or noun fused with ใด / ไหน (คนใด, ปีใด, ที่ใด, อันไหน)
_WHICH = ("ใด", "ไหน", "อะไร")


def asks(word: str) -> bool:
    """True for a Thai question word, which the answer never contains."""
    return word in QUESTION_WORDS or (len(word) > 2 and word.endswith(_WHICH))


# Copulas and naming words that frame a question with the question word right after them:
# X คืออะไร, X เป็นใคร, X ได้แก่อะไรบ้าง, X เรียกว่าอะไร, X มีชื่อว่าอะไร, X ชื่ออะไร.  There they
# ask (what is X called) rather than describe X; elsewhere they stay search terms.
FRAMES = frozenset(["คือ", "เป็น", "ได้แก่", "เรียก", "เรียกว่า", "ว่า", "ชื่อ", "ชื่อว่า", "มีชื่อ", "มีชื่อว่า"])


def asking(words: list[str]) -> set[str]:
    """The question words of a query's words (in order, as segmented) and the framing words
    (``FRAMES``) that stand, alone or in a run, right before one; a framing word also used
    elsewhere in the query is not counted."""
    out = {w for w in words if asks(w)}
    framing: set[str] = set()
    other: set[str] = set()
    run: list[str] = []
    for w in words:
        if w in FRAMES:
            run.append(w)
            continue
        (framing if asks(w) else other).update(run)
        run = []
    other.update(run)
    return out | (framing - other)


WORD_FIELDS = ("title", "names", "keywords", "related", "body")
BIGRAM_FIELDS = ("title_bi", "body_bi")
PHRASE_FIELDS = ("title", "names", "keywords", "related")  # the ones with word positions
SORTS = {"title": ("title_sort", False), "year": ("year", True), "trl": ("trl_sort", True)}
_FILTER = re.compile(r'(?<!\S)([a-z_]+):(?:"([^"]*)"?|(\S+))', re.I)
_PHRASE = re.compile(r'"([^"]+)"')
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT)\b")
_SNIPPET_TEXT = ("description", "text", "benefits", "note", "main_occupation", "constraints")


def _words(text: str, analyzer: Any) -> list[str]:
    return list(dict.fromkeys(t.text for t in analyzer(text, mode="query")))


@dataclass
class ParsedQuery:
    """What a query string asks for, ready for the ranker."""

    # (weight, [(field, term, field weight)]): one query term over the fields it is sought in
    terms: list[tuple[float, list[tuple[str, str, float]]]] = field(default_factory=list)
    required: list[Query] = field(default_factory=list)  # quoted phrases: must match
    bonus: list[tuple[Query, float]] = field(default_factory=list)  # synonym phrases
    filters: list[Query] = field(default_factory=list)
    highlight: list[str] = field(default_factory=list)
    plain: str = ""  # the query text normalised, lower-cased, without spaces (name matching)


class Searcher:
    """An open index (and store, for snippets) answering many queries; use as a context manager."""

    def __init__(self, home_or_store: Store | str | os.PathLike[str], **ranking: float) -> None:
        self.store = (
            home_or_store if isinstance(home_or_store, Store) else Store.open(home_or_store)
        )
        self.ix, self.path = open_index(self.store.home)
        self.ranking = {**RANKING, **ranking}
        schema = self.ix.schema
        self.words = schema["title"].analyzer
        self.bigrams = bigram_analyzer()
        self.folded = schema["folded"].analyzer
        self.searcher = self.ix.searcher()
        r = self.ranking
        field_b = {f: r["title_B"] for f in ("title", "title_bi", "names", "keywords")}
        self.ranker = Ranker(self.searcher, r["K1"], field_b, r["B"])
        self.aliases = read_aliases(self.path)
        self.synonyms = self._synonym_map(read_synonyms(self.path))
        self._facets = FacetCounter(self.searcher, self.ranker)
        self._masks: dict[str, np.ndarray] = {}
        # Open every file this searcher reads, so it keeps serving after a reindex deleted them.
        self.ranker.pin((*WORD_FIELDS, *BIGRAM_FIELDS, "folded"))
        # Per-segment column readers: Whoosh's multi-segment column reader misplaces documents
        # when a segment lacks the column (no document there has a TRL, say).
        self._columns = {
            name: [(off, leaf.reader().column_reader(name)) for leaf, off in self.ranker.leaves]
            for name, _ in SORTS.values()
            if name in schema
        }
        for leaf, _offset in self.ranker.leaves:
            if leaf.doc_count_all():
                leaf.stored_fields(0)

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.searcher.close()

    # -- query reading -----------------------------------------------------------------------
    def _synonym_map(self, groups: list[list[str]]) -> dict[tuple[str, ...], list[list[str]]]:
        out: dict[tuple[str, ...], list[list[str]]] = {}
        for group in groups:
            forms = [_words(p, self.words) for p in group]
            for i, form in enumerate(forms):
                if form:
                    others = [f for j, f in enumerate(forms) if j != i and f and f != form]
                    out.setdefault(tuple(form), []).extend(others)
        return out

    def parse(self, text: str) -> ParsedQuery:
        """Read any input string: filters, required phrases, weighted terms; never raises."""
        text = (text or "")[:MAX_QUERY]
        pq = ParsedQuery()

        def take_filter(m: re.Match[str]) -> str:
            value = m.group(2) if m.group(2) is not None else m.group(3)
            q = self._filter_query(m.group(1).lower(), value)
            if q is None:
                return m.group(0)
            pq.filters.append(q)
            return " "

        text = _FILTER.sub(take_filter, text)
        pq.plain = "".join(normalize(text).lower().split())
        phrases = [p for p in _PHRASE.findall(text) if p.strip()]
        text = _OPERATORS.sub(" ", _PHRASE.sub(" ", text))
        r = self.ranking
        sequence = [t.text for t in self.words(text, mode="query")]
        words = list(dict.fromkeys(sequence))
        if not r["question_words"]:
            dropped = asking(sequence)
            words = [w for w in words if w not in dropped] or words
        for p in phrases:
            pw = _words(p, self.words)
            if len(pw) == 1:
                pq.required.append(Or([Term(f, pw[0]) for f in WORD_FIELDS]))
            elif pw:  # body keeps no positions: there the words must all appear
                exact = [Phrase(f, pw) for f in PHRASE_FIELDS]
                pq.required.append(Or([*exact, And([Term("body", w) for w in pw])]))
            words += [w for w in pw if w not in words]
        parts = unknown_parts(words, self._known) if r["unknown_parts"] else []
        pq.highlight = words + parts
        grams = _words(text + " " + " ".join(phrases), self.bigrams)
        pq.terms += [(r["words"], [(f, w, r[f]) for f in WORD_FIELDS]) for w in words]
        pq.terms += [(r["bigrams"], [(f, g, r[f]) for f in BIGRAM_FIELDS]) for g in grams]
        if r["folded"]:
            pq.terms += [(r["folded"], [("folded", w, 1.0)]) for w in _words(text, self.folded)]
        pq.terms += [(r["unknown_parts"], [(f, p, r[f]) for f in WORD_FIELDS]) for p in parts]
        pq.bonus = self._expansions(words)
        return pq

    def _known(self, term: str) -> bool:
        """True for a term some record holds in a word field."""
        return any(self.ranker.df(f, term) for f in WORD_FIELDS)

    def _expansions(self, words: list[str]) -> list[tuple[Query, float]]:
        """Synonym phrases for every run of query words that names a graph entity."""
        out: list[tuple[Query, float]] = []
        boost = self.ranking["synonym"]
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 12) + 1):
                for alt in self.synonyms.get(tuple(words[i:j]), []):
                    if len(alt) > 1:
                        q = Or([Phrase(f, alt) for f in PHRASE_FIELDS])
                    else:
                        q = Or([Term(f, alt[0]) for f in WORD_FIELDS])
                    weight = sum(self.ranker.idf("body", w) for w in words[i:j])
                    out.append((q, boost * max(weight, 1.0)))
        return out

    def _filter_query(self, field: str, value: str) -> Query | None:
        """A filter for ``field:value``, or None when ``field`` is no facet (then it is text)."""
        value = (value or "").strip()
        if field == "kind":
            by_label = {k.label_th: k.name for k in KINDS.values()}
            return Term("kind", by_label.get(value, value.lower()))
        if field in ("trl", "year"):
            nums = [int(n) for n in re.findall(r"\d+", value)[:2]]
            if not nums:
                return NullQuery
            name = "trl_sort" if field == "trl" else "year"
            return NumericRange(name, nums[0], nums[-1])
        if field == "id":
            return Term("id", value)
        if field not in FACETS:
            return None
        if self.searcher.doc_frequency(field, value):
            return Term(field, value)
        ids = self.aliases.get(alias_key(value), [])
        if not ids:
            return Term(field, value)  # matches nothing: an honest empty result
        return Or([Term(field, i) for i in ids])

    # -- searching ---------------------------------------------------------------------------
    def _mask(self, q: Query) -> np.ndarray:
        """Documents matching a filter or quoted phrase exactly (Whoosh's matchers)."""
        return self._remembered(repr(q), lambda: self.ranker.docs(q))

    def _remembered(self, key: str, make: Any) -> np.ndarray:
        """A document mask kept per searcher (at most 256; then they are all made anew)."""
        mask = self._masks.get(key)
        if mask is None:
            mask = make()
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[key] = mask
        return mask

    def _together(self, q: Query) -> np.ndarray:
        """Documents holding all words of a synonym in one field, from the ranker's posting
        arrays: the synonym bonus asks whether a record names the entity, and checking word
        positions with Whoosh's span matchers took ~50 ms a phrase at 100k documents."""
        return self._remembered("together:" + repr(q), lambda: self._all_words(q))

    def _all_words(self, q: Query) -> np.ndarray:
        mask = np.zeros(self.ranker.n, dtype=bool)
        for part in q.subqueries if isinstance(q, Or) else [q]:
            words = part.words if isinstance(part, Phrase) else [part.text]
            field = part.fieldname
            common: np.ndarray | None = None
            for w in words:
                ids = self.ranker.postings(field, w)[0] if self.ranker.df(field, w) else None
                if ids is None or not len(ids):
                    common = None
                    break
                common = ids if common is None else np.intersect1d(common, ids)
            if common is not None and len(common):
                mask[common] = True
        return mask & self.ranker.live

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        facets: dict[str, str | list[str]] | None = None,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        with_facets: bool = True,
        snippets: bool = True,
        facet_values: int = 0,
    ) -> dict[str, Any]:
        """Results, total, facet counts and a "did you mean" for one query (never raises on text).

        ``facet_values`` > 0 lists only that many of each facet's most frequent values (plus
        any value filtered on); 0 lists them all."""
        pq = self.parse(query)
        filters = list(pq.filters)
        if kind:
            filters.append(self._filter_query("kind", kind))
        for name, values in (facets or {}).items():
            values = [values] if isinstance(values, str) else list(values)
            qs = [q for q in (self._filter_query(name, v) for v in values) if q is not None]
            filters.append(Or(qs) if qs else NullQuery)
        limit = max(0, min(int(limit), 1000))
        offset = max(0, int(offset))
        out: dict[str, Any] = {"query": query, "total": 0, "results": [], "facets": {}}
        if not (pq.terms or pq.required or filters):
            return out
        mask: np.ndarray | None = None
        for q in filters + pq.required:
            m = self._mask(q) if q is not NullQuery else np.zeros(self.ranker.n, dtype=bool)
            mask = m if mask is None else mask & m
        kept: dict[tuple[Any, ...], tuple[np.ndarray | None, np.ndarray]] = {}
        scores = self.ranker.score(pq.terms, kept)
        for q, bonus in pq.bonus:
            scores[self._together(q)] += bonus
        if not pq.terms:  # filters or phrases only: list what they select
            scores = np.ones(self.ranker.n, dtype=np.float32)
            scores[~self.ranker.live] = 0.0
        want = offset + limit
        depth = 0
        if sort and sort.lstrip("-") in SORTS:
            docs, total = self.ranker.top(scores, mask, self.ranker.n)
            docs = self._sorted(docs, sort)[offset:want]
            relevance = False
        else:
            depth = int(self.ranking["rerank"]) if self.ranking["passage"] and pq.terms else 0
            docs, total = self.ranker.top(scores, mask, max(want, depth))
            relevance = True
        out["total"] = int(total)
        if with_facets and total:
            matched = scores > 0 if mask is None else (scores > 0) & mask
            chosen = {k: [v] if isinstance(v, str) else list(v) for k, v in (facets or {}).items()}
            if kind:
                chosen.setdefault("kind", []).append(kind)
            out["facets"] = self._facet_counts(matched, facet_values, chosen)
        final: dict[int, float] = {}
        nodes: dict[str, Any] = {}
        fields: dict[int, Any] = {}  # stored fields the re-ranking read, kept for the results
        if relevance:
            docs, final, nodes = self._rerank(docs, scores, pq, depth, kept, fields)
            docs = docs[offset:want]
        stored = [fields.get(int(d)) or self.searcher.stored_fields(int(d)) for d in docs]
        if snippets:
            missing = [f["id"] for f in stored if f["id"] not in nodes]
            nodes.update(self.store.get_many(missing) if missing else {})
        for d, f in zip(docs, stored, strict=True):
            node = nodes.get(f["id"]) if snippets else None
            score = final.get(int(d), float(scores[d]))
            out["results"].append(
                {
                    "id": f["id"],
                    "kind": f["kind"],
                    "title": f.get("title", ""),
                    "score": round(score, 4) if relevance else 0.0,
                    "snippet": snippet(_node_text(node), pq.highlight) if node else "",
                }
            )
        if out["total"] < 3 and pq.highlight:
            suggestion = self.did_you_mean(query)
            if suggestion:
                out["did_you_mean"] = suggestion
        return out

    def _rerank(
        self,
        docs: np.ndarray,
        scores: np.ndarray,
        pq: ParsedQuery,
        depth: int,
        kept: dict[tuple[Any, ...], tuple[np.ndarray | None, np.ndarray]],
        fields: dict[int, Any] | None = None,
    ) -> tuple[list[int], dict[int, float], dict[str, Any]]:
        """The best ``depth`` documents re-ordered by passage and name (ttgraph/passage.py);
        returns all docs, their new scores and the nodes read for it (reused for snippets).
        ``kept`` holds the word terms' postings from scoring (which records hold a word)."""
        docs = [int(d) for d in docs]
        r = self.ranking
        idf = {w: self.ranker.idf("body", w) for w in pq.highlight}
        words = passage_words(pq.highlight, idf, r["passage_min_idf"])
        if depth <= 1 or not words or len(docs) < 2:
            return docs, {}, {}
        head = docs[:depth]
        read = {d: self.searcher.stored_fields(d) for d in head}
        if fields is not None:
            fields.update(read)
        ids = [read[d]["id"] for d in head]
        nodes = self.store.get_many(ids)
        texts = [_node_text(nodes[i]) if i in nodes else "" for i in ids]
        names = [record_name(nodes[i].label) if i in nodes else "" for i in ids]
        held = None
        if r["inside_word"] != 1.0:  # the word terms' postings, as scoring kept them
            found = [kept.get(tuple((f, w, r[f]) for f in WORD_FIELDS)) for w in words]
            held = held_words(head, words, found)
        head, new = rerank(
            head,
            [float(scores[d]) for d in head],
            texts,
            words,
            idf,
            float(r["passage"]),
            held=held,
            inside=float(r["inside_word"]),
            names=names,
            query=pq.plain,
            name_weight=float(r["name"]),
        )
        return head + docs[depth:], dict(zip(head, new, strict=True)), nodes

    def _sorted(self, docs: np.ndarray, sort: str) -> list[int]:
        name, descending = SORTS[sort.lstrip("-")]
        reverse = descending != sort.startswith("-")
        parts = self._columns[name]
        starts = [off for off, _col in parts]

        def value(d: int) -> Any:
            off, col = parts[bisect.bisect_right(starts, d) - 1]
            return col[d - off]

        def absent(v: Any) -> bool:  # numeric columns read a missing value as the type's max
            return v in (None, b"", 0) or (isinstance(v, int) and v >= 2**31 - 1)

        keyed = [(value(int(d)), int(d)) for d in docs]
        present = [k for k in keyed if not absent(k[0])]
        missing = [k for k in keyed if absent(k[0])]
        present.sort(key=lambda k: k[0], reverse=reverse)
        return [d for _k, d in present + missing]

    def _facet_counts(
        self, matched: np.ndarray, limit: int = 0, chosen: dict[str, list[str]] | None = None
    ) -> dict[str, dict[str, int]]:
        """Counts of matched documents per facet value (ttgraph/search_facets.py)."""
        return self._facets.counts(matched, limit, chosen)

    def did_you_mean(self, query: str) -> str | None:
        """The query with its unknown words replaced by the nearest indexed ones, if any."""
        text = _FILTER.sub(" ", (query or "")[:MAX_QUERY])
        changed = False
        out = []
        for w in _words(text, self.words):
            known = self.searcher.doc_frequency("body", w) or self.searcher.doc_frequency(
                "title", w
            )
            if known or len(w) < 3 or len(w) > 24:  # a 60-letter run is no typo
                out.append(w)
                continue
            best = None
            for name in ("title", "body"):
                dist = 1 if len(w) <= 4 else 2
                # prefix=1: the first letter is taken as typed, so only that part of the
                # vocabulary is compared (all of it costs seconds at 100k documents)
                found = self.searcher.corrector(name).suggest(w, limit=1, maxdist=dist, prefix=1)
                if found:
                    best = found[0]
                    break
            changed |= best is not None
            out.append(best or w)
        if not changed:
            return None
        joined = out[0] if out else ""
        for prev, w in zip(out, out[1:], strict=False):
            thai = prev[-1:] >= "\u0e00" and w[:1] >= "\u0e00"
            joined += ("" if thai else " ") + w  # Thai writes words without spaces
        return joined


def _node_text(node: Any) -> str:
    d = node.data
    for key in _SNIPPET_TEXT:
        if isinstance(d.get(key), str) and d[key]:
            return d[key]
    return node.label


def snippet(text: str, terms: Iterable[str], width: int = 180) -> str:
    """A window of ``text`` around the most query words, matches wrapped in <b>, HTML-escaped.

    Matching runs on the normalised text and is mapped back, so ``ด าเนินการ`` in the original
    is marked whole when the query said ดำเนินการ.
    """
    mapped = normalize_map(text)
    low = mapped.text.lower()
    spans: list[tuple[int, int, str]] = []
    for t in {t for t in terms if len(t) > 1 or t.isascii()}:
        start = low.find(t)
        while start >= 0:
            spans.append((start, start + len(t), t))
            start = low.find(t, start + len(t))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, t in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e, merged[-1][2])
            continue
        merged.append((s, e, t))
    best, best_n = 0, -1
    for i, (s, _e, _t) in enumerate(merged):  # the window starting at a match with most words
        seen = set()
        for s2, _e2, t in merged[i:]:
            if s2 >= s + width:  # spans are in order: the rest start later still
                break
            seen.add(t)
        if len(seen) > best_n:
            best, best_n = i, len(seen)
    ws = max(0, merged[best][0] - width // 4) if merged else 0
    we = min(len(mapped.text), ws + width)
    if not mapped.text:
        return ""
    o_start, _ = mapped.span(ws, ws + 1)
    _, o_end = mapped.span(we - 1, we)
    pieces = ["…" if o_start > 0 else ""]
    pos = o_start
    for s, e, _t in merged:
        if s < ws or e > we:
            continue
        a, b = mapped.span(s, e)
        pieces.append(html.escape(text[pos:a]) + "<b>" + html.escape(text[a:b]) + "</b>")
        pos = b
    pieces.append(html.escape(text[pos:o_end]) + ("…" if o_end < len(text) else ""))
    return "".join(pieces).replace("\n", " ")


def search(
    home_or_store: Store | str | os.PathLike[str] | Path, query: str, **kw: Any
) -> dict[str, Any]:
    """One query against a home's index (opens and closes it; use Searcher for many)."""
    with Searcher(home_or_store) as s:
        return s.search(query, **kw)


__all__ = ["Searcher", "search", "snippet", "word_analyzer", "folded_analyzer"]
