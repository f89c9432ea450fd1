"""The teacher's guide on the built site: a section for the introduction and every chapter of the
toc's first part, each with its parts, and every self-check of every chapter in its answer key."""

import re
from html import unescape
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from explainers.models import costs
from explainers.questions import MultipleChoice, questions

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.book


def _chapters() -> list[str]:
    """The root page and the chapters of the toc's first part, by slug: what the guide must cover."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [Path(f).name for f in [toc["root"]] + [c["file"] for c in toc["parts"][0]["chapters"]]]


CHAPTERS = _chapters()
# Sphinx turns straight quotes into typographic ones; compare text with them straightened.
STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).translate(STRAIGHT).split())


@pytest.fixture(scope="module")
def guide(site) -> str:
    html = (site / "book" / "teachers-guide.html").read_text()
    return html[html.index("<main"):html.index("</main>")]


def _section(guide: str, slug: str) -> str:
    """The guide's section for chapter ``slug``: from its label to the next chapter's."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'<span id="teachers-guide-([\w-]+)"></span>', guide)]
    for i, (start, name) in enumerate(starts):
        if name == slug:
            end = starts[i + 1][0] if i + 1 < len(starts) else len(guide)
            return guide[start:end]
    pytest.fail(f"the teacher's guide has no section labelled teachers-guide-{slug}")


def _dropdowns(fragment: str) -> list[tuple[str, str]]:
    """(summary, body) of every dropdown in ``fragment``, as text."""
    found = re.findall(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>", fragment, flags=re.DOTALL)
    return [(_text(summary), _text(body)) for summary, body in found]


def _after(fragment: str, heading: str) -> str:
    """``fragment`` from the h3 that contains ``heading`` to the next h3."""
    match = re.search(rf"<h3>[^<]*{heading}.*?(?=<h3>|\Z)", fragment, flags=re.DOTALL)
    assert match, f"no heading {heading!r}"
    return match.group(0)


def test_the_guide_is_in_the_toc_and_the_introduction_links_to_it(site):
    from tests.site.harness import pages_in_toc

    assert "book/teachers-guide.html" in pages_in_toc()
    assert 'href="teachers-guide.html#teachers-guide"' in (site / "book" / "intro.html").read_text()


def test_the_guide_covers_the_introduction_and_the_first_part():
    assert CHAPTERS[0] == "intro" and len(CHAPTERS) >= 2


@pytest.mark.parametrize("slug", CHAPTERS)
def test_each_chapter_has_objectives_lesson_plan_probes_discussion_and_exercises(guide, slug):
    section = _section(guide, slug)
    assert f'href="{slug}.html#{slug}"' in section  # the section links to its chapter
    headings = [_text(h) for h in re.findall(r"<h3>(.*?)</h3>", section, flags=re.DOTALL)]
    for part in ("Learning objectives", "lesson plan", "Misconception probes", "Discussion prompts", "Exercises"):
        assert any(part in h for h in headings), (slug, part, headings)

    objectives = re.search(r"<ol[^>]*>(.*?)</ol>", _after(section, "Learning objectives"), flags=re.DOTALL).group(1)
    assert 4 <= objectives.count("<li") <= 6

    plan = _after(section, "lesson plan")
    assert 'class="table lesson-plan' in plan or "lesson-plan" in re.search(r"<table[^>]*>", plan).group(0)
    rows = [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.DOTALL)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", plan, flags=re.DOTALL).group(1),
                                 flags=re.DOTALL)]
    assert "Warm-up" in rows[0][1] and "Exit ticket" in rows[-1][1]
    spans = [tuple(int(x) for x in row[0].split("–")) for row in rows]
    assert spans[0][0] == 0 and spans[-1][1] == 50
    assert all(a[1] == b[0] for a, b in pairwise(spans)), spans  # a timed sequence, without gaps

    probes = _after(section, "Misconception probes")
    further = [body for summary, body in _dropdowns(probes) if summary == "Answer"]
    assert len(further) >= 2 and all("Shown in" in body or "Shown by" in body for body in further)

    prompts = _dropdowns(_after(section, "Discussion prompts"))
    assert len(prompts) >= 2 and all("A good answer" in body for _, body in prompts)


@pytest.mark.parametrize("slug", CHAPTERS)
def test_every_self_check_is_in_its_chapters_answer_key(guide, slug):
    keys = {summary.removeprefix("Answer to "): body for summary, body in _dropdowns(_section(guide, slug))
            if summary.startswith("Answer to ")}
    assert list(keys) == [q.id for q in questions(slug)]
    for q in questions(slug):
        body = keys[q.id]
        if isinstance(q, MultipleChoice):
            assert body.count("Correct.") == 1 and body.count("Wrong.") == len(q.options) - 1
            correct = next(o for o in q.options if o.correct)
            assert f"Correct. {_text(correct.text)}" in body
            for o in q.options:
                assert _text(o.feedback) in body
        else:
            assert re.search(rf"Answer: [\d,.]+ ?{re.escape(q.unit)}, marked right", body), body
            for text in (q.correct, q.too_low, q.too_high):
                assert _text(text) in body


@pytest.mark.parametrize("slug", CHAPTERS)
def test_every_exercise_of_the_chapter_is_mapped(guide, slug):
    labels = re.findall(rf":label: ({re.escape(slug)}-ex\d+)", (ROOT / "book" / f"{slug}.md").read_text())
    section = _after(_section(guide, slug), "Exercises")
    for label in labels:
        assert f'href="{slug}.html#{label}"' in section, label


def test_the_guides_numbers_are_the_packages(guide):
    text = unescape(re.sub(r"<[^>]+>", "", guide))
    price = costs.SPEC["price"]
    assert f"${costs.run_cost(price=price.max).usd / 1e6:.2f}M at ${price.max:.2f}" in text
    assert "teachers-guide-" not in text  # no glue key left unrendered
