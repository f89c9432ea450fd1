import numpy as np
import pytest

from explainers.figures import openness as views
from explainers.models import abliteration
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
