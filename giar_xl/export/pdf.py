"""PDF: the Word export converted by LibreOffice headless.

Servers rarely have the official Chinese fonts (仿宋_GB2312, 方正小标宋简体 …).
LibreOffice ignores the Word font table's alternate names, so on systems that
use fontconfig (Linux) the conversion runs with a small fontconfig file that
maps each official font to its usual substitutes — a serif CJK face for
仿宋/宋体/楷体/小标宋, a sans face for 黑体 — instead of whatever face
fontconfig would pick for an unknown name.  Where the official fonts are
installed they still win.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from ..fileio import atomic_path
from ..office import convert
from .document import ReportDocument
from .word import write_docx
from .word_styles import FONTS

SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")


def write_pdf(doc: ReportDocument, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write ``doc`` to ``path`` as PDF (via a temporary .docx and LibreOffice)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="giar-pdf-") as tmp:
        source = write_docx(doc, Path(tmp) / "report.docx")
        with font_substitutes() as env:
            produced = convert(source, "pdf", tmp, env=env)
        with atomic_path(path, overwrite) as target:
            shutil.copyfile(produced, target)
    return path


def fontconfig_aliases(include: str | Path) -> str:
    """A fontconfig file: the system configuration plus our font substitutes."""
    aliases = []
    for font in FONTS:
        accepted = "".join(f"<family>{escape(name)}</family>" for name in font.alternates)
        aliases.append(f'  <alias binding="same"><family>{escape(font.name)}</family>'
                       f"<accept>{accepted}</accept></alias>")
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>\n  <include ignore_missing=\"yes\">{escape(str(include))}</include>\n"
            + "\n".join(aliases) + "\n</fontconfig>\n")


@contextlib.contextmanager
def font_substitutes() -> Iterator[dict[str, str]]:
    """Environment for LibreOffice that points fontconfig at our substitutes."""
    base = Path(os.environ.get("FONTCONFIG_FILE") or SYSTEM_FONTCONFIG)
    if sys.platform in ("win32", "darwin") or not base.is_file():
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix="giar-fc-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(fontconfig_aliases(base.resolve()), encoding="utf-8")
        yield {"FONTCONFIG_FILE": str(conf)}
