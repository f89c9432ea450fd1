import pytest

from explainers.figures import pipeline
from explainers.interact.still import still


def test_still_shows_an_svg_with_alt_and_caption():
    s = still(pipeline.draw_r1_pipeline, pipeline.alt_r1_pipeline(), "How R1 was trained")
    html = s._repr_html_()
    assert html.startswith('<figure class="still"><img class="explorable-frame"')
    assert 'alt="Diagram of two training pipelines' in html and "<figcaption>How R1 was trained</figcaption>" in html
    assert "DeepSeek-R1-Zero" in s.frame.svg and "restarts from V3-Base" in s.frame.svg


def test_still_needs_alt_and_title():
    with pytest.raises(ValueError, match="alt and title"):
        still(pipeline.draw_r1_pipeline, " ", "t")
