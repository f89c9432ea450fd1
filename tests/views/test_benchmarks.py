from explainers.models.benchmarks import scores
from explainers.style import context, new_figure
from explainers.views import benchmarks as views


def test_bars_and_labels_follow_the_scores():
    fig, ax = new_figure()
    with context():
        artists = views.draw_scores(ax, scores("aime-2024"))
    s = scores("codeforces-percentile")
    views.update_scores(artists, s)
    assert [b.get_width() for b in artists["bars"]] == [96.3, 96.6, 0]
    assert artists["labels"][2].get_text().strip() == views.NOT_REPORTED
    assert artists["unit"].get_text() == "percentile"


def test_readout_names_the_leader():
    assert views.readout_scores(scores("aime-2024")).startswith("AIME 2024 (competition maths): R1 ahead of o1-1217 by 0.6")
    assert "R1 behind o1-1217 by 4.2" in views.readout_scores(scores("gpqa-diamond"))
    assert "DeepSeek-V3 not reported" in views.alt_scores(scores("livecodebench"))
