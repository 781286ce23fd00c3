"""The built format is kept in the user's cache and used only while it is exactly current."""

from __future__ import annotations

import _pickle
import os
import shutil

import pytest

from giar_xl import formatcache, usercache
from giar_xl.spec import FORMATS_DIR, load_spec

read_format = load_spec.__wrapped__  # without the in-process cache (whose specs stay as they are)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(usercache.ENV, str(folder))
    return folder


@pytest.fixture
def format_copy(tmp_path):
    return shutil.copy(FORMATS_DIR / "gov2021.yaml", tmp_path / "gov2021.yaml")


def _no_yaml(monkeypatch):
    monkeypatch.setattr(formatcache, "parse_yaml", lambda data: pytest.fail("parsed the YAML"))


def test_first_load_keeps_the_built_format_and_later_loads_use_it(cache, format_copy,
                                                                  monkeypatch):
    first = read_format(format_copy)
    [kept] = cache.glob("gov2021-*.pickle")
    assert kept.read_bytes().startswith(formatcache.MAGIC)
    _no_yaml(monkeypatch)
    again = read_format(format_copy)
    assert again is not first and again.to_json() == first.to_json()
    assert again.fields["req_new_total"] == first.fields["req_new_total"]


def test_an_edited_yaml_is_built_again(cache, format_copy):
    before = read_format(format_copy)
    text = format_copy.read_text(encoding="utf-8")
    format_copy.write_text(text.replace("title: 校验结果", "title: 校验结果（改）"), encoding="utf-8")
    after = read_format(format_copy)
    assert before.results_sheet.title == "校验结果" and after.results_sheet.title == "校验结果（改）"


def test_a_copy_made_from_other_text_is_never_unpickled(cache, format_copy, monkeypatch):
    read_format(format_copy)
    [kept] = cache.glob("gov2021-*.pickle")
    blob = kept.read_bytes().replace("title: 校验结果".encode(), "title: 别的格式".encode(), 1)
    kept.write_bytes(blob)  # same name, but the text it was built from differs
    monkeypatch.setattr(_pickle, "loads", lambda body: pytest.fail("unpickled"))
    assert read_format(format_copy).results_sheet.title == "校验结果"


def test_a_copy_of_classes_that_changed_is_not_used(cache, format_copy, monkeypatch):
    read_format(format_copy)
    [kept] = cache.glob("gov2021-*.pickle")
    kept.write_bytes(kept.read_bytes().replace(b'"row_path"', b'"old_name"', 1))
    monkeypatch.setattr(_pickle, "loads", lambda body: pytest.fail("unpickled"))
    assert read_format(format_copy).results_sheet.name == "校验结果"


def test_damaged_or_unsafe_copies_are_rebuilt(cache, format_copy):
    read_format(format_copy)
    [kept] = cache.glob("gov2021-*.pickle")
    good = kept.read_bytes()
    kept.write_bytes(good[:-100])  # a truncated pickle
    assert read_format(format_copy).results_sheet.name == "校验结果"
    assert kept.read_bytes() == good  # written again
    if hasattr(os, "getuid"):
        os.chmod(cache, 0o777)  # a folder others may write: its pickle is not trusted
        assert not formatcache._private(cache)
        os.chmod(cache, 0o700)
        os.chmod(kept, 0o666)
        assert not formatcache._private(kept)


def test_no_cache_when_turned_off_or_not_writable(tmp_path, monkeypatch, format_copy):
    monkeypatch.setenv(usercache.ENV, "")
    assert read_format(format_copy).results_sheet.name == "校验结果"
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setenv(usercache.ENV, str(blocked / "cache"))
    assert read_format(format_copy).results_sheet.name == "校验结果"
    assert not list(tmp_path.glob("**/.tmp-*"))
