"""The Word document's look, defined once: page, fonts, paragraph styles (GB/T 9704).

Formatting lives in named styles, never on runs, so an office can restyle
the exported document in Word (修改样式) in one place.  Every style sets its
East-Asian font explicitly (``w:eastAsia`` in ``w:rFonts``) and drops the
theme-font references of python-docx's default template — otherwise Chinese
text falls back to the theme's East-Asian font (MS Mincho).  The font table
lists common substitutes for each Chinese font (``w:altName``) so Word, WPS
and LibreOffice pick a similar face where the official fonts are missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

# GB/T 9704-2012 党政机关公文格式: A4, 版心 156 mm × 225 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
TYPE_AREA_HEIGHT_MM = PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]
BODY_PT = 16  # 三号
LINE_PT = 28.95  # 22 lines in the 225 mm type area
TITLE_PT = 22  # 二号
TITLE_LINE_PT = 36
TABLE_PT = 10.5  # 五号
TABLE_SMALL_PT = 9  # 小五, for tables too wide for 五号
WIDE_TABLE_COLUMNS = 12  # tables with more columns use TABLE_SMALL_PT
PAGE_NUMBER_PT = 14  # 四号
LATIN = "Times New Roman"


@dataclass(frozen=True)
class FontInfo:
    """A font as the document's font table declares it."""

    name: str
    alternates: tuple[str, ...]  # tried in turn when the font is missing (w:altName)
    family: str  # roman | swiss | modern | script
    pitch: str = "variable"
    charset: str = "86"  # GB2312


FONTS = (
    FontInfo("方正小标宋简体", ("方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun",
                                "Noto Serif CJK SC"), "roman"),
    FontInfo("黑体", ("SimHei", "Microsoft YaHei", "Noto Sans CJK SC"), "modern", "fixed"),
    FontInfo("楷体_GB2312", ("楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC"), "modern", "fixed"),
    FontInfo("仿宋_GB2312", ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"), "modern",
             "fixed"),
    FontInfo("宋体", ("SimSun", "NSimSun", "Noto Serif CJK SC"), "roman"),
)


@dataclass(frozen=True)
class ParagraphStyle:
    """One paragraph style of the exported document."""

    key: str  # how the writer refers to it
    name: str  # the name Word shows (built-in names keep Word's own translation)
    style_id: str
    east_asia: str
    latin: str
    size_pt: float
    align: str = "justify"  # left | center | right | justify
    line_pt: float | None = LINE_PT  # exact line spacing; None = single
    first_line_chars: int = 2  # first-line indent in characters (Chinese 首行缩进)
    right_chars: int = 0
    space_before_pt: float = 0
    space_after_pt: float = 0
    outline_level: int | None = None
    keep_with_next: bool = False
    bold: bool = False


STYLES = (
    ParagraphStyle("body", "Normal", "Normal", "仿宋_GB2312", LATIN, BODY_PT),
    ParagraphStyle("title", "Title", "Title", "方正小标宋简体", "方正小标宋简体", TITLE_PT,
                   align="center", line_pt=TITLE_LINE_PT, first_line_chars=0,
                   space_after_pt=LINE_PT, keep_with_next=True),
    ParagraphStyle("heading1", "heading 1", "Heading1", "黑体", "黑体", BODY_PT,
                   outline_level=0, keep_with_next=True),
    ParagraphStyle("heading2", "heading 2", "Heading2", "楷体_GB2312", LATIN, BODY_PT,
                   outline_level=1, keep_with_next=True),
    ParagraphStyle("table", "表格文字", "GiarTableText", "宋体", LATIN, TABLE_PT,
                   align="center", line_pt=None, first_line_chars=0),
    ParagraphStyle("table_small", "表格文字（小）", "GiarTableTextSmall", "宋体", LATIN,
                   TABLE_SMALL_PT, align="center", line_pt=None, first_line_chars=0),
    ParagraphStyle("unit", "表格单位", "GiarTableUnit", "仿宋_GB2312", LATIN, TABLE_PT,
                   align="right", line_pt=None, first_line_chars=0, keep_with_next=True,
                   space_before_pt=3, space_after_pt=3),
    # the small gap after a table (an empty paragraph: Word fuses adjacent tables)
    ParagraphStyle("table_gap", "表后间距", "GiarTableGap", "宋体", LATIN, 6,
                   line_pt=6, first_line_chars=0),
    ParagraphStyle("signature", "落款", "GiarSignature", "仿宋_GB2312", LATIN, BODY_PT,
                   align="right", first_line_chars=0, right_chars=4),
    ParagraphStyle("page_number", "页码", "GiarPageNumber", "宋体", LATIN, PAGE_NUMBER_PT,
                   align="center", line_pt=None, first_line_chars=0),
)

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def style_names() -> dict[str, str]:
    """Writer key -> style name."""
    return {s.key: s.name for s in STYLES}


def set_fonts(rpr, east_asia: str, latin: str) -> None:
    """Name the fonts of an ``w:rPr`` for every script; drop theme fonts that would win."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    # quotes and dashes (“” —) are shared by both scripts: draw them in the CJK font
    rfonts.set(qn("w:hint"), "eastAsia")


def apply_styles(document: Document) -> None:
    """Give ``document`` the report's page setup, defaults, styles and font table."""
    _page_setup(document)
    _defaults(document)
    for spec in STYLES:
        _paragraph_style(document, spec)
    _font_table(document)
    _settings(document)


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # page numbers sit about 7 mm below the type area (GB/T 9704 7.5)
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 6)
    section.gutter = Mm(0)


def _defaults(document: Document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, "仿宋_GB2312", LATIN)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _paragraph_style(document: Document, spec: ParagraphStyle) -> None:
    try:
        style = document.styles[spec.name]
    except KeyError:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id
        style.quick_style = True
    element = style.element
    for child in (element.pPr, element.rPr):  # start from a clean slate
        if child is not None:
            element.remove(child)
    if spec.name != "Normal":
        style.base_style = None
    style.next_paragraph_style = document.styles["Normal"]

    font = style.font
    font.size = Pt(spec.size_pt)
    font.bold = spec.bold
    set_fonts(element.get_or_add_rPr(), spec.east_asia, spec.latin)

    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.align]
    fmt.space_before, fmt.space_after = Pt(spec.space_before_pt), Pt(spec.space_after_pt)
    if spec.line_pt is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = Pt(spec.line_pt)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.first_line_indent = Pt(spec.first_line_chars * spec.size_pt)
    fmt.right_indent = Pt(spec.right_chars * spec.size_pt)
    fmt.left_indent = Pt(0)
    fmt.keep_with_next = spec.keep_with_next
    fmt.widow_control = True
    ppr = element.get_or_add_pPr()
    ind = ppr.get_or_add_ind()
    # character-based indents follow the font size if an office changes it
    ind.set(qn("w:firstLineChars"), str(spec.first_line_chars * 100))
    if spec.right_chars:
        ind.set(qn("w:rightChars"), str(spec.right_chars * 100))
    if spec.outline_level is not None:
        ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{spec.outline_level}"/>'))


def _font_table(document: Document) -> None:
    part = next(rel.target_part for rel in document.part.rels.values()
                if rel.reltype.endswith("/fontTable"))
    root = parse_xml(part.blob)
    for font in FONTS:
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == font.name:
                root.remove(old)
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{font.name}">'
            f'<w:altName w:val="{",".join(font.alternates)}"/>'
            f'<w:charset w:val="{font.charset}"/><w:family w:val="{font.family}"/>'
            f'<w:pitch w:val="{font.pitch}"/></w:font>'))
    part._blob = _serialise(root)  # a plain Part: its XML is its blob


def _serialise(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(document: Document) -> None:
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    # full-width punctuation is never compressed: 公文 keep every character on its grid
    spacing = settings.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "doNotCompress")
