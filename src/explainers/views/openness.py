"""Views for the open-weights chapter: the openness scorecard, two licences side by side, and
abliteration in two dimensions.

Models: :mod:`explainers.models.openness` and :mod:`explainers.models.abliteration`.
"""

from __future__ import annotations

from html import escape

import numpy as np

from explainers.ledger import fact
from explainers.models import abliteration, openness
from explainers.models.abliteration import Ablation
from explainers.models.openness import COMPONENTS, TERMS, LicencePair, Scorecard
from explainers.style import COLOURS
from explainers.views import Table, View

# --- Tables: the scorecard and the licence comparison are words in rows and columns, so they are
# HTML tables (selectable, searchable, translatable, and reflowed on a phone), not pictures of tables.

#: How open a cell is -> (symbol, word). The symbol and the word say what the cell's colour says.
MARKS = {"open": ("✓", "open"), "limited": ("◐", "limited"), "closed": ("✗", "closed")}
LEVEL_MARK = {"free": "open", "conditions": "limited", "restricted": "closed"}


def _mark_cell(mark: str, words: str, changed: bool = False) -> str:
    symbol, word = MARKS[mark]
    note = ' <em class="figure-table-changed">(what if)</em>' if changed else ""
    return (f'<td class="mark-{mark}{" changed" if changed else ""}"><span class="mark" aria-hidden="true">{symbol}</span> '
            f'<span class="visually-hidden">{word}: </span>{escape(words)}{note}</td>')


# --- The openness scorecard -----------------------------------------------------------------------


def _part_mark(component: str, part: openness.Part) -> str:
    if openness.is_open(component, part):
        return "open"
    return "closed" if part.status == "withheld" else "limited"


def _verdict_mark(card: Scorecard) -> str:
    a = card.assessment
    return "open" if a.open_source else "limited" if a.open_weights else "closed"


def html_scorecard(card: Scorecard) -> str:
    """One row per component, its status and licence, marked open, limited or closed; the verdict on top."""
    release = card.release
    symbol, _ = MARKS[_verdict_mark(card)]
    label = "What if" if card.change else "Verdict"
    rows = "".join(
        f'<tr><th scope="row">{escape(c.label)}{" *" if c.osaid else ""}</th>'
        f'{_mark_cell(_part_mark(k, release.parts[k]), release.parts[k].text, k == card.change)}</tr>'
        for k, c in COMPONENTS.items())
    return (f'<table class="figure-table-grid scorecard"><caption><strong>{escape(release.name)}</strong> '
            f'<span class="figure-table-muted">{escape(release.developer)}, {escape(str(release.date))}</span><br>'
            f'<span class="mark-{_verdict_mark(card)}"><span class="mark" aria-hidden="true">{symbol}</span> '
            f'{label}: {escape(card.assessment.verdict)}</span></caption>'
            f'<thead><tr><th scope="col">Component</th><th scope="col">What was released, and on what terms</th></tr>'
            f'</thead><tbody>{rows}</tbody><tfoot><tr><td colspan="2">* required by the Open Source AI Definition 1.0'
            f'</td></tr></tfoot></table>')


def _verdict_sentence(card: Scorecard) -> str:
    a = card.assessment
    if a.open_source:
        return f"Verdict: {a.verdict}; every required component is out under OSI-approved terms."
    return f"Verdict: {a.verdict}. Missing: {'; '.join(a.reasons)}."


def readout_scorecard(card: Scorecard) -> str:
    """The verdict, what stands in the way, and what the what-if changed."""
    text = _verdict_sentence(card)
    if card.change and card.assessment.verdict != card.as_released.verdict:
        text += f" As released it was {card.as_released.verdict}."
    elif card.change:
        text += " The verdict is the same as released."
    return text


SCORECARD = Table(html=html_scorecard, readout=readout_scorecard)


# --- Two licences side by side ---------------------------------------------------------------------


def _term(licence: openness.Licence, term: str) -> tuple[str, str]:
    """(mark, words) of one cell."""
    t = licence.terms[term]
    return LEVEL_MARK[t.level], t.text


def _osi(licence: openness.Licence) -> tuple[str, str]:
    return ("open" if licence.osi_terms else "closed"), fact(licence.osi_fact).text()


def html_licences(pair: LicencePair) -> str:
    """A row per term of use, a column per licence; OSI approval below, apart: it is a status, not a term."""
    heads = "".join(f'<th scope="col">{escape(lic.name)}</th>' for lic in (pair.left, pair.right))
    terms = "".join(f'<tr><th scope="row">{escape(TERMS[t])}</th>'
                    + "".join(_mark_cell(*_term(lic, t)) for lic in (pair.left, pair.right)) + "</tr>"
                    for t in TERMS)
    osi = ('<tr><th scope="row">OSI-approved</th>'
           + "".join(_mark_cell(*_osi(lic)) for lic in (pair.left, pair.right)) + "</tr>")
    return (f'<table class="figure-table-grid licences"><thead><tr><th scope="col">Term of use</th>{heads}</tr></thead>'
            f'<tbody>{terms}</tbody><tbody class="figure-table-status"><tr><th scope="colgroup" colspan="3">'
            f'Status</th></tr>{osi}</tbody></table>')


def readout_licences(pair: LicencePair) -> str:
    """Where the two licences differ: the terms of use counted, OSI approval said apart."""
    if pair.left.key == pair.right.key:
        return f"The same licence on both sides: pick another to compare with the {pair.left.name}."
    differences = pair.differences
    if differences:
        text = (f"They differ on {len(differences)} of the {len(TERMS)} terms of use: "
                f"{', '.join(TERMS[t].lower() for t in differences)}.")
    else:
        text = f"They are equally free on all {len(TERMS)} terms of use."
    approved = [lic.name for lic in (pair.left, pair.right) if lic.osi_terms]
    if len(approved) == 2:
        return text + " Both are OSI-approved."
    if approved:
        return text + f" Only the {approved[0]} is OSI-approved."
    return text + " Neither is OSI-approved."


LICENCE_COMPARISON = Table(html=html_licences, readout=readout_licences)


# --- Abliteration in two dimensions ---------------------------------------------------------------

GROUPS = {"refused": (COLOURS["vermilion"], "o", "refused"), "answered": (COLOURS["blue"], "s", "answered")}
VIEW = (-2.5, 3.5)  # both axes, in activation units: the origin and every projected point stay in view


def _line(direction: np.ndarray) -> tuple[list[float], list[float]]:
    """End points of the line through the origin along ``direction``, beyond the view on both sides."""
    x, y = direction * 3 * (VIEW[1] - VIEW[0])
    return [-x, x], [-y, y]


def draw_ablation(ax, a: Ablation) -> dict:
    """The points before (faint) and after (solid) removing a direction, the direction, and where points land."""
    ax.figure.set_size_inches(4.6, 5.4)
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
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False, fontsize=11)
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
