// On a phone the theme shows the contents and the page's sections in drawers (modal dialogs), and
// leaves a drawer open after the reader picks a section of the same page, covering the section they
// asked for. Close the drawer when a link inside it is followed.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("dialog[open] a[href]");
    if (link) { link.closest("dialog").close(); }
  });
})();
