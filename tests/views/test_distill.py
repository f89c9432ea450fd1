import ipywidgets as widgets
import numpy as np

from explainers.interact import explore
from explainers.ledger import value
from explainers.models import benchmarks, distill, memory
from explainers.style import context, new_figure
from explainers.views import distill as views


def _draw(view, result):
    fig, ax = new_figure()
    with context():
        return view.draw(ax, result)


def test_lab_lines_are_the_curves_and_the_marker_moves():
    artists = _draw(views.LAB, distill.lab())
    result = distill.lab(samples=128, temperature=0.5)
    views.update_lab(artists, result)
    for target in ("soft", "hard"):
        np.testing.assert_allclose(artists[f"{target}-accuracy"].get_ydata(),
                                   np.array(result.curves.accuracy[target]) * 100)
        np.testing.assert_allclose(artists[f"{target}-kl"].get_ydata(), result.curves.kl[target])
    assert all(list(line.get_xdata()) == [128, 128] for line in artists["marker"])


def test_lab_words_carry_the_numbers():
    result = distill.lab(samples=8, temperature=1.0)
    soft, hard = result.at("soft"), result.at("hard")
    readout = views.readout_lab(result)
    assert f"{soft[0]:.0%}" in readout and f"{hard[1]:.3f}" in readout and "Soft targets lead" in readout
    assert "8 examples" in views.alt_lab(result) and "temperature 1" in views.alt_lab(result)


def test_distill_bars_follow_the_ledger_and_rescale_for_ratings():
    artists = _draw(views.DISTILL_SCORES, benchmarks.distill_scores())
    s = benchmarks.distill_scores("codeforces-rating")
    views.update_distill_scores(artists, s)
    widths = [bar.get_width() for bar in artists["bars"]]
    assert widths == [v for _, _, v in s.by_model]
    assert widths[2] == value("dbench.o1-mini.codeforces-rating")
    assert artists["ax"].get_xlim()[1] > max(widths)
    assert artists["labels"][2].get_text().strip() == "1,820"
    assert "0 of 6 distills beat o1-mini" in views.readout_distill_scores(s)


def test_distill_summary_counts_on_aime():
    s = benchmarks.distill_scores("aime-2024")
    above = sum(v > value("dbench.o1-mini.aime-2024") for k, _, v in s.by_model if k.startswith("r1-distill"))
    assert f"{above} of 6 distills beat o1-mini" in views.readout_distill_scores(s)
    assert "R1-Distill-Qwen-32B" in views.readout_distill_scores(s)


def test_fit_dots_sit_at_each_total_and_the_split_is_written_not_stacked():
    artists = _draw(views.FIT, memory.fit())
    f = memory.fit(16, 131072)
    views.update_fit(artists, f)
    x, y = artists["dots"].get_data()
    np.testing.assert_allclose(x, [n.total for n in f.needs])
    np.testing.assert_allclose(y, range(len(f.needs)))
    for text, need in zip(artists["labels"], f.needs):
        split, device = text.get_text().split("\n")
        assert split == f"{need.weights:,.1f} + {need.kv_cache:,.1f} GB"
        assert device == (f.smallest_device(need) or ("fits none of these",))[0]
    assert "none of these" in views.readout_fit(f)


def test_fit_readout_names_what_fits_a_gaming_card():
    f = memory.fit(4, 4096)
    fits = [n for n in f.needs if n.total <= value("device.rtx-4090.memory") / 1e9]
    readout = views.readout_fit(f)
    assert all(n.label.replace("R1-Distill-", "") in readout for n in fits)
    assert "Qwen-32B" in readout and "Llama-70B" not in readout


def test_live_lab_steps_through_sample_sizes():
    live = explore(distill.lab, views.LAB, name="t", title="Lab").live()
    samples = live.controls["samples"]
    assert isinstance(samples, widgets.SelectionSlider)
    assert [value for _, value in samples.options] == list(distill.SPEC["samples"].grid())
    assert samples.description == "Training examples"
    samples.value = 256
    live.controls["temperature"].value = 4.0
    assert views.readout_lab(distill.lab(256, 4.0)) in live.readout.value.replace("&#x27;", "'")
