"""How US export rules measure an AI chip, and which chips they caught.

Used in: the export-controls chapter (``export-controls``). ECCN 3A090 of the Export
Administration Regulations controls integrated circuits by two numbers computed from a
datasheet: Total Processing Performance (TPP = 2 × MacTOPS × bit length, on dense matrices,
which is the vendor's dense TOPS times the bit length) and, from October 2023, performance
density (TPP per mm² of die). The October 2022 version also required a fast interconnect:
600 GB/s or more of aggregate bidirectional I/O.

Every threshold, date and chip specification is read from the ledger (chapter 5 rows), which
holds its source and grade; the chip specifications are mostly secondary, so every verdict
here is as good as those inputs. The rule texts were read through verbatim quotations, not in
the Federal Register itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from types import MappingProxyType

from explainers.ledger import Event, chapter_timeline, fact, value
from explainers.params import Choice, Steps, check_finite_result, check_positive, check_whole, controls

RULES = MappingProxyType({
    "2022-10": "October 2022 rule",
    "2023-10": "October 2023 rule",
})
NOT_CONTROLLED = "not controlled"

# --- The thresholds, from the ledger -----------------------------------------------------------

#: October 2022: controlled only when both hold.
TPP_2022 = value("rule2022.tpp")
IO_2022 = value("rule2022.io")
#: October 2023: 3A090.a is TPP >= A1_TPP, or TPP >= A2_TPP with density >= A2_DENSITY;
#: 3A090.b is B1_TPP <= TPP < A1_TPP with B1_DENSITY <= density < A2_DENSITY,
#: or TPP >= A2_TPP with B2_DENSITY <= density < A2_DENSITY.
A1_TPP = value("rule2023.a1-tpp")
A2_TPP = value("rule2023.a2-tpp")
A2_DENSITY = value("rule2023.a2-density")
B1_TPP = value("rule2023.b1-tpp")
B1_DENSITY = value("rule2023.b1-density")
B2_DENSITY = value("rule2023.b2-density")

# --- Chips -------------------------------------------------------------------------------------

MAX_BIT_LENGTH = 64


@dataclass(frozen=True)
class Chip:
    """An integrated circuit as the rules see it.

    Parameters
    ----------
    name : str
        What to call it.
    dense_tops : float
        Dense (non-sparse) tera-operations per second at ``bit_length``, as vendors quote them
        (a multiply-accumulate counts as two operations). Datasheets often print the
        with-sparsity figure, twice this.
    bit_length : int
        The bit length of those operations, from 1 to 64 (16 for FP16/BF16, 8 for FP8/INT8).
    die_area_mm2 : float
        Area of the logic die in mm², the "applicable die area" of performance density.
    io_gbps : float
        Aggregate bidirectional I/O to other chips in GB/s (NVLink, for NVIDIA's data-centre GPUs).
    datacenter : bool
        Whether the chip is designed or marketed for use in data centres.

    Raises
    ------
    ValueError
        If a number is zero, negative or not finite, or ``bit_length`` is not a whole number
        from 1 to 64; the message names the field.
    TypeError
        If a field has the wrong type.
    """

    name: str
    dense_tops: float
    bit_length: int
    die_area_mm2: float
    io_gbps: float
    datacenter: bool = True

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty str, got {self.name!r}")
        for field in ("dense_tops", "die_area_mm2", "io_gbps"):
            object.__setattr__(self, field, check_positive(field, getattr(self, field)))
        object.__setattr__(self, "bit_length", check_whole("bit_length", self.bit_length, 1, MAX_BIT_LENGTH))
        if not isinstance(self.datacenter, bool):
            raise TypeError(f"datacenter must be True or False, got {self.datacenter!r}")
        # Each number is finite, but TPP (dense_tops × bit_length) or TPP per mm² can still overflow.
        check_finite_result("TPP", self.dense_tops * self.bit_length, dense_tops=self.dense_tops,
                            bit_length=self.bit_length)
        check_finite_result("TPP per mm² of die", self.dense_tops * self.bit_length / self.die_area_mm2,
                            dense_tops=self.dense_tops, bit_length=self.bit_length, die_area_mm2=self.die_area_mm2)


def tpp(chip: Chip) -> float:
    """Total Processing Performance: dense TOPS times bit length (2 × MacTOPS × bit length).

    BIS's own example: 300 dense 16-bit TFLOPS (or 600 8-bit TOPS) make 4,800.
    """
    return _check_chip(chip).dense_tops * chip.bit_length


def one_way_gbps(chip: Chip) -> float:
    """A chip's NVLink bandwidth in one direction: spec tables (and the 2022 rule) add both directions
    together, while DeepSeek's papers state each link's one-way rate, so halve before comparing."""
    return _check_chip(chip).io_gbps / 2


def one_way_share(stated_gbps: float, chip: Chip) -> float:
    """A one-way link rate as a share of the chip's one-way NVLink bandwidth (like with like).

    DeepSeek-V3's 160 GB/s against the H800's 400 GB/s two-way total is 0.8, not 0.4.
    """
    share = check_positive("stated_gbps", stated_gbps) / one_way_gbps(chip)
    return check_finite_result("one_way_share", share, stated_gbps=stated_gbps, chip=chip)


def experts_reachable(node_limit: float, nvlink_gbps: float, ib_gbps: float) -> float:
    """How many experts one token can reach for the cost of ``node_limit``
    InfiniBand transfers.

    V3's node-limited routing, by the paper's arithmetic: each transfer to a
    server fans out over NVLink, which moves ``nvlink_gbps / ib_gbps`` times
    as much in the same time.
    """
    nodes = check_positive("node_limit", node_limit)
    nvlink = check_positive("nvlink_gbps", nvlink_gbps)
    reachable = nodes * nvlink / check_positive("ib_gbps", ib_gbps)
    return check_finite_result("experts_reachable", reachable, node_limit=node_limit, nvlink_gbps=nvlink_gbps,
                               ib_gbps=ib_gbps)


def performance_density(chip: Chip) -> float:
    """TPP per mm² of die (the October 2023 rule's second measure)."""
    return tpp(chip) / chip.die_area_mm2


def _check_chip(chip) -> Chip:
    if not isinstance(chip, Chip):
        raise TypeError(f"chip must be a Chip, got {type(chip).__name__}: {chip!r}")
    return chip


# Each real chip, with the bit length of the dense rate the ledger gives for it. Every one is designed
# and marketed for data centres. Its facts are ``chip.<name>.<field>`` in the ledger, the same fields
# for every chip: dense-tops, die-area, io and announced.
_BITS = (("A100", 16), ("A800", 16), ("H100", 16), ("H800", 16), ("H20", 8), ("H200", 16))
SPEC_FIELDS = ("dense_tops", "die_area_mm2", "io_gbps")
_LEDGER_FIELDS = ("dense-tops", "die-area", "io")
_TERA = 1e12


def _chip_key(name: str, field: str) -> str:
    return f"chip.{name.lower()}.{field}"


#: For each chip in CHIPS, the ledger key of each specification (source and grade live there).
CHIP_FACTS = MappingProxyType({
    name: MappingProxyType({f: _chip_key(name, k) for f, k in zip(SPEC_FIELDS, _LEDGER_FIELDS)})
    for name, _ in _BITS
})
CHIPS = MappingProxyType({
    name: Chip(name, value(keys["dense_tops"]) / _TERA, bits, value(keys["die_area_mm2"]),
               value(keys["io_gbps"]), datacenter=True)
    for (name, bits), keys in zip(_BITS, CHIP_FACTS.values())
})


def spec_fact(name: str, field: str):
    """The ledger fact behind one specification of a chip in CHIPS: its source and grade."""
    if not isinstance(name, str) or name not in CHIPS:
        raise ValueError(f"name must be one of {list(CHIPS)}, got {name!r}")
    if field not in SPEC_FIELDS:
        raise ValueError(f"field must be one of {list(SPEC_FIELDS)}, got {field!r}")
    return fact(CHIP_FACTS[name][field])


# --- The rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What a rule says about a chip: controlled or not, the category, and the clause in words."""

    controlled: bool
    category: str  # "3A090.a", "3A090.b" or "not controlled"
    clause: str  # the paragraph that decides it, e.g. "3A090.a.1" or "Note 2"
    reason: str


def _fmt(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:.3g}"


def _classify_2022(chip: Chip) -> Verdict:
    score, io = tpp(chip), chip.io_gbps
    if score >= TPP_2022 and io >= IO_2022:
        return Verdict(True, "3A090.a", "3A090.a.1",
                       f"TPP {_fmt(score)} ≥ {_fmt(TPP_2022)} and I/O {_fmt(io)} GB/s ≥ {_fmt(IO_2022)} GB/s: "
                       "both conditions hold")
    if score >= TPP_2022:
        return Verdict(False, NOT_CONTROLLED, "3A090.a",
                       f"TPP {_fmt(score)} ≥ {_fmt(TPP_2022)}, but I/O {_fmt(io)} GB/s < {_fmt(IO_2022)} GB/s, "
                       "and the rule needs both")
    return Verdict(False, NOT_CONTROLLED, "3A090.a",
                   f"TPP {_fmt(score)} < {_fmt(TPP_2022)}, whatever the I/O")


def _classify_2023(chip: Chip) -> Verdict:
    score, density = tpp(chip), performance_density(chip)
    where = f"TPP {_fmt(score)}, density {_fmt(density)}"
    if not chip.datacenter and score < A1_TPP:
        return Verdict(False, NOT_CONTROLLED, "Note 2",
                       f"not for data centres and TPP {_fmt(score)} < {_fmt(A1_TPP)}")
    if score >= A1_TPP:
        exception = "" if chip.datacenter else "; not for data centres, so licence exception NAC applies"
        return Verdict(True, "3A090.a", "3A090.a.1", f"TPP {_fmt(score)} ≥ {_fmt(A1_TPP)}{exception}")
    if score >= A2_TPP and density >= A2_DENSITY:
        return Verdict(True, "3A090.a", "3A090.a.2",
                       f"{where}: TPP ≥ {_fmt(A2_TPP)} and density ≥ {_fmt(A2_DENSITY)}")
    # Where .b.1 and .b.2 overlap (TPP >= 2,400, density >= 3.2), name .b.2, as the map draws it.
    if score >= A2_TPP and B2_DENSITY <= density < A2_DENSITY:
        return Verdict(True, "3A090.b", "3A090.b.2",
                       f"{where}: TPP ≥ {_fmt(A2_TPP)} and density from {_fmt(B2_DENSITY)} to "
                       f"{_fmt(A2_DENSITY)}; notification (NAC) instead of a licence")
    if score >= B1_TPP and B1_DENSITY <= density < A2_DENSITY:
        return Verdict(True, "3A090.b", "3A090.b.1",
                       f"{where}: TPP from {_fmt(B1_TPP)} to {_fmt(A1_TPP)} and density from "
                       f"{_fmt(B1_DENSITY)} to {_fmt(A2_DENSITY)}; notification (NAC) instead of a licence")
    if score < A2_TPP:
        return Verdict(False, NOT_CONTROLLED, "3A090", f"TPP {_fmt(score)} < {_fmt(A2_TPP)}, the lowest threshold")
    return Verdict(False, NOT_CONTROLLED, "3A090",
                   f"{where}: under 3A090.b, which needs TPP ≥ {_fmt(B1_TPP)} with density ≥ {_fmt(B1_DENSITY)}, "
                   f"or density ≥ {_fmt(B2_DENSITY)}")


_CLASSIFIERS = {"2022-10": _classify_2022, "2023-10": _classify_2023}


def classify(chip: Chip, rule: str) -> Verdict:
    """What ``rule`` ("2022-10" or "2023-10") says about ``chip``, with the deciding clause.

    October 2022: controlled when TPP ≥ 4,800 **and** I/O ≥ 600 GB/s. October 2023: the
    interconnect test is gone; 3A090.a (licence) and 3A090.b (notification) by TPP and
    performance density; chips not designed or marketed for data centres are outside the rule
    below TPP 4,800 (Note 2 to 3A090). Thresholds are "or more": a chip exactly at one meets it.
    """
    _check_chip(chip)
    if rule not in _CLASSIFIERS:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    return _CLASSIFIERS[rule](chip)


# --- Regions of the threshold map -------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """An axis-aligned box of the threshold map where a rule gives one category.

    ``x`` is TPP; ``y`` is I/O in GB/s for the 2022 rule and performance density for 2023.
    Bounds are half-open, ``[low, high)``; ``math.inf`` stands for no upper bound.
    """

    category: str
    clause: str
    x: tuple[float, float]
    y: tuple[float, float]


def regions(rule: str, datacenter: bool = True) -> tuple[Region, ...]:
    """The boxes where ``rule`` controls a chip (everything else is not controlled)."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    if not isinstance(datacenter, bool):
        raise TypeError(f"datacenter must be True or False, got {datacenter!r}")
    inf = math.inf
    if rule == "2022-10":
        return (Region("3A090.a", "3A090.a.1", (TPP_2022, inf), (IO_2022, inf)),)
    if not datacenter:
        return (Region("3A090.a", "3A090.a.1", (A1_TPP, inf), (0, inf)),)
    return (
        Region("3A090.a", "3A090.a.1", (A1_TPP, inf), (0, inf)),
        Region("3A090.a", "3A090.a.2", (A2_TPP, A1_TPP), (A2_DENSITY, inf)),
        Region("3A090.b", "3A090.b.1", (B1_TPP, A1_TPP), (B1_DENSITY, B2_DENSITY)),
        Region("3A090.b", "3A090.b.2", (A2_TPP, A1_TPP), (B2_DENSITY, A2_DENSITY)),
    )


# --- When a licence was needed ------------------------------------------------------------------


def fact_date(key: str) -> date:
    """The date a ledger fact states, such as "7 October 2022"."""
    text = fact(key).text()
    try:
        return datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        raise ValueError(f"key must name a ledger fact that states a date such as '7 October 2022', "
                         f"got {key!r}, which states {text!r}") from None


def _check_day(name: str, on) -> date:
    # A datetime is a date too, but comparing it with the rules' dates raises: a day is wanted, not a time.
    if isinstance(on, datetime):
        raise TypeError(f"{name} must be a datetime.date, not a datetime: pass {name}.date(), got {on!r}")
    if not isinstance(on, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(on).__name__}: {on!r}")
    return on


#: The rows of this chapter's timeline; its events are the ledger timeline's that the chapter shows.
LANES = ("rules", "chips", "DeepSeek")
EVENTS = tuple(sorted((e for e in chapter_timeline("export-controls") if e.lane in LANES),
                      key=lambda e: (e.date, LANES.index(e.lane))))
#: The event that puts each chip of CHIPS on the market (or first reports it).
ANNOUNCED = MappingProxyType({name: _chip_key(name, "announced") for name in CHIPS})


@cache
def _dates() -> dict[str, date]:
    return {e.fact: e.date for e in EVENTS}


def licence_needed(chip: Chip, on: date) -> bool:
    """Whether exporting ``chip`` to China needed a US licence ``on`` a date, as far as this model goes.

    - From NVIDIA's notice of 26 August 2022 (A100, H100 and chips at least as capable in both
      compute and I/O), then the October 2022 rule: the 2022 thresholds.
    - From 23 October 2023, when NVIDIA was told the new rule applied to it at once for
      data-centre chips with TPP ≥ 4,800; from 17 November 2023, the whole 2023 rule.
    - From 9 April 2025, NVIDIA's H20 and chips matching its interconnect (the notice also named
      its memory bandwidth, which this model leaves out).
    Review policy (presumption of denial, then case-by-case for H200-class chips from January
    2026) changes how a licence is judged, not whether one is needed.
    """
    _check_chip(chip)
    on = _check_day("on", on)
    d = _dates()
    if on < d["nvidia.notice-2022"]:
        return False
    needed = classify(chip, "2022-10").controlled
    if on >= d["nvidia.notice-2023"]:
        needed = needed or (chip.datacenter and tpp(chip) >= A1_TPP)
    if on >= d["rule2023.effective"]:
        needed = classify(chip, "2023-10").controlled
    if on >= d["h20.notice"]:
        needed = needed or chip.io_gbps >= CHIPS["H20"].io_gbps
    return needed


# --- The explorables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """A chip, its two measures and its verdict under each rule."""

    chip: Chip
    tpp: float
    density: float
    verdicts: MappingProxyType  # rule -> Verdict

    @property
    def escaped_2022(self) -> bool:
        """Caught in 2023 after passing in 2022: the A800 and H800 story."""
        return not self.verdicts["2022-10"].controlled and self.verdicts["2023-10"].controlled


def classification(chip: Chip) -> Classification:
    """``chip`` measured and classified under both rules."""
    return Classification(chip, tpp(chip), performance_density(chip),
                          MappingProxyType({rule: classify(chip, rule) for rule in RULES}))


CLASSIFIER_SPEC = {"chip": Choice(tuple((name, name) for name in CHIPS), "Chip")}


@controls(CLASSIFIER_SPEC)
def classify_chip(chip: str = "H800") -> Classification:
    """One of ``CHIPS`` under both rules."""
    return classification(CHIPS[CLASSIFIER_SPEC["chip"].check("chip", chip)])


# Grid values chosen so the frames reach every clause: TPP 1,600, 2,400, 3,200, 4,800 and 16,000 at
# 16 bits; with these die areas, densities from 2 to 64 straddle 1.6, 3.2 and 5.92.
DESIGN_SPEC = {
    "tflops": Steps((100.0, 150.0, 200.0, 300.0, 1000.0), "Dense 16-bit speed", "TFLOPS", fmt="{:,.0f}"),
    "die": Steps((250.0, 400.0, 800.0), "Die area", "mm²", fmt="{:.0f}"),
    "io": Steps((400.0, 600.0, 900.0), "Chip-to-chip I/O", "GB/s", fmt="{:.0f}"),
    "market": Choice((("datacenter", "data centres"), ("consumer", "not for data centres")), "Designed for"),
}
DESIGN_BITS = 16


@controls(DESIGN_SPEC)
def design_chip(tflops: float = 300.0, die: float = 800.0, io: float = 400.0,
                market: str = "datacenter") -> Classification:
    """A chip built from the reader's specifications, under both rules."""
    spec = {name: DESIGN_SPEC[name].check(name, v)
            for name, v in (("tflops", tflops), ("die", die), ("io", io), ("market", market))}
    return classification(Chip("Your chip", spec["tflops"], DESIGN_BITS, spec["die"], spec["io"],
                               datacenter=spec["market"] == "datacenter"))


MAP_SPEC = {
    "rule": Choice(tuple(RULES.items()), "Rule"),
    "chip": CLASSIFIER_SPEC["chip"],
}


@dataclass(frozen=True)
class ThresholdMap:
    """Result of :func:`threshold_map`: a rule's regions, where each chip falls, one chip picked out."""

    rule: str
    regions: tuple[Region, ...]
    chips: tuple[Chip, ...]
    points: tuple[tuple[float, float], ...]  # (TPP, I/O or density) of each chip
    verdicts: tuple[Verdict, ...]
    picked: int  # index of the chip the reader picked

    @property
    def y_label(self) -> str:
        return "Chip-to-chip I/O (GB/s)" if self.rule == "2022-10" else "Performance density (TPP per mm²)"


@controls(MAP_SPEC)
def threshold_map(rule: str = "2022-10", chip: str = "H800") -> ThresholdMap:
    """The chips of CHIPS placed on ``rule``'s map (all are data-centre parts), with ``chip`` picked out."""
    rule = MAP_SPEC["rule"].check("rule", rule)
    name = MAP_SPEC["chip"].check("chip", chip)
    chips = tuple(CHIPS.values())
    y = (lambda c: c.io_gbps) if rule == "2022-10" else performance_density
    return ThresholdMap(rule, regions(rule), chips, tuple((tpp(c), y(c)) for c in chips),
                        tuple(classify(c, rule) for c in chips), list(CHIPS).index(name))


# The slider names each event and its month, so a reader knows where it stands before looking at the chart.
TIMELINE_SPEC = {"step": Steps(tuple(float(i) for i in range(1, len(EVENTS) + 1)), "Event", fmt="{:.0f}",
                               names=tuple(f"{e.date:%b %Y}: {e.label}" for e in EVENTS))}


def licence_periods(name: str, until: date) -> tuple[tuple[date, date, bool], ...]:
    """``(start, end, licence needed)`` for chip ``name`` of CHIPS, from its announcement to ``until``.

    The status can change only on the date of a rule event, so it is checked at each of them.
    """
    if not isinstance(name, str) or name not in CHIPS:
        raise ValueError(f"name must be one of {list(CHIPS)}, got {name!r}")
    start = fact_date(ANNOUNCED[name])
    if _check_day("until", until) <= start:
        raise ValueError(f"until must be a date after {start}, got {until!r}")
    cuts = sorted({start, *(e.date for e in EVENTS if e.lane == "rules" and start < e.date < until)})
    periods: list[list] = []
    for begin, end in zip(cuts, [*cuts[1:], until]):
        needed = licence_needed(CHIPS[name], begin)
        if periods and periods[-1][2] == needed:
            periods[-1][1] = end
        else:
            periods.append([begin, end, needed])
    return tuple(tuple(p) for p in periods)


@dataclass(frozen=True)
class TimelineStep:
    """Result of :func:`timeline`: one event and, on its date, each chip's status."""

    event: Event
    needed: MappingProxyType  # chip name -> licence needed (bool), for chips already announced
    unannounced: tuple[str, ...]  # chips not yet announced on that date

    @property
    def free(self) -> tuple[str, ...]:
        return tuple(name for name, n in self.needed.items() if not n)

    @property
    def licensed(self) -> tuple[str, ...]:
        return tuple(name for name, n in self.needed.items() if n)


@controls(TIMELINE_SPEC)
def timeline(step: float = 1.0) -> TimelineStep:
    """The ``step``-th event (from 1) and which chips of CHIPS needed a licence for China that day."""
    event = EVENTS[int(TIMELINE_SPEC["step"].check("step", step)) - 1]
    announced = {name: fact_date(key) <= event.date for name, key in ANNOUNCED.items()}
    return TimelineStep(event, MappingProxyType(
        {name: licence_needed(chip, event.date) for name, chip in CHIPS.items() if announced[name]}),
        tuple(name for name, yes in announced.items() if not yes))
