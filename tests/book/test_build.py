"""The strict build and what it produces (built fresh, once per test run, in conftest.build)."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from docutils.nodes import make_id
from tests.site.harness import built_frames

from explainers import ledger
from explainers.interact import explore
from explainers.models import (
    abliteration,
    benchmarks,
    costs,
    distill,
    export_controls,
    grpo,
    later,
    memory,
    moe,
    openness,
    ownership,
    toy_r1zero,
)
from explainers.views import benchmarks as benchmark_views
from explainers.views import costs as views
from explainers.views import distill as distill_views
from explainers.views import export_controls as export_views
from explainers.views import later as later_views
from explainers.views import moe as moe_views
from explainers.views import openness as openness_views
from explainers.views import ownership as ownership_views
from explainers.views import rl as rl_views

ROOT = Path(__file__).resolve().parents[2]
SPHINX_PROBLEM = re.compile(r"(^|: )(WARNING|ERROR|CRITICAL|SEVERE):", re.M)

pytestmark = pytest.mark.book


def test_strict_build_passes_with_zero_warnings(build):
    assert build["returncode"] == 0, build["log"][-5000:]
    assert not SPHINX_PROBLEM.findall(build["log"]), build["log"][-5000:]


def test_every_toc_page_is_built(site):
    from tests.site.harness import pages_in_toc

    for page in pages_in_toc():
        assert (site / page).is_file(), page


def test_appendix_has_a_row_for_every_fact(site):
    html = (site / "book" / "sources.html").read_text()
    for f in ledger.all_facts():
        assert f'id="{make_id(f"fact-{f.key}")}"' in html, f.key
    for grade, meaning in ledger.GRADES.items():
        assert meaning[1:] in html, grade


def test_every_fact_in_the_prose_links_to_its_row(site):
    sources = (site / "book" / "sources.html").read_text()
    for md in sorted((ROOT / "book").glob("*.md")):
        keys = re.findall(r"\{fact\}`([^`]+)`", md.read_text())
        if not keys:
            continue
        html = (site / "book" / md.with_suffix(".html").name).read_text()
        for key in keys:
            anchor = make_id(f"fact-{key}")
            link = re.search(rf'href="sources.html#{anchor}"><span class="std std-ref">([^<]+)</span></a>', html)
            assert link, f"{md.name}: {{fact}}`{key}` is not linked to its row"
            assert unescape(link.group(1)) == ledger.fact(key).text()
            assert f'id="{anchor}"' in sources


def test_secondary_numbers_carry_a_badge_in_the_prose(site):
    html = (site / "book" / "intro.html").read_text()
    assert re.search(r'\$294K</span></a><span class="fact-flag">secondary</span>', html)
    assert not re.search(r'\$5\.576M</span></a><span class="fact-flag">', html)


def test_glued_numbers_are_the_packages(site):
    text = re.sub(r"<[^>]+>", "", (site / "book" / "intro.html").read_text())
    assert f"{costs.run_cost().gpu_hours:,.0f} GPU-hours" in text
    assert f"${costs.run_cost().usd / 1e6:.3f} million" in text
    assert f"${costs.run_cost(scope='v3-plus-r1-rl').usd / 1e6:.2f} million" in text


# Every explorable in the book: its model (which carries its controls) and view. A new figure must be added here.
EXPLORABLES = {
    "intro-run-cost": (costs.run_cost, views.RUN_COST),
    "cost-math-phases": (costs.run_cost, views.PHASE_COSTS),
    "cost-math-flops": (costs.flops_budget, views.FLOPS_BUDGET),
    "cost-math-own": (ownership.rent_or_own, ownership_views.RENT_OR_OWN),
    "v3-vs-r1-routing": (moe.routing, moe_views.ROUTING),
    "v3-vs-r1-kv": (moe.kv_cache_memory, moe_views.KV_CACHE),
    "v3-vs-r1-benchmarks": (benchmarks.scores, benchmark_views.SCORES),
    "reinforcement-learning-group": (grpo.sandbox, rl_views.GROUP),
    "reinforcement-learning-checker": (grpo.check_example, rl_views.CHECKER),
    "reinforcement-learning-toy": (toy_r1zero.simulate, rl_views.RUN),
    "reinforcement-learning-hacking": (toy_r1zero.hacking, rl_views.HACKING),
    "distillation-lab": (distill.lab, distill_views.LAB),
    "distillation-benchmarks": (benchmarks.distill_scores, distill_views.DISTILL_SCORES),
    "distillation-fit": (memory.fit, distill_views.FIT),
    "open-weights-scorecard": (openness.scorecard, openness_views.SCORECARD),
    "open-weights-licences": (openness.compare_licences, openness_views.LICENCE_COMPARISON),
    "open-weights-abliteration": (abliteration.ablate, openness_views.ABLATION),
    "export-controls-classifier": (export_controls.classify_chip, export_views.CLASSIFICATION),
    "export-controls-map": (export_controls.threshold_map, export_views.THRESHOLD_MAP),
    "export-controls-design": (export_controls.design_chip, export_views.CLASSIFICATION),
    "export-controls-timeline": (export_controls.timeline, export_views.TIMELINE),
    "what-happened-next-story": (later.story, later_views.STORY),
    "what-happened-next-sparse": (later.attention_work, later_views.SPARSE),
}
FIGURE = re.compile(r'<figure class="explorable" id="([^"]+)".*?class="explorable-data">(.*?)</script>', re.S)


def test_site_frames_are_the_current_packages_output(site):
    """A stale cache would leave old frames on the page: every built frame must equal a fresh render."""
    seen = set()
    for page in sorted((site / "book").glob("*.html")):
        for name, data in built_frames(page).items():
            assert name in EXPLORABLES, f"{page.name}: explorable {name!r} is missing from EXPLORABLES"
            model, view = EXPLORABLES[name]
            fresh = explore(model, view, name=name, title="t").html()
            assert json.loads(FIGURE.search(fresh).group(2)) == data, f"{page.name}: {name} is stale"
            seen.add(name)
    assert seen == set(EXPLORABLES)


def test_pages_keep_only_the_first_frame_of_each_figure(site):
    """The frames of the other settings live in a file per figure, loaded when needed: a page carries
    each figure as it first looks, and no frames' data."""
    for page in (site / "book").glob("*.html"):
        html = page.read_text()
        assert "explorable-data" not in html, f"{page.name} still carries frames inline"
        figures = re.findall(r'<figure class="explorable" id="[^"]+"( data-frames="[^"]+")?', html)
        assert all(figures), f"{page.name}: an explorable names no frames file"


def test_static_pages_load_no_widget_javascript_or_state(site):
    for page in (site / "book").glob("*.html"):
        html = page.read_text()
        assert "widget-state+json" not in html and "embed-amd" not in html and "require.min.js" not in html


def test_the_sources_appendix_speaks_to_a_student(site):
    """Rows say what a number is; no internal row ids of the team's research ledger (``row 1.32``)."""
    text = re.sub(r"<[^>]+>", " ", (site / "book" / "sources.html").read_text())
    assert not re.search(r"\brow \d+\.\d+", text)
    assert "rimary source" in text


def test_no_page_waits_for_a_script_or_the_search_index_before_showing_text(site):
    """On a phone every script file in the head held up the first paint: they are all deferred
    (sphinxext.defer_scripts), the search index loads on the search page only (book/_templates/
    layout.html), and the maths comes typeset (explainers.mathtypeset), so no MathJax script."""
    for page in (site / "book").glob("*.html"):
        head = page.read_text().split("</head>")[0]
        blocking = [tag for tag in re.findall(r"<script[^>]*\bsrc=[^>]*>", head)
                    if not re.search(r"\b(defer|async)\b", tag)]
        assert blocking == [], f"{page.name}: {blocking}"
        assert "searchindex.js" not in head
        assert not [tag for tag in re.findall(r"<script[^>]*>", head) if "mathjax" in tag.lower()]
        assert "window.MathJax" not in head
