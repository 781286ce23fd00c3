"""Page furniture: what a portal, a crawler or a PDF page puts around a report's text.

Page numbers (「— 3 —」「第 2 页 共 6 页」「Page 8 -」), a source address, metadata rows
of a portal's article page (「索引号：…」「发布机构：…」「发布日期：…」), breadcrumbs
(「首页 > 信息公开 > 年报」) and labels a crawler adds (「标题：」) are not part of the report:
they are dropped before the report is read, so they never become the organ's
name, a paragraph of the preface or a row of a table.
"""

from __future__ import annotations

import dataclasses
import re

from .lines import Line

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－―]+\s*\d{1,4}\s*[-–—－―]+"           # — 3 —
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第 2 页 共 6 页
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*[-–—]?"  # Page 8 -, Page 2 of 6
    r"|\d{1,4}\s*/\s*\d{1,4}"                         # 2/6
    r")$", re.IGNORECASE)
_PAGE_MARK = re.compile(r"^(?:page\s*\d{1,4}\s*[-–—:：]\s*|第\s*\d{1,4}\s*页\s*[-–—:：]\s*)",
                        re.IGNORECASE)
_URL = re.compile(r"^\s*(?:[#>*]\s*)?(?:source|url|来源|原文|网址|链接|地址)?\s*[:：]?\s*"
                  r"(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_METADATA = re.compile(
    r"^\s*(?:索\s*引\s*号|发布机构|发文机关|发文机构|发布单位|主题分类|体裁分类|组配分类|公开方式|公开范围|"
    r"公开时限|发文字号|文\s*号|发布日期|发文日期|成文日期|生成日期|发布时间|更新时间|有\s*效\s*性|"
    r"信息来源|文章来源|来\s*源|作\s*者|浏览次数|访问次数|点击数|阅读次数|字\s*号|【?\s*字体|"
    r"当前位置|您当前的位置|您现在的位置|所在位置|source|url)\s*[:：]", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^\s*(?:首页|网站首页|主页)\s*[>＞\u00bb\u203a/]")
_TOOLS = re.compile(r"^\s*(?:[【\[]?\s*(?:打印|关闭|分享到?|收藏|返回顶部|字体|大|中|小)\s*[】\]]?\s*)+$")
_TITLE_LABEL = re.compile(r"^\s*(?:标\s*题|名\s*称|题\s*目|文件名称|信息名称|title)\s*[:：]\s*",
                          re.IGNORECASE)
FURNITURE_MAX_CHARS = 200


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def is_front_furniture(line: Line) -> bool:
    """A line a portal or crawler puts before the report: metadata, an address, a breadcrumb,
    page tools (only lines of running text are; a table row never is)."""
    if line.blank or line.values:
        return False
    text = line.text
    if len(text) > FURNITURE_MAX_CHARS and not _URL.match(text):
        return False
    return bool(_METADATA.match(text) or _URL.match(text) or _BREADCRUMB.match(text)
                or _TOOLS.match(text) or is_page_number(text))


def without_page_furniture(lines: list[Line]) -> list[Line]:
    """``lines`` without page numbers, and without 「Page 8 -」 and 「标题：」 marks before text."""
    kept: list[Line] = []
    for line in lines:
        if line.blank or line.is_row:
            kept.append(line)
            continue
        text = line.text
        if is_page_number(text):
            continue
        stripped = _TITLE_LABEL.sub("", _PAGE_MARK.sub("", text))
        if stripped != text and stripped.strip():
            line = dataclasses.replace(line, cells=(stripped.strip(),),
                                       printed=line.printed or line.cells)
        kept.append(line)
    return kept
