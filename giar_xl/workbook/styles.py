"""The workbook's look, defined once: named cell styles and mark colours.

Named styles show up in Excel's / WPS's style gallery under their Chinese
names, and they carry protection: only the 「年报·填写」 family is unlocked.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

from .design import EXPECTED_FILL, HEADER_FILL, INPUT_FILL, PREVIOUS_FILL

TABLE_FONT = "宋体"
TEXT_FONT = "仿宋"
TITLE_FONT = "黑体"

_thin = Side(style="thin", color="808080")
_BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def solid(color: str) -> PatternFill:
    """A fill LibreOffice renders too (solid pattern, both colours set)."""
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def _style(name: str, *, font: Font, alignment: Alignment, fill: str | None = None,
           border: Border | None = _BOX, locked: bool = True,
           number_format: str = "General") -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = font
    style.alignment = alignment
    if fill:
        style.fill = solid(fill)
    if border is not None:
        style.border = border
    style.protection = Protection(locked=locked)
    style.number_format = number_format
    return style


STYLES: dict[str, NamedStyle] = {
    "title": _style("年报·标题", font=Font(name=TITLE_FONT, size=15, bold=True),
                    alignment=Alignment(horizontal="left", vertical="center"), border=None),
    "caption": _style("年报·小标题", font=Font(name=TITLE_FONT, size=11),
                      alignment=Alignment(horizontal="left", vertical="center"), border=None),
    "header": _style("年报·表头", font=Font(name=TABLE_FONT, size=10, bold=True),
                     alignment=_CENTER, fill=HEADER_FILL),
    "corner": _style("年报·表角", font=Font(name=TABLE_FONT, size=9), alignment=_CENTER,
                     fill=HEADER_FILL),
    "row": _style("年报·行标签", font=Font(name=TABLE_FONT, size=10),
                  alignment=Alignment(horizontal="left", vertical="center", wrap_text=True)),
    "form": _style("年报·项目", font=Font(name=TITLE_FONT, size=11),
                   alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
                   fill=HEADER_FILL),
    "input": _style("年报·填写", font=Font(name=TABLE_FONT, size=11), alignment=_CENTER,
                    fill=INPUT_FILL, locked=False),
    "input_amount": _style("年报·填写金额", font=Font(name=TABLE_FONT, size=11),
                           alignment=_CENTER, fill=INPUT_FILL, locked=False),
    "input_date": _style("年报·填写日期", font=Font(name=TABLE_FONT, size=11),
                         alignment=Alignment(horizontal="left", vertical="center"),
                         fill=INPUT_FILL, locked=False, number_format='yyyy"年"m"月"d"日"'),
    "input_text": _style("年报·填写文字", font=Font(name=TEXT_FONT, size=12),
                         alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
                         fill=INPUT_FILL, locked=False),
    "input_line": _style("年报·填写单行", font=Font(name=TABLE_FONT, size=11),
                         alignment=Alignment(horizontal="left", vertical="center"),
                         fill=INPUT_FILL, locked=False),
    "previous": _style("年报·上年数据", font=Font(name=TABLE_FONT, size=11, color="1F4E79"),
                       alignment=_CENTER, fill=PREVIOUS_FILL, locked=False),
    "expected": _style("年报·应为", font=Font(name=TABLE_FONT, size=10, italic=True,
                                               color="595959"),
                       alignment=_CENTER, fill=EXPECTED_FILL),
    # Not wrapped: right-aligned text spills into the empty cells on its left.
    "check": _style("年报·自检说明", font=Font(name=TABLE_FONT, size=9, color="595959"),
                    alignment=Alignment(horizontal="right", vertical="center"), border=None),
    "selfcheck": _style("年报·自检", font=Font(name=TABLE_FONT, size=11, bold=True),
                        alignment=Alignment(horizontal="center", vertical="center")),
    "note": _style("年报·说明", font=Font(name=TABLE_FONT, size=10, color="404040"),
                   alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
                   border=None),
}
