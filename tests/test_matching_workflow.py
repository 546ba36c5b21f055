"""The matching workflow (needs, accept/reject, transfers, reverse view), its CLI and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ttgraph.cli import main
from ttgraph.errors import NotFound, UsageError
from ttgraph.ingest import Record, apply_records
from ttgraph.matching import add_need, decide, match_need, needs_for_technology
from ttgraph.store import Store

RECORDS = [
    {"kind": "region", "id": "north", "name": "ภาคเหนือ"},
    {"kind": "province", "id": "50", "name": "เชียงใหม่", "region": "north"},
    {"kind": "district", "id": "5001", "name": "เมืองเชียงใหม่", "province": "50"},
    {"kind": "district", "id": "5002", "name": "จอมทอง", "province": "50"},
    {"kind": "district", "id": "5003", "name": "จอมทอง", "province": "50"},
    {"kind": "subdistrict", "id": "500101", "name": "ศรีภูมิ", "district": "5001"},
    {
        "kind": "category",
        "id": "food",
        "name": "แปรรูปอาหาร",
        "keywords": ["แปรรูป"],
        "problem_terms": ["ราคาตกต่ำ"],
    },
    {
        "kind": "clinic",
        "id": "clinic-cmu",
        "name": "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่",
        "serves": ["50"],
    },
    {
        "kind": "village",
        "id": "v-1",
        "name": "บ้านแม่ริม",
        "subdistrict": "500101",
        "main_occupation": "ทำนา",
    },
    {
        "kind": "village",
        "id": "v-2",
        "name": "บ้านสันทราย",
        "subdistrict": "500101",
        "main_occupation": "ทำนา",
    },
    {"kind": "technology", "id": "t-mill", "title": "เครื่องสีข้าวขนาดเล็กสำหรับชุมชน", "trl": 8},
    {"kind": "technology", "id": "t-flour", "title": "การแปรรูปข้าวเป็นแป้งข้าว", "category": ["food"]},
    {"kind": "technology", "id": "t-fish", "title": "การเลี้ยงปลานิลในกระชัง"},
]


@pytest.fixture
def shop(store: Store) -> Store:
    report = apply_records(
        store, [Record(r) for r in RECORDS], source="t", importer="t", strict=True
    )
    assert report.status == "ok"
    return store


def test_add_need_is_stable_and_placed(shop: Store) -> None:
    node = add_need(shop, "ราคาข้าวตกต่ำ อยากแปรรูปข้าว", place="v-1")
    again = add_need(shop, "ราคาข้าวตกต่ำ อยากแปรรูปข้าว", place="v-1")
    assert node.id == again.id and node.id.startswith("need-")
    assert node.data["status"] == "open"
    assert node.data["raised_by"] == "v-1"
    assert (node.data["subdistrict"], node.data["district"], node.data["province"]) == (
        "500101",
        "5001",
        "50",
    )
    assert {e.target for e in shop.edges(src=node.id, kind="located_in")} == {
        "500101",
        "5001",
        "50",
    }
    by_name = add_need(shop, "น้ำไม่พอ", place="จ.เชียงใหม่", by="v-2")
    assert by_name.data["province"] == "50" and by_name.data["raised_by"] == "v-2"


def test_reject_is_never_proposed_again(shop: Store) -> None:
    need = add_need(shop, "อยากได้เครื่องสีข้าวและแป้งข้าว", place="v-1")
    first = [m.id for m in match_need(shop, need.id).results]
    assert "t-mill" in first
    decide(shop, need.id, "t-mill", False, by="somchai", note="มีเครื่องแล้ว")
    edge = next(shop.edges(src=need.id, kind="matches"))
    assert edge.data["status"] == "rejected" and edge.data["by"] == "somchai"
    assert edge.data["note"] == "มีเครื่องแล้ว" and edge.data["at"]
    assert "t-mill" not in [m.id for m in match_need(shop, need.id).results]
    assert shop.get(need.id).data["status"] == "open"


def test_accept_marks_matched_and_records_transfer(shop: Store) -> None:
    need = add_need(shop, "ราคาข้าวตกต่ำ", place="v-1")
    out = decide(shop, need.id, "t-flour", True, by="somchai", transfer_via="clinic-cmu", year=2025)
    assert shop.get(need.id).data["status"] == "matched"
    tr = shop.get(out["transfer"])
    assert tr.kind == "transfer" and tr.data["technology"] == "t-flour"
    assert tr.data["village"] == ["v-1"] and tr.data["need"] == need.id and tr.data["year"] == 2025
    assert {e.target for e in shop.edges(src=tr.id)} >= {"t-flour", "v-1", "clinic-cmu", need.id}
    # the accepted match now vouches for the technology for a similar need elsewhere
    res = match_need(shop, None, text="ข้าวราคาตกต่ำมาก", place="v-2")
    top = res.results[0]
    assert top.id == "t-flour" and top.components["evidence"] > 0
    assert top.deliverers[0]["id"] == "clinic-cmu"


def test_reverse_view(shop: Store) -> None:
    need = add_need(shop, "อยากได้เครื่องสีข้าวของชุมชน", place="v-1")
    other = add_need(shop, "ปลาในบ่อตาย", place="v-2")
    decide(shop, need.id, "t-mill", True, transfer_via=["clinic-cmu"], year=2024)
    still_open = add_need(shop, "ชุมชนอยากสีข้าวเอง", place="v-2")
    view = needs_for_technology(shop, "t-mill")
    ids = [n["id"] for n in view["needs"]]
    assert still_open.id in ids and need.id not in ids and other.id not in ids
    assert [v["id"] for v in view["villages"]] == ["v-2"]  # v-1 has it already


def test_bad_input(shop: Store) -> None:
    with pytest.raises(NotFound, match="no need with id 'need-nope'"):
        match_need(shop, "need-nope")
    with pytest.raises(NotFound, match="no need"):
        match_need(shop, "t-mill")  # a technology is not a need
    with pytest.raises(UsageError, match="empty"):
        match_need(shop, None, text="   ")
    with pytest.raises(NotFound, match="unknown place 'ดาวอังคาร'"):
        match_need(shop, None, text="ข้าว", place="ดาวอังคาร")
    with pytest.raises(UsageError, match="ambiguous"):
        match_need(shop, None, text="ข้าว", place="จอมทอง")
    with pytest.raises(NotFound, match="unknown category"):
        match_need(shop, None, text="ข้าว", category="space")
    with pytest.raises(UsageError, match="empty"):
        add_need(shop, "", place="50")
    need = add_need(shop, "ข้าว", place="50")
    with pytest.raises(NotFound, match="no technology"):
        decide(shop, need.id, "t-none", True)
    with pytest.raises(UsageError, match="only an accepted"):
        decide(shop, need.id, "t-mill", False, transfer_via="clinic-cmu")
    with pytest.raises(NotFound, match="--via"):
        decide(shop, need.id, "t-mill", True, transfer_via="v-1")
    assert shop.get(need.id).data["status"] == "open"  # the failed accept rolled back
    assert list(shop.edges(src=need.id, kind="matches")) == []


def test_cli_workflow(shop: Store, runner: CliRunner) -> None:
    home = ["--home", str(shop.home)]
    res = runner.invoke(main, [*home, "need", "add", "ราคาข้าวตกต่ำ", "--place", "v-1"])
    assert res.exit_code == 0, res.output
    need_id = res.output.split("\t")[0]
    res = runner.invoke(main, [*home, "match", need_id, "--json"])
    data = json.loads(res.output)
    assert data["need"]["id"] == need_id and data["results"][0]["id"] == "t-flour"
    assert set(data["results"][0]) >= {
        "id",
        "title",
        "score",
        "components",
        "reasons",
        "deliverers",
    }
    res = runner.invoke(
        main, [*home, "match", "--text", "ราคาข้าวตกต่ำ", "--place", "50", "--limit", "1"]
    )
    assert res.exit_code == 0 and "t-flour" in res.output and "แปรรูป" in res.output
    res = runner.invoke(main, [*home, "match", "reject", need_id, "t-flour", "--note", "ไม่สนใจ"])
    assert res.exit_code == 0 and "rejected" in res.output
    res = runner.invoke(
        main,
        [
            *home,
            "match",
            "accept",
            need_id,
            "t-mill",
            "--transfer",
            "--via",
            "clinic-cmu",
            "--year",
            "2025",
        ],
    )
    assert res.exit_code == 0 and "transfer-" in res.output
    res = runner.invoke(main, [*home, "match", "--technology", "t-mill", "--json"])
    assert json.loads(res.output)["technology"]["id"] == "t-mill"


@pytest.mark.parametrize(
    "args, message",
    [
        (["match", "need-nope"], "no need with id"),
        (["match", "--text", ""], "empty"),
        (["match", "--text", "ข้าว", "--place", "ไม่มีที่นี่"], "unknown place"),
        (["match"], "give a NEED_ID"),
        (["match", "accept", "need-x"], "usage: ttgraph match accept"),
        (["need", "add", "ข้าว"], "--place"),
        (["need", "add", "ข้าว", "--place", "50", "--by", "v-none"], "--by"),
    ],
)
def test_cli_bad_input(shop: Store, runner: CliRunner, args: list[str], message: str) -> None:
    res = runner.invoke(main, ["--home", str(shop.home), *args])
    assert res.exit_code != 0
    assert "Error:" in res.output and message in res.output


def test_cli_needs_a_home(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["--home", str(tmp_path / "none"), "match", "--text", "ข้าว"])
    assert res.exit_code == 1 and "ttgraph init" in res.output
