"""Every self-check question on the site marks answers as the Python question does."""

import pytest

from explainers.notebooks import TEACHERS_ONLY, notebook_pages
from explainers.questions import MultipleChoice, question
from tests.site.harness import ROOT, pages_in_toc

pytestmark = pytest.mark.browser


def _quizzes(page, base_url):
    forms = {}
    for path in pages_in_toc():
        page.goto(f"{base_url}/{path}")
        page.wait_for_load_state("networkidle")
        forms[path] = page.locator("form.quiz").evaluate_all("fs => fs.map(f => f.id)")
    return forms


def test_every_question_on_the_site_marks_like_python(page, base_url):
    quizzes = _quizzes(page, base_url)
    for chapter in notebook_pages(ROOT):
        if chapter not in TEACHERS_ONLY:
            assert len(quizzes[f"{chapter}.html"]) >= 2, f"{chapter} needs at least two self-checks"
    for path, ids in quizzes.items():
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
