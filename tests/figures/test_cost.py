import numpy as np
import pytest

from explainers.figures import cost as views
from explainers.models import cost
from explainers.style import context, new_figure


@pytest.fixture
def drawn():
    fig, ax = new_figure()
    with context():
        artists = views.draw_run_cost(ax, cost.run_cost())
    return ax, artists


def test_draw_plots_the_models_line_and_point(drawn):
    ax, artists = drawn
    r = cost.run_cost()
    np.testing.assert_allclose(artists["line"].get_ydata(), r.usd_grid / 1e6)
    assert artists["point"].get_xdata()[0] == 2.0
    assert artists["point"].get_ydata()[0] == pytest.approx(5.576)
    assert artists["note"].get_text() == "$5.576M at $2.00/h"
    assert ax.get_ylim()[1] >= r.usd_ceiling / 1e6


def test_update_moves_artists_to_the_new_result(drawn):
    ax, artists = drawn
    ylim = ax.get_ylim()
    r = cost.run_cost(price=3.5, scope="v3-plus-r1-rl")
    views.update_run_cost(artists, r)
    assert artists["point"].get_ydata()[0] == pytest.approx(r.usd / 1e6)
    np.testing.assert_allclose(artists["line"].get_ydata(), r.usd_grid / 1e6)
    assert artists["guide"].get_xdata()[0] == 3.5
    assert "3.50" in artists["note"].get_text()
    assert ax.get_ylim() == ylim  # a fixed axis, so frames compare by eye


def test_house_style_applies_to_drawn_artists(drawn):
    _, artists = drawn
    assert artists["line"].get_linewidth() == 2
    assert artists["note"].get_text().startswith("$")  # not parsed as TeX


def test_alt_and_readout_state_the_numbers():
    r = cost.run_cost(price=2.5)
    assert "$2.50" in views.alt_run_cost(r) and "$6.970M" in views.alt_run_cost(r)
    assert views.readout_run_cost(r) == "2,788,000 GPU-hours × $2.50 per GPU-hour = $6.970M"
    both = cost.run_cost(price=2.5, scope="v3-plus-r1-rl")
    assert "R1" in views.alt_run_cost(both)
