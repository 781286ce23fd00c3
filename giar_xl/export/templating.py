"""Rendering the document model through the Jinja templates in ``templates/``.

Text and Markdown templates are plain Jinja (no escaping: the text is the
report's own); the HTML template is autoescaped, so whatever a clerk pasted
(``<script>``, ``&``, quotes) shows as text.  Offices may edit the templates
to change wording or layout without touching code.
"""

from __future__ import annotations

import functools
import re

import jinja2

from ..resources import templates_dir
from .document import ReportDocument

TEMPLATES = {"txt": "report.txt.j2", "md": "report.md.j2", "html": "report.html.j2"}

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


@functools.lru_cache(maxsize=4)
def environment(folder: str | None = None) -> jinja2.Environment:
    """The Jinja environment over ``folder`` (default: the shipped ``templates/``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or str(templates_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "html.j2"),
                                            default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["md_cell"] = markdown_cell
    env.filters["untab"] = untab
    return env


def render(doc: ReportDocument, fmt: str, folder: str | None = None) -> str:
    """``doc`` rendered with the template of ``fmt`` (txt, md or html)."""
    template = environment(folder).get_template(TEMPLATES[fmt])
    return template.render(doc=doc)


def untab(text: str) -> str:
    """Tabs as spaces: in the text export a tab separates table cells, never prose."""
    return text.replace("\t", " ")


def markdown_text(text: str) -> str:
    """A paragraph with Markdown syntax escaped, so it renders exactly as written."""
    text = _markdown_inline(text)
    if text.startswith(("#", "+", "=", "-")):  # a heading, list item or rule
        return "\\" + text
    return _MD_ORDERED.sub(r"\1\\\2", text)  # 「1.」 would start a numbered list


def markdown_cell(text: str) -> str:
    """A pipe-table cell: inline syntax and pipes escaped, on one line."""
    return _markdown_inline(text).replace("\n", " ")


def _markdown_inline(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", untab(text))
    return _MD_ENTITY.sub(r"\\&", text)
