"""The format definition: complete, consistent, and refusing broken variants."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from click.testing import CliRunner

from giar_xl.cli import main
from giar_xl.spec import FORMATS_DIR, SpecError, build_spec, is_valid_defined_name


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load((FORMATS_DIR / "gov2021.yaml").read_text(encoding="utf-8"))


def _table(raw, table_id):
    return next(t for s in raw["sheets"] for t in s.get("tables", ()) if t["id"] == table_id)


def test_table_three_has_the_official_shape(spec):
    req = spec.tables["req"]
    assert [c.label for c in req.column_leaves()] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    report_rows = [r for r in req.row_leaves() if r.role == "report"]
    assert len(report_rows) == 25  # 一, 二, （一）…（七） with 22 result rows, 四
    assert report_rows[0].label == "一、本年新收政府信息公开申请数量"
    assert report_rows[-1].label == "四、结转下年度继续办理"
    field = spec.fields["req_wh_safety_research"]
    assert field.row_path == ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”")
    assert field.column_path == ("申请人情况", "法人或其他组织", "科研机构")


def test_table_four_has_fifteen_cells(spec):
    cells = [f for f in spec.report_fields() if f.table == "lit"]
    assert len(cells) == 15
    assert spec.fields["lit_after_pending"].column_path == ("行政诉讼", "复议后起诉", "尚未审结")


def test_table_two_units_and_types(spec):
    assert spec.fields["pub_fees_amount"].type == "amount"
    assert spec.fields["pub_fees_amount"].unit == "万元"
    assert spec.fields["pub_license_decisions"].unit == "件"
    assert spec.fields["pub_rules_effective"].column_path == ("现行有效件数",)


def test_every_field_id_is_a_safe_defined_name(spec):
    for fid in spec.fields:
        assert is_valid_defined_name(fid), fid


@pytest.mark.parametrize("name,ok", [
    ("req_new_natural", True), ("pub_fees_amount", True), ("_x", True),
    ("T3", False), ("AB12", False), ("R1C1", False), ("R", False), ("c", False), ("rc", False),
    ("A1_total", False), ("XFD1048576", False), ("t3.new", False), ("1abc", False),
    ("三表", False), ("ABCD1", True),
])
def test_defined_name_validity(name, ok):
    assert is_valid_defined_name(name) is ok


def test_sum_relations_cover_table_three(spec):
    rules = {r.rule for r in spec.relations}
    assert {"req-row-total", "req-results-total", "req-balance", "lit-review-total",
            "lit-direct-total", "lit-after-total"} <= rules
    balance = next(r for r in spec.relations if r.id == "req-balance:natural")
    assert balance.anchor == "req_carried_out_natural"
    assert {(t.field, t.weight) for t in balance.terms} == {
        ("req_new_natural", 1), ("req_carried_in_natural", 1), ("req_results_natural", -1)}
    results = next(r for r in spec.relations if r.id == "req-results-total:total")
    assert len(results.terms) == 21


def test_unknown_row_in_a_sum_is_rejected(raw):
    broken = copy.deepcopy(raw)
    rel = next(r for r in broken["relations"] if r["rule"] == "req-results-total")
    rel["plus"]["rows"].append("no_such_row")
    with pytest.raises(SpecError, match="no_such_row"):
        build_spec(broken)


def test_duplicate_field_id_is_rejected(raw):
    broken = copy.deepcopy(raw)
    rows = _table(broken, "req")["rows"]
    rows[1]["id"] = rows[0]["id"]  # two rows called "new"
    with pytest.raises(SpecError, match="duplicate field id"):
        build_spec(broken)


def test_field_id_that_looks_like_a_cell_is_rejected(raw):
    broken = copy.deepcopy(raw)
    _table(broken, "pub20_5")["field_prefix"] = "T3"
    with pytest.raises(SpecError, match="not a valid Excel defined name"):
        build_spec(broken)


def test_overlapping_cells_are_rejected(raw):
    broken = copy.deepcopy(raw)
    _table(broken, "pub20_5")["anchor"] = "A5"  # on top of 第二十条第（一）项
    with pytest.raises(SpecError, match="used by both"):
        build_spec(broken)


def test_relation_on_unknown_table_is_rejected(raw):
    broken = copy.deepcopy(raw)
    broken["relations"][0]["table"] = "nope"
    with pytest.raises(SpecError, match="unknown table"):
        build_spec(broken)


def test_relation_repeating_a_term_is_rejected(raw):
    broken = copy.deepcopy(raw)
    rel = next(r for r in broken["relations"] if r["rule"] == "lit-review-total")
    rel["plus"]["cols"].append("review_upheld")
    with pytest.raises(SpecError, match="appears twice"):
        build_spec(broken)


def test_spec_json_shape():
    result = CliRunner().invoke(main, ["spec", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"]["basis"] == "国办公开办函〔2021〕30号"
    by_id = {f["id"]: f for f in data["fields"]}
    f = by_id["req_results_total"]
    assert {"id", "sheet", "cell", "section", "row_path", "column_path", "type", "unit"} <= set(f)
    assert f["sheet"] == "三、依申请公开"
    assert f["row_path"] == ["三、本年度办理结果", "（七）总计"]
    assert f["column_path"] == ["申请人情况", "总计"]
    assert any(r["rule"] == "req-balance" for r in data["relations"])
