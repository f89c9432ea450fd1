"""The figures' font subsets: only the characters used, every one of them, in WOFF2."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from explainers import webfonts


def test_characters_are_read_from_inline_frames_and_from_frames_in_json(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<svg><text style="x">A&amp;b</text></svg>'
                    '<script>{"f":["<svg><text style=\\"y\\">€ “q”<\\/text></svg>"]}</script>', encoding="utf-8")
    assert webfonts.figure_characters([page]) == "".join(sorted(set("A&b€ “q”")))


def test_subsets_hold_the_characters_and_are_small(tmp_path):
    written = webfonts.write_subsets("×€–", tmp_path)
    assert [p.name for p in written] == list(webfonts.FACES)
    for path in written:
        assert path.read_bytes()[:4] == b"wOF2"
        assert path.stat().st_size < 25_000
        cmap = TTFont(path).getBestCmap()
        assert all(ord(c) in cmap for c in "×€–Az09")


def test_subsets_refuse_anything_but_text(tmp_path):
    with pytest.raises(TypeError, match="characters must be a str"):
        webfonts.write_subsets(["x"], tmp_path)
