"""The browser page and the WPS add-in, built once and opened in headless Chromium (and
the county review page of ``summary --html``, which needs no build).

Building needs npm and Node.js (Pyodide comes from the npm registry, cached in
GIAR_XL_CACHE); the pages need Debian's ``chromium``.  Without them these tests
skip — except on CI, where scripts/bootstrap.sh installs both.  Every module here
marks its tests ``browser`` and puts them in one xdist group (the suite runs with
``--dist loadgroup``), so one worker builds once and starts one browser.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS.parent / "benchmarks")]  # xlsx_helpers, web_corpus, headless
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from .browser import PageWatch  # noqa: E402

BUILDS = {"built_page", "built_wps", "checker"}  # fixtures that build with Node.js/npm


@functools.lru_cache(maxsize=2)
def _missing(builds: bool) -> str | None:
    for tool in ("npm", "node") if builds else ():
        if shutil.which(tool) is None:
            return f"{tool} is not installed (scripts/bootstrap.sh installs it)"
    if CHROMIUM is None:
        return "chromium is not installed (scripts/bootstrap.sh installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Skip where a tool is missing -- fail on CI.  Per test, like tests/conftest.py, so
    that under pytest-xdist it is a failure with this message, not an INTERNALERROR."""
    if "browser" not in item.keywords:
        return
    reason = _missing(builds=bool(BUILDS & set(item.fixturenames)))
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def built_page(tmp_path_factory) -> Path:
    """The page folder of ``giar-xl web build``."""
    from giar_xl.web.build import build_page

    return build_page(tmp_path_factory.mktemp("page") / "年报校验")


@pytest.fixture(scope="session")
def built_wps(tmp_path_factory) -> Path:
    """The WPS add-in of ``giar-xl addin build --wps``."""
    from giar_xl.web.build import build_wps_addin

    return build_wps_addin(tmp_path_factory.mktemp("wps") / "wps")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()




@pytest.fixture(scope="session")
def checker(chromium, built_page):
    """The built page, opened from its folder by file:// and started (one per session)."""
    page = chromium.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    watch = PageWatch(page)
    page.goto((built_page / "年报校验.html").as_uri())
    page.wait_for_selector("body[data-ready]", timeout=180_000)
    assert page.get_attribute("body", "data-ready") == "1", watch.errors
    yield page, watch
    page.close()
