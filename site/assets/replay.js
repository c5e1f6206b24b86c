// Replay, loaded by app.js on the first press of a Replay button
// (.replay in a program's output); wbReplay(button) acts on a press.
(function () {
  "use strict";
  var d = document;
  // Replay's rules: style.css leaves them out, since a page needs none
  // of them before a press. Hidden lines keep their space; the bar under
  // a playing output fills as it plays.
  d.head.appendChild(d.createElement("style")).textContent = ".o>.hid{visibility:hidden}.rc{display:flex;align-items:center;gap:.4rem}" +
    ".bar .rc button{min-width:0;padding:.1rem .4rem}.prog{font-variant-numeric:tabular-nums;white-space:nowrap}" +
    ".out.playing .bar{background:linear-gradient(var(--link),var(--link)) no-repeat left bottom/calc(var(--p,0)*100%) 2px}" +
    "@media (max-width:40rem){.prog{display:none}}";
  function media(q) { return window.matchMedia && matchMedia(q).matches; }
  window.wbReplay = function (btn) {
    if (!btn.wbPress) btn.wbPress = replay(btn);
    btn.wbPress();
  };

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
    function press() {
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
    }
    sp.addEventListener("click", function () {
      si = (si + 1) % speeds.length;
      sp.textContent = speeds[si] + "×";
    });
    st.addEventListener("click", stop);
    return press;
  }
})();
