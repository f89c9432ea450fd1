from explainers.interact.still import still
from explainers.views import efficiency as views


def test_mtp_figure_states_its_numbers():
    alt = views.alt_mtp()
    assert "85% accepted: 1.85" in alt and "90% accepted: 1.90" in alt and "1.8 times" in alt
    assert "1.85" in still(views.draw_mtp, alt, "t").frame.markup


def test_weight_memory_uses_the_counted_parameters():
    rows = dict(views._memory_rows())
    assert rows["FP8"] * 2 == rows["BF16"] and rows["BF16"] * 2 == rows["FP32"]
    assert 670e9 < rows["FP8"] < 672e9
    assert "even FP8 does not fit" in views.alt_weight_memory()


def test_overlap_toy_finishes_earlier():
    serial, overlapped = (views._finish(b) for b in views._schedules().values())
    assert (serial, overlapped) == (8, 5)
    assert "finish at 8 units" in views.alt_overlap() and "finish at 5" in views.alt_overlap()
