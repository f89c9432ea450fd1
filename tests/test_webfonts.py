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


BARS, LIST, INFO = 0xF0C9, 0xF03A, 0xF05A  # fa-bars, fa-list, and the theme's --pst-icon-info-circle


@pytest.fixture
def tiny_site(tmp_path):
    """A built site in miniature: a page naming one icon class, a script naming another, and a
    stylesheet that uses a third icon directly, as the theme's admonition titles do."""
    (tmp_path / "_static").mkdir()
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-bars"></i>', encoding="utf-8")
    (tmp_path / "_static" / "menu.js").write_text('icon.className = "fa-solid fa-list";', encoding="utf-8")
    (tmp_path / "_static" / "theme.css").write_text(f'.note{{--icon:"{chr(INFO)}"}}', encoding="utf-8")
    return tmp_path


def test_icons_are_the_classes_named_and_the_icons_the_css_uses(tiny_site):
    assert webfonts.icon_codepoints(tiny_site) == {BARS, LIST, INFO}


def test_icon_fonts_hold_exactly_the_icons_asked_for(tmp_path):
    written = webfonts.write_icon_subsets({BARS, INFO}, tmp_path)
    solid = next(p for p in written if p.name == "fa-solid-900.woff2")
    assert solid.read_bytes()[:4] == b"wOF2" and solid.stat().st_size < 10_000
    assert set(TTFont(solid).getBestCmap()) == {BARS, INFO}
    shipped = set(TTFont(webfonts.ICON_FONTS / "fa-solid-900.woff2").getBestCmap())
    assert len(shipped) > 1000  # the whole set, of which the site shows a few


def test_the_theme_css_keeps_the_rules_of_kept_icons_only():
    css = webfonts.trimmed_theme_css({BARS})
    assert '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}' in css
    assert ".fa-list:before" not in css and ".fa-rocket:before" not in css
    assert "--pst-icon-info-circle" in css  # the theme's own variables stay


def test_icon_subsets_refuse_bad_input(tmp_path):
    with pytest.raises(ValueError, match="codepoints must be a non-empty set"):
        webfonts.write_icon_subsets(set(), tmp_path)
    with pytest.raises(ValueError, match="site must be a built site's folder"):
        webfonts.icon_codepoints(tmp_path / "missing")


def test_subsets_are_cut_once_per_content_and_put_back_when_overwritten(tmp_path):
    from explainers.webfonts import _subset_once

    site, calls = tmp_path / "site", []
    (site / "fonts").mkdir(parents=True)

    def write():
        calls.append(1)
        (site / "fonts" / "icons.woff2").write_bytes(b"subset")
        return [site / "fonts" / "icons.woff2"]

    store = tmp_path / "store"
    _subset_once(store, "f0c9", site, write)
    (site / "fonts" / "icons.woff2").write_bytes(b"the theme's full font")  # what Sphinx copies over it
    _subset_once(store, "f0c9", site, write)
    assert len(calls) == 1 and (site / "fonts" / "icons.woff2").read_bytes() == b"subset"
    _subset_once(store, "f0c9,f00d", site, write)  # another icon on the site: cut again
    assert len(calls) == 2


def test_a_clean_build_finds_the_fonts_an_earlier_build_cut(tmp_path):
    from explainers.webfonts import _subset_once

    def write(site):
        (site / "fonts").mkdir(parents=True)
        (site / "fonts" / "icons.woff2").write_bytes(b"subset")
        return [site / "fonts" / "icons.woff2"]

    _subset_once(tmp_path / "store", "f0c9", tmp_path / "first", lambda: write(tmp_path / "first"))
    _subset_once(tmp_path / "store", "f0c9", tmp_path / "second", lambda: pytest.fail("cut again"))
    assert (tmp_path / "second" / "fonts" / "icons.woff2").read_bytes() == b"subset"


def test_a_store_that_cannot_be_written_costs_only_the_cut(tmp_path):
    from explainers.webfonts import _subset_once

    (tmp_path / "store").write_text("a file where the store's folder should be")
    site = tmp_path / "site"
    site.mkdir()

    def write():
        (site / "icons.woff2").write_bytes(b"subset")
        return [site / "icons.woff2"]

    _subset_once(tmp_path / "store", "f0c9", site, write)
    assert (site / "icons.woff2").read_bytes() == b"subset"


def test_a_file_unchanged_since_it_was_read_is_not_read_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<svg><text>ab</text></svg>")
    memo = {}
    assert webfonts.figure_characters([page], memo) == "ab"
    memo[str(page)][2] = "xy"  # what the record says the file held: used while the file is unchanged
    assert webfonts.figure_characters([page], memo) == "xy"
    page.write_text("<svg><text>abc</text></svg>")  # rewritten: read again
    assert webfonts.figure_characters([page], memo) == "abc"
