import pytest

from explainers.interact.still import still
from explainers.views import pipeline


def test_still_shows_an_inline_svg_named_by_its_alt_under_its_title():
    s = still(pipeline.draw_r1_pipeline, pipeline.alt_r1_pipeline(), "How R1 was trained")
    html = s._repr_html_()
    assert html.startswith('<figure class="still"><figcaption class="figure-title">How R1 was trained</figcaption>'
                           '<div class="figure-frame" role="img" aria-label="Diagram of two training pipelines')
    assert "DeepSeek-R1-Zero" in s.frame.markup and "restarts from V3-Base" in s.frame.markup
    assert s.frame.markup.startswith("<svg ") and 'aria-hidden="true"' in s.frame.markup


def test_still_needs_alt_and_title():
    with pytest.raises(ValueError, match="alt and title"):
        still(pipeline.draw_r1_pipeline, " ", "t")
