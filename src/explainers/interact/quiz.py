"""Self-check questions: marked by ``_static/quiz.js`` on the site, by Python in a kernel, and
listed with their answers in the teacher's guide."""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets

from explainers import markdown
from explainers.interact.dual import dual_bundle
from explainers.interact.static import json_script
from explainers.questions import MultipleChoice, Numeric, Question, question, questions

#: The one verdict a reader sees before the feedback, by marking state (the feedback never repeats it).
VERDICT = {"right": "Correct.", "close": "Close.", "wrong": "Not yet."}


def quiz_html(q: Question) -> str:
    """The question as a form that ``quiz.js`` marks without a kernel."""
    qid = escape(q.id)
    feedback = (f'<div class="quiz-feedback" id="{qid}-feedback" role="status"></div>')
    button = '<button type="submit" class="quiz-check">Check answer</button>'
    if isinstance(q, MultipleChoice):
        options = "".join(
            f'<div class="quiz-option"><input type="radio" name="{qid}" id="{qid}-{i}" value="{i}">'
            f'<label for="{qid}-{i}">{escape(q.options[i].text)}</label></div>' for i in q.order)
        data = {"kind": "choice", "correct": [o.correct for o in q.options],
                "feedback": [o.feedback for o in q.options], "none": "Choose an answer first."}
        body = f'<fieldset><legend class="quiz-prompt">{escape(q.prompt)}</legend>{options}</fieldset>'
    else:
        # The page marks by the rule of questions.Numeric, in its order: right, a named mistake, a coarser
        # rounding, too low or high. Python lists the values; the page only compares.
        data = {"kind": "numeric", "answer": q.answer, "tolerance": q.tolerance, "correct": q.correct,
                "mistakes": [[m.value, m.feedback] for m in q.mistakes],
                "roundings": [list(r) for r in q.coarser_roundings()],
                "low": q.too_low, "high": q.too_high, "invalid": "Type a number, for example 4.2."}
        body = (f'<p class="quiz-prompt" id="{qid}-prompt">{escape(q.ask)}</p>'
                f'<label for="{qid}-input">Your answer ({escape(q.unit)})</label> '
                f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}-input" '
                f'aria-describedby="{qid}-prompt">')
    data["verdicts"] = VERDICT
    return (f'<form class="quiz" id="{qid}" data-quiz="{data["kind"]}" novalidate>'
            f'<p class="quiz-badge">Self-check</p>{body}{button}{feedback}{json_script(data, "quiz-data")}</form>')


def _with_unit(text: str, unit: str) -> str:
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _quantity(number: float, unit: str, tolerance: float) -> str:
    """``number`` with its unit, to the decimals its tolerance makes meaningful: 8.364 ± 0.01 -> 8.36."""
    decimals = max(0, -math.floor(math.log10(tolerance)))
    return _with_unit(f"{number:,.{decimals}f}", unit)


def answer_key(chapter: str) -> str:
    """The self-check questions of ``chapter`` with their answers, as MyST Markdown.

    Each prompt is shown; a dropdown holds the verdict and feedback of every option (or the
    numeric answer, its tolerance and the feedback for a low or high guess), so a projected
    page gives nothing away until the teacher opens it. All text comes from the question bank.

    Parameters
    ----------
    chapter : str
        A chapter's slug, e.g. ``"intro"``; a ``ValueError`` names any other value.

    Returns
    -------
    str
        MyST Markdown, for ``IPython.display.Markdown`` in a page whose front matter sets
        ``mystnb: render_markdown_format: myst`` (myst-nb's default, CommonMark, has no directives).

    Used in: the teacher's guide (``teachers-guide``).
    """
    # "$3.00 ... $2.00" in a prompt must not become inline math.
    blocks = []
    for q in questions(chapter):
        prompt = q.ask if isinstance(q, Numeric) else q.prompt
        lines = [f"**Self-check `{q.id}`.** {markdown.escape(prompt)}", "",
                 f"```{{dropdown}} Answer to {q.id}", ""]
        if isinstance(q, MultipleChoice):
            for o in (q.options[i] for i in q.order):
                verdict = "Correct." if o.correct else "Wrong."
                lines += [f"- **{verdict}** {markdown.escape(o.text)}", "",
                          f"  *Feedback:* {markdown.escape(o.feedback)}", ""]
        else:
            answer = markdown.escape(_quantity(q.answer, q.unit, q.tolerance))
            within = markdown.escape(_with_unit(f"{q.tolerance:g}", q.unit))
            lines += [f"**Answer:** {answer}, marked right within ± {within}.", "",
                      f"- *Feedback if right:* {markdown.escape(q.correct)}", ""]
            lines += [f"- *If {markdown.escape(_quantity(m.value, q.unit, q.tolerance))} (a named mistake):* "
                      f"{markdown.escape(m.feedback)}" for m in q.mistakes] + [""] * bool(q.mistakes)
            lines += [f"- *If {markdown.escape(_with_unit(f'{value:,g}', q.unit))} (rounded too coarsely):* "
                      f"{markdown.escape(text)}" for value, text in q.coarser_roundings()]
            lines += [""] * bool(q.coarser_roundings())
            lines += [f"- *If too low:* {markdown.escape(q.too_low)}", "",
                      f"- *If too high:* {markdown.escape(q.too_high)}", ""]
        lines.append("```")  # a directive under myst-nb's MyST rendering, a plain block in JupyterLab
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


class Quiz:
    """A question shown as ipywidgets in a kernel and as a self-marking form on the site."""

    def __init__(self, q: Question):
        if not isinstance(q, (MultipleChoice, Numeric)):
            raise TypeError(f"q must be a MultipleChoice or Numeric question, got {type(q).__name__}")
        self.question = q
        self.feedback = widgets.HTML()
        self.check = widgets.Button(description="Check answer")
        text = q.ask if isinstance(q, Numeric) else q.prompt
        prompt = widgets.HTML(f"<p><strong>Self-check.</strong> {markdown.escape(text)}</p>")
        if isinstance(q, MultipleChoice):
            self.answer = widgets.RadioButtons(options=[(q.options[i].text, i) for i in q.order], value=None,
                                               description="Answer", layout=widgets.Layout(width="auto"))
        else:
            self.answer = widgets.FloatText(value=None, description=f"Your answer ({q.unit})",
                                            style={"description_width": "initial"})
        self.check.on_click(self.mark)
        self.box = widgets.VBox([prompt, self.answer, self.check, self.feedback])

    def mark(self, _button=None) -> None:
        """Mark the current answer and show the feedback."""
        if self.answer.value is None:
            self.feedback.value = "<p>Give an answer first.</p>"
            return
        q = self.question
        if isinstance(q, Numeric):
            state, text = q.verdict(self.answer.value)
        else:
            right, text = q.mark(self.answer.value)
            state = "right" if right else "wrong"
        self.feedback.value = (f'<p role="status" class="quiz-feedback" data-state="{state}">'
                               f'<strong>{VERDICT[state]}</strong> {markdown.escape(text)}</p>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return dual_bundle(self.box, quiz_html(self.question))


def quiz(qid: str) -> Quiz:
    """The self-check question ``qid`` (e.g. ``"intro-q1"``), ready to display."""
    return Quiz(question(qid))
