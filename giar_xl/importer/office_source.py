"""Older and other word-processor files (.doc, .wps, .odt, .rtf) and saved web pages (.mht).

LibreOffice (headless) converts a .doc, .wps (Kingsoft Writer, stored like a
.doc), .odt or .rtf report into .docx in a temporary folder, which is then
read like any Word report; the reviewer's file is copied there first and never
touched.  A page a browser saved as .mht/.mhtml is a MIME message: its HTML
part is read like a saved web page (the standard library's email parser undoes
the quoted-printable or base64 encoding and the declared charset).
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from ..errors import InputError
from ..office import convert
from .docx_source import read_docx_file
from .files import private_copy, read_bytes
from .html_source import chinese_codec, decode_html, html_lines
from .lines import Line
from .text_source import decode_text, text_lines

WRITER_MISSING = ("读取 {suffix} 文件需要 LibreOffice：请安装 LibreOffice（Debian/Ubuntu："
                  "apt-get install libreoffice-writer；Windows、macOS：安装 LibreOffice），"
                  "或先在 Word/WPS 中另存为 .docx 再导入。")
_AS_SUFFIX = {".wps": ".doc"}  # WPS Writer files are Word 97 files: LibreOffice reads them so


def read_office_file(path: Path) -> list[Line]:
    """The lines of a .doc/.wps/.odt/.rtf report, through LibreOffice; InputError when it
    cannot be converted (or LibreOffice is missing)."""
    with private_copy(path, _AS_SUFFIX) as copy:
        try:
            converted = convert(copy, "docx", copy.parent / "out", filter_name="MS Word 2007 XML",
                                not_installed=WRITER_MISSING.format(suffix=path.suffix.lower()))
        except InputError as exc:
            if "LibreOffice 无法转换" in exc.message:
                raise InputError(f"无法打开 {path.suffix} 文件：文件已损坏，或不是 Word/WPS 文档。"
                                 "请在 Word/WPS 中打开后另存为 .docx 再导入。", str(path)) from exc
            raise InputError(exc.message, str(path)) from exc
        return read_docx_file(converted)


def read_mhtml_file(path: Path) -> list[Line]:
    """The lines of a web page saved as .mht/.mhtml (its first HTML part, else its text).

    A part's bytes are decoded in the charset its MIME header declares; Chrome and Edge
    declare none (``Content-Type: text/html``), so the page's own ``<meta charset>`` decides,
    else UTF-8, else GB18030 — as for a saved .html page."""
    message = email.message_from_bytes(read_bytes(path), policy=email.policy.default)
    parts = list(message.walk()) if message.is_multipart() else [message]
    for content_type, decode, to_lines in (("text/html", decode_html, html_lines),
                                           ("text/plain", decode_text, text_lines)):
        for part in parts:
            if part.get_content_type() != content_type:
                continue
            payload = part.get_payload(decode=True) or b""
            return to_lines(_part_text(part, payload, decode, path))
    raise InputError("这个 .mht 文件中没有网页内容，无法导入。", str(path))


def _part_text(part, payload: bytes, decode, path: Path) -> str:
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(chinese_codec(charset))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode(payload, path)
    except InputError as exc:
        raise InputError("网页存档（.mht）中的网页无法解码。", str(path)) from exc
