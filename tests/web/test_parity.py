"""Parity: the Python core in the browser and ``giar-xl check`` judge every corpus file alike.

The corpus (tests/web_corpus.py) holds generated workbooks with injected errors,
the same reports published as text, Markdown, web pages and Word files, damaged
workbooks and the field cases.  Each file goes through the page's Python exactly
as a dropped file does; the command line checks the folder once.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from web_corpus import build_corpus

from .browser import cli_check

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHECK_IN_PAGE = """async ([name, data]) => {
  const runtime = await giarPage.ready;
  runtime.pyodide.FS.writeFile('/tmp/giar-xl/uploads/' + name, Uint8Array.fromBase64(data));
  return JSON.parse(runtime.page.check(name));
}"""


def test_browser_and_command_line_give_identical_findings(checker, tmp_path):
    page, watch = checker
    files = build_corpus(tmp_path / "corpus")
    expected = {Path(f["path"]).name: f for f in cli_check(tmp_path / "corpus")["files"]}
    assert set(expected) == {p.name for p in files}
    for path in files:
        data = base64.b64encode(path.read_bytes()).decode()
        ours = page.evaluate(CHECK_IN_PAGE, [path.name, data])
        theirs = expected[path.name]
        assert (ours["status"], ours.get("reason")) == (theirs["status"], theirs.get("reason")), path.name
        assert ours["findings"] == theirs["findings"], path.name
    statuses = {f["status"] for f in expected.values()}
    assert statuses >= {"ok", "warnings", "errors", "unreadable"}
    assert sum(len(f["findings"]) for f in expected.values()) > 50
    assert watch.network == [] and watch.errors == []
