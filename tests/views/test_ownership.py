import numpy as np
import pytest

from explainers.models import ownership
from explainers.style import context, new_figure
from explainers.views import ownership as views


def test_draw_and_update_plot_the_models_lines():
    fig, ax = new_figure()
    with context():
        artists = views.draw_rent_or_own(ax, ownership.rent_or_own())
    r = ownership.rent_or_own(price=3.0, utilisation=0.75)
    views.update_rent_or_own(artists, r)
    np.testing.assert_allclose(artists["rent"].get_ydata(), r.rent_usd / 1e6)
    np.testing.assert_allclose(artists["own"].get_ydata(), r.own_usd / 1e6)
    assert artists["point"].get_xdata()[0] == pytest.approx(r.breakeven_years)
    assert "cheaper after" in artists["note"].get_text()
    assert ax.get_ylim()[1] == pytest.approx(r.usd_ceiling / 1e6 * 1.1)


def test_no_payback_is_said_plainly():
    r = ownership.rent_or_own(price=1.0, utilisation=0.25)
    assert "does not pay back within the 5-year useful life" in views.readout_rent_or_own(r)
    assert "$85.333M of capital" in views.alt_rent_or_own(r)
