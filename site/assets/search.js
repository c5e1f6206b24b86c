// Full-text search for workbook pages. app.js loads this file when the
// search box is first used; the index follows this code, as calls of
// wbSearch(part, parts, [versions,] pages): a big book's index comes in
// parts, the first here and the others in search-1.js, search-2.js, ...,
// which this code loads by the versions the first names (each a hash of
// the part, so a browser never mixes parts of two sites). Each page is
// [page URL, page title, [[anchor, heading, text], ...]]. Every word must occur; hits in titles rank first, then
// headings, then text. Each result links to its section and shows the
// words marked in context.
(function () {
  "use strict";
  var d = document, q = d.getElementById("q"), hits = d.getElementById("hits"), index, sel = -1,
    base = d.currentScript ? d.currentScript.src.replace(/search\.js([?#].*)?$/, "") : "",
    parts = [], left = -1;
  function got(k, data) {
    if (parts[k]) return;
    parts[k] = data;
    if (--left) return;
    index = [];
    parts.forEach(function (data) {
      data.forEach(function (p) {
        p[2].forEach(function (x) {
          index.push({ u: p[0] + (x[0] ? "#" + x[0] : ""), t: p[1], h: x[1], x: x[2],
            lt: p[1].toLowerCase(), lh: x[1].toLowerCase(), lx: x[2].toLowerCase() });
        });
      });
    });
    run();
  }
  window.wbSearch = function (k, n, versions, data) {
    if (k === 0 && n > 1) {
      left = n;
      versions.forEach(function (v, i) {
        var s = d.createElement("script");
        s.src = base + "search-" + (i + 1) + ".js?v=" + v;
        // A part that cannot be had, or that loads but does not hold a
        // part (a server's page in its place), leaves its pages out, not
        // search.
        s.onerror = s.onload = got.bind(null, i + 1, []);
        d.head.appendChild(s);
      });
    } else if (k === 0) {
      left = 1;
    }
    got(k, data || versions);
  };
  // marked appends text to el with every word wrapped in <mark>.
  function marked(el, text, words) {
    var re = new RegExp(words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi"), at = 0, m;
    while ((m = re.exec(text))) {
      el.appendChild(d.createTextNode(text.slice(at, m.index)));
      var k = d.createElement("mark");
      k.textContent = m[0];
      el.appendChild(k);
      at = m.index + m[0].length;
    }
    el.appendChild(d.createTextNode(text.slice(at)));
    return el;
  }
  function excerpt(e, words) {
    var i = e.lx.indexOf(words[0]), from = Math.max(0, i - 40);
    if (i < 0) return e.x.slice(0, 100);
    return (from ? "…" : "") + e.x.slice(from, from + 120) + (from + 120 < e.x.length ? "…" : "");
  }
  function add(e, words, n) {
    var li = d.createElement("li"), a = d.createElement("a"), small = d.createElement("small");
    li.setAttribute("role", "option");
    li.id = "hit" + n;
    a.href = base + e.u;
    marked(a, e.h && e.h !== e.t ? e.t + " › " + e.h : e.t, words);
    marked(small, excerpt(e, words), words);
    a.appendChild(small);
    li.appendChild(a);
    hits.appendChild(li);
  }
  function run() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean), found = [];
    hits.textContent = "";
    sel = -1;
    q.removeAttribute("aria-activedescendant");
    if (!index || !words.length) { hits.hidden = true; q.setAttribute("aria-expanded", "false"); return; }
    function all(s) { return words.every(function (w) { return s.indexOf(w) >= 0; }); }
    index.forEach(function (e, i) {
      if (!all(e.lt + " " + e.lh + " " + e.lx)) return;
      found.push([all(e.lt) ? 0 : all(e.lh) ? 1 : 2, i, e]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    found.slice(0, 20).forEach(function (f, n) { add(f[2], words, n); });
    if (!found.length) hits.innerHTML = '<li role="option" aria-disabled="true"><a>No matches</a></li>';
    hits.hidden = false;
    q.setAttribute("aria-expanded", "true");
  }
  function move(by) {
    var as = hits.querySelectorAll("a[href]");
    if (!as.length) return;
    if (sel >= 0) as[sel].classList.remove("sel");
    sel = (sel + by + as.length) % as.length;
    as[sel].classList.add("sel");
    q.setAttribute("aria-activedescendant", "hit" + sel);
    as[sel].scrollIntoView({ block: "nearest" });
  }
  q.addEventListener("input", run);
  q.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      move(e.key === "ArrowDown" ? 1 : -1);
      e.preventDefault();
    } else if (e.key === "Enter") {
      var a = hits.querySelectorAll("a[href]")[Math.max(sel, 0)];
      if (a) location.href = a.href;
    } else if (e.key === "Escape") {
      hits.hidden = true;
      q.setAttribute("aria-expanded", "false");
      q.blur();
    }
  });
  d.addEventListener("click", function (e) {
    if (!e.target.closest(".search")) hits.hidden = true;
  });
})();
