"""Helpers of the browser tests: watching a page, and the command line's own verdict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def cli_check(*args: str | Path) -> dict:
    """``giar-xl check ARGS --json`` as the command line gives it."""
    done = subprocess.run([sys.executable, "-m", "giar_xl", "check", *map(str, args), "--json"],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1, 2), done.stderr
    return json.loads(done.stdout)


class PageWatch:
    """What a page did besides its work: requests beyond its own files, console errors."""

    LOCAL = ("file://", "blob:", "data:")

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        # Anything that is not a local file is refused, so nothing could leave even by mistake.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(self.LOCAL)
                   else route.abort())

    @property
    def network(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.LOCAL)]
