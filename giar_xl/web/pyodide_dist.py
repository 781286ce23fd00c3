"""Pyodide for the page: the npm package, fetched once with npm, checked, and compiled.

The npm registry's ``pyodide`` package holds the interpreter (WebAssembly),
its JavaScript loader and the standard library as source.  Compiling Python
source to bytecode is most of Pyodide's start-up time, so the build compiles
the standard library and the page's own Python files ahead of time — with
Pyodide's own interpreter, run by Node.js (``web/build/compile.mjs``), since
bytecode must come from the same Python version that runs it.

Everything is kept in a cache folder (``GIAR_XL_CACHE``, else the user's
cache folder) so that later builds need no network.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ..resources import web_source_dir
from ..usercache import cache_dir

VERSION = "314.0.7"  # Python 3.14.2
INTEGRITY = ("sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+"
             "SNvi/6V5JEsOlD2R1A==")  # npm's dist.integrity of pyodide@314.0.7
FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
         "pyodide-lock.json", "package.json")


class BuildError(Exception):
    """The page cannot be built here; the message says what is missing."""


def pyodide_dir(cache: Path | None = None) -> Path:
    """The folder with Pyodide's files (fetched and checked on first use)."""
    folder = (cache or cache_dir()) / f"pyodide-{VERSION}"
    if all((folder / name).is_file() for name in FILES):
        return folder
    tarball = _fetch(folder.parent)
    staging = Path(tempfile.mkdtemp(prefix=".pyodide-", dir=folder.parent))
    try:
        with tarfile.open(tarball) as archive:
            for name in FILES:
                member = archive.getmember(f"package/{name}")
                source = archive.extractfile(member)
                if source is None:
                    raise BuildError(f"npm 包 pyodide@{VERSION} 中缺少 {name}。")
                (staging / name).write_bytes(source.read())
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _fetch(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"pyodide-{VERSION}.tgz"
    if not tarball.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise BuildError("需要 npm（Node.js）才能取得 Pyodide：请安装 Node.js 20 或更新版本"
                             "（Debian/Ubuntu：apt-get install nodejs npm）。")
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            done = subprocess.run([npm, "pack", f"pyodide@{VERSION}", "--pack-destination", tmp],
                                  capture_output=True, text=True, cwd=tmp)
            packed = Path(tmp) / f"pyodide-{VERSION}.tgz"
            if done.returncode != 0 or not packed.is_file():
                raise BuildError(f"npm pack pyodide@{VERSION} 失败：{done.stderr.strip()[-500:]}")
            packed.rename(tarball)
    if _integrity(tarball) != INTEGRITY:
        tarball.unlink()
        raise BuildError(f"下载的 pyodide@{VERSION} 与 npm 登记的校验值不符，已删除，请重试。")
    return tarball


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def compiled_stdlib(pyodide: Path) -> Path:
    """Pyodide's standard library with every module compiled (cached beside Pyodide)."""
    target = pyodide / "python_stdlib.pyc.zip"
    if not target.is_file():
        with tempfile.TemporaryDirectory(dir=pyodide) as tmp:
            compile_zip(pyodide, pyodide / "python_stdlib.zip", Path(tmp) / target.name).rename(target)
    return target


def compile_zip(pyodide: Path, source: Path, target: Path) -> Path:
    """Copy the zip ``source`` to ``target`` with each ``.py`` replaced by its bytecode."""
    node = shutil.which("node")
    if node is None:
        raise BuildError("需要 Node.js（20 或更新版本）才能预编译 Python 代码。")
    script = web_source_dir() / "build" / "compile.mjs"
    done = subprocess.run([node, str(script), str(pyodide), str(source), str(target)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not target.is_file():
        raise BuildError(f"预编译失败：{(done.stderr or done.stdout).strip()[-800:]}")
    return target
