package serve

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeBrowserAccept runs a program whose output no longer matches
// its lesson, accepts what it printed, and sees the lesson file
// rewritten and the page rebuilt; an edited program is not offered it.
func TestServeBrowserAccept(t *testing.T) {
	tab := newServeTab(t)
	lesson := lessonText("A", goBlock(" name=hi", "new")+"\n```output\nold\n```\n")
	dir := writeLessons(t, map[string]string{"01-a.md": lesson})
	ts := startServer(t, dir, newScriptRunner(), nil)
	tab.do(chromedp.Navigate(ts.srv.LoginURL()))
	tab.waitFor(`location.pathname === "/" && document.readyState === "complete"`, 20*time.Second)
	tab.do(chromedp.Navigate(ts.url + "/01-a.html"))
	tab.waitFor(`!!document.querySelector("#hi .wb-run")`, 20*time.Second)

	tab.do(chromedp.Click("#hi .wb-run"))
	tab.waitFor(`!!document.querySelector("#hi-result .wb-live .wb-accept")`, 20*time.Second)
	tab.do(chromedp.Click("#hi-result .wb-accept"))
	ts.waitFor("the lesson rewritten", func() bool {
		got, _ := os.ReadFile(filepath.Join(dir, "01-a.md"))
		return string(got) == lessonText("A", goBlock(" name=hi", "new")+"\n```output\nnew\n```\n")
	})
	tab.waitFor(`!document.querySelector("#hi-result .wb-live") && document.querySelector("#hi-result").textContent.includes("new")`, 20*time.Second)

	tab.do(chromedp.Click("#hi .wb-edit"))
	tab.waitFor(`!!document.querySelector("#hi textarea")`, 5*time.Second)
	evalIn[bool](tab, `(() => { const ta = document.querySelector("#hi textarea"); ta.value = ta.value.replace('"new"', '"newer"'); ta.dispatchEvent(new Event("input")); return true; })()`)
	tab.do(chromedp.Click("#hi .wb-run"))
	tab.waitFor(`(document.querySelector("#hi-result .wb-live .msg") || {}).textContent !== undefined`, 20*time.Second)
	if evalIn[bool](tab, `!!document.querySelector("#hi-result .wb-accept")`) {
		t.Errorf("an edited program is offered to accept its output")
	}
	tab.noProblems()
}
