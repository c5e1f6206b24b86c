package serve

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeChaptersAndDrafts: serve shows a chapter's lessons under
// their folder, drafts included and marked as drafts (build leaves them
// out), runs their programs, and rebuilds when a chapter's file changes.
func TestServeChaptersAndDrafts(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md":       lessonText("First", "Top.\n\n"+goBlock("", "hello from a")),
		"ch/index.md":   lessonText("A chapter", "About it.\n"),
		"ch/01-b.md":    lessonText("In a chapter", "Inside.\n\n"+goBlock("", "hello from b")),
		"ch/02-wip.md":  "---\ntitle: Not yet\ndraft: true\n---\n\nUnfinished.\n\n" + goBlock("", "hello from the draft"),
		"ch/img/x.jpeg": "jpeg",
	})
	ts := startServer(t, dir, r, nil)
	if code, body := ts.get("/ch/01-b.html"); code != 200 || !strings.Contains(body, "hello from b") || !strings.Contains(body, `href="../style.css"`) {
		t.Fatalf("GET /ch/01-b.html: %d\n%s", code, body)
	}
	code, body := ts.get("/ch/02-wip.html")
	if code != 200 || !strings.Contains(body, `<p class="draft-note"><strong>Draft.</strong>`) || !strings.Contains(body, "hello from the draft") {
		t.Fatalf("GET /ch/02-wip.html: %d; want the draft, marked and run\n%s", code, body)
	}
	if _, toc := ts.get("/toc.js"); !strings.Contains(toc, `["ch/02-wip.html","Not yet",1]`) {
		t.Errorf("the contents do not list the draft as one:\n%s", toc)
	}
	ev := ts.events()
	nextEvent(t, ev, "hello")
	writeLessonFile(t, filepath.Join(dir, "ch", "01-b.md"), lessonText("In a chapter", "Edited.\n\n"+goBlock("", "hello from b")))
	nextEvent(t, ev, "reload")
	if _, body := ts.get("/ch/01-b.html"); !strings.Contains(body, "Edited.") {
		t.Errorf("after an edit in a chapter, the page is not the new one")
	}
}
