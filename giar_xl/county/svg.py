"""Bar charts as inline SVG for the HTML report: no script, no network, prints as drawn.

A chart is horizontal bars, one per label, each split into stacked segments (错误 red,
提醒 yellow …), with the count at the bar's end.  Labels are escaped text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW, BAR, GAP = 24, 16, 8  # px: row height, bar thickness
LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 260, 360, 60
FONT = "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str  # CSS colour of its segments


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series


def bar_chart(title: str, series: Sequence[Series], bars: Sequence[Bar],
              label_width: int = LABEL_WIDTH) -> Markup:
    """``bars`` as a stacked horizontal bar chart titled ``title`` (an SVG element)."""
    width = label_width + BAR_WIDTH + VALUE_WIDTH
    top = 28
    legend_y = top + max(1, len(bars)) * ROW + GAP
    height = legend_y + 22
    largest = max((sum(b.values) for b in bars), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'font-family="{FONT}" font-size="13">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-size="15" font-weight="bold">{escape(title)}</text>']
    for row, bar in enumerate(bars):
        y = top + row * ROW
        parts.append(f'<text x="{label_width - 8}" y="{y + BAR - 3}" text-anchor="end">'
                     f"{escape(_clip(bar.label, label_width))}</text>")
        x = float(label_width)
        for value, s in zip(bar.values, series, strict=True):
            if value <= 0:
                continue
            w = value / largest * BAR_WIDTH
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}" '
                         f'fill="{s.colour}"><title>{escape(bar.label)}：{escape(s.name)} '
                         f"{value}</title></rect>")
            x += w
        parts.append(f'<text x="{x + 5:.1f}" y="{y + BAR - 3}">{sum(bar.values)}</text>')
    x = label_width
    for s in series:
        parts.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{s.colour}"/>'
                     f'<text x="{x + 16}" y="{legend_y + 11}">{escape(s.name)}</text>')
        x += 16 + 14 * len(s.name) + 24
    if not bars:
        parts.append(f'<text x="{label_width}" y="{top + 12}">（无）</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _clip(label: str, width: int) -> str:
    """A label short enough for its column (a CJK character is about 13 px at 13 px)."""
    most = max(4, (width - 12) // 13)
    return label if len(label) <= most else label[:most - 1] + "…"
