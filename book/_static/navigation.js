// On a phone the theme shows the contents and the page's sections in drawers (modal dialogs), and
// leaves a drawer open after the reader picks a section of the same page, covering the section they
// asked for. Close the drawer when a link inside it is followed.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("dialog[open] a[href]");
    if (link) { link.closest("dialog").close(); }
  });

  // A displayed equation wider than the column scrolls sideways (custom.css): give it a keyboard stop
  // and a name, so it can be reached and scrolled without a mouse. MathJax typesets after load.
  function markWideMaths() {
    document.querySelectorAll(".bd-content mjx-container[display='true']").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.dataset.scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Equation, wider than the page: scroll sideways");
        box.dataset.scrolls = "true";
      }
    });
  }
  window.addEventListener("load", function () {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(markWideMaths);
    } else {
      markWideMaths();
    }
  });
})();
