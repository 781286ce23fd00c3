"""Headless Chromium (Debian's ``chromium``) as the web benchmark and the browser tests start it."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# A browser that talks to nobody: no updates, sync, QUIC or background fetches.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
