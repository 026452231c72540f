// Storage blocked (reading it throws): Material needs one, so keep this page's in memory.
["localStorage", "sessionStorage"].forEach(function (n) {
  try { window[n].length; } catch (e) {
    var d = Object.create(null);
    try {
      Object.defineProperty(window, n, {configurable: true, value: {
        getItem: function (k) { return k in d ? d[k] : null; },
        setItem: function (k, v) { d[k] = String(v); },
        removeItem: function (k) { delete d[k]; }
      }});
    } catch (e) {}
  }
});
// Material reads its own keys ("<site path>.__palette" and others) with JSON.parse and no
// check: a value that is not what it wrote (another site on the same origin, an old version, a
// hand edit) stopped the colour toggle and search on every page. Drop any such value.
(function () {
  function bad(name, value) {
    try { var v = JSON.parse(value); } catch (e) { return true; }
    if (name !== "__palette") return false;
    return !v || typeof v !== "object" || Array.isArray(v) ||
      typeof v.index !== "number" || v.index % 1 !== 0 || v.index < 0 ||
      (v.color !== undefined && (!v.color || typeof v.color !== "object"));
  }
  ["localStorage", "sessionStorage"].forEach(function (n) {
    try {
      var s = window[n], drop = [];
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i), m = /\.(__[a-z]+)$/.exec(k || "");
        if (m && bad(m[1], s.getItem(k))) drop.push(k);
      }
      drop.forEach(function (k) { s.removeItem(k); });
    } catch (e) {}
  });
})();
// Browsers without ResizeObserver (Safari and iOS up to 13.0): Material would load a polyfill
// from unpkg.com, a request to another site. This stand-in does what Material needs (calls
// back with the entries whose element changed size), checked on resize and every half second.
// (Here, not in a file of its own: each page stays within its budget of requests.)
if (typeof window.ResizeObserver === "undefined") {
  window.ResizeObserver = function (cb) {
    var self = this, seen = [], timer = null;
    function check() {
      var changed = [];
      seen.forEach(function (s) {
        var w = s.t.offsetWidth, h = s.t.offsetHeight;
        if (w !== s.w || h !== s.h) {
          s.w = w; s.h = h;
          changed.push({target: s.t, contentRect: s.t.getBoundingClientRect()});
        }
      });
      if (changed.length) cb(changed, self);
    }
    this.observe = function (t) {
      if (!seen.some(function (s) { return s.t === t; })) seen.push({t: t, w: -1, h: -1});
      if (timer === null) { timer = setInterval(check, 500); addEventListener("resize", check); }
      setTimeout(check, 0);
    };
    this.unobserve = function (t) { seen = seen.filter(function (s) { return s.t !== t; }); };
    this.disconnect = function () {
      seen = []; clearInterval(timer); timer = null; removeEventListener("resize", check);
    };
  };
}
