from html import unescape

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from explainers.figures import openness as views
from explainers.interact import explore
from explainers.models import abliteration, openness
from explainers.style import context, new_figure


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


# --- The scorecard and the licence comparison ------------------------------------------------------


def _cell_state(cell):
    return cell["text"].get_text(), cell["box"].get_edgecolor(), cell["box"].get_linewidth()


def test_scorecard_cells_show_each_part_and_outline_the_flip():
    artists = _draw(views.SCORECARD, openness.scorecard())
    card = openness.scorecard("DeepSeek-V3", "weights")
    views.update_scorecard(artists, card)
    for key, cell in artists["cells"].items():
        text = cell["text"].get_text().replace("\n   ", " ")
        assert text.endswith(card.release.parts[key].text), key
    assert artists["cells"]["weights"]["text"].get_text().replace("\n   ", " ") == "✓ what if: released under MIT"
    assert artists["cells"]["weights"]["box"].get_linewidth() == 2.5
    assert artists["cells"]["training-code"]["text"].get_text().startswith("✗")
    assert artists["cells"]["data-information"]["text"].get_text().startswith("◐")
    assert artists["title"].get_text() == "DeepSeek-V3"
    assert artists["dated"].get_text() == "DeepSeek, 26 December 2024"
    assert artists["verdict"].get_text() == "◐ What if: open weights, not open source"
    views.update_scorecard(artists, openness.scorecard("OLMo 2"))
    assert artists["verdict"].get_text() == "✓ Verdict: open source (OSAID 1.0)"
    assert all(c["box"].get_linewidth() == 1 for c in artists["cells"].values())  # no outline left behind


def test_scorecard_words():
    r1 = openness.scorecard()
    assert views.readout_scorecard(r1) == ("Verdict: open weights, not open source. Missing: training and "
                                           "data-processing code: not released; data information: only in part "
                                           "(an outline in the paper).")
    closed = openness.scorecard("OLMo 2", "weights")
    assert views.readout_scorecard(closed).endswith("As released it was open source (OSAID 1.0).")
    same = openness.scorecard("DeepSeek-R1", "paper")
    assert views.readout_scorecard(same).endswith("The verdict is the same as released.")
    alt = views.alt_scorecard(openness.scorecard("Llama 3.1 405B"))
    assert alt.startswith("Openness scorecard of Llama 3.1 405B. Weights: limited, Llama 3.1 Community License;")
    assert "with the weights flipped" in views.alt_scorecard(closed)


def test_licence_columns_follow_the_choice():
    artists = _draw(views.LICENCE_COMPARISON, openness.compare_licences())
    pair = openness.compare_licences("llama-3.1", "apache-2.0")
    views.update_licences(artists, pair)
    assert [h.get_text().replace("\n", " ") for h in artists["heads"]] == [pair.left.name, pair.right.name]
    left, right = artists["columns"]
    rows = list(views.TERM_ROWS)
    user_limit = left[rows.index("user-limit")]["text"].get_text().replace("\n   ", " ")
    assert user_limit == "✗ " + pair.left.terms["user-limit"].text
    assert right[rows.index("restrictions")]["text"].get_text() == "✓ none"
    assert right[rows.index("osi")]["text"].get_text() == "✓ OSI-approved"


def test_licence_words():
    pair = openness.compare_licences("mit", "deepseek-model")
    readout = views.readout_licences(pair)
    assert readout.startswith("The MIT License and the DeepSeek License Agreement v1.0 differ on 3 of 6 terms")
    assert "use restrictions" in readout and "commercial" not in readout
    assert "pick another" in views.readout_licences(openness.compare_licences("qwen", "qwen"))
    alt = views.alt_licences(pair)
    assert "Use restrictions: MIT License none, DeepSeek License Agreement v1.0 11 banned uses" in alt


def _laid_out(view, result):
    """Drawn and laid out once, then frozen, as the explorable's frames are."""
    artists = _draw(view, result)
    fig = (artists.get("title") or artists["heads"][0]).figure
    with context():
        fig.draw_without_rendering()
    fig.set_layout_engine(None)
    return artists, FigureCanvasAgg(fig).get_renderer()


def _assert_words_inside(cells, renderer):
    for cell in cells:
        text, box = cell["text"].get_window_extent(renderer), cell["box"].get_window_extent(renderer)
        assert box.x0 <= text.x0 and text.x1 <= box.x1 and box.y0 <= text.y0 and text.y1 <= box.y1, \
            cell["text"].get_text()


@pytest.mark.parametrize("release", openness.SCORECARD_SPEC["release"].grid())
def test_every_scorecard_cell_fits_its_box(release):
    """Wrapped words stay inside their cell for every release and every flip."""
    artists, renderer = _laid_out(views.SCORECARD, openness.scorecard())
    width = artists["title"].figure.bbox.width
    for change in openness.SCORECARD_SPEC["change"].grid():
        views.update_scorecard(artists, openness.scorecard(release, change))
        _assert_words_inside(artists["cells"].values(), renderer)
        for line in ("title", "dated", "verdict"):
            assert artists[line].get_window_extent(renderer).x1 <= width, artists[line].get_text()


def test_every_licence_cell_fits_its_box():
    artists, renderer = _laid_out(views.LICENCE_COMPARISON, openness.compare_licences())
    for key in openness.LICENCES:
        views.update_licences(artists, openness.compare_licences(key, key))
        _assert_words_inside([cell for column in artists["columns"] for cell in column], renderer)


# --- Live widgets: the same models behind ipywidgets ----------------------------------------------

def _live_readout(live):
    return unescape(live.readout.value)


def test_live_scorecard_menus_recompute():
    live = explore(openness.scorecard, openness.SCORECARD_SPEC, views.SCORECARD, name="t", title="Card").live()
    release, change = live.controls["release"], live.controls["change"]
    assert isinstance(release, widgets.Dropdown) and release.description == "Release"
    assert [v for _, v in release.options] == list(openness.RELEASES)
    before = live.figure.value
    release.value, change.value = "OLMo 2", "training-data"
    assert live.figure.value != before
    assert views.readout_scorecard(openness.scorecard("OLMo 2", "training-data")) in _live_readout(live)


def test_live_licences_and_ablation_recompute():
    live = explore(openness.compare_licences, openness.LICENCE_SPEC, views.LICENCE_COMPARISON,
                   name="t", title="Licences").live()
    live.controls["right"].value = "llama-3.3"
    assert views.readout_licences(openness.compare_licences("mit", "llama-3.3")) in _live_readout(live)
    live = explore(abliteration.ablate, abliteration.SPEC, views.ABLATION, name="t", title="Ablation").live()
    slider = live.controls["angle"]
    assert isinstance(slider, widgets.FloatSlider) and (slider.min, slider.max) == (0, 180)
    slider.value = 60.0
    assert views.readout_ablation(abliteration.ablate(60.0)) in _live_readout(live)
    slider.value = 500.0  # the widget clamps: the control cannot produce an invalid state
    assert slider.value == 180
