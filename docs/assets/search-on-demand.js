// Muscle Twitch Guide: Material's search index (45 KB gzip) and worker (12 KB) wait until the
// reader starts to search, instead of loading on every page (PERFORMANCE.md, "Search on demand").
// Runs before Material's bundle (listed in extra.polyfills); all other requests pass through.
// Also, since Material 9.8 has no option for it: a word of 5+ letters goes to the worker also
// as `word~1` (Lunr's fuzzy match: one letter wrong, missing, extra or swapped), and a search
// that finds nothing offers the checker and the topics.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var WORKER = /\/workers\/search\.[^/]*\.js(?:[?#]|$)/;
  var started = false;
  var waiting = [];

  // On a site about twitches, "twitching" or "muscle" says little: with another word in the
  // query, they count a tenth, so "tummy twitching" is ranked by "tummy", not by every section
  // titled "...twitching" (blind search round). Alone, they count in full.
  var GENERIC = /^(?:twitch\w*|muscles?|spasms?)$/i;
  // Material matches every word as a prefix, so "for" also finds "forms": small words that say
  // nothing on their own are dropped when the query has others ("when", "why" and "how" stay:
  // "when to worry" is a reader's phrase for the when-to-see-a-doctor page).
  var SMALL = /^(?:a|about|an|and|at|after|are|be|by|for|from|i|in|is|it|my|of|off|on|or|out|the|to|up|with)$/i;
  function withoutSmall(words) {
    var kept = words.filter(function (w) { return !SMALL.test(w); });
    return kept.length ? kept : words;
  }
  // Lunr's fuzzy match: a word of 5+ letters is also sent as `word~1` (2: Material's QUERY).
  function forWorker(m) {
    if (!m || m.type !== 2 || typeof m.data !== "string") return m;
    var words = withoutSmall(m.data.split(/[\s-]+/).filter(Boolean));
    var specific = words.some(function (w) { return !GENERIC.test(w) && w.length > 3; });
    function term(w, slip) {
      return w + (slip ? "~1" : "") + (specific && GENERIC.test(w) ? "^0.1" : "");
    }
    var exact = words.map(function (w) { return term(w, false); });
    var slips = words.filter(function (w) { return /^[a-z]{5,}$/i.test(w); })
      .map(function (w) { return term(w, true); });
    return { type: 2, data: exact.concat(slips).join(" ") };
  }

  function whenSearching(go) {
    if (started) go();
    else waiting.push(go);
  }

  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach(function (go) { go(); });
    watchForNoResults();
  }

  // Under "No matching documents", once the worker has answered: where to go instead.
  function watchForNoResults() {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    var box = document.querySelector("[data-md-component=search-query]");
    var config = document.getElementById("__config");
    if (!meta || !list || !box || !config || !window.MutationObserver) return;
    var base = JSON.parse(config.textContent).base, answered = false;
    var note = document.createElement("p");
    note.className = "mtg-search-none";
    note.hidden = true;
    note.innerHTML = "Try other words, or answer the questions in the <a href=\"" + base +
      "/check/index.html\">symptom checker</a>, or see <a href=\"" + base +
      "/types/index.html\">kinds of twitch</a> and <a href=\"" + base +
      "/index.html#find-what-you-need\">all topics</a>.";
    meta.after(note);
    function update() {
      if (!box.value.trim()) answered = false;
      note.hidden = !(answered && !list.children.length);
    }
    new MutationObserver(function () { answered = true; update(); })
      .observe(meta, { childList: true, characterData: true, subtree: true });
    new MutationObserver(update).observe(list, { childList: true });
    box.addEventListener("input", function () { answered = false; update(); });
  }

  // Material requests the index with XMLHttpRequest: hold back only that request's send().
  var xhr = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (xhr) {
    var open = xhr.open, send = xhr.send;
    xhr.open = function (method, url) {
      this.mtgSearchIndex = INDEX.test(String(url));
      return open.apply(this, arguments);
    };
    xhr.send = function () {
      var request = this, args = arguments;
      if (!request.mtgSearchIndex) return send.apply(request, args);
      whenSearching(function () { send.apply(request, args); });
    };
  }

  // Stands in for the search worker, then hands Material's listeners and messages to the real one.
  var RealWorker = window.Worker;
  function LazyWorker(url, options) {
    if (!WORKER.test(String(url))) return new RealWorker(url, options);
    var real = null;
    var listeners = [];
    var queue = [];
    var terminated = false;
    whenSearching(function () {
      if (terminated) return;
      real = new RealWorker(url, options);
      listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
      queue.splice(0).forEach(function (message) { real.postMessage(forWorker(message)); });
    });
    this.addEventListener = function (type, listener, opts) {
      listeners.push([type, listener, opts]);
      if (real) real.addEventListener(type, listener, opts);
    };
    this.removeEventListener = function (type, listener, opts) {
      listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
      if (real) real.removeEventListener(type, listener, opts);
    };
    this.postMessage = function (message) {
      if (real) real.postMessage(forWorker(message));
      else queue.push(message);
    };
    this.terminate = function () {
      terminated = true;
      if (real) real.terminate();
    };
  }
  if (RealWorker) window.Worker = LazyWorker;

  // Starting to search: focus on the box (a click, or Material's "/" and "s" keys focus it),
  // the phone's search button, or a search result's ?h= words to highlight.
  function isSearchBox(el) {
    return el && el.matches && el.matches("[data-md-component=search-query], #__search");
  }
  document.addEventListener("focusin", function (event) {
    if (isSearchBox(event.target)) start();
  });
  document.addEventListener("change", function (event) {
    if (isSearchBox(event.target) && event.target.checked) start();
  });
  document.addEventListener("pointerdown", function (event) {
    var el = event.target;
    if (el && el.closest && el.closest("label[for=__search], .md-search")) start();
  });
  if (/[?&]h=/.test(location.search)) start();
})();
