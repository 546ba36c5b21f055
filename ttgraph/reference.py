"""Thailand's reference data, shipped inside the package and loaded by ``ttgraph init``.

Four JSON Lines files in the native record format, under ``ttgraph/data/reference/``:

- ``geo.jsonl``: 6 regions, 18 provincial groups, 77 provinces, 928 districts, 7,436
  subdistricts (DOPA codes as ids; coordinates where known);
- ``network.jsonl``: the 5 regional coordination centres (ศวภ.) and their editable service areas;
- ``agencies.jsonl``: the ministry, its agencies, NSTDA's centres and clinic-hosting universities;
- ``categories.jsonl``: the sector taxonomy with solution keywords and problem terms.

Load them in the order :func:`reference_files` gives: a file only points at ids in itself or in
an earlier file, so each can be imported (strictly) on its own.  Where the data came from and how
to regenerate it: ``SOURCES.md`` beside the files and ``scripts/build_reference.py``.

>>> [p.name for p in reference_files()]
['geo.jsonl', 'network.jsonl', 'agencies.jsonl', 'categories.jsonl']
>>> expected_counts()["province"]
77
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ttgraph.errors import TTGraphError

FILES = ("geo.jsonl", "network.jsonl", "agencies.jsonl", "categories.jsonl")

_COUNTS = {
    "region": 6,
    "provincial_group": 18,
    "province": 77,
    "district": 928,
    "subdistrict": 7436,
    "regional_centre": 5,
    "agency": 58,
    "category": 54,
}


def _resource(name: str) -> Traversable:
    return files("ttgraph").joinpath("data", "reference", name)


def reference_files() -> list[Path]:
    """The reference files as paths, in load order.

    Raises TTGraphError when the package was installed without its data (a broken wheel or a
    zipped install), because ``init`` cannot do anything useful then.
    """
    out = []
    for name in FILES:
        res = _resource(name)
        if not isinstance(res, Path) or not res.is_file():
            raise TTGraphError(
                f"reference data file {name} is missing from the installed package "
                f"(looked in {res}); reinstall ttgraph with 'pip install .' from a full checkout"
            )
        out.append(res)
    return out


def iter_reference_records() -> Iterator[dict[str, Any]]:
    """Every reference record, file by file in load order, as plain dicts."""
    for name in FILES:
        with _resource(name).open("r", encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise TTGraphError(
                        f"reference data {name}, line {line_no} is not valid JSON ({exc.msg}); "
                        "regenerate it with 'python scripts/build_reference.py'"
                    ) from None


def expected_counts() -> dict[str, int]:
    """How many records of each kind the shipped reference data holds (for checks and tests)."""
    return dict(_COUNTS)
