// Previews of sourced numbers and glossary terms: what a link points at, shown in place, so a reader
// need not leave the sentence. The texts come with the page (script#explainers-previews, written by
// explainers.sphinxext). A preview opens on hover, on keyboard focus and on a first tap (a second tap
// follows the link); it stays while the pointer is over it and closes with Escape (WCAG 1.4.13).
(() => {
  const data = document.getElementById("explainers-previews");
  if (!data) return;
  const previews = JSON.parse(data.textContent);
  const tip = document.createElement("div");
  tip.id = "explainers-preview";
  tip.className = "preview-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.append(tip);

  let current = null;
  let hideTimer = 0;
  let tapOpens = false; // a touch began on a link whose preview was not open

  const target = (el) => {
    const a = el instanceof Element ? el.closest("a.reference") : null;
    if (!a || !a.hash) return null;
    return decodeURIComponent(a.hash.slice(1)) in previews ? a : null;
  };

  function show(a) {
    clearTimeout(hideTimer);
    if (current === a) return;
    hide();
    current = a;
    const [title, text] = previews[decodeURIComponent(a.hash.slice(1))];
    const strong = document.createElement("strong");
    strong.textContent = title;
    tip.replaceChildren(strong, document.createElement("br"), text);
    tip.hidden = false;
    a.setAttribute("aria-describedby", tip.id);
    const link = a.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(8, link.left), document.documentElement.clientWidth - width - 8);
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${link.bottom + window.scrollY + 6}px`;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }

  // A short delay lets the pointer cross from the link to the preview without closing it.
  const hideSoon = () => { clearTimeout(hideTimer); hideTimer = setTimeout(hide, 300); };

  document.addEventListener("pointerover", (e) => {
    if (e.pointerType === "touch") return;
    const a = target(e.target);
    if (a) show(a);
    else if (tip.contains(e.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("pointerout", (e) => {
    if (e.pointerType !== "touch" && current && (target(e.target) === current || tip.contains(e.target))) hideSoon();
  });
  document.addEventListener("focusin", (e) => {
    const a = target(e.target);
    if (a) show(a);
  });
  document.addEventListener("focusout", (e) => { if (target(e.target) === current) hide(); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
  // Decided on pointerdown: the tap's focus event opens the preview before its click arrives.
  document.addEventListener("pointerdown", (e) => {
    const a = target(e.target);
    tapOpens = e.pointerType === "touch" && a !== null && a !== current;
  });
  document.addEventListener("click", (e) => {
    const a = target(e.target);
    if (a && tapOpens) {
      e.preventDefault(); // first tap: preview; second tap on the same link follows it
      tapOpens = false;
      show(a);
    } else if (!a && !tip.contains(e.target)) {
      hide();
    }
  });
})();
