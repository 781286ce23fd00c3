"""Locating the shipped data folders: ``templates/``, ``xl_addin/`` and ``web/``.

In a source checkout (and an editable install) they sit at the repository
root; a wheel carries them inside the package as ``_templates``, ``_xl_addin``
and ``_web`` (see ``[tool.hatch.build.targets.wheel.force-include]``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(installed: str, checkout: str) -> Path:
    for candidate in (_PACKAGE / installed, _PACKAGE.parent / checkout):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"giar-xl is installed without its {checkout}/ folder")


def templates_dir() -> Path:
    return _locate("_templates", "templates")


def addin_source_dir() -> Path:
    return _locate("_xl_addin", "xl_addin")


def web_source_dir() -> Path:
    return _locate("_web", "web")
