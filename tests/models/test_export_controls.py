import math
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers import ledger
from explainers.models import export_controls as ec
from explainers.models.export_controls import CHIPS, Chip, classify, performance_density, tpp

# The verdicts the ledger derives (ledger.md, "Derived classification"): (2022 category, 2023 category, 2023 clause).
EXPECTED = {
    "A100": ("3A090.a", "3A090.a", "3A090.a.1"),  # TPP 4,992 and 600 GB/s: right at the 2022 thresholds
    "A800": (ec.NOT_CONTROLLED, "3A090.a", "3A090.a.1"),  # 400 GB/s escapes the AND; TPP alone catches it in 2023
    "H100": ("3A090.a", "3A090.a", "3A090.a.1"),
    "H800": (ec.NOT_CONTROLLED, "3A090.a", "3A090.a.1"),
    "H20": (ec.NOT_CONTROLLED, ec.NOT_CONTROLLED, "3A090"),  # TPP 2,368 < 2,400 and density 2.9 < 3.2
    "H200": ("3A090.a", "3A090.a", "3A090.a.1"),
}


def chip(tops=300.0, bits=16, die=800.0, io=400.0, datacenter=True) -> Chip:
    return Chip("test", tops, bits, die, io, datacenter)


def test_the_issue_s_chips_are_all_there():
    assert set(EXPECTED) <= set(CHIPS)


@pytest.mark.parametrize("name", EXPECTED)
def test_verdicts_as_the_ledger_explains_them(name):
    c = CHIPS[name]
    v2022, v2023 = classify(c, "2022-10"), classify(c, "2023-10")
    assert (v2022.category, v2023.category, v2023.clause) == EXPECTED[name]
    assert v2022.controlled == (v2022.category != ec.NOT_CONTROLLED)
    assert v2023.controlled == (v2023.category != ec.NOT_CONTROLLED)


def test_tpp_and_density_by_hand():
    assert tpp(CHIPS["A100"]) == pytest.approx(312 * 16) == pytest.approx(4992)
    assert performance_density(CHIPS["A100"]) == pytest.approx(4992 / 826)
    assert tpp(CHIPS["H20"]) == pytest.approx(296 * 8) == pytest.approx(2368)
    assert performance_density(CHIPS["H20"]) == pytest.approx(2.909, abs=1e-3)
    assert tpp(CHIPS["H800"]) == pytest.approx(989.4 * 16)


def test_bis_worked_example():
    """BIS: 4,800 'can be met with 600 tera integer operations … at 8 bits or 300 tera FLOPS … at 16 bits'."""
    assert tpp(chip(600, 8)) == tpp(chip(300, 16)) == 4800


def test_the_a800_and_h800_differ_from_their_parents_only_in_i_o():
    for child, parent in (("A800", "A100"), ("H800", "H100")):
        assert replace(CHIPS[child], name=parent, io_gbps=CHIPS[parent].io_gbps) == CHIPS[parent]


def test_reasons_name_the_deciding_numbers():
    assert classify(CHIPS["H800"], "2022-10").reason == (
        "TPP 15,830 ≥ 4,800, but I/O 400 GB/s < 600 GB/s, and the rule needs both")
    assert classify(CHIPS["H800"], "2023-10").reason == "TPP 15,830 ≥ 4,800"
    assert "under 3A090.b" in classify(CHIPS["H20"], "2023-10").reason


def test_every_chip_spec_has_a_sourced_fact():
    for name, fields in ec.CHIP_FACTS.items():
        for field, key in fields.items():
            f = ec.spec_fact(name, field)
            assert f.key == key and f.source and f.grade in ledger.GRADES
        c = CHIPS[name]
        assert c.die_area_mm2 == ec.spec_fact(name, "die_area_mm2").value
        assert c.io_gbps == ec.spec_fact(name, "io_gbps").value
        assert c.dense_tops * 1e12 == pytest.approx(ec.spec_fact(name, "dense_tops").value)


def test_the_disputed_h800_bandwidth_is_flagged():
    assert ec.spec_fact("H800", "io_gbps").flag == "disputed"
    assert all(ec.spec_fact(n, "dense_tops").flag == "secondary" for n in ("A800", "H800", "H20", "H200"))


# --- Boundaries: "or more" means a chip exactly at a threshold meets it ---------------------------

@pytest.mark.parametrize("tops, io, controlled", [
    (300.0, 600.0, True),      # TPP 4,800 and I/O 600 exactly
    (299.9, 600.0, False),     # just under on compute
    (300.0, 599.9, False),     # just under on I/O
    (1000.0, 599.9, False),    # any compute, I/O under: the A800/H800 gap
])
def test_2022_boundaries(tops, io, controlled):
    assert classify(chip(tops, io=io), "2022-10").controlled is controlled


# (TPP, die area, datacenter) -> 2023 clause. Densities are exact: 2,960 / 500 = 5.92.
@pytest.mark.parametrize("score, die, datacenter, clause", [
    (4800, 10_000, True, "3A090.a.1"),     # TPP 4,800 exactly, any density
    (4799, 10_000, True, "3A090"),         # density 0.48: below everything
    (2960, 500, True, "3A090.a.2"),        # density 5.92 exactly, TPP >= 1,600
    (1600, 1600 / 5.92, True, "3A090.a.2"),  # TPP 1,600 exactly
    (1599, 100, True, "3A090"),            # TPP under 1,600: nothing applies
    (2400, 1500, True, "3A090.b.1"),       # TPP 2,400 and density 1.6 exactly
    (2399, 1499.375, True, "3A090"),       # density 1.6, TPP just under 2,400
    (2400, 1501, True, "3A090"),           # TPP 2,400, density just under 1.6
    (1600, 500, True, "3A090.b.2"),        # density 3.2 exactly
    (2959, 500, True, "3A090.b.2"),        # density 5.918: just under a.2
    (4799, 500, False, "Note 2"),          # not for data centres and under 4,800: out of 3A090
    (4800, 500, False, "3A090.a.1"),       # not for data centres but at 4,800: in, with NAC
])
def test_2023_boundaries(score, die, datacenter, clause):
    c = chip(score / 16, 16, die, datacenter=datacenter)
    assert classify(c, "2023-10").clause == clause


def test_consumer_chips_at_4800_keep_a_licence_exception():
    verdict = classify(chip(300, 16, 500, datacenter=False), "2023-10")
    assert verdict.controlled and "NAC" in verdict.reason


def test_the_rtx_4090_was_caught_as_nvidia_reported():
    """NVIDIA's 8-K listed the RTX 4090 among chips the 2023 rule caught: dense FP8 x 8 bits > 4,800."""
    die = ledger.value("chip.rtx4090.die-area")
    rtx = Chip("RTX 4090", ledger.value("chip.rtx4090.dense-fp8") / 1e12, 8, die, 64, datacenter=False)
    assert tpp(rtx) == pytest.approx(5284.8)
    assert classify(rtx, "2023-10").category == "3A090.a"
    assert "RTX 4090" in ledger.fact("chip.rtx4090.listed").value


# --- Invariants ----------------------------------------------------------------------------------

chips = st.builds(
    chip,
    tops=st.floats(1, 5000), bits=st.sampled_from([4, 8, 16, 32]), die=st.floats(50, 2000),
    io=st.floats(1, 2000), datacenter=st.booleans(),
)


@given(chips, st.floats(1.0, 10.0), st.sampled_from(list(ec.RULES)))
def test_raising_tpp_never_removes_a_control(c, factor, rule):
    """More compute on the same die: a controlled chip stays controlled (density rises too)."""
    faster = replace(c, dense_tops=c.dense_tops * factor)
    assert classify(c, rule).controlled <= classify(faster, rule).controlled


@given(chips, st.floats(1.0, 10.0))
def test_more_i_o_never_removes_a_2022_control(c, factor):
    assert classify(c, "2022-10").controlled <= classify(replace(c, io_gbps=c.io_gbps * factor), "2022-10").controlled


@given(chips)
def test_the_2023_rule_ignores_i_o_and_consumer_chips_are_never_worse_off(c):
    assert classify(c, "2023-10") == classify(replace(c, io_gbps=c.io_gbps * 3), "2023-10")
    if classify(c, "2023-10").controlled is False:
        assert classify(replace(c, datacenter=False), "2023-10").controlled is False


@given(chips)
def test_the_2023_rule_catches_everything_the_2022_rule_caught_in_data_centres(c):
    c = replace(c, datacenter=True)
    assert classify(c, "2022-10").controlled <= classify(c, "2023-10").controlled


@given(chips, st.sampled_from(list(ec.RULES)))
def test_the_map_regions_agree_with_classify(c, rule):
    """A chip inside a drawn region gets that region's clause; outside every region it is not controlled."""
    x = tpp(c)
    y = c.io_gbps if rule == "2022-10" else performance_density(c)
    inside = [r for r in ec.regions(rule, c.datacenter) if r.x[0] <= x < r.x[1] and r.y[0] <= y < r.y[1]]
    verdict = classify(c, rule)
    assert len(inside) <= 1
    assert (inside[0].clause if inside else None) == (verdict.clause if verdict.controlled else None)


# --- Bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, bad, error", [
    ("dense_tops", 0, ValueError), ("dense_tops", -1.0, ValueError), ("dense_tops", math.nan, ValueError),
    ("die_area_mm2", 0.0, ValueError), ("io_gbps", -5, ValueError), ("io_gbps", math.inf, ValueError),
    ("bit_length", 0, ValueError), ("bit_length", 8.5, ValueError), ("bit_length", 128, ValueError),
    ("dense_tops", "300", TypeError), ("bit_length", True, TypeError), ("datacenter", "yes", TypeError),
    ("name", "", ValueError),
])
def test_bad_specs_raise_naming_the_field(field, bad, error):
    spec = {"name": "x", "dense_tops": 300.0, "bit_length": 16, "die_area_mm2": 800.0, "io_gbps": 400.0,
            "datacenter": True, field: bad}
    with pytest.raises(error, match=field):
        Chip(**spec)


def test_bad_rules_and_chips_raise():
    with pytest.raises(ValueError, match="rule must be one of"):
        classify(CHIPS["H800"], "2024-12")
    with pytest.raises(TypeError, match="chip must be a Chip"):
        tpp("H800")
    with pytest.raises(ValueError, match="name must be one of"):
        ec.spec_fact("B200", "io_gbps")
    with pytest.raises(ValueError, match="field must be one of"):
        ec.spec_fact("H800", "memory")
    with pytest.raises(ValueError, match="chip must be one of"):
        ec.classify_chip("B200")
    with pytest.raises(ValueError, match="tflops must be one of"):
        ec.design_chip(tflops=299.0)
    with pytest.raises(TypeError, match="on must be a datetime.date"):
        ec.licence_needed(CHIPS["H800"], "2023-10-23")


# --- Timeline ------------------------------------------------------------------------------------

def test_events_are_in_date_order_and_every_chip_has_an_announcement():
    dates = [e.date for e in ec.EVENTS]
    assert dates == sorted(dates)
    assert set(ec.ANNOUNCED.values()) <= {e.fact for e in ec.EVENTS}


@pytest.mark.parametrize("name, day, needed", [
    ("A100", date(2022, 8, 25), False), ("A100", date(2022, 8, 26), True),  # NVIDIA's notice
    ("H800", date(2023, 10, 22), False), ("H800", date(2023, 10, 23), True),  # "effective immediately"
    ("A800", date(2023, 10, 23), True),
    ("H20", date(2025, 4, 8), False), ("H20", date(2025, 4, 9), True),  # the H20 notice
    ("H20", date(2024, 12, 26), False),  # when V3 came out, the H20 needed no licence
])
def test_licence_needed_on_the_dates_the_sources_give(name, day, needed):
    assert ec.licence_needed(CHIPS[name], day) is needed


def test_the_h800_could_be_sold_for_about_seven_months():
    (start, end, needed), *later = ec.licence_periods("H800", date(2026, 1, 1))
    assert not needed and all(n for _, _, n in later)
    assert (start, end) == (date(2023, 3, 21), date(2023, 10, 23))


def test_timeline_steps_say_which_chips_were_free():
    step = ec.timeline(float(1 + [e.fact for e in ec.EVENTS].index("chip.h800.announced")))
    assert step.free == ("A800", "H800") and step.licensed == ("A100", "H100")
    assert step.unannounced == ("H20", "H200")


def test_design_chip_uses_the_readers_numbers():
    c = ec.design_chip(tflops=150.0, die=400.0, io=900.0, market="consumer")
    assert (c.tpp, c.density, c.chip.datacenter) == (2400, 6, False)
    assert c.verdicts["2022-10"].controlled is False and c.verdicts["2023-10"].clause == "Note 2"


def test_the_v3_papers_nvlink_is_four_fifths_of_the_h800s_one_way_bandwidth():
    """The report's 160 GB/s is one way; the 400 GB/s spec adds both directions (DeepEP calls ~160 GB/s
    the H800's NVLink maximum). Like with like: 160 / 200 = 0.8, not the 0.4 of 160 / 400."""
    h800, h100 = CHIPS["H800"], CHIPS["H100"]
    assert ec.one_way_gbps(h800) == 200 and ec.one_way_gbps(h100) == 450
    assert ec.one_way_share(160, h800) == pytest.approx(0.8)
    # Exercise 4: the same share on an H100, and the experts one token reaches over 4 nodes at 50 GB/s.
    on_h100 = ec.one_way_share(160, h800) * ec.one_way_gbps(h100)
    assert on_h100 == pytest.approx(360) and ec.experts_reachable(4, on_h100, 50) == pytest.approx(28.8)


def test_node_limited_routing_reaches_the_papers_thirteen_experts():
    """V3's report: 160 GB/s NVLink over 50 GB/s InfiniBand is 3.2 experts per node, about 13 over 4 nodes."""
    assert ec.experts_reachable(4, 160, 50) == pytest.approx(12.8)
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="ib_gbps"):
            ec.experts_reachable(4, 160, bad)
    with pytest.raises(TypeError, match="node_limit"):
        ec.experts_reachable("4", 160, 50)


def test_one_way_share_refuses_bad_input():
    with pytest.raises(ValueError, match="stated_gbps must be a finite number > 0"):
        ec.one_way_share(0, CHIPS["H800"])
    with pytest.raises(TypeError, match="stated_gbps must be a number"):
        ec.one_way_share("160", CHIPS["H800"])


def test_a_datetime_is_refused_for_a_date():
    from datetime import datetime

    with pytest.raises(TypeError, match="on must be a datetime.date, not a datetime"):
        ec.licence_needed(CHIPS["H800"], datetime(2024, 1, 1))  # was "can't compare datetime.datetime to ..."
    with pytest.raises(TypeError, match="until"):
        ec.licence_periods("H800", datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="name"):
        ec.licence_periods(["H800"], date(2026, 1, 1))


def test_fact_date_names_a_fact_that_is_not_a_date():
    assert ec.fact_date("rule2023.effective") == date(2023, 11, 17)
    with pytest.raises(ValueError, match="rule2022.tpp"):
        ec.fact_date("rule2022.tpp")


@pytest.mark.parametrize("call, name", [
    (lambda: Chip("x", 1e308, 64, 800.0, 400.0), "dense_tops"),  # TPP overflows
    (lambda: Chip("x", 1e300, 16, 1e-300, 400.0), "die_area_mm2"),  # density overflows
    (lambda: ec.experts_reachable(1e308, 1e308, 1), "nvlink_gbps"),
    (lambda: ec.one_way_share(1e308, Chip("x", 300.0, 16, 800.0, 1e-10)), "stated_gbps"),
])
def test_measures_beyond_float_range_raise(call, name):
    with pytest.raises(ValueError, match=name):
        call()
