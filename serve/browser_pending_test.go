package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeBrowserPending: a page opened while the first build runs its
// programs shows a pending panel and a line saying how far the build
// is; when its program has run, the page reloads into the result, and
// the line goes.
func TestServeBrowserPending(t *testing.T) {
	tab := newServeTab(t)
	r := gatedRunner{scriptRunner: newScriptRunner(), release: make(chan struct{})}
	waiting := "```go\npackage main\n\nimport \"fmt\"\n\n// wait\nfunc main() { fmt.Println(\"late\") }\n```\n"
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "Ready.\n\n"+goBlock("", "early")+"\nThen:\n\n"+waiting),
	})
	ts := startServerNoWait(t, dir, r, nil)
	t.Cleanup(func() {
		select {
		case <-r.release:
		default:
			close(r.release)
		}
	})

	tab.do(chromedp.Navigate(ts.url + "/01-a.html"))
	tab.waitFor(`!!document.querySelector("section.result .pending") && !!document.getElementById("wb-progress") && document.getElementById("wb-progress").textContent.includes("1/2 done")`, 20*time.Second)
	if line := evalIn[string](tab, `document.getElementById("wb-progress").textContent`); !strings.Contains(line, "Running the book's programs: 1/2 done") {
		t.Errorf("the progress line reads %q", line)
	}
	tab.screenshot("serve-pending")
	evalIn[bool](tab, `window.notReloaded = true`)
	close(r.release)
	tab.waitFor(`!window.notReloaded && document.readyState === "complete" && !document.querySelector("section.result .pending") && !document.getElementById("wb-progress")`, 20*time.Second)
	if n := evalIn[int](tab, `document.querySelectorAll("section.result.pass").length`); n != 2 {
		t.Errorf("after the first build, %d programs show a result, want 2", n)
	}
	tab.noProblems()
}
