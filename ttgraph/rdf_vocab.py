"""How ttgraph's model maps onto RDF: one table, read by the exporter, importer, vocabulary,
JSON-LD context and SHACL shapes alike, so they cannot drift apart.

Well-known vocabularies are used wherever they fit (schema.org names, Dublin Core titles and
dates, SKOS for the category taxonomy, WGS84 for coordinates, W3C org/FOAF for organisations,
PROV-O for imports and transfers); the ``tt:`` namespace covers only what they lack.

>>> field_predicate("technology", "title_en")
('http://purl.org/dc/terms/title', 'en')
>>> field_predicate("category", "name")
('http://www.w3.org/2004/02/skos/core#prefLabel', 'th')
"""

from __future__ import annotations

from ttgraph.model import EDGE_KINDS, KINDS, Field
from ttgraph.rdf_terms import DCT, FOAF, GEO, ORG, OWL, PROV, SCHEMA, SKOS, VOCAB, name_local

# Text fields written in Thai (tagged @th); their ``*_en`` twins are tagged @en.
THAI_TEXT = {
    "name",
    "title",
    "description",
    "text",
    "benefits",
    "requirements",
    "main_occupation",
    "raised_by_name",
    "constraints",
    "note",
    "place",
}

# Field name -> predicate, where a well-known vocabulary has the right term.
EXTERNAL_FIELDS = {
    "name": SCHEMA + "name",
    "title": DCT + "title",
    "description": DCT + "description",
    "abbr": SKOS + "altLabel",
    "url": SCHEMA + "url",
    "lat": GEO + "lat",
    "lon": GEO + "long",
    "keywords": SCHEMA + "keywords",
    "postal_code": SCHEMA + "postalCode",
    "date": DCT + "date",
}
KIND_FIELDS = {("category", "name"): SKOS + "prefLabel"}

# Field name -> (tt: local name, Thai label, English label) for the fields we define ourselves.
TT_FIELDS = {
    "trl": ("trl", "ระดับความพร้อมของเทคโนโลยี", "technology readiness level"),
    "year": ("year", "ปี (ค.ศ.)", "year (CE)"),
    "benefits": ("benefits", "ประโยชน์", "benefits"),
    "requirements": ("requirements", "สิ่งที่ชุมชนต้องมี", "adoption requirements"),
    "cost_baht": ("costBaht", "ต้นทุนโดยประมาณ (บาท)", "indicative cost (baht)"),
    "ip": ("intellectualProperty", "ทรัพย์สินทางปัญญา", "intellectual property"),
    "contact": ("contact", "ติดต่อ", "contact"),
    "type": ("organisationType", "ประเภทองค์กร", "organisation type"),
    "moo": ("villageNumber", "หมู่ที่", "village number (moo)"),
    "main_occupation": ("mainOccupation", "อาชีพหลัก", "main occupation"),
    "products": ("product", "ผลิตภัณฑ์หลัก", "main product"),
    "households": ("households", "จำนวนครัวเรือน", "households"),
    "lead_village": ("leadVillage", "หมู่บ้านแม่ข่าย", "lead S&T village"),
    "text": ("needText", "ข้อความความต้องการ", "need statement"),
    "raised_by_name": ("raisedByName", "ผู้เสนอ (ชื่อ)", "raised by (name)"),
    "status": ("needStatus", "สถานะความต้องการ", "need status"),
    "constraints": ("constraints", "ข้อจำกัด", "constraints"),
    "max_cost_baht": ("maxCostBaht", "งบประมาณสูงสุด (บาท)", "maximum cost (baht)"),
    "members": ("members", "จำนวนสมาชิก", "members"),
    "problem_terms": ("problemTerm", "คำที่ชุมชนใช้บอกปัญหา", "problem term"),
    "outcome": ("outcome", "ผลการถ่ายทอด", "transfer outcome"),
    "participants": ("participants", "จำนวนผู้รับการอบรม", "people trained"),
    "income_change_pct": ("incomeChangePct", "รายได้เปลี่ยนไป (ร้อยละ)", "income change (%)"),
    "note": ("note", "หมายเหตุ", "note"),
    "place": ("placeText", "ที่อยู่ (ข้อความ)", "address as written"),
}

# Edge kind -> (predicate, super-property in a well-known vocabulary or None, English label).
EDGE_PROPS = {
    "developed_by": ("developedBy", DCT + "creator", "developed by"),
    "hosted_by": ("hostedBy", ORG + "subOrganizationOf", "hosted by"),
    "located_in": ("locatedIn", SCHEMA + "containedInPlace", "located in"),
    "part_of": ("partOf", DCT + "isPartOf", "part of"),
    "serves": ("serves", SCHEMA + "areaServed", "serves"),
    "raised_by": ("raisedBy", DCT + "creator", "raised by"),
    "in_category": ("inCategory", DCT + "subject", "in category"),
    "broader": ("broader", SKOS + "broader", "broader category"),
    "transfer_of": ("transferOf", PROV + "used", "transfer of"),
    "transferred_to": ("transferredTo", None, "transferred to"),
    "via": ("via", PROV + "wasAssociatedWith", "carried out by"),
    "responds_to": ("respondsTo", None, "responds to need"),
    "matches": ("matches", None, "matches technology"),
    "same_as": ("sameAs", None, "same as (candidate or confirmed)"),
}

# Kind -> (tt: class, extra well-known class written into the data, Thai comment).
KIND_CLASSES = {
    "technology": (
        "Technology",
        SCHEMA + "Product",
        "เทคโนโลยี ผลิตภัณฑ์ หรือองค์ความรู้ที่เจ้าของพร้อมถ่ายทอด",
    ),
    "agency": ("Agency", ORG + "Organization", "เจ้าของเทคโนโลยี: หน่วยงาน มหาวิทยาลัย บริษัท หรือกลุ่ม"),
    "clinic": ("Clinic", ORG + "OrganizationalUnit", "คลินิกเทคโนโลยีในมหาวิทยาลัยที่นำเทคโนโลยีสู่ชุมชน"),
    "village": ("Village", SCHEMA + "Place", "หมู่บ้านแม่ข่ายหรือชุมชนที่รับการถ่ายทอดเทคโนโลยี"),
    "need": ("Need", SCHEMA + "Demand", "ปัญหาหรือความต้องการที่ชุมชนบอกด้วยคำของตนเอง และสถานะ"),
    "volunteer_network": (
        "VolunteerNetwork",
        FOAF + "Group",
        "เครือข่ายอาสาสมัครวิทยาศาสตร์และเทคโนโลยี (อสวท.)",
    ),
    "province": ("Province", SCHEMA + "AdministrativeArea", "จังหวัด รหัสตามกรมการปกครอง"),
    "district": ("District", SCHEMA + "AdministrativeArea", "อำเภอหรือเขต รหัสตามกรมการปกครอง"),
    "subdistrict": ("Subdistrict", SCHEMA + "AdministrativeArea", "ตำบลหรือแขวง รหัสตามกรมการปกครอง"),
    "region": ("Region", SCHEMA + "AdministrativeArea", "ภาคของประเทศไทย (แบบหกภาค)"),
    "provincial_group": (
        "ProvincialGroup",
        SCHEMA + "AdministrativeArea",
        "กลุ่มจังหวัดที่วางแผนพัฒนาร่วมกัน",
    ),
    "regional_centre": (
        "RegionalCentre",
        ORG + "OrganizationalUnit",
        "ศูนย์ประสานงานประจำภูมิภาค (ศวภ.)",
    ),
    "category": ("Category", SKOS + "Concept", "หมวดหมู่ในอนุกรมวิธานของเทคโนโลยีและความต้องการ"),
    "transfer": ("Transfer", PROV + "Activity", "การนำเทคโนโลยีไปถ่ายทอดให้ชุมชนในปีหนึ่ง พร้อมผลลัพธ์"),
}

# Attributes of explicit edges (same_as status, match status...) and provenance terms.
LINK_ATTRS = {"status": "linkStatus", "by": "linkBy", "at": "linkAt", "score": "score"}
LINK_CLASS = VOCAB + "Link"
SCHEME_CLASS = SKOS + "ConceptScheme"
EXTRA_PREFIX = VOCAB + "x-"
JSON_DATATYPE = VOCAB + "json"
SAME_AS = OWL + "sameAs"
# A category's optional ``related`` list (category ids) becomes skos:related.
RELATED_FIELD = ("category", "related")


def class_iri(kind: str) -> str:
    return VOCAB + KIND_CLASSES[kind][0]


def edge_predicate(edge_kind: str) -> str:
    """The predicate of an edge kind (``broader`` is SKOS's own)."""
    if edge_kind == "broader":
        return SKOS + "broader"
    return VOCAB + EDGE_PROPS[edge_kind][0]


def field_predicate(kind: str, name: str) -> tuple[str, str | None]:
    """(predicate, language tag or None) of a non-reference field."""
    lang = None
    base = name
    if name.endswith("_en") and name[:-3] in THAI_TEXT:
        base, lang = name[:-3], "en"
    elif name in THAI_TEXT:
        lang = "th"
    pred = KIND_FIELDS.get((kind, base)) or EXTERNAL_FIELDS.get(base)
    if pred is None:
        pred = VOCAB + TT_FIELDS[base][0] if base in TT_FIELDS else EXTRA_PREFIX + name_local(base)
    return pred, lang


def literal_fields(kind: str) -> list[Field]:
    """The kind's fields that become literals (reference fields become edges)."""
    return [f for f in KINDS[kind].fields if not f.ref]


def field_for_edge(src_kind: str, edge_kind: str, dst_kind: str) -> Field | None:
    """The reference field of ``src_kind`` that an edge of this kind to ``dst_kind`` comes from."""
    spec = KINDS.get(src_kind)
    if spec is None:
        return None
    for f in spec.refs:
        if (f.edge or "related") == edge_kind and dst_kind in f.ref:
            return f
    return None


def predicate_index() -> dict[str, tuple[str, str]]:
    """Predicate IRI -> ('edge', kind) for every edge predicate (the importer's lookup)."""
    return {edge_predicate(e): ("edge", e) for e in EDGE_KINDS}


def kind_of_class() -> dict[str, str]:
    return {class_iri(k): k for k in KIND_CLASSES}
