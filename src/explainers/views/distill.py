"""Views for the distillation chapter: the toy lab, the distills' benchmarks, and whether they fit.

Models: :mod:`explainers.models.distill`, :mod:`explainers.models.benchmarks` (``distill_scores``)
and :mod:`explainers.models.memory`.
"""

from __future__ import annotations

import numpy as np

from explainers.models import benchmarks, distill, memory
from explainers.models.benchmarks import Scores
from explainers.style import COLOURS
from explainers.views import View, draw_bars, two_panels, update_bars

TARGET_STYLE = {"hard": (COLOURS["vermilion"], "--", "hard labels"), "soft": (COLOURS["blue"], "-", "soft targets")}
KL_RANGE = (1e-3, 30)  # nats; a log scale, so both students' curves fit at every temperature


def draw_lab(ax, result: distill.Lab) -> dict:
    """Top: agreement with the teacher's top answer; bottom: KL from the teacher; both by training-set size."""
    top, bottom = two_panels(ax, "% agreeing\nwith teacher", "KL from teacher\n(nats, log scale)",
                             "training examples (log scale)")
    sizes = result.curves.samples
    artists = {"marker": [panel.axvline(sizes[0], color=COLOURS["grey"], lw=1) for panel in (top, bottom)]}
    for target, (colour, style, label) in TARGET_STYLE.items():
        artists[f"{target}-accuracy"] = top.plot(sizes, sizes, color=colour, ls=style, marker="o", ms=3,
                                                 label=label)[0]
        artists[f"{target}-kl"] = bottom.plot(sizes, sizes, color=colour, ls=style, marker="o", ms=3)[0]
    bottom.set_xscale("log", base=2)
    bottom.set_xticks(sizes[::2], [str(n) for n in sizes[::2]])
    bottom.set_xlim(sizes[0] / 1.3, sizes[-1] * 1.3)
    top.set_ylim(0, 100)
    top.set_yticks([0, 50, 100])
    bottom.set_yscale("log")
    bottom.set_ylim(*KL_RANGE)
    bottom.set_yticks([1e-3, 1e-1, 10], ["0.001", "0.1", "10"])
    bottom.minorticks_off()
    top.axhline(100 / distill.ANSWERS, color=COLOURS["grey"], ls=":", lw=1)
    top.text(sizes[-1] * 1.25, 100 / distill.ANSWERS + 3, "chance", color=COLOURS["grey"], fontsize=11, ha="right")
    top.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=11, borderaxespad=0.1)
    update_lab(artists, result)
    return artists


def update_lab(artists: dict, result: distill.Lab) -> None:
    """Redraw both students' curves at the lab's temperature and move the marker to its training-set size."""
    curves = result.curves
    for target in TARGET_STYLE:
        artists[f"{target}-accuracy"].set_ydata([100 * a for a in curves.accuracy[target]])
        artists[f"{target}-kl"].set_ydata(curves.kl[target])
    for line in artists["marker"]:
        line.set_xdata([result.samples, result.samples])


def _student(result: distill.Lab, target: str) -> str:
    accuracy, kl = result.at(target)
    return f"{accuracy:.0%} agreement and a KL of {kl:.3f} nats"


def alt_lab(result: distill.Lab) -> str:
    """The two students' curves in words."""
    curves = result.curves
    first, last = curves.samples[0], curves.samples[-1]
    ends = "; ".join(f"{label.capitalize()}: from {curves.accuracy[t][0]:.0%} agreement with {first} examples to "
                     f"{curves.accuracy[t][-1]:.0%} with {last}"
                     for t, (_, _, label) in TARGET_STYLE.items())
    return (f"Two line charts against the number of training examples, at temperature {curves.temperature:g}. "
            f"{ends}. A marker at {result.samples} examples shows soft targets at {_student(result, 'soft')}, "
            f"hard labels at {_student(result, 'hard')}.")


def readout_lab(result: distill.Lab) -> str:
    """Both students at the chosen training-set size."""
    (soft_accuracy, _), (hard_accuracy, _) = result.at("soft"), result.at("hard")
    lead = ("Soft targets lead" if soft_accuracy > hard_accuracy else
            "Hard labels lead" if hard_accuracy > soft_accuracy else "The two students tie")
    return (f"{result.samples} examples at T = {result.curves.temperature:g}: soft targets give "
            f"{_student(result, 'soft')}; hard labels give {_student(result, 'hard')}. {lead} "
            f"by {abs(soft_accuracy - hard_accuracy) * 100:.0f} points of agreement.")


LAB = View(draw=draw_lab, update=update_lab, alt=alt_lab, readout=readout_lab)


# --- The distills' benchmark scores ---------------------------------------------------------------

DISTILL_KEYS = {key for key, _ in benchmarks.DISTILLS}
REFERENCE_COLOURS = {"o1-mini": COLOURS["orange"]}


def _colour(key: str) -> str:
    return COLOURS["blue"] if key in DISTILL_KEYS else REFERENCE_COLOURS.get(key, COLOURS["grey"])


def _score_text(s: Scores, v: float) -> str:
    return f"{v:,.0f}" if s.unit == "rating" else f"{v:.1f}"


def _set_scale(artists: dict, s: Scores) -> None:
    """0–100 for percentages, 0–2,000 for Codeforces ratings, with room for the labels."""
    limit, ticks = (2600, [0, 1000, 2000]) if s.unit == "rating" else (125, [0, 50, 100])
    artists["ax"].set_xlim(0, limit)
    artists["ax"].set_xticks(ticks, [f"{t:,}" for t in ticks])


def draw_distill_scores(ax, s: Scores) -> dict:
    """One bar per model, the four reference models first, the six distills in blue."""
    ax.figure.set_size_inches(4.6, 4.4)
    artists = draw_bars(ax, [label for _, label, _ in s.by_model], [v for _, _, v in s.by_model],
                        [_score_text(s, v) for _, _, v in s.by_model], [_colour(k) for k, _, _ in s.by_model])
    for label in artists["labels"]:
        label.set_fontsize(11)
    ax.tick_params(axis="y", labelsize=11)
    ax.axhline(len(benchmarks.REFERENCE_MODELS) - 0.5, color="black", lw=0.8)
    artists["unit"] = ax.set_xlabel(s.unit)
    artists["ax"] = ax
    _set_scale(artists, s)
    return artists


def update_distill_scores(artists: dict, s: Scores) -> None:
    """Resize the bars, rewrite their labels and rescale the axis for the benchmark's unit."""
    update_bars(artists, [v for _, _, v in s.by_model], [_score_text(s, v) for _, _, v in s.by_model])
    artists["unit"].set_text(s.unit)
    _set_scale(artists, s)


def _summary(s: Scores) -> str:
    scores = {k: v for k, _, v in s.by_model}
    _, best_label, best = max((t for t in s.by_model if t[0] in DISTILL_KEYS), key=lambda t: t[2])
    above_mini = sum(scores[k] > scores["o1-mini"] for k in DISTILL_KEYS)
    above_4o = sum(scores[k] > scores["gpt-4o-0513"] for k in DISTILL_KEYS)
    n = len(DISTILL_KEYS)
    return (f"the best distill, {best_label}, scores {_score_text(s, best)} against o1-mini's "
            f"{_score_text(s, scores['o1-mini'])}; {above_mini} of {n} distills beat o1-mini and "
            f"{above_4o} of {n} beat GPT-4o")


def alt_distill_scores(s: Scores) -> str:
    """Every model's score in words."""
    parts = "; ".join(f"{label} {_score_text(s, v)}" for _, label, v in s.by_model)
    return f"Bar chart of scores on {s.label} ({s.unit}) from the R1 paper's Table 5: {parts}. In short, {_summary(s)}."


def readout_distill_scores(s: Scores) -> str:
    """The best distill against o1-mini, and how many distills beat o1-mini and GPT-4o."""
    return f"{s.label}: {_summary(s)}."


DISTILL_SCORES = View(draw=draw_distill_scores, update=update_distill_scores, alt=alt_distill_scores,
                      readout=readout_distill_scores)


# --- Will it fit? ---------------------------------------------------------------------------------

FIT_RANGE = (0.5, 3000)  # GB on a log axis: the 1.5B model at 4 bits to full R1 at 16 bits


def _fit_label(f: memory.Fit, need: memory.Need) -> str:
    device = f.smallest_device(need)
    return f"{need.weights:,.1f} + {need.kv_cache:,.1f} GB\n{device[0] if device else 'fits none of these'}"


def draw_fit(ax, f: memory.Fit) -> dict:
    """A dot per model at the memory it needs (weights plus KV cache) on a log scale, with the split and the
    smallest device that holds it written beside it.

    Dots, not bars: on a log axis a bar's length, and a stacked segment's length most of all, is not
    proportional to the memory it stands for. The split between weights and cache is given in numbers.
    """
    ax.figure.set_size_inches(4.6, 4.6)
    rows = np.arange(len(f.needs))
    dots, = ax.plot([], [], "o", ms=8, color=COLOURS["blue"])
    labels = [ax.text(1, i, "", va="center", linespacing=1.1) for i in rows]
    ax.set_yticks(rows, [n.label.replace("R1-Distill-", "") for n in f.needs])
    ax.set_xscale("log")
    ax.set_xlim(*FIT_RANGE)
    ticks = [1, 10, 100, 1000]
    ax.set_xticks(ticks, [f"{t:,}" for t in ticks])
    ax.minorticks_off()
    ax.grid(axis="y", visible=False)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel("GB needed (log scale)")
    artists = {"dots": dots, "labels": labels}
    update_fit(artists, f)
    return artists


def update_fit(artists: dict, f: memory.Fit) -> None:
    """Move each model's dot to its total and rewrite its split and device, on the side with room."""
    totals = [need.total for need in f.needs]
    artists["dots"].set_data(totals, np.arange(len(totals)))
    middle = np.sqrt(FIT_RANGE[0] * FIT_RANGE[1])  # the middle of a log axis
    for text, need in zip(artists["labels"], f.needs):
        right_side = need.total < middle
        text.set_position((need.total * (1.25 if right_side else 0.8), text.get_position()[1]))
        text.set_horizontalalignment("left" if right_side else "right")
        text.set_text(_fit_label(f, need))


def _where(f: memory.Fit, need: memory.Need) -> str:
    device = f.smallest_device(need)
    return f"{need.total:,.1f} GB ({device[0]})" if device else f"{need.total:,.0f} GB (none of these)"


def alt_fit(f: memory.Fit) -> str:
    """Each model's memory and the smallest device that holds it, in words."""
    parts = "; ".join(f"{n.label} {_where(f, n)}" for n in f.needs)
    devices = ", ".join(f"{label} {gb:,.0f} GB" for label, gb in f.devices)
    return (f"Dot chart on a log scale of the memory each model needs with {f.bits}-bit weights and a "
            f"{f.context:,}-token context, weights plus KV cache, with the smallest device that holds it: {parts}. "
            f"The devices: {devices}.")


def readout_fit(f: memory.Fit) -> str:
    """Which models fit a 24 GB card, and where the full model lands."""
    card = next(gb for label, gb in f.devices if label == "RTX 4090")
    fits = [n.label.replace("R1-Distill-", "") for n in f.needs if n.total <= card]
    listed = ", ".join(fits) if fits else "none of the models"
    return (f"{f.bits}-bit weights, {f.context:,} tokens of context: a {card:.0f} GB RTX 4090 holds {listed}. "
            f"Full R1 needs {_where(f, f.needs[-1])}.")


FIT = View(draw=draw_fit, update=update_fit, alt=alt_fit, readout=readout_fit)
