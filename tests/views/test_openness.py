import re
from html import unescape

import ipywidgets as widgets
import numpy as np
import pytest

from explainers.interact import explore
from explainers.models import abliteration, openness
from explainers.style import context, new_figure
from explainers.views import openness as views


def _draw(view, result):
    fig, ax = new_figure()
    with context():
        return view.draw(ax, result)


def test_ablation_plots_the_projected_points_and_the_direction():
    artists = _draw(views.ABLATION, abliteration.ablate())
    a = abliteration.ablate(130.0)
    views.update_ablation(artists, a)
    for group in ("refused", "answered"):
        np.testing.assert_allclose(np.column_stack(artists[group].get_data()), getattr(a, f"{group}_after"))
    (x0, x1), (y0, y1) = artists["removed"].get_data()
    assert np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 180 == pytest.approx(130)
    (x0, x1), (y0, y1) = artists["landing"].get_data()
    assert np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 180 == pytest.approx(40)


@pytest.mark.parametrize("angle", abliteration.SPEC["angle"].grid())
def test_every_point_stays_in_view(angle):
    a = abliteration.ablate(angle)
    points = np.vstack([a.refused, a.answered, a.refused_after, a.answered_after])
    assert views.VIEW[0] < points.min() and points.max() < views.VIEW[1]


def test_ablation_words_carry_the_numbers():
    a = abliteration.ablate(abliteration.REFUSAL_ANGLE)
    readout = views.readout_ablation(a)
    assert readout.startswith("Removing the direction at 60°: 0% of the distance")
    assert readout.endswith("still refuses 0% of the instructions it refused before.")
    alt = views.alt_ablation(abliteration.ablate(0.0))
    assert "removing the direction at 0 degrees" in alt and "on the line at 90 degrees" in alt
    assert "87% of the distance" in alt


# --- The scorecard and the licence comparison: HTML tables ----------------------------------------


def _rows(table: str) -> dict[str, list[str]]:
    """Row header -> the text of its cells (tags dropped, entities decoded)."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table):
        head = re.search(r'<th scope="row">(.*?)</th>', row)
        if head:
            cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            rows[unescape(head.group(1))] = cells
    return rows


def test_scorecard_rows_show_each_part_with_a_mark_and_a_word_and_flag_the_what_if():
    card = openness.scorecard("DeepSeek-V3", "weights")
    table = views.html_scorecard(card)
    assert table.startswith('<table class="figure-table-grid scorecard">')
    rows = _rows(table)
    for key, component in openness.COMPONENTS.items():
        words = card.release.parts[key].text
        (cell,) = rows[component.label + (" *" if component.osaid else "")]
        assert words in cell and re.match(r"[✓◐✗] (open|limited|closed): ", cell)
    assert "(what if)" in rows["Weights *"][0] and sum("(what if)" in c[0] for c in rows.values()) == 1
    assert f"What if: {card.assessment.verdict}" in table
    assert 'scope="col"' in table and "<caption>" in table


@pytest.mark.parametrize("release", openness.SCORECARD_SPEC["release"].grid())
def test_every_release_is_escaped_and_complete(release):
    for change in openness.SCORECARD_SPEC["change"].grid():
        table = views.html_scorecard(openness.scorecard(release, change))
        assert len(_rows(table)) == len(openness.COMPONENTS)
        assert "<script" not in table and table.count("<table") == 1


def test_licence_columns_follow_the_choice_and_osi_approval_sits_apart():
    pair = openness.compare_licences("llama-3.1", "apache-2.0")
    table = views.html_licences(pair)
    assert re.findall(r'<th scope="col">(.*?)</th>', table) == ["Term of use", pair.left.name, pair.right.name]
    rows = _rows(table)
    assert rows[openness.TERMS["user-limit"]][0].endswith(pair.left.terms["user-limit"].text)
    assert rows[openness.TERMS["restrictions"]][1] == "✓ open: none"
    assert list(rows)[: len(openness.TERMS)] == list(openness.TERMS.values())
    assert rows["OSI-approved"][1].startswith("✓") and 'class="figure-table-status"' in table


def test_the_readout_counts_what_the_table_shows():
    pair = openness.compare_licences("mit", "deepseek-model")
    readout = views.readout_licences(pair)
    shown = _rows(views.html_licences(pair))
    differing = [t for t, (a, b) in shown.items() if t != "OSI-approved" and a[0] != b[0]]
    assert readout.startswith(f"They differ on {len(differing)} of the {len(openness.TERMS)} terms of use")
    assert readout.endswith("Only the MIT License is OSI-approved.")
    assert "use restrictions" in readout and "commercial" not in readout
    assert "pick another" in views.readout_licences(openness.compare_licences("qwen", "qwen"))
    assert views.readout_licences(openness.compare_licences("mit", "apache-2.0")).endswith("Both are OSI-approved.")


# --- Live widgets: the same models behind ipywidgets ----------------------------------------------

def _live_readout(live):
    return unescape(live.readout.value)


def test_live_scorecard_menus_recompute():
    live = explore(openness.scorecard, views.SCORECARD, name="t", title="Card").live()
    release, change = live.controls["release"], live.controls["change"]
    assert isinstance(release, widgets.Dropdown) and release.description == "Release"
    assert [v for _, v in release.options] == list(openness.RELEASES)
    before = live.figure.value
    release.value, change.value = "OLMo 2", "training-data"
    assert live.figure.value != before
    assert views.readout_scorecard(openness.scorecard("OLMo 2", "training-data")) in _live_readout(live)


def test_live_licences_and_ablation_recompute():
    live = explore(openness.compare_licences, views.LICENCE_COMPARISON,
                   name="t", title="Licences").live()
    live.controls["right"].value = "llama-3.3"
    assert views.readout_licences(openness.compare_licences("mit", "llama-3.3")) in _live_readout(live)
    live = explore(abliteration.ablate, views.ABLATION, name="t", title="Ablation").live()
    slider = live.controls["angle"]
    assert isinstance(slider, widgets.FloatSlider) and (slider.min, slider.max) == (0, 180)
    slider.value = 60.0
    assert views.readout_ablation(abliteration.ablate(60.0)) in _live_readout(live)
    slider.value = 500.0  # the widget clamps: the control cannot produce an invalid state
    assert slider.value == 180
