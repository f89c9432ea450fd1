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
  // and a name, so it can be reached and scrolled without a mouse. The maths is typeset when the
  // book is built, so the boxes are measurable now; a turned phone changes which ones are too wide.
  function markWideMaths() {
    document.querySelectorAll(".bd-content mjx-container[display='true']").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.dataset.scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Equation, wider than the page: scroll sideways");
        box.dataset.scrolls = "true";
      } else if (!wide && box.dataset.scrolls) {
        ["tabindex", "role", "aria-label", "data-scrolls"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  markWideMaths();  // this file is deferred: the page is parsed
  window.addEventListener("resize", markWideMaths);
})();
