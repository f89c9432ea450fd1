// Kernel-free explorables: switch between frames the build precomputed from the Python model.
// No arithmetic happens here; every number shown was computed by the package.
(function () {
  "use strict";

  function svgSource(svg) {
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  }

  function init(figure) {
    var data = JSON.parse(figure.querySelector("script.explorable-data").textContent);
    var inputs = Array.prototype.slice.call(figure.querySelectorAll("[data-param]"));
    var img = figure.querySelector("img.explorable-frame");
    var readout = figure.querySelector(".explorable-readout");

    function show() {
      var key = inputs.map(function (el) { return el.value; }).join("-");
      var frame = data.frames[key];
      if (!frame) { return; }
      img.src = svgSource(frame[0]);
      img.alt = frame[1];
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
    document.querySelectorAll("figure.explorable").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
