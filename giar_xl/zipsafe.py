"""Zip packages (.xlsx, .docx …) from unknown sources, opened and read within limits.

Every zip-based input goes through :func:`open_zip`, so a hostile or broken
package costs a clear Chinese message, never unbounded memory or time:

* the file is at most :data:`MAX_FILE_BYTES` and is read into memory once (the
  zip directory and every library that reads it see the same bytes);
* its central directory is at most :data:`MAX_DIRECTORY_BYTES` (checked before
  :mod:`zipfile` parses it: each entry costs a Python object);
* the members' declared sizes add up to at most :data:`MAX_UNPACKED_BYTES`;
* no two members have the same name once case and ``\\`` are ignored (readers
  such as python-calamine look names up that way: two candidates for one part
  would let a reader see other bytes than the ones checked here);
* :meth:`Package.read` returns at most :data:`MAX_PART_BYTES` of one member (or
  the caller's ``limit``), and inflates at most ``limit + 1`` bytes whatever the header
  declares, and refuses a member whose inflated bytes differ from its declared
  size or CRC — the declared size is what other readers stop at (the Rust zip
  reader behind python-calamine refuses a member "larger than its declared
  uncompressed size"), so checking it here bounds them too.

A real report's package is well under 1 MB and unpacks to under 2 MB.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, os_error_text
from .fileio import regular_input

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_DIRECTORY_BYTES = 1024 * 1024  # ~10,000 entries; Word and Excel write a few dozen
MAX_PART_BYTES = 32 * 1024 * 1024  # one member read whole into a parser (real: under 1 MB)
ZIP_MAGIC = b"PK\x03\x04"

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length
_MAX_DEFLATE_RATIO = 1032  # deflate's largest expansion: 258 bytes from 2 bits
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def member_key(name: str) -> str:
    """A member name as python-calamine matches it: ``\\`` as ``/``, ASCII letters lower-case."""
    name = name.replace("\\", "/")
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Package:
    """An opened zip package.  Use :func:`open_zip`; close with ``with`` or :meth:`close`."""

    path: Path
    data: bytes  # the whole file, as read once
    archive: zipfile.ZipFile
    kind: str  # what the file should be, for messages: "Excel 工作簿", "Word 文件" …
    _members: dict[str, zipfile.ZipInfo]  # member_key -> entry

    @property
    def names(self) -> set[str]:
        return set(self.archive.NameToInfo)

    def info(self, name: str) -> zipfile.ZipInfo | None:
        """The entry named ``name`` (matched as :func:`member_key` does), or None."""
        return self.archive.NameToInfo.get(name) or self._members.get(member_key(name))

    def __contains__(self, name: str) -> bool:
        return self.info(name) is not None

    def stored(self, name: str) -> tuple | None:
        """Member ``name`` as stored — compression, size, CRC, compressed bytes — or None:
        equal for equal content, a cache key that costs no inflating."""
        info = self.info(name)
        if info is None:
            return None
        try:
            raw = self._raw(info)
        except (zipfile.BadZipFile, struct.error):
            return None
        return info.compress_type, info.file_size, info.CRC, bytes(raw)

    def read(self, name: str, limit: int = MAX_PART_BYTES, verify: bool = True) -> bytes:
        """The inflated bytes of member ``name`` (at most ``limit`` bytes); ``verify``
        its CRC unless a reader that checks it (python-calamine) reads it too.

        Raises KeyError when there is no such member, InputError when it is
        larger than ``limit``, encrypted or damaged.
        """
        info = self.info(name)
        if info is None:
            raise KeyError(name)
        if info.flag_bits & 0x1:
            raise InputError(f"文件已加密（{name}），无法读取。请保存为不设密码的文件后再试。",
                             str(self.path))
        if info.file_size > limit:
            raise self._too_big(name, limit)
        try:
            data = self._inflate(info, limit)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError,
                RuntimeError, OSError) as exc:
            raise InputError(f"文件已损坏，无法解压（{name}）。", str(self.path)) from exc
        if len(data) > limit:
            raise self._too_big(name, limit)
        if len(data) != info.file_size or verify and zlib.crc32(data) != info.CRC:
            raise InputError(f"文件已损坏，无法解压（{name} 与压缩包目录中记录的大小或校验值不符）。",
                             str(self.path))
        return data

    def _inflate(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """At most ``min(declared size, limit) + 1`` inflated bytes: enough to tell
        a member that inflates further than it says from one that does not."""
        cap = min(info.file_size, limit) + 1
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            with self.archive.open(info) as member:  # bzip2, lzma: rare; zipfile streams them
                return member.read(cap)
        raw = self._raw(info)
        if info.compress_type == zipfile.ZIP_STORED:
            return bytes(raw[:cap])
        if len(raw) * _MAX_DEFLATE_RATIO < cap:  # cannot inflate past the cap: one pass
            return zlib.decompress(raw, -zlib.MAX_WBITS, cap)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        data = inflater.decompress(raw, cap)
        if len(data) < cap and not inflater.eof:
            raise zipfile.BadZipFile("deflate stream ends early")
        return data

    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        """The member's bytes as stored (compressed)."""
        start = info.header_offset
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(self.data, start)
        if signature != ZIP_MAGIC:
            raise zipfile.BadZipFile("bad local header")
        start += _LOCAL_HEADER.size + name_length + extra_length
        raw = memoryview(self.data)[start:start + info.compress_size]
        if len(raw) != info.compress_size:
            raise zipfile.BadZipFile("member runs past the end of the file")
        return raw

    def _too_big(self, name: str, limit: int) -> InputError:
        return InputError(f"文件解压后过大（{name} 超过 {limit // 1048576} MB），"
                          f"不是正常的{self.kind}。", str(self.path))

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


NOT_ZIP_HEAD = 1024  # bytes of a non-zip file its message may look at (text, web page, PDF …)


def open_zip(path: str | Path, kind: str,
             not_zip: Callable[[bytes], str] | None = None) -> Package:
    """Open ``path`` as a zip package within the limits above, or raise InputError.

    ``kind`` names what the file should be (e.g. "Word 文件"), for the messages;
    ``not_zip`` gives the message for a file that is no zip at all, from its first bytes.
    """
    path = Path(path)
    data = read_limited(path, kind)
    if not data.startswith(ZIP_MAGIC):
        message = not_zip(data[:NOT_ZIP_HEAD]) if not_zip else f"不是{kind}（文件内容不是 zip 压缩包格式）。"
        raise InputError(message, str(path))
    if _directory_size(data) > MAX_DIRECTORY_BYTES:
        raise InputError(f"压缩包中的条目过多，不是正常的{kind}。", str(path))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, struct.error):
        raise InputError("文件已损坏（不是完整的 zip 压缩包），可能下载或复制不完整。", str(path)) from None
    try:
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if members.setdefault(member_key(info.filename), info) is not info:
                raise InputError(f"压缩包中有重名的条目（{info.filename}），文件已损坏。", str(path))
        if sum(info.file_size for info in members.values()) > MAX_UNPACKED_BYTES:
            raise InputError(f"文件解压后过大（超过 {MAX_UNPACKED_BYTES // 1048576} MB），"
                             f"不是正常的{kind}。", str(path))
        return Package(path, data, archive, kind, members)
    except BaseException:
        archive.close()
        raise


def read_limited(path: Path, kind: str) -> bytes:
    """The bytes of ``path``, refusing a missing, empty or oversized file (or a folder,
    a FIFO, a device: :func:`~giar_xl.fileio.regular_input`) before reading it."""
    shown = str(path)
    size = regular_input(path).st_size
    if size == 0:
        raise InputError("文件是空的（0 字节）。", shown)
    if size > MAX_FILE_BYTES:
        raise InputError(f"文件过大（{size / 1048576:.1f} MB，上限为 {MAX_FILE_BYTES // 1048576} MB），"
                         f"不是正常的{kind}，请确认选对了文件。", shown)
    try:
        with path.open("rb") as fh:
            data = fh.read(size + 1)  # (not MAX_FILE_BYTES + 1: read() allocates that first)
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_error_text(exc)}。", shown) from exc
    if len(data) != size:  # changed while being read
        raise InputError("文件在读取时被改动，请稍后再试。", shown)
    return data


def _directory_size(data: bytes) -> int:
    """The central directory's size as the end record states it (0 when there is none:
    :mod:`zipfile` then refuses the file itself)."""
    end = data.rfind(_EOCD, max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return 0
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if entries != 0xFFFF and size != 0xFFFFFFFF:
        return size
    locator = end - 20  # ZIP64: the size is in the ZIP64 end record the locator points to
    if locator < 0 or data[locator:locator + 4] != _EOCD64_LOCATOR:
        return size
    (offset,) = struct.unpack_from("<Q", data, locator + 8)
    if offset + 56 > len(data) or data[offset:offset + 4] != _EOCD64:
        return size
    (size64,) = struct.unpack_from("<Q", data, offset + 40)
    return size64
