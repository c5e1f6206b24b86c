package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeBrowserCheck solves an exercise in the page: the starter is
// checked and not solved (with the difference), the edited code is
// checked and solved, and the progress, the code and the counts on the
// lesson's header and the contents page survive a reload.
func TestServeBrowserCheck(t *testing.T) {
	tab := newServeTab(t)
	dir := writeLessons(t, map[string]string{"01-a.md": exerciseLesson()})
	ts := startServer(t, dir, newScriptRunner(), nil)
	tab.do(chromedp.Navigate(ts.srv.LoginURL()))
	tab.waitFor(`location.pathname === "/" && document.readyState === "complete"`, 20*time.Second)
	tab.do(chromedp.Navigate(ts.url + "/01-a.html"))
	tab.waitFor(`!!document.querySelector("#six .wb-check")`, 20*time.Second)
	if got := evalIn[string](tab, `document.querySelector(".ex-progress").textContent`); got != "Exercises: 0 of 1 solved" {
		t.Errorf("the lesson's header reads %q before any check", got)
	}
	if !evalIn[bool](tab, `!document.querySelector(".solution").open && !document.querySelector("#six-solution").checkVisibility()`) {
		t.Errorf("the solution is shown before it is asked for")
	}

	tab.do(chromedp.Click("#six .wb-check"))
	tab.waitFor(`(document.querySelector("#six-result .wb-progress") || {}).textContent === "Not solved yet: 1 check so far."`, 20*time.Second)
	if msg := evalIn[string](tab, `document.querySelector("#six-result .wb-live .msg").textContent`); !strings.Contains(msg, "- six") || !strings.Contains(msg, "+ zero") {
		t.Errorf("a wrong attempt shows %q; want the difference", msg)
	}

	tab.do(chromedp.Click("#six .wb-edit"))
	tab.waitFor(`!!document.querySelector("#six + textarea, #six textarea.wb-editor")`, 5*time.Second)
	evalIn[bool](tab, `(() => { const ta = document.querySelector("#six textarea"); ta.value = ta.value.replace('"zero"', '"six"'); ta.dispatchEvent(new Event("input")); return true; })()`)
	tab.do(chromedp.Click("#six .wb-check"))
	tab.waitFor(`(document.querySelector("#six-result .wb-progress") || {}).textContent === "✓ Solved (2 checks)"`, 20*time.Second)
	if got := evalIn[string](tab, `document.querySelector(".ex-progress").textContent`); got != "Exercises: 1 of 1 solved" {
		t.Errorf("after solving, the lesson's header reads %q", got)
	}
	tab.screenshot("serve-exercise-solved")

	tab.do(chromedp.Reload())
	tab.waitFor(`(document.querySelector("#six-result .wb-progress") || {}).textContent === "✓ Solved (2 checks)"`, 20*time.Second)
	if !evalIn[bool](tab, `document.querySelector("#six textarea").value.includes('"six"') && document.querySelector(".ex-progress").textContent === "Exercises: 1 of 1 solved"`) {
		t.Errorf("after a reload the code or the count is lost")
	}
	tab.do(chromedp.Navigate(ts.url + "/"))
	tab.waitFor(`(document.querySelector("li .ex-progress") || {}).textContent === "Exercises: 1 of 1 solved"`, 20*time.Second)
	tab.noProblems()
}
