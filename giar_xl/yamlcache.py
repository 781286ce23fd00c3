"""Reading the YAML data files fast: libyaml's parser, and a JSON copy kept in the user's cache.

Parsing ``formats/gov2021.yaml`` with PyYAML's pure-Python loader took longer than checking
a workbook; even libyaml plus importing PyYAML costs tens of milliseconds at every start.
So the first load stores the parsed data as JSON in the user's cache folder, together with
the YAML text it was made from: a later start uses the JSON only if that text is the YAML
file's text, byte for byte.  The YAML stays the one source of truth — editing it simply
makes the copy stale, and the next load writes a new one.  The cache is a convenience: if it
cannot be written or read, the YAML is parsed as before.  ``GIAR_XL_CACHE`` names another
cache folder ("" turns the cache off).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

ENV = "GIAR_XL_CACHE"


def cache_dir() -> Path | None:
    """giar-xl's folder in the user's cache (None: caching is off)."""
    if ENV in os.environ:
        return Path(os.environ[ENV]) if os.environ[ENV] else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "giar-xl" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "giar-xl"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "giar-xl"


def cache_file(path: Path, data: bytes) -> Path | None:
    """Where the copy of ``path`` lives: named after the file and its CRC-32 (a name only —
    whether the copy is current is decided by the text stored in it)."""
    folder = cache_dir()
    return folder / f"{path.stem}-{zlib.crc32(data):08x}.json" if folder else None


def parse_yaml(data: bytes | str) -> Any:
    """PyYAML's safe loader, libyaml's C implementation when installed."""
    import yaml

    return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def cached_entry(path: Path) -> tuple[bytes, Path | None, Any | None]:
    """(the YAML bytes, their cache file, the cached data or None when there is no current copy)."""
    data = path.read_bytes()
    cached = cache_file(path, data)
    if cached is not None:
        try:
            entry = json.loads(cached.read_bytes())
            if entry["source"] == data.decode("utf-8"):
                return data, cached, entry["data"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return data, cached, None


def store(cached: Path | None, data: bytes, value: Any) -> None:
    """Keep ``value`` as JSON with the YAML text ``data`` it came from (only if JSON gives it
    back unchanged; never raises)."""
    if cached is None:
        return
    try:
        text = json.dumps({"source": data.decode("utf-8"), "data": value}, ensure_ascii=False)
        if json.loads(text)["data"] != value:
            return  # e.g. dates: not JSON
        import tempfile  # (with shutil, random …: only when writing)

        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-", suffix=".json")
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, cached)  # atomic: a parallel start reads the old file or the new one
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def load_yaml(path: Path) -> Any:
    """The parsed YAML file, from the cache when it holds a copy of this exact text."""
    data, cached, value = cached_entry(path)
    if value is not None:
        return value
    value = parse_yaml(data)
    store(cached, data, value)
    return value
