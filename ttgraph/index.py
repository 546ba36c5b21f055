"""The search index: one Whoosh index of every node kind, kept in step with the store.

Layout under ``<home>/indexes/``: a directory per build (``search-<stamp>``) holding the Whoosh
files, the custom dictionary and synonyms made from the graph, and ``state.json`` (the store's
change number it has seen); ``CURRENT`` names the build in use.  ``reindex`` builds a new
directory and swaps ``CURRENT`` in one rename, so searches keep using the old build until then.
``update_index`` applies an import's changes in place; ``drift`` compares store and index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import fields, formats, index
from whoosh.formats import tokens
from whoosh.query import And, Or, Term
from whoosh.system import pack_uint

from ttgraph.analysis import DEFAULT_ENGINE, bigram_analyzer, folded_analyzer, word_analyzer
from ttgraph.errors import TTGraphError
from ttgraph.index_build import build
from ttgraph.model import KINDS, Node, label, ref_edges
from ttgraph.store import Store
from ttgraph.thai import normalize

INDEX_DIR = "indexes"
POINTER = "CURRENT"
FACETS = ("kind", "agency", "province", "region", "category", "trl")
# Above this many documents a dictionary change is left for `ttgraph reindex` (reported as drift).
LIVE_REBUILD_LIMIT = 20000


class NoIndex(TTGraphError):
    """The home has no search index yet."""


class CountedFrequency(formats.Frequency):
    """Frequency postings from aggregated tokens: a token's boost is how often the term occurs.

    Paired with the analyzers' ``aggregate`` mode, so a 2 KB body costs one token per distinct
    term, while term frequencies and the field length stay exact for BM25.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        freqs: dict[str, int] = {}
        kwargs["boosts"] = True
        for t in tokens(value, analyzer, kwargs):
            freqs[t.text] = freqs.get(t.text, 0) + int(t.boost)
        fb = self.field_boost
        return ((w, f, f * fb, pack_uint(f)) for w, f in freqs.items())


def _counted(analyzer: Any) -> fields.TEXT:
    field = fields.TEXT(analyzer=analyzer, phrase=False)
    field.format = CountedFrequency()
    return field


def make_schema(dict_path: str | None, engine: str = DEFAULT_ENGINE) -> fields.Schema:
    """Fields by weight: title > names > keywords > related > body; bigram and folded copies."""
    words = word_analyzer(engine, dict_path)
    counted = word_analyzer(engine, dict_path, aggregate=True)
    bi = bigram_analyzer(aggregate=True)
    folded = folded_analyzer(engine, dict_path)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(analyzer=words, stored=True, phrase=True),
        title_sort=fields.ID(sortable=True),
        names=fields.TEXT(analyzer=words, phrase=True),
        keywords=fields.TEXT(analyzer=words, phrase=True),
        related=fields.TEXT(analyzer=words, phrase=True),
        body=_counted(counted),
        title_bi=_counted(bi),
        body_bi=_counted(bi),
        folded=_counted(folded),
        agency=fields.KEYWORD(stored=True, commas=True),
        province=fields.KEYWORD(stored=True, commas=True),
        region=fields.KEYWORD(stored=True, commas=True),
        category=fields.KEYWORD(stored=True, commas=True),
        trl=fields.ID(stored=True),
        year=fields.NUMERIC(stored=True, sortable=True),
        trl_sort=fields.NUMERIC(sortable=True),
    )


# Short names people type for provinces (the reference data may carry more as ``abbr``).
PROVINCE_SHORT = {
    "10": ["กทม", "กรุงเทพ", "บางกอก"],
    "30": ["โคราช"],
    "14": ["อยุธยา"],
    "34": ["อุบล"],
    "84": ["สุราษฎร์"],
    "40": ["ขอนแก่น"],
    "80": ["นครศรีฯ"],
    "11": ["ปากน้ำ"],
}
ENTITY_KINDS = ("agency", "category", "region", "province", "regional_centre", "clinic")
NAME_KINDS = ENTITY_KINDS + ("district", "subdistrict", "provincial_group", "volunteer_network")
_PAIR = re.compile(r"([\u0e01-\u0e4e]{2,40})\s*\(([A-Za-z][A-Za-z0-9 .&'-]{1,60})\)")
_BODY_SKIP = {"url", "contact", "date", "lat", "lon", "postal_code", "moo", "households"}
_BODY_SKIP |= {"entered_by", "edited_by"}  # staff user names are not catalogue text


class GraphText:
    """What the graph knows about words: names per node, the dictionary and synonym groups."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}
        self.region_of: dict[str, str] = {}
        self.dictionary: set[str] = set()
        self.synonyms: list[list[str]] = []
        self.aliases: dict[str, list[str]] = {}  # "สวทช" -> ["nstda"], for agency:สวทช filters

    @classmethod
    def from_store(cls, store: Store, scan_titles: bool = False) -> GraphText:
        gt = cls()
        for kind in NAME_KINDS:
            for node in store.nodes(kind):
                d = node.data
                names = [label(kind, d)] + [d.get("name_en", "")] + list(d.get("abbr", []))
                if kind == "province":
                    names += PROVINCE_SHORT.get(node.id, [])
                    if d.get("region"):
                        gt.region_of[node.id] = d["region"]
                names = [normalize(n).strip() for n in names if n]
                gt.names[node.id] = list(dict.fromkeys(n for n in names if n))
                if kind in ENTITY_KINDS or kind == "district":
                    gt.dictionary.update(_dict_words(gt.names[node.id]))
                if kind in ENTITY_KINDS:
                    for n in gt.names[node.id]:
                        gt.aliases.setdefault(alias_key(n), []).append(node.id)
                if kind in ENTITY_KINDS and len(gt.names[node.id]) > 1:
                    gt.synonyms.append(gt.names[node.id])
        if scan_titles:
            for node in store.nodes("technology"):
                gt.add_node(node)
        return gt

    def add_node(self, node: Node) -> None:
        """Take dictionary words and "ไทย (English)" pairs from a node's short fields."""
        d = node.data
        title = label(node.kind, d)
        if title_en := d.get("title_en") or d.get("name_en"):
            self.synonyms.append([normalize(title), normalize(title_en)])
        self.dictionary.update(_dict_words([title]))
        for text in [title, *d.get("keywords", [])]:
            for thai, eng in _PAIR.findall(normalize(text)):
                self.synonyms.append([thai, eng.strip()])
                self.dictionary.update(_dict_words([thai]))

    def words(self) -> set[str]:
        return set(self.dictionary)

    def write(self, path: Path) -> None:
        """Write dictionary.txt and synonyms.json (each by rename, so readers never see half)."""
        for name, text in (
            ("dictionary.txt", "\n".join(sorted(self.dictionary)) + "\n"),
            ("synonyms.json", json.dumps(_merge_groups(self.synonyms), ensure_ascii=False)),
            ("aliases.json", json.dumps(self.aliases, ensure_ascii=False, sort_keys=True)),
        ):
            tmp = path / (name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path / name)

    @staticmethod
    def read_words(path: Path) -> set[str]:
        try:
            text = (path / "dictionary.txt").read_text(encoding="utf-8")
        except OSError:
            return set()
        return {w for w in text.splitlines() if w}


def alias_key(name: str) -> str:
    """How a name is looked up as a filter value: normalised, no dots or spaces, lower case."""
    return re.sub(r"[\s.]+", "", normalize(name)).lower()


def read_aliases(path: Path) -> dict[str, list[str]]:
    try:
        return json.loads((path / "aliases.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_synonyms(path: Path) -> list[list[str]]:
    try:
        return json.loads((path / "synonyms.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def _dict_words(names: Iterable[str]) -> set[str]:
    """Thai names short enough to be one word: kept whole by the segmenter."""
    out = set()
    for n in names:
        n = n.replace(".", "")
        if 2 <= len(n) <= 20 and _THAI_ONLY.fullmatch(n):
            out.add(n)
    return out


_THAI_ONLY = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")


def _merge_groups(groups: list[list[str]]) -> list[list[str]]:
    """Join groups that share a phrase; sorted, so equal inputs give equal files."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in groups:
        g = [p for p in g if p]
        for p in g[1:]:
            parent[find(p)] = find(g[0])
        if g:
            find(g[0])
    out: dict[str, list[str]] = {}
    for p in parent:
        out.setdefault(find(p), []).append(p)
    return sorted(sorted(g) for g in out.values() if len(g) > 1)


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if value not in (None, "") else []


def _province_of(node: Node) -> list[str]:
    d = node.data
    if node.kind == "province":
        return [node.id]
    if node.kind in ("district", "subdistrict") and node.id[:2].isdigit():
        return [node.id[:2]]
    for key in ("province", "district", "subdistrict"):
        if d.get(key):
            return [str(d[key])[:2]]
    return []


def node_document(node: Node, gt: GraphText) -> dict[str, Any]:
    """The index document of a node: text fields by weight and facet values."""
    d = node.data
    spec = KINDS.get(node.kind)
    title = label(node.kind, d)
    label_key = spec.label_field if spec else "name"
    ref_fields = {f.name for f in spec.refs} if spec else set()
    names = _strings(d.get("name_en")) + _strings(d.get("title_en")) + _strings(d.get("abbr"))
    names += [n for n in gt.names.get(node.id, []) if n != title]
    keywords: list[str] = []
    for key in ("keywords", "products", "main_occupation", "problem_terms"):
        keywords += _strings(d.get(key))
    related: list[str] = []
    for fld, _edge, target in ref_edges(node.kind, d):
        (keywords if fld == "category" else related).extend(gt.names.get(target, []))
    body = [
        v
        for k, val in d.items()
        if k not in ref_fields
        and k not in _BODY_SKIP
        and k != label_key
        and k not in ("name_en", "title_en", "abbr", "keywords", "products", "problem_terms")
        and k != "main_occupation"
        for v in _strings(val)
        if not isinstance(val, (bool, int, float))
    ]
    provinces = _province_of(node)
    agencies = _strings(d.get("agency")) + _strings(d.get("university"))
    if node.kind == "agency":
        agencies.append(node.id)
    regions = (
        [node.id]
        if node.kind == "region"
        else [gt.region_of[p] for p in provinces if p in gt.region_of]
    )
    doc: dict[str, Any] = {
        "id": node.id,
        "kind": node.kind,
        "title": title,
        "title_sort": normalize(title)[:60],
        "names": "\n".join(names),
        "keywords": "\n".join(keywords),
        "related": "\n".join(related),
        "body": "\n".join(body),
        "title_bi": "\n".join([title, *names]),
        "body_bi": "\n".join(body),
        "folded": "\n".join([title, *names, *keywords]),
        "agency": ",".join(agencies),
        "province": ",".join(provinces),
        "region": ",".join(regions),
        "category": ",".join(_strings(d.get("category"))),
    }
    if isinstance(d.get("trl"), int):
        doc["trl"] = str(d["trl"])
        doc["trl_sort"] = d["trl"]
    if isinstance(d.get("year"), int):
        doc["year"] = d["year"]
    return {k: v for k, v in doc.items() if v not in ("", None)}


def fast_codec() -> Any:
    """Uncompressed posting blocks: the ranker decodes whole blocks, and zlib was its cost."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(blocklimit=128, compression=0)


def index_root(home: str | os.PathLike[str]) -> Path:
    return Path(home) / INDEX_DIR


def current_dir(home: str | os.PathLike[str]) -> Path | None:
    """The directory of the build in use, or None when there is none."""
    root = index_root(home)
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = root / name
    return path if name and index.exists_in(str(path)) else None


def open_index(home: str | os.PathLike[str]) -> tuple[index.Index, Path]:
    path = current_dir(home)
    if path is None:
        raise NoIndex(f"no search index in {index_root(home)}; run 'ttgraph reindex' to build it")
    return index.open_dir(str(path)), path


def _state(path: Path) -> dict[str, Any]:
    try:
        return json.loads((path / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_state(path: Path, **state: Any) -> None:
    tmp = path / "state.json.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path / "state.json")


def _as_store(home_or_store: Store | str | os.PathLike[str]) -> Store:
    return home_or_store if isinstance(home_or_store, Store) else Store.open(home_or_store)


def reindex(
    home_or_store: Store | str | os.PathLike[str],
    *,
    procs: int | None = None,
    engine: str = "",
    nodes: Iterable[Node] | None = None,
) -> dict[str, Any]:
    """Build a fresh index from the store and swap it in atomically; returns counts and timing.

    ``nodes`` replaces the store's nodes as the documents (benchmarks feed generated ones).
    """
    store = _as_store(home_or_store)
    root = index_root(store.home)
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    seq = store.seq
    new = root / f"search-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.time_ns() % 10**6}"
    new.mkdir()
    try:
        gt = GraphText.from_store(store, scan_titles=True)
        dict_path = new / "dictionary.txt"
        gt.write(new)
        engine = engine or os.environ.get("TTGRAPH_SEGMENTER", DEFAULT_ENGINE)
        ix = index.create_in(str(new), make_schema(str(dict_path), engine))
        total = store.count() if nodes is None else 10**9
        procs = procs or (min(2, os.cpu_count() or 1) if total > 2000 else 1)
        source = store.nodes() if nodes is None else nodes
        docs = (node_document(node, gt) for node in source)
        n = build(ix, docs, procs=procs, codec=fast_codec(), compound=False)
        _save_state(new, seq=seq, engine=engine, built=time.time(), docs=n)
        old = current_dir(store.home)
        tmp = root / (POINTER + ".tmp")
        tmp.write_text(new.name, encoding="utf-8")
        os.replace(tmp, root / POINTER)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None and old != new:
        shutil.rmtree(old, ignore_errors=True)  # open readers keep their files until they close
    seconds = time.perf_counter() - started
    return {"docs": n, "seconds": round(seconds, 3), "path": str(new), "seq": seq}


def update_index(
    home_or_store: Store | str | os.PathLike[str],
    changed_ids: Iterable[str] = (),
    removed_ids: Iterable[str] = (),
    *,
    lock_timeout: float = 30.0,
) -> dict[str, Any]:
    """Bring the index up to date after an import (the pipeline calls this after committing).

    Indexes the given ids plus anything the store's change log has since the last update, and
    the nodes whose text names a changed agency, category or place.  Without an index it
    builds one.  Returns counts.
    """
    store = _as_store(home_or_store)
    path = current_dir(store.home)
    if path is None:
        return reindex(store)
    state = _state(path)
    seq, logged = store.changes_since(int(state.get("seq", 0)))
    ids = set(changed_ids) | set(removed_ids) | logged
    if not ids:
        return {"updated": 0, "removed": 0, "seq": seq}
    ids |= _dependents(store, ids)
    nodes = store.get_many(ids)
    gt = GraphText.from_store(store)
    old_words = GraphText.read_words(path)
    gt.dictionary |= old_words
    gt.synonyms += read_synonyms(path)
    for node in nodes.values():
        if node.kind == "technology":
            gt.add_node(node)
    ix = index.open_dir(str(path))
    new_words = gt.words() - old_words
    gt.write(path)
    if new_words:
        if ix.doc_count() > LIVE_REBUILD_LIMIT:
            state["dictionary_stale"] = True
        else:
            with ix.searcher() as s:
                extra = _docs_with_words(s, new_words) - ids
            ids |= extra
            nodes.update(store.get_many(extra))
    writer = ix.writer(timeout=lock_timeout, codec=fast_codec())
    updated = removed = 0
    try:
        for node_id in ids:
            node = nodes.get(node_id)
            if node is None or node.status != "active":
                writer.delete_by_term("id", node_id)
                removed += 1
            else:
                writer.update_document(**node_document(node, gt))
                updated += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    _save_state(path, **{**state, "seq": seq})
    return {"updated": updated, "removed": removed, "seq": seq}


def _docs_with_words(searcher: Any, words: Iterable[str]) -> set[str]:
    """Ids of documents whose text holds any of ``words`` (found through the bigram fields)."""
    out: set[str] = set()
    bi = bigram_analyzer()
    for word in words:
        grams = sorted({t.text for t in bi(word)})
        if not grams:
            continue
        q = Or([And([Term(f, g) for g in grams]) for f in ("title_bi", "body_bi")])
        for docnum in searcher.docs_for_query(q):
            out.add(searcher.stored_fields(docnum)["id"])
    return out


def _dependents(store: Store, ids: set[str]) -> set[str]:
    """Nodes whose indexed text embeds the name of a changed agency, category or place."""
    kinds = store.kinds_of(ids)
    named = [i for i, k in kinds.items() if k in ("agency", "category", "region", "province")]
    out: set[str] = set()
    for node_id in named[:200]:
        for direction, _edge, other in store.neighbors(node_id):
            if direction == "in":
                out.add(other.id)
    return out


def drift(home_or_store: Store | str | os.PathLike[str]) -> dict[str, Any]:
    """Compare store and index: missing and extra ids, unseen changes; ``ok`` when in step."""
    store = _as_store(home_or_store)
    path = current_dir(store.home)
    if path is None:
        return {"ok": False, "reason": "no index; run 'ttgraph reindex'"}
    state = _state(path)
    want = {r[0] for r in store.conn.execute("SELECT id FROM nodes WHERE status='active'")}
    ix = index.open_dir(str(path))
    with ix.reader() as r:
        have = {fields["id"] for fields in r.all_stored_fields()}
    missing, extra = want - have, have - want
    pending = store.seq - int(state.get("seq", 0))
    ok = not missing and not extra and pending <= 0 and not state.get("dictionary_stale")
    return {
        "ok": ok,
        "store_docs": len(want),
        "index_docs": len(have),
        "missing": sorted(missing)[:20],
        "missing_count": len(missing),
        "extra": sorted(extra)[:20],
        "extra_count": len(extra),
        "unseen_changes": max(pending, 0),
        "dictionary_stale": bool(state.get("dictionary_stale")),
    }
