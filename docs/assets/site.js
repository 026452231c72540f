// Muscle Twitch Guide: small page helpers (no data, no requests).
(function () {
  // Wide tables scroll sideways on phones: make each scroll area reachable by keyboard
  // (WCAG 2.1.1; axe: scrollable-region-focusable) and give it a name.
  // Material wraps tables when it mounts the page, so wait for its document$ signal.
  function labelScrollAreas() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", "Table (scrolls sideways)");
    });
  }
  if (window.document$) window.document$.subscribe(labelScrollAreas);
  else document.addEventListener("DOMContentLoaded", labelScrollAreas);

  // Open every collapsed section before printing, so handouts are complete.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  });
})();
