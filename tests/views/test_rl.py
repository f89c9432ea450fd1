import re

import numpy as np
import pytest

from explainers.ledger import value
from explainers.models import grpo, toy_r1zero
from explainers.style import context, new_figure
from explainers.views import rl


def _draw(view, result):
    fig, ax = new_figure()
    with context():
        return view.draw(ax, result)


def test_group_bars_follow_the_advantages():
    artists = _draw(rl.GROUP, grpo.sandbox(8, 0.3))
    g = grpo.sandbox(4, 0.5)
    rl.update_group(artists, g)
    shown = [b for b in artists["bars"] if b.get_visible()]
    assert [b.get_height() for b in shown] == pytest.approx(list(g.advantages)) == [1, 1, -1, -1]
    assert [t.get_text() for t in artists["ax"].get_xticklabels()] == ["✓", "✓", "✗", "✗"]
    assert not artists["flat"].get_visible()
    rl.update_group(artists, grpo.sandbox(16, 0.0))
    assert sum(b.get_visible() for b in artists["bars"]) == 16 and artists["flat"].get_visible()


def test_group_words_carry_the_numbers():
    g = grpo.sandbox(8, 0.3)
    assert "+1.73" in rl.readout_group(g) and "−0.58" in rl.readout_group(g) and "5.8%" in rl.readout_group(g)
    assert "2 right" in rl.alt_group(g)


def test_run_lines_are_the_runs_data():
    lines = _draw(rl.RUN, toy_r1zero.simulate())
    run = toy_r1zero.simulate(group_size=16, difficulty="hard", normalisation="dr-grpo")
    rl.update_run(lines, run)
    np.testing.assert_allclose(lines["accuracy"].get_ydata(), run.accuracy * 100)
    np.testing.assert_allclose(lines["check"].get_ydata(), run.check_share * 100)
    np.testing.assert_allclose(lines["superficial"].get_ydata(), run.shares[:, 1] * 100)
    np.testing.assert_allclose(lines["wrong"].get_ydata(), run.wrong_length)
    assert f"{run.accuracy[-1]:.0%}" in rl.readout_run(run) and "DR-GRPO" in rl.alt_run(run)


def test_run_fits_its_axes_at_every_setting():
    """Fixed axis limits must hold every frame's curves."""
    for p in ({"difficulty": d, "group_size": g} for d in ("easy", "hard") for g in (4, 16)):
        run = toy_r1zero.simulate(**p)
        assert run.mean_length.max() < 1800 and run.wrong_length.max() < 1800
    assert max(toy_r1zero.hacking(r).reward.max() for r, _ in toy_r1zero.REWARDS) < 3


def test_hacking_lines_and_words():
    lines = _draw(rl.HACKING, toy_r1zero.hacking())
    run = toy_r1zero.hacking("format-only")
    rl.update_hacking(lines, run)
    np.testing.assert_allclose(lines["reward"].get_ydata(), run.reward)
    assert rl.readout_hacking(run).startswith("Reward: Format only: reward per answer")


def test_checker_table():
    table = rl.html_checker(grpo.check_example("no-think"))
    assert table.startswith('<table class="figure-table-grid checker">')
    assert '<pre class="figure-table-code">&lt;answer&gt;5&lt;/answer&gt;</pre>' in table
    assert re.search(r'Format reward</th><td><span class="mark-word-closed">.*✗</span> 0</span>: ', table)
    assert re.search(r'Accuracy reward</th><td><span class="mark-word-open">.*✓</span> 1</span>: ', table)
    assert "total 1" in rl.readout_checker(grpo.check_example("no-think"))


def test_stills_draw_and_describe():
    fig, ax = new_figure()
    with context():
        rl.draw_no_signal(ax)
    assert len(ax.get_lines()) == len(rl.NO_SIGNAL_GROUPS)
    assert "G = 4: 81% at p = 5%" in rl.alt_no_signal()


def test_aime_still_plots_the_ledger_values():
    fig, ax = new_figure()
    with context():
        rl.draw_r1zero_aime(ax)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == [value(k) for _, k, _ in rl._aime_rows()]
    assert [bool(bar.get_hatch()) for bar in ax.patches] == [False, False, True, False, True]
    assert "86.7" in rl.alt_r1zero_aime() and "majority of 64" in rl.alt_r1zero_aime()
