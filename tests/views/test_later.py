"""The views of the "what happened next" chapter: plotted data equals the model's, the readout names it."""

import matplotlib.dates as mdates
import pytest

from explainers import ledger
from explainers.models import later
from explainers.style import context, new_figure
from explainers.views import later as views


def _draw(view, result):
    _, ax = new_figure()
    with context():
        return view.draw(ax, result), ax


@pytest.mark.parametrize("context_length", later.CONTEXTS)
def test_sparse_points_sit_on_the_models_values(context_length):
    artists, ax = _draw(views.SPARSE, later.attention_work(later.CONTEXTS[0]))
    w = later.attention_work(context_length)
    views.update_sparse(artists, w)
    assert artists["dense"].get_data() == ([w.context], [w.dense])
    assert artists["sparse"].get_data() == ([w.context], [w.sparse])
    dense_line, _, indexer_line = ax.get_lines()[:3]
    assert list(dense_line.get_ydata()) == [later.attention_work(c).dense for c in views.CURVE]
    assert list(indexer_line.get_ydata()) == [later.attention_work(c).indexer for c in views.CURVE]
    readout = views.readout_sparse(w)
    assert f"{w.context:,} tokens" in readout
    assert ("times less work" in readout) == (w.saving >= 1)


def test_the_story_ring_moves_to_each_event():
    artists, _ = _draw(views.STORY, later.story(1))
    for step in later.STORY_SPEC["step"].grid():
        s = later.story(step)
        views.update_story(artists, s)
        (x,), (y,) = artists["ring"].get_data()
        assert mdates.date2num(x) == mdates.date2num(s.event.date) and y == ledger.LANES.index(s.event.lane)
        assert views.readout_story(s).startswith(f"{s.event.when}, ")


def test_the_story_draws_secondary_dates_hollow():
    _, ax = _draw(views.STORY, later.story(1))
    marks = ax.get_lines()[:len(ledger.timeline())]
    for line, e in zip(marks, ledger.timeline()):
        assert (line.get_markerfacecolor() == "none") == bool(ledger.fact(e.fact).flag), e.fact
    assert all(e.label in views.alt_story(later.story(1)) for e in ledger.timeline())
