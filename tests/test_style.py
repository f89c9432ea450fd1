"""The house style's web SVG: theme colours, no global rules, unique ids, sizes for phone and laptop."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers import style


def _figure(colour=style.COLOURS["blue"], fontsize=11):
    fig, ax = style.new_figure()
    with style.context():
        ax.bar([1, 2], [3, 4], color=colour, hatch="//", label="bars")
        ax.text(1, 1, "note", fontsize=fontsize, color=style.PALETTE["vermilion-text"])
        ax.legend()
    return fig


def test_every_colour_becomes_a_theme_variable_with_its_light_value_as_fallback():
    svg = style.to_svg(_figure())
    assert "var(--fig-blue, #0072b2)" in svg and "var(--fig-vermilion-text, #a94800)" in svg
    assert "var(--fig-paper, #ffffff)" in svg and "var(--fig-ink, #1f1f1f)" in svg
    assert not re.findall(r"(?<!, )#[0-9a-f]{6}\b", svg), "no colour outside a variable"
    assert not re.search(r'\s(fill|stroke)="#', svg), "presentation attributes cannot hold var()"


def test_a_colour_outside_the_palette_is_refused_with_its_value():
    with pytest.raises(ValueError, match="#123456 is not in style.PALETTE"):
        style.to_svg(_figure(colour="#123456"))


def test_black_is_ink_so_it_turns_light_in_dark_mode():
    fig, ax = style.new_figure()
    with style.context():
        ax.axhline(0, color="black")
    assert "var(--fig-ink, #000000)" in style.to_svg(fig)


def test_inline_svg_carries_nothing_that_would_leak_into_the_page():
    svg = style.to_svg(_figure())
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    assert "<style" not in svg, "a *{} rule inside inline SVG styles the whole page"
    assert not re.search(r'<g id="', svg)
    assert 'aria-hidden="true"' in svg  # the frame's wrapper carries the alt text
    assert "font-family: 'DejaVu Sans', sans-serif" in svg


def test_ids_differ_between_figures_with_different_salts_and_repeat_with_the_same():
    a, b = style.to_svg(_figure(), "one"), style.to_svg(_figure(), "two")
    ids = lambda svg: set(re.findall(r'id="([^"]+)"', svg))  # noqa: E731
    assert ids(a) and not ids(a) & ids(b)
    assert style.to_svg(_figure(), "one") == a


def test_the_house_canvas_is_legible_on_a_phone_and_capped_on_a_laptop():
    svg = style.to_svg(_figure())
    low, high = style.frame_width_limits(svg)
    assert low <= style.PHONE_FRAME_PX
    width, _ = style.view_box(svg)
    assert max(style.font_sizes(svg)) * high / width <= style.MAX_TEXT_PX
    assert f"max-width:{high}px" in svg


def test_small_text_pushes_the_narrowest_legible_width_past_a_phone():
    low, _ = style.frame_width_limits(style.to_svg(_figure(fontsize=8)))
    assert low > style.PHONE_FRAME_PX


@given(st.sampled_from(sorted(style.COLOURS)))
def test_a_tint_is_a_pale_mix_of_its_colour_and_known_to_the_theme(name):
    pale = style.tint(name)
    assert re.fullmatch(r"#[0-9a-f]{6}", pale) and pale != style.COLOURS[name]
    fig, ax = style.new_figure()
    with style.context():
        ax.bar([1], [1], color=pale)
    assert f"var(--fig-{name}-tint, {pale})" in style.to_svg(fig)


@pytest.mark.parametrize("bad", ["ink", "crimson", ""])
def test_tint_names_the_colours_it_accepts(bad):
    with pytest.raises(ValueError, match="name must be one of"):
        style.tint(bad)


def test_the_css_defines_every_variable_a_frame_may_use_in_both_themes():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "book" / "_static" / "custom.css").read_text()
    for name in style.PALETTE:
        assert len(re.findall(rf"--fig-{name}:", css)) == 2, f"--fig-{name} needs a light and a dark value"
        value = re.search(rf"--fig-{name}: (#[0-9a-f]{{6}})", css).group(1)
        assert value == style.PALETTE[name], f"the light --fig-{name} must equal style.PALETTE"
    for name in style.COLOURS:
        assert f"--fig-{name}-tint:" in css
