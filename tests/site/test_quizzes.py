"""Every self-check question on the site marks answers as the Python question does, and the reader
can read the verdict: answered right and wrong on a phone, in both themes."""

from pathlib import Path

import pytest
from tests.site.harness import PHONE, ROOT

from explainers.notebooks import TEACHERS_ONLY
from explainers.questions import MultipleChoice, question
from explainers.toc import notebook_pages

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


def _numeric_guesses(q):
    """Answers a reader gives: exactly right, a named mistake, a coarse rounding, too low, too high."""
    from explainers.questions import rounded

    return [rounded(q.answer, q.step), *(m.value for m in q.mistakes), *(v for v, _ in q.coarser_roundings()),
            q.answer - 4 * q.step - abs(q.answer) / 2, q.answer + 4 * q.step + abs(q.answer)]


def _check(form, state, text):
    """The feedback a reader sees: the state, one verdict word, then the question's own text."""
    from explainers.interact.quiz import VERDICT

    assert form.get_attribute("data-state") == state
    shown = form.locator(".quiz-feedback").inner_text()
    assert shown == f"{VERDICT[state]} {text}"
    assert sum(shown.count(v) for v in VERDICT.values()) == 1, f"one verdict, not two: {shown!r}"


def _contrast_violations(tab, form):
    tab.add_script_tag(path=str(AXE))
    result = form.evaluate("f => axe.run(f, {runOnly: ['color-contrast'], resultTypes: ['violations']})")
    return [(n["target"], n["any"][0]["message"] if n["any"] else "") for v in result["violations"] for n in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [f"{p}.html" for p in notebook_pages(ROOT) if p not in TEACHERS_ONLY])
def test_every_answer_a_reader_gives_gets_one_verdict_and_readable_feedback(reader, path, scheme):
    """Answer every self-check of the page right and wrong on a phone, then check what the reader sees,
    including axe-core's colour-contrast rule on the answered form, in both themes."""
    tab = reader(path, viewport=PHONE, scheme=scheme)
    ids = tab.locator("form.quiz").evaluate_all("fs => fs.map(f => f.id)")
    assert len(ids) >= 2, f"{path} needs at least two self-checks"
    for qid in ids:
        q, form = question(qid), tab.locator(f"form#{qid}")
        if isinstance(q, MultipleChoice):
            for i, option in enumerate(q.options):
                form.locator(f"label[for='{qid}-{i}']").click()
                form.locator("button").click()
                _check(form, "right" if option.correct else "wrong", option.feedback)
                assert not _contrast_violations(tab, form), (qid, i)
        else:
            for guess in _numeric_guesses(q):
                form.locator("input").fill(f"{guess:.6g}")
                form.locator("button").click()
                state, text = q.verdict(float(f"{guess:.6g}"))
                _check(form, state, text)
                assert not _contrast_violations(tab, form), (qid, guess)


def test_choice_and_numeric_prompts_look_the_same(reader):
    tab = reader("book/cost-math.html", viewport=PHONE)
    styles = tab.evaluate("""() => [...document.querySelectorAll('form.quiz .quiz-prompt')]
        .map(p => [getComputedStyle(p).fontSize, getComputedStyle(p).fontWeight])""")
    assert len(styles) >= 2 and len(set(map(tuple, styles))) == 1, styles
