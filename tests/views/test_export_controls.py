import matplotlib.dates as mdates
import numpy as np
import pytest

from explainers.models import export_controls as ec
from explainers.style import context, new_figure
from explainers.views import export_controls as views


def _draw(view, result):
    fig, ax = new_figure()
    with context():
        return view.draw(ax, result)


@pytest.mark.parametrize("name", ec.CHIPS)
def test_classifier_marks_sit_at_the_chip_s_values(name):
    c = ec.classify_chip(name)
    artists = _draw(views.CLASSIFICATION, c)
    for row, (mark, text) in enumerate(zip(artists["marks"], artists["values"])):
        (x,), _ = mark.get_data()
        assert x == pytest.approx(views._track_x(row, views.TRACKS[row][3](c)))
    assert [t.get_text() for t in artists["values"]] == [f"{c.tpp:,.0f}", f"{c.density:.2f}", f"{c.chip.io_gbps:,.0f}"]
    readout = views.readout_classification(c)
    for rule, verdict in c.verdicts.items():  # the verdicts are words, in the readout, first
        assert f"{ec.RULES[rule]}: " in readout and verdict.reason in readout
    assert readout.index(verdict.reason) < readout.index(f"{c.chip.name}: ")


def test_thresholds_on_a_track_are_in_order_and_inside():
    for row, (_, _, thresholds, _) in enumerate(views.TRACKS):
        xs = [views._track_x(row, number) for number, _ in thresholds]
        assert xs == sorted(xs) and views.TRACK_X[0] < xs[0] and xs[-1] < views.TRACK_X[1]


def test_the_map_switches_axes_regions_and_points():
    artists = _draw(views.THRESHOLD_MAP, ec.threshold_map("2022-10"))
    assert sum(p.get_visible() for p in artists["regions"]) == 1
    m = ec.threshold_map("2023-10", "H20")
    views.update_map(artists, m)
    assert sum(p.get_visible() for p in artists["regions"]) == len(ec.regions("2023-10")) == 4
    ax = artists["points"].axes
    assert ax.get_ylabel() == m.y_label and ax.get_ylim() == pytest.approx(views.MAP_Y["2023-10"])
    # The H100, H800 and H200 share a point in 2023: three points for six chips, one label each.
    xs, ys = artists["points"].get_data()
    assert len(xs) == len({(round(x), round(y, 2)) for x, y in m.points}) == 3
    labels = [t.get_text() for t in artists["labels"] if t.get_text()]
    assert sorted(", ".join(labels).split(", ")) == sorted(ec.CHIPS)
    assert artists["picked"].get_data() == ([m.points[m.picked][0]], [m.points[m.picked][1]])


@pytest.mark.parametrize("rule", ec.RULES)
def test_every_chip_is_inside_the_map(rule):
    m = ec.threshold_map(rule)
    for x, y in m.points:
        assert views.MAP_X[0] < x < views.MAP_X[1] and views.MAP_Y[rule][0] < y < views.MAP_Y[rule][1]


def test_timeline_bars_follow_the_licence_periods():
    artists = _draw(views.TIMELINE, ec.timeline())
    ax = artists["line"].axes
    bars = [p for p in ax.patches if p.get_width() > 0]
    periods = [p for name in ec.CHIPS for p in ec.licence_periods(name, views.END)]
    assert len(bars) == len(periods)
    for bar, (begin, end, needed) in zip(bars, periods):
        assert bar.get_x() == pytest.approx(mdates.date2num(begin))
        assert bar.get_x() + bar.get_width() == pytest.approx(mdates.date2num(end))
        assert (bar.get_hatch() or "") == views.STATUS[needed][1]


def test_timeline_line_moves_to_the_event():
    artists = _draw(views.TIMELINE, ec.timeline())
    step = ec.timeline(float(len(ec.EVENTS)))
    views.update_timeline(artists, step)
    assert np.asarray(mdates.date2num(artists["line"].get_xdata()))[0] == pytest.approx(mdates.date2num(step.event.date))
    assert ec.TIMELINE_SPEC["step"].format(float(len(ec.EVENTS))) \
        == f"{step.event.date:%b %Y}: {step.event.label}"  # the slider names the event


def test_words_carry_the_numbers_and_flags():
    h800 = ec.classify_chip("H800")
    assert "Passed the 2022 rule, caught by the 2023 one. H800: " in views.readout_classification(h800)
    assert "I/O 400 GB/s < 600 GB/s" in views.alt_classification(h800)
    step = ec.timeline(float(1 + [e.fact for e in ec.EVENTS].index("chip.h800.announced")))
    assert views.readout_timeline(step) == (
        "21 March 2023: H800 reported (date from a secondary source). Licence needed for China: A100, H100; "
        "no licence needed: A800, H800; not yet announced: H20, H200.")
    assert "TPP against performance density (TPP per mm²) under" in views.alt_map(ec.threshold_map("2023-10"))
