"""Every self-check question on the site marks answers as the Python question does."""

import pytest

from explainers.questions import MultipleChoice, question
from tests.site.harness import pages_in_toc

pytestmark = pytest.mark.browser


def _quizzes(page, base_url):
    forms = {}
    for path in pages_in_toc():
        page.goto(f"{base_url}/{path}")
        page.wait_for_load_state("networkidle")
        forms[path] = page.locator("form.quiz").evaluate_all("fs => fs.map(f => f.id)")
    return forms


def test_every_question_on_the_site_marks_like_python(page, base_url):
    checked = 0
    for path, ids in _quizzes(page, base_url).items():
        page.goto(f"{base_url}/{path}")
        page.wait_for_selector("form.quiz[data-ready=true]") if ids else None
        for qid in ids:
            q, form = question(qid), page.locator(f"form#{qid}")
            if isinstance(q, MultipleChoice):
                for i, option in enumerate(q.options):
                    form.locator(f"#{qid}-{i}").check()
                    form.locator("button").click()
                    assert form.get_attribute("data-state") == ("right" if option.correct else "wrong")
                    assert option.feedback in form.locator(".quiz-feedback").inner_text()
            else:
                for guess in (q.answer, q.answer + 3 * q.tolerance, q.answer - 3 * q.tolerance):
                    form.locator("input").fill(f"{guess:.6g}")
                    form.locator("button").click()
                    right, text = q.mark(float(f"{guess:.6g}"))
                    assert form.get_attribute("data-state") == ("right" if right else "wrong")
                    assert text in form.locator(".quiz-feedback").inner_text()
            checked += 1
    assert checked >= 8  # intro, v3-vs-r1 and cost-math carry at least eight between them
