"""Printing for people: text from files never drives the terminal.

A cell, a narrative or a file name may hold control characters, ANSI/OSC escape
sequences (colours, window titles, hyperlinks, clearing the screen) or bidi
overrides that make a line read differently from what it holds (U+202E turns
``错误.txt`` around).  :func:`printable` shows them escaped (``\\x1b``,
``\\u202e``); tabs and line breaks stay.  Colours giar-xl adds itself are
applied after escaping.  JSON output is not passed through here: the JSON
encoder escapes control characters itself and keeps the text faithful.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys

import click

from ..errors import os_error_text

# C0 controls but tab and newline, DEL, C1 controls; bidi embeddings, overrides and
# isolates (U+202A–202E, U+2066–2069) and the invisible direction marks
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with every character that could act on a terminal shown escaped."""
    text = str(text)
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_NEEDS_QUOTES = re.compile(r"""[\s"'$`&|;<>()*?!#~^%]""")


def command_arg(path: object) -> str:
    """``path`` as typed in a command the user may paste: in double quotes (which Bash,
    PowerShell and cmd all take) when it holds a space or a character the shell acts on."""
    text = str(path)
    if not text or _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '\\"') + '"'
    return text


def say(text: object, err: bool = False, **style) -> None:
    """Print ``text`` (escaped by :func:`printable`), optionally in colour (click styles)."""
    click.secho(printable(text), err=err, **style)


# what writing to stdout fails with; files giar-xl writes fail as InputError instead
_STREAM_ERRORS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT}


def report_os_error(exc: OSError) -> None:
    """An operating-system error that ended a command, as one Chinese line on stderr.

    When it was stdout that failed (a full disk, a closed pipe), stdout is pointed
    at the null device so that Python does not fail again flushing it at exit.
    """
    if (exc.filename is None and exc.errno in _STREAM_ERRORS) or _stdout_broken():
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if exc.errno == errno.EPIPE:
            return  # the reader has gone (``giar-xl check … | head``): nothing to tell
        text = f"无法输出结果：{os_error_text(exc)}。"
    else:
        where = f"{exc.filename}：" if exc.filename else ""
        text = f"无法完成：{where}{os_error_text(exc)}。"
    with contextlib.suppress(OSError, ValueError):
        say(text, err=True, fg="red")


def _stdout_broken() -> bool:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False
