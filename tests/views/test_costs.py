import numpy as np
import pytest

from explainers.models import costs
from explainers.style import context, new_figure
from explainers.views import costs as views


@pytest.fixture
def drawn():
    fig, ax = new_figure()
    with context():
        artists = views.draw_run_cost(ax, costs.run_cost())
    return ax, artists


def test_draw_plots_the_models_line_and_point(drawn):
    ax, artists = drawn
    r = costs.run_cost()
    np.testing.assert_allclose(artists["line"].get_ydata(), r.usd_grid / 1e6)
    assert artists["point"].get_xdata()[0] == 2.0
    assert artists["point"].get_ydata()[0] == pytest.approx(5.576)
    assert artists["note"].get_text() == "$5.576M at $2.00/h"
    assert ax.get_ylim()[1] >= r.usd_ceiling / 1e6


def test_update_moves_artists_to_the_new_result(drawn):
    ax, artists = drawn
    ylim = ax.get_ylim()
    r = costs.run_cost(price=3.5, scope="v3-plus-r1-rl")
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
    r = costs.run_cost(price=2.5)
    assert "$2.50" in views.alt_run_cost(r) and "$6.970M" in views.alt_run_cost(r)
    assert views.readout_run_cost(r) == "2,788,000 GPU-hours × $2.50 per GPU-hour = $6.970M"
    both = costs.run_cost(price=2.5, scope="v3-plus-r1-rl")
    assert "R1" in views.alt_run_cost(both)


@pytest.fixture
def bars():
    fig, ax = new_figure()
    with context():
        artists = views.draw_phase_costs(ax, costs.run_cost())
    return ax, artists


def test_phase_bars_are_the_models_costs(bars):
    _, artists = bars
    widths = [b.get_width() for b in artists["bars"]]
    assert widths == pytest.approx([5.328, 0.238, 0.010, 0.0])
    assert [t.get_text().strip() for t in artists["labels"]] == ["$5.328M", "$238K", "$10K", "not counted"]
    assert artists["total"].get_text() == "total $5.576M"


def test_phase_bars_update_with_price_and_scope(bars):
    ax, artists = bars
    xlim = ax.get_xlim()
    r = costs.run_cost(price=1.0, scope="v3-plus-r1-rl")
    views.update_phase_costs(artists, r)
    assert [b.get_width() for b in artists["bars"]] == pytest.approx([c / 1e6 for _, c in r.phase_usd])
    assert artists["labels"][3].get_text().strip() == views.usd(costs.r1_rl_gpu_hours())
    r = costs.run_cost(price=1.0, scope="pre-training")
    views.update_phase_costs(artists, r)
    assert [t.get_text().strip() for t in artists["labels"]][1:] == ["not counted"] * 3
    assert ax.get_xlim() == xlim


def test_phase_alt_and_readout():
    r = costs.run_cost()
    assert views.readout_phase_costs(r) == "$5.328M + $238K + $10K = $5.576M"
    alt = views.alt_phase_costs(r)
    assert "V3's final run" in alt and "pre-training $5.328M" in alt and "total $5.576M" in alt


def test_flops_view_highlights_the_chosen_run_and_its_implied_mfu():
    fig, ax = new_figure()
    with context():
        artists = views.draw_flops_budget(ax, costs.flops_budget("v3", 0.35))
    assert artists["curves"]["v3"].get_linewidth() == 3
    assert artists["curves"]["llama-405b"].get_alpha() == 0.3
    assert artists["implied"].get_xdata()[0] == pytest.approx(34.6, abs=0.1)
    b = costs.flops_budget("v3-dense", 0.5)
    views.update_flops_budget(artists, b)
    assert artists["curves"]["v3-dense"].get_linewidth() == 3
    assert not artists["implied"].get_visible()
    assert artists["point"].get_ydata()[0] == pytest.approx(b.gpu_hours / 1e6)
    assert all("mathdefault" not in t.get_text() for t in ax.get_yticklabels())


def test_flops_readout_is_the_chain_of_arithmetic():
    text = views.readout_flops_budget(costs.flops_budget("llama-405b", 0.4))
    assert text.startswith("6 × 405B × 15.6T tokens = 3.79e+25 FLOP")
    assert "implying 34.5% MFU" in text


def test_flops_view_marks_the_gpu_hours_and_their_cost_at_the_price():
    fig, ax = new_figure()
    with context():
        artists = views.draw_flops_budget(ax, costs.flops_budget("v3", 0.35, 2.0))
    b = costs.flops_budget("v3", 0.35, 3.0)
    views.update_flops_budget(artists, b)
    assert artists["note"].get_text() == f"{b.gpu_hours / 1e6:.1f}M GPU-h = {views.usd(b.usd)}"
    assert views.usd(b.usd) in views.readout_flops_budget(b)
