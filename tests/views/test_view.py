import pytest
from matplotlib.figure import Figure

from explainers.views import keep_label_inside


@pytest.mark.parametrize("x, rising, align, offset, valign", [
    (1, True, "left", (10, -6), "top"),       # left half of a rising line: below right
    (9, True, "right", (-8, 6), "bottom"),    # right half of a rising line: above left
    (1, False, "left", (10, 6), "bottom"),    # left half of a falling line: above right
    (9, False, "right", (-8, -6), "top"),     # right half of a falling line: below left
])
def test_labels_stay_inside_and_off_the_line(x, rising, align, offset, valign):
    ax = Figure().add_subplot()
    label = ax.annotate("label", (x, 0), xytext=(0, 0), textcoords="offset points")
    keep_label_inside(label, x, 0, 10, rising=rising)
    assert label.get_horizontalalignment() == align
    assert label.get_position() == offset and label.get_verticalalignment() == valign
