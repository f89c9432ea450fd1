// Kernel-free explorables: switch between frames the build precomputed from the Python model.
// No arithmetic happens here; every number shown was computed by the package.
//
// A figure's page holds the frame it first shows. The frames of its other settings are either inline
// (script.explorable-data, as the package writes them) or, on the built site, in a script file named
// by data-frames (explainers.sphinxext.split_frames), which calls explainersFrames(id, data). That file
// is loaded when the figure comes near the screen, when one of its controls is touched, or once the
// page has loaded, whichever is first. A move made before the frames arrive is shown when they do.
(function () {
  "use strict";

  var receivers = {};  // figure id -> function taking that figure's frames
  var loaders = new Map();  // figure -> function loading its frames' file
  var nearScreen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      nearScreen.unobserve(entry.target);
      loaders.get(entry.target)();
    });
  }, { rootMargin: "100% 0px" }) : null;

  window.explainersFrames = function (id, data) {
    if (receivers[id]) { receivers[id](data); }
  };

  function init(figure) {
    var inputs = Array.prototype.slice.call(figure.querySelectorAll("[data-param]"));
    var frameBox = figure.querySelector(".figure-frame");
    var readout = figure.querySelector(".explorable-readout");
    var inline = figure.querySelector("script.explorable-data");
    var data = null;
    var waiting = false;  // a control moved before the frames arrived

    function show() {
      if (!data) { waiting = true; load(); return; }
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

    function receive(frames) {
      data = frames;
      figure.dataset.ready = "true";
      if (waiting) { show(); }
    }

    function load() {
      if (data || figure.dataset.loading) { return; }
      figure.dataset.loading = "true";
      var script = document.createElement("script");
      script.src = figure.dataset.frames;
      script.onerror = function () {
        delete figure.dataset.loading;  // try again on the next move
        readout.textContent = "The figure's other settings did not load; check the connection and move a control again.";
      };
      document.head.appendChild(script);
    }

    inputs.forEach(function (el) {
      el.addEventListener("input", show);
      el.addEventListener("focus", load);
      el.addEventListener("pointerdown", load);
    });
    if (inline) {
      receive(JSON.parse(inline.textContent));
    } else {
      receivers[figure.id] = receive;
      loaders.set(figure, load);
      if (nearScreen) { nearScreen.observe(figure); }
    }
  }

  function initAll() {
    document.querySelectorAll("figure.explorable:not([data-wired])").forEach(function (figure) {
      figure.dataset.wired = "true";
      init(figure);
    });
  }

  // Load every remaining figure's frames once the page and its first screen are done.
  function loadTheRest() {
    var later = window.requestIdleCallback || function (f) { setTimeout(f, 200); };
    later(function () { loaders.forEach(function (load) { load(); }); }, { timeout: 3000 });
  }

  // Wire the controls as soon as the page is parsed: "interactive" comes before the page's other
  // files have loaded, so a reader on a slow phone can use the figures at once.
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", initAll, { once: true });
  } else {
    initAll();
  }
  if (document.readyState === "complete") { loadTheRest(); } else { window.addEventListener("load", loadTheRest); }
})();
