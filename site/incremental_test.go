package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/lessons"
	"github.com/workbook-dev/workbook/runner"
)

// echoRunner passes every program with one line of output that names
// its source's length, counts the programs it was given, and has a
// fingerprint, so builds can skip work.
type echoRunner struct {
	mu  sync.Mutex
	ran int
}

func (e *echoRunner) Fingerprint(context.Context) (string, error) { return "go1.26 linux/amd64", nil }

func (e *echoRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	e.mu.Lock()
	e.ran += len(progs)
	e.mu.Unlock()
	out := make([]*runner.Result, len(progs))
	for i, p := range progs {
		out[i] = &runner.Result{Build: runner.Build{OK: true}, Cached: true, Runs: []runner.Run{{
			Output: []runner.Line{{Stream: "stdout", Text: fmt.Sprintf("%d bytes", len(p.Source))}}}}}
		done(i, out[i])
	}
	return out, nil
}

// bookOf returns a book of n lessons with two programs each.
func bookOf(n int) fstest.MapFS {
	fsys := fstest.MapFS{"index.md": {Data: []byte("---\ntitle: Incremental\n---\n\nThe home page.\n\n```go\npackage main\n\nfunc main() {}\n```\n")}}
	for i := range n {
		src := fmt.Sprintf("---\ntitle: Lesson %d\nsummary: About %d.\nweight: %d\n---\n\n## Part %d\n\nProse of lesson %d.\n\n"+
			"```go name=a\npackage main\n\nfunc main() { println(%d) }\n```\n\n## More\n\n"+
			"```go name=b\npackage main\n\nfunc main() { println(\"b\", %d) }\n```\n", i, i, i, i, i, i, i)
		fsys[fmt.Sprintf("l%02d.md", i)] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// edit returns a copy of fsys with old replaced by new in file.
func edit(t *testing.T, fsys fstest.MapFS, file, old, new string) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for name, f := range fsys {
		c := *f
		out[name] = &c
	}
	if !bytes.Contains(out[file].Data, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	out[file].Data = bytes.Replace(out[file].Data, []byte(old), []byte(new), 1)
	return out
}

func TestBuildRendersOnlyChangedPages(t *testing.T) {
	lessons := bookOf(20)
	out := filepath.Join(t.TempDir(), "public")
	r := &echoRunner{}
	build := func(fsys fstest.MapFS, out string) {
		t.Helper()
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: r}); err != nil {
			t.Fatalf("Build: %v", err)
		}
	}
	build(lessons, out)
	before := stats(t, out)

	for _, c := range []struct {
		name, file, old, new string
		rendered             []string // lesson pages rendered again
	}{
		{"prose", "l10.md", "Prose of lesson 10.", "New prose, with [a link](l03.md).", []string{"l09", "l10", "l11"}},
		{"a program", "l05.md", "println(5)", "println(55)", []string{"l04", "l05", "l06"}},
		{"a title", "l07.md", "title: Lesson 7", "title: The seventh lesson", []string{"l06", "l07", "l08"}},
	} {
		lessons = edit(t, lessons, c.file, c.old, c.new)
		r.ran = 0
		build(lessons, out)
		// The changed lesson, its neighbours and the home page ran.
		if want := 2*len(c.rendered) + 1; r.ran != want {
			t.Errorf("after editing %s: %d programs given to the runner, want %d", c.name, r.ran, want)
		}
		after := stats(t, out)
		for name, fi := range after {
			rendered := strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "l")
			for _, slug := range c.rendered {
				rendered = rendered || name == slug+".html"
			}
			if name == "search.js" || name == "style.css" || name == "app.js" || name == "toc.js" || name == "play.js" || name == "replay.js" || name == "charts.css" || name == "timeline.css" || name == "timeline.js" || name == ".nojekyll" || name == manifestName || name == pagesName || name == statName {
				rendered = true
			}
			if reused := os.SameFile(fi, before[name]); reused == rendered {
				t.Errorf("after editing %s: %s reused=%v, want %v", c.name, name, reused, !rendered)
			}
		}
		before = after
		// The site is the one a full build of the same book writes.
		full := filepath.Join(t.TempDir(), "public")
		build(lessons, full)
		sameTree(t, c.name, readTree(t, full), readTree(t, out))
	}
}

// stats returns the file info of every file of the site in dir.
func stats(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	out := map[string]os.FileInfo{}
	for name := range readTree(t, dir) {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = fi
	}
	return out
}

func sameTree(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("after editing %s: %d files, a full build writes %d", what, len(got), len(want))
	}
	for name, data := range want {
		if name == statName {
			continue // when the files were read: never the same twice
		}
		if !bytes.Equal(data, got[name]) {
			t.Errorf("after editing %s: %s differs from a full build's", what, name)
			if name == manifestName {
				t.Logf("want %s\ngot  %s", data, got[name])
			}
		}
	}
}

func TestBuildFullWhenOrderOrHomeChanges(t *testing.T) {
	lessons := bookOf(20)
	out := filepath.Join(t.TempDir(), "public")
	r := &echoRunner{}
	if _, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: r}); err != nil {
		t.Fatal(err)
	}
	added := edit(t, lessons, "l01.md", "Prose", "Some prose")
	added["l99.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Added\n---\n\nText.\n")}
	for _, c := range []struct {
		name string
		fsys fstest.MapFS
	}{
		{"a weight", edit(t, lessons, "l03.md", "weight: 3", "weight: 30")},
		// A heading's anchor changed: links to it from lessons not read
		// again may have broken, so every lesson is read and checked.
		{"a heading", edit(t, lessons, "l19.md", "## More", "## Much more")},
		{"index.md", edit(t, lessons, "index.md", "The home page.", "The new home page.")},
		{"a lesson added", added},
	} {
		r.ran = 0
		if _, err := Build(context.Background(), Config{Lessons: c.fsys, Out: out, Runner: r}); err != nil {
			t.Fatal(err)
		}
		if r.ran != 41 {
			t.Errorf("after changing %s: %d programs given to the runner, want all", c.name, r.ran)
		}
		full := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Config{Lessons: c.fsys, Out: full, Runner: r}); err != nil {
			t.Fatal(err)
		}
		sameTree(t, c.name, readTree(t, full), readTree(t, out))
	}
}

func TestBuildFullWhenPagesRecordIsDamaged(t *testing.T) {
	for _, damage := range []struct{ file, data string }{
		{pagesName, "garbage"},
		{"search.js", "wbSearch(0,1,[]);\n"}, // not the one the record describes
	} {
		t.Run(damage.file, func(t *testing.T) { testDamagedRecord(t, damage.file, damage.data) })
	}
}

func testDamagedRecord(t *testing.T, file, data string) {
	lessons := bookOf(20)
	out := filepath.Join(t.TempDir(), "public")
	r := &echoRunner{}
	if _, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: r}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, file), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := edit(t, lessons, "l04.md", "Prose", "Other prose")
	r.ran = 0
	if _, err := Build(context.Background(), Config{Lessons: edited, Out: out, Runner: r}); err != nil {
		t.Fatal(err)
	}
	if r.ran != 41 {
		t.Errorf("with a damaged record: %d programs given to the runner, want all 41", r.ran)
	}
	full := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Lessons: edited, Out: full, Runner: r}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "a lesson after damage", readTree(t, full), readTree(t, out))
}

// recordingRunner is an echoRunner that keeps the programs it was given.
type recordingRunner struct {
	echoRunner
	progs []*runner.Program
}

func (r *recordingRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	r.mu.Lock()
	r.progs = append(r.progs, progs...)
	r.mu.Unlock()
	return r.echoRunner.RunAll(ctx, progs, done)
}

// TestBuildChangedChecksWhatAFullBuildChecks: a build that reads only
// the edited lessons again still refuses their broken links, accepts
// links to the anchors of lessons it did not read, refuses a link that
// a heading edit broke in a lesson it did not touch, and gives the
// edited lessons' programs their data files.
func TestBuildChangedChecksWhatAFullBuildChecks(t *testing.T) {
	lessons := bookOf(20)
	lessons["data.txt"] = &fstest.MapFile{Data: []byte("one\n")}
	lessons["l02.md"].Data = bytes.Replace(lessons["l02.md"].Data, []byte("Prose of lesson 2."), []byte("See [part 3](l03.md#part-3)."), 1)
	out := filepath.Join(t.TempDir(), "public")
	r := &recordingRunner{}
	build := func(fsys fstest.MapFS) error {
		_, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: r})
		return err
	}
	if err := build(lessons); err != nil {
		t.Fatal(err)
	}
	good := edit(t, lessons, "l10.md", "Prose of lesson 10.", "See [part 4](l04.md#part-4) and [more](l05.md#more).")
	if err := build(good); err != nil {
		t.Errorf("a link to a lesson not read again was refused: %v", err)
	}
	bad := edit(t, good, "l10.md", "See [part 4]", "See [part 40](l04.md#part-40), [part 4]")
	if err := build(bad); err == nil || !strings.Contains(err.Error(), "l10.md:") || !strings.Contains(err.Error(), "part-40") {
		t.Errorf("a broken link in an edited lesson gave %v, want an error at l10.md naming part-40", err)
	}
	broke := edit(t, good, "l03.md", "## Part 3", "## Section 3")
	if err := build(broke); err == nil || !strings.Contains(err.Error(), "l02.md:") {
		t.Errorf("a heading edit that broke l02's link gave %v, want an error at l02.md", err)
	}
	// Line anchors move when a program above gains or loses a line.
	lineLink := edit(t, good, "l10.md", "and [more]", "and [b's main](l07.md#b-L22) and [more]")
	if err := build(lineLink); err != nil {
		t.Fatal(err)
	}
	grown := edit(t, lineLink, "l07.md", "package main\n\nfunc main() { println(7) }", "package main\n\n// seven\nfunc main() { println(7) }")
	if err := build(grown); err != nil {
		t.Errorf("a line added to a program, no link broken, gave %v", err)
	}
	shrunk := edit(t, lineLink, "l07.md", "package main\n\nfunc main() { println(7) }", "package main\nfunc main() { println(7) }")
	if err := build(shrunk); err == nil || !strings.Contains(err.Error(), "l10.md:") || !strings.Contains(err.Error(), "b-L22") {
		t.Errorf("a line removed from l07, so l10's link to b-L22 broke, gave %v; want an error at l10.md naming b-L22", err)
	}
	withData := edit(t, good, "l12.md", "```go name=a", "```go name=a files=\"data.txt\"")
	r.progs = nil
	if err := build(withData); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range r.progs {
		if string(p.Files["data.txt"]) == "one\n" {
			found = true
		}
	}
	if !found {
		t.Errorf("the edited lesson's program was not given its data file")
	}
}

// storeWasm "compiles" programs into a stand-in binary that lists their
// WasmIDs, remembering every source it was given, as the runner's cache
// does; a program whose source says nowasm does not compile.
type storeWasm struct {
	src   map[string][]byte
	calls int
}

func (f *storeWasm) BuildWasm(ctx context.Context, progs []*runner.Program, others ...string) (*runner.WasmBuild, error) {
	f.calls++
	wb := &runner.WasmBuild{Names: map[int]string{}, Why: map[int]string{}, IDs: map[int]string{}, Failed: map[string]string{}}
	in := map[string]bool{}
	for i, p := range progs {
		id, why := runner.WasmID(p)
		if why != "" {
			wb.Why[i] = why
			continue
		}
		wb.IDs[i], in[id], f.src[id] = id, true, p.Source
		if bytes.Contains(p.Source, []byte("nowasm")) {
			wb.Why[i], wb.Failed[id] = "does not build for js/wasm", "does not build for js/wasm"
		} else {
			wb.Names[i] = id
		}
	}
	for _, id := range others {
		src, ok := f.src[id]
		if !ok {
			return nil, fmt.Errorf("%w: %s", runner.ErrWasmUnknown, id)
		}
		in[id] = true
		if bytes.Contains(src, []byte("nowasm")) {
			wb.Failed[id] = "does not build for js/wasm"
		}
	}
	wb.Wasm = []byte("\x00asm " + strings.Join(slices.Sorted(maps.Keys(in)), " "))
	wb.ExecJS = []byte("// wasm_exec.js")
	return wb, nil
}

// TestIncrementalWithWasm: with Run in your browser, an edit still
// renders only the pages it changes, and the site, browser binary
// included, is byte for byte what a full build writes; when the binary
// cannot be made without reading every page, the build is a full one.
func TestIncrementalWithWasm(t *testing.T) {
	lessons := bookOf(20)
	out := filepath.Join(t.TempDir(), "public")
	r, w := &echoRunner{}, &storeWasm{src: map[string][]byte{}}
	build := func(fsys fstest.MapFS, out string) {
		t.Helper()
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: r, Wasm: w}); err != nil {
			t.Fatalf("Build: %v", err)
		}
	}
	build(lessons, out)
	if got := string(readTree(t, out)["programs.wasm"]); !strings.Contains(got, runnerID(t, "println(\"b\", 19)")) {
		t.Fatalf("programs.wasm %.80q... does not hold lesson 19's program", got)
	}
	before := stats(t, out)
	always := map[string]bool{"search.js": true, "style.css": true, "app.js": true, "toc.js": true, "play.js": true,
		"replay.js": true, "charts.css": true, "timeline.css": true, "timeline.js": true, ".nojekyll": true, manifestName: true, pagesName: true, statName: true}
	binary := map[string]bool{"programs.wasm": true, "wasm_exec.js": true, "wasm-run.js": true}
	for _, c := range []struct {
		name, file, old, new string
		rendered             []string // lesson pages rendered again; nil: all
		wasm                 bool     // the binary made again
	}{
		// Prose leaves the binary as it is: not even asked for.
		{"prose", "l10.md", "Prose of lesson 10.", "New prose.", []string{"l09", "l10", "l11"}, false},
		{"a program", "l05.md", "println(5)", "println(55)", []string{"l04", "l05", "l06"}, true},
		{"a program that does not compile for browsers", "l12.md", "println(12)", "println(12) /* nowasm */", []string{"l11", "l12", "l13"}, true},
		{"prose beside a program that does not compile for browsers", "l12.md", "Prose of lesson 12.", "Prose.", []string{"l11", "l12", "l13"}, true},
		{"a program that cannot run in one", "l15.md", "package main\n\nfunc main() { println(15) }", "package main\n\nimport \"os/exec\"\n\nfunc main() { exec.Command(\"true\").Run() }", []string{"l14", "l15", "l16"}, true},
		{"prose, sources forgotten", "l03.md", "Prose of lesson 3.", "Other prose.", []string{"l02", "l03", "l04"}, false},
		{"a program, sources forgotten", "l03.md", "println(3)", "println(33)", nil, true},
	} {
		if strings.Contains(c.name, "forgotten") {
			w.src = map[string][]byte{} // as if the cache had been emptied
		}
		w.calls = 0
		lessons = edit(t, lessons, c.file, c.old, c.new)
		build(lessons, out)
		if asked := w.calls > 0; asked != c.wasm {
			t.Errorf("after editing %s: the browser binary asked for %v, want %v", c.name, asked, c.wasm)
		}
		after := stats(t, out)
		for name, fi := range after {
			rendered := c.rendered == nil || always[name] || (c.wasm && binary[name]) || (strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "l"))
			for _, slug := range c.rendered {
				rendered = rendered || name == slug+".html"
			}
			if reused := os.SameFile(fi, before[name]); reused == rendered {
				t.Errorf("after editing %s: %s reused=%v, want %v", c.name, name, reused, !rendered)
			}
		}
		before = after
		full := filepath.Join(t.TempDir(), "public")
		build(lessons, full)
		sameTree(t, c.name, readTree(t, full), readTree(t, out))
	}
	page := string(readTree(t, out)["l12.html"])
	if !strings.Contains(page, "does not build for js/wasm") {
		t.Errorf("l12.html does not say its program does not build for browsers")
	}
}

// runnerID is the WasmID of a bookOf program whose main body is body.
func runnerID(t *testing.T, body string) string {
	t.Helper()
	b, err := book.Load(fstest.MapFS{"a.md": {Data: []byte("---\ntitle: A\n---\n\n```go\npackage main\n\nfunc main() { " + body + " }\n```\n")}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	id, why := runner.WasmID(b.Programs()[0].RunnerProgram())
	if why != "" {
		t.Fatal(why)
	}
	return id
}

// TestIncrementalBundledBook: after a prose edit to the bundled book
// (exercises, timelines, sweeps, chapters' contents), the site is the
// one a full build writes; the contents keep every lesson's exercises.
func TestIncrementalBundledBook(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	entries, err := fs.ReadDir(lessons.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := lessons.FS.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	out := filepath.Join(t.TempDir(), "public")
	r := &echoRunner{}
	build := func(fsys fstest.MapFS, out string) {
		t.Helper()
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: r, AllowFailures: true}); err != nil {
			t.Fatalf("Build: %v", err)
		}
	}
	build(fsys, out)
	edited := edit(t, fsys, "06-channels.md", "\nThe ", "\nThe edited ")
	build(edited, out)
	if index := string(readTree(t, out)["index.html"]); strings.Count(index, "ex-progress") < 10 {
		t.Errorf("after an edit the contents list exercises for %d lessons, want at least 10", strings.Count(index, "ex-progress"))
	}
	full := filepath.Join(t.TempDir(), "public")
	build(edited, full)
	sameTree(t, "a lesson of the bundled book", readTree(t, full), readTree(t, out))
}

// TestBuildRepairsTheSite: a page deleted from the site by hand is
// written again, whether or not a lesson changed; a folder where a
// record file belongs does not stop the build; a lesson replaced by a
// link to the same text outside the folder is refused, as in a full
// build.
func TestBuildRepairsTheSite(t *testing.T) {
	dir := t.TempDir()
	for name, f := range bookOf(12) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "img", "diagram.svg"), []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	build := func() error {
		_, err := Build(context.Background(), Config{Lessons: os.DirFS(dir), Out: out, Runner: &echoRunner{}})
		return err
	}
	if err := build(); err != nil {
		t.Fatal(err)
	}
	exists := func(name string) bool { _, err := os.Stat(filepath.Join(out, name)); return err == nil }

	os.Remove(filepath.Join(out, "img", "diagram.svg"))
	if err := build(); err != nil || !exists("img/diagram.svg") {
		t.Errorf("nothing changed, img/diagram.svg deleted: build %v, image back %v", err, exists("img/diagram.svg"))
	}

	os.Remove(filepath.Join(out, "l05.html"))
	if err := build(); err != nil || !exists("l05.html") {
		t.Errorf("nothing changed, l05.html deleted: build %v, page back %v", err, exists("l05.html"))
	}
	os.Remove(filepath.Join(out, "l03.html"))
	lesson := filepath.Join(dir, "l10.md")
	data, _ := os.ReadFile(lesson)
	if err := os.WriteFile(lesson, bytes.Replace(data, []byte("Prose"), []byte("Other prose"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(); err != nil || !exists("l03.html") {
		t.Errorf("l10 edited, l03.html deleted: build %v, page back %v", err, exists("l03.html"))
	}

	for _, name := range []string{statName, manifestName} {
		os.Remove(filepath.Join(out, name))
		if err := os.MkdirAll(filepath.Join(out, name, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := build(); err != nil {
		t.Errorf("with folders where the records belong: %v", err)
	}

	outside := filepath.Join(t.TempDir(), "l02.md")
	data, _ = os.ReadFile(filepath.Join(dir, "l02.md"))
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "l02.md"))
	if err := os.Symlink(outside, filepath.Join(dir, "l02.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := build(); err == nil || !strings.Contains(err.Error(), "l02.md") {
		t.Errorf("a lesson replaced by a link outside the folder: %v, want it refused", err)
	}
}

// TestIncrementalInPlace: an edit moves only its pages into the site,
// leaving every other file as it was (the same file, not a copy); when
// a page cannot be moved in, the build is a full one; and a site whose
// update was cut short (no manifest, pages of both builds) is built
// whole, never taken for finished.
func TestIncrementalInPlace(t *testing.T) {
	lessons := bookOf(12)
	out := filepath.Join(t.TempDir(), "public")
	build := func(fsys fstest.MapFS) {
		t.Helper()
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: &echoRunner{}}); err != nil {
			t.Fatalf("Build: %v", err)
		}
	}
	full := func(fsys fstest.MapFS) map[string][]byte {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "full")
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: dir, Runner: &echoRunner{}}); err != nil {
			t.Fatalf("Build: %v", err)
		}
		return readTree(t, dir)
	}
	build(lessons)
	// The records are published with the site: they name no folder of
	// the machine that built it (this test's binary, its site folder).
	exe, _ := os.Executable()
	for _, name := range []string{pagesName, manifestName, statName} {
		data, _ := os.ReadFile(filepath.Join(out, name))
		if len(data) == 0 || bytes.Contains(data, []byte(exe)) || bytes.Contains(data, []byte(filepath.Dir(out))) {
			t.Errorf("%s is empty or names a folder of this machine", name)
		}
	}
	before := stats(t, out)
	lessons = edit(t, lessons, "l07.md", "Prose of lesson 7.", "Edited prose.")
	build(lessons)
	after := stats(t, out)
	if os.SameFile(before["l07.html"], after["l07.html"]) || !os.SameFile(before["l02.html"], after["l02.html"]) {
		t.Errorf("after a prose edit: l07.html replaced %v (want true), l02.html kept %v (want true)",
			!os.SameFile(before["l07.html"], after["l07.html"]), os.SameFile(before["l02.html"], after["l02.html"]))
	}
	if entries, _ := filepath.Glob(out + ".new-*"); len(entries) > 0 {
		t.Errorf("left behind: %v", entries)
	}
	sameTree(t, "prose", full(lessons), readTree(t, out))

	// A folder where the edited page goes: it cannot be renamed over.
	page := filepath.Join(out, "l08.html")
	os.Remove(page)
	if err := os.MkdirAll(filepath.Join(page, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	lessons = edit(t, lessons, "l08.md", "Prose of lesson 8.", "Edited prose.")
	build(lessons)
	if fi, err := os.Stat(page); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("l08.html after a build with a folder in its place: %v, %v", fi, err)
	}
	sameTree(t, "prose over a folder", full(lessons), readTree(t, out))

	// Cut short: the manifest gone (the first thing an update removes)
	// and a page not yet the one its lesson makes.
	if err := os.Remove(filepath.Join(out, manifestName)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "l09.html"), []byte(generatorMark+"half-way"), 0o644); err != nil {
		t.Fatal(err)
	}
	build(lessons)
	sameTree(t, "an update cut short", full(lessons), readTree(t, out))
}

// TestIncrementalSearchParts: a big book's search index comes in parts;
// an edit writes the parts of the pages it renders (and the first, with
// the home page), keeps the others, and the result is a full build's; a
// part changed by hand makes the build a full one.
func TestIncrementalSearchParts(t *testing.T) {
	lessons := bookOf(120) // 121 pages: 3 parts
	out := filepath.Join(t.TempDir(), "public")
	r := &echoRunner{}
	build := func(fsys fstest.MapFS, out string) {
		t.Helper()
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: r}); err != nil {
			t.Fatalf("Build: %v", err)
		}
	}
	build(lessons, out)
	if got := string(readTree(t, out)["search-2.js"]); !strings.HasPrefix(got, "wbSearch(2,3,[") || !strings.Contains(got, "l119.html") {
		t.Fatalf("search-2.js: %.40q, want part 2 of 3 with l119", got)
	}
	before := stats(t, out)
	lessons = edit(t, lessons, "l70.md", "Prose of lesson 70.", "Prose about quokkas.")
	build(lessons, out)
	after := stats(t, out)
	for name, written := range map[string]bool{"search.js": true, "search-1.js": true, "search-2.js": false} {
		if kept := os.SameFile(before[name], after[name]); kept == written {
			t.Errorf("after editing l70: %s written %v, want %v", name, !kept, written)
		}
	}
	if !strings.Contains(string(readTree(t, out)["search-1.js"]), "quokkas") {
		t.Errorf("search-1.js does not have the edited text")
	}
	full := filepath.Join(t.TempDir(), "public")
	build(lessons, full)
	sameTree(t, "a lesson in the second part", readTree(t, full), readTree(t, out))
	// search.js names every other part by a hash of what it holds now,
	// the kept part's too.
	tree := readTree(t, out)
	for k := 1; k <= 2; k++ {
		sum := sha256.Sum256(tree[searchPartName(k)])
		if v := hex.EncodeToString(sum[:8]); !strings.Contains(string(tree["search.js"]), `"`+v+`"`) {
			t.Errorf("search.js does not name %s by its version %s", searchPartName(k), v)
		}
	}

	part := filepath.Join(out, "search-2.js")
	data, _ := os.ReadFile(part)
	if err := os.WriteFile(part, bytes.Replace(data, []byte("lesson"), []byte("lessen"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	lessons = edit(t, lessons, "l110.md", "Prose of lesson 110.", "Prose about wombats.")
	r.ran = 0
	build(lessons, out)
	if r.ran != 241 {
		t.Errorf("with search-2.js changed by hand: %d programs given to the runner, want all 241", r.ran)
	}
	build(lessons, full)
	sameTree(t, "a lesson after search-2.js was changed", readTree(t, full), readTree(t, out))
}

// TestIncrementalKeepsShared: when the pages an edit renders show the
// same titles, summaries and exercises in the contents, and the home page
// runs nothing, the home page, the contents (toc.js), 404.html and the
// stylesheets and scripts are left as they are; a changed title renders
// them again. Either way the site is a full build's.
func TestIncrementalKeepsShared(t *testing.T) {
	lessons := bookOf(12)
	lessons["index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Incremental\n---\n\nThe home page, with no program.\n")}
	out := filepath.Join(t.TempDir(), "public")
	build := func(fsys fstest.MapFS, out string) {
		t.Helper()
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: &echoRunner{}}); err != nil {
			t.Fatalf("Build: %v", err)
		}
	}
	build(lessons, out)
	shared := []string{"index.html", "toc.js", "404.html", "style.css", "app.js", "timeline.js", ".nojekyll"}
	for _, c := range []struct {
		name, file, old, new string
		kept                 bool
	}{
		{"prose", "l05.md", "Prose of lesson 5.", "Other prose.", true},
		{"a program", "l06.md", "println(6)", "println(66)", true},
		{"a title", "l07.md", "title: Lesson 7", "title: Lesson seven", false},
		{"a summary", "l08.md", "summary: About 8.", "summary: About eight.", false},
	} {
		before := stats(t, out)
		lessons = edit(t, lessons, c.file, c.old, c.new)
		build(lessons, out)
		after := stats(t, out)
		for _, name := range shared {
			if kept := os.SameFile(before[name], after[name]); kept != c.kept {
				t.Errorf("after editing %s: %s kept %v, want %v", c.name, name, kept, c.kept)
			}
		}
		full := filepath.Join(t.TempDir(), "public")
		build(lessons, full)
		sameTree(t, c.name, readTree(t, full), readTree(t, out))
	}
}

// TestCommitInPlaceUndoes: when a file cannot be moved into the site,
// the files moved before it are put back and the site is as it was.
func TestCommitInPlaceUndoes(t *testing.T) {
	lessons := bookOf(6)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: &echoRunner{}}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	for _, fail := range []string{"l02.html", "l03.html", statName, pagesName, manifestName} {
		w, err := newSiteWriter(out, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"l02.html", "l03.html", "new.html", statName, pagesName, manifestName} {
			if err := w.add(name, []byte("new "+name)); err != nil {
				t.Fatal(err)
			}
		}
		renameFile = func(from, to string) error {
			if filepath.Base(to) == fail && filepath.Dir(to) == out {
				return fs.ErrPermission
			}
			return os.Rename(from, to)
		}
		err = w.commitInPlace()
		renameFile = os.Rename
		if !errors.Is(err, errInPlace) {
			t.Errorf("failing to move %s in: %v, want errInPlace", fail, err)
		}
		sameTree(t, "an update that failed at "+fail, before, readTree(t, out))
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*")); len(left) > 0 {
			t.Errorf("failing to move %s in left %v", fail, left)
		}
	}
}

// TestIncrementalLinkErrorsAsFull: a link an edit breaks is reported as a
// full build reports it, a link to a draft included.
func TestIncrementalLinkErrorsAsFull(t *testing.T) {
	lessons := bookOf(6)
	lessons["l09.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Later\nweight: 9\ndraft: true\n---\n\nNot yet.\n")}
	out := filepath.Join(t.TempDir(), "public")
	build := func(fsys fstest.MapFS, out string) error {
		_, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: &echoRunner{}})
		return err
	}
	if err := build(lessons, out); err != nil {
		t.Fatal(err)
	}
	lessons = edit(t, lessons, "l02.md", "Prose of lesson 2.", "Prose, see [later](l09.md).")
	err := build(lessons, out)
	full := build(lessons, filepath.Join(t.TempDir(), "public"))
	if err == nil || full == nil || err.Error() != full.Error() || !strings.Contains(err.Error(), "draft") {
		t.Errorf("a link to a draft after an edit: %v\na full build: %v", err, full)
	}
}
