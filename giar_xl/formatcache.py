"""Loading the report format fast: the built format kept in the user's cache folder.

Reading ``formats/gov2021.yaml`` means importing PyYAML, parsing and building the checked
:class:`~giar_xl.spec.FormatSpec` — with the pure-Python loader that took longer than
checking a workbook, and even with libyaml it is a tenth of a one-file ``giar-xl check``.
So the first load keeps the built format, pickled, in the user's cache folder; a later
start unpickles it (about ten times faster) when all of this holds:

* the YAML file's text is, byte for byte, the text the copy was built from (stored beside
  the pickle and compared *before* unpickling) — the YAML stays the one source of truth;
* every class in the pickle still has the same fields (a changed giar-xl never gets
  objects of an older shape) and Python's version is the same;
* the folder and the file belong to the user and nobody else may write them (unpickling
  runs code named in the file, so the file must be as private as the user's own Python
  packages, which Python loads from the user's folders too).

Anything else — no cache, another text, a damaged file — and the YAML is parsed and built
as before, and the copy rewritten.  ``GIAR_XL_CACHE`` names another cache folder ("" turns
the cache off).
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import importlib
import io
import json
import os
import sys
import types
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .usercache import cache_dir, caching_off

MAGIC = b"giar-xl built format 1\n"
T = TypeVar("T")


def parse_yaml(data: bytes | str) -> Any:
    """PyYAML's safe loader, libyaml's C implementation when installed."""
    import yaml

    return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_built(path: Path, build: Callable[[Any], T]) -> T:
    """``build(parsed YAML of path)``, or the copy of it kept from an earlier start."""
    data = path.read_bytes()
    cached = None if caching_off() else \
        cache_dir() / f"{path.stem}-{zlib.crc32(data):08x}.pickle"
    if cached is not None:
        with contextlib.suppress(Exception):  # any trouble with the copy: build afresh
            kept = _read(cached, data)
            if kept is not None:
                return kept
    value = build(parse_yaml(data))
    if cached is not None:
        _write(cached, data, value)
    return value


# --------------------------------------------------------------------------- the copy

def _header(source: bytes, classes: list[list]) -> dict[str, Any]:
    return {"python": list(sys.version_info[:2]), "source": source.decode("utf-8"),
            "classes": classes}


def _read(cached: Path, source: bytes):
    if not _private(cached.parent) or not _private(cached):
        return None
    blob = cached.read_bytes()
    if not blob.startswith(MAGIC):
        return None
    head, _, body = blob[len(MAGIC):].partition(b"\n")
    header = json.loads(head)
    if header != _header(source, header["classes"]) or not _same_classes(header["classes"]):
        return None
    try:  # CPython's C unpickler alone: the pickle module is not needed to read
        from _pickle import loads
    except ImportError:
        from pickle import loads
    return loads(body)


def _write(cached: Path, source: bytes, value: Any) -> None:
    """Keep ``value`` beside the text it was built from (never raises)."""
    try:
        buffer = io.BytesIO()
        pickler = _pickler(buffer)
        pickler.dump(value)
        header = json.dumps(_header(source, pickler.class_list()), ensure_ascii=False)
        blob = MAGIC + header.encode("utf-8") + b"\n" + buffer.getvalue()
        import tempfile  # (with shutil, random …: only when writing)

        cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(cached.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-", suffix=".pickle")
    except Exception:  # a cache that cannot be written is no cache
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, cached)  # atomic: a parallel start reads the old file or the new one
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _private(path: Path) -> bool:
    """Owned by this user and writable by nobody else (on Windows: the per-user folder)."""
    if not hasattr(os, "getuid"):
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def frozen_mapping(items: dict) -> types.MappingProxyType:
    """Unpickling a read-only mapping (the format's field tables)."""
    return types.MappingProxyType(items)


def _pickler(buffer: io.BytesIO):
    """A pickler that pickles read-only mappings and notes the dataclasses it meets."""
    import pickle

    class Pickler(pickle.Pickler):
        dispatch_table = {**copyreg.dispatch_table,
                          types.MappingProxyType: lambda mp: (frozen_mapping, (dict(mp),))}

        def __init__(self, file):
            super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
            self.classes: set[type] = set()

        def reducer_override(self, obj):
            if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
                self.classes.add(type(obj))
            return NotImplemented

        def class_list(self) -> list[list]:
            return sorted([c.__module__, c.__qualname__,
                           [f.name for f in dataclasses.fields(c)]] for c in self.classes)

    return Pickler(buffer)


def _same_classes(classes: list[list]) -> bool:
    for module, qualname, fields in classes:
        cls = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        if [f.name for f in dataclasses.fields(cls)] != fields:
            return False
    return True
