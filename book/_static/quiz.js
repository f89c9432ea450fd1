// Self-check questions on the static site: mark an answer in the browser, no kernel.
// The answers, tolerances and feedback come from explainers.questions at build time.
(function () {
  "use strict";

  function parseNumber(text) {
    var cleaned = text.trim().replace(/[$,\s]/g, "");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) { return null; }
    return Number(cleaned);
  }

  function mark(form, data) {
    if (data.kind === "choice") {
      var picked = form.querySelector("input[type=radio]:checked");
      if (!picked) { return { state: "none", text: data.none }; }
      var i = Number(picked.value);
      return { state: data.correct[i] ? "right" : "wrong", text: data.feedback[i] };
    }
    var guess = parseNumber(form.querySelector("input[type=text]").value);
    if (guess === null) { return { state: "none", text: data.invalid }; }
    if (Math.abs(guess - data.answer) <= data.tolerance + 1e-12) { return { state: "right", text: data.correct }; }
    return { state: "wrong", text: guess < data.answer ? data.low : data.high };
  }

  function init(form) {
    var data = JSON.parse(form.querySelector("script.quiz-data").textContent);
    var feedback = form.querySelector(".quiz-feedback");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = mark(form, data);
      var verdict = { right: "Correct. ", wrong: "Not yet. ", none: "" }[result.state];
      feedback.textContent = "";
      var strong = document.createElement("strong");
      strong.textContent = verdict;
      feedback.appendChild(strong);
      feedback.appendChild(document.createTextNode(result.text));
      feedback.dataset.state = result.state;
      form.dataset.state = result.state;
    });
    form.dataset.ready = "true";
  }

  function initAll() {
    document.querySelectorAll("form.quiz").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
