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
  var QUERY = 2;                        // Material's SearchMessageType.QUERY
  var FUZZY_FROM = 5;                   // shorter words have too many one-letter neighbours
  var PLAIN_WORD = /^[a-z]+$/i;         // not a word with the reader's own marks (+ - ~ ^ *)

  function tolerant(query) {            // "eye twiching" -> "eye twiching twiching~1"
    var extra = String(query).split(/[\s\-]+/).filter(function (word) {
      return word.length >= FUZZY_FROM && PLAIN_WORD.test(word);
    }).map(function (word) { return word + "~1"; });
    return extra.length ? query + " " + extra.join(" ") : query;
  }

  function forWorker(message) {
    if (message && message.type === QUERY && typeof message.data === "string")
      return { type: QUERY, data: tolerant(message.data) };
    return message;
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

  // Under "No matching documents", once the worker has answered and the list is empty.
  function watchForNoResults() {
    var result = document.querySelector("[data-md-component=search-result]");
    var box = document.querySelector("[data-md-component=search-query]");
    var meta = result && result.querySelector(".md-search-result__meta");
    var list = result && result.querySelector(".md-search-result__list");
    if (!meta || !list || !box || !window.MutationObserver) return;
    var note = document.createElement("p");
    note.className = "mtg-search-none";
    note.hidden = true;
    var base = ".";
    try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; }
    catch (error) { /* keep "." */ }
    note.innerHTML = "Try fewer or other words. Or answer the questions in the <a href=\"" +
      base + "/check/index.html\">symptom checker</a>, or pick a topic: <a href=\"" + base +
      "/types/index.html\">kinds of twitch</a>, <a href=\"" + base +
      "/index.html#find-what-you-need\">all topics</a>.";
    meta.insertAdjacentElement("afterend", note);
    var answered = false;
    function update() {
      var words = box.value.trim() !== "";
      if (!words) answered = false;
      note.hidden = !(words && answered && list.children.length === 0);
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
