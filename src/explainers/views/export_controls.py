"""Views for the export-controls chapter: a chip's measures against the thresholds, the threshold
map of each rule, and the timeline of who could buy what.

Model: :mod:`explainers.models.export_controls`.
"""

from __future__ import annotations

import math
from datetime import date

import matplotlib.dates as mdates
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import NullLocator

from explainers.ledger import fact
from explainers.models import export_controls as ec
from explainers.models.export_controls import Classification, ThresholdMap, TimelineStep, Verdict
from explainers.style import COLOURS, PALETTE, tint
from explainers.views import View

#: Category -> (colour, short words). Colour is never alone: every box and region is labelled.
CATEGORY = {
    "3A090.a": (COLOURS["vermilion"], "licence needed"),
    "3A090.b": (COLOURS["orange"], "notification (NAC)"),
    ec.NOT_CONTROLLED: (COLOURS["green"], "no licence needed"),
}
CHIP_MARK = COLOURS["blue"]


def _verdict_words(verdict: Verdict) -> str:
    if not verdict.controlled:
        return "not controlled"
    return f"{verdict.category} ({verdict.clause}), {CATEGORY[verdict.category][1]}"


# --- A chip against the thresholds ------------------------------------------------------------------

# Each track: (label, log10 range shown, thresholds with the rule they belong to, value of a result).
TRACKS = (
    ("TPP (both rules)", (2.7, 4.5),
     ((ec.A2_TPP, "2023"), (ec.B1_TPP, "2023"), (ec.A1_TPP, "2022 and 2023")), lambda c: c.tpp),
    ("Performance density (2023 rule)", (-0.3, 1.5),
     ((ec.B1_DENSITY, "2023"), (ec.B2_DENSITY, "2023"), (ec.A2_DENSITY, "2023")), lambda c: c.density),
    ("Chip-to-chip I/O, GB/s (2022 rule)", (2.2, 3.2), ((ec.IO_2022, "2022"),), lambda c: c.chip.io_gbps),
)
TRACK_X = (0.04, 0.96)  # where each track's range sits across the figure
TRACK_Y = (0.0, 1.5, 3.0)


def _track_x(track: int, number: float) -> float:
    low, high = TRACKS[track][1]
    share = (math.log10(number) - low) / (high - low)
    return TRACK_X[0] + (TRACK_X[1] - TRACK_X[0]) * min(max(share, 0.0), 1.0)


def _value_text(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:.2f}"


def draw_classification(ax, c: Classification) -> dict:
    """Three log-scale tracks with their thresholds and the chip's value on each, and the two verdicts in a
    word each below them (the readout beside the figure gives the reasons)."""
    ax.figure.set_size_inches(4.6, 4.0)
    ax.set_xlim(0, 1)
    ax.set_ylim(4.75, -1.1)
    ax.axis("off")
    artists = {"marks": [], "values": [], "chip": ax.text(1.0, -0.75, "", ha="right", va="bottom", color=CHIP_MARK),
               "verdicts": [(rule, ax.text(0.0, 3.85 + 0.55 * i, "", va="center", fontweight="bold"))
                            for i, rule in enumerate(ec.RULES)]}
    for row, (label, _, thresholds, _) in enumerate(TRACKS):
        y = TRACK_Y[row]
        ax.text(0.0, y - 0.75, label, fontweight="bold", va="bottom")
        ax.plot(TRACK_X, [y, y], color=COLOURS["grey"], lw=1.5)
        for k, (number, rule) in enumerate(thresholds):
            x = _track_x(row, number)
            style = "-" if "2023" in rule else "--"
            ax.plot([x, x], [y - 0.18, y + 0.18], color="black", lw=1.2, ls=style)
            # Neighbouring thresholds can sit close on a log scale: stagger their numbers.
            ax.text(x, y - 0.2 - 0.3 * (k % 2), f"{number:,g}", ha="center", va="bottom")
        artists["marks"].append(ax.plot([], [], "v", ms=10, color=CHIP_MARK)[0])
        artists["values"].append(ax.text(0, y + 0.28, "", ha="center", va="top", fontsize=11, color=CHIP_MARK,
                                         fontweight="bold"))
    update_classification(artists, c)
    return artists


def update_classification(artists: dict, c: Classification) -> None:
    """Move the chip's marks, rewrite its values and recolour the two verdicts."""
    for row, (mark, text) in enumerate(zip(artists["marks"], artists["values"])):
        number = TRACKS[row][3](c)
        x = _track_x(row, number)
        mark.set_data([x], [TRACK_Y[row] - 0.02])
        text.set_position((min(max(x, 0.08), 0.92), TRACK_Y[row] + 0.28))
        text.set_text(_value_text(number))
    market = "data-centre chip" if c.chip.datacenter else "not for data centres"
    artists["chip"].set_text(f"{c.chip.name}, {market}")
    for rule, text in artists["verdicts"]:
        verdict = c.verdicts[rule]
        words = f"{verdict.category}, {CATEGORY[verdict.category][1]}" if verdict.controlled else "not controlled"
        text.set_text(f"{'✗' if verdict.controlled else '✓'} {ec.RULES[rule].removeprefix('October ')}: {words}")
        text.set_color(PALETTE["vermilion-text"] if verdict.controlled else PALETTE["ink"])


def _measures(c: Classification) -> str:
    chip = c.chip
    market = "made for data centres" if chip.datacenter else "not made for data centres"
    return (f"{chip.name}: {chip.dense_tops:,.1f} dense TOPS at {chip.bit_length} bits gives TPP "
            f"{c.tpp:,.0f}; over {chip.die_area_mm2:,.0f} mm² of die, a performance density of {c.density:.2f}; "
            f"chip-to-chip I/O {chip.io_gbps:,.0f} GB/s; {market}")


def alt_classification(c: Classification) -> str:
    """The chip's measures and both verdicts in words."""
    verdicts = " ".join(f"{ec.RULES[r]}: {_verdict_words(v)}, because {v.reason}." for r, v in c.verdicts.items())
    return (f"Three scales with the rules' thresholds marked (TPP, performance density, chip-to-chip I/O) and "
            f"the chip's value on each. {_measures(c)}. {verdicts}")


def readout_classification(c: Classification) -> str:
    """The verdicts first, each with its reason, then the measures they rest on."""
    verdicts = " ".join(f"{ec.RULES[r]}: {_verdict_words(v)} ({v.reason})." for r, v in c.verdicts.items())
    change = " Passed the 2022 rule, caught by the 2023 one." if c.escaped_2022 else ""
    return f"{verdicts}{change} {_measures(c)}."


CLASSIFICATION = View(draw=draw_classification, update=update_classification, alt=alt_classification,
                      readout=readout_classification)


# --- The threshold map ----------------------------------------------------------------------------

MAP_X = (700, 40_000)  # TPP
MAP_Y = {"2022-10": (150, 1_500), "2023-10": (0.8, 40)}
# TPP ticks per rule, at its thresholds: 1,600 and 2,400 sit too close to both carry a label, so the 2023
# rule labels its outer tiers and the shaded regions show the middle one.
MAP_TICKS = {"x-2022-10": (1_000, ec.A1_TPP, 20_000), "x-2023-10": (ec.A2_TPP, ec.A1_TPP, 20_000),
             "2022-10": (200, 400, ec.IO_2022, 1_000), "2023-10": (1, ec.B1_DENSITY, ec.B2_DENSITY, ec.A2_DENSITY, 10, 20)}
MAX_REGIONS = 4
NUDGE = 1.06  # multiplicative offset on log axes: labels sit a little off their point or corner


def _plain_ticks(axis, ticks) -> None:
    axis.set_ticks(list(ticks), [f"{t:,g}" for t in ticks])
    axis.set_minor_locator(NullLocator())


def _groups(m: ThresholdMap) -> list[tuple[tuple[float, float], list[str], Verdict]]:
    """Chips that sit on the same point, together: the H100, H800 and H200 share one in 2023."""
    groups: dict[tuple[float, float], list] = {}
    for chip, point, verdict in zip(m.chips, m.points, m.verdicts):
        key = (round(point[0], 3), round(point[1], 3))
        groups.setdefault(key, [point, [], verdict])[1].append(chip.name)
    return [tuple(g) for g in groups.values()]


def draw_map(ax, m: ThresholdMap) -> dict:
    """Log-log axes with the rule's controlled regions shaded and every chip as a labelled point."""
    ax.figure.set_size_inches(4.6, 4.4)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*MAP_X)
    _plain_ticks(ax.xaxis, MAP_TICKS[f"x-{m.rule}"])
    ax.set_xlabel("Total Processing Performance (TPP)")
    key = [Patch(facecolor=colour + "40", edgecolor=colour, label=f"{category}: {words}")
           for category, (colour, words) in CATEGORY.items() if category != ec.NOT_CONTROLLED]
    key.append(Patch(facecolor="white", edgecolor=COLOURS["grey"], label="not controlled"))
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncols=2, frameon=False, fontsize=11)
    artists = {
        "regions": [ax.add_patch(Rectangle((1, 1), 1, 1, lw=0, zorder=0)) for _ in range(MAX_REGIONS)],
        "clauses": [ax.text(1, 1, "", fontsize=11, ha="right", va="bottom", zorder=1) for _ in range(MAX_REGIONS)],
        "points": ax.plot([], [], "o", ms=7, color=CHIP_MARK, zorder=3)[0],
        "labels": [ax.text(1, 1, "", fontsize=11, zorder=4) for _ in m.chips],
        "picked": ax.plot([], [], "o", ms=15, mfc="none", mec="black", mew=2, zorder=3)[0],
        "guides": ax.plot([], [], color="black", lw=0.8, ls=":", zorder=2)[0],
        # Chips can share a point (the H100 and H200 do): the picked one is named where it cannot be missed.
        "picked_name": ax.text(0.0, 1.02, "", transform=ax.transAxes, va="bottom", fontweight="bold"),
    }
    update_map(artists, m)
    return artists


def update_map(artists: dict, m: ThresholdMap) -> None:
    """Switch the axes and regions to the rule, move the chips and ring the picked one."""
    ax = artists["points"].axes
    y_low, y_high = MAP_Y[m.rule]
    ax.set_ylim(y_low, y_high)
    _plain_ticks(ax.yaxis, MAP_TICKS[m.rule])
    _plain_ticks(ax.xaxis, MAP_TICKS[f"x-{m.rule}"])
    ax.set_ylabel(m.y_label)
    for i, (patch, clause) in enumerate(zip(artists["regions"], artists["clauses"])):
        shown = i < len(m.regions)
        patch.set_visible(shown)
        clause.set_text(m.regions[i].clause.removeprefix("3A090.") if shown else "")
        if not shown:
            continue
        region = m.regions[i]
        x0, x1 = region.x[0], min(region.x[1], MAP_X[1])
        y0, y1 = max(region.y[0], y_low), min(region.y[1], y_high)
        patch.set_bounds(x0, y0, x1 - x0, y1 - y0)
        patch.set_facecolor(CATEGORY[region.category][0] + "40")
        clause.set_position((x1 / NUDGE, y1 / NUDGE))  # top right: clear of the chips, which sit low
        clause.set_verticalalignment("top")
    groups = _groups(m)
    artists["points"].set_data([g[0][0] for g in groups], [g[0][1] for g in groups])
    picked_name = m.chips[m.picked].name
    for label, group in zip(artists["labels"], [*groups, *[None] * (len(artists["labels"]) - len(groups))]):
        if group is None:
            label.set_text("")
            continue
        (x, y), names, _ = group
        # Right of the point, unless the names would run off the map's right edge (about 0.045 decades
        # of this log axis per character at the house font size).
        text = ", ".join(names)
        left = math.log10(x * NUDGE**2) + 0.045 * len(text) > math.log10(MAP_X[1])
        label.set_position((x / NUDGE**2 if left else x * NUDGE**2, y * NUDGE**2))
        label.set_horizontalalignment("right" if left else "left")
        label.set_text(text)
        label.set_fontweight("bold" if picked_name in names else "normal")
    x, y = m.points[m.picked]
    artists["picked_name"].set_text(f"ringed: {picked_name}")
    artists["picked"].set_data([x], [y])
    artists["guides"].set_data([MAP_X[0], x, x], [y, y, y_low])


def _where(m: ThresholdMap, i: int) -> str:
    chip, (x, y), verdict = m.chips[i], m.points[i], m.verdicts[i]
    measure = f"I/O {y:,.0f} GB/s" if m.rule == "2022-10" else f"density {y:.2f}"
    return f"{chip.name} (TPP {x:,.0f}, {measure}): {_verdict_words(verdict)}"


def alt_map(m: ThresholdMap) -> str:
    """The rule's regions and every chip's place in words."""
    regions = "; ".join(f"{r.category} ({r.clause}) for TPP from {r.x[0]:,g}"
                        + (f" to {r.x[1]:,g}" if math.isfinite(r.x[1]) else " up")
                        + (f" and {'I/O' if m.rule == '2022-10' else 'density'} from {r.y[0]:,g}"
                           + (f" to {r.y[1]:,g}" if math.isfinite(r.y[1]) else " up") if r.y[0] > 0 else "")
                        for r in m.regions)
    chips = "; ".join(_where(m, i) for i in range(len(m.chips)))
    return (f"Log-log map of TPP against {m.y_label[0].lower()}{m.y_label[1:]} under the {ec.RULES[m.rule]}. Shaded regions: "
            f"{regions}; everything else is not controlled. Chips: {chips}. Picked out: {m.chips[m.picked].name}.")


def readout_map(m: ThresholdMap) -> str:
    """The picked chip's place and verdict."""
    return f"{ec.RULES[m.rule]}. {_where(m, m.picked)}: {m.verdicts[m.picked].reason}."


THRESHOLD_MAP = View(draw=draw_map, update=update_map, alt=alt_map, readout=readout_map)


# --- The timeline -----------------------------------------------------------------------------------

START, END = date(2020, 1, 1), date(2026, 6, 30)
STATUS = {False: ("green", "", "no licence needed"),
          True: ("vermilion", "////", "licence needed for China")}
LANE_MARK = {"rules": ("D", "black"), "chips": ("o", CHIP_MARK), "DeepSeek": ("*", COLOURS["purple"])}


def _event_rows() -> dict[str, int]:
    # Chips from the top; the two event lanes below them.
    return {**{name: i for i, name in enumerate(ec.CHIPS)}, "rules": len(ec.CHIPS), "DeepSeek": len(ec.CHIPS) + 1}


def _event_row(event: ec.Event) -> int:
    rows = _event_rows()
    if event.lane == "chips":
        return rows[next(n for n, key in ec.ANNOUNCED.items() if key == event.fact)]
    return rows[event.lane]


def draw_timeline(ax, step: TimelineStep) -> dict:
    """A bar per chip from its announcement, green or hatched red by licence status; rules and releases below."""
    ax.figure.set_size_inches(4.6, 3.9)
    rows = _event_rows()
    for name in ec.CHIPS:
        for begin, end, needed in ec.licence_periods(name, END):
            colour, hatch, _ = STATUS[needed]
            # An opaque tint, not a transparent colour: the hatch is drawn over the face and would fade with it.
            ax.barh(rows[name], mdates.date2num(end) - mdates.date2num(begin), left=mdates.date2num(begin),
                    height=0.6, color=tint(colour), edgecolor=COLOURS[colour], hatch=hatch, lw=0.8)
    for event in ec.EVENTS:
        marker, colour = LANE_MARK[event.lane]
        ax.plot([event.date], [_event_row(event)], marker, color=colour, ms=6 if marker != "*" else 10, zorder=3)
    ax.set_yticks(list(rows.values()), [*ec.CHIPS, "rules", "DeepSeek"])
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xlim(START, END)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    key = [Patch(facecolor=tint(colour), edgecolor=COLOURS[colour], hatch=hatch, label=words)
           for colour, hatch, words in STATUS.values()]
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, frameon=False, fontsize=11)
    artists = {"line": ax.axvline(START, color="black", lw=1.2, zorder=4),
               "ring": ax.plot([], [], "o", ms=14, mfc="none", mec="black", mew=2, zorder=5)[0],
               }
    update_timeline(artists, step)
    return artists


def update_timeline(artists: dict, step: TimelineStep) -> None:
    """Move the date line and ring to the event (the slider and the readout name it)."""
    when = step.event.date
    artists["line"].set_xdata([when, when])
    artists["ring"].set_data([when], [_event_row(step.event)])


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def _statuses(step: TimelineStep) -> str:
    parts = []
    if step.licensed:
        parts.append(f"licence needed for China: {', '.join(step.licensed)}")
    if step.free:
        parts.append(f"no licence needed: {', '.join(step.free)}")
    if step.unannounced:
        parts.append(f"not yet announced: {', '.join(step.unannounced)}")
    return "; ".join(parts)


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _flag(step: TimelineStep) -> str:
    flag = fact(step.event.fact).flag
    return f" (date from a {flag} source)" if flag else ""


def alt_timeline(step: TimelineStep) -> str:
    """The bars, the events and the picked date in words."""
    bars = "; ".join(
        f"{name} from {_day(ec.fact_date(ec.ANNOUNCED[name]))}: "
        + ", then ".join(f"{STATUS[n][2]} from {_day(b)}" for b, _, n in ec.licence_periods(name, END))
        for name in ec.CHIPS)
    events = "; ".join(f"{e.when} {e.label}" for e in ec.EVENTS)
    return (f"Timeline from 2020 to 2026 with one bar per chip, coloured by whether exporting it to China needed a "
            f"licence. {bars}. Events: {events}. A vertical line marks {step.event.when}, "
            f"{step.event.label}: {_statuses(step)}.")


def readout_timeline(step: TimelineStep) -> str:
    """The event, its date and each chip's status that day."""
    return f"{step.event.when}: {step.event.label}{_flag(step)}. {_sentence(_statuses(step))}."


TIMELINE = View(draw=draw_timeline, update=update_timeline, alt=alt_timeline, readout=readout_timeline)
