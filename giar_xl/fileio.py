"""The clerk's files: inputs are read only if they are ordinary files; outputs are
planned before anything is written, and written atomically, never over an input,
over another output of the same run, over something that is not an ordinary file,
or over an existing file unless the user asked for that (``--overwrite``).

Every command that writes calls :class:`OutputPlan` first and then one of the
``atomic_*`` writers with the plan's ``overwrite``; all failures are
:class:`~giar_xl.errors.InputError` with a Chinese message naming the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from .errors import InputError, os_error_text

OVERWRITE_HINT = "请换一个文件名，或加 --overwrite 覆盖"


class _Saveable(Protocol):
    def save(self, filename) -> None: ...


# -- inputs -------------------------------------------------------------------
def regular_input(path: str | Path) -> os.stat_result:
    """``stat`` of an input that is an ordinary file; InputError (Chinese) otherwise.

    A FIFO or a device is never opened (opening a FIFO would block until
    someone writes to it), a folder or a dangling link is named as such.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if os.path.lexists(path):
            raise InputError("这是一个链接（快捷方式），它指向的文件不存在。", str(path)) from None
        raise InputError("文件不存在。", str(path)) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_error_text(exc)}。", str(path)) from exc
    kind = _not_regular(info)
    if kind:
        raise InputError(f"这是{kind}，不是普通文件，不会读取。", str(path))
    return info


def _not_regular(info: os.stat_result) -> str | None:
    """What a non-regular file is, in words; None for an ordinary file."""
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "一个文件夹"
    if stat.S_ISFIFO(mode):
        return "一个命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "一个设备（如 /dev/null）"
    if stat.S_ISSOCK(mode):
        return "一个套接字"
    return "一个特殊文件"


# -- planning outputs -------------------------------------------------------------
class OutputPlan:
    """The outputs of one run, checked before anything is written.

    ``inputs`` are every file the run reads (also last year's reports): none of them
    is ever an output, whatever the spelling (relative path, ``..``, symbolic or
    hard link — compared by resolved path and by device and inode).  :meth:`claim`
    refuses an output that is an input, another output of this run, a folder, a
    device or FIFO, an existing file (unless ``overwrite``), or whose folder cannot
    exist (a parent is a file); :meth:`claim_unique` numbers a name already taken
    by this run instead (``a.校验.xlsx``, ``a（2）.校验.xlsx`` …).
    """

    def __init__(self, inputs: Iterable[str | Path] = (), overwrite: bool = False):
        self.overwrite = overwrite
        self._input_paths: set[str] = set()
        self._input_ids: set[tuple[int, int]] = set()
        self._claimed: set[str] = set()
        for path in inputs:
            self.add_input(path)

    def add_input(self, path: str | Path) -> None:
        self._input_paths.add(_key(path))
        with contextlib.suppress(OSError):
            info = os.stat(path)
            self._input_ids.add((info.st_dev, info.st_ino))

    def claim(self, path: str | Path) -> Path:
        """``path`` as an output of this run; InputError saying why it may not be."""
        path = Path(path)
        if self._is_input(path):
            raise InputError("输出文件不能是输入的文件本身（也不能是它的链接）：请换一个文件名。",
                             str(path))
        if _key(path) in self._claimed:
            raise InputError("与本次要写出的另一个文件同名：请换一个文件名。", str(path))
        check_writable_target(path, self.overwrite)
        self._claimed.add(_key(path))
        return path

    def claim_unique(self, path: str | Path, tail: str = "") -> Path:
        """Like :meth:`claim`, numbering the name if this run already uses it.

        ``tail`` is the part of the name kept after the number (``.校验.xlsx``)."""
        path = Path(path)
        tail = tail if tail and path.name.endswith(tail) else path.suffix
        stem = path.name[: len(path.name) - len(tail)]
        number = 1
        while _key(path) in self._claimed:
            number += 1
            path = path.with_name(f"{stem}（{number}）{tail}")
        return self.claim(path)

    def folder(self, path: str | Path) -> Path:
        """A folder outputs go into: it may exist, but not as a file."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise InputError("这不是文件夹（已有同名文件），无法在其中写出文件。", str(path))
        _check_parents(path)
        return path

    def _is_input(self, path: Path) -> bool:
        if _key(path) in self._input_paths:
            return True
        try:
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) in self._input_ids


def check_writable_target(path: str | Path, overwrite: bool) -> None:
    """InputError unless ``path`` may be written: absent, or a regular file and ``overwrite``."""
    path = Path(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        if os.path.lexists(path) and not overwrite:  # a link to nothing
            raise InputError(f"已存在（一个链接）。{OVERWRITE_HINT}。", str(path)) from None
        _check_parents(path)
        return
    except OSError as exc:
        raise InputError(f"无法写出：{os_error_text(exc)}。", str(path)) from exc
    kind = _not_regular(info)
    if kind:
        raise InputError(f"这是{kind}，不是普通文件：不会用导出的内容替换它。请换一个文件名。",
                         str(path))
    if not overwrite:
        raise InputError(f"已存在。为免覆盖修改过的文件，{OVERWRITE_HINT}。", str(path))


def _check_parents(path: Path) -> None:
    for parent in Path(os.path.abspath(path)).parents:
        if os.path.lexists(parent):
            if not parent.is_dir():
                raise InputError(f"无法写出：上级路径「{parent}」是一个文件，不是文件夹。", str(path))
            return


def _key(path: str | Path) -> str:
    """One spelling per file: absolute, links and ``..`` resolved, case folded (Windows
    and macOS disks ignore case, so two names differing only in case are one file)."""
    return os.path.normcase(os.path.realpath(path)).casefold()


# -- writing --------------------------------------------------------------------
@contextlib.contextmanager
def atomic_path(path: str | Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it becomes ``path``.

    Without ``overwrite`` an existing ``path`` is never replaced, not even one
    created while the temporary file was written (the final step is a hard link,
    which fails if the name exists; where the disk has no hard links, e.g. FAT
    USB sticks, a last existence check and a rename).  A failure of the operating
    system (read-only folder, full disk …) is an InputError naming ``path``.
    """
    path = Path(path)
    tmp: str | None = None
    try:
        if os.path.lexists(path):
            check_writable_target(path, overwrite)
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # (with shutil and random: only when writing)

        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        yield Path(tmp)
        # mkstemp creates 0600; give the file the mode an ordinary new file would have
        os.chmod(tmp, 0o666 & ~_umask())
        _commit(Path(tmp), path, overwrite)
    except OSError as exc:
        raise InputError(f"无法写出：{os_error_text(exc)}。", str(path)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _commit(tmp: Path, path: Path, overwrite: bool) -> None:
    if overwrite:
        check_writable_target(path, overwrite=True)  # never rename over a device or FIFO
        os.replace(tmp, path)
        return
    link = getattr(os, "link", None)  # absent in some builds (Pyodide's, for one)
    try:
        if link is None:
            raise OSError("no hard links")
        link(tmp, path)
    except FileExistsError:
        check_writable_target(path, overwrite=False)  # raises: it exists now
        raise
    except OSError:  # this disk (or this Python) has no hard links
        check_writable_target(path, overwrite=False)
        os.replace(tmp, path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_save(document: _Saveable, path: str | Path, overwrite: bool = False) -> Path:
    """``document.save()`` (openpyxl, python-docx …) to ``path`` atomically."""
    with atomic_path(path, overwrite) as tmp:
        document.save(tmp)
    return Path(path)


def atomic_write_text(path: str | Path, text: str, overwrite: bool = False) -> Path:
    with atomic_path(path, overwrite) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
