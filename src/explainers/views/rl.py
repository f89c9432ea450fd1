"""Views for the reinforcement-learning chapter: GRPO groups, the toy R1-Zero run, R1-Zero's rewards.

Models: :mod:`explainers.models.grpo` and :mod:`explainers.models.toy_r1zero`.
"""

from __future__ import annotations

from html import escape

import numpy as np

from explainers.ledger import fact, value
from explainers.models import grpo, toy_r1zero
from explainers.style import COLOURS, PALETTE
from explainers.views import Table, View, draw_bars, two_panels

RIGHT, WRONG = COLOURS["blue"], COLOURS["vermilion"]
WRONG_TEXT = PALETTE["vermilion-text"]  # vermilion dark enough for small text (4.5:1 or more)
MAX_GROUP = int(grpo.SANDBOX_SPEC["group_size"].max)


# --- One group's advantages ----------------------------------------------------------------

def draw_group(ax, g: grpo.Group) -> dict:
    """One bar per answer: its advantage, right answers first; ✓ or ✗ under each."""
    bars = ax.bar(np.arange(1, MAX_GROUP + 1), np.zeros(MAX_GROUP), width=0.7)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylim(-3, 3)
    ax.set_ylabel("advantage")
    ax.set_xlabel("answers in the group (✓ right, ✗ wrong)")
    ax.grid(axis="x", visible=False)
    flat = ax.text(0.5, 0.62, "No signal: every answer scored the same,\nso every advantage is 0",
                   transform=ax.transAxes, ha="center", va="center", color=COLOURS["grey"])
    artists = {"bars": bars, "flat": flat, "ax": ax}
    update_group(artists, g)
    return artists


def update_group(artists: dict, g: grpo.Group) -> None:
    """Show the group's first G bars with their advantages and colours; hide the rest."""
    ax = artists["ax"]
    for i, bar in enumerate(artists["bars"]):
        shown = i < g.group_size
        bar.set_visible(shown)
        if shown:
            bar.set_height(g.advantages[i])
            bar.set_color(RIGHT if g.rewards[i] else WRONG)
    ticks = np.arange(1, g.group_size + 1)
    ax.set_xticks(ticks, ["✓" if r else "✗" for r in g.rewards])
    ax.set_xlim(0.4, g.group_size + 0.6)
    artists["flat"].set_visible(not g.advantages.any())


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "−")


def _group_numbers(g: grpo.Group) -> str:
    if not g.advantages.any():
        return "all answers scored the same, so every advantage is 0 and the group teaches nothing"
    return (f"each right answer gets an advantage of {_signed(g.advantages[0])} "
            f"and each wrong one {_signed(g.advantages[-1])}")


def alt_group(g: grpo.Group) -> str:
    """The group in words."""
    return (f"Bar chart of the advantages of a group of {g.group_size} answers, {g.right} right: "
            f"{_group_numbers(g)}. The advantages add up to zero.")


def readout_group(g: grpo.Group) -> str:
    """The advantages and how often a random group would carry no signal."""
    return (f"{g.right} of {g.group_size} right: {_group_numbers(g)}. "
            f"A random group at p = {g.p_correct:.0%} has no signal {g.p_no_signal:.1%} of the time.")


GROUP = View(draw=draw_group, update=update_group, alt=alt_group, readout=readout_group)


# --- How often a group carries no signal (a still) -------------------------------------------

NO_SIGNAL_GROUPS = (4, 8, 16, 64)


def draw_no_signal(ax) -> None:
    """The chance that a group is all right or all wrong, against p, for a few group sizes."""
    p = np.linspace(0, 1, 101)
    for g, colour in zip(NO_SIGNAL_GROUPS, (COLOURS["vermilion"], COLOURS["orange"], COLOURS["blue"],
                                            COLOURS["green"])):
        ax.plot(p * 100, [grpo.p_no_signal(x, g) * 100 for x in p], color=colour, label=f"G = {g}")
    ax.set_xlabel("chance that one answer is right (%)")
    ax.set_ylabel("groups with no signal (%)")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.legend(loc="upper center", ncols=2, frameon=False)


def alt_no_signal() -> str:
    """The no-signal curves in words, at three values of p."""
    parts = "; ".join(f"G = {g}: " + ", ".join(f"{grpo.p_no_signal(p, g):.0%} at p = {p:.0%}" for p in (0.05, 0.3, 0.5))
                      for g in NO_SIGNAL_GROUPS)
    return (f"Line chart of the share of groups whose answers are all right or all wrong, against the chance "
            f"that one answer is right. The curves are U-shaped, high near 0% and 100%. {parts}.")


# --- The toy R1-Zero run ----------------------------------------------------------------------

def _line(ax, run: toy_r1zero.Run, y, colour, label, ls="-"):
    return ax.plot(run.steps, y, color=colour, label=label, ls=ls)[0]


def draw_run(ax, run: toy_r1zero.Run) -> dict:
    """Top: accuracy and the shares of two strategies; bottom: mean length of all and of wrong answers."""
    top, bottom = two_panels(ax, "% of answers", "tokens per answer", "training step")
    lines = {
        "accuracy": _line(top, run, run.accuracy * 100, RIGHT, "right"),
        "check": _line(top, run, run.check_share * 100, COLOURS["green"], "reason and check"),
        "superficial": _line(top, run, run.shares[:, 1] * 100, WRONG, "reflect superficially", "--"),
        "length": _line(bottom, run, run.mean_length, RIGHT, "all answers"),
        "wrong": _line(bottom, run, run.wrong_length, WRONG, "wrong answers", "--"),
    }
    top.set_ylim(0, 100)
    top.set_yticks([0, 50, 100])
    bottom.set_ylim(0, 1800)
    bottom.set_yticks([0, 600, 1200, 1800])
    bottom.set_xlim(0, run.steps[-1])
    bottom.set_xticks(range(0, run.steps[-1] + 1, 50))
    for panel in (top, bottom):
        panel.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=11,
                     borderaxespad=0.1, handlelength=1.5, columnspacing=1)
    return lines


def update_run(lines: dict, run: toy_r1zero.Run) -> None:
    """Redraw the five curves."""
    for key, y in (("accuracy", run.accuracy * 100), ("check", run.check_share * 100),
                   ("superficial", run.shares[:, 1] * 100), ("length", run.mean_length),
                   ("wrong", run.wrong_length)):
        lines[key].set_data(run.steps, y)


def _run_summary(run: toy_r1zero.Run) -> str:
    peak = int(np.argmax(run.shares[:, 1]))
    return (f"right answers {run.accuracy[0]:.0%} → {run.accuracy[-1]:.0%}; reason-and-check answers "
            f"{run.check_share[0]:.0%} → {run.check_share[-1]:.0%}; superficial reflection peaks at "
            f"{run.shares[peak, 1]:.0%} (step {peak}); mean length {run.mean_length[0]:,.0f} → "
            f"{run.mean_length[-1]:,.0f} tokens, wrong answers {run.wrong_length[0]:,.0f} → "
            f"{run.wrong_length[-1]:,.0f} tokens")


def alt_run(run: toy_r1zero.Run) -> str:
    """The run in words."""
    return (f"Two line charts over {run.steps[-1]} training steps of the toy, {run.difficulty} tasks, "
            f"G = {run.group_size}, learning rate {run.learning_rate:.2f}, {run.normalisation.upper()}: "
            f"{_run_summary(run)}.")


def readout_run(run: toy_r1zero.Run) -> str:
    """Start and end of the run, and how many groups taught nothing."""
    summary = _run_summary(run)
    return (f"{summary[0].upper()}{summary[1:]}. On average {np.nanmean(run.no_signal):.0%} of the groups "
            f"had no signal.")


RUN = View(draw=draw_run, update=update_run, alt=alt_run, readout=readout_run)


# --- Reward hacking ------------------------------------------------------------------------------

def draw_hacking(ax, run: toy_r1zero.Run) -> dict:
    """Top: the reward the policy is trained on; bottom: the share of right answers."""
    top, bottom = two_panels(ax, "reward per answer", "% right", "training step")
    lines = {"reward": _line(top, run, run.reward, COLOURS["orange"], "reward (what RL maximises)"),
             "accuracy": _line(bottom, run, run.accuracy * 100, RIGHT, "right answers (what we want)")}
    top.set_ylim(0, 3)
    top.set_yticks([0, 1, 2, 3])
    bottom.set_ylim(0, 100)
    bottom.set_yticks([0, 50, 100])
    bottom.set_xlim(0, run.steps[-1])
    bottom.set_xticks(range(0, run.steps[-1] + 1, 50))
    for panel in (top, bottom):
        panel.legend(loc="lower left", bbox_to_anchor=(0, 1), frameon=False, fontsize=11, borderaxespad=0.1)
    return lines


def update_hacking(lines: dict, run: toy_r1zero.Run) -> None:
    """Redraw both curves."""
    lines["reward"].set_data(run.steps, run.reward)
    lines["accuracy"].set_data(run.steps, run.accuracy * 100)


def _hacking_summary(run: toy_r1zero.Run) -> str:
    label = dict(toy_r1zero.REWARDS)[run.reward_kind]
    return (f"{label}: reward per answer {run.reward[0]:.2f} → {run.reward[-1]:.2f}, right answers "
            f"{run.accuracy[0]:.0%} → {run.accuracy[-1]:.0%}, mean length {run.mean_length[-1]:,.0f} tokens")


def alt_hacking(run: toy_r1zero.Run) -> str:
    """The run in words."""
    return f"Two line charts over {run.steps[-1]} training steps of the toy. Reward: {_hacking_summary(run)}."


def readout_hacking(run: toy_r1zero.Run) -> str:
    """Reward and accuracy at the start and the end."""
    return f"Reward: {_hacking_summary(run)}."


HACKING = View(draw=draw_hacking, update=update_hacking, alt=alt_hacking, readout=readout_hacking)


# --- The reward checker: words and a completion, so an HTML table (it reflows on a phone) --------------


def html_checker(check: grpo.Check) -> str:
    """The question, the completion as the model wrote it, and its two rewards with the reason for each."""
    rows = [("Question", escape(grpo.QUESTION)), ("Reference answer", escape(str(grpo.REFERENCE))),
            ("Completion", f'<pre class="figure-table-code">{escape(check.completion)}</pre>')]
    for name, reward, reason in (("Format reward", check.reward.format, check.format_reason),
                                 ("Accuracy reward", check.reward.accuracy, check.accuracy_reason)):
        mark = "open" if reward else "closed"
        rows.append((name, f'<span class="mark-word-{mark}"><span class="mark" aria-hidden="true">'
                           f'{"✓" if reward else "✗"}</span> {reward}</span>: {escape(reason)}'))
    body = "".join(f'<tr><th scope="row">{head}</th><td>{cell}</td></tr>' for head, cell in rows)
    return f'<table class="figure-table-grid checker"><tbody>{body}</tbody></table>'


def readout_checker(check: grpo.Check) -> str:
    """The two rewards and their total."""
    return (f"{check.label}: format reward {check.reward.format}, accuracy reward {check.reward.accuracy}, "
            f"total {check.reward.total}.")


CHECKER = Table(html=html_checker, readout=readout_checker)


# --- What the paper reports for R1-Zero (a still, from the ledger) ---------------------------

def _aime_rows() -> list[tuple[str, str, str]]:
    vote = f"majority of {fact('r1zero.vote-samples').text()}"
    return [("R1-Zero, start of RL (pass@1)", "r1zero.aime-start", COLOURS["sky"]),
            ("R1-Zero, end of RL (pass@1)", "r1zero.aime-end", COLOURS["blue"]),
            (f"R1-Zero, end, {vote}", "r1zero.aime-cons64", COLOURS["blue"]),
            ("o1-0912 (pass@1)", "o1-0912.aime-pass1", COLOURS["orange"]),
            (f"o1-0912, {vote}", "o1-0912.aime-cons64", COLOURS["orange"])]


def draw_r1zero_aime(ax) -> None:
    """R1-Zero's AIME 2024 scores before and after RL, single answers against majority votes."""
    rows = _aime_rows()
    artists = draw_bars(ax, [label for label, _, _ in rows], [value(k) for _, k, _ in rows],
                        [f"{value(k):.1f}" for _, k, _ in rows], [c for _, _, c in rows], height=0.6)
    for bar, (label, _, _) in zip(artists["bars"], rows):
        if "majority" in label:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.set_xlim(0, 100)
    ax.set_xlabel("AIME 2024 (%)")


def alt_r1zero_aime() -> str:
    """The AIME scores in words."""
    parts = "; ".join(f"{label} {fact(k).text()}" for label, k, _ in _aime_rows())
    return (f"Bar chart of AIME 2024 scores from the R1 paper: {parts}. Majority-vote bars are hatched: "
            f"they are a different measure from pass@1.")
