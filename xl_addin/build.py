"""Build the Excel add-ins from this folder: ``python xl_addin/build.py OUTDIR``.

The same as ``giar-xl addin build -o OUTDIR``.  The logic lives in
:mod:`giar_xl.excel.addin_build`, because ``giar-xl addin install`` builds
the add-ins on the clerk's PC from the xlwings installed there.
"""

from __future__ import annotations

import sys

from giar_xl.excel.addin_build import BuildError, build_addins


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python xl_addin/build.py OUTDIR", file=sys.stderr)
        return 2
    try:
        for path in build_addins(argv[0]):
            print(path)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
