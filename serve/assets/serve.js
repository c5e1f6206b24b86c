// workbook serve: live reload, the build-error overlay, and the editor.
// Only `workbook serve` adds this script (through RenderOptions.Head);
// built sites never carry it.
(function () {
  "use strict";
  var d = document;
  function meta(n) { var m = d.querySelector('meta[name="' + n + '"]'); return m ? m.content : ""; }
  var access = meta("workbook-access");
  var build = meta("workbook-build").split(":"), instance = build[0], gen = +build[1] || 0;
  var page = decodeURIComponent(location.pathname.slice(1));
  if (page === "" || page.slice(-1) === "/") page += "index.html";
  var scrollKey = "wb-scroll:" + location.pathname;
  function store(f) { try { return f(window.localStorage); } catch (e) { return null; } }
  // The login stored the run token here (pages never carry it): storage
  // is per origin, so per port, unlike cookies.
  var token = store(function (s) { return s.getItem("workbook-token-" + (location.port || "80")); }) || "";

  // Scroll position survives a reload.
  var saved = null;
  try { saved = sessionStorage.getItem(scrollKey); sessionStorage.removeItem(scrollKey); } catch (e) { /* none */ }
  if (saved !== null) {
    var restore = function () { window.scrollTo(0, +saved); };
    d.addEventListener("DOMContentLoaded", restore);
    window.addEventListener("load", restore);
  }
  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) { /* top */ }
    location.reload();
  }

  // Reload when this page changed in a newer build, or serve restarted.
  function check(st) {
    var changed = st.pages[page];
    if (st.instance !== instance || (gen === 0 && st.gen > 0) || (changed !== undefined && changed > gen)) reload();
  }
  function connect() {
    var es = new EventSource("/_workbook/events");
    es.addEventListener("hello", function (e) { var st = JSON.parse(e.data); buildProgress(st.progress); check(st); });
    es.addEventListener("reload", function (e) { var st = JSON.parse(e.data); overlay(null); buildProgress(st.progress); check(st); });
    es.addEventListener("progress", function (e) { buildProgress(JSON.parse(e.data)); });
    es.addEventListener("clear", function () { overlay(null); });
    es.addEventListener("error", function (e) {
      if (e.data) return overlay(JSON.parse(e.data).errors);
      // The connection failed: the browser retries unless it gave up.
      if (es.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    });
  }
  connect();

  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // While serve's first build runs the book's programs, a line says how
  // far it is; pending panels fill in as their pages reload.
  function buildProgress(p) {
    var b = d.getElementById("wb-progress");
    if (!p) { if (b) b.remove(); return; }
    if (!b) {
      b = el("p");
      b.id = "wb-progress";
      b.setAttribute("role", "status");
      d.body.appendChild(b);
    }
    b.textContent = "Running the book's programs: " + p.done + "/" + p.total + " done" + (p.note ? ". Now " + p.note + "." : "");
  }

  // The overlay shows why the last rebuild failed (the page underneath
  // is the last good build), or only warns of broken links.
  function overlay(errors) {
    var o = d.getElementById("wb-overlay");
    if (o) o.remove();
    if (!errors) return;
    o = el("section");
    o.id = "wb-overlay";
    o.setAttribute("role", "alert");
    var head = el("div", "wb-ohead");
    var warnOnly = errors.every(function (p) { return p.warning; });
    head.appendChild(el("strong", "", warnOnly ? "Broken links: this page is up to date, but build and verify will refuse them" : "Rebuild failed: this page is the last good build"));
    var x = el("button", "", "×");
    x.type = "button";
    x.setAttribute("aria-label", "Hide");
    x.onclick = function () { o.remove(); };
    head.appendChild(x);
    o.appendChild(head);
    errors.forEach(function (p) {
      var item = el("div", "wb-problem"), where = el(p.href ? "a" : "span", "wb-pos", p.pos || "");
      if (p.href) where.href = "/" + p.href;
      item.appendChild(where);
      if (p.name) item.appendChild(el("span", "", " " + p.name));
      item.appendChild(el("pre", "", p.message));
      o.appendChild(item);
    });
    (d.body || d.documentElement).appendChild(o);
  }

  // A page that is not logged in is read-only and says how to log in. A
  // token stored but no login means serve restarted: a new serve knows
  // no old login. A login without the token (storage cleared, another
  // browser profile) needs the login URL again too.
  function accessNote() {
    var text;
    if (access === "remote") text = "Read-only: programs run only for a browser on the machine that runs workbook serve, through its loopback address (the login URL it printed).";
    else if (access === "run") text = "Read-only: this browser has no run token for this address. Open the login URL that workbook serve printed in its terminal (the newest one) to edit and run programs.";
    else if (token) text = "serve restarted: open the login URL printed in its terminal to edit and run programs again.";
    else text = "Read-only: to edit and run programs, open the login URL that workbook serve printed in its terminal.";
    var n = el("p", "", text);
    n.id = "wb-access";
    n.setAttribute("role", "status");
    d.body.insertBefore(n, d.body.firstChild);
  }

  d.addEventListener("DOMContentLoaded", function () {
    if (access !== "run" || !token) return accessNote();
    Array.prototype.forEach.call(d.querySelectorAll("section.result[id$='-result']"), function (res) {
      var id = res.id.slice(0, -"-result".length);
      var figs = d.querySelectorAll('figure.code[data-prog="' + CSS.escape(id) + '"]');
      if (figs.length) program(id, Array.prototype.slice.call(figs), res);
    });
  });

  // hash names a program's saved edits by its lesson text (FNV-1a).
  function hash(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h.toString(16);
  }

  function program(id, figs, res) {
    var parts = figs.map(function (fig) {
      var code = fig.querySelector("pre code");
      return { fig: fig, code: code, html: code.innerHTML, orig: code.textContent, ta: null };
    });
    var origs = parts.map(function (p) { return p.orig; });
    var exercise = res.classList.contains("exercise-box");
    var key = "wb-edit:" + hash(page + "\0" + id + "\0" + origs.join("\0"));
    var ctrl = null, runBtns = [], resetBtns = [];

    function text(p) { return p.ta ? p.ta.value : p.orig; }
    function modified() { return parts.some(function (p) { return text(p) !== p.orig; }); }
    function mark() {
      var m = modified();
      parts.forEach(function (p) { p.fig.classList.toggle("wb-modified", m); });
      resetBtns.forEach(function (b) { b.hidden = !m; });
      store(function (s) {
        if (m) s.setItem(key, JSON.stringify({ orig: origs, text: parts.map(text) }));
        else s.removeItem(key);
      });
    }
    function edit(p, value) {
      if (p.ta) return p.ta.focus();
      var ta = el("textarea", "wb-editor");
      ta.value = value === undefined ? p.orig : value;
      ta.spellcheck = false;
      ta.setAttribute("autocapitalize", "off");
      ta.setAttribute("autocomplete", "off");
      ta.setAttribute("wrap", "off");
      ta.setAttribute("aria-label", "Edit the program " + id);
      p.code.parentNode.hidden = true;
      p.code.parentNode.after(ta);
      p.ta = ta;
      size(ta);
      ta.addEventListener("keydown", function (e) { keys(e, ta); });
      ta.addEventListener("input", function () { size(ta); mirror(p); mark(); });
      mirror(p);
      if (value === undefined) ta.focus();
    }
    // The hidden code keeps the edited text, so Copy copies what runs.
    function mirror(p) {
      p.code.textContent = "";
      text(p).replace(/\n$/, "").split("\n").forEach(function (l) {
        p.code.appendChild(el("span", "", l + "\n"));
      });
    }
    function reset() {
      if (modified() && !window.confirm("Discard your changes to " + id + " and restore the lesson's version?")) return;
      parts.forEach(function (p) {
        if (!p.ta) return;
        p.ta.remove();
        p.ta = null;
        p.code.innerHTML = p.html;
        p.code.parentNode.hidden = false;
      });
      mark();
    }
    function run() { send("run"); }
    function check() { send("check"); }
    // send runs the edited program, or with "check" checks it as the
    // reader's attempt at the exercise.
    function send(what) {
      if (ctrl) return ctrl.abort();
      var src = parts.map(function (p, i) {
        var t = text(p);
        return "//line wbpart" + (i + 1) + ".go:1:1\n" + t + (/\n$/.test(t) ? "" : "\n");
      }).join("");
      var live = liveBox(res, id, what === "check" ? "Your check" : "Your run"), edited = modified();
      ctrl = new AbortController();
      var mine = ctrl;
      runBtns.forEach(function (b) { b.disabled = b.dataset.what !== what; if (b.dataset.what === what) { b.textContent = "■ Stop"; b.setAttribute("aria-pressed", "true"); } });
      fetch("/_workbook/" + what + "?page=" + encodeURIComponent(page) + "&prog=" + encodeURIComponent(id), {
        method: "POST", body: src, signal: ctrl.signal,
        headers: { "X-Workbook-Token": token, "Content-Type": "text/plain; charset=utf-8" }
      }).then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(t.trim() || "HTTP " + r.status); });
        return read(r.body.getReader(), live);
      }).then(function (r) {
        if (what === "check" && r) checked(id, r, parts.map(text));
        if (what === "run" && r && r.reason === "mismatch" && !edited) offerAccept(live, id, src);
      }).catch(function (e) {
        live.state(mine.signal.aborted ? "stopped" : "failed: " + e.message, true);
      }).then(function () {
        if (ctrl === mine) ctrl = null;
        runBtns.forEach(function (b) { b.disabled = false; b.textContent = b.dataset.label; b.setAttribute("aria-pressed", "false"); });
      });
    }

    parts.forEach(function (p) {
      var cap = p.fig.querySelector("figcaption"), tools = el("span", "wb-tools");
      tools.appendChild(el("span", "wb-mod", "edited"));
      var bs = [["Edit", function () { edit(p); }], ["▶ Run", run], ["Reset", reset]];
      if (exercise) bs.splice(2, 0, ["✓ Check", check]);
      bs.forEach(function (b) {
        var btn = el("button", "wb-" + b[0].replace(/\W/g, "").toLowerCase(), b[0]);
        btn.type = "button";
        btn.onclick = b[1];
        tools.appendChild(btn);
        if (b[1] === run || b[1] === check) {
          runBtns.push(btn);
          btn.dataset.what = b[1] === run ? "run" : "check";
          btn.dataset.label = b[0];
          btn.setAttribute("aria-pressed", "false");
        }
        if (b[1] === reset) { resetBtns.push(btn); btn.hidden = true; }
      });
      cap.insertBefore(tools, cap.querySelector(".copy"));
      p.code.parentNode.addEventListener("dblclick", function () { edit(p); });
    });
    var kept = store(function (s) { return JSON.parse(s.getItem(key) || "null"); });
    if (kept && JSON.stringify(kept.orig) === JSON.stringify(origs)) {
      parts.forEach(function (p, i) { if (kept.text[i] !== p.orig) edit(p, kept.text[i]); });
    }
    mark();
    runAgain[id] = exercise ? check : run;
    if (exercise) showProgress(res, id);
  }
  var runAgain = {};

  function size(ta) {
    ta.rows = Math.max(3, ta.value.split("\n").length);
  }

  // A light editor: Tab indents, Shift-Tab outdents, Enter keeps the
  // indentation (one more after an opening bracket), Escape leaves (so
  // Tab can move on), Ctrl/⌘-Enter runs.
  function keys(e, ta) {
    var v = ta.value, s = ta.selectionStart, end = ta.selectionEnd;
    var lineStart = v.lastIndexOf("\n", s - 1) + 1;
    if (e.key === "Escape") { ta.blur(); return; }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      var fig = ta.closest("figure");
      if (fig && runAgain[fig.dataset.prog]) runAgain[fig.dataset.prog]();
      return;
    }
    if (e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      if (!e.shiftKey && s === end) return insert(ta, "\t");
      var blockEnd = v.indexOf("\n", end - (end > s && v[end - 1] === "\n" ? 1 : 0));
      if (blockEnd < 0) blockEnd = v.length;
      var block = v.slice(lineStart, blockEnd);
      var out = e.shiftKey ? block.replace(/^\t/gm, "") : block.replace(/^/gm, "\t");
      ta.setSelectionRange(lineStart, blockEnd);
      insert(ta, out);
      ta.setSelectionRange(lineStart, lineStart + out.length);
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      var indent = /^[\t ]*/.exec(v.slice(lineStart, s))[0];
      if (/[{([]\s*$/.test(v.slice(lineStart, s))) indent += "\t";
      insert(ta, "\n" + indent);
    }
  }
  function insert(ta, t) {
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!d.execCommand || !d.execCommand("insertText", false, t)) {
      ta.setRangeText(t, ta.selectionStart, ta.selectionEnd, "end");
      ta.dispatchEvent(new Event("input"));
    }
  }

  // liveBox shows a run from the page as it happens, above the result
  // recorded when the site was built.
  function liveBox(res, id, label) {
    var old = res.querySelector(".wb-live");
    if (old) old.remove();
    var box = el("div", "out wb-live"), bar = el("div", "bar"), o = el("div", "o");
    box.setAttribute("aria-live", "polite");
    bar.appendChild(el("span", "", label));
    var st = el("span", "wb-state", "building…");
    bar.appendChild(st);
    box.appendChild(bar);
    box.appendChild(o);
    res.insertBefore(box, res.firstChild);
    return {
      line: function (l) {
        var div = el("div", l.stream === "stderr" ? "e" : "");
        div.appendChild(el("span", "t", (l.t_ms / 1000).toFixed(3)));
        div.appendChild(d.createTextNode(l.text));
        var end = o.scrollTop + o.clientHeight >= o.scrollHeight - 4;
        o.appendChild(div);
        if (end) o.scrollTop = o.scrollHeight;
        st.textContent = "running…";
      },
      box: box,
      state: function (t, bad) { setState(st, t, bad); },
      done: function (r) { done(box, o, st, r); }
    };
  }

  // offerAccept offers to make what the lesson's own program printed its
  // expected output: serve rewrites the output block in the lesson file,
  // and the rebuild reloads the page.
  function offerAccept(live, id, src) {
    var label = "Accept as expected output", b = el("button", "wb-accept", label);
    b.type = "button";
    b.onclick = function () {
      b.disabled = true;
      b.textContent = "Accepting…";
      fetch("/_workbook/accept?page=" + encodeURIComponent(page) + "&prog=" + encodeURIComponent(id), {
        method: "POST", body: src,
        headers: { "X-Workbook-Token": token, "Content-Type": "text/plain; charset=utf-8" }
      }).then(function (r) {
        return r.text().then(function (t) {
          var j = null;
          try { j = JSON.parse(t); } catch (e) { /* a plain-text refusal */ }
          if (!j) throw new Error(t.trim() || "HTTP " + r.status);
          return j;
        });
      }).then(function (j) {
        b.remove();
        live.box.appendChild(j.updated ? el("p", "note", "✓ Accepted: " + j.message + ". The page reloads once the lesson is rebuilt.") : el("pre", "msg", "Not accepted: " + j.message));
      }).catch(function (e) {
        b.disabled = false;
        b.textContent = label;
        live.box.appendChild(el("pre", "msg", "Not accepted: " + e.message));
      });
    };
    live.box.appendChild(b);
  }

  function read(reader, live) {
    var dec = new TextDecoder(), buf = "", last = null;
    return reader.read().then(function next(chunk) {
      if (chunk.done) return last;
      buf += dec.decode(chunk.value, { stream: true });
      var lines = buf.split("\n");
      buf = lines.pop();
      lines.forEach(function (s) {
        if (!s) return;
        var ev = JSON.parse(s);
        if (ev.done) { last = ev; live.done(ev); } else live.line(ev);
      });
      return reader.read().then(next);
    });
  }

  function dur(ms) {
    if (ms < 1) return Math.round(ms * 1000) + "µs";
    if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 1) + "ms";
    return (ms / 1000).toFixed(2) + "s";
  }

  function done(box, o, st, r) {
    if (r.error) return setState(st, "failed: " + r.error, true);
    if (!r.build_ok) {
      setState(st, "does not compile", true);
      box.appendChild(el("pre", "msg", r.build_output));
      return;
    }
    if (!o.children.length) o.appendChild(el("div", "none", "(no output)"));
    var exit = r.signal ? "killed by " + r.signal : String(r.exit_code);
    if (r.timed_out) exit += " (timed out)";
    if (r.truncated) exit += " (output cut at 1 MiB)";
    setState(st, "exit " + exit, r.exit_code !== 0 || r.timed_out);
    var cpu = r.user_ms + r.sys_ms, stats = el("dl", "stats");
    [["exit status", exit], ["wall", dur(r.wall_ms)], ["CPU", dur(cpu) + " (user " + dur(r.user_ms) + ", sys " + dur(r.sys_ms) + ")"],
      ["CPU÷wall", r.wall_ms > 0 ? (cpu / r.wall_ms).toFixed(2) : "–"],
      ["peak memory", r.max_rss_kb >= 1024 ? (r.max_rss_kb / 1024).toFixed(1) + " MiB" : r.max_rss_kb + " KiB"]].forEach(function (f) {
      var div = el("div");
      div.appendChild(el("dt", "", f[0]));
      div.appendChild(el("dd", "", f[1]));
      stats.appendChild(div);
    });
    box.appendChild(stats);
    if (r.status === "pass") box.appendChild(el("p", "note", "✓ As the lesson expects. " + (r.env ? "Ran on " + r.env + "." : "")));
    else if (r.status === "fail") box.appendChild(el("pre", "msg", "Not what the lesson expects: " + r.message));
  }

  // Progress on exercises is kept in this browser: per exercise, whether
  // it was solved, how many checks it took, and the code last checked.
  function progressKey(pg, id) { return "wb-progress:" + pg + "#" + id; }
  function progress(pg, id) {
    return store(function (s) { return JSON.parse(s.getItem(progressKey(pg, id)) || "null"); }) || { solved: false, attempts: 0 };
  }
  function checked(id, r, code) {
    var p = progress(page, id);
    p.attempts++;
    p.solved = p.solved || r.status === "pass";
    p.code = code;
    store(function (s) { s.setItem(progressKey(page, id), JSON.stringify(p)); });
    showProgress(d.getElementById(id + "-result"), id);
    counts();
  }
  function showProgress(res, id) {
    var p = progress(page, id), note = res.querySelector(".wb-progress");
    if (!note) { note = el("p", "note wb-progress"); res.insertBefore(note, res.firstChild); }
    note.textContent = p.solved ? "✓ Solved (" + p.attempts + (p.attempts === 1 ? " check)" : " checks)") :
      p.attempts ? "Not solved yet: " + p.attempts + (p.attempts === 1 ? " check" : " checks") + " so far." : "Edit the code above and press ✓ Check.";
    note.classList.toggle("wb-solved", !!p.solved);
  }
  // counts shows how many of each lesson's exercises are solved, in the
  // lesson's header and on the contents page.
  function counts() {
    Array.prototype.forEach.call(d.querySelectorAll(".ex-progress[data-exercises]"), function (e) {
      var a = e.closest("li") ? e.closest("li").querySelector("a") : null;
      var pg = a ? decodeURIComponent(a.getAttribute("href")).replace(/^\.\//, "") : page;
      var ids = e.dataset.exercises.split(" "), n = 0;
      ids.forEach(function (id) { if (progress(pg, id).solved) n++; });
      e.textContent = "Exercises: " + n + " of " + ids.length + " solved";
    });
  }
  d.addEventListener("DOMContentLoaded", function () { if (token) counts(); });
  function setState(st, t, bad) { st.textContent = t; st.classList.toggle("wb-bad", !!bad); }
})();
