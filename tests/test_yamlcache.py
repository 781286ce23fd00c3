"""The format is read from a JSON copy of its YAML when one made from the same bytes exists."""

from __future__ import annotations

import json
import shutil

import pytest

from giar_xl import spec as spec_module
from giar_xl import yamlcache
from giar_xl.spec import FORMATS_DIR, load_spec

read_format = load_spec.__wrapped__  # without the in-process cache (whose specs stay as they are)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(yamlcache.ENV, str(folder))
    return folder


@pytest.fixture
def format_copy(tmp_path):
    return shutil.copy(FORMATS_DIR / "gov2021.yaml", tmp_path / "gov2021.yaml")


def test_first_load_stores_the_parsed_yaml_and_later_loads_skip_yaml(cache, format_copy,
                                                                     monkeypatch):
    first = read_format(format_copy)
    [stored] = cache.glob("gov2021-*.json")
    entry = json.loads(stored.read_text(encoding="utf-8"))
    assert entry["data"] == yamlcache.parse_yaml(format_copy.read_bytes())
    assert entry["source"] == format_copy.read_text(encoding="utf-8")
    monkeypatch.setattr(spec_module, "parse_yaml", lambda data: pytest.fail("parsed YAML"))
    again = read_format(format_copy)
    assert again.to_json() == first.to_json()


def test_a_copy_of_other_text_is_not_used_even_under_the_same_name(cache, format_copy):
    load_spec.__wrapped__(format_copy)
    [stored] = cache.glob("gov2021-*.json")
    entry = json.loads(stored.read_text(encoding="utf-8"))
    entry["data"]["sheets"][-1]["title"] = "别的格式"
    entry["source"] = entry["source"].replace("title: 校验结果", "title: 别的格式")
    stored.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    assert read_format(format_copy).results_sheet.title == "校验结果"


def test_an_edited_yaml_is_read_again(cache, format_copy):
    before = read_format(format_copy)
    text = format_copy.read_text(encoding="utf-8")
    format_copy.write_text(text.replace("title: 校验结果", "title: 校验结果（改）"), encoding="utf-8")
    after = read_format(format_copy)
    assert len(list(cache.glob("gov2021-*.json"))) == 2
    assert before.results_sheet.title == "校验结果" and after.results_sheet.title == "校验结果（改）"


def test_a_damaged_cache_entry_falls_back_to_the_yaml(cache, format_copy):
    read_format(format_copy)
    [stored] = cache.glob("gov2021-*.json")
    source = format_copy.read_text(encoding="utf-8")
    for damage in ("{not json", json.dumps({"source": source, "data": {"sheets": "nonsense"}}),
                   json.dumps({"data": {}})):
        stored.write_text(damage, encoding="utf-8")
        assert read_format(format_copy).results_sheet.name == "校验结果"
    assert json.loads(stored.read_text(encoding="utf-8"))["data"]["sheets"] != "nonsense"


def test_no_cache_when_turned_off_or_not_writable(tmp_path, monkeypatch, format_copy):
    monkeypatch.setenv(yamlcache.ENV, "")
    assert read_format(format_copy).results_sheet.name == "校验结果"
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setenv(yamlcache.ENV, str(blocked / "cache"))
    assert read_format(format_copy).results_sheet.name == "校验结果"
    assert not list(tmp_path.glob("**/.tmp-*"))


def test_data_json_cannot_hold_is_not_cached(cache, tmp_path):
    dated = tmp_path / "dated.yaml"
    dated.write_text("published: 2026-01-20\n", encoding="utf-8")
    assert str(yamlcache.load_yaml(dated)["published"]) == "2026-01-20"
    assert not cache.exists() or not list(cache.iterdir())
