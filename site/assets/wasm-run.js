// Run in your browser. app.js loads this file when a reader presses a
// Run button (data-run="wasm"); it starts itself again as a Web Worker,
// which loads the Go toolchain's wasm_exec.js and programs.wasm (one
// binary for the book's programs: the browser caches it) and runs the
// program the button names, as its argv[0] selects it. Output lines come
// back with their times; the result is compared with the verified run.
(function () {
  "use strict";
  if (typeof document === "undefined") {
    self.onmessage = function (e) { work(e.data); };
    return;
  }
  // The worker is this file, named as it was loaded: a lesson in a
  // chapter's folder is one level below it.
  var me = document.currentScript && document.currentScript.src || "wasm-run.js";

  // work runs in the worker: one program, then the worker is dropped.
  function work(m) {
    var start = performance.now(), bufs = {}, decs = {}, size = 0, out = [], sent = 0;
    // Lines go in batches: at once when the program waits (the timer
    // runs then), else every 50 ms, so a loop that prints cannot flood
    // the page with a message a line.
    function flush() {
      if (out.length) postMessage({ lines: out });
      out = [];
      sent = performance.now();
    }
    function send(fd, all) {
      var lines = bufs[fd].split("\n"), now = performance.now();
      bufs[fd] = all ? "" : lines.pop();
      if (all && lines[lines.length - 1] === "") lines.pop();
      if (!out.length && lines.length) setTimeout(flush);
      lines.forEach(function (l) { out.push({ t: now - start, fd: fd, text: l }); });
      if (now - sent > 50) flush();
    }
    try {
      importScripts("wasm_exec.js");
    } catch (err) {
      return postMessage({ done: true, error: "cannot load wasm_exec.js: " + err });
    }
    globalThis.fs.writeSync = function (fd, buf) {
      // As the verified run keeps at most 1 MiB of output, so does this.
      if ((size += buf.length) > 1 << 20) {
        flush();
        postMessage({ done: true, error: "stopped after 1 MiB of output" });
        return close();
      }
      if (!decs[fd]) { decs[fd] = new TextDecoder("utf-8"); bufs[fd] = ""; }
      bufs[fd] += decs[fd].decode(buf, { stream: true });
      send(fd, false);
      return buf.length;
    };
    var go = new Go();
    go.argv = [m.name].concat(m.args);
    go.exit = function (code) {
      Object.keys(bufs).forEach(function (fd) { send(fd, true); });
      flush();
      postMessage({ done: true, code: code, ms: performance.now() - start });
    };
    fetch("programs.wasm").then(function (r) {
      if (!r.ok) throw new Error("programs.wasm: HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      start = performance.now();
      return WebAssembly.instantiate(buf, go.importObject);
    }).then(function (r) {
      return go.run(r.instance);
    }).catch(function (err) {
      postMessage({ done: true, error: String(err) });
    });
  }

  var d = document, pageLines = 1000; // as many as a verified run shows
  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // printable shows control characters and those that reorder text as
  // escapes (\x1b, \u202e), as the verified run's output is shown: a
  // program's output cannot restyle or reorder what a reader sees.
  function printable(s) {
    return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, function (c) {
      var n = c.charCodeAt(0);
      return c == "\r" ? "\\r" : n < 0x80 ? "\\x" + (n < 16 ? "0" : "") + n.toString(16) : "\\u" + ("000" + n.toString(16)).slice(-4);
    });
  }
  // verified lists the lines of the run recorded when the site was built.
  function verified(res) {
    var out = [];
    Array.prototype.forEach.call(res.querySelectorAll(".out:not(.wb-browser) .o > div:not(.none)"), function (div) {
      var t = div.querySelector(".t");
      out.push(div.textContent.slice(t ? t.textContent.length : 0));
    });
    return out;
  }

  window.wbWasm = function (btn) {
    if (btn.wbStop) return btn.wbStop("stopped");
    var res = btn.closest("section.result"), label = btn.textContent;
    var old = res.querySelector(".wb-browser");
    if (old) old.remove();
    var box = el("div", "out wb-browser"), bar = el("div", "bar"), o = el("div", "o"), st = el("span", "", "loading…");
    box.setAttribute("aria-live", "polite");
    bar.appendChild(el("span", "", "Your browser · WebAssembly, one thread"));
    bar.appendChild(st);
    box.appendChild(bar);
    box.appendChild(o);
    btn.parentNode.after(box);
    var got = [], w;
    try {
      w = new Worker(me);
    } catch (err) { // a page opened from disk may start no worker
      btn.wbStop = null;
      st.textContent = location.protocol == "file:" ? "runs only on the site served over HTTP, not opened from disk" : "failed: " + err.message;
      return;
    }
    var timer = setTimeout(function () { stop("timed out after " + btn.dataset.ms / 1000 + "s"); }, +btn.dataset.ms || 10000);
    function stop(state, code) {
      clearTimeout(timer);
      w.terminate();
      btn.wbStop = null;
      btn.textContent = label;
      st.textContent = state;
      if (code === undefined) return;
      if (!got.length) o.appendChild(el("div", "none", "(no output)"));
      if (got.length > pageLines) o.appendChild(el("div", "none", "[" + (got.length - pageLines) + " more lines not shown]"));
      // A verified run the page shows in part is compared as far as shown.
      var want = verified(res), cut = /more lines not shown/.test((res.querySelector(".out:not(.wb-browser)") || {}).textContent);
      var mine = cut ? got.slice(0, want.length) : got.slice();
      if (btn.dataset.anyOrder !== undefined) { mine.sort(); want.sort(); }
      var same = mine.join("\n") === want.join("\n");
      box.appendChild(el("p", "note", same ? "✓ Same output as the verified run above." :
        "Not the same output as the verified run above: timings, the order goroutines run in, and the names in a panic's trace can differ in a browser."));
    }
    btn.wbStop = stop;
    btn.textContent = "■ Stop";
    w.onmessage = function (e) {
      var m = e.data;
      if (m.done) return m.error ? stop("failed: " + m.error) : stop("exit " + m.code + " · " + (m.ms / 1000).toFixed(3) + "s", m.code);
      st.textContent = "running…";
      m.lines.forEach(function (l) {
        var text = printable(l.text);
        if (got.push(text) > pageLines) return;
        var div = el("div", String(l.fd) === "2" ? "e" : "");
        div.appendChild(el("span", "t", (l.t / 1000).toFixed(3)));
        div.appendChild(d.createTextNode(text));
        o.appendChild(div);
      });
    };
    w.onerror = function (e) { stop("failed: " + (e.message || "the worker could not start")); };
    w.postMessage({ name: btn.dataset.w, args: JSON.parse(btn.dataset.args || "[]") });
  };
})();
