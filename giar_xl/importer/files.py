"""Reading a report file's bytes, with the one message every importer gives."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError, os_error_text
from ..zipsafe import ZIP_MAGIC, open_zip


def cannot_read(path: Path, exc: OSError) -> InputError:
    return InputError(f"无法读取文件：{os_error_text(exc)}。", str(path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from exc


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls and their WPS twins


@contextmanager
def private_copy(path: Path, ole_suffix: Mapping[str, str]) -> Iterator[Path]:
    """A copy of ``path`` in a temporary folder (removed afterwards) for a converter to read,
    named ``report`` + its suffix — or ``ole_suffix[suffix]`` for a WPS file that is an
    Office 97 file inside (LibreOffice and calamine choose their reader by the suffix).
    Raises InputError for an empty or unreadable file; the original is never touched."""
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as file:
            head = file.read(len(OLE_SIGNATURE))
    except OSError as exc:
        raise cannot_read(path, exc) from exc
    if not head:
        raise InputError("文件是空的，没有可导入的内容。", str(path))
    if head.startswith(ZIP_MAGIC):  # .odt, .ods: the limits of every zip package, before a converter
        open_zip(path, "文件").close()
    if suffix in ole_suffix and head == OLE_SIGNATURE:
        suffix = ole_suffix[suffix]
    with tempfile.TemporaryDirectory(prefix="giar-import-") as folder:
        copy = Path(folder) / f"report{suffix}"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise cannot_read(path, exc) from exc
        yield copy
