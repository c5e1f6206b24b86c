package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writerLesson is a lesson whose program appends a line to a log
// outside the lessons (to count its runs) and writes a file into the
// lessons folder: the same bytes each run, or the time (new bytes each
// run).
func writerLesson(into, runlog string, changing bool) string {
	content := `"same bytes\n"`
	if changing {
		content = `time.Now().String()`
	}
	return lessonText("Writer", "A program that writes into the lessons folder.\n\n"+
		"```go args=\""+into+" "+runlog+"\"\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\n"+
		"func main() {\n\t_ = time.Now\n\tf, _ := os.OpenFile(os.Args[2], os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)\n\tf.WriteString(\"ran\\n\")\n\tf.Close()\n"+
		"\tos.WriteFile(os.Args[1], []byte("+content+"), 0o644)\n\ttime.Sleep(300 * time.Millisecond) // still running when the watcher reports the write\n\tfmt.Println(\"wrote it\")\n}\n```\n")
}

// TestServeProgramWritesIntoLessons: a program that writes into the
// lessons folder at each run does not rebuild the site forever, whether
// it writes the same bytes or new ones each time; the site is served,
// the program stops running, and the log says what happened.
func TestServeProgramWritesIntoLessons(t *testing.T) {
	for _, changing := range []bool{false, true} {
		t.Run("changing="+strconv.FormatBool(changing), func(t *testing.T) {
			r := realRunner(t)
			r.CacheDir = t.TempDir() // the program must really run
			runlog := filepath.Join(t.TempDir(), "runs.log")
			dir := filepath.Join(t.TempDir(), "lessons")
			writeLessonFile(t, filepath.Join(dir, "01-a.md"), writerLesson(filepath.Join(dir, "written.txt"), runlog, changing))
			ts := startServerNoWait(t, dir, r, nil)
			ts.waitFor("the site", func() bool {
				code, body := ts.get("/01-a.html")
				return code == 200 && strings.Contains(body, "wrote it") && !strings.Contains(body, pendingText)
			})
			runs := func() int { data, _ := os.ReadFile(runlog); return strings.Count(string(data), "ran\n") }
			n := runs()
			time.Sleep(2 * time.Second) // a loop would run it again by now
			if m := runs(); m != n || m > maxCancels+1 {
				t.Errorf("the program ran %d times, then %d; want it to stop, within %d runs", n, m, maxCancels+1)
			}
			if log := ts.log.String(); !strings.Contains(log, "a program writing into the lessons folder?") || !strings.Contains(log, "written.txt") {
				t.Errorf("the log does not say what happened:\n%s", log)
			}
			t.Logf("the program ran %d times", n)
		})
	}
}

// TestContentFilter: a path reported again with the content it had
// does not count; new content, a removal or a first report does.
func TestContentFilter(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.txt")
	var f contentFilter
	check := func(what string, wantChanged bool) {
		t.Helper()
		changed, same := f.changed([]string{p})
		if got := len(changed) == 1 && len(same) == 0; got != wantChanged {
			t.Errorf("%s: changed %v, same %v; want changed %v", what, changed, same, wantChanged)
		}
	}
	os.WriteFile(p, []byte("a"), 0o644)
	check("first report", true)
	check("same bytes again", false)
	os.WriteFile(p, []byte("b"), 0o644)
	check("new bytes", true)
	os.Remove(p)
	check("removed", true)
	check("still removed", false)
	os.WriteFile(p, []byte("b"), 0o644)
	check("back with the old bytes", true)
	os.Mkdir(p+"d", 0o755)
	changed, _ := f.changed([]string{p + "d", p + "d"})
	if len(changed) != 2 {
		t.Errorf("a folder reported twice: %v changed; folders always count", changed)
	}
}

// TestServeProgramWritesItsInput: a program that appends to a file that
// is one of its own inputs (files=) changes its key at each run, so each
// build would run it again, forever. serve stops rebuilding after
// maxRunRebuilds builds in a row started by nothing else, says which
// file, and builds again when a person saves a lesson.
func TestServeProgramWritesItsInput(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run("poll="+strconv.FormatBool(poll), func(t *testing.T) { testProgramWritesItsInput(t, poll) })
	}
}

func testProgramWritesItsInput(t *testing.T, poll bool) {
	r := realRunner(t)
	r.CacheDir = t.TempDir() // the program must really run
	dir := filepath.Join(t.TempDir(), "lessons")
	data := filepath.Join(dir, "data.txt")
	writeLessonFile(t, data, "start\n")
	prog := "```go files=\"data.txt\" args=\"" + data + "\"\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n" +
		"func main() {\n\tf, _ := os.OpenFile(os.Args[1], os.O_APPEND|os.O_WRONLY, 0o644)\n\tf.WriteString(\"ran\\n\")\n\tf.Close()\n\tfmt.Println(\"appended\")\n}\n```\n"
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("Appender", "Appends to its input.\n\n"+prog))
	ts := startServerNoWait(t, dir, r, func(c *Config) { c.Poll = poll })
	runs := func() int { b, _ := os.ReadFile(data); return strings.Count(string(b), "ran\n") }
	ts.waitFor("the rebuilds to stop", func() bool { return strings.Contains(ts.log.String(), "stopped rebuilding") })
	n := runs()
	time.Sleep(2 * time.Second) // a loop would run it again by now
	if m := runs(); m != n || m != maxRunRebuilds+1 {
		t.Errorf("the program ran %d times, then %d; want %d, then no more", n, m, maxRunRebuilds+1)
	}
	var stopped string
	for l := range strings.Lines(ts.log.String()) {
		if strings.Contains(l, "stopped rebuilding") {
			stopped = l
		}
	}
	if !strings.Contains(stopped, "data.txt") || !strings.Contains(stopped, "save a lesson") {
		t.Errorf("the log does not say which file, or what to do: %s", stopped)
	}
	// A person's save builds again (and the program runs again).
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("Appender", "Appends to its input, edited.\n\n"+prog))
	ts.waitFor("the edit to be served", func() bool {
		code, body := ts.get("/01-a.html")
		return code == 200 && strings.Contains(body, "edited")
	})
	if m := runs(); m <= n {
		t.Errorf("after a person's save the program did not run again (%d runs)", m)
	}
}

func TestShownByPages(t *testing.T) {
	for name, want := range map[string]bool{
		"search.js": false, "search-1.js": false, "search-12.js": false,
		"style.css": true, "toc.js": true, "search-x.js": true, "img/search-1.js": true, "searchbar.js": true,
	} {
		if got := shownByPages(name); got != want {
			t.Errorf("shownByPages(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestServeWatchesModuleAbove: a go.mod made or edited in the folder
// above the lessons (where a book's module usually is) rebuilds the
// site, as a change in the lessons folder does.
func TestServeWatchesModuleAbove(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(fmt.Sprintf("poll=%v", poll), func(t *testing.T) { testWatchesModuleAbove(t, poll) })
	}
}

func testWatchesModuleAbove(t *testing.T, poll bool) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Text.\n")})
	ts := startServer(t, dir, r, func(c *Config) { c.Poll, c.PollInterval = poll, 20*time.Millisecond })
	built := func() int { return strings.Count(ts.log.String(), "msg=built") }
	n := built()
	// Written again until a build follows: the watcher may start after
	// the first build, which is all startServer waits for.
	write := func(name string) func() bool {
		p, i := filepath.Join(filepath.Dir(dir), name), 0
		last := time.Time{}
		return func() bool {
			if time.Since(last) > 200*time.Millisecond {
				i++
				writeLessonFile(t, p, fmt.Sprintf("module example.com/book%d\n", i))
				last = time.Now()
			}
			return false
		}
	}
	mod := write("go.mod")
	ts.waitFor("a build after go.mod was made above the lessons", func() bool {
		return mod() || built() > n && strings.Contains(ts.log.String(), "go.mod")
	})
	n = built()
	sum := write("go.sum")
	ts.waitFor("a build after go.sum was made beside it", func() bool { return sum() || built() > n })
}

func TestModuleFiles(t *testing.T) {
	root := t.TempDir()
	lessons := filepath.Join(root, "book", "lessons")
	writeLessonFile(t, filepath.Join(lessons, "01-a.md"), lessonText("A", "a\n"))
	writeLessonFile(t, filepath.Join(root, "book", "go.mod"), "module b\n")
	got := moduleFiles(lessons)
	want := []string{filepath.Join(root, "book", "go.mod"), filepath.Join(root, "book", "go.sum")}
	if !slices.Equal(got, want) {
		t.Errorf("with go.mod above: %q, want %q", got, want)
	}
	writeLessonFile(t, filepath.Join(lessons, "go.mod"), "module l\n")
	if got := moduleFiles(lessons); got != nil {
		t.Errorf("with go.mod in the lessons folder: %q, want none (its watcher sees it)", got)
	}
	os.Remove(filepath.Join(lessons, "go.mod"))
	os.Remove(filepath.Join(root, "book", "go.mod"))
	if got := moduleFiles(lessons); len(got) < 4 || got[2] != filepath.Join(root, "go.mod") {
		t.Errorf("with no go.mod: %q, want every folder above, the book's and its parent's first", got)
	}
}
