import json
import re

import pytest

from explainers import markdown
from explainers.interact.quiz import Quiz, answer_key, quiz, quiz_html
from explainers.questions import MultipleChoice, Numeric, Option, question, questions

CHAPTERS = ["intro", "v3-vs-r1", "reinforcement-learning", "distillation", "open-weights", "export-controls",
            "cost-math", "what-happened-next"]


def test_intro_has_a_choice_and_a_numeric_question():
    kinds = {type(q) for q in questions("intro")}
    assert kinds == {MultipleChoice, Numeric}


def test_numeric_answer_comes_from_the_model():
    q = question("intro-q2")
    assert q.answer == pytest.approx(2.788 * 3)
    assert q.mark(8.364) == (True, q.correct)
    assert q.mark(5.576)[0] is False and q.mark(5.576)[1] == q.too_low
    assert q.mark(8364)[1] == q.too_high


def test_choice_marking_and_feedback():
    q = question("intro-q1")
    right = [i for i, o in enumerate(q.options) if o.correct]
    assert q.mark(right[0])[0] is True
    for i, o in enumerate(q.options):
        assert q.mark(i) == (o.correct, o.feedback)
        assert o.feedback  # every wrong answer explains its misconception


def test_bad_answers():
    with pytest.raises(ValueError, match="choice must be between 0 and 3"):
        question("intro-q1").mark(7)
    with pytest.raises(TypeError):
        question("intro-q1").mark("a")
    with pytest.raises(TypeError, match="guess must be a finite number"):
        question("intro-q2").mark(float("nan"))
    with pytest.raises(ValueError, match="chapter must be one of"):
        questions("nowhere")
    with pytest.raises(ValueError, match="exactly one correct"):
        MultipleChoice("x", "?", (Option("a", True, ""), Option("b", True, "")))


def test_html_is_labelled_and_carries_the_marking_data():
    html = quiz_html(question("intro-q2"))
    assert '<label for="intro-q2-input">Your answer (million USD)</label>' in html
    assert 'role="status"' in html
    data = json.loads(re.search(r'class="quiz-data">(.*?)</script>', html).group(1))
    assert data["answer"] == question("intro-q2").answer
    choice = quiz_html(question("intro-q1"))
    assert "<fieldset><legend class=\"quiz-prompt\">" in choice and choice.count('type="radio"') == 4


def test_live_quiz_marks_in_python():
    q = quiz("intro-q1")
    q.mark()
    assert "Give an answer first" in q.feedback.value
    q.answer.value = 1
    q.check.click()
    assert "Not yet." in q.feedback.value and "prior research" in q.feedback.value
    numeric = quiz("intro-q2")
    numeric.answer.value = 8.364
    numeric.check.click()
    assert "Correct." in numeric.feedback.value


def test_bundle_has_widget_and_html():
    bundle = quiz("intro-q1")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "<form" in bundle["text/html"]
    with pytest.raises(TypeError):
        Quiz("intro-q1")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_question_is_well_formed(chapter):
    for q in questions(chapter):
        assert q.id.startswith(chapter + "-q")
        assert question(q.id) == q
        if isinstance(q, Numeric):
            assert q.mark(q.answer)[0] and not q.mark(q.answer + 2 * q.tolerance)[0]
            assert q.too_low != q.too_high


def test_cost_math_answers_come_from_the_model():
    assert question("cost-math-q2").answer == pytest.approx(3.2856)
    assert question("cost-math-q3").answer == pytest.approx(34.6, abs=0.1)
    q1 = question("cost-math-q1")
    assert q1.mark(0)[0] and "11 times" in q1.prompt


def test_open_weights_questions_agree_with_the_models():
    from explainers.models import abliteration, openness

    r1 = openness.assess(openness.RELEASES["DeepSeek-R1"])
    assert r1.open_weights and set(r1.missing) == {"training-code", "data-information"}  # what q1's answer says
    llama = openness.RELEASES["DeepSeek-R1-Distill-Llama-70B"].parts["weights"].licences
    assert llama == ("mit", "llama-3.3")  # what q2's answer says
    q3 = question("open-weights-q3")
    assert q3.answer == pytest.approx(50.0)  # sin 30° of the gap is left
    assert q3.mark(abliteration.ablate(90.0).gap_left * 100)[0]
    assert q3.mark(86.6)[1] == q3.mistakes[0].feedback and "cosine" in q3.mistakes[0].feedback  # a common slip


# --- The teacher's guide's answer key ------------------------------------------------------------


def _blocks(key: str) -> dict[str, str]:
    """The answer key cut into one block per question, by id."""
    parts = re.split(r"^\*\*Self-check `([^`]+)`\.\*\* ", key, flags=re.MULTILINE)
    assert parts[0] == ""
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_key_lists_every_question_with_its_prompt(chapter):

    blocks = _blocks(answer_key(chapter))
    assert list(blocks) == [q.id for q in questions(chapter)]
    for q in questions(chapter):
        prompt = q.ask if isinstance(q, Numeric) else q.prompt
        assert blocks[q.id].startswith(markdown.escape(prompt) + "\n")
        # the answers sit in a dropdown, so a projected page does not give them away
        assert f"\n```{{dropdown}} Answer to {q.id}\n" in blocks[q.id]
        assert blocks[q.id].rstrip().endswith("\n```")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_key_marks_exactly_the_correct_option_and_gives_every_feedback(chapter):

    blocks = _blocks(answer_key(chapter))
    for q in questions(chapter):
        if not isinstance(q, MultipleChoice):
            continue
        block = blocks[q.id]
        marked = re.findall(r"^- \*\*(Correct|Wrong)\.\*\* (.*)$", block, flags=re.MULTILINE)
        shown = [q.options[i] for i in q.order]  # the order readers see on the page
        assert [verdict == "Correct" for verdict, _ in marked] == [o.correct for o in shown]
        assert [text for _, text in marked] == [markdown.escape(o.text) for o in shown]
        for o in q.options:
            assert f"*Feedback:* {markdown.escape(o.feedback)}" in block


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_key_gives_numeric_answers_with_their_unit_and_all_three_feedbacks(chapter):

    blocks = _blocks(answer_key(chapter))
    for q in questions(chapter):
        if not isinstance(q, Numeric):
            continue
        block = blocks[q.id]
        unit = re.escape(markdown.escape(q.unit))
        found = re.search(rf"^\*\*Answer:\*\* ([\d,.]+) ?{unit}, marked right within ± ([\d.]+) ?{unit}\.$",
                          block, flags=re.MULTILINE)
        assert found, block
        assert float(found.group(1).replace(",", "")) == pytest.approx(q.answer, abs=q.tolerance)
        assert float(found.group(2)) == q.tolerance
        for text in (q.correct, q.too_low, q.too_high):
            assert markdown.escape(text) in block


def test_answer_key_formats_known_answers():
    assert "**Answer:** 8.36 million USD, marked right within ± 0.05 million USD." in answer_key("intro")
    assert "**Answer:** 41.1%, marked right within ± 0.5%." in answer_key("reinforcement-learning")
    assert "*If 4 GB (rounded too coarsely):*" in answer_key("distillation")
    assert "*If 15.23 GB (a named mistake):* That is 2 bytes (16 bits) per weight" in answer_key("distillation")


def test_answer_key_escapes_dollars_so_they_stay_text():
    key = answer_key("intro")
    assert "\\$3.00 per GPU-hour" in key
    assert not re.search(r"(?<!\\)\$", key)  # "$3.00 ... $2.00" would otherwise become inline maths


def test_answer_key_rejects_an_unknown_chapter_by_name():
    with pytest.raises(ValueError, match="got 'nowhere'"):
        answer_key("nowhere")


def test_options_are_shown_in_one_shuffled_order_everywhere():
    choices = [q for c in CHAPTERS for q in questions(c) if isinstance(q, MultipleChoice)]
    shown_at = {q.order.index(next(i for i, o in enumerate(q.options) if o.correct)) for q in choices}
    assert len(shown_at) >= 3  # the right answer is not always in the same place
    for q in choices:
        assert sorted(q.order) == list(range(len(q.options)))
        html = quiz_html(q)
        assert [int(v) for v in re.findall(r'type="radio" name="[^"]+" id="[^"]+" value="(\d+)"', html)] == list(q.order)
        assert [v for _, v in quiz(q.id).answer.options] == list(q.order)


# --- The marking rule -------------------------------------------------------------------------------

NUMERIC = [q for chapter in CHAPTERS for q in questions(chapter) if isinstance(q, Numeric)]


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q.id)
def test_every_numeric_question_is_marked_by_the_one_rule(q):
    from explainers.questions import PRECISION, rounded

    assert q.tolerance == q.step / 2 and q.ask.endswith(f"Give your answer {PRECISION[q.step]}.")
    assert q.verdict(rounded(q.answer, q.step))[0] == "right"  # the answer as asked
    assert q.verdict(q.answer + 0.49 * q.step)[0] == "right" and q.verdict(q.answer - 0.49 * q.step)[0] == "right"
    assert q.verdict(q.answer + 0.51 * q.step)[0] != "right" and q.verdict(q.answer - 0.51 * q.step)[0] != "right"
    for m in q.mistakes:
        assert q.verdict(m.value) == ("wrong", m.feedback)
    for value, text in q.coarser_roundings():
        assert q.verdict(value) == ("close", text)  # rounding is never diagnosed as a misconception
    assert q.verdict(q.answer * 0.5 - 1)[1] == q.too_low and q.verdict(q.answer * 3 + 1000)[1] == q.too_high


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q.id)
def test_no_feedback_repeats_the_verdict_the_page_adds(q):
    texts = [q.correct, q.too_low, q.too_high, *(m.feedback for m in q.mistakes),
             *(t for _, t in q.coarser_roundings())]
    assert not [t for t in texts if re.match(r"(Right|Correct|Not quite|Not yet|Close)\b", t)]


def test_choice_feedback_never_repeats_the_verdict():
    for chapter in CHAPTERS:
        for q in questions(chapter):
            if isinstance(q, MultipleChoice):
                assert not [o.feedback for o in q.options if re.match(r"(Right|Correct|Not quite|Not yet)\b", o.feedback)]


def test_known_verdicts_from_the_issue():
    assert question("intro-q2").verdict(8.4)[0] == "right"  # read off the figure, to one decimal
    assert question("distillation-q3").verdict(4)[0] == "close"  # 3.81 rounded to a whole number
    tpp = question("export-controls-q2")
    assert tpp.verdict(5)[0] == "close" and "bit length" not in tpp.verdict(5)[1]
    assert "bit length" in tpp.verdict(0.02)[1]


def test_a_mistake_too_close_to_the_answer_is_refused():
    from explainers.questions import Mistake

    q = question("distillation-q3")
    with pytest.raises(ValueError, match="within two tolerances"):
        Numeric(q.id, q.prompt, q.answer, q.step, q.unit, q.correct, q.too_low, q.too_high,
                mistakes=(Mistake(q.answer + 1.5 * q.tolerance, "x"),))
    with pytest.raises(ValueError, match="step must be one of"):
        Numeric(q.id, q.prompt, q.answer, 0.2, q.unit, q.correct, q.too_low, q.too_high)


def test_a_live_kernel_showing_the_answer_key_imports_no_book_machinery():
    """The teacher's guide calls answer_key in a live kernel, whose environment has no Sphinx extension's
    dependencies (pybtex once broke it): the runtime must not import the build's modules."""
    import subprocess
    import sys

    code = ("import sys; from explainers.interact import explore, quiz; from explainers.interact.quiz import answer_key; "
            "answer_key('cost-math'); "
            "print(sorted(m for m in ('explainers.sphinxext', 'explainers.notebooks', 'sphinx', 'nbclient', "
            "'jupytext', 'pybtex') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
