#!/usr/bin/env python3
"""Matching quality on the demo catalogue: nDCG@10 and Recall@10, full ranking vs text-only search.

The evaluation set (``benchmarks/data/match_eval.jsonl``) holds needs written the way
communities state problems, each with the technologies an experienced clinic officer would
propose, graded.  Each need is run three ways over the same home:

- ``text-only``: the search engine on the need's words (what a plain search box gives);
- ``text+taxonomy``: matching with only the text signal (problem words expanded);
- ``full``: matching with every signal at the weights in ``ttgraph.matching.WEIGHTS``;

plus the full ranking with one signal left out at a time, to show what each one adds.  The
weights are global: no rule is written for any single need.

    python benchmarks/match_quality.py [--eval FILE] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

EVAL = HERE / "data" / "match_eval.jsonl"
RESULTS = HERE / "results"
K = 10


def load_eval(path: Path) -> list[dict[str, Any]]:
    """Eval needs as {id, text, place, category, grades: {tech id: grade}} (formats tolerated)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            rel = rec.get("relevant") or rec.get("grades") or rec.get("technologies") or {}
            if isinstance(rel, list):
                grades = {}
                for item in rel:
                    if isinstance(item, dict):
                        grades[str(item.get("id"))] = float(item.get("grade", 1))
                    else:
                        grades[str(item)] = 1.0
            else:
                grades = {str(k): float(v) for k, v in rel.items()}
            place = rec.get("village") or rec.get("place") or rec.get("province")
            cat = rec.get("category") or None
            out.append(
                {
                    "id": rec.get("id") or f"line-{n}",
                    "text": rec.get("text") or rec.get("need"),
                    "place": place,
                    "category": cat,
                    "grades": {k: g for k, g in grades.items() if g > 0},
                }
            )
    return out


def ndcg(ranked: list[str], grades: dict[str, float], k: int = K) -> float:
    dcg = sum((2 ** grades.get(t, 0) - 1) / math.log2(i + 2) for i, t in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, float], k: int = K) -> float:
    return len(set(ranked[:k]) & grades.keys()) / len(grades) if grades else 0.0


def build_home(home: Path) -> Any:
    """A home with the reference data and the demo catalogue, indexed for search."""
    from ttgraph.home import init_home
    from ttgraph.importing import load_demo
    from ttgraph.index import current_dir, reindex

    store, _ = init_home(home)
    if not store.count("technology"):
        load_demo(store)
    if current_dir(home) is None or _stale(store):
        reindex(store)
    return store


def _stale(store: Any) -> bool:
    """The index is behind the store, or was written by an older engine that cannot read it."""
    from ttgraph.index import drift
    from ttgraph.search import Searcher

    try:
        with Searcher(store) as s:
            s.search("ข้าว", limit=1, with_facets=False, snippets=False)
    except Exception:  # noqa: BLE001 - any failure means: build it again
        return True
    return not drift(store).get("ok", False)


def run(store: Any, needs: list[dict[str, Any]]) -> dict[str, Any]:
    from ttgraph import matching
    from ttgraph.matching_engine import engine_ranker
    from ttgraph.search import Searcher

    ranker = engine_ranker(store)
    systems: dict[str, Any] = {}
    with Searcher(store) as s:

        def text_only(need: dict[str, Any]) -> list[str]:
            res = s.search(
                need["text"], kind="technology", limit=K, with_facets=False, snippets=False
            )
            return [r["id"] for r in res["results"]]

        systems["text-only"] = text_only

        def full(weights: dict[str, float]) -> Any:
            def rank(need: dict[str, Any]) -> list[str]:
                saved = dict(matching.WEIGHTS)
                matching.WEIGHTS.update(weights)
                try:
                    res = matching.match_need(
                        store,
                        None,
                        text=need["text"],
                        place=need["place"],
                        category=need["category"],
                        limit=K,
                        ranker=ranker,
                    )
                finally:
                    matching.WEIGHTS.update(saved)
                return [m.id for m in res.results]

            return rank

        base = dict(matching.WEIGHTS)
        systems["text+taxonomy"] = full({k: (1.0 if k == "text" else 0.0) for k in base})
        systems["full"] = full(base)
        for k in base:
            if k != "text":
                systems[f"full without {k}"] = full({k: 0.0})
        out: dict[str, Any] = {}
        for name, fn in systems.items():
            t0 = time.perf_counter()
            ranked = [fn(n) for n in needs]
            scores = [
                (ndcg(r, n["grades"]), recall(r, n["grades"]))
                for r, n in zip(ranked, needs, strict=True)
            ]
            out[name] = {
                "ndcg@10": round(sum(a for a, _ in scores) / len(scores), 4),
                "recall@10": round(sum(b for _, b in scores) / len(scores), 4),
                "ms_per_need": round((time.perf_counter() - t0) * 1000 / len(needs), 1),
            }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=EVAL)
    ap.add_argument("--home", type=Path, help="a home with the demo loaded (default: a temp one)")
    args = ap.parse_args(argv)
    if not args.eval.is_file():
        print(f"skipped: no evaluation set at {args.eval}")
        return 0
    needs = [n for n in load_eval(args.eval) if n["text"] and n["grades"]]
    home = args.home or Path(tempfile.mkdtemp(prefix="ttgraph-matchq-"))
    store = build_home(home)
    from ttgraph.matching import WEIGHTS

    res = run(store, needs)
    base = res["text-only"]["ndcg@10"]
    gain = (res["full"]["ndcg@10"] - base) / base if base else float("inf")
    print(f"{len(needs)} needs, {store.count('technology')} technologies; weights {WEIGHTS}")
    print(f"{'system':<26}{'nDCG@10':>9}{'R@10':>8}{'ms':>8}")
    for name, r in res.items():
        print(f"{name:<26}{r['ndcg@10']:>9.3f}{r['recall@10']:>8.3f}{r['ms_per_need']:>8.1f}")
    print(f"full vs text-only nDCG@10: {gain:+.1%} (goal >= +10%)")
    RESULTS.mkdir(exist_ok=True)
    report = {
        "needs": len(needs),
        "technologies": store.count("technology"),
        "weights": WEIGHTS,
        "systems": res,
        "ndcg_gain_vs_text_only": round(gain, 4),
        "goal": 0.10,
        "ok": gain >= 0.10,
    }
    (RESULTS / "match_quality.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
