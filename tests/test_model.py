"""The model refuses what does not fit and cleans what does."""

from __future__ import annotations

import pytest

from ttgraph.errors import ValidationError
from ttgraph.model import EDGE_KINDS, KINDS, label, ref_edges, validate_edge, validate_node


def test_every_kind_named_in_the_design_exists() -> None:
    expected = {
        "technology",
        "agency",
        "clinic",
        "village",
        "need",
        "volunteer_network",
        "province",
        "district",
        "subdistrict",
        "region",
        "provincial_group",
        "regional_centre",
        "category",
        "transfer",
    }
    assert expected == set(KINDS)


def test_required_field_missing_is_refused() -> None:
    with pytest.raises(ValidationError, match="missing required field 'title'") as err:
        validate_node("technology", {"description": "เครื่องอบแห้งพลังงานแสงอาทิตย์"})
    assert err.value.field == "title"


def test_types_are_checked_and_coerced() -> None:
    data = validate_node(
        "technology",
        {"title": "ข้าวหอมมะลิพันธุ์ใหม่", "trl": "7", "keywords": "ข้าว; พันธุ์ข้าว", "cost_baht": "1,500"},
    )
    assert data["trl"] == 7
    assert data["keywords"] == ["ข้าว", "พันธุ์ข้าว"]
    assert data["cost_baht"] == 1500.0
    with pytest.raises(ValidationError, match="whole number"):
        validate_node("technology", {"title": "x", "trl": "เจ็ด"})
    with pytest.raises(ValidationError, match="at most 9"):
        validate_node("technology", {"title": "x", "trl": 12})
    with pytest.raises(ValidationError, match="one of open"):
        validate_node("need", {"text": "น้ำไม่พอใช้", "status": "done"})
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        validate_node("need", {"text": "น้ำไม่พอใช้", "date": "12/5/2567"})
    with pytest.raises(ValidationError, match="true or false"):
        validate_node("village", {"name": "บ้านหนองบัว", "lead_village": "maybe"})


def test_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="unknown kind 'gadget'.*technology"):
        validate_node("gadget", {"name": "x"})


def test_nested_objects_in_extra_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="nested"):
        validate_node("agency", {"name": "สวทช.", "extra": {"a": 1}})


def test_empty_values_are_dropped_and_extra_fields_kept() -> None:
    data = validate_node("agency", {"name": "วว.", "name_en": "", "budget_code": "A12"})
    assert data == {"name": "วว.", "budget_code": "A12"}


def test_edge_kinds_are_validated_against_their_ends() -> None:
    assert validate_edge("developed_by", "technology", "agency").name == "developed_by"
    with pytest.raises(ValidationError, match="cannot go from a village to a agency"):
        validate_edge("developed_by", "village", "agency")
    with pytest.raises(ValidationError, match="unknown edge kind"):
        validate_edge("likes", "technology", "agency")


def test_reference_fields_imply_edges() -> None:
    data = {"title": "ระบบสูบน้ำพลังงานแสงอาทิตย์", "agency": ["nstda", "ku"], "category": ["water"]}
    assert ref_edges("technology", data) == [
        ("agency", "developed_by", "nstda"),
        ("agency", "developed_by", "ku"),
        ("category", "in_category", "water"),
    ]
    for kind in KINDS.values():
        for f in kind.refs:
            assert f.edge in EDGE_KINDS, f"{kind.name}.{f.name}"
            for target in f.ref:
                assert EDGE_KINDS[f.edge].allows(kind.name, target), f"{kind.name}.{f.name}"


def test_label_prefers_thai() -> None:
    assert label("agency", {"name": "สวทช.", "name_en": "NSTDA"}) == "สวทช."
    assert label("agency", {"name_en": "NSTDA"}) == "NSTDA"
    assert label("need", {"text": "ค่าไฟแพง"}) == "ค่าไฟแพง"
