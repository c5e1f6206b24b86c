// Pages with a goroutine timeline only (timeline.go).
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
