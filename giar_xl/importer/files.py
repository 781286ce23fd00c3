"""Reading a report file's bytes, with the one message every importer gives."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, os_error_text


def cannot_read(path: Path, exc: OSError) -> InputError:
    return InputError(f"无法读取文件：{os_error_text(exc)}。", str(path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from exc
