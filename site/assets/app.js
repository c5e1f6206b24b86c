// workbook pages: the theme toggle, ← → between lessons, search, replay
// and copy. The pages are complete without it; this only enhances them.
// It is loaded in <head> so the saved theme applies before first paint.
(function () {
  "use strict";
  var d = document, root = d.documentElement, store;
  try { store = window.localStorage; } catch (e) { /* storage disabled */ }
  var saved = store && store.getItem("wb-theme");
  if (saved === "light" || saved === "dark") root.dataset.theme = saved;

  function media(q) { return window.matchMedia && matchMedia(q).matches; }
  function isDark() {
    var t = root.dataset.theme;
    return t ? t === "dark" : media("(prefers-color-scheme: dark)");
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
    each(".replay", replay);
    each(".copy", copy);
    search(d.getElementById("q"), d.getElementById("hits"));
    d.addEventListener("keydown", keys);
  });

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

  // Replay hides a run's output and shows each line when it appeared, at
  // the recorded pace or slower; it can pause. Hidden lines keep their
  // space, so nothing moves. As it plays it announces the time, so that a
  // goroutine timeline of the same program can follow: a bubbling
  // "workbook:replay-time" event from the output, with detail {id, ms,
  // state: "play" | "pause" | "stop"}; ms is null once it stops.
  function replay(btn) {
    var box = btn.closest(".out"), sec = btn.closest(".result"), id = sec ? sec.id.replace(/-result$/, "") : "",
      speeds = [1, 0.5, 0.25], si = 0, lines = [], times = [], end = 0, t = 0, last = 0, tick, state = "stop",
      ctl = d.createElement("span"), pr = d.createElement("span"), sp = d.createElement("button"), st = d.createElement("button");
    ctl.className = "rc";
    ctl.hidden = true;
    pr.className = "prog";
    sp.type = st.type = "button";
    sp.className = "speed";
    sp.title = "Replay speed";
    sp.textContent = "1×";
    st.title = "Stop and show all the output";
    st.textContent = "■";
    ctl.append(pr, sp, st);
    btn.after(ctl);
    function emit() {
      box.dispatchEvent(new CustomEvent("workbook:replay-time",
        { bubbles: true, detail: { id: id, ms: state === "stop" ? null : t, state: state } }));
    }
    function set(s) {
      state = s;
      btn.textContent = { play: "❚❚ Pause", pause: "▶ Resume", stop: "▶ Replay" }[s];
      btn.setAttribute("aria-pressed", String(s === "play"));
      ctl.hidden = s === "stop";
      box.classList.toggle("playing", s !== "stop");
      emit();
    }
    function frame(now) {
      now = now || performance.now();
      t = Math.min(end, t + (now - last) * speeds[si]);
      last = now;
      lines.forEach(function (l, i) { l.classList.toggle("hid", times[i] > t); });
      pr.textContent = (t / 1000).toFixed(1) + " / " + (end / 1000).toFixed(1) + "s";
      box.style.setProperty("--p", end ? t / end : 1);
      if (t >= end) stop();
      else emit();
    }
    function stop() {
      clearInterval(tick);
      lines.forEach(function (l) { l.classList.remove("hid"); });
      set("stop");
    }
    function play() {
      tick = setInterval(frame, 40);
      set("play");
      frame(last = performance.now()); // no time passes before the first frame
    }
    btn.addEventListener("click", function () {
      if (state === "play") {
        clearInterval(tick);
        return set("pause");
      }
      if (state === "pause") return play();
      lines = Array.prototype.slice.call(box.querySelectorAll(".o>div:not(.none)"));
      // With reduced motion the output is simply shown, all at once.
      if (!lines.length || media("(prefers-reduced-motion: reduce)")) return stop();
      times = lines.map(function (l) { return parseFloat(l.firstChild.textContent) * 1000 || 0; });
      end = Math.max.apply(null, times) + 300; // the last line stays a moment
      t = 0;
      play();
    });
    sp.addEventListener("click", function () {
      si = (si + 1) % speeds.length;
      sp.textContent = speeds[si] + "×";
    });
    st.addEventListener("click", stop);
  }

  // Copy copies the whole program, every part, hidden OMIT lines included.
  function copy(btn) {
    btn.addEventListener("click", function () {
      var id = btn.closest("[data-prog]").getAttribute("data-prog"), parts = [];
      each('[data-prog="' + id + '"] .cl', function (c) { parts.push(c.textContent); });
      var text = parts.join("\n") + "\n";
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

  // Search loads search.js (a script, so it works from file:// too) on
  // first use and matches every word against titles, summaries and headings.
  function search(q, hits) {
    if (!q) return;
    var index, sel = -1;
    window.wbSearch = function (data) { index = data; run(); };
    function load() {
      if (index || d.getElementById("wb-index")) return;
      var s = d.createElement("script");
      s.id = "wb-index";
      s.src = "search.js";
      d.head.appendChild(s);
    }
    function add(href, title, note) {
      var li = d.createElement("li"), a = d.createElement("a"), small = d.createElement("small");
      a.href = href;
      a.textContent = title;
      small.textContent = note || "";
      a.appendChild(small);
      li.appendChild(a);
      hits.appendChild(li);
    }
    function run() {
      var words = q.value.toLowerCase().split(/\s+/).filter(Boolean), found = [];
      hits.textContent = "";
      sel = -1;
      if (!index || !words.length) { hits.hidden = true; return; }
      function has(s) {
        s = (s || "").toLowerCase();
        return words.every(function (w) { return s.indexOf(w) >= 0; });
      }
      index.forEach(function (l) {
        if (has(l.t)) found.push([0, l.u, l.t, l.s]);
        else if (has(l.t + " " + l.s)) found.push([2, l.u, l.t, l.s]);
        (l.h || []).forEach(function (h) {
          if (has(h[1])) found.push([1, l.u + "#" + h[0], h[1], l.t]);
        });
      });
      found.sort(function (a, b) { return a[0] - b[0]; });
      found.slice(0, 12).forEach(function (f) { add(f[1], f[2], f[3]); });
      if (!found.length) hits.innerHTML = '<li><a aria-disabled="true">No matches</a></li>';
      hits.hidden = false;
    }
    function move(by) {
      var as = hits.querySelectorAll("a[href]");
      if (!as.length) return;
      if (sel >= 0) as[sel].classList.remove("sel");
      sel = (sel + by + as.length) % as.length;
      as[sel].classList.add("sel");
      as[sel].scrollIntoView({ block: "nearest" });
    }
    q.addEventListener("focus", load);
    q.addEventListener("input", function () { load(); run(); });
    q.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        move(e.key === "ArrowDown" ? 1 : -1);
        e.preventDefault();
      } else if (e.key === "Enter") {
        var a = hits.querySelectorAll("a[href]")[Math.max(sel, 0)];
        if (a) location.href = a.href;
      } else if (e.key === "Escape") {
        hits.hidden = true;
        q.blur();
      }
    });
    d.addEventListener("click", function (e) {
      if (!e.target.closest(".search")) hits.hidden = true;
    });
  }

  // lazy loads a script of the site the first time a reader needs it,
  // then calls the function it defines: nothing is fetched before.
  function lazy(src, fn, args) {
    if (window[fn]) return window[fn].apply(null, args);
    var s = d.createElement("script");
    s.src = src;
    s.onload = function () { window[fn].apply(null, args); };
    d.head.appendChild(s);
  }
  // Open in the Go Playground (play.js) and Run in your browser
  // (wasm-run.js, which fetches the programs' WebAssembly) start with a
  // click. The Playground's tab opens during the click, which a popup
  // blocker allows; play.js shares the code and points the tab at it.
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-play]"), b = e.target.closest && e.target.closest("[data-run=wasm]");
    if (a) {
      e.preventDefault();
      var src = [];
      each('[data-prog="' + a.dataset.play + '"] .cl', function (c) { src.push(c.textContent); });
      lazy("play.js", "wbPlay", [src.join("\n") + "\n", window.open("", "_blank") || window, a.href]);
    } else if (b) {
      lazy("wasm-run.js", "wbWasm", [b]);
    }
  });
})();

// Timelines follow a replay: a bubbling "workbook:replay-time" event from
// inside a program's result (detail.ms, null once stopped), or wbTimeline.
(function () {
  "use strict";
  function at(svg, ms) {
    var c = svg.querySelector(".tl-cur"), p = svg.querySelector(".tl-played"), off = !(ms >= 0) || ms === null,
      x0 = +svg.getAttribute("data-x0"), x = x0 + Math.min(ms / svg.getAttribute("data-ms"), 1) * (svg.getAttribute("data-x1") - x0);
    [c, p].forEach(function (e) { if (off) e.setAttribute("display", "none"); else e.removeAttribute("display"); });
    if (off) return;
    c.setAttribute("x1", x);
    c.setAttribute("x2", x);
    p.setAttribute("width", x - x0);
  }
  window.wbTimeline = function (el, ms) {
    var box = el && el.closest && el.closest(".result");
    Array.prototype.forEach.call((box || document).querySelectorAll("svg.tl-svg"), function (s) { at(s, ms); });
  };
  document.addEventListener("workbook:replay-time", function (e) { wbTimeline(e.target, e.detail && e.detail.ms); });
})();
