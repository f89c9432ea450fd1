"""Views for the open-weights chapter: the openness scorecard, two licences side by side, and
abliteration in two dimensions.

Models: :mod:`explainers.models.openness` and :mod:`explainers.models.abliteration`.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.patches import Rectangle

from explainers.figures import View
from explainers.ledger import fact
from explainers.models import abliteration, openness
from explainers.models.abliteration import Ablation
from explainers.models.openness import COMPONENTS, LICENCES, TERMS, LicencePair, Scorecard
from explainers.style import COLOURS

# --- Cells: a tinted box with a symbol and wrapped words; the symbol says what the colour says ---

#: How open a cell is -> (colour, symbol, word for alt text).
MARKS = {
    "open": (COLOURS["green"], "✓", "open"),
    "limited": (COLOURS["orange"], "◐", "limited"),
    "closed": (COLOURS["vermilion"], "✗", "closed"),
}
LEVEL_MARK = {"free": "open", "conditions": "limited", "restricted": "closed"}
WHAT_IF_EDGE = COLOURS["blue"]


def _cell(ax, x: float, y: float, width: float, height: float, wrap: int, size: float) -> dict:
    box = ax.add_patch(Rectangle((x, y - height / 2), width, height, lw=1))
    text = ax.text(x + 0.02, y, "", va="center", ha="left", fontsize=size, linespacing=1.1)
    return {"box": box, "text": text, "wrap": wrap}


def _set_cell(cell: dict, mark: str, words: str, edge: str | None = None) -> None:
    colour, symbol, _ = MARKS[mark]
    cell["box"].set_facecolor(colour + "33")  # a light tint keeps the black text readable
    cell["box"].set_edgecolor(edge or colour)
    cell["box"].set_linewidth(2.5 if edge else 1)
    cell["text"].set_text(f"{symbol} " + "\n   ".join(textwrap.wrap(words, cell["wrap"])))


def _grid_axes(ax, rows: int, width: float, height: float, top: float = -1.2) -> None:
    # Narrower than the house default: these figures are mostly words, which must stay legible
    # when a phone scales the frame down to its width.
    ax.figure.set_size_inches(width, height)
    ax.set_xlim(0, 1)
    ax.set_ylim(rows - 0.5, top)
    ax.axis("off")


# --- The openness scorecard -----------------------------------------------------------------------

LABEL_X, CELL_X, CELL_W = 0.0, 0.42, 0.58


def _part_mark(component: str, part: openness.Part) -> str:
    if openness.is_open(component, part):
        return "open"
    return "closed" if part.status == "withheld" else "limited"


def draw_scorecard(ax, card: Scorecard) -> dict:
    """One row per component, its status and licence in a tinted cell; the verdict on top."""
    _grid_axes(ax, len(COMPONENTS), 4.4, 5.2, top=-1.9)
    title = ax.text(LABEL_X, -1.65, "", fontsize=12.5, fontweight="bold", va="center")
    dated = ax.text(LABEL_X, -1.15, "", fontsize=10.5, color=COLOURS["grey"], va="center")
    verdict = ax.text(LABEL_X, -0.65, "", fontsize=12, va="center")
    cells = {}
    for row, (key, component) in enumerate(COMPONENTS.items()):
        required = " *" if component.osaid else ""
        ax.text(LABEL_X, row, textwrap.fill(component.label + required, 18), va="center", fontsize=11)
        cells[key] = _cell(ax, CELL_X, row, CELL_W, 0.88, 20, 11)
    ax.text(LABEL_X, len(COMPONENTS) - 0.35, "* required by the Open Source AI Definition 1.0",
            fontsize=10, color=COLOURS["grey"], va="top")
    artists = {"title": title, "dated": dated, "verdict": verdict, "cells": cells}
    update_scorecard(artists, card)
    return artists


def update_scorecard(artists: dict, card: Scorecard) -> None:
    """Rewrite every cell and the verdict; outline the component the reader flipped."""
    release = card.release
    artists["title"].set_text(release.name)
    artists["dated"].set_text(f"{release.developer}, {release.date}")
    _, symbol, _ = MARKS["open" if card.assessment.open_source else
                         "limited" if card.assessment.open_weights else "closed"]
    artists["verdict"].set_text(f"{symbol} {'What if' if card.change else 'Verdict'}: {card.assessment.verdict}")
    for key, cell in artists["cells"].items():
        part = release.parts[key]
        _set_cell(cell, _part_mark(key, part), part.text, WHAT_IF_EDGE if key == card.change else None)


def _verdict_sentence(card: Scorecard) -> str:
    a = card.assessment
    if a.open_source:
        return f"Verdict: {a.verdict}; every required component is out under OSI-approved terms."
    return f"Verdict: {a.verdict}. Missing: {'; '.join(a.reasons)}."


def alt_scorecard(card: Scorecard) -> str:
    """The scorecard in words, row by row."""
    parts = card.release.parts
    rows = "; ".join(f"{c.label}: {MARKS[_part_mark(k, parts[k])][2]}, {parts[k].text}" for k, c in COMPONENTS.items())
    change = f" with the {COMPONENTS[card.change].label.lower()} flipped" if card.change else ""
    return (f"Openness scorecard of {card.release.name}{change}. {rows}. {_verdict_sentence(card)}")


def readout_scorecard(card: Scorecard) -> str:
    """The verdict, what stands in the way, and what the what-if changed."""
    text = _verdict_sentence(card)
    if card.change and card.assessment.verdict != card.as_released.verdict:
        text += f" As released it was {card.as_released.verdict}."
    elif card.change:
        text += " The verdict is the same as released."
    return text


SCORECARD = View(draw=draw_scorecard, update=update_scorecard, alt=alt_scorecard, readout=readout_scorecard)


# --- Two licences side by side ---------------------------------------------------------------------

TERM_ROWS = (*TERMS, "osi")
TERM_LABELS = {**TERMS, "osi": "OSI-approved"}
COLUMN_X, COLUMN_W = (0.25, 0.63), 0.37


def _term(licence: openness.Licence, term: str) -> tuple[str, str]:
    """(mark, words) of one cell."""
    if term == "osi":
        return ("open" if licence.osi_terms else "closed"), fact(licence.osi_fact).text()
    t = licence.terms[term]
    return LEVEL_MARK[t.level], t.text


def draw_licences(ax, pair: LicencePair) -> dict:
    """A row per term, a column per licence, each cell tinted by how free the term is."""
    _grid_axes(ax, len(TERM_ROWS), 4.6, 6.4)
    heads = [ax.text(x, -0.85, "", fontsize=11, fontweight="bold", va="center") for x in COLUMN_X]
    columns = []
    for x in COLUMN_X:
        columns.append([_cell(ax, x, row, COLUMN_W - 0.01, 0.9, 16, 10.5) for row in range(len(TERM_ROWS))])
    for row, term in enumerate(TERM_ROWS):
        ax.text(0.0, row, textwrap.fill(TERM_LABELS[term], 11, break_long_words=False), va="center", fontsize=10.5)
    artists = {"heads": heads, "columns": columns}
    update_licences(artists, pair)
    return artists


def update_licences(artists: dict, pair: LicencePair) -> None:
    """Rewrite both columns for the chosen licences."""
    for head, cells, licence in zip(artists["heads"], artists["columns"], (pair.left, pair.right)):
        head.set_text(textwrap.fill(licence.name, 15))
        for cell, term in zip(cells, TERM_ROWS):
            _set_cell(cell, *_term(licence, term))


def alt_licences(pair: LicencePair) -> str:
    """Both licences in words, term by term."""
    rows = "; ".join(f"{TERM_LABELS[t]}: {pair.left.name} {_term(pair.left, t)[1]}, "
                     f"{pair.right.name} {_term(pair.right, t)[1]}" for t in TERM_ROWS)
    return f"Table comparing the {pair.left.name} and the {pair.right.name}. {rows}."


def readout_licences(pair: LicencePair) -> str:
    """Where the two licences differ."""
    if pair.left.key == pair.right.key:
        return f"The same licence on both sides: pick another to compare with the {pair.left.name}."
    differences = pair.differences
    if not differences:
        return f"The {pair.left.name} and the {pair.right.name} are equally free on every term shown."
    return (f"The {pair.left.name} and the {pair.right.name} differ on {len(differences)} of {len(TERMS)} terms: "
            f"{', '.join(TERMS[t].lower() for t in differences)}.")


LICENCE_COMPARISON = View(draw=draw_licences, update=update_licences, alt=alt_licences, readout=readout_licences)


# --- Abliteration in two dimensions ---------------------------------------------------------------

GROUPS = {"refused": (COLOURS["vermilion"], "o", "refused"), "answered": (COLOURS["blue"], "s", "answered")}
VIEW = (-2.5, 3.5)  # both axes, in activation units: the origin and every projected point stay in view


def _line(direction: np.ndarray) -> tuple[list[float], list[float]]:
    """End points of the line through the origin along ``direction``, beyond the view on both sides."""
    x, y = direction * 3 * (VIEW[1] - VIEW[0])
    return [-x, x], [-y, y]


def draw_ablation(ax, a: Ablation) -> dict:
    """The points before (faint) and after (solid) removing a direction, the direction, and where points land."""
    ax.figure.set_size_inches(5.4, 5.4)
    ax.set_aspect("equal")
    ax.set_xlim(*VIEW)
    ax.set_ylim(*VIEW)
    ax.set_xlabel("activation, first component")
    ax.set_ylabel("second component")
    refusal = abliteration.unit_vector(abliteration.REFUSAL_ANGLE)
    ax.plot(*_line(refusal), color=COLOURS["grey"], ls=":", lw=1.2, label="difference of the means")
    artists = {"removed": ax.plot([], [], color=COLOURS["green"], lw=2, label="direction removed")[0],
               "landing": ax.plot([], [], color=COLOURS["green"], ls="--", lw=1, label="where points land")[0]}
    for group, (colour, marker, label) in GROUPS.items():
        before = getattr(a, group)
        ax.plot(before[:, 0], before[:, 1], marker, ms=5, mfc="none", mec=colour, alpha=0.4, ls="none",
                label=f"{label}, before")
    # Refused on top and smaller, so the two groups stay visible where they land on each other.
    for group, size in (("answered", 6), ("refused", 4)):
        colour, marker, label = GROUPS[group]
        artists[group] = ax.plot([], [], marker, ms=size, color=colour, ls="none", label=f"{label}, after")[0]
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False, fontsize=9)
    update_ablation(artists, a)
    return artists


def update_ablation(artists: dict, a: Ablation) -> None:
    """Move the removed direction, its orthogonal landing line, and the projected points."""
    artists["removed"].set_data(*_line(a.direction))
    artists["landing"].set_data(*_line(np.array([-a.direction[1], a.direction[0]])))
    for group in GROUPS:
        after = getattr(a, f"{group}_after")
        artists[group].set_data(after[:, 0], after[:, 1])


def _summary(a: Ablation) -> str:
    return (f"{a.gap_left:.0%} of the distance between the two groups' means is left, and the toy model still "
            f"refuses {a.refusal_rate_after:.0%} of the instructions it refused before")


def alt_ablation(a: Ablation) -> str:
    """The figure at this angle in words."""
    return (f"Scatter plot of two groups of {abliteration.POINTS} points, instructions a toy model refuses and "
            f"instructions it answers, before (faint) and after removing the direction at {a.angle:.0f} degrees. "
            f"The groups differ along {abliteration.REFUSAL_ANGLE:.0f} degrees, drawn as a dotted line. "
            f"After the projection every point lies on the line at {(a.angle + 90) % 180:.0f} degrees: "
            f"{_summary(a)}.")


def readout_ablation(a: Ablation) -> str:
    """What removing this direction did."""
    return f"Removing the direction at {a.angle:.0f}°: {_summary(a)}."


ABLATION = View(draw=draw_ablation, update=update_ablation, alt=alt_ablation, readout=readout_ablation)
