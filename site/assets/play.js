// Open in the Go Playground. app.js loads this file when a reader
// clicks the link, with the program's code and the tab it opened: the
// code is shared with the Playground, and the tab shows it there (or an
// empty Playground when sharing fails).
window.wbPlay = function (src, tab, fallback) {
  "use strict";
  fetch("https://play.golang.org/share", { method: "POST", body: src }).then(function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.text();
  }).then(function (id) { tab.location = "https://go.dev/play/p/" + id; }, function () { tab.location = fallback; });
};
