"""Views for benchmark scores (:mod:`explainers.models.benchmarks`)."""

from __future__ import annotations

from explainers.models.benchmarks import Scores
from explainers.style import COLOURS
from explainers.views import View, draw_bars, update_bars

MODEL_COLOURS = {"r1": COLOURS["blue"], "o1-1217": COLOURS["orange"], "v3": COLOURS["sky"]}
NOT_REPORTED = "not reported in comparable settings"


def _label(score: float | None) -> str:
    return f"{score:.1f}" if score is not None else NOT_REPORTED


def draw_scores(ax, s: Scores) -> dict:
    """One bar per model on a 0–100 scale, each labelled with its score."""
    artists = draw_bars(ax, [label for _, label, _ in s.by_model], [v or 0 for _, _, v in s.by_model],
                        [_label(v) for _, _, v in s.by_model], [MODEL_COLOURS[k] for k, _, _ in s.by_model])
    ax.set_xlim(0, 115)
    ax.set_xticks(range(0, 101, 20))
    artists["unit"] = ax.set_xlabel(s.unit)
    return artists


def update_scores(artists: dict, s: Scores) -> None:
    """Resize the bars, rewrite the labels and the unit."""
    update_bars(artists, [v or 0 for _, _, v in s.by_model], [_label(v) for _, _, v in s.by_model])
    artists["unit"].set_text(s.unit)


def alt_scores(s: Scores) -> str:
    """The scores in words."""
    parts = "; ".join(f"{label} {v:.1f}" if v is not None else f"{label} {NOT_REPORTED}" for _, label, v in s.by_model)
    return f"Bar chart of scores on {s.label}, {s.unit}: {parts}."


def readout_scores(s: Scores) -> str:
    """Who leads, by how much, between R1 and o1-1217."""
    values = {k: v for k, _, v in s.by_model}
    gap = values["r1"] - values["o1-1217"]
    leader = "R1 ahead of" if gap > 0 else "R1 behind" if gap < 0 else "R1 level with"
    return f"{s.label}: {leader} o1-1217 by {abs(gap):.1f} points ({s.unit})."


SCORES = View(draw=draw_scores, update=update_scores, alt=alt_scores, readout=readout_scores)
