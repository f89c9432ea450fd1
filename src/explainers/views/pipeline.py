"""The training pipelines of R1-Zero and R1, drawn from the ledger's numbers (V3-versus-R1 chapter)."""

from __future__ import annotations

import textwrap

from explainers.ledger import fact
from explainers.style import COLOURS


def _steps() -> tuple[list[str], list[str]]:
    zero = ["DeepSeek-V3-Base", "RL with GRPO\nrule-based rewards\n(accuracy + format), no SFT", "DeepSeek-R1-Zero"]
    r1 = ["DeepSeek-V3-Base",
          f"cold-start SFT\n({fact('r1.cold-start-samples').text()} of long chains of thought)",
          "reasoning RL\n(+ language-consistency reward)",
          f"rejection sampling: {fact('r1.reasoning-samples').text()} reasoning\n"
          f"+ {fact('r1.non-reasoning-samples').text()} non-reasoning samples",
          f"SFT of V3-Base again\n({fact('r1.sft-epochs').text()} epochs on all samples)",
          "RL for all scenarios\n(helpfulness, harmlessness)", "DeepSeek-R1"]
    return zero, r1


def _arrow(ax, start, end, **style) -> None:
    """An arrow between two boxed texts, clipped to their boxes so it never crosses one."""
    ax.annotate("", end.get_position(), start.get_position(),
                arrowprops={"arrowstyle": "-|>", "color": COLOURS["grey"], "lw": 1.5,
                            "patchA": start.get_bbox_patch(), "patchB": end.get_bbox_patch(), **style})


def _lane(ax, x: float, steps: list[str], colour: str, wrap: int) -> list:
    top, gap = 0.96, 0.92 / (len(steps) - 1)
    boxes = []
    for i, text in enumerate(steps):
        end = i in (0, len(steps) - 1)
        lines = text if end else textwrap.fill(text.replace("\n", " "), wrap, break_on_hyphens=False)
        boxes.append(ax.text(x, top - i * gap, lines, ha="center", va="center",
                             fontweight="bold" if end else "normal", color="white" if end else "black",
                             bbox={"boxstyle": "round,pad=0.4", "fc": colour if end else "white", "ec": colour,
                                   "lw": 1.5}))
    for a, b in zip(boxes, boxes[1:]):
        _arrow(ax, a, b)
    return boxes


def draw_r1_pipeline(ax) -> None:
    """Two lanes: R1-Zero (pure RL) on the left, R1's four stages on the right, both from V3-Base.

    A dashed arrow shows that R1's second SFT starts again from V3-Base, not from the RL model.
    """
    zero, r1 = _steps()
    # Tall and narrow: on a phone the words stay at the house size; each lane's steps wrap to its width.
    ax.figure.set_size_inches(4.6, 6.2)
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _lane(ax, 0.16, zero, COLOURS["grey"], wrap=13)
    boxes = _lane(ax, 0.6, r1, COLOURS["blue"], wrap=22)
    # An elbow down the right margin, clear of the boxes in between.
    margin, (_, top), (_, sft) = 0.9, boxes[0].get_position(), boxes[4].get_position()
    dashed = {"color": COLOURS["blue"], "lw": 1.5, "linestyle": "--"}
    ax.annotate("", (margin, top), boxes[0].get_position(),
                arrowprops={"arrowstyle": "-", "patchA": boxes[0].get_bbox_patch(), **dashed})
    ax.plot([margin, margin], [top, sft], **dashed)
    ax.annotate("", boxes[4].get_position(), (margin, sft),
                arrowprops={"arrowstyle": "-|>", "patchB": boxes[4].get_bbox_patch(), **dashed})
    ax.text(margin + 0.02, (top + sft) / 2, "restarts from V3-Base", rotation=90, va="center",
            color=COLOURS["blue"])


def alt_r1_pipeline() -> str:
    """The two pipelines in words."""
    zero, r1 = _steps()
    flat = [s.replace("\n", " ") for s in r1]
    return ("Diagram of two training pipelines that both start from DeepSeek-V3-Base. R1-Zero: "
            + " then ".join(s.replace("\n", " ") for s in zero[1:]) + ". R1: " + " then ".join(flat[1:]) + ".")
