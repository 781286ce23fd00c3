"""The document model every export renders: order, headings, grids, text hygiene."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from export_helpers import NASTY, NASTY_CONTROLS, previous_fields, table_fields

from giar_xl.errors import InputError
from giar_xl.export import build_document, format_of
from giar_xl.export.build import narrative_blocks
from giar_xl.export.document import Heading, Paragraph
from giar_xl.export.sanitize import clean_text, format_value, paragraphs


@pytest.fixture(scope="module")
def doc(demo):
    return build_document(demo)


def test_title_is_organ_year_and_report_title(doc, spec):
    assert doc.title == "北留镇人民政府2025年政府信息公开工作年度报告"
    assert doc.title == "".join(doc.title_lines)
    assert doc.title.endswith(spec.report_title)


def test_sections_in_official_order_with_official_headings(doc, spec):
    assert [s.heading for s in doc.sections] == [s.heading for s in spec.sections]
    assert [s.number for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]


def test_section_one_subheadings_come_from_the_field_labels(doc, spec):
    overview = doc.sections[0]
    subheadings = [b.text for b in overview.blocks if isinstance(b, Heading)]
    numbered = [spec.fields[f].row_path[-1] for f in spec.section("overview").fields
                if spec.fields[f].row_path[-1].startswith("（")]
    assert subheadings == numbered
    assert subheadings == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
                           "（四）平台建设", "（五）监督保障"]


def test_narrative_paragraphs_are_kept(doc, demo):
    management = next(s for s in doc.sections if s.id == "overview").blocks
    texts = [b.text for b in management if isinstance(b, Paragraph)]
    for line in demo["nar_management"].split("\n"):
        assert line in texts


def test_every_report_figure_is_in_a_grid_and_no_previous_one(doc, spec, demo):
    printed = {c.field: c.text for g in doc.grids() for c in g.value_cells()}
    assert set(printed) == table_fields(spec)
    assert not set(printed) & previous_fields(spec)
    for fid, text in printed.items():
        assert text == format_value(demo[fid])


def test_three_statistics_tables_with_the_official_merges(doc):
    groups = [t for s in doc.sections for t in s.tables()]
    assert [s.id for s in doc.sections if s.tables()] == ["active", "request", "review"]
    active, request, review = groups
    assert active.n_cols == 4 and len(active.grids) == 4  # one printed table, four parts
    req = request.grids[0]
    spans = {c.text: (c.rowspan, c.colspan) for c in req.cells if c.kind != "value"}
    assert spans["申请人情况"] == (1, 7)
    assert spans["法人或其他组织"] == (1, 5)
    assert spans["自然人"] == (2, 1)
    assert spans["总计"] == (2, 1)
    assert spans[req.cells[0].text] == (3, 3)  # the corner note over the label columns
    assert spans["三、本年度办理结果"] == (22, 1)
    assert spans["（三）不予公开"] == (8, 1)
    assert spans["（一）予以公开"] == (1, 2)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert (req.n_rows, req.n_cols, req.header_rows, req.label_columns) == (28, 10, 3, 3)
    lit = review.grids[0]
    spans = {c.text: (c.rowspan, c.colspan) for c in lit.cells if c.kind == "column"}
    assert spans["行政复议"] == (1, 5)
    assert spans["行政诉讼"] == (1, 10)
    assert spans["未经复议直接起诉"] == (1, 5) and spans["复议后起诉"] == (1, 5)
    assert (lit.n_rows, lit.n_cols, lit.label_columns) == (4, 15, 0)


def test_grids_tile_without_gaps_or_overlaps(doc):
    for grid in doc.grids():
        slots = grid.slots()
        assert all(cell is not None for row in slots for cell in row)
        assert sum(c.rowspan * c.colspan for c in grid.cells) == grid.n_rows * grid.n_cols


def test_flat_header_joins_merged_labels(doc):
    req = next(g for g in doc.grids() if g.table == "req")
    assert "申请人情况 / 法人或其他组织 / 商业企业" in req.flat_header()
    pub = next(g for g in doc.grids() if g.table == "pub20_5")
    assert pub.flat_header() == ["信息内容", "本年处理决定数量"]  # span columns collapse
    assert pub.flat_body() == [["行政许可", "99"]]


def test_unit_note_only_where_no_label_names_the_unit(doc):
    notes = [t.unit_note for s in doc.sections for t in s.tables()]
    assert notes == ["单位：件", "单位：件", "单位：件"]


def test_signature_has_organ_and_date(demo):
    doc = build_document(demo.with_values(meta_date=dt.date(2026, 1, 20)))
    assert doc.signature == ("北留镇人民政府", "2026年1月20日")
    assert build_document(demo.with_values(meta_date=None)).signature == ("北留镇人民政府",)


def test_missing_organ_and_year_still_give_a_title(demo, spec):
    doc = build_document(demo.with_values(meta_org=None, meta_year=None, meta_date=None))
    assert doc.title == spec.report_title and doc.signature == ()


def test_preface_comes_before_section_one(demo):
    doc = build_document(demo.with_values(nar_preface="根据《条例》规定，现向社会公布。\n第二段。"))
    assert [p.text for p in doc.preface] == ["根据《条例》规定，现向社会公布。", "第二段。"]


def test_clerk_heading_with_the_same_number_is_not_doubled(spec):
    field = spec.fields["nar_active"]
    blocks = narrative_blocks(field, "（一）主动公开方面。2025年，全乡公开信息50条。")
    assert blocks == [Paragraph("（一）主动公开方面。2025年，全乡公开信息50条。")]
    blocks = narrative_blocks(field, "（一）主动公开政府信息情况\n本年公开信息67条。")
    assert blocks == [Heading("（一）主动公开政府信息情况"), Paragraph("本年公开信息67条。")]
    assert narrative_blocks(field, None) == [Heading("（一）主动公开")]
    assert narrative_blocks(spec.fields["nar_overview"], None) == []


def test_control_characters_are_removed_and_line_breaks_kept():
    cleaned = clean_text(NASTY)
    assert not any(ch in cleaned for ch in NASTY_CONTROLS)
    assert "A&B <script>" in cleaned and "😀🇨🇳" in cleaned and "\t" in cleaned
    assert paragraphs("第一段\r\n\r\n第二段\x0b第三段\x0c第四段\u2028第五段") == [
        "第一段", "第二段", "第三段", "第四段", "第五段"]
    assert clean_text("a\ud800b\ufffec") == "abc"


def test_values_print_as_written():
    assert [format_value(v) for v in (None, 0, 12, Decimal("0.50"), Decimal("1E+2"), "/")] == [
        "", "0", "12", "0.50", "100", "/"]
    assert format_value("无\t数据\n") == "无 数据"


@pytest.mark.parametrize("name, fmt", [("a.docx", "docx"), ("a.PDF", "pdf"), ("a.md", "md"),
                                       ("a.txt", "txt"), ("a.htm", "html"), ("a.html", "html")])
def test_format_from_extension(name, fmt):
    assert format_of(name) == fmt


def test_unknown_format_is_refused_in_chinese():
    with pytest.raises(InputError, match="导出格式"):
        format_of("a.xlsx")
    with pytest.raises(InputError, match="不支持"):
        format_of("a.docx", "odt")
    assert format_of("a.out", "MD") == "md"


def _spec_texts(spec) -> set[str]:
    """Every heading, label, caption and title the format defines (4+ characters)."""
    texts = {spec.report_title, spec.basis}
    texts |= {s.heading for s in spec.sections}
    texts |= {f.row_path[-1] for f in spec.fields.values() if f.row_path}
    for table in spec.tables.values():
        texts |= {table.caption or "", table.corner or ""}
        stack = [*table.rows, *table.columns]
        while stack:
            node = stack.pop()
            texts.add(node.label)
            stack.extend(node.children)
    return {t for t in texts if len(t) >= 4}


def _code_strings(path) -> list[str]:
    """String literals of a module, docstrings left out."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_no_label_of_the_format_is_typed_into_the_exporter(spec):
    """Headings and labels come from the format only (templates and code carry none)."""
    import re
    from pathlib import Path

    import giar_xl.export
    from giar_xl.resources import templates_dir

    package = Path(giar_xl.export.__file__).parent
    sources = {p.name: " ".join(_code_strings(p)) for p in package.glob("*.py")}
    for template in templates_dir().glob("report.*.j2"):
        text = template.read_text(encoding="utf-8")
        sources[template.name] = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    for name, text in sources.items():
        typed = sorted(t for t in _spec_texts(spec) if t in text)
        assert not typed, f"{name} types format labels: {typed}"
