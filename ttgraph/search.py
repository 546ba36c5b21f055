"""One search box over the whole graph: Thai-aware, ranked with BM25F, never an error.

A query is read leniently: ``field:value`` filters (``agency:สวทช``, ``kind:technology``),
"quoted phrases" (which must appear), and free text, which becomes an OR of its analysed terms
across weighted fields: words (title > names > keywords > related > body), Thai-character-cluster
bigrams (parts of compounds, misspellings) and tone-folded words, plus synonyms from the graph
(สวทช <-> สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ <-> NSTDA, โคราช <-> นครราชสีมา).
Unbalanced quotes, operators, wildcards and punctuation are just text, so any input answers.

>>> # with Searcher(home) as s: s.search("เครื่องอบแห้ง", kind="technology")["results"]
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import scoring
from whoosh.query import And, AndMaybe, NullQuery, NumericRange, Or, Phrase, Query, Term

from ttgraph.analysis import bigram_analyzer, folded_analyzer, word_analyzer
from ttgraph.index import FACETS, alias_key, open_index, read_aliases, read_synonyms
from ttgraph.model import KINDS
from ttgraph.store import Store
from ttgraph.thai import normalize_map

MAX_QUERY = 1000  # characters of a query that are read; the rest is ignored
# Field weights and BM25F parameters: general ranking choices, measured by benchmarks/.
RANKING: dict[str, float] = {
    "title": 3.0,
    "names": 2.5,
    "keywords": 2.0,
    "related": 1.2,
    "body": 1.0,
    "title_bi": 1.0,
    "body_bi": 0.5,
    "folded": 0.3,
    "synonym": 0.8,
    "B": 0.75,
    "K1": 1.2,
    "title_B": 0.5,
}
WORD_FIELDS = ("title", "names", "keywords", "related", "body")
BIGRAM_FIELDS = ("title_bi", "body_bi")
SORTS = {"title": ("title_sort", False), "year": ("year", True), "trl": ("trl_sort", True)}
_FILTER = re.compile(r'(?<!\S)([a-z_]+):(?:"([^"]*)"?|(\S+))', re.I)
_PHRASE = re.compile(r'"([^"]+)"')
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT)\b")
_SNIPPET_TEXT = ("description", "text", "benefits", "note", "main_occupation", "constraints")


def _words(text: str, analyzer: Any) -> list[str]:
    return list(dict.fromkeys(t.text for t in analyzer(text, mode="query")))


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
        weighting = scoring.BM25F(
            B=self.ranking["B"],
            K1=self.ranking["K1"],
            title_B=self.ranking["title_B"],
            title_bi_B=self.ranking["title_B"],
        )
        self.searcher = self.ix.searcher(weighting=weighting)
        self.aliases = read_aliases(self.path)
        self.synonyms = self._synonym_map(read_synonyms(self.path))
        self._facet_sets: dict[str, dict[str, set[int]]] = {}

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

    def parse(self, text: str) -> tuple[Query, Query | None, list[str]]:
        """(ranking query, filter query, terms to highlight) for any input string."""
        text = (text or "")[:MAX_QUERY]
        filters: list[Query] = []

        def take_filter(m: re.Match[str]) -> str:
            q = self._filter_query(
                m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3)
            )
            if q is None:
                return m.group(0)
            filters.append(q)
            return " "

        text = _FILTER.sub(take_filter, text)
        phrases = [p for p in _PHRASE.findall(text) if p.strip()]
        text = _OPERATORS.sub(" ", _PHRASE.sub(" ", text))
        r = self.ranking
        optional: list[Query] = []
        words = _words(text, self.words)
        for w in words:
            optional += [Term(f, w, boost=r[f]) for f in WORD_FIELDS if r[f]]
        for g in _words(text, self.bigrams):
            optional += [Term(f, g, boost=r[f]) for f in BIGRAM_FIELDS if r[f]]
        if r["folded"]:
            optional += [Term("folded", w, boost=r["folded"]) for w in _words(text, self.folded)]
        optional += self._expansions(words)
        required: list[Query] = []
        highlight = list(words)
        for p in phrases:
            pw = _words(p, self.words)
            highlight += pw
            if len(pw) == 1:
                required.append(Or([Term(f, pw[0], boost=r[f]) for f in WORD_FIELDS]))
            elif pw:
                required.append(Or([Phrase(f, pw, boost=r[f]) for f in WORD_FIELDS]))
        rest = Or(optional) if optional else NullQuery
        if required:
            query: Query = AndMaybe(And(required), rest) if optional else And(required)
        else:
            query = rest
        return query, (And(filters) if filters else None), highlight

    def _expansions(self, words: list[str]) -> list[Query]:
        """Synonym phrases for every run of query words that names a graph entity."""
        out: list[Query] = []
        boost = self.ranking["synonym"]
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 12) + 1):
                for alt in self.synonyms.get(tuple(words[i:j]), []):
                    if len(alt) == 1:
                        out += [Term(f, alt[0], boost=boost * self.ranking[f]) for f in WORD_FIELDS]
                    else:
                        out += [Phrase(f, alt, boost=boost * self.ranking[f]) for f in WORD_FIELDS]
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
    ) -> dict[str, Any]:
        """Results, total, facet counts and a "did you mean" for one query (never raises on text)."""
        q, filt, highlight = self.parse(query)
        extra = []
        if kind:
            extra.append(self._filter_query("kind", kind))
        for field, values in (facets or {}).items():
            values = [values] if isinstance(values, str) else list(values)
            qs = [self._filter_query(field, v) for v in values]
            extra.append(Or([x for x in qs if x is not None]) if qs else NullQuery)
        if extra:
            filt = And([filt, *extra]) if filt is not None else And(extra)
        limit = max(0, min(int(limit), 1000))
        offset = max(0, int(offset))
        out: dict[str, Any] = {"query": query, "total": 0, "results": [], "facets": {}}
        if q is NullQuery and filt is None:
            return out
        if q is NullQuery:
            q = filt  # only filters: list what they select
            filt = None
        kwargs: dict[str, Any] = {"limit": offset + limit if limit else 1, "filter": filt}
        if sort and sort.lstrip("-") in SORTS:
            field, reverse = SORTS[sort.lstrip("-")]
            kwargs.update(sortedby=field, reverse=reverse != sort.startswith("-"))
        res = self.searcher.search(q, **kwargs)
        hits = list(res)[offset : offset + limit]
        matched: set[int] | None = None
        if with_facets:
            matched = set(self.searcher.docs_for_query(q))
            if filt is not None:
                matched &= set(self.searcher.docs_for_query(filt))
            out["total"] = len(matched)
            out["facets"] = self._facet_counts(matched)
        else:
            out["total"] = len(res)
        nodes = self.store.get_many([h["id"] for h in hits]) if snippets else {}
        for h in hits:
            node = nodes.get(h["id"])
            out["results"].append(
                {
                    "id": h["id"],
                    "kind": h["kind"],
                    "title": h.get("title", ""),
                    "score": round(float(h.score or 0.0), 4) if "sortedby" not in kwargs else 0.0,
                    "snippet": snippet(_node_text(node), highlight) if node else "",
                }
            )
        if out["total"] < 3 and highlight:
            suggestion = self.did_you_mean(query)
            if suggestion:
                out["did_you_mean"] = suggestion
        return out

    def _facet_counts(self, matched: set[int]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for field in FACETS:
            sets = self._facet_sets.get(field)
            if sets is None:
                sets = {}
                for term in self.searcher.reader().field_terms(field):
                    sets[term] = set(self.searcher.postings(field, term).all_ids())
                self._facet_sets[field] = sets
            counts = {v: len(ids & matched) for v, ids in sets.items()}
            out[field] = dict(sorted(((v, n) for v, n in counts.items() if n), key=lambda x: -x[1]))
        return out

    def did_you_mean(self, query: str) -> str | None:
        """The query with its unknown words replaced by the nearest indexed ones, if any."""
        text = _FILTER.sub(" ", (query or "")[:MAX_QUERY])
        changed = False
        out = []
        for w in _words(text, self.words):
            known = self.searcher.doc_frequency("body", w) or self.searcher.doc_frequency(
                "title", w
            )
            if known or len(w) < 3:
                out.append(w)
                continue
            best = None
            for field in ("title", "body"):
                dist = 1 if len(w) <= 4 else 2
                found = self.searcher.corrector(field).suggest(w, limit=1, maxdist=dist)
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
    for i, (s, _e, _t) in enumerate(merged):
        n = len({t for s2, _e2, t in merged[i:] if s2 < s + width})
        if n > best_n:
            best, best_n = i, n
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
