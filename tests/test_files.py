"""explainers.files: a kept file is written whole, and a cache keeps its newest entries."""

import os

import pytest

from explainers.files import keep_newest, write_atomically


def test_keep_newest_removes_the_oldest_files_and_folders(tmp_path):
    for age, name in enumerate(["new.json", "newer-folder", "old.json", "old-folder"]):
        path = tmp_path / name
        if name.endswith("folder"):
            path.mkdir()
            (path / "inside").write_text("x")
        else:
            write_atomically(path, b"x")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))
    keep_newest(tmp_path, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "newer-folder"]
    keep_newest(tmp_path, 0)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("count", [-1, 1.5, "2", None, True])
def test_keep_newest_refuses_a_count_that_is_not_a_whole_number(tmp_path, count):
    with pytest.raises(ValueError, match="count must be an int >= 0"):
        keep_newest(tmp_path, count)
