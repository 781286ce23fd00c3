"""giar-xl's folder in the user's cache: what is kept between runs (built format, Pyodide)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = "GIAR_XL_CACHE"  # another folder; set but empty: keep nothing between runs


def cache_dir() -> Path:
    """``GIAR_XL_CACHE`` if set, else the platform's per-user cache folder."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "giar-xl" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "giar-xl"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "giar-xl"


def caching_off() -> bool:
    """``GIAR_XL_CACHE`` set to nothing: nothing is kept between runs."""
    return ENV in os.environ and not os.environ[ENV]
