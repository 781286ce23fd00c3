"""Help pages laid out for Chinese text.

Click measures text in characters and joins a paragraph's lines with a space; Chinese
characters take two columns on a terminal and are not separated by spaces.  This formatter
measures display width (East Asian Wide/Fullwidth = 2 columns), joins lines between
Chinese characters without a space, keeps ASCII words (options, file names) whole, and
writes headings with a full-width colon.  Paragraph rules are click's: a blank line ends a
paragraph, a paragraph starting with ``\\b`` is printed as written.
"""

from __future__ import annotations

import re
import unicodedata

import click

_TOKEN = re.compile(r"[!-~]+|\s+|.", re.S)  # an ASCII word, a run of spaces, or one character
_NO_LINE_START = set("，。、；：？！）」』》”’…")
_NO_LINE_END = set("（「『《“‘")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fill(text: str, width: int, first: str = "", rest: str = "") -> str:
    """``text`` wrapped to ``width`` columns; lines start with ``first``, then ``rest``."""
    lines, line = [], first
    for token in _TOKEN.findall(text):
        if token.isspace():
            if not line.strip():
                continue  # no space at the start of a line
            token = " "
        overflows = display_width(line) + display_width(token) > width
        if overflows and line.strip() and token not in _NO_LINE_START:
            carried = line[-1] if line[-1] in _NO_LINE_END and line[:-1].strip() else ""
            lines.append(line[:len(line) - len(carried)].rstrip())
            line = rest + carried
            if token == " ":
                continue
        line += token
    lines.append(line.rstrip())
    return "\n".join(lines)


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one: a space only where ASCII meets ASCII."""
    text = ""
    for line in lines:
        if text and text[-1].isascii() and line[0].isascii():
            text += " "
        text += line
    return text


def wrap_text(text: str, width: int, indent: str = "") -> str:
    """Click's paragraph handling (``\\b`` keeps a paragraph as written), by display width."""
    paragraphs: list[tuple[int, bool, list[str]]] = []
    lines: list[str] = []
    for line in [*text.expandtabs().splitlines(), ""]:
        starts_raw = line.strip() == "\b" and lines  # a \b line also ends the paragraph before
        if line.strip() and not starts_raw:
            lines.append(line)
            continue
        if lines:
            extra = len(lines[0]) - len(lines[0].lstrip())
            raw = lines[0].strip() == "\b"
            paragraphs.append((extra, raw, lines[1:] if raw else [s.strip() for s in lines]))
        lines = [line] if starts_raw else []
    out = []
    for extra, raw, body in paragraphs:
        pad = indent + " " * extra
        if raw:
            out.append("\n".join(pad + line for line in body))
        else:
            out.append(fill(_join(body), width, pad, pad))
    return "\n\n".join(out)


class ChineseHelpFormatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        self.write(wrap_text(text, self.width, " " * self.current_indent))
        self.write("\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(term) for term, _ in rows), default=0), col_max)
        first_col += col_spacing
        text_width = max(self.width - first_col - 2 - self.current_indent, 10)
        pad = " " * (self.current_indent + first_col)
        for term, text in rows:
            head = " " * self.current_indent + term
            if not text:
                self.write(head + "\n")
                continue
            if display_width(term) <= first_col - col_spacing:
                head += " " * (first_col - display_width(term))
            else:
                head += "\n" + pad
            wrapped = wrap_text(text, text_width).split("\n")
            self.write(head + wrapped[0] + "\n")
            for line in wrapped[1:]:
                self.write((pad + line).rstrip() + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter
