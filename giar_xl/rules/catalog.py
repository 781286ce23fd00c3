"""Every rule code giar-xl can report, with its severity and meaning.

Codes are stable: they appear in JSON output, in the 校验结果 sheet and in
accepted-warning fingerprints, so a code is never renamed or reused.  Sum
relations get their codes from the format definition (``relations[].rule``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import ERROR, WARNING
from ..spec import FormatSpec


@dataclass(frozen=True)
class RuleInfo:
    code: str
    severity: str
    title: str
    blocking: bool = False  # the file cannot be checked as a whole (exit code 2)


_RULES = [
    # The workbook is no longer the official form.  Only what stops the fields from
    # being located makes the file unusable (exit code 2); the rest are errors.
    RuleInfo("sheet-missing", ERROR, "缺少工作表", blocking=True),
    RuleInfo("sheet-renamed", ERROR, "工作表被改名"),
    RuleInfo("label-edited", ERROR, "表格标签被修改"),
    RuleInfo("name-broken", ERROR, "单元格定义名称失效", blocking=True),
    # A value that is not what its cell holds (the cell is named; the other rules still run).
    RuleInfo("type-text", ERROR, "数字单元格中填了文字"),
    RuleInfo("type-error-value", ERROR, "单元格中是错误值"),
    RuleInfo("type-negative", ERROR, "数字为负数"),
    RuleInfo("type-fraction", ERROR, "件数不是整数"),
    RuleInfo("type-decimals", ERROR, "金额小数位数过多"),
    RuleInfo("type-range", ERROR, "数值超出合理范围"),
    RuleInfo("type-date", ERROR, "日期无法识别"),
    RuleInfo("formula-no-value", ERROR, "公式没有保存计算结果"),
    # Which cell the broken sums point at (rules/suspects.py).
    RuleInfo("sum-suspect", WARNING, "最可能填错的单元格"),
    RuleInfo("sum-candidates", WARNING, "不符可由多个单元格之一解释"),
    # Something required is missing (blank is not 0).
    RuleInfo("blank-number", ERROR, "数字未填"),
    RuleInfo("blank-table", ERROR, "整张表未填"),
    RuleInfo("blank-text", ERROR, "文字部分未填写"),
    RuleInfo("text-placeholder", WARNING, "文字部分只写了「无」"),
    # What the text says against what the tables say.
    RuleInfo("narrative-mismatch", WARNING, "正文数字与表格不一致"),
    RuleInfo("narrative-active", WARNING, "正文中的规章、规范性文件、处理决定或收费数字与表二不一致"),
    RuleInfo("narrative-year", WARNING, "正文中的年份与报告年度不符"),
    RuleInfo("fee-not-stated", WARNING, "未说明是否收取信息处理费"),
    RuleInfo("plaus-pending", WARNING, "结转下年度的申请未作说明"),
    RuleInfo("plaus-withheld", WARNING, "不予公开的申请未作说明"),
    RuleInfo("rules-township", WARNING, "乡镇、街道填报了规章"),
    RuleInfo("narrative-organ", WARNING, "正文写的是另一个机关"),
    RuleInfo("date-missing", WARNING, "未填发布日期"),
    RuleInfo("date-late", WARNING, "发布日期晚于法定公布期限"),
    RuleInfo("date-early", WARNING, "发布日期早于统计期限结束"),
    # Against last year's report (check --previous).
    RuleInfo("prev-year", WARNING, "上年报告的年度不对"),
    RuleInfo("prev-organ", WARNING, "上年报告属于另一机关"),
    RuleInfo("prev-copied", WARNING, "统计数字与上年完全相同"),
    RuleInfo("prev-copied-text", WARNING, "文字与上年完全相同"),
    RuleInfo("prev-copied-narrative", WARNING, "正文与上年报告重复超过一半"),
    RuleInfo("prev-not-found", WARNING, "上年报告文件夹中没有本机关的上年报告"),
    # Importing a published report (.txt/.md/.docx/.html): what could not be read, and
    # what was read despite damage.  Unread fields stay blank and the rules skip them.
    RuleInfo("import-title", ERROR, "标题中找不到机关名称或年度"),
    RuleInfo("import-section-missing", WARNING, "找不到报告的某一文字部分"),
    RuleInfo("import-narrative-missing", WARNING, "找不到某一小节的文字"),
    RuleInfo("import-table-missing", ERROR, "找不到整张表格"),
    RuleInfo("import-row-missing", ERROR, "表格缺少一行"),
    RuleInfo("import-row-figures", ERROR, "表格行的数字个数不对"),
    RuleInfo("import-cell-unreadable", ERROR, "数字无法辨认"),
    RuleInfo("import-row-unmatched", WARNING, "无法识别的表格行"),
    RuleInfo("import-row-label", WARNING, "表格行标签有误，已按结构识别"),
    RuleInfo("import-column-label", WARNING, "表头标签有误"),
    RuleInfo("import-obsolete-table", ERROR, "表格按已废止的格式编制"),
    RuleInfo("import-basis", WARNING, "格式依据引用有误或沿用已废止的格式"),
]

CATALOG: dict[str, RuleInfo] = {r.code: r for r in _RULES}


def rule_info(code: str, spec: FormatSpec | None = None) -> RuleInfo:
    """Look a code up in the catalogue, then among the format's relations."""
    if code in CATALOG:
        return CATALOG[code]
    if spec is not None:
        for rel in spec.relations:
            if rel.rule == code:
                return RuleInfo(rel.rule, rel.severity, rel.title)
    raise KeyError(code)


def rule_title(code: str, spec: FormatSpec | None = None) -> str:
    """The rule's Chinese name, for people (the code stays in JSON and fingerprints)."""
    try:
        return rule_info(code, spec).title
    except KeyError:
        return code


def all_rules(spec: FormatSpec) -> list[RuleInfo]:
    seen: dict[str, RuleInfo] = dict(CATALOG)
    for rel in spec.relations:
        seen.setdefault(rel.rule, RuleInfo(rel.rule, rel.severity, rel.title))
    return list(seen.values())


__all__ = ["CATALOG", "ERROR", "WARNING", "RuleInfo", "all_rules", "rule_info", "rule_title"]
