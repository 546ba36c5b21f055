"""The graph model: node kinds, their fields, edge kinds and the rules that validate them.

Every node has a stable string ``id`` (unique across kinds), a ``kind`` and a flat dict of
fields.  A field whose spec has ``ref`` names another node by id; when a record is stored, each
such field also becomes an edge (``technology.agency`` -> ``developed_by``), so the field is the
convenient way to write a record and the edge is what the graph, search and RDF use.

>>> validate_node("province", {"name": "เชียงใหม่", "region": "north"})["name"]
'เชียงใหม่'
>>> EDGE_KINDS["developed_by"].allows("technology", "agency")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ttgraph.errors import ValidationError


@dataclass(frozen=True)
class Field:
    """One field of a node kind."""

    name: str
    type: str = "str"  # str | int | float | bool | list | date
    required: bool = False
    doc: str = ""
    ref: tuple[str, ...] = ()  # kinds this field may point at
    edge: str | None = None  # edge kind created from this reference
    choices: tuple[str, ...] = ()
    many: bool = False  # a list of references / strings
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Kind:
    """A node kind: what it means, its Thai/English labels and its fields."""

    name: str
    label_th: str
    label_en: str
    doc: str
    fields: tuple[Field, ...]
    label_field: str = "name"

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def refs(self) -> list[Field]:
        return [f for f in self.fields if f.ref]


@dataclass(frozen=True)
class EdgeKind:
    """A directed edge kind and the node kinds allowed at each end."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    doc: str
    label_th: str = ""

    def allows(self, source_kind: str, target_kind: str) -> bool:
        return source_kind in self.sources and target_kind in self.targets


PLACES = ("province", "district", "subdistrict")
AREAS = ("province", "region", "district", "subdistrict", "village")
ACTORS = ("agency", "clinic", "volunteer_network", "regional_centre")

_NAME = Field("name", required=True, doc="Name in Thai (or the original language)")
_NAME_EN = Field("name_en", doc="Name in English")
_LAT = Field("lat", "float", doc="Latitude, WGS84", minimum=-90, maximum=90)
_LON = Field("lon", "float", doc="Longitude, WGS84", minimum=-180, maximum=180)
_PROVINCE = Field(
    "province", ref=("province",), edge="located_in", doc="Province id (DOPA code, e.g. '50')"
)
_DISTRICT = Field("district", ref=("district",), edge="located_in", doc="District id (DOPA code)")
_SUBDISTRICT = Field(
    "subdistrict", ref=("subdistrict",), edge="located_in", doc="Subdistrict id (DOPA code)"
)
_PLACE_TEXT = Field(
    "place", doc="Free-text address ('ต.บ้านใหม่ อ.เมือง จ.นครราชสีมา'), resolved by importers"
)
_ABBR = Field("abbr", "list", many=True, doc="Abbreviations and short names (สวทช., NSTDA, โคราช)")
_URL = Field("url", doc="Web page")

KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind(
            "technology",
            "เทคโนโลยี",
            "Technology",
            "A technology, product or know-how offered for transfer by its owner.",
            (
                Field("title", required=True, doc="Title in Thai"),
                Field("title_en", doc="Title in English"),
                Field("description", doc="What it is and what it does"),
                Field("description_en"),
                Field("keywords", "list", many=True, doc="Free keywords"),
                Field(
                    "agency",
                    ref=("agency",),
                    edge="developed_by",
                    many=True,
                    doc="Owner/developer agency id(s)",
                ),
                Field(
                    "category",
                    ref=("category",),
                    edge="in_category",
                    many=True,
                    doc="Category id(s)",
                ),
                Field("trl", "int", doc="Technology readiness level 1-9", minimum=1, maximum=9),
                Field(
                    "year", "int", doc="Year (CE) it became available", minimum=1900, maximum=2200
                ),
                Field("benefits", doc="Who benefits and how"),
                Field("requirements", doc="What a community needs to adopt it (cost, skills)"),
                Field("cost_baht", "float", doc="Indicative cost to adopt, in baht", minimum=0),
                Field("ip", doc="Intellectual property: patent, petty patent, open, …"),
                Field("contact"),
                _URL,
            ),
            label_field="title",
        ),
        Kind(
            "agency",
            "หน่วยงาน",
            "Agency",
            "An owner of technologies: a ministry agency, a university, a company or a group.",
            (
                _NAME,
                _NAME_EN,
                _ABBR,
                Field(
                    "type",
                    choices=("ministry", "agency", "university", "company", "community", "other"),
                    doc="What sort of organisation",
                ),
                Field("parent", ref=("agency",), edge="part_of", doc="Parent organisation id"),
                _PROVINCE,
                _URL,
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "clinic",
            "คลินิกเทคโนโลยี",
            "Technology clinic",
            "A technology clinic, hosted by a university, that brings technologies to communities.",
            (
                _NAME,
                _NAME_EN,
                Field(
                    "university",
                    ref=("agency",),
                    edge="hosted_by",
                    doc="Host university (agency id)",
                ),
                _PROVINCE,
                Field(
                    "serves",
                    ref=("province", "region"),
                    edge="serves",
                    many=True,
                    doc="Provinces or regions it serves",
                ),
                Field("contact"),
                _URL,
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "village",
            "หมู่บ้าน/ชุมชน",
            "Village",
            "A lead science-and-technology village or another community that receives technology.",
            (
                _NAME,
                _NAME_EN,
                Field("moo", "int", doc="Village number (หมู่ที่)", minimum=0),
                _SUBDISTRICT,
                _DISTRICT,
                _PROVINCE,
                Field("main_occupation", doc="Main occupation (ทำนา, ประมง, …)"),
                Field("products", "list", many=True, doc="Main products"),
                Field("households", "int", minimum=0),
                Field("lead_village", "bool", doc="A lead S&T village (หมู่บ้านแม่ข่าย)"),
                Field(
                    "year", "int", doc="Year it joined the programme", minimum=1900, maximum=2200
                ),
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "need",
            "ความต้องการของชุมชน",
            "Community need",
            "A problem a community states in its own words, and where it stands.",
            (
                Field("text", required=True, doc="The need, in the community's words"),
                Field(
                    "raised_by",
                    ref=("village", "volunteer_network", "agency", "clinic"),
                    edge="raised_by",
                    doc="Who raised it (usually a village id)",
                ),
                Field("raised_by_name", doc="Who raised it, when not a node (a person, a group)"),
                _SUBDISTRICT,
                _DISTRICT,
                _PROVINCE,
                Field("category", ref=("category",), edge="in_category", many=True),
                Field(
                    "status",
                    choices=("open", "matched", "in_progress", "resolved"),
                    doc="open / matched / in_progress / resolved",
                ),
                Field("date", "date", doc="When it was raised (YYYY-MM-DD)"),
                Field("constraints", doc="Budget, skills or other limits stated with the need"),
                Field("max_cost_baht", "float", minimum=0),
            ),
            label_field="text",
        ),
        Kind(
            "volunteer_network",
            "เครือข่าย อสวท.",
            "S&T volunteer network",
            "A network of science-and-technology volunteers (อสวท.).",
            (
                _NAME,
                _NAME_EN,
                _PROVINCE,
                Field("members", "int", minimum=0),
                Field("clinic", ref=("clinic",), edge="part_of", doc="Clinic it works with"),
            ),
        ),
        Kind(
            "province",
            "จังหวัด",
            "Province",
            "One of Thailand's 77 provinces; id is the DOPA code.",
            (
                _NAME,
                _NAME_EN,
                _ABBR,
                Field("region", ref=("region",), edge="part_of", doc="Region id"),
                Field(
                    "provincial_group",
                    ref=("provincial_group",),
                    edge="part_of",
                    doc="Provincial group id",
                ),
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "district",
            "อำเภอ/เขต",
            "District",
            "A district (amphoe/khet); id is the DOPA code.",
            (
                _NAME,
                _NAME_EN,
                Field("province", ref=("province",), edge="part_of", required=True),
                Field("postal_code"),
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "subdistrict",
            "ตำบล/แขวง",
            "Subdistrict",
            "A subdistrict (tambon/khwaeng); id is the DOPA code.",
            (
                _NAME,
                _NAME_EN,
                Field("district", ref=("district",), edge="part_of", required=True),
                Field("postal_code"),
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "region",
            "ภาค",
            "Region",
            "A region of Thailand (the six-region scheme).",
            (_NAME, _NAME_EN),
        ),
        Kind(
            "provincial_group",
            "กลุ่มจังหวัด",
            "Provincial group",
            "A group of provinces that plan together (กลุ่มจังหวัด).",
            (_NAME, _NAME_EN, Field("region", ref=("region",), edge="part_of")),
        ),
        Kind(
            "regional_centre",
            "ศูนย์ประสานงานประจำภูมิภาค",
            "Regional coordination centre",
            "One of the ministry's five regional coordination centres (ศวภ.).",
            (
                _NAME,
                _NAME_EN,
                _ABBR,
                _PROVINCE,
                Field(
                    "serves",
                    ref=("province",),
                    edge="serves",
                    many=True,
                    doc="Provinces in its service area (editable)",
                ),
                _LAT,
                _LON,
            ),
        ),
        Kind(
            "category",
            "หมวดหมู่",
            "Category",
            "A sector in the taxonomy, with the words that point at it.",
            (
                _NAME,
                _NAME_EN,
                Field("broader", ref=("category",), edge="broader", doc="Broader category id"),
                Field("keywords", "list", many=True, doc="Solution words (แปรรูป, เพิ่มมูลค่า)"),
                Field(
                    "problem_terms",
                    "list",
                    many=True,
                    doc="Problem words a community uses (ราคาตกต่ำ, น้ำไม่พอ)",
                ),
            ),
        ),
        Kind(
            "transfer",
            "การถ่ายทอดเทคโนโลยี",
            "Technology transfer",
            "A technology carried to a community by a clinic or agency in a year, with its outcome.",
            (
                Field(
                    "technology",
                    ref=("technology",),
                    edge="transfer_of",
                    required=True,
                    doc="Technology id",
                ),
                Field(
                    "village",
                    ref=("village",),
                    edge="transferred_to",
                    many=True,
                    doc="Receiving village id(s)",
                ),
                Field(
                    "via",
                    ref=("clinic", "agency", "volunteer_network", "regional_centre"),
                    edge="via",
                    many=True,
                    doc="Clinic or agency that carried it",
                ),
                Field("need", ref=("need",), edge="responds_to", doc="The need it answered"),
                Field("year", "int", required=True, minimum=1900, maximum=2200, doc="Year (CE)"),
                Field("date", "date"),
                Field(
                    "outcome",
                    choices=("adopted", "partly_adopted", "not_adopted", "ongoing"),
                    doc="adopted / partly_adopted / not_adopted / ongoing",
                ),
                Field("participants", "int", minimum=0, doc="People trained"),
                Field("income_change_pct", "float", doc="Reported change in income, percent"),
                Field("title", doc="Short description; filled in from the technology if absent"),
                Field("note"),
            ),
            label_field="title",
        ),
    ]
}

EDGE_KINDS: dict[str, EdgeKind] = {
    e.name: e
    for e in [
        EdgeKind(
            "developed_by", ("technology",), ("agency",), "Technology owned/developed by", "พัฒนาโดย"
        ),
        EdgeKind("hosted_by", ("clinic",), ("agency",), "Clinic hosted by a university", "สังกัด"),
        EdgeKind(
            "located_in",
            ("agency", "clinic", "village", "need", "volunteer_network", "regional_centre"),
            PLACES,
            "Where a thing is",
            "ตั้งอยู่ที่",
        ),
        EdgeKind(
            "part_of",
            (
                "district",
                "subdistrict",
                "province",
                "provincial_group",
                "agency",
                "volunteer_network",
            ),
            ("province", "district", "region", "provincial_group", "agency", "clinic"),
            "Administrative or organisational hierarchy",
            "เป็นส่วนหนึ่งของ",
        ),
        EdgeKind(
            "serves",
            ACTORS,
            ("province", "region", "village", "district"),
            "Service area of a clinic, centre or agency",
            "ให้บริการ",
        ),
        EdgeKind(
            "raised_by",
            ("need",),
            ("village", "volunteer_network", "agency", "clinic"),
            "Who raised a need",
            "เสนอโดย",
        ),
        EdgeKind("in_category", ("technology", "need"), ("category",), "Sector", "หมวดหมู่"),
        EdgeKind("broader", ("category",), ("category",), "SKOS broader category", "หมวดที่กว้างกว่า"),
        EdgeKind(
            "transfer_of", ("transfer",), ("technology",), "What was transferred", "เทคโนโลยีที่ถ่ายทอด"
        ),
        EdgeKind(
            "transferred_to",
            ("transfer",),
            ("village",),
            "Which community received it",
            "ถ่ายทอดให้",
        ),
        EdgeKind("via", ("transfer",), ACTORS, "Who carried the transfer", "ดำเนินการโดย"),
        EdgeKind(
            "responds_to",
            ("transfer",),
            ("need",),
            "The need a transfer answered",
            "ตอบสนองความต้องการ",
        ),
        EdgeKind(
            "matches",
            ("need",),
            ("technology",),
            "A proposed, accepted or rejected match (attribute: status, by, at, note)",
            "จับคู่กับ",
        ),
        EdgeKind(
            "same_as",
            ("technology", "agency", "village", "clinic"),
            ("technology", "agency", "village", "clinic"),
            "The same thing from two sources (attribute: status candidate/confirmed/rejected)",
            "เป็นสิ่งเดียวกับ",
        ),
    ]
}


def _check_type(kind: str, f: Field, value: Any) -> Any:
    """Return ``value`` coerced to the field's type, or raise ValidationError."""
    where = f"{kind}.{f.name}"
    if f.many:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(";") if v.strip()] if value else []
        if not isinstance(value, (list, tuple)):
            raise ValidationError(f"{where} must be a list, not {type(value).__name__}", f.name)
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            raise ValidationError(f"{where} must be a list of text values", f.name)
        return [str(v) for v in value]
    if f.type == "int":
        if isinstance(value, bool):
            raise ValidationError(f"{where} must be a whole number, not true/false", f.name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ValidationError(
                    f"{where} must be a whole number, got {value!r}", f.name
                ) from None
        if not isinstance(value, int):
            raise ValidationError(f"{where} must be a whole number, got {value!r}", f.name)
    elif f.type == "float":
        if isinstance(value, bool):
            raise ValidationError(f"{where} must be a number, not true/false", f.name)
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", ""))
            except ValueError:
                raise ValidationError(f"{where} must be a number, got {value!r}", f.name) from None
        if not isinstance(value, (int, float)):
            raise ValidationError(f"{where} must be a number, got {value!r}", f.name)
        value = float(value)
    elif f.type == "bool":
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("true", "yes", "1", "ใช่", "y"):
                value = True
            elif low in ("false", "no", "0", "ไม่ใช่", "n", ""):
                value = False
        if not isinstance(value, bool):
            raise ValidationError(f"{where} must be true or false, got {value!r}", f.name)
    elif f.type == "date":
        if not isinstance(value, str) or not _is_date(value):
            raise ValidationError(f"{where} must be a date YYYY-MM-DD, got {value!r}", f.name)
    else:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValidationError(f"{where} must be text, got {type(value).__name__}", f.name)
    if f.minimum is not None and isinstance(value, (int, float)) and value < f.minimum:
        raise ValidationError(f"{where} must be at least {f.minimum:g}, got {value}", f.name)
    if f.maximum is not None and isinstance(value, (int, float)) and value > f.maximum:
        raise ValidationError(f"{where} must be at most {f.maximum:g}, got {value}", f.name)
    if f.choices and value not in f.choices:
        raise ValidationError(
            f"{where} must be one of {', '.join(f.choices)}; got {value!r}", f.name
        )
    return value


def _is_date(value: str) -> bool:
    import datetime as _dt

    try:
        _dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def kind_spec(kind: str) -> Kind:
    """The spec of ``kind``, or a ValidationError listing the kinds there are."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError(
            f"unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}", "kind"
        ) from None


def validate_node(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Check ``data`` against the kind's fields and return a cleaned copy.

    Unknown fields are kept (agencies carry extra columns) as long as they are plain values;
    empty values are dropped; required fields must be present and non-empty.
    """
    spec = kind_spec(kind)
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("id", "kind"):
            continue
        if value is None or value == "" or value == []:
            continue
        f = spec.field(key)
        if f is None:
            if not isinstance(value, (str, int, float, bool, list)):
                raise ValidationError(f"{kind}.{key}: nested objects are not allowed", key)
            clean[key] = value
            continue
        clean[key] = _check_type(kind, f, value)
    for name in spec.required:
        if name not in clean:
            raise ValidationError(f"{kind} is missing required field {name!r}", name)
    return clean


def validate_edge(edge_kind: str, source_kind: str, target_kind: str) -> EdgeKind:
    """Refuse an edge whose kind does not fit the kinds of its end nodes."""
    spec = EDGE_KINDS.get(edge_kind)
    if spec is None:
        raise ValidationError(
            f"unknown edge kind {edge_kind!r}; known: {', '.join(sorted(EDGE_KINDS))}", "type"
        )
    if not spec.allows(source_kind, target_kind):
        raise ValidationError(
            f"a {edge_kind} edge cannot go from a {source_kind} to a {target_kind} "
            f"(allowed: {'/'.join(spec.sources)} -> {'/'.join(spec.targets)})",
            "type",
        )
    return spec


def ref_edges(kind: str, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The (field, edge kind, target id) triples implied by a node's reference fields."""
    out: list[tuple[str, str, str]] = []
    for f in kind_spec(kind).refs:
        value = data.get(f.name)
        if value in (None, "", []):
            continue
        for target in value if isinstance(value, list) else [value]:
            out.append((f.name, f.edge or "related", str(target)))
    return out


def label(kind: str, data: dict[str, Any]) -> str:
    """The human label of a node: its Thai title/name/text, else its English one."""
    spec = KINDS.get(kind)
    key = spec.label_field if spec else "name"
    value = data.get(key) or data.get(f"{key}_en") or data.get("name") or data.get("title")
    return str(value) if value else ""


def label_en(kind: str, data: dict[str, Any]) -> str:
    """The English label where one is known, else the Thai one."""
    spec = KINDS.get(kind)
    key = spec.label_field if spec else "name"
    return str(data.get(f"{key}_en") or label(kind, data))


@dataclass
class Node:
    """A node as stored: id, kind, fields and provenance."""

    id: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    source_id: str = ""
    importer: str = ""
    created: str = ""
    updated: str = ""
    status: str = "active"

    @property
    def label(self) -> str:
        return label(self.kind, self.data)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            **self.data,
            "_provenance": {
                "source": self.source,
                "source_id": self.source_id,
                "importer": self.importer,
                "created": self.created,
                "updated": self.updated,
                "status": self.status,
            },
        }


@dataclass
class Edge:
    """A directed, typed edge with attributes and provenance."""

    source: str
    target: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    origin: str = ""  # source (file/catalogue) that wrote it
    importer: str = ""
    created: str = ""
    updated: str = ""
