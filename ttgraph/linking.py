"""Linking free text to nodes: places, agencies, clinics, regions and categories.

Catalogues name things the way people write them: ``ต.บ้านใหม่ อ.เมือง จ.นครราชสีมา``,
``โคราช``, ``Chiang Mai``, ``สวทช.``, ``NSTDA``.  :class:`StoreLinker` turns such text into node
ids before a record is validated.  It never guesses: a name that fits no node, or more than one,
raises a ValidationError that becomes a problem on the record's line.  The end of the module
finds the same technology arriving from two sources and keeps ``same_as`` candidates for a
person to confirm or reject.

>>> key("สวทช.") == key("สวทช") == key(" สวทช ")
True
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from typing import Any

from ttgraph.errors import ValidationError
from ttgraph.model import KINDS
from ttgraph.store import Store
from ttgraph.thai import normalize

_ID_LIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")
_DROP = re.compile(r"[\s.\-–,()'\"“”]+")
_ORG_SUFFIX = re.compile(r"\((?:องค์การมหาชน|องค์กรมหาชน)\)|องค์การมหาชน")
PLACE_FIELDS = ("subdistrict", "district", "province")
_PREFIXES = {
    "subdistrict": ("ตำบล", "ต.", "แขวง", "tambon ", "khwaeng "),
    "district": ("กิ่งอำเภอ", "อำเภอ", "อ.", "เขต", "amphoe ", "khet "),
    "province": ("จังหวัด", "จ.", "changwat "),
}
_SUFFIXES = {
    "subdistrict": (" subdistrict", " sub-district"),
    "district": (" district",),
    "province": (" province",),
}
_LEVEL_WORDS = {
    level: re.compile(
        "^(?:"
        + "|".join(re.escape(p) for p in _PREFIXES[level])
        + ")\\s*|(?:"
        + "|".join(re.escape(x) for x in _SUFFIXES[level])
        + ")$",
        re.I,
    )
    for level in _PREFIXES
}
_LABEL = re.compile(r"(ตำบล|ต\.|แขวง|กิ่งอำเภอ|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s*")
_LEVEL = {
    "ตำบล": "subdistrict",
    "ต.": "subdistrict",
    "แขวง": "subdistrict",
    "กิ่งอำเภอ": "district",
    "อำเภอ": "district",
    "อ.": "district",
    "เขต": "district",
    "จังหวัด": "province",
    "จ.": "province",
}
_NOISE = re.compile(r"\b\d{5}\b|หมู่ที่\s*\d+|หมู่\s*\d+|ม\.\s*\d+|บ้านเลขที่\s*\S+")
_MUEANG = ("เมือง", "mueang", "muang")
_LEVEL_TH = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล"}


@functools.lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A comparison key: normalised Thai, lower case, no spaces, dots, dashes or brackets."""
    return _DROP.sub("", _ORG_SUFFIX.sub("", normalize(str(text)))).lower()


def _stored_key(text: str) -> str:
    """:func:`key` for text already normalised on its way into the store (much faster)."""
    return _DROP.sub("", _ORG_SUFFIX.sub("", text)).lower()


def _strip_level(text: str, level: str) -> str:
    """``text`` without its level word: ``อ.เมือง`` -> ``เมือง``, ``Ban Mai Subdistrict`` -> ``Ban Mai``."""
    return _LEVEL_WORDS[level].sub("", text.strip()).strip()


class StoreLinker:
    """Resolves place and organisation names against the store (see the module docstring).

    The lookup tables are built once, on first use, from the reference nodes in the store.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._ready = False

    # -- building the tables -------------------------------------------------------------------
    def _load(self) -> None:
        self.ids: dict[str, str] = {}
        self.names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.parent: dict[str, str] = {}
        self.label: dict[str, str] = {}
        for kind in ("region", "province", "agency", "clinic", "category"):
            for node in self.store.nodes(kind):
                self._add(node.id, kind, node.data)
        for node_id in self.ids:
            if self.ids[node_id] == "category":
                self.names["category"][_stored_key(node_id)].add(node_id)
        # Districts and subdistricts are many: read only the columns needed, no JSON decoding.
        for kind, up in (("district", "province"), ("subdistrict", "district")):
            rows = self.store.conn.execute(
                "SELECT id, json_extract(data, '$.name'), json_extract(data, '$.name_en'),"
                f" json_extract(data, '$.alt_names'), json_extract(data, '$.{up}')"
                " FROM nodes WHERE kind=? AND status='active'",
                (kind,),
            )
            for node_id, name, name_en, alt, parent in rows:
                data = {"name": name, "name_en": name_en, up: parent}
                if alt:
                    data["alt_names"] = json.loads(alt)
                self._add(node_id, kind, data)
        self._ready = True

    def _add(self, node_id: str, kind: str, data: dict[str, Any]) -> None:
        self.ids[node_id] = kind
        self.label[node_id] = str(data.get("name") or node_id)
        names = [data.get("name"), data.get("name_en")]
        names += list(data.get("abbr") or []) + list(data.get("alt_names") or [])
        if kind == "province":
            names += [data.get("code_th")] if data.get("code_th") else []
        for name in names:
            if not name:
                continue
            text = _strip_level(str(name), kind) if kind in PLACE_FIELDS else str(name)
            self.names[kind][_stored_key(text)].add(node_id)
        if kind == "district":
            self.parent[node_id] = data.get("province") or ""
        elif kind == "subdistrict":
            self.parent[node_id] = data.get("district") or ""

    def _tables(self) -> None:
        if not self._ready:
            self._load()

    # -- places --------------------------------------------------------------------------------
    def province_of(self, node_id: str) -> str:
        kind = self.ids.get(node_id)
        if kind == "subdistrict":
            node_id = self.parent.get(node_id, "")
            kind = "district"
        return self.parent.get(node_id, "") if kind == "district" else node_id

    def _candidates(self, level: str, text: str, within: str | None) -> set[str]:
        """Nodes of ``level`` called ``text``, inside ``within`` (a province or district id)."""
        name = _strip_level(text, level)
        found = set(self.names[level].get(key(name), ()))
        if level == "district" and within and key(name) in _MUEANG:
            prov = self.province_of(within)
            found |= {
                d for d in self.names["district"].get(key("เมือง" + self.label.get(prov, "")), ())
            }
        if within:
            found = {n for n in found if within in (self.parent.get(n), self._grand(n))}
        return found

    def _grand(self, node_id: str) -> str:
        return self.parent.get(self.parent.get(node_id, ""), "")

    def _one(self, level: str, text: str, within: str | None, fld: str) -> str:
        found = self._candidates(level, text, within)
        if len(found) == 1:
            return found.pop()
        if level == "district" and not within and key(_strip_level(text, level)) in _MUEANG:
            raise ValidationError(
                f"ambiguous district {text!r}: every province has an อำเภอเมือง; add the province (จ.)",
                fld,
            )
        where = f" in {self.label.get(within, within)}" if within else ""
        if not found:
            raise ValidationError(
                f"unknown {level} ({_LEVEL_TH[level]}) {text!r}{where}; check the spelling "
                "or give the official name",
                fld,
            )
        options = ", ".join(sorted(self._describe(n) for n in found)[:6])
        hint = "add the province (จ.)" if level != "province" else "use the full name"
        raise ValidationError(f"ambiguous {level} {text!r}{where}: could be {options}; {hint}", fld)

    def _describe(self, node_id: str) -> str:
        prov = self.province_of(node_id)
        label = self.label.get(node_id, node_id)
        return f"{label} ({self.label.get(prov, prov)})" if prov != node_id else label

    def parse_place(self, text: str) -> tuple[dict[str, str], list[str]]:
        """Split an address into labelled parts (level -> text) and unlabelled chunks."""
        text = _NOISE.sub(" ", normalize(text))
        labelled: dict[str, str] = {}
        marks = list(_LABEL.finditer(text))
        loose_text = text[: marks[0].start()] if marks else text
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            value, _, after = text[m.end() : end].strip(" ,").partition(",")
            words = value.split()
            if words:  # Thai names have no spaces: what follows the name is another part
                labelled.setdefault(_LEVEL[m.group(1)], words[0])
            loose_text += "," + ",".join(words[1:] + [after])
        loose: list[str] = []
        chunks = []
        for chunk in re.split(r"[,\n]+", loose_text):
            # Thai names have no spaces, so spaces separate parts; English names keep theirs
            chunks += [chunk] if re.search("[A-Za-z]", chunk) else chunk.split()
        for chunk in chunks:
            chunk = chunk.strip()
            if not chunk:
                continue
            low = chunk.lower()
            for level in ("subdistrict", "district", "province"):
                stripped = _strip_level(chunk, level)
                tagged = low.startswith(_PREFIXES[level]) or low.endswith(_SUFFIXES[level])
                if tagged and stripped != chunk and level not in labelled:
                    labelled[level] = stripped
                    break
            else:
                loose.append(chunk)
        return labelled, loose

    def resolve_place(
        self, place: str = "", *, fld: str = "place", **given: str
    ) -> tuple[dict[str, str], list[str]]:
        """Ids for an address and/or per-level texts; returns (level -> id, warnings)."""
        self._tables()
        labelled, loose = self.parse_place(place) if place else ({}, [])
        for level, value in given.items():
            if value:
                labelled[level] = value
        out: dict[str, str] = {}
        warnings: list[str] = []
        rest = []
        for chunk in loose:  # an unlabelled chunk that is exactly a province name
            found = self._candidates("province", chunk, None)
            if len(found) == 1 and "province" not in labelled and "province" not in out:
                out["province"] = found.pop()
            else:
                rest.append(chunk)
        if "province" in labelled:
            out["province"] = self._one(
                "province", labelled["province"], None, _f(given, "province", fld)
            )
        if "district" in labelled:
            out["district"] = self._one(
                "district", labelled["district"], out.get("province"), _f(given, "district", fld)
            )
            out.setdefault("province", self.parent[out["district"]])
        if "subdistrict" in labelled:
            within = out.get("district") or out.get("province")
            out["subdistrict"] = self._one(
                "subdistrict", labelled["subdistrict"], within, _f(given, "subdistrict", fld)
            )
            out.setdefault("district", self.parent[out["subdistrict"]])
            out.setdefault("province", self.parent[out["district"]])
        for chunk in rest:
            hit = None
            for level in ("district", "subdistrict"):
                if level in out:
                    continue
                within = out.get("district") or out.get("province")
                found = self._candidates(level, chunk, within)
                if len(found) == 1 and (within or level == "district"):
                    hit = (level, found.pop())
                    break
            if hit:
                out[hit[0]] = hit[1]
                if hit[0] == "district":
                    out.setdefault("province", self.parent[hit[1]])
            elif out:
                warnings.append(f"{fld}: ignored {chunk!r} (not a place name we know)")
            else:
                raise ValidationError(
                    f"unknown place {chunk!r}; write it as ต.… อ.… จ.… or give the province", fld
                )
        return out, warnings

    # -- organisations and other names ---------------------------------------------------------
    def resolve_name(self, kinds: tuple[str, ...], text: str, fld: str) -> str | None:
        """The id of the node of one of ``kinds`` named ``text`` (None if no such name)."""
        self._tables()
        found: set[str] = set()
        for kind in kinds:
            name = _strip_level(text, kind) if kind in PLACE_FIELDS else text
            found |= self.names[kind].get(key(name), set())
        if len(found) > 1:
            options = ", ".join(f"{n} ({self.label.get(n, n)})" for n in sorted(found))
            raise ValidationError(f"{fld}: {text!r} could mean {options}; give the id", fld)
        return found.pop() if found else None

    def _resolve_ref(self, kind: str, fld: str, value: Any, allowed: tuple[str, ...]) -> Any:
        if not isinstance(value, str) or not value.strip():
            return value
        value = value.strip()
        if self.ids.get(value) in allowed:
            return value
        hit = self.resolve_name(allowed, value, fld)
        if hit:
            return hit
        if _ID_LIKE.match(value):
            return value  # an id; ingest checks that it exists (maybe later in this import)
        raise ValidationError(
            f"{fld}: no {'/'.join(allowed)} called {value!r}; use its id or its official name",
            fld,
        )

    # -- the Linker protocol -------------------------------------------------------------------
    def note_id(self, node_id: str, kind: str) -> None:
        """An id staged by the running import: a later reference to it is that node, not a name."""
        self._tables()
        self.ids[node_id] = kind

    def link(self, kind: str, data: dict[str, Any]) -> list[str]:
        """Rewrite text in ``data``'s reference fields to ids; return warnings."""
        self._tables()
        spec = KINDS.get(kind)
        if spec is None:
            return []
        warnings: list[str] = []
        levels = [f for f in PLACE_FIELDS if spec.field(f) is not None]
        if levels:
            warnings += self._link_places(data, levels)
        for f in spec.refs:
            if f.name in PLACE_FIELDS or f.name not in data:
                continue
            resolvable = tuple(k for k in f.ref if k in self.names or k in PLACE_FIELDS)
            if not resolvable:
                continue
            value = data[f.name]
            if isinstance(value, str) and f.many:
                value = [v.strip() for v in value.split(";") if v.strip()]
            if isinstance(value, list):
                resolved = [self._resolve_ref(kind, f.name, v, f.ref) for v in value]
                data[f.name] = list(dict.fromkeys(resolved))
            else:
                data[f.name] = self._resolve_ref(kind, f.name, value, f.ref)
        return warnings

    def _link_places(self, data: dict[str, Any], levels: list[str]) -> list[str]:
        texts = {}
        for level in PLACE_FIELDS:
            value = data.get(level)
            if value in (None, ""):
                continue
            value = str(value).strip()
            if self.ids.get(value) == level:
                continue
            if value.isdigit():
                continue  # a code: ingest checks it (it may be defined in the same import)
            texts[level] = value
        place = str(data.get("place") or "")
        if not texts and not (place and any(not data.get(lv) for lv in levels)):
            return []
        found, warnings = self.resolve_place(place, **texts)
        for level in levels:
            if level in found and (level in texts or not data.get(level)):
                data[level] = found[level]
        for level in texts:
            if level not in levels:
                data.pop(level, None)
        return warnings


def _f(given: dict[str, str], level: str, default: str) -> str:
    return level if given.get(level) else default


# -- the same technology from two sources ------------------------------------------------------
_NOT_WORD = re.compile(r"[\W_]+")


def title_key(title: str, *, normalized: bool = False) -> str:
    """Titles compared for duplicates: normalised, tone marks folded, no spaces or punctuation."""
    from ttgraph.thai import fold

    return _NOT_WORD.sub("", fold(title if normalized else normalize(title)).lower())


def find_duplicates(store: Store, ids: list[str] | None = None) -> list[tuple[str, str]]:
    """Pairs (a, b), a < b, of technologies from different sources with alike title and owner.

    Owners are compared as agency ids after linking (so ``สวทช.`` and ``NSTDA`` agree); a
    technology without an owner matches on its title alone.  ``ids`` limits the search to pairs
    touching those technologies (what an import just wrote).  SQLite groups the titles, so
    memory does not grow with the size of the catalogue.
    """
    conn = store.conn
    conn.create_function(
        "tt_title_key", 1, lambda s: title_key(s or "", normalized=True), deterministic=True
    )
    wanted = set(ids) if ids is not None else None
    groups = conn.execute(
        "SELECT group_concat(id, char(31)) FROM nodes WHERE kind='technology' AND status='active'"
        " GROUP BY tt_title_key(label) HAVING count(*) > 1"
    )
    pairs = []
    for (joined,) in groups:
        members = sorted(joined.split("\x1f"))
        if wanted is not None and wanted.isdisjoint(members):
            continue
        marks = ",".join("?" * len(members))
        source = dict(conn.execute(f"SELECT id, source FROM nodes WHERE id IN ({marks})", members))
        owners: dict[str, set[str]] = defaultdict(set)
        for src, dst in conn.execute(
            f"SELECT src, dst FROM edges WHERE kind='developed_by' AND src IN ({marks})", members
        ):
            owners[src].add(dst)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if source[a] == source[b]:
                    continue
                if wanted is not None and a not in wanted and b not in wanted:
                    continue
                if owners[a] and owners[b] and not owners[a] & owners[b]:
                    continue
                pairs.append((a, b))
    return sorted(pairs)


def mark_duplicates(store: Store, ids: list[str] | None = None) -> list[tuple[str, str]]:
    """Add a ``same_as`` edge with status ``candidate`` for each new duplicate pair found.

    A pair a person already confirmed or rejected (an edge either way) is left alone.
    """
    new = []
    with store.transaction():
        for a, b in find_duplicates(store, ids):
            if any(store.edges(src=a, dst=b, kind="same_as")) or any(
                store.edges(src=b, dst=a, kind="same_as")
            ):
                continue
            store.add_edge(a, "same_as", b, {"status": "candidate"}, origin="duplicates")
            new.append((a, b))
    return new


def list_duplicates(store: Store, status: str | None = None) -> list[dict[str, Any]]:
    """The ``same_as`` pairs between technologies, with titles, sources and their status."""
    out = []
    for edge in store.edges(kind="same_as"):
        if status and edge.data.get("status") != status:
            continue
        a, b = store.get(edge.source), store.get(edge.target)
        if a is None or b is None or a.kind != "technology":
            continue
        out.append(
            {
                "a": a.id,
                "b": b.id,
                "status": edge.data.get("status", "candidate"),
                "title_a": a.label,
                "title_b": b.label,
                "source_a": a.source,
                "source_b": b.source,
                **{k: v for k, v in edge.data.items() if k in ("by", "at")},
            }
        )
    return sorted(out, key=lambda d: (d["status"] != "candidate", d["a"], d["b"]))


def set_duplicate_status(store: Store, a: str, b: str, status: str, user: str = "") -> None:
    """Confirm or reject a pair (recorded with who and when); NotFound if it is not a pair."""
    from ttgraph.errors import NotFound
    from ttgraph.store import now

    if status not in ("confirmed", "rejected", "candidate"):
        raise ValidationError(f"status must be confirmed or rejected, not {status!r}", "status")
    for src, dst in ((a, b), (b, a)):
        edge = next(iter(store.edges(src=src, dst=dst, kind="same_as")), None)
        if edge is not None:
            data = {**edge.data, "status": status, "at": now()}
            if user:
                data["by"] = user
            with store.transaction():
                store.add_edge(src, "same_as", dst, data, origin=edge.origin)
            return
    raise NotFound(f"{a} and {b} are not a duplicate pair; see 'ttgraph duplicates'")
