"""Errors that reach the user as a clear Chinese message (exit code 2), and the Chinese
words for what the operating system and the file libraries say in English."""

from __future__ import annotations

import errno
import re


class InputError(Exception):
    """The input file cannot be used; ``str(exc)`` is the message for the clerk."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class NotOurWorkbook(InputError):
    """An .xlsx that opens but is no giar-xl workbook (no sheet or name of the format): it
    may still hold a report typed into its cells."""


_LOCKED = "没有权限（文件或文件夹是只读的，或正被 Excel、WPS 等程序打开）"
_ERRNO_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: _LOCKED,
    errno.EPERM: _LOCKED,
    errno.EROFS: "所在的磁盘或文件夹是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EFBIG: "文件过大",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "已存在",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ELOOP: "链接（快捷方式）指向自身，形成循环",
    errno.EIO: "读写出错（磁盘、U 盘或网络故障）",
    errno.EBUSY: "文件正被占用",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.EPIPE: "输出管道已关闭",
    errno.ENXIO: "设备不存在或未连接",
    errno.ENODEV: "设备不存在或未连接",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EINVAL: "文件名或参数无效",
}


def os_error_text(exc: OSError) -> str:
    """What an operating-system error means, in Chinese (never the English strerror)."""
    text = _ERRNO_TEXT.get(exc.errno) if exc.errno is not None else None
    if text is None and isinstance(exc, PermissionError):
        text = _LOCKED
    return text or (f"系统错误（错误码 {exc.errno}）" if exc.errno else "系统错误")


# (pattern of an English library message, its Chinese summary).  Sources: python-calamine
# (quick-xml / zip errors), openpyxl, lxml, zipfile.  Compiled when first needed (every
# command imports this module; few ever meet a damaged file).
_LIBRARY_TEXT: tuple[tuple[str, str], ...] = (
    (r"unrecognized entity\s*`?(&[^`\s]*;?)", "含有无法识别的 XML 字符实体 {0}"),
    (r"unrecognized entity", "含有无法识别的 XML 字符实体"),
    (r"there is no item named '([^']+)'", "缺少 {0}"),
    (r"encrypt|password", "文件已加密"),
    (r"bad ?zip|zip|crc|central directory|deflate|decompress", "压缩包结构损坏"),
    (r"unexpected (eof|end)|premature end|truncated", "文件内容不完整（意外结束）"),
    (r"xml|syntax|ill-formed|mismatch|tag|attribute|namespace|entity", "XML 内容格式错误"),
    (r"parse|invalid (digit|float|number)|cannot convert|value", "单元格的值格式错误"),
    (r"dimension|out of range|overflow|too (large|big|many)", "数据范围超出限制"),
    (r"unsupported|unknown format|not (a |an )?(valid |supported )", "不是可识别的文件格式"),
)


def library_text(exc: BaseException) -> str:
    """A short Chinese summary of a file library's (English) error message."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_error_text(exc)
    message = str(exc)
    for pattern, text in _LIBRARY_TEXT:
        match = re.search(pattern, message, re.I)  # (re caches what it compiles)
        if match:
            return text.format(*(g for g in match.groups() if g is not None)).rstrip()
    return "文件内容格式错误"
