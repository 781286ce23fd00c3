"""Reading the figures of the tables in one zone of a report.

Every line with figures is a *printed row*; lines with labels only frame a
table (captions, column headers, row groups), continue the label of the row
above (a label PDF extraction split over two lines), or carry a row whose
figures are gone.  Printed rows are then identified with the format's rows:

1. a row whose label is the format's label (or an alias) is that row;
2. rows are aligned in the format's order, each scored by label similarity,
   and only where the number of figures fits (7 for table 三, 15 for table 四 …);
3. a damaged label is accepted on its text alone when it scores at least
   :data:`~giar_xl.importer.labels.HIGH`; between LOW and HIGH only next to a
   row identified by its label, or alone in a gap between two such rows;
4. a row whose label is illegible is identified by position only when it is
   the one unidentified row — or one of as many as the format's unidentified
   rows — between two identified rows, with exactly their number of figures;
5. an identified row out of the format's order is taken when its label is
   unambiguous.

Anything else is not guessed: unmatched printed rows and format rows that
were not found are reported, and their fields stay unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Value as ModelValue
from ..spec import FormatSpec
from .align import align
from .issues import Issues
from .labels import HIGH, LOW, Label, parse_label, same, scrambled, similarity, squash
from .lines import DAMAGED, Line, Value
from .sections import Zone
from .vocabulary import RowTarget, TableVocabulary, table_title, table_vocabulary

EXACT_WEIGHT = 3.0
MERGE_GAIN = 0.1
ORDER_MARGIN = 0.1
COLUMN_TYPO = 0.75
LABEL_LINE_MAX_CHARS = 40
UNLABELLED_PARTIAL = 0.6

BY_LABEL, BY_POSITION, BY_ORDER = "label", "position", "order"


@dataclass
class Row:
    """A printed row: its label cells and its figures."""

    line: Line
    labels: list[str]
    values: tuple[Value, ...]
    joined: list[Line] = field(default_factory=list)  # label-only lines merged into it

    @property
    def label_text(self) -> str:
        return " ".join(self.labels)

    @property
    def source(self) -> str:
        extra = "、".join(ln.where for ln in self.joined)
        return f"{self.line.origin}（标签续接{extra}）" if extra else self.line.origin


@dataclass(frozen=True)
class Fit:
    score: float
    exact: bool
    allowed: bool
    label: Label | None = None  # the observed label that scored best
    reference: Label | None = None  # the format label it was compared with

    @property
    def weight(self) -> float | None:
        if not self.allowed:
            return None
        return EXACT_WEIGHT if self.exact else self.score


_NO_FIT = Fit(0.0, False, False)


@dataclass
class Match:
    row: Row
    target: RowTarget
    fit: Fit
    how: str
    between: tuple[str | None, str | None] = (None, None)  # neighbouring rows (by position)


@dataclass
class Readings:
    """Values read so far, with where each came from."""

    values: dict[str, ModelValue] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


def shape_fits(exact: bool, score: float, count: int, expected: int) -> bool:
    """Whether a row with ``count`` figures may be the format row with ``expected``."""
    if count == expected:
        return exact or score >= LOW
    if count < expected:
        return exact or score >= HIGH
    return exact  # more figures than columns: only a certain label identifies it


class Scorer:
    """Scores printed rows against the format rows of one zone."""

    def __init__(self, vocabulary: TableVocabulary):
        self.vocabulary = vocabulary
        self.targets = vocabulary.targets
        self._by_body: dict[str, list[int]] = {}
        self._memo: dict[tuple[tuple[str, ...], int], list[Fit]] = {}
        for j, target in enumerate(self.targets):
            for variant in target.variants:
                self._by_body.setdefault(variant.body, []).append(j)

    def candidates(self, labels: list[str]) -> list[Label]:
        """The texts a row's label is compared by: its last cell, and its cells that
        are not row-group labels joined (a label split over two cells)."""
        if not labels:
            return []
        found = [parse_label(labels[-1])]
        own = [c for c in labels if not self._is_group(c)]
        if len(own) > 1 or (own and own[-1] != labels[-1]):
            joined = parse_label("".join(own))
            if joined.text != found[0].text:
                found.append(joined)
        return found

    def _is_group(self, cell: str) -> bool:
        label = parse_label(cell)
        return label.text in self.vocabulary.groups or label.body in self.vocabulary.groups

    def fits(self, labels: list[str], count: int) -> list[Fit]:
        """One :class:`Fit` per format row (memoised: label-only lines ask repeatedly)."""
        key = (tuple(labels), count)
        if key not in self._memo:
            self._memo[key] = self._fits(labels, count)
        return self._memo[key]

    def _fits(self, labels: list[str], count: int) -> list[Fit]:
        candidates = self.candidates(labels)
        exact: dict[int, tuple[Label, Label]] = {}
        for cand in candidates:
            for j in self._by_body.get(cand.body, ()):
                ref = next((v for v in self.targets[j].variants if same(cand, v)), None)
                if ref is not None and j not in exact:
                    exact[j] = (cand, ref)
        fits: list[Fit] = []
        for j, target in enumerate(self.targets):
            expected = len(target.fields)
            if count == sum(target.spans):
                expected = count  # each figure repeated over the columns it spans
            if target.unlabelled:
                fits.append(self._unlabelled(bool(labels), bool(exact), count, expected))
            elif exact:
                if j in exact:
                    cand, ref = exact[j]
                    fits.append(Fit(1.0, True, shape_fits(True, 1.0, count, expected), cand, ref))
                else:
                    fits.append(_NO_FIT)
            else:
                score, cand, ref = self._similarity(candidates, target)
                fits.append(Fit(score, False, shape_fits(False, score, count, expected),
                                cand, ref))
        return fits

    @staticmethod
    def _unlabelled(has_label: bool, has_exact: bool, count: int, expected: int) -> Fit:
        if has_exact:
            return _NO_FIT
        if count == expected:
            return Fit(1.0, True, True)
        if not has_label and count * 2 > expected:
            return Fit(UNLABELLED_PARTIAL, False, True)
        return _NO_FIT

    @staticmethod
    def _similarity(candidates: list[Label], target: RowTarget):
        best, best_cand, best_ref = 0.0, None, None
        for cand in candidates:
            for ref in target.variants:
                score = similarity(cand, ref, floor=LOW)
                if score > best:
                    best, best_cand, best_ref = score, cand, ref
        return best, best_cand, best_ref

    def best(self, labels: list[str], count: int) -> float:
        """The best score of a row against any format row (1.0 for its exact label)."""
        return max((f.score for f in self.fits(labels, count)), default=0.0)


# --------------------------------------------------------------------------- reading

def read_zone_tables(zone: Zone, spec: FormatSpec, readings: Readings, issues: Issues) -> int:
    """Read the tables of ``zone`` into ``readings``; returns the rows identified."""
    vocabulary = table_vocabulary(spec, zone.sections)
    if not vocabulary.targets:
        _report_stray_rows(zone.lines, issues)
        return 0
    scorer = Scorer(vocabulary)
    rows = _printed_rows(zone.lines, scorer, issues)
    matches, unmatched = _identify(rows, scorer)
    for match in matches:
        _read_row(match, spec, readings, issues)
    for row in unmatched:
        issues.add("import-row-unmatched",
                   f"无法确定这一行是表格的哪一行（标签「{row.label_text or '无'}」，"
                   f"{len(row.values)} 个数字），其数字未读取。",
                   source=row.source, actual=row.label_text or None)
    _report_missing(zone, spec, vocabulary, matches, issues)
    return len(matches)


def _report_stray_rows(lines: tuple[Line, ...], issues: Issues) -> None:
    """Figures in a table layout where the format has no table."""
    for line in lines:
        if line.structured and line.values:
            issues.add("import-row-unmatched",
                       f"这一行像表格行（{len(line.values)} 个数字），但所在部分没有规定的表格，"
                       f"其数字未读取。", source=line.origin)


def _printed_rows(lines: tuple[Line, ...], scorer: Scorer, issues: Issues) -> list[Row]:
    """Rows with figures, with label-only lines merged, framed or turned into rows."""
    items: list[Row | Line | None] = []  # None: running text, which separates rows
    for line in lines:
        if line.blank:
            continue
        if line.values:
            items.append(Row(line, list(line.labels), line.values))
        elif line.labels and (line.structured or len(squash(line.text)) <= LABEL_LINE_MAX_CHARS):
            items.append(line)
        else:
            items.append(None)
    rows: list[Row] = []
    for k, item in enumerate(items):
        if isinstance(item, Row):
            rows.append(item)
        elif isinstance(item, Line):
            row = _label_only(item, items, k, scorer, issues)
            if row is not None:
                rows.append(row)
    return rows


def _label_only(line: Line, items: list, k: int, scorer: Scorer, issues: Issues) -> Row | None:
    """Handle a line of labels without figures; a new row (figures lost) or None."""
    vocabulary = scorer.vocabulary
    cells = list(line.labels)
    if all(_is_structural(c, vocabulary) for c in cells):
        return None
    previous = items[k - 1] if k > 0 and isinstance(items[k - 1], Row) else None
    following = items[k + 1] if k + 1 < len(items) and isinstance(items[k + 1], Row) else None
    options = []
    text = "".join(cells)
    if previous is not None and previous.labels:
        merged = previous.labels[:-1] + [previous.labels[-1] + text]
        options.append((previous, merged))
    if following is not None:
        merged = ([text + following.labels[0]] + following.labels[1:]
                  if following.labels else [text])
        options.append((following, merged))
    best_gain, best_option = 0.0, None
    for row, merged in options:
        before = scorer.best(row.labels, len(row.values))
        if before >= 1.0:
            continue
        after = scorer.best(merged, len(row.values))
        if after >= LOW and after - before >= MERGE_GAIN and after - before > best_gain:
            best_gain, best_option = after - before, (row, merged)
    if best_option is not None:
        row, merged = best_option
        row.labels = merged
        row.joined.append(line)
        return None
    if scorer.best(cells, 0) >= HIGH:
        return Row(line, cells, ())
    _check_column_labels(line, cells, vocabulary, issues)
    return None


_PATH_SEPARATORS = re.compile(r"[/／|｜·>＞]")


def _is_structural(cell: str, vocabulary: TableVocabulary) -> bool:
    """A caption, corner, column or row-group label — or a path or run of them
    (「申请人情况 / 法人或其他组织 / 商业企业」, a header flattened into one cell)."""
    label = parse_label(cell)
    structural = vocabulary.structural
    if label.text in structural or label.body in structural:
        return True
    return _segments_into(_PATH_SEPARATORS.sub("", label.text), structural)


def _segments_into(text: str, pieces: frozenset[str]) -> bool:
    """Whether ``text`` is a concatenation of ``pieces`` (two or more)."""
    if not text or len(text) > 120:
        return False
    reachable = [0] + [-1] * len(text)  # number of pieces that reach each position
    for end in range(1, len(text) + 1):
        for start in range(end):
            if reachable[start] >= 0 and text[start:end] in pieces:
                reachable[end] = max(reachable[end], reachable[start] + 1)
    return reachable[len(text)] >= 2


def _check_column_labels(line: Line, cells: list[str], vocabulary: TableVocabulary,
                         issues: Issues) -> None:
    """A header cell close to a column label but not equal to it is a typo worth a warning."""
    for cell in cells:
        if _is_structural(cell, vocabulary):
            continue
        observed = parse_label(cell)
        best, column = 0.0, None
        for candidate in vocabulary.columns:
            score = similarity(observed, candidate.label)
            if score > best:
                best, column = score, candidate
        if column is not None and best >= COLUMN_TYPO:
            issues.add("import-column-label",
                       f"表头「{cell}」与规定的「{column.official}」不一致（疑为错字或缺字），"
                       f"该栏数字仍按栏位读取；请核对原文。",
                       field=column.field, source=line.origin, expected=column.official,
                       actual=cell)


# --------------------------------------------------------------------------- identifying

def _identify(rows: list[Row], scorer: Scorer) -> tuple[list[Match], list[Row]]:
    targets = scorer.targets
    fits = [scorer.fits(r.labels, len(r.values)) for r in rows]
    pairs = align([[f.weight for f in row_fits] for row_fits in fits])
    strong = {i: j for i, j in pairs if fits[i][j].exact or fits[i][j].score >= HIGH}
    accepted: dict[int, tuple[int, str]] = {i: (j, BY_LABEL) for i, j in strong.items()}
    for i, j in pairs:
        if i not in strong and _weak_supported(i, j, strong, len(rows), len(targets)):
            accepted[i] = (j, BY_LABEL)
    _fill_gaps(rows, fits, accepted, targets)
    _rescue_out_of_order(fits, accepted)
    matches = []
    by_row = sorted(accepted.items())
    for i, (j, how) in by_row:
        match = Match(rows[i], targets[j], fits[i][j], how)
        if how == BY_POSITION:
            match.between = _neighbours(i, by_row, targets)
        matches.append(match)
    unmatched = [r for i, r in enumerate(rows) if i not in accepted]
    return matches, unmatched


def _weak_supported(i: int, j: int, strong: dict[int, int], n: int, m: int) -> bool:
    """A weak label match stands next to a strong one, or alone between two."""
    if strong.get(i - 1) == j - 1 or strong.get(i + 1) == j + 1:
        return True
    before = [(a, b) for a, b in strong.items() if a < i]
    after = [(a, b) for a, b in strong.items() if a > i]
    lo = max(before, default=(-1, -1))
    hi = min(after, default=(n, m))
    if not before and not after:
        return False
    return hi[0] - lo[0] == 2 and hi[1] - lo[1] == 2


def _fill_gaps(rows: list[Row], fits: list[list[Fit]], accepted: dict[int, tuple[int, str]],
               targets: tuple[RowTarget, ...]) -> None:
    """Rows identified by position: as many unidentified rows as format rows between two
    identified ones, each with exactly the figures its format row prints."""
    n, m = len(rows), len(targets)
    anchors = sorted((i, j) for i, (j, _how) in accepted.items())
    if not anchors:
        return
    bounds = [(-1, -1), *anchors, (n, m)]
    taken = {j for j, _how in accepted.values()}
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if j1 < j0:
            continue  # an out-of-order pair; nothing between them is in order
        free_rows = [i for i in range(i0 + 1, i1) if i not in accepted]
        free_targets = [j for j in range(j0 + 1, j1) if j not in taken]
        if not free_rows or len(free_rows) != len(free_targets):
            continue
        if all(_fits_by_position(rows[i], fits[i], j, targets[j])
               for i, j in zip(free_rows, free_targets)):
            for i, j in zip(free_rows, free_targets):
                accepted[i] = (j, BY_POSITION)
                taken.add(j)


def _fits_by_position(row: Row, row_fits: list[Fit], j: int, target: RowTarget) -> bool:
    if len(row.values) != len(target.fields):
        return False
    if not row.labels and len(row.values) < 3:
        return False  # a lone figure (a page number?) says too little
    # a label that clearly names another row is not overruled by position
    return not any((f.exact or f.score >= HIGH) for k, f in enumerate(row_fits) if k != j)


def _rescue_out_of_order(fits: list[list[Fit]], accepted: dict[int, tuple[int, str]]) -> None:
    taken = {j for j, _how in accepted.values()}
    for i, row_fits in enumerate(fits):
        if i in accepted:
            continue
        ranked = sorted(((f.score, j) for j, f in enumerate(row_fits) if f.allowed),
                        reverse=True)
        if not ranked:
            continue
        score, j = ranked[0]
        second = max((f.score for k, f in enumerate(row_fits) if k != j), default=0.0)
        sure = row_fits[j].exact or (score >= HIGH and score - second >= ORDER_MARGIN)
        if sure and j not in taken:
            accepted[i] = (j, BY_ORDER)
            taken.add(j)


def _neighbours(i: int, by_row: list[tuple[int, tuple[int, str]]],
                targets: tuple[RowTarget, ...]) -> tuple[str | None, str | None]:
    before = [targets[j].name for a, (j, how) in by_row if a < i and how != BY_POSITION]
    after = [targets[j].name for a, (j, how) in by_row if a > i and how != BY_POSITION]
    return (before[-1] if before else None, after[0] if after else None)


# --------------------------------------------------------------------------- values

def _read_row(match: Match, spec: FormatSpec, readings: Readings, issues: Issues) -> None:
    row, target = match.row, match.target
    _report_label(match, issues)
    fields, values = target.fields, row.values
    collapsed = target.collapse(values)
    if collapsed is not None:
        values = tuple(collapsed)
    if len(values) > len(fields):
        issues.add("import-row-figures",
                   f"「{target.name}」一行有 {len(values)} 个数字，多于规定的 {len(fields)} 栏，"
                   f"无法确定各数字属于哪一栏，均未读取。",
                   field=fields[0], source=row.source, expected=len(fields), actual=len(values),
                   unreadable=fields)
        return
    origin = row.line.origin
    for fid, value in zip(fields, values):
        if value.kind == DAMAGED:
            issues.add("import-cell-unreadable",
                       f"「{spec.fields[fid].title}」的数字「{value.text}」无法辨认，未读取。",
                       field=fid, source=row.source, actual=value.text, unreadable=(fid,))
            continue
        readings.values[fid] = value.read()
        readings.origins[fid] = origin
    missing = fields[len(values):]
    if not missing:
        return
    if values:
        first = spec.fields[missing[0]].column_path[-1]
        message = (f"「{target.name}」一行只有 {len(values)} 个数字，应有 {len(fields)} 个："
                   f"已按顺序读入前 {len(values)} 栏，自「{first}」起 {len(missing)} 栏无法读取。")
    else:
        message = f"「{target.name}」一行没有数字，{len(fields)} 栏均无法读取。"
    issues.add("import-row-figures", message, field=missing[0], source=row.source,
               expected=len(fields), actual=len(values), unreadable=missing)


def _report_label(match: Match, issues: Issues) -> None:
    row, target, fit = match.row, match.target, match.fit
    if match.how == BY_LABEL and fit.exact and not row.joined:
        return
    official = target.leaf.label or target.name
    printed = row.label_text or "无标签"
    split = f"标签被拆在两行（{'、'.join(ln.where for ln in row.joined)}），" if row.joined else ""
    if match.how == BY_POSITION:
        before, after = match.between
        place = "、".join(p for p in (f"「{before}」之后" if before else "",
                                      f"「{after}」之前" if after else "") if p)
        message = (f"{split}表格行标签「{printed}」无法辨认；按其位置（{place}）和 "
                   f"{len(row.values)} 个数字识别为「{target.name}」，数字已读取，请核对原文。")
    elif match.how == BY_ORDER:
        message = (f"{split}表格行「{printed}」不在规定的行序位置上，按标签识别为「{target.name}」，"
                   f"数字已读取，请核对原文。")
    elif fit.exact:
        message = f"{split}已合并为「{target.name}」，数字已读取，请核对原文。"
    elif fit.label is not None and fit.reference is not None and scrambled(fit.label,
                                                                            fit.reference):
        message = (f"{split}表格行标签「{printed}」文字顺序错乱，与规定的「{official}」字符相同，"
                   f"按标签和行序识别为该行，数字已读取，请核对原文。")
    else:
        message = (f"{split}表格行标签「{printed}」与规定的「{official}」不一致"
                   f"（相似度 {fit.score:.0%}），按标签和行序识别为该行，数字已读取，请核对原文。")
    issues.add("import-row-label", message, field=target.fields[0], source=row.source,
               expected=official, actual=row.label_text or None)


# --------------------------------------------------------------------------- missing

def _report_missing(zone: Zone, spec: FormatSpec, vocabulary: TableVocabulary,
                    matches: list[Match], issues: Issues) -> None:
    position = {id(t): k for k, t in enumerate(vocabulary.targets)}
    found = {position[id(m.target)]: m for m in matches}
    for table_id in dict.fromkeys(t.table.id for t in vocabulary.targets):
        table = spec.tables[table_id]
        indexes = [k for k, t in enumerate(vocabulary.targets) if t.table.id == table_id]
        if not any(k in found for k in indexes):
            fields = [f for k in indexes for f in vocabulary.targets[k].fields]
            if zone.heading is not None and zone.sections[0].id == table.section:
                where = f"{zone.heading.origin} 之下未找到"
            else:
                where = f"全文未找到「{spec.section(table.section).heading}」的标题，也没有它的表格"
            issues.add("import-table-missing",
                       f"找不到{table_title(spec, table)}的表格（{len(fields)} 个数字无法读取）。"
                       f"空白不等于 0，请按原报告补全。",
                       field=fields[0], source=where, unreadable=fields)
            continue
        for k in indexes:
            if k in found:
                continue
            target = vocabulary.targets[k]
            issues.add("import-row-missing",
                       f"表格中缺少「{target.name}」一行（{len(target.fields)} 个数字无法读取）。"
                       f"空白不等于 0，请按原报告补全。",
                       field=target.fields[0], source=_where_missing(k, indexes, found),
                       unreadable=target.fields)


def _where_missing(k: int, indexes: list[int], found: dict[int, Match]) -> str:
    before = [found[i] for i in indexes if i < k and i in found]
    if before:
        return f"应在 {before[-1].row.line.origin} 之后"
    after = [found[i] for i in indexes if i > k and i in found]
    return f"应在 {after[0].row.line.origin} 之前" if after else "表格中未找到"
