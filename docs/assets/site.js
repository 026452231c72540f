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

// Muscle Twitch Guide: copy the full link to a page or section (no data, no requests).
// - the ¶ link next to each h2/h3 heading: follows the link as usual, and copies its full URL;
// - the "Copy link" buttons this script adds on the clinicians page copy the address shown
//   just before them (span.mtg-url).
// Full URLs start from the page's canonical link (site_url), so a link copied from a local or
// downloaded copy is still the public one. "Link copied" is said in a polite live region.
(function () {
  var live, timer;

  function liveRegion() {
    if (!live) {
      live = document.createElement("div");
      live.className = "mtg-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    return live;
  }

  function say(text) {
    var region = liveRegion();
    region.textContent = "";                     // so the same words are announced again
    clearTimeout(timer);
    setTimeout(function () { region.textContent = text; }, 50);
    timer = setTimeout(function () { region.textContent = ""; }, 5000);
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    var focused = document.activeElement, copied = false;
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    document.body.removeChild(area);
    if (focused && focused.focus) focused.focus();
    return copied;
  }

  function copy(text) {
    function fallback() { say(fallbackCopy(text) ? "Link copied" : "Copy this link: " + text); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { say("Link copied"); }, fallback);
    } else {
      fallback();
    }
  }

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : location.href).split("#")[0];
  }

  function isSectionLink(el) {
    return el.classList.contains("headerlink") && /^H[23]$/.test(el.parentNode.nodeName);
  }

  // Name each ¶ link by its heading, for screen readers ("Copy link to section: Outlook").
  function labelSectionLinks() {
    liveRegion();
    document.querySelectorAll(".md-typeset h2 > a.headerlink, .md-typeset h3 > a.headerlink")
      .forEach(function (link) {
        var heading = link.parentNode.cloneNode(true);
        heading.removeChild(heading.querySelector(".headerlink"));
        link.setAttribute("aria-label", "Copy link to section: " + heading.textContent.trim());
      });
  }

  // The clinicians page: a "Copy link" button after each full address, named for screen
  // readers by its row ("Copy link to the section: Outlook (page: Fasciculations)"). Made here,
  // not in the HTML, so no one without JavaScript meets a button that does nothing.
  // 250 addresses: made 40 at a time, each batch its own short task, so the page stays
  // responsive while they appear (Lighthouse's total blocking time).
  function addCopyButtons() {
    var urls = [].slice.call(document.querySelectorAll(".mtg-link-table td > .mtg-url"));
    (function batch() {
      urls.splice(0, 40).forEach(addCopyButton);
      if (urls.length) setTimeout(batch, 0);
      else document.documentElement.setAttribute("data-mtg-copy-ready", "");
    })();
  }

  function addCopyButton(url) {
    if (url.nextElementSibling) return;
    var table = url.closest("table"), row = url.closest("tr");
    var name = row.querySelector("th").textContent.trim();
    // The table is named by aria-label ("Links to Fasciculations"), not a <caption>.
    var page = (table.getAttribute("aria-label") || "").replace(/^Links to /, "");
    var what = table.classList.contains("mtg-alias-table") ? "the short link " + name
      : name === "Whole page" ? "the page: " + page
      : "the section: " + name + " (page: " + page + ")";
    // Named by aria-label, which starts with the visible words (WCAG 2.5.3), not by a hidden
    // span: 250 buttons, 250 fewer elements on the page (Lighthouse's DOM size).
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mtg-copy";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy link to " + what);
    url.after(" ", button);
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("a.headerlink, button.mtg-copy");
    if (!el) return;
    if (el.classList.contains("mtg-copy")) copy(el.previousElementSibling.textContent.trim());
    else if (isSectionLink(el)) copy(pageUrl() + el.getAttribute("href"));
  });

  function enhance() { labelSectionLinks(); addCopyButtons(); }
  if (window.document$) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
