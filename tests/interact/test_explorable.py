import json
import re
from html import unescape

import pytest

from explainers.interact import explore
from explainers.interact.static import render_explorable
from explainers.models import costs
from explainers.params import controls
from explainers.views import costs as views


@pytest.fixture(scope="module")
def exp():
    return explore(costs.run_cost, views.RUN_COST, name="test-run-cost", title="Run cost")


@pytest.fixture(scope="module")
def html(exp):
    return exp.html()


def _data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" class="explorable-data">(.*?)</script>',
                                html, re.S).group(1))


def test_one_frame_per_grid_point(exp):
    frames = exp.frames()
    assert len(frames) == len(costs.SPEC["price"].grid()) * len(costs.SPEC["scope"].grid())
    assert len({f.markup for f in frames.values()}) == len(frames)  # every setting looks different


def test_static_frames_equal_the_model_at_every_grid_point(exp, html):
    data = _data(html)
    prices, scopes = costs.SPEC["price"].grid(), costs.SPEC["scope"].grid()
    render = exp.renderer()
    for key, (svg, alt, readout) in data["frames"].items():
        i, j = map(int, key.split("-"))
        r = costs.run_cost(price=prices[i], scope=scopes[j])
        assert readout == views.readout_run_cost(r)
        assert alt == views.alt_run_cost(r)
        assert svg == render(price=prices[i], scope=scopes[j]).markup


def test_html_reads_title_controls_frame_readout_in_that_order(html):
    order = [html.index(part) for part in ('<figcaption class="figure-title">Run cost</figcaption>',
                                           'class="explorable-controls"', 'class="figure-frame"',
                                           'class="explorable-readout"')]
    assert order == sorted(order)


def test_html_is_accessible_and_starts_at_the_default(html):
    assert 'role="group"' in html and 'aria-label="Controls: Run cost"' in html
    assert '<label for="test-run-cost-price">Rental price</label>' in html
    assert 'aria-valuetext="$2.00 per GPU-hour"' in html
    assert '<label for="test-run-cost-scope">What is counted</label>' in html
    price = costs.SPEC["price"].grid().index(2.0)
    scope = costs.SPEC["scope"].grid().index("v3-final-run")
    assert f'value="{price}"' in html and f'data-frame="{price}-{scope}"' in html
    alt = unescape(re.search(r'<div class="figure-frame" role="img" aria-label="([^"]+)"><svg ', html).group(1))
    assert alt == views.alt_run_cost(costs.run_cost())
    assert "</script>" not in _data_raw(html)


def _data_raw(html):
    return re.search(r'class="explorable-data">(.*?)</script>', html, re.S).group(1)


def test_labels_match_the_spec(html):
    data = _data(html)
    assert data["labels"]["price"][0] == "$0.50 per GPU-hour"
    assert data["labels"]["scope"] == [label for _, label in costs.SCOPES]


def test_bundle_carries_both_renderings(exp):
    bundle = exp._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<figure class="explorable"')


def test_frames_are_deterministic(exp, html):
    assert render_explorable(exp) == html


def test_bad_arguments():
    with pytest.raises(ValueError, match="name must be lowercase"):
        explore(costs.run_cost, views.RUN_COST, name="Bad Name", title="t")
    with pytest.raises(ValueError, match="title"):
        explore(costs.run_cost, views.RUN_COST, name="x", title=" ")
    with pytest.raises(TypeError, match="decorated with @controls"):
        explore(lambda price=2.0: price, views.RUN_COST, name="x", title="t")
    with pytest.raises(TypeError, match="spec must map"):
        controls({"price": (0, 1)})

    @controls(costs.SPEC)
    def no_default(price, scope="v3-final-run"):
        return costs.run_cost(price, scope)

    with pytest.raises(ValueError, match="needs a default"):
        explore(no_default, views.RUN_COST, name="x", title="t")

    @controls(costs.SPEC)
    def off_grid(price=2.1, scope="v3-final-run"):
        return costs.run_cost(price, scope)

    with pytest.raises(ValueError, match="not on the grid"):
        explore(off_grid, views.RUN_COST, name="x", title="t")


def test_a_readers_kernel_gets_the_default_frame_only(exp, monkeypatch):
    """Outside a site build the bundle's HTML is the figure at its default, with no controls and no frames."""
    from explainers import SITE_BUILD

    monkeypatch.delenv(SITE_BUILD, raising=False)
    html = exp._repr_mimebundle_()["text/html"]
    assert "explorable-data" not in html and "<input" not in html and "<select" not in html
    default = exp.renderer()(**exp.defaults)
    assert default.readout in unescape(html) and default.alt in unescape(html)
    monkeypatch.setenv(SITE_BUILD, "1")
    bundle = exp._repr_mimebundle_()
    assert bundle["text/html"] == render_explorable(exp)
    # The site loads no widget, so its build draws none: the bundle is the HTML and a plain-text title.
    assert bundle.keys() == {"text/html", "text/plain"} and bundle["text/plain"] == exp.title
