"""Still figures for V3's efficiency ideas (:mod:`explainers.models.efficiency`)."""

from __future__ import annotations

from explainers.ledger import value
from explainers.models import efficiency, memory
from explainers.models.moe import count_params, load_config
from explainers.style import COLOURS
from explainers.views import draw_bars


def _mtp_rows() -> list[tuple[str, float]]:
    low, high = value("v3.mtp-acceptance-low"), value("v3.mtp-acceptance-high")
    return [("next token only", 1.0),
            (f"with MTP, {low:.0%} accepted", efficiency.tokens_per_step(low)),
            (f"with MTP, {high:.0%} accepted", efficiency.tokens_per_step(high))]


def draw_mtp(ax) -> None:
    """Tokens per decoding step with and without MTP's drafted token; the reported speed-up dashed."""
    rows = _mtp_rows()
    draw_bars(ax, [label for label, _ in rows], [v for _, v in rows], [f"{v:.2f}" for _, v in rows],
              [COLOURS["grey"], COLOURS["blue"], COLOURS["blue"]], height=0.55)
    speedup = value("v3.mtp-speedup")
    ax.axvline(speedup, ls="--", lw=1.5, color=COLOURS["vermilion"])
    ax.text(speedup, -0.6, f"reported speed-up: {speedup:.1f}× ", color=COLOURS["vermilion"], ha="right")
    ax.set_xlim(0, 2.3)
    ax.set_xlabel("tokens per step of the main model")


def alt_mtp() -> str:
    rows = "; ".join(f"{label}: {v:.2f}" for label, v in _mtp_rows())
    return (f"Bar chart of tokens produced per main-model step. {rows}. A dashed line marks the "
            f"{value('v3.mtp-speedup'):.1f} times speed-up the V3 report measured.")


def _memory_rows() -> list[tuple[str, float]]:
    params = count_params(load_config()).total
    return [(fmt, memory.weights_gb(params, bits) * 1e9) for fmt, bits in memory.FORMAT_BITS.items()]


def _node_memory() -> tuple[int, float]:
    """GPUs in one node of V3's cluster, and their memory together in GB."""
    return int(value("v3.gpus-per-node")), memory.server_gb("chip.h800.memory", "v3.gpus-per-node")


def draw_weight_memory(ax) -> None:
    """V3's weights in three number formats, against one node of V3's cluster."""
    rows = _memory_rows()
    draw_bars(ax, [f"{fmt} ({memory.FORMAT_BITS[fmt] // 8} B/parameter)" for fmt, _ in rows],
              [b / 1e9 for _, b in rows], [f"{b / 1e9:,.0f} GB" for _, b in rows],
              [COLOURS["grey"], COLOURS["orange"], COLOURS["blue"]], height=0.55)
    gpus, node = _node_memory()
    ax.axvline(node, ls="--", lw=1.5, color=COLOURS["vermilion"])
    ax.text(node, -0.6, f"{gpus} × H800: {node:,.0f} GB", color=COLOURS["vermilion"], ha="center", fontsize=11)
    ax.set_xlim(0, rows[0][1] / 1e9 * 1.25)
    ax.set_xlabel("memory for V3's weights (GB)")


def alt_weight_memory() -> str:
    rows = "; ".join(f"{fmt} {b / 1e9:,.0f} GB" for fmt, b in _memory_rows())
    gpus, node = _node_memory()
    return (f"Bar chart of the memory V3's weights need in three number formats: {rows}. A dashed line marks "
            f"the {node:,.0f} GB of one node of the V3 cluster, {gpus} H800 GPUs; even FP8 does not fit.")


MICRO_BATCHES = 4


def _schedules() -> dict[str, list[tuple[str, float, float]]]:
    """(kind, start, length) blocks for a toy step of four micro-batches, computation and communication equal."""
    c = value("v3.compute-comm-ratio")  # communication takes 1, computation c
    serial = []
    for i in range(MICRO_BATCHES):
        serial += [("compute", i * (c + 1), c), ("communicate", i * (c + 1) + c, 1.0)]
    overlapped = [("compute", i * c, c) for i in range(MICRO_BATCHES)]
    overlapped += [("communicate", (i + 1) * c, 1.0) for i in range(MICRO_BATCHES)]
    return {"serial": serial, "overlapped": overlapped}


def _finish(blocks) -> float:
    return max(start + length for _, start, length in blocks)


def draw_overlap(ax) -> None:
    """A toy timeline: four micro-batches with computation and communication serial, then overlapped."""
    colours = {"compute": COLOURS["blue"], "communicate": COLOURS["orange"]}
    for row, (name, blocks) in enumerate(_schedules().items()):
        for lane, kind in enumerate(("compute", "communicate")):
            spans = [(start, length) for k, start, length in blocks if k == kind]
            ax.broken_barh(spans, (row * 3 + lane * 1.1, 1.0), facecolors=colours[kind], edgecolor="white")
        ax.text(_finish(blocks) + 0.1, row * 3 + 1.05, f"done at {_finish(blocks):.0f}", va="center", fontsize=11)
    ax.set_yticks([1.05, 4.05], list(_schedules()))
    ax.invert_yaxis()
    ax.set_xlabel("time (toy units)")
    ax.set_xlim(0, 10)
    ax.grid(axis="y", visible=False)
    ax.plot([], [], color=COLOURS["blue"], lw=8, label="computation")
    ax.plot([], [], color=COLOURS["orange"], lw=8, label="communication")
    ax.legend(loc="center right", frameon=False, fontsize=11)


def alt_overlap() -> str:
    s = _schedules()
    serial, overlapped = (_finish(b) for b in s.values())
    return (f"Toy timeline of {MICRO_BATCHES} micro-batches whose computation and communication take equal time. "
            f"Run one after the other they finish at {serial:.0f} units; overlapped, each micro-batch's "
            f"communication runs while the next one computes, and they finish at {overlapped:.0f}.")
