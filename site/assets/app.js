// workbook pages: the theme toggle, ← → between lessons, search, replay
// and copy (search, replay, the Playground and wasm runs load their code
// on first use). The pages are complete without it; this only enhances them.
// It is loaded in <head> so the saved theme applies before first paint.
(function () {
  "use strict";
  var d = document, root = d.documentElement, store,
    // The site's top, from this script's own address: pages in a
    // chapter's folder load it as ../app.js.
    base = d.currentScript ? d.currentScript.src.replace(/app\.js([?#].*)?$/, "") : "";
  try { store = window.localStorage; } catch (e) { /* storage disabled */ }
  // Pages reserve the sidebar's place before first paint, so that
  // filling it from toc.js moves nothing.
  root.classList.add("js");
  window.wbToc = function (data) {
    if (d.getElementById("side")) sidebar(data);
    else d.addEventListener("DOMContentLoaded", function () { sidebar(data); });
  };
  var saved = store && store.getItem("wb-theme");
  if (saved === "light" || saved === "dark") root.dataset.theme = saved;

  function isDark() {
    var t = root.dataset.theme;
    return t ? t === "dark" : !!window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function each(sel, f) { Array.prototype.forEach.call(d.querySelectorAll(sel), f); }

  d.addEventListener("DOMContentLoaded", function () {
    var btn = d.getElementById("theme");
    if (btn) {
      var sync = function () { btn.setAttribute("aria-pressed", String(isDark())); };
      sync();
      btn.addEventListener("click", function () {
        var t = isDark() ? "light" : "dark";
        root.dataset.theme = t;
        try { store.setItem("wb-theme", t); } catch (e) { /* not remembered */ }
        sync();
      });
    }
    lineIds();
    drawer(d.querySelector(".menu"), d.getElementById("side"));
    each(".copy", copy);
    search(d.getElementById("q"));
    d.addEventListener("keydown", keys);
  });

  // lineIds gives each shown code line its anchor, id-L<n> (the page's
  // HTML carries only those its own links name: see site/code.go),
  // counting as style.css does from the counter-reset of the first line
  // and of the first after hidden ones. A link to a line that had no
  // anchor is then followed again, so the line is scrolled to and marked.
  function lineIds() {
    each("figure[data-prog] code", function (code) {
      var id = code.parentNode.parentNode.getAttribute("data-prog"), n = 0;
      Array.prototype.forEach.call(code.children, function (l) {
        var m = /counter-reset:l (\d+)/.exec(l.getAttribute("style"));
        if (m) n = +m[1];
        if (l.hidden) return;
        n++;
        if (!l.id) l.id = id + "-L" + n;
      });
    });
    if (/-L\d+$/.test(location.hash) && !d.querySelector(":target") && d.getElementById(decodeURIComponent(location.hash.slice(1)))) location.replace(location.hash);
  }

  // ← and → follow the previous and next links; / focuses search.
  function keys(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    if (e.target.closest && e.target.closest("input,textarea,select,[contenteditable]")) return;
    if (e.key === "/" && d.getElementById("q")) {
      d.getElementById("q").focus();
      e.preventDefault();
      return;
    }
    var rel = { ArrowLeft: "prev", ArrowRight: "next" }[e.key];
    var a = rel && d.querySelector(".pager a[rel=" + rel + "]");
    if (a) location.href = a.href;
  }

  // sidebar fills <nav id="side"> from toc.js's [site title, entries]
  // (see site/toc.go), marking the page it is on and its chapter.
  function sidebar(data) {
    var side = d.getElementById("side"), page = side.getAttribute("data-page"), ch = side.getAttribute("data-chapter");
    function link(e, li) {
      var a = d.createElement(e[0] ? "a" : "span");
      if (e[0]) a.href = base + e[0];
      a.textContent = e[1];
      if (e[0] && e[0] === page) a.setAttribute("aria-current", "page");
      li.appendChild(a);
      if (e[2]) {
        var s = d.createElement("small");
        s.className = "draft";
        s.textContent = " draft";
        li.appendChild(s);
      }
      return li;
    }
    function list(es, parent) {
      var ol = d.createElement("ol");
      es.forEach(function (e) {
        var li = link(e, d.createElement("li"));
        if (e[3]) {
          li.className = "ch" + (e[3][0] === ch ? " cur" : "");
          if (e[3][1].length) list(e[3][1], li);
        }
        ol.appendChild(li);
      });
      parent.appendChild(ol);
    }
    side.textContent = "";
    link(["index.html", data[0]], side).firstChild.className = "side-home";
    list(data[1], side);
  }

  // The contents drawer on narrow screens: the menu link toggles it, and
  // Escape or a click outside closes it. Without script the link leads to
  // the contents on the home page.
  function drawer(btn, side) {
    if (!btn || !side) return;
    function set(open) {
      side.classList.toggle("open", open);
      btn.setAttribute("aria-expanded", String(open));
    }
    btn.addEventListener("click", function (e) {
      e.preventDefault();
      set(!side.classList.contains("open"));
      var cur = side.querySelector("[aria-current]") || side.querySelector("a");
      if (side.classList.contains("open") && cur) cur.focus();
    });
    d.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && side.classList.contains("open")) { set(false); btn.focus(); }
    });
    d.addEventListener("click", function (e) {
      if (side.classList.contains("open") && !side.contains(e.target) && !btn.contains(e.target)) set(false);
    });
  }

  // Copy copies the whole program, every part, hidden OMIT lines included.
  function copy(btn) {
    btn.addEventListener("click", function () {
      var id = btn.closest("[data-prog]").getAttribute("data-prog"), parts = [];
      each('[data-prog="' + id + '"] code', function (c) { parts.push(c.textContent); });
      var text = parts.join("");
      function done() {
        btn.textContent = "Copied";
        setTimeout(function () { btn.textContent = "Copy"; }, 1500);
      }
      function fallback() {
        var ta = d.createElement("textarea");
        ta.value = text;
        ta.style.cssText = "position:fixed;opacity:0";
        d.body.appendChild(ta);
        ta.select();
        try { if (d.execCommand("copy")) done(); } catch (e) { /* nothing to copy with */ }
        ta.remove();
      }
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
  }

  // Search loads search.js on first use: the index and the code that
  // searches it (a script, so it works from file:// too), so pages do
  // not carry either until a reader searches.
  function search(q) {
    if (!q) return;
    function load() { lazy(base + "search.js"); }
    q.addEventListener("focus", load);
    q.addEventListener("input", load);
  }

  // lazy loads a script of the site the first time a reader needs it,
  // then calls the function it defines: nothing is fetched before.
  // Presses while it loads wait for it, one for each element.
  function lazy(src, fn, args) {
    if (fn && window[fn]) return window[fn].apply(null, args);
    var q = lazy[src];
    if (q) return fn && !q.some(function (a) { return a[0] == args[0]; }) && q.push(args);
    q = lazy[src] = fn ? [args] : [];
    var s = d.createElement("script");
    s.src = src;
    s.onload = function () { q.forEach(function (a) { window[fn].apply(null, a); }); };
    d.head.appendChild(s);
  }
  // Open in the Go Playground (play.js) and Run in your browser
  // (wasm-run.js, which fetches the programs' WebAssembly) start with a
  // click. The Playground's tab opens during the click, which a popup
  // blocker allows; play.js shares the code and points the tab at it.
  // Replay (replay.js) too: it loads on the first press of a Replay
  // button, and the press starts it.
  d.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target : d.body, r = t.closest(".replay"), a = t.closest("a[data-play]"), b = t.closest("[data-run=wasm]");
    if (r) {
      lazy(base + "replay.js", "wbReplay", [r]);
    } else if (a) {
      e.preventDefault();
      var src = [];
      each('[data-prog="' + a.dataset.play + '"] code', function (c) { src.push(c.textContent); });
      lazy(base + "play.js", "wbPlay", [src.join(""), window.open("", "_blank") || window, a.href]);
    } else if (b) {
      lazy(base + "wasm-run.js", "wbWasm", [b]);
    }
  });
})();

