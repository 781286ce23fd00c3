"""The layouts published reports come in, rendered from a report model.

Used by ``import_accuracy.py`` and by the importer's tests.  Each text layout
is a function of the exporter's tab-separated text (the layout most portals'
"copy text" gives); the file layouts are the exporter's own HTML and Word
output, the Word file converted to PDF by LibreOffice, and a variant of the
Word file whose label columns are narrow and whose label cells print their
text vertically — PDF extraction then scrambles those labels the way real
published PDFs do (「5.属 于三内 类事信 部务息」).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from giar_xl.export import export_report
from giar_xl.model import Report

# --------------------------------------------------------------------------- text layouts


def tab_text(report: Report, folder: Path, name: str) -> Path:
    return export_report(report, folder / f"{name}.txt")


def _table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of tab-separated lines."""
    blocks, start = [], None
    for k, line in enumerate([*lines, ""]):
        if "\t" in line and start is None:
            start = k
        elif "\t" not in line and start is not None:
            blocks.append((start, k))
            start = None
    return blocks


def _rewrite_tables(text: str, rewrite: Callable[[list[list[str]]], list[str]]) -> str:
    lines = text.split("\n")
    out: list[str] = []
    at = 0
    for start, end in _table_blocks(lines):
        out += lines[at:start]
        out += rewrite([line.split("\t") for line in lines[start:end]])
        at = end
    out += lines[at:]
    return "\n".join(out)


def pipes(outer: bool) -> Callable[[Report, Path, str], Path]:
    """GitHub-flavoured Markdown pipe tables, with or without the outer bars."""
    def table(rows: list[list[str]]) -> list[str]:
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        body = [" | ".join(c or " " for c in r) for r in rows]
        rule = " | ".join(["---"] * width)
        if outer:
            body = [f"| {b} |" for b in body]
            rule = f"| {rule} |"
        return [body[0], rule, *body[1:]]

    def render(report: Report, folder: Path, name: str) -> Path:
        text = tab_text(report, folder, name).read_text(encoding="utf-8")
        path = folder / f"{name}.md"
        path.write_text(_rewrite_tables(text, table), encoding="utf-8")
        return path
    return render


def one_cell_per_line(report: Report, folder: Path, name: str) -> Path:
    """Each cell on its own line ending with 「 |」, rows separated by a line of bars (a table
    copied from some portals' pages)."""
    def table(rows: list[list[str]]) -> list[str]:
        out: list[str] = []
        for row in rows:
            out += [f"{cell} |" for cell in row if cell.strip()]
            out.append("||")
        return out

    text = tab_text(report, folder, name).read_text(encoding="utf-8")
    path = folder / f"{name}.cells.txt"
    path.write_text(_rewrite_tables(text, table), encoding="utf-8")
    return path


def traditional(report: Report, folder: Path, name: str) -> Path:
    """The text in traditional characters (a portal's 繁體 view)."""
    import opencc

    text = tab_text(report, folder, name).read_text(encoding="utf-8")
    path = folder / f"{name}.trad.txt"
    path.write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    return path


def table_four_in_parts(report: Report, folder: Path, name: str) -> Path:
    """Table 四 printed as one small table per column group, under the group's name
    (「行政复议」「行政诉讼（未经复议直接起诉）」「行政诉讼（复议后起诉）」)."""
    spec = report.spec
    table = spec.tables["lit"]
    row = next(r for r in table.row_leaves() if r.role == "report")
    parts: list[str] = []
    for top in table.columns:
        groups = [(top.label, top)] if all(c.is_leaf for c in top.children) else \
            [(f"{top.label}（{child.label}）", child) for child in top.children]
        for title, group in groups:
            leaves = [leaf for _p, leaf in group.leaves()]
            parts += [title, "\t".join(leaf.label for leaf in leaves),
                      "\t".join(str(report[table.field_id(row.id, leaf.id)]) for leaf in leaves),
                      ""]
    text = tab_text(report, folder, name).read_text(encoding="utf-8")
    lines = text.split("\n")
    heading = lines.index(spec.section(table.section).heading)
    start, end = next(b for b in _table_blocks(lines) if b[0] > heading)
    path = folder / f"{name}.lit.txt"
    path.write_text("\n".join(lines[:start] + parts + lines[end:]), encoding="utf-8")
    return path


def page_furniture(report: Report, folder: Path, name: str) -> Path:
    """A portal's article page copied whole: breadcrumb, metadata rows, a 「标题：」 label
    before the title, tools after it, and page numbers in the text."""
    text = tab_text(report, folder, name).read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    front = ["当前位置：首页 > 政府信息公开 > 政府信息公开工作年度报告",
             f"索引号：000{report.year}-{len(title):05d}\t发布机构：{report.org}",
             f"发布日期：{report.year + 1}-01-20    字号：【大 中 小】",
             f"标题：{title}", "【打印】【关闭】"]
    lines = rest.split("\n")
    for at, mark in ((len(lines) // 3, "— 2 —"), (2 * len(lines) // 3, "第 3 页 共 5 页")):
        while at < len(lines) and "\t" in lines[at]:
            at += 1
        lines.insert(at, mark)
    path = folder / f"{name}.portal.txt"
    path.write_text("\n".join(front + lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- file layouts

def html(report: Report, folder: Path, name: str) -> Path:
    return export_report(report, folder / f"{name}.html")


def word(report: Report, folder: Path, name: str) -> Path:
    return export_report(report, folder / f"{name}.docx")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEAF = re.compile(r"^\d\.")


def word_vertical_labels(report: Report, folder: Path, name: str) -> Path:
    """The Word file with narrow label columns whose group cells (merged over several rows)
    and numbered row labels print their text vertically, in rows tall enough to show it."""
    source = export_report(report, folder / f"{name}.src.docx")
    target = folder / f"{name}.vertical.docx"
    with zipfile.ZipFile(source) as package:
        parts = {info: package.read(info) for info in package.infolist()}
    document = next(i for i in parts if i.filename == "word/document.xml")
    root = etree.fromstring(parts[document])
    for table in root.iter(_W + "tbl"):
        columns = table.find(_W + "tblGrid").findall(_W + "gridCol")
        if len(columns) >= 5:
            _verticalise(table, columns)
    parts[document] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts.items():
            out.writestr(info, data)
    source.unlink()
    return target


def _verticalise(table, columns) -> None:
    for tr in table.iter(_W + "tr"):
        column = 0
        for tc in tr.findall(_W + "tc"):
            properties = tc.find(_W + "tcPr")
            span = properties.find(_W + "gridSpan")
            span = int(span.get(_W + "val")) if span is not None else 1
            merge = properties.find(_W + "vMerge")
            text = "".join(t.text or "" for t in tc.iter(_W + "t"))
            if column < 2 and merge is not None and merge.get(_W + "val") == "restart":
                _vertical(properties)
            elif column == 2 and span == 1 and _LEAF.match(text) and len(text) > 6:
                _vertical(properties)
                _min_height(tr, 180 * (len(text) // 3 + 2))
            column += span
    for column in columns[:3]:
        column.set(_W + "w", str(int(column.get(_W + "w")) * 2 // 3))


def _vertical(properties) -> None:
    direction = etree.SubElement(properties, _W + "textDirection")
    direction.set(_W + "val", "tbRl")


def _min_height(tr, twips: int) -> None:
    row_properties = tr.find(_W + "trPr")
    if row_properties is None:
        row_properties = etree.Element(_W + "trPr")
        tr.insert(0, row_properties)
    for old in row_properties.findall(_W + "trHeight"):
        row_properties.remove(old)
    height = etree.SubElement(row_properties, _W + "trHeight")
    height.set(_W + "val", str(twips))
    height.set(_W + "hRule", "atLeast")


def to_pdf(documents: list[Path], folder: Path, batch: int = 60) -> list[Path]:
    """Word files converted to PDF by LibreOffice, many per run (starting it takes seconds)."""
    from giar_xl.office import convert_all

    found: list[Path] = []
    for at in range(0, len(documents), batch):
        found += convert_all(documents[at:at + batch], "pdf", folder)
    return found


Renderer = Callable[[Report, Path, str], Path]

TEXT_LAYOUTS: dict[str, Renderer] = {
    "tab text": tab_text,
    "GFM pipes, outer bars": pipes(outer=True),
    "GFM pipes, no outer bars": pipes(outer=False),
    "one cell per line": one_cell_per_line,
    "traditional characters": traditional,
    "table 四 in three parts": table_four_in_parts,
    "page furniture": page_furniture,
    "HTML rowspan/colspan": html,
    "Word": word,
}
# PDF layouts: the Word renderer whose output LibreOffice converts.
PDF_LAYOUTS: dict[str, Renderer] = {
    "PDF from Word": word,
    "PDF, vertical labels": word_vertical_labels,
}
