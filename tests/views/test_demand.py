import numpy as np
import pytest

from explainers.models import demand
from explainers.style import context, new_figure
from explainers.views import demand as views


def _drawn(**setting):
    fig, ax = new_figure()
    with context():
        artists = views.draw_jevons(ax, demand.jevons())
        views.update_jevons(artists, demand.jevons(**setting))
    return ax, artists


def test_the_curve_and_point_are_the_models():
    r = demand.jevons(price_factor=0.1, elasticity=0.5)
    ax, artists = _drawn(price_factor=0.1, elasticity=0.5)
    np.testing.assert_allclose(artists["curve"].get_ydata(), r.curve_spending)
    assert artists["point"].get_xdata()[0] == 0.1
    assert artists["point"].get_ydata()[0] == pytest.approx(r.spending)
    assert artists["label"].get_text() == "×0.316"
    assert ax.get_xlim()[0] > ax.get_xlim()[1]  # cheaper to the right
    assert ax.get_xscale() == ax.get_yscale() == "log"


def test_every_setting_stays_inside_the_axes_limits():
    for factor in demand.SPEC["price_factor"].grid():
        for elasticity in demand.SPEC["elasticity"].grid():
            ax, artists = _drawn(price_factor=factor, elasticity=elasticity)
            low, high = ax.get_ylim()
            assert low < artists["point"].get_ydata()[0] < high


def test_labels_turn_inwards_at_the_edges():
    _, artists = _drawn(price_factor=0.01, elasticity=2.0)
    assert artists["label"].get_horizontalalignment() == "right"
    assert artists["label"].get_verticalalignment() == "top"  # at ×100, near the top
    _, artists = _drawn(price_factor=1.0, elasticity=0.0)
    assert artists["label"].get_horizontalalignment() == "left"


def test_words_say_what_the_chart_shows():
    r = demand.jevons(price_factor=0.5, elasticity=1.0)
    assert views.readout_jevons(r) == ("Price ×0.5: compute bought ×2, total spending ×1 "
                                       "(spending does not change).")
    assert "buyers take 2 times the compute and spend the same: spending does not change" in views.alt_jevons(r)
    assert "spend 1.41 times as much: spending rises" in views.alt_jevons(demand.jevons())
    r = demand.jevons(price_factor=0.01, elasticity=2.0)
    assert "compute bought ×10,000, total spending ×100 (spending rises)" in views.readout_jevons(r)
    assert "spending falls" in views.readout_jevons(demand.jevons(price_factor=0.2, elasticity=0.25))


def test_no_text_leaves_the_frame_or_overlaps_at_any_setting():
    # Until a chapter registers the explorable (tests/book/test_build.py EXPLORABLES, which test_layout reads).
    from tests.views.test_layout import layout_problems

    fig, ax = new_figure()
    with context():
        artists = views.draw_jevons(ax, demand.jevons())
        fig.draw_without_rendering()
        fig.set_layout_engine(None)  # frozen at the default, as an explorable's frames are
    for factor in demand.SPEC["price_factor"].grid():
        for elasticity in demand.SPEC["elasticity"].grid():
            with context():
                views.update_jevons(artists, demand.jevons(price_factor=factor, elasticity=elasticity))
            assert not layout_problems(fig), (factor, elasticity)
