"""axe-core on every page, light and dark: no serious or critical violation."""

from pathlib import Path

import pytest
from tests.site.harness import pages_in_toc

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", pages_in_toc())
def test_no_serious_accessibility_violations(chromium, base_url, path, scheme):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
