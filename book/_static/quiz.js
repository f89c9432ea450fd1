// Self-check questions on the static site: mark an answer in the browser, no kernel.
// The answers, the values to compare with and every word of feedback come from explainers.questions
// at build time; the marking order is questions.Numeric's rule.
(function () {
  "use strict";

  function parseNumber(text) {
    var cleaned = text.trim().replace(/[$,\s]/g, "").replace(/^\u2212/, "-");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) { return null; }
    return Number(cleaned);
  }

  function near(a, b, tolerance) { return Math.abs(a - b) <= tolerance + 1e-12; }

  function mark(form, data) {
    if (data.kind === "choice") {
      var picked = form.querySelector("input[type=radio]:checked");
      if (!picked) { return { state: "none", text: data.none }; }
      var i = Number(picked.value);
      return { state: data.correct[i] ? "right" : "wrong", text: data.feedback[i] };
    }
    var guess = parseNumber(form.querySelector("input[type=text]").value);
    if (guess === null) { return { state: "none", text: data.invalid }; }
    if (near(guess, data.answer, data.tolerance)) { return { state: "right", text: data.correct }; }
    for (var m = 0; m < data.mistakes.length; m++) {
      if (near(guess, data.mistakes[m][0], data.tolerance)) { return { state: "wrong", text: data.mistakes[m][1] }; }
    }
    for (var r = 0; r < data.roundings.length; r++) {
      var value = data.roundings[r][0];
      if (near(guess, value, 1e-9 * Math.max(1, Math.abs(value)))) { return { state: "close", text: data.roundings[r][1] }; }
    }
    return { state: "wrong", text: guess < data.answer ? data.low : data.high };
  }

  function init(form) {
    var data = JSON.parse(form.querySelector("script.quiz-data").textContent);
    var feedback = form.querySelector(".quiz-feedback");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = mark(form, data);
      feedback.textContent = "";
      if (data.verdicts[result.state]) {
        var strong = document.createElement("strong");
        strong.className = "quiz-verdict";
        strong.textContent = data.verdicts[result.state] + " ";
        feedback.appendChild(strong);
      }
      feedback.appendChild(document.createTextNode(result.text));
      feedback.dataset.state = result.state;
      form.dataset.state = result.state;
    });
    form.dataset.ready = "true";
  }

  function initAll() {
    document.querySelectorAll("form.quiz:not([data-ready])").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", initAll, { once: true });
  } else {
    initAll();
  }
})();
