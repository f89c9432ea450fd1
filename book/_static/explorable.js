// Kernel-free explorables: switch between frames the build precomputed from the Python model.
// No arithmetic happens here; every number shown was computed by the package.
(function () {
  "use strict";

  function init(figure) {
    var data = JSON.parse(figure.querySelector("script.explorable-data").textContent);
    var inputs = Array.prototype.slice.call(figure.querySelectorAll("[data-param]"));
    var frameBox = figure.querySelector(".figure-frame");
    var readout = figure.querySelector(".explorable-readout");

    function show() {
      var key = inputs.map(function (el) { return el.value; }).join("-");
      var frame = data.frames[key];
      if (!frame) { return; }
      frameBox.innerHTML = frame[0];
      if (frame[1]) { frameBox.setAttribute("aria-label", frame[1]); }
      readout.textContent = frame[2];
      inputs.forEach(function (el) {
        if (el.type !== "range") { return; }
        var text = data.labels[el.dataset.param][Number(el.value)];
        el.setAttribute("aria-valuetext", text);
        var output = figure.querySelector('output[for="' + el.id + '"]');
        if (output) { output.textContent = text; }
      });
      figure.dataset.frame = key;
    }

    inputs.forEach(function (el) { el.addEventListener("input", show); });
    figure.dataset.ready = "true";
  }

  function initAll() {
    document.querySelectorAll("figure.explorable:not([data-ready])").forEach(init);
  }

  // Wire the controls as soon as the page is parsed: "interactive" comes before deferred scripts
  // such as MathJax run, so a reader on a slow phone can use the figures while the maths typesets.
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", initAll, { once: true });
  } else {
    initAll();
  }
})();
