package serve

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeProseEdit: a prose edit reloads the page it changed (and only
// that page), serves the new text, and runs nothing.
func TestServeProseEdit(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "Before the edit.\n\n"+goBlock("", "hello from a")),
		"02-b.md": lessonText("Second", "Another page.\n\n"+goBlock("", "hello from b")),
	})
	ts := startServer(t, dir, r, nil)
	if code, body := ts.get("/01-a.html"); code != 200 || !strings.Contains(body, "Before the edit.") || !strings.Contains(body, "hello from a") {
		t.Fatalf("GET /01-a.html: %d\n%s", code, body)
	}
	ran := r.total()
	ev := ts.events()
	hello := nextEvent(t, ev, "hello").state(t)
	g := hello.Gen // the first build's pending pages may have come first
	if g == 0 || hello.Pages["01-a.html"] == 0 {
		t.Fatalf("hello = %+v, want a generation with 01-a.html", hello)
	}

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "After the edit.\n\n"+goBlock("", "hello from a")))
	st := nextEvent(t, ev, "reload").state(t)
	if st.Gen != g+1 || st.Pages["01-a.html"] != g+1 || st.Pages["02-b.html"] != hello.Pages["02-b.html"] {
		t.Errorf("reload = %+v; want generation %d changing 01-a.html only", st, g+1)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "After the edit.") || strings.Contains(body, "Before the edit.") {
		t.Errorf("after the reload event, the page is not the new one:\n%s", body)
	}
	if n := r.total(); n != ran {
		t.Errorf("a prose edit ran %d programs; want none", n-ran)
	}
	// The build is logged once published.
	ts.waitFor("the log to say what changed", func() bool { return strings.Contains(ts.log.String(), `msg=built changed=01-a.md`) })
}

// TestServeProgramEdit: a changed program runs again, alone.
func TestServeProgramEdit(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", goBlock("", "one")+"\n"+goBlock("", "two")),
		"02-b.md": lessonText("Second", goBlock("", "three")),
	})
	ts := startServer(t, dir, r, nil)
	if n := r.total(); n != 3 {
		t.Fatalf("the first build ran %d programs, want 3", n)
	}
	for _, p := range []string{"1/3", "2/3", "3/3"} {
		if !strings.Contains(ts.log.String(), `progress="`+p+` programs"`) {
			t.Errorf("the log does not say %s programs:\n%s", p, ts.log.String())
		}
	}
	ev := ts.events()
	nextEvent(t, ev, "hello")
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", goBlock("", "one")+"\n"+goBlock("", "two, changed")))
	ts.nextEvent(ev, "reload")
	if n, c := r.total(), r.count("two, changed"); n != 4 || c != 1 {
		t.Errorf("after changing one program: %d runs in all (want 4), %d of the changed one (want 1)", n, c)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "two, changed") {
		t.Errorf("the page lacks the new output")
	}
}

// TestServeBrokenLesson: a lesson that does not parse keeps the last good
// site, reports the position to open pages (also to pages that connect
// later) and to the log once, and clears itself when fixed.
func TestServeBrokenLesson(t *testing.T) {
	r := newScriptRunner()
	good := lessonText("First", "Good text.\n\n"+goBlock("", "hi"))
	dir := writeLessons(t, map[string]string{"01-a.md": good})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")

	bad := lessonText("First", "Broken text.\n\n"+goBlock(" wat", "hi"))
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), bad)
	e := nextEvent(t, ev, "error", "reload")
	if e.name != "error" || !strings.Contains(e.data, `"pos":"lessons/01-a.md:7:7"`) || !strings.Contains(e.data, "wat") {
		t.Fatalf("after breaking the lesson: %s %s; want an error at lessons/01-a.md:7 naming the attribute", e.name, e.data)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "Good text.") {
		t.Errorf("the last good page is not served while the lesson is broken")
	}
	// A page opened now learns of the error at once.
	late := ts.events()
	nextEvent(t, late, "hello")
	if e := nextEvent(t, late, "error"); !strings.Contains(e.data, "lessons/01-a.md:7") {
		t.Errorf("a page connecting while broken got %s", e.data)
	}
	// Saving the same mistake again does not repeat it in the log.
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), bad+"\n")
	ts.waitFor("the second failed build", func() bool { return strings.Contains(ts.log.String(), "same problems") })
	if n := strings.Count(ts.log.String(), "level=ERROR"); n != 1 {
		t.Errorf("the error was logged %d times, want once:\n%s", n, ts.log)
	}

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), strings.Replace(good, "Good", "Fixed", 1))
	if e := nextEvent(t, ev, "clear", "error"); e.name != "clear" {
		t.Fatalf("after the fix: %s %s, want clear", e.name, e.data)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "Fixed text.") {
		t.Errorf("the fixed page is not served")
	}
	// The log line follows the pages it speaks of.
	ts.waitFor("the log to say the problem was fixed", func() bool { return strings.Contains(ts.log.String(), "fixed") })
}

// TestServeBrokenProgram: a program that stops compiling is a failed
// rebuild: the overlay names its lesson position and the compiler's
// message, the last good page stays, and the fix recovers.
func TestServeBrokenProgram(t *testing.T) {
	r := newScriptRunner()
	good := lessonText("First", "Text.\n\n"+goBlock(" name=hello", "hi"))
	dir := writeLessons(t, map[string]string{"01-a.md": good})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), strings.Replace(good, `fmt.Println("hi")`, `fmt.Println("hi", BROKEN)`, 1))
	e := nextEvent(t, ev, "error", "reload")
	// The block's fence is line 7; the call is the part's 6th line, line 13.
	for _, want := range []string{`"pos":"lessons/01-a.md:7"`, `"name":"hello"`, "lessons/01-a.md:13:", "undefined: BROKEN", `"href":"01-a.html#hello"`} {
		if !strings.Contains(e.data, want) {
			t.Errorf("error event lacks %s: %s", want, e.data)
		}
	}
	if _, body := ts.get("/01-a.html"); strings.Contains(body, "BROKEN") || !strings.Contains(body, "hi") {
		t.Errorf("the broken program replaced the last good page")
	}
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), strings.Replace(good, `"hi"`, `"hi again"`, 1))
	nextEvent(t, ev, "clear")
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "hi again") {
		t.Errorf("the fixed program is not served")
	}
}

// TestServeFailingProgramFreezesNothingElse: while one program fails,
// edits to other lessons are served and logged; only the failing
// program's page keeps its last good version, under the overlay, until
// the program is fixed.
func TestServeFailingProgramFreezesNothingElse(t *testing.T) {
	r := newScriptRunner()
	good := lessonText("First", "Text.\n\n"+goBlock(" name=hello", "hi"))
	dir := writeLessons(t, map[string]string{
		"01-a.md": good,
		"02-b.md": lessonText("Second", "Other text 0.\n\n"+goBlock(" name=other", "other 0")),
	})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), strings.Replace(good, `fmt.Println("hi")`, `fmt.Println("hi", BROKEN)`, 1))
	nextEvent(t, ev, "error")
	for i := 1; i <= 2; i++ {
		text, out := fmt.Sprintf("Other text %d.", i), fmt.Sprintf("other %d", i)
		writeLessonFile(t, filepath.Join(dir, "02-b.md"), lessonText("Second", text+"\n\n"+goBlock(" name=other", out)))
		ts.waitFor("the other lesson's edit "+strconv.Itoa(i), func() bool {
			_, body := ts.get("/02-b.html")
			return strings.Contains(body, text) && strings.Contains(body, out)
		})
		// The build is logged just after its pages are served.
		ts.waitFor("the log of edit "+strconv.Itoa(i), func() bool {
			return strings.Count(ts.log.String(), "changed=02-b.md") >= i
		})
		if n := strings.Count(ts.log.String(), "changed=02-b.md"); n != i {
			t.Errorf("after edit %d of the other lesson, the log shows %d builds of it, want %d:\n%s", i, n, i, ts.log)
		}
	}
	if _, body := ts.get("/01-a.html"); strings.Contains(body, "BROKEN") || !strings.Contains(body, "hi") {
		t.Errorf("the failing program's page is not its last good version")
	}
	late := ts.events()
	nextEvent(t, late, "hello")
	if e := nextEvent(t, late, "error"); !strings.Contains(e.data, "undefined: BROKEN") {
		t.Errorf("a page connecting while the program fails got %s, want the failure", e.data)
	}

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), strings.Replace(good, `"hi"`, `"hi again"`, 1))
	nextEvent(t, ev, "clear")
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "hi again") {
		t.Errorf("the fixed program is not served")
	}
}

// TestServeBurst: many saves in a burst coalesce into few builds, and
// the last save is what is served.
func TestServeBurst(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Save 0.\n")})
	ts := startServer(t, dir, r, nil)
	before := ts.gen()
	for i := 1; i <= 50; i++ {
		writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", fmt.Sprintf("Save %d.\n", i)))
		time.Sleep(2 * time.Millisecond)
	}
	ts.waitFor("the last save", func() bool {
		_, body := ts.get("/01-a.html")
		return strings.Contains(body, "Save 50.")
	})
	time.Sleep(500 * time.Millisecond) // any build still to come
	builds := ts.gen() - before
	// About 150 ms of saves: a build per 400 ms of continuous changes at
	// most, plus the one after the last; 10 leaves room for a slow machine.
	if builds < 1 || builds > 10 {
		t.Errorf("50 saves gave %d builds; want a few", builds)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "Save 50.") {
		t.Errorf("the last save is not what is served")
	}
	t.Logf("50 saves → %d builds", builds)
}

// TestServeDeleteRename: deleted and renamed lessons leave the site, and
// pages showing them are told to reload (into the 404 page).
func TestServeDeleteRename(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "A.\n"),
		"02-b.md": lessonText("Second", "B.\n"),
		"03-c.md": lessonText("Third", "C.\n"),
	})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")

	if err := os.Remove(filepath.Join(dir, "02-b.md")); err != nil {
		t.Fatal(err)
	}
	st := nextEvent(t, ev, "reload").state(t)
	if st.Pages["02-b.html"] != st.Gen {
		t.Errorf("deleting 02-b.md: pages = %v; want 02-b.html marked changed in generation %d", st.Pages, st.Gen)
	}
	if code, body := ts.get("/02-b.html"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("deleted lesson: GET = %d", code)
	}
	if _, body := ts.get("/"); strings.Contains(body, "02-b.html") {
		t.Errorf("the home page still lists the deleted lesson")
	}

	if err := os.Rename(filepath.Join(dir, "03-c.md"), filepath.Join(dir, "04-d.md")); err != nil {
		t.Fatal(err)
	}
	nextEvent(t, ev, "reload")
	if code, _ := ts.get("/03-c.html"); code != 404 {
		t.Errorf("renamed lesson: old page GET = %d, want 404", code)
	}
	if code, body := ts.get("/04-d.html"); code != 200 || !strings.Contains(body, "C.") {
		t.Errorf("renamed lesson: new page GET = %d", code)
	}

	// A new folder, then a lesson moved out of it into the book.
	sub := filepath.Join(dir, "drafts")
	writeLessonFile(t, filepath.Join(sub, "05-e.md"), lessonText("Fifth", "E.\n"))
	time.Sleep(200 * time.Millisecond)
	if err := os.Rename(filepath.Join(sub, "05-e.md"), filepath.Join(dir, "05-e.md")); err != nil {
		t.Fatal(err)
	}
	ts.waitFor("the moved lesson", func() bool { code, _ := ts.get("/05-e.html"); return code == 200 })
}

// TestServeCancelsOutdatedBuild: a change during a long build cancels it
// (its program is stopped) and the newer version is served without
// waiting for the old one.
func TestServeCancelsOutdatedBuild(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Quick.\n")})
	ts := startServer(t, dir, r, nil)
	r.mu.Lock()
	r.started = make(chan string, 10)
	r.mu.Unlock()
	slow := "```go\npackage main\n\nimport \"fmt\"\n\n// sleep: 30s\nfunc main() { fmt.Println(\"slow\") }\n```\n"
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "Slow.\n\n"+slow))
	select {
	case <-r.started:
	case <-time.After(30 * time.Second): // generous: CI shares two cores with the other packages' tests
		t.Fatal("the slow program never started")
	}
	start := time.Now()
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "Quick again.\n"))
	ts.waitFor("the newer version", func() bool { _, body := ts.get("/01-a.html"); return strings.Contains(body, "Quick again.") })
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the newer version took %v: the outdated build was not cancelled", d)
	}
	r.mu.Lock()
	cancelled := r.cancelled
	r.mu.Unlock()
	if cancelled != 1 {
		t.Errorf("%d runs were cancelled, want the slow one", cancelled)
	}
}

// TestServeFirstBuild: before the first build has rendered its pages,
// pages get a placeholder that carries serve's script, so it reloads
// into the site;
// when the first build fails, it says so and the error is sent at once.
func TestServeFirstBuild(t *testing.T) {
	r := newScriptRunner()
	slow := "```go\npackage main\n\nimport \"fmt\"\n\n// sleep: 1s\nfunc main() { fmt.Println(\"slow\") }\n```\n"
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Ready.\n\n"+slow)})
	gate := make(chan struct{})
	open := sync.OnceFunc(func() { close(gate) })
	ts := startServerNoWait(t, dir, r, func(c *Config) { c.Lessons = gatedFS{c.Lessons, gate} })
	t.Cleanup(open) // runs before the server stops, so its build can end
	code, body := ts.get("/01-a.html")
	if code != 503 || !strings.Contains(body, "Building the site") || !strings.Contains(body, `content="`+ts.srv.instance+`:0"`) ||
		!strings.Contains(body, "/_workbook/serve.js") {
		t.Fatalf("before the first build: %d\n%s", code, body)
	}
	ev := ts.events()
	if st := nextEvent(t, ev, "hello").state(t); st.Gen != 0 {
		t.Errorf("hello before the first build: generation %d", st.Gen)
	}
	open()
	if st := nextEvent(t, ev, "reload").state(t); st.Gen != 1 {
		t.Errorf("first reload: generation %d, want 1", st.Gen)
	}
	if code, body := ts.get("/01-a.html"); code != 200 || !strings.Contains(body, "Ready.") {
		t.Errorf("after the first build: %d", code)
	}

	broken := writeLessons(t, map[string]string{"01-a.md": "no front matter\n"})
	bs := startServer(t, broken, r, nil)
	if code, body := bs.get("/"); code != 503 || !strings.Contains(body, "could not be built") {
		t.Errorf("after a failed first build: %d\n%s", code, body)
	}
	ev = bs.events()
	nextEvent(t, ev, "hello")
	if e := nextEvent(t, ev, "error"); !strings.Contains(e.data, "lessons/01-a.md:1") {
		t.Errorf("error event: %s", e.data)
	}
	writeLessonFile(t, filepath.Join(broken, "01-a.md"), lessonText("First", "Now fine.\n"))
	if st := nextEvent(t, ev, "reload").state(t); st.Gen != 1 {
		t.Errorf("after the fix: generation %d, want 1", st.Gen)
	}
	if code, _ := bs.get("/01-a.html"); code != 200 {
		t.Errorf("after the fix: %d", code)
	}
}

// TestServeImageEdit: an image is not a page, and any page may show it,
// so changing one reloads every page.
func TestServeImageEdit(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "![a diagram](d.svg)\n\n"+goBlock("", "hello from a")),
		"02-b.md": lessonText("Second", "Another page.\n\n"+goBlock("", "hello from b")),
	})
	writeLessonFile(t, filepath.Join(dir, "d.svg"), `<svg xmlns="http://www.w3.org/2000/svg"><title>old</title></svg>`)
	ts := startServer(t, dir, r, nil)
	if code, body := ts.get("/d.svg"); code != 200 || !strings.Contains(body, "old") {
		t.Fatalf("GET /d.svg: %d %q", code, body)
	}
	ev := ts.events()
	nextEvent(t, ev, "hello")
	writeLessonFile(t, filepath.Join(dir, "d.svg"), `<svg xmlns="http://www.w3.org/2000/svg"><title>new</title></svg>`)
	st := nextEvent(t, ev, "reload").state(t)
	if st.Pages["01-a.html"] != st.Gen || st.Pages["02-b.html"] != st.Gen {
		t.Errorf("reload = %+v; want every page at generation %d", st, st.Gen)
	}
	if _, body := ts.get("/d.svg"); !strings.Contains(body, "new") {
		t.Errorf("after the reload event, the image is the old one: %q", body)
	}
}

// TestServeWarnsOfBrokenLinks: a broken link holds nothing back in serve
// (build and verify refuse it): the page is served fresh, and open pages
// and the log get a warning at the link's position until it is fixed.
func TestServeWarnsOfBrokenLinks(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Text.\n")})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "See [the next one](02-missing.md).\n"))
	e := nextEvent(t, ev, "error")
	var got struct {
		Errors []buildProblem `json:"errors"`
	}
	if err := json.Unmarshal([]byte(e.data), &got); err != nil {
		t.Fatalf("error event %s: %v", e.data, err)
	}
	if len(got.Errors) != 1 || !got.Errors[0].Warning || !strings.Contains(got.Errors[0].Pos, "01-a.md:") || !strings.Contains(got.Errors[0].Message, "02-missing.md") {
		t.Errorf("the warning is %+v, want one warning at 01-a.md naming 02-missing.md", got.Errors)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "the next one") {
		t.Errorf("a page with a broken link was held back")
	}
	if !strings.Contains(ts.log.String(), "broken link") {
		t.Errorf("the log does not warn of the broken link:\n%s", ts.log)
	}
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "Fixed.\n"))
	nextEvent(t, ev, "clear")

	// A link to a draft: serve shows the draft, build leaves it out.
	writeLessonFile(t, filepath.Join(dir, "02-b.md"), "---\ntitle: Later\ndraft: true\n---\n\nNot yet.\n")
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "See [later](02-b.md).\n"))
	for {
		e := nextEvent(t, ev, "error")
		if strings.Contains(e.data, "draft") {
			break
		}
	}
}

// TestServeReusesUntouchedPages: after an edit, pages whose inputs did
// not change are taken from the last build, with the new build's head
// (its generation); a page that shows what changed (a neighbour's title
// in its previous and next links) is rendered again.
func TestServeReusesUntouchedPages(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "Page a.\n\n"+goBlock("", "from a")),
		"02-b.md": lessonText("Second", "Page b.\n\n"+goBlock("", "from b")),
		"03-c.md": lessonText("Third", "Page c.\n\n"+goBlock("", "from c")),
	})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")
	meta := func(body string) string {
		_, rest, _ := strings.Cut(body, `<meta name="workbook-build" content="`)
		v, _, _ := strings.Cut(rest, `"`)
		return v
	}
	writeLessonFile(t, filepath.Join(dir, "03-c.md"), lessonText("Third", "Page c, edited.\n\n"+goBlock("", "from c")))
	nextEvent(t, ev, "reload")
	_, a := ts.get("/01-a.html")
	if want := fmt.Sprintf(":%d", ts.gen()); !strings.HasSuffix(meta(a), want) || !strings.Contains(a, "Page a.") {
		t.Errorf("the untouched page names build %q, want the current one (%s):\n%.300s", meta(a), want, a)
	}
	writeLessonFile(t, filepath.Join(dir, "03-c.md"), lessonText("The third, renamed", "Page c, edited.\n\n"+goBlock("", "from c")))
	nextEvent(t, ev, "reload")
	if _, b := ts.get("/02-b.html"); !strings.Contains(b, "The third, renamed") {
		t.Errorf("the neighbour's page does not show the new title of 03-c")
	}
}
