"""The interface in Thai first, English second: a small message catalogue and the language choice.

Only the interface is translated; content (titles, names, needs) is shown in the language it was
written in, with the English field used where one exists and English is chosen.

>>> MESSAGES["th"]["search"], MESSAGES["en"]["search"]
('ค้นหา', 'Search')
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import g, request

from ttgraph.model import EDGE_KINDS, KINDS

LANGS = ("th", "en")
DEFAULT = "th"
COOKIE = "lang"

MESSAGES: dict[str, dict[str, str]] = {
    "th": {
        "site": "ttgraph เครือข่ายถ่ายทอดเทคโนโลยี",
        "site_short": "ttgraph",
        "tagline": "ค้นหาเทคโนโลยีที่ตรงกับความต้องการของชุมชน",
        "search": "ค้นหา",
        "search_placeholder": "เช่น แปรรูปกล้วย, ระบบสูบน้ำ, สวทช.",
        "home": "หน้าแรก",
        "match_desk": "จับคู่ความต้องการ",
        "imports": "นำเข้าข้อมูล",
        "export": "ส่งออกข้อมูล",
        "sign_in": "เข้าสู่ระบบ",
        "sign_out": "ออกจากระบบ",
        "signed_in_as": "เข้าสู่ระบบในชื่อ",
        "user_name": "ชื่อผู้ใช้",
        "password": "รหัสผ่าน",
        "bad_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "need_sign_in": "กรุณาเข้าสู่ระบบก่อน",
        "need_agency": "เฉพาะเจ้าหน้าที่หน่วยงานหรือผู้ดูแลระบบเท่านั้น",
        "language": "ภาษา",
        "counts": "ข้อมูลในระบบ",
        "open_needs": "ความต้องการที่ยังเปิดอยู่",
        "recent_transfers": "การถ่ายทอดเทคโนโลยีล่าสุด",
        "no_transfers": "ยังไม่มีข้อมูลการถ่ายทอด",
        "results": "ผลการค้นหา",
        "results_for": "ผลการค้นหา “{q}”: {n} รายการ",
        "no_results": "ไม่พบผลลัพธ์",
        "did_you_mean": "หรือคุณหมายถึง",
        "sort": "เรียงตาม",
        "sort_relevance": "ความเกี่ยวข้อง",
        "sort_title": "ชื่อ",
        "sort_year": "ปีล่าสุด",
        "sort_trl": "ความพร้อม (TRL)",
        "filters": "ตัวกรอง",
        "clear_filters": "ล้างตัวกรอง",
        "remove_filter": "เอาตัวกรองออก",
        "previous": "ก่อนหน้า",
        "next": "ถัดไป",
        "page_of": "หน้า {page} จาก {pages}",
        "facet_kind": "ประเภท",
        "facet_agency": "หน่วยงาน",
        "facet_province": "จังหวัด",
        "facet_region": "ภาค",
        "facet_category": "หมวดหมู่",
        "facet_trl": "ระดับความพร้อม",
        "fields": "ข้อมูล",
        "provenance": "ที่มาของข้อมูล",
        "source": "แหล่งข้อมูล",
        "importer": "ตัวนำเข้า",
        "created": "สร้างเมื่อ",
        "updated": "ปรับปรุงเมื่อ",
        "status": "สถานะ",
        "links": "ความเชื่อมโยง",
        "links_out": "เชื่อมไปยัง",
        "links_in": "ถูกเชื่อมจาก",
        "neighbourhood": "แผนภาพความเชื่อมโยง",
        "map": "ตำแหน่งบนแผนที่",
        "dashboard": "ภาพรวม",
        "transfers": "การถ่ายทอดเทคโนโลยี",
        "transfers_by_year": "การถ่ายทอดรายปี",
        "needs_by_category": "ความต้องการที่เปิดอยู่ตามหมวดหมู่",
        "villages": "หมู่บ้าน",
        "clinics_serving": "คลินิกที่ให้บริการ",
        "none": "ไม่มี",
        "uncategorised": "ไม่ระบุหมวด",
        "other_formats": "รูปแบบอื่น",
        "need_text": "ความต้องการของชุมชน",
        "need_placeholder": "เช่น ราคาข้าวตกต่ำ อยากแปรรูปเพิ่มมูลค่า",
        "place": "พื้นที่",
        "any_place": "ทุกพื้นที่",
        "village_optional": "หมู่บ้าน (ถ้ามี)",
        "find_technologies": "หาเทคโนโลยีที่เหมาะสม",
        "save_need": "บันทึกความต้องการนี้",
        "need_saved": "บันทึกความต้องการแล้ว",
        "proposals": "เทคโนโลยีที่เสนอ",
        "score": "คะแนน",
        "reasons": "เหตุผล",
        "deliverers": "ผู้ที่ถ่ายทอดได้",
        "accept": "รับข้อเสนอ",
        "reject": "ปฏิเสธ",
        "accepted": "รับแล้ว",
        "rejected": "ปฏิเสธแล้ว",
        "decision_saved": "บันทึกการตัดสินใจแล้ว",
        "decisions": "การตัดสินใจที่บันทึกไว้",
        "record_transfer": "บันทึกการถ่ายทอดโดย",
        "no_transfer_yet": "ยังไม่บันทึกการถ่ายทอด",
        "needs_it_answers": "ความต้องการที่เทคโนโลยีนี้อาจตอบได้",
        "note": "หมายเหตุ",
        "search_unavailable": "ดัชนีค้นหายังไม่พร้อม ใช้การค้นหาแบบพื้นฐานแทน",
        "empty_need": "กรุณาพิมพ์ความต้องการ",
        "upload": "อัปโหลดไฟล์",
        "file": "ไฟล์",
        "importer_auto": "ตรวจหาอัตโนมัติ",
        "check_file": "ตรวจสอบไฟล์ (ยังไม่บันทึก)",
        "dry_run_report": "ผลการตรวจสอบ (ยังไม่บันทึก)",
        "confirm_import": "ยืนยันการนำเข้า",
        "import_done": "นำเข้าข้อมูลแล้ว",
        "past_imports": "การนำเข้าที่ผ่านมา",
        "problems": "ปัญหาที่พบ",
        "no_problems": "ไม่พบปัญหา",
        "line": "บรรทัด",
        "field": "ฟิลด์",
        "message": "ข้อความ",
        "read": "อ่าน",
        "created_n": "สร้างใหม่",
        "updated_n": "ปรับปรุง",
        "unchanged_n": "ไม่เปลี่ยน",
        "withdrawn_n": "ถอนออก",
        "rejected_n": "ปฏิเสธ",
        "when": "เมื่อ",
        "user": "ผู้ใช้",
        "bad_upload": "ไฟล์นี้นำเข้าไม่ได้",
        "upload_expired": "ไฟล์ที่ตรวจสอบหมดอายุแล้ว กรุณาอัปโหลดใหม่",
        "importing_unavailable": "ระบบนำเข้ายังไม่พร้อมใช้งาน",
        "export_intro": "ดาวน์โหลดกราฟความรู้ทั้งหมดในรูปแบบ RDF",
        "download": "ดาวน์โหลด",
        "sparql": "จุดสืบค้น SPARQL",
        "vocab": "คำศัพท์ (vocabulary)",
        "api": "API (JSON)",
        "export_unavailable": "ระบบส่งออก RDF ยังไม่พร้อมใช้งาน",
        "error": "เกิดข้อผิดพลาด",
        "error_400": "คำขอไม่ถูกต้อง",
        "error_403": "ไม่มีสิทธิ์เข้าถึง",
        "error_404": "ไม่พบหน้าที่ต้องการ",
        "error_405": "ไม่รองรับวิธีการนี้",
        "error_413": "ไฟล์ใหญ่เกินกำหนด",
        "error_500": "ระบบขัดข้อง กรุณาลองใหม่ภายหลัง",
        "error_csrf": "แบบฟอร์มหมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
        "back_home": "กลับหน้าแรก",
        "cancel": "ยกเลิก",
        "graph_more": "และอีก {n} รายการ",
        "skip": "ข้ามไปยังเนื้อหา",
        "error_429": "ลองเข้าสู่ระบบบ่อยเกินไป",
        "too_many_sign_ins": (
            "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณาลองใหม่หลังเวลา {time} น. (อีกประมาณ {minutes} นาที)"
        ),
        "edit": "แก้ไข",
        "edit_record": "แก้ไขข้อมูล",
        "save": "บันทึก",
        "edit_saved": "บันทึกการแก้ไขแล้ว",
        "edit_unchanged": "ไม่มีข้อมูลที่เปลี่ยนแปลง",
        "edit_failed": "ยังไม่ได้บันทึก กรุณาแก้ไขช่องที่มีข้อผิดพลาด",
        "edit_conflict": "มีผู้อื่นแก้ไขรายการนี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาโหลดหน้าใหม่แล้วแก้ไขอีกครั้ง",
        "edit_read_only": "ข้อมูลอ้างอิง ({kind}) แก้ไขผ่านเว็บไม่ได้",
        "edit_note": "การแก้ไขจะบันทึกชื่อผู้แก้ไขและเวลา และจะถูกแทนที่หากนำเข้าไฟล์ต้นทางอีกครั้ง",
        "required": "จำเป็น",
        "not_set": "ไม่ระบุ",
        "yes": "ใช่",
        "no": "ไม่ใช่",
        "hint_list": "หนึ่งรายการต่อบรรทัด (หรือคั่นด้วย ;)",
        "hint_ids": "รหัส (id) ของ{kinds}",
        "hint_range": "ตั้งแต่ {lo} ถึง {hi}",
        "hint_min": "ไม่น้อยกว่า {lo}",
        "hint_date": "ปี-เดือน-วัน (ค.ศ.) เช่น 2024-03-15",
        "now_links_to": "ปัจจุบัน",
        "err_required": "ต้องกรอกช่องนี้",
        "err_number": "ต้องเป็นตัวเลข",
        "err_whole_number": "ต้องเป็นจำนวนเต็ม",
        "err_range": "ต้องอยู่ระหว่าง {lo} ถึง {hi}",
        "err_min": "ต้องไม่น้อยกว่า {lo}",
        "err_max": "ต้องไม่เกิน {hi}",
        "err_choice": "ต้องเลือกจากรายการที่กำหนด",
        "err_date": "ต้องเป็นวันที่แบบ ปี-เดือน-วัน (ค.ศ.)",
        "err_bool": "ต้องเป็น ใช่ หรือ ไม่ใช่",
        "err_ref_missing": "ไม่พบ {kinds} รหัส “{id}” ในระบบ",
        "err_ref_kind": "“{id}” เป็น{found} ไม่ใช่{kinds}",
        "err_unknown_field": "ไม่มีช่องนี้ใน{kind}",
        "choice_ministry": "กระทรวง",
        "choice_agency": "หน่วยงาน",
        "choice_university": "มหาวิทยาลัย",
        "choice_company": "บริษัท",
        "choice_community": "ชุมชน",
        "choice_other": "อื่น ๆ",
        "or": "หรือ",
    },
    "en": {
        "site": "ttgraph technology transfer network",
        "site_short": "ttgraph",
        "tagline": "Find technologies that fit what a community needs",
        "search": "Search",
        "search_placeholder": "e.g. banana processing, water pump, NSTDA",
        "home": "Home",
        "match_desk": "Matching desk",
        "imports": "Import",
        "export": "Export",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "signed_in_as": "Signed in as",
        "user_name": "User name",
        "password": "Password",
        "bad_login": "Wrong user name or password",
        "need_sign_in": "Please sign in first",
        "need_agency": "Only agency staff and administrators may do this",
        "language": "Language",
        "counts": "In the graph",
        "open_needs": "Open needs",
        "recent_transfers": "Recent technology transfers",
        "no_transfers": "No transfers recorded yet",
        "results": "Results",
        "results_for": "Results for “{q}”: {n}",
        "no_results": "Nothing found",
        "did_you_mean": "Did you mean",
        "sort": "Sort by",
        "sort_relevance": "Relevance",
        "sort_title": "Title",
        "sort_year": "Newest",
        "sort_trl": "Readiness (TRL)",
        "filters": "Filters",
        "clear_filters": "Clear filters",
        "remove_filter": "Remove filter",
        "previous": "Previous",
        "next": "Next",
        "page_of": "Page {page} of {pages}",
        "facet_kind": "Kind",
        "facet_agency": "Agency",
        "facet_province": "Province",
        "facet_region": "Region",
        "facet_category": "Category",
        "facet_trl": "Readiness level",
        "fields": "Details",
        "provenance": "Provenance",
        "source": "Source",
        "importer": "Importer",
        "created": "Created",
        "updated": "Updated",
        "status": "Status",
        "links": "Links",
        "links_out": "Links to",
        "links_in": "Linked from",
        "neighbourhood": "Neighbourhood",
        "map": "Position on the map",
        "dashboard": "Overview",
        "transfers": "Technology transfers",
        "transfers_by_year": "Transfers per year",
        "needs_by_category": "Open needs by category",
        "villages": "Villages",
        "clinics_serving": "Clinics serving it",
        "none": "None",
        "uncategorised": "No category",
        "other_formats": "Other formats",
        "need_text": "Community need",
        "need_placeholder": "e.g. rice prices fell, we want to process and add value",
        "place": "Place",
        "any_place": "Anywhere",
        "village_optional": "Village (optional)",
        "find_technologies": "Find technologies",
        "save_need": "Save this need",
        "need_saved": "Need saved",
        "proposals": "Proposed technologies",
        "score": "Score",
        "reasons": "Reasons",
        "deliverers": "Who could deliver it",
        "accept": "Accept",
        "reject": "Reject",
        "accepted": "Accepted",
        "rejected": "Rejected",
        "decision_saved": "Decision saved",
        "decisions": "Recorded decisions",
        "record_transfer": "Record a transfer via",
        "no_transfer_yet": "No transfer yet",
        "needs_it_answers": "Open needs it could answer",
        "note": "Note",
        "search_unavailable": "The search index is not ready; using a basic search instead",
        "empty_need": "Please type the need",
        "upload": "Upload a file",
        "file": "File",
        "importer_auto": "Detect automatically",
        "check_file": "Check the file (nothing is saved)",
        "dry_run_report": "Check report (nothing saved yet)",
        "confirm_import": "Confirm the import",
        "import_done": "Import finished",
        "past_imports": "Past imports",
        "problems": "Problems",
        "no_problems": "No problems found",
        "line": "Line",
        "field": "Field",
        "message": "Message",
        "read": "Read",
        "created_n": "Created",
        "updated_n": "Updated",
        "unchanged_n": "Unchanged",
        "withdrawn_n": "Withdrawn",
        "rejected_n": "Rejected",
        "when": "When",
        "user": "User",
        "bad_upload": "This file cannot be imported",
        "upload_expired": "The checked file has expired; please upload it again",
        "importing_unavailable": "Importing is not available yet",
        "export_intro": "Download the whole knowledge graph as RDF",
        "download": "Download",
        "sparql": "SPARQL endpoint",
        "vocab": "Vocabulary",
        "api": "API (JSON)",
        "export_unavailable": "RDF export is not available yet",
        "error": "Something went wrong",
        "error_400": "Bad request",
        "error_403": "Not allowed",
        "error_404": "Page not found",
        "error_405": "Method not allowed",
        "error_413": "The file is too large",
        "error_500": "Internal error; please try again later",
        "error_csrf": "The form has expired; reload the page and try again",
        "back_home": "Back to the home page",
        "cancel": "Cancel",
        "graph_more": "and {n} more",
        "skip": "Skip to content",
        "error_429": "Too many sign-in attempts",
        "too_many_sign_ins": (
            "Too many failed sign-ins. Please try again after {time} Thai time "
            "(in about {minutes} minutes)"
        ),
        "edit": "Edit",
        "edit_record": "Edit record",
        "save": "Save",
        "edit_saved": "Changes saved",
        "edit_unchanged": "Nothing was changed",
        "edit_failed": "Nothing was saved; correct the fields marked below",
        "edit_conflict": (
            "Someone else changed this record after you opened the form; reload the page and "
            "edit again"
        ),
        "edit_read_only": "Reference data ({kind}) cannot be edited on the web",
        "edit_note": (
            "An edit records who made it and when; importing the original file again replaces it"
        ),
        "required": "required",
        "not_set": "Not set",
        "yes": "Yes",
        "no": "No",
        "hint_list": "One per line (or separated by ;)",
        "hint_ids": "Record id ({kinds})",
        "hint_range": "From {lo} to {hi}",
        "hint_min": "At least {lo}",
        "hint_date": "Year-month-day, e.g. 2024-03-15",
        "now_links_to": "Now",
        "err_required": "This field is required",
        "err_number": "Must be a number",
        "err_whole_number": "Must be a whole number",
        "err_range": "Must be between {lo} and {hi}",
        "err_min": "Must be at least {lo}",
        "err_max": "Must be at most {hi}",
        "err_choice": "Pick one of the listed values",
        "err_date": "Must be a date as year-month-day",
        "err_bool": "Must be yes or no",
        "err_ref_missing": "No record “{id}” ({kinds}) in the graph",
        "err_ref_kind": "“{id}” is of kind {found}; this field takes: {kinds}",
        "err_unknown_field": "No such field for this kind ({kind})",
        "choice_ministry": "Ministry",
        "choice_agency": "Agency",
        "choice_university": "University",
        "choice_company": "Company",
        "choice_community": "Community",
        "choice_other": "Other",
        "or": "or",
    },
}

REGIONS = {
    "north": ("ภาคเหนือ", "North"),
    "central": ("ภาคกลาง", "Central"),
    "northeast": ("ภาคตะวันออกเฉียงเหนือ", "Northeast"),
    "west": ("ภาคตะวันตก", "West"),
    "east": ("ภาคตะวันออก", "East"),
    "south": ("ภาคใต้", "South"),
}


def current() -> str:
    """The language of this request (set by the app's before_request hook)."""
    return getattr(g, "lang", DEFAULT)


def choose(args_lang: str | None, cookie_lang: str | None) -> str:
    """?lang= beats the cookie; Thai otherwise (Thai first, whatever the browser says)."""
    for lang in (args_lang, cookie_lang):
        if lang in LANGS:
            return lang
    return DEFAULT


def t(key: str, **kw: Any) -> str:
    """The interface text ``key`` in the current language (the key itself if unknown)."""
    text = MESSAGES[current()].get(key) or MESSAGES[DEFAULT].get(key) or key
    return text.format(**kw) if kw else text


def kind_label(kind: str) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    return spec.label_th if current() == "th" else spec.label_en


def edge_label(kind: str) -> str:
    spec = EDGE_KINDS.get(kind)
    if spec is None:
        return kind
    if current() == "th" and spec.label_th:
        return spec.label_th
    return kind.replace("_", " ")


FIELDS_TH = {
    "title": "ชื่อ", "title_en": "ชื่อภาษาอังกฤษ", "description": "รายละเอียด",
    "description_en": "รายละเอียด (อังกฤษ)", "keywords": "คำสำคัญ", "agency": "หน่วยงาน",
    "category": "หมวดหมู่", "trl": "ระดับความพร้อม (TRL)", "year": "ปี", "benefits": "ประโยชน์",
    "requirements": "สิ่งที่ชุมชนต้องมี", "cost_baht": "ต้นทุน (บาท)", "ip": "ทรัพย์สินทางปัญญา",
    "contact": "ติดต่อ", "url": "เว็บไซต์", "name": "ชื่อ", "name_en": "ชื่อภาษาอังกฤษ",
    "abbr": "ชื่อย่อ", "type": "ประเภท", "parent": "หน่วยงานแม่", "province": "จังหวัด",
    "district": "อำเภอ", "subdistrict": "ตำบล", "lat": "ละติจูด", "lon": "ลองจิจูด",
    "university": "มหาวิทยาลัย", "serves": "พื้นที่ให้บริการ", "moo": "หมู่ที่",
    "main_occupation": "อาชีพหลัก", "products": "ผลิตภัณฑ์", "households": "จำนวนครัวเรือน",
    "lead_village": "หมู่บ้านแม่ข่าย", "text": "ความต้องการ", "raised_by": "เสนอโดย",
    "raised_by_name": "ผู้เสนอ", "status": "สถานะ", "date": "วันที่", "constraints": "ข้อจำกัด",
    "max_cost_baht": "งบประมาณสูงสุด (บาท)", "members": "จำนวนสมาชิก", "clinic": "คลินิก",
    "region": "ภาค", "technology": "เทคโนโลยี", "village": "หมู่บ้าน", "via": "ดำเนินการโดย",
    "need": "ความต้องการ", "outcome": "ผลลัพธ์", "participants": "ผู้เข้าร่วม",
    "income_change_pct": "รายได้เปลี่ยนแปลง (%)", "note": "หมายเหตุ",
    "postal_code": "รหัสไปรษณีย์", "broader": "หมวดที่กว้างกว่า", "problem_terms": "คำที่บอกปัญหา",
    "provincial_group": "กลุ่มจังหวัด", "edited_by": "แก้ไขล่าสุดโดย", "entered_by": "บันทึกโดย",
}  # fmt: skip


def field_label(name: str) -> str:
    """A field's name for people, in the interface language."""
    if current() == "th" and name in FIELDS_TH:
        return FIELDS_TH[name]
    return name.replace("_", " ")


def node_label(kind: str, data: dict[str, Any], fallback: str = "") -> str:
    """Content in the chosen language when the record has it, else in the language it has."""
    spec = KINDS.get(kind)
    key = spec.label_field if spec else "name"
    if current() == "en" and data.get(f"{key}_en"):
        return str(data[f"{key}_en"])
    return str(data.get(key) or data.get(f"{key}_en") or data.get("name") or fallback)


def url_lang() -> str:
    """The language to offer in the switch: the other one."""
    return "en" if current() == "th" else "th"


def switch_url() -> str:
    """This page in the other language (same path and query, ``lang`` replaced)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", url_lang()))
    return request.path + "?" + urlencode(args)


def init_app(app: Any) -> None:
    """Pick the language per request, remember it in a cookie, expose helpers to templates."""

    @app.before_request
    def _pick_language() -> None:
        g.lang = choose(request.args.get("lang"), request.cookies.get(COOKIE))
        g.lang_from_query = request.args.get("lang") in LANGS

    @app.after_request
    def _remember(response: Any) -> Any:
        if getattr(g, "lang_from_query", False):
            response.set_cookie(
                COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        return response

    app.jinja_env.globals.update(
        t=t,
        kind_label=kind_label,
        field_label=field_label,
        edge_label=edge_label,
        node_label=node_label,
        lang=current,
        other_lang=url_lang,
        switch_url=switch_url,
        region_label=region_label,
        localized=localized,
        value_label=value_label,
    )


def localized(value: Any) -> str:
    """Text that may come in both languages ({"th": ..., "en": ...}) in the chosen one."""
    if isinstance(value, dict):
        lang = current()
        for key in (lang, f"text_{lang}", "th", "en", "text", "label", "name"):
            if value.get(key):
                return str(value[key])
        return ""
    return "" if value is None else str(value)


VALUES_TH = {
    "open": "เปิดอยู่", "matched": "จับคู่แล้ว", "in_progress": "กำลังดำเนินการ", "resolved": "แก้ไขแล้ว",
    "adopted": "นำไปใช้แล้ว", "partly_adopted": "นำไปใช้บางส่วน", "not_adopted": "ไม่ได้นำไปใช้",
    "ongoing": "กำลังดำเนินการ", "ok": "สำเร็จ", "partial": "สำเร็จบางส่วน", "refused": "ไม่นำเข้า",
    "dry-run": "ตรวจสอบเท่านั้น", "withdrawn": "ถอนออกแล้ว", "active": "ใช้งาน",
    "accepted": "รับแล้ว", "rejected": "ปฏิเสธแล้ว", "text": "ข้อความตรงกัน",
    "evidence": "หลักฐานการถ่ายทอด", "reach": "การเข้าถึงพื้นที่", "readiness": "ความพร้อม",
}  # fmt: skip


def value_label(value: Any) -> str:
    """Status-like values (need status, outcome, import status, score parts) for people."""
    text = "" if value is None else str(value)
    if current() == "th":
        return VALUES_TH.get(text, text)
    return text.replace("_", " ")


def region_label(region: str) -> str:
    names = REGIONS.get(region)
    if not names:
        return region
    return names[0] if current() == "th" else names[1]
