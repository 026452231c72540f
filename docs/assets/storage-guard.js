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
