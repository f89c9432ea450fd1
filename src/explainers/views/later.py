"""Views for the "what happened next" chapter: dense against sparse attention, and the whole story's timeline.

Model: :mod:`explainers.models.later`.
"""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullLocator

from explainers.ledger import GRADES, LANES, fact, timeline
from explainers.models import later
from explainers.models.later import AttentionWork, StoryStep
from explainers.style import COLOURS
from explainers.views import View

# --- Dense against sparse attention -------------------------------------------------------------------

LINES = {"dense": (COLOURS["vermilion"], "-", "dense: every earlier token"),
         "sparse": (COLOURS["blue"], "-", "sparse: indexer + top tokens"),
         "indexer": (COLOURS["blue"], ":", "of which the indexer")}
CURVE = np.unique(np.geomspace(later.CONTEXTS[0], later.CONTEXTS[-1], 60).round())


def _count(macs: float) -> str:
    """Three significant figures in words: "143 million", "1.37 billion"."""
    return f"{macs / 1e6:.3g} million" if macs < 1e9 else f"{macs / 1e9:.3g} billion"


def draw_sparse(ax, w: AttentionWork) -> dict:
    """Multiply-adds per new token per layer against context length, log-log, with the reader's context marked."""
    ax.figure.set_size_inches(4.6, 3.6)
    work = [later.attention_work(c) for c in CURVE]
    series = {"dense": [x.dense for x in work], "sparse": [x.sparse for x in work],
              "indexer": [x.indexer for x in work]}
    for key, ys in series.items():
        colour, style, label = LINES[key]
        ax.plot(CURVE, ys, style, color=colour, lw=2, label=label)
    top_k = later.v32_attention().top_k
    ax.axvline(top_k, color="black", lw=0.8, ls="--")
    ax.annotate(f"top-k = {top_k:,}", (top_k, 1.3e7), xytext=(-3, 0), textcoords="offset points", fontsize=11,
                rotation=90, ha="right", va="bottom")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ticks = [1024, 8192, 65536]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / 1024:.0f}K")
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_locator(FixedLocator([1e7, 1e8, 1e9, 1e10]))
    ax.yaxis.set_major_formatter(lambda v, _: {1e7: "10M", 1e8: "100M", 1e9: "1B", 1e10: "10B"}.get(v, ""))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(1e7, 4e10)
    ax.set_xlim(CURVE[0], CURVE[-1])
    ax.set_xlabel("Tokens already in the context (log scale)")
    ax.set_ylabel("Multiply-adds per new token, one layer")
    ax.legend(loc="upper left", frameon=False, fontsize=11)
    artists = {"dense": ax.plot([], [], "o", color=LINES["dense"][0], ms=8, zorder=4)[0],
               "sparse": ax.plot([], [], "o", color=LINES["sparse"][0], ms=8, zorder=4)[0],
               "line": ax.axvline(CURVE[0], color="black", lw=1.2, zorder=3)}
    update_sparse(artists, w)
    return artists


def update_sparse(artists: dict, w: AttentionWork) -> None:
    """Move the two points and the line to the reader's context length."""
    artists["dense"].set_data([w.context], [w.dense])
    artists["sparse"].set_data([w.context], [w.sparse])
    artists["line"].set_xdata([w.context, w.context])


def _compare(w: AttentionWork) -> str:
    if w.saving >= 1:
        return f"sparse attention does {w.saving:.1f} times less work"
    return f"sparse attention does {1 / w.saving:.2f} times more work, because it still reads every token"


def alt_sparse(w: AttentionWork) -> str:
    """The three curves and the marked context in words."""
    return (f"Log-log chart of multiply-adds per new token in one layer of V3's architecture against the number of "
            f"tokens already in the context, from {CURVE[0]:,.0f} to {CURVE[-1]:,.0f}. Dense attention grows in "
            f"proportion to the context. Sparse attention equals it plus the indexer up to the top-k of "
            f"{later.v32_attention().top_k:,} tokens, then grows only by the indexer's small cost per token, "
            f"shown as a dotted line. Marked: {w.context:,} tokens, dense {_count(w.dense)}, sparse "
            f"{_count(w.sparse)}: {_compare(w)}.")


def readout_sparse(w: AttentionWork) -> str:
    """Both counts at the reader's context, the ratio and the indexer's share."""
    return (f"{w.context:,} tokens: dense {_count(w.dense)} multiply-adds per new token per layer, sparse "
            f"{_count(w.sparse)} (the indexer {w.indexer_share:.0%} of it): {_compare(w)}.")


SPARSE = View(draw=draw_sparse, update=update_sparse, alt=alt_sparse, readout=readout_sparse)


# --- The whole story ----------------------------------------------------------------------------------

START, END = date(2020, 1, 1), date(2026, 12, 31)
LANE_NAMES = {"DeepSeek": "DeepSeek", "others": "other labs", "research": "research", "rules": "rules",
              "chips": "chips", "disputes": "allegations", "market": "market"}
LANE_COLOURS = {"DeepSeek": COLOURS["purple"], "others": COLOURS["sky"], "research": COLOURS["green"],
                "rules": "black", "chips": COLOURS["blue"], "disputes": COLOURS["vermilion"],
                "market": COLOURS["orange"]}


def _row(lane: str) -> int:
    return LANES.index(lane)


def draw_story(ax, s: StoryStep) -> dict:
    """One row per lane, one mark per event (filled when the date's source is primary, hollow when secondary)."""
    ax.figure.set_size_inches(4.6, 3.8)
    for e in timeline():
        colour = LANE_COLOURS[e.lane]
        secondary = bool(fact(e.fact).flag)
        ax.plot([e.date], [_row(e.lane)], "o", ms=7, mec=colour, mew=1.5,
                mfc="none" if secondary else colour, zorder=3)
    ax.set_yticks(range(len(LANES)), [LANE_NAMES[lane] for lane in LANES])
    ax.set_ylim(len(LANES) - 0.4, -0.6)
    ax.set_xlim(START, END)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    key = [Line2D([], [], ls="", marker="o", ms=7, mec="black", mfc="black", label="primary source"),
           Line2D([], [], ls="", marker="o", ms=7, mec="black", mfc="none", label="secondary source")]
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, frameon=False, fontsize=11)
    artists = {"line": ax.axvline(START, color="black", lw=1.2, zorder=2),
               "ring": ax.plot([], [], "o", ms=15, mfc="none", mec="black", mew=2, zorder=5)[0]}
    update_story(artists, s)
    return artists


def update_story(artists: dict, s: StoryStep) -> None:
    """Move the date line and the ring to the event (the slider and the readout name it)."""
    when = s.event.date
    artists["line"].set_xdata([when, when])
    artists["ring"].set_data([when], [_row(s.event.lane)])


def _source(s: StoryStep) -> str:
    words = f"Source of the date: {GRADES[s.grade]}."
    return f"{words} Check it before relying on it." if s.secondary else words


def alt_story(s: StoryStep) -> str:
    """Every event by lane, then the one picked."""
    lanes = "; ".join(f"{LANE_NAMES[lane]}: " + ", ".join(f"{e.when} {e.label}" for e in timeline()
                                                          if e.lane == lane) for lane in LANES)
    return (f"Timeline from 2020 to 2026 with one row per kind of event; filled marks have a primary source for "
            f"their date, hollow ones a secondary source. {lanes}. A vertical line and a ring mark event "
            f"{s.index + 1}: {s.event.when}, {s.event.label}.")


def readout_story(s: StoryStep) -> str:
    """The event, its lane and how its date is sourced."""
    return f"{s.event.when}, {LANE_NAMES[s.event.lane]}: {s.event.label}. {_source(s)}"


STORY = View(draw=draw_story, update=update_story, alt=alt_story, readout=readout_story)
