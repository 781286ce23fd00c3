"""A file read as plain text that is far larger than any report is refused at once.

Reading text costs seconds a megabyte (the importer tries every line as a table
row); an 80 MB file kept ``check`` -- and the offline page, frozen -- busy for minutes.
"""

from __future__ import annotations

import pytest

from giar_xl.check import MAX_TEXT_BYTES, check_file


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".htm", ".mhtml"])
def test_oversized_text_report_is_refused_unread(tmp_path, suffix):
    path = tmp_path / f"年报{suffix}"
    with path.open("wb") as fh:
        fh.write("一、总体情况\n".encode() * 1000)
        fh.truncate(MAX_TEXT_BYTES + 1)  # sparse: cheap to make, but each byte is read
    result = check_file(path)
    assert result.status == "unreadable"
    assert "文件过大" in result.unreadable and "MB" in result.unreadable


def test_text_report_at_the_limit_is_still_read(tmp_path):
    path = tmp_path / "年报.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_TEXT_BYTES)
    assert "文件过大" not in (check_file(path).unreadable or "")


def test_a_text_of_far_more_lines_than_a_report_is_refused_before_reading_rows(tmp_path):
    """Within the byte limit a text can still hold 100,000 lines, each tried as a table row
    (about 0.7 ms a line): more lines than any report are refused by their count."""
    from giar_xl.importer.parse import MAX_REPORT_LINES

    path = tmp_path / "年报.txt"
    path.write_text("二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n" * (MAX_REPORT_LINES + 1),
                    encoding="utf-8")
    reason = check_file(path).unreadable
    assert f"{MAX_REPORT_LINES + 1:,} 行文字" in reason and "不是正常的年度报告" in reason
