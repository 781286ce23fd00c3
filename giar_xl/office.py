"""Driving LibreOffice headless: conversions (docx -> pdf, xlsx -> recalculated xlsx/pdf).

Each run uses its own throw-away user profile, so conversions can run in
parallel and never touch (or wait for) a desktop LibreOffice.  The profile
tells Calc to recalculate every formula on load, so converted files carry
freshly computed values rather than whatever was cached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import InputError

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

TIMEOUT_SECONDS = 180


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.exists(candidate):
            return candidate
    return None


NOT_INSTALLED = ("需要 LibreOffice 才能生成 PDF：请安装 LibreOffice（Debian/Ubuntu："
                 "apt-get install libreoffice-writer），或先导出 .docx 再用 Word/WPS 另存为 PDF。")


def convert(source: str | Path, target_format: str, out_dir: str | Path,
            filter_name: str | None = None, env: Mapping[str, str] | None = None,
            not_installed: str = NOT_INSTALLED) -> Path:
    """Convert ``source`` with LibreOffice; returns the written file.

    ``target_format`` is an extension (``pdf``, ``xlsx``); ``filter_name``
    picks the export filter when the extension is ambiguous; ``env`` adds
    environment variables for this LibreOffice run only; ``not_installed`` is
    the message (naming what to install) when LibreOffice is missing.
    """
    [produced] = convert_all([source], target_format, out_dir, filter_name, env, not_installed)
    return produced


def convert_all(sources: list[str | Path], target_format: str, out_dir: str | Path,
                filter_name: str | None = None, env: Mapping[str, str] | None = None,
                not_installed: str = NOT_INSTALLED) -> list[Path]:
    """Convert many files in one LibreOffice run (starting LibreOffice takes seconds);
    returns the written files in the order of ``sources``.  Raises InputError when one
    could not be converted."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError(not_installed)
    paths = [Path(s).resolve() for s in sources]
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    convert_to = f"{target_format}:{filter_name}" if filter_name else target_format
    timeout = TIMEOUT_SECONDS + 2 * len(paths)
    with tempfile.TemporaryDirectory(prefix="giar-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--nologo", "--convert-to", convert_to, "--outdir", str(out_dir),
               *map(str, paths)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, **(env or {}), "HOME": profile})
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice 转换超时（{timeout} 秒）：{paths[0].name}") from None
    produced = [out_dir / f"{p.stem}.{target_format}" for p in paths]
    missing = [p for p, out in zip(paths, produced, strict=True) if not out.exists()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["无输出"]
        name = missing[0].name if missing else paths[0].name
        raise InputError(f"LibreOffice 无法转换 {name}：{detail[0]}")
    return produced
