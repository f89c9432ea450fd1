"""Every figure of the book, at every setting its controls reach: no text runs off the frame and no two
texts overlap. (Sizes are checked on the built site, tests/book/test_figures.py.)"""

from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from tests.book.test_build import EXPLORABLES

from explainers.interact import explore
from explainers.style import context, new_figure
from explainers.views import Table, efficiency, pipeline
from explainers.views import rl as rl_views

STILLS = {"no-signal": rl_views.draw_no_signal, "r1zero-aime": rl_views.draw_r1zero_aime,
          "mtp": efficiency.draw_mtp, "weight-memory": efficiency.draw_weight_memory,
          "overlap": efficiency.draw_overlap, "r1-pipeline": pipeline.draw_r1_pipeline}
SLACK = 1.0  # px: anti-aliasing and rounding


def layout_problems(fig) -> list[str]:
    """Texts that leave the figure or overlap another text, in display pixels."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # lay out the ticks exactly as a saved frame has them
    renderer = canvas.get_renderer()
    # Tick labels exist for ticks outside the view too; only those of ticks inside it are drawn.
    axes = [(ax, a) for ax in fig.axes for a in ax._axis_map.values()]
    every_tick_label = {id(t) for _, a in axes for tick in a.majorTicks + a.minorTicks for t in (tick.label1, tick.label2)}
    drawn = []
    for ax, a in axes:
        if ax.axison and a.get_visible():
            low, high = sorted(a.get_view_interval())
            drawn += [t for tick in a.get_major_ticks() if low - 1e-9 <= tick.get_loc() <= high + 1e-9
                      for t in (tick.label1, tick.label2) if t.get_visible()]
    texts = [t for t in fig.findobj(Text) if id(t) not in every_tick_label] + drawn
    texts = [t for t in texts if t.get_visible() and t.get_text().strip() and t.figure is not None]
    boxes = [(t, t.get_window_extent(renderer)) for t in texts]
    frame = fig.bbox
    problems = [f"outside: {t.get_text()!r}" for t, b in boxes
                if b.x0 < frame.x0 - SLACK or b.x1 > frame.x1 + SLACK or b.y0 < frame.y0 - SLACK or b.y1 > frame.y1 + SLACK]
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        overlap_x = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
        overlap_y = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
        if overlap_x > SLACK and overlap_y > SLACK:
            problems.append(f"overlap: {t1.get_text()!r} and {t2.get_text()!r}")
    return problems


@pytest.mark.parametrize("name", [n for n, (_, view) in EXPLORABLES.items() if not isinstance(view, Table)])
def test_no_text_overlaps_or_leaves_the_frame_at_any_setting(name):
    model, view = EXPLORABLES[name]
    exp = explore(model, view, name=name, title="t")
    fig, ax = new_figure()
    with context():
        artists = view.draw(ax, model(**exp.defaults))
        fig.draw_without_rendering()
        fig.set_layout_engine(None)
    problems = set()
    for params in exp.grid():
        with context():
            view.update(artists, model(**params))
        problems.update(f"{p} at {params}" for p in layout_problems(fig)[:1])
    assert not problems, "\n".join(sorted(problems)[:8])


@pytest.mark.parametrize("name", STILLS)
def test_no_text_overlaps_or_leaves_a_still(name):
    fig, ax = new_figure()
    with context():
        STILLS[name](ax)
        fig.draw_without_rendering()
    assert not layout_problems(fig)
