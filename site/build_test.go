package site

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

const bookFixture = "testdata/site/book.txtar"

// buildFixture builds the fixture book into dir/public and returns the
// output folder.
func buildFixture(t testing.TB, dir string, fake *fakeRunner, lessons fs.FS) (string, *Report, error) {
	t.Helper()
	out := filepath.Join(dir, "public")
	rep, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: fake})
	return out, rep, err
}

// readTree returns every file under dir, by slash-separated path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildWritesSite(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	out, rep, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if fake.calls != 1 {
		t.Errorf("RunAll called %d times, want once for the whole book", fake.calls)
	}
	if rep.Passed != 5 || rep.Failed != 0 || len(rep.Programs) != 5 {
		t.Errorf("report: %d passed, %d failed of %d; want 5, 0 of 5", rep.Passed, rep.Failed, len(rep.Programs))
	}
	files := readTree(t, out)
	for _, name := range []string{"index.html", "01-first.html", "02-second.html", "404.html", ".nojekyll", "style.css", "app.js", "search.js"} {
		if _, ok := files[name]; !ok {
			t.Errorf("site has no %s", name)
		}
	}
	first := string(files["01-first.html"])
	for _, want := range []string{
		`<h1>First steps</h1>`,
		`href="02-second.html#parts"`, // a lesson link, rewritten
		`<a href="https://example.com/article">An article</a>`,
		`rel="next" href="02-second.html"`,
		`Verified: output matched (any order)`,
		`Verified: builds and vets`,
		`<a href="#printing">Printing</a>`, // contents
	} {
		if !strings.Contains(first, want) {
			t.Errorf("01-first.html lacks %s", want)
		}
	}
	second := string(files["02-second.html"])
	for _, want := range []string{
		`rel="prev" href="01-first.html"`,
		`Verified: exit status 3`,
		`part 2 of 2`,
		`<th scope="row">2</th><td>425ms <small>410ms–460ms</small></td><td>836ms</td><td>1.97</td><td>1.91×</td>`,
	} {
		if !strings.Contains(second, want) {
			t.Errorf("02-second.html lacks %s", want)
		}
	}
	if strings.Contains(second, `rel="next"`) {
		t.Errorf("the last lesson links to a next one")
	}
	home := string(files["index.html"])
	if i, j := strings.Index(home, "01-first.html"), strings.Index(home, "02-second.html"); i < 0 || j < i {
		t.Errorf("home page does not list the lessons in order")
	}
	for name, data := range files {
		if strings.Contains(string(data), "_workbook") || strings.Contains(string(data), "workbook-token") {
			t.Errorf("%s mentions serve's endpoints or token; a built site must not", name)
		}
	}
	if !strings.Contains(string(files["search.js"]), `["02-second.html","Second steps",`) {
		t.Errorf("search index lacks the second lesson:\n%s", files["search.js"])
	}
}

func TestBuildTwiceIsIdentical(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	out1, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	out2, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, out1), readTree(t, out2)
	if len(a) != len(b) {
		t.Fatalf("builds wrote %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds from the same results", name)
		}
	}
}

// failing returns a copy of fake whose result for the program printing
// "count" exits 1.
func failing(t testing.TB, fake *fakeRunner) *fakeRunner {
	t.Helper()
	f := &fakeRunner{bySource: map[string]*runner.Result{}}
	changed := false
	for src, r := range fake.bySource {
		if strings.Contains(src, `"count"`) {
			c := *r
			c.Runs = append([]runner.Run(nil), r.Runs...)
			c.Runs[0].ExitCode = 1
			r, changed = &c, true
		}
		f.bySource[src] = r
	}
	if !changed {
		t.Fatal("fixture has no counter program")
	}
	return f
}

func TestFailedBuildLeavesPreviousSite(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	dir := t.TempDir()
	out, _, err := buildFixture(t, dir, fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)

	_, rep, err := buildFixture(t, dir, failing(t, fake), lessons)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("Build with a failing program: err = %v, want ErrFailed", err)
	}
	if rep == nil || rep.Failed != 1 {
		t.Fatalf("report = %+v, want one failure", rep)
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Fatalf("a failed build changed the number of files from %d to %d", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(data, after[name]) {
			t.Errorf("a failed build changed %s", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed build left files beside the site: %v", entries)
	}
}

func TestAllowFailuresShowsThem(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	out := filepath.Join(t.TempDir(), "public")
	rep, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: failing(t, fake), AllowFailures: true})
	if err != nil || rep.Failed != 1 {
		t.Fatalf("Build: report %+v, err %v; want one failure and no error", rep, err)
	}
	page, err := os.ReadFile(filepath.Join(out, "02-second.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="result fail"`, `✗ Failed: unexpected exit status`, "exit status 1, want 0"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page of a failing program lacks %q", want)
		}
	}
}

func TestBuildRefusesForeignFolder(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	precious := filepath.Join(out, "thesis.tex")
	if err := os.WriteFile(precious, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := buildFixture(t, dir, fake, lessons); err == nil {
		t.Fatal("Build replaced a folder it did not write")
	}
	if _, err := os.Stat(precious); err != nil {
		t.Errorf("the folder's file is gone: %v", err)
	}
}

func TestBuildReportsLessonErrors(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	bad := maps.Clone(lessons)
	bad["03-bad.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Bad\n---\n\n```go wat\npackage main\n```\n")}
	_, _, err := buildFixture(t, t.TempDir(), fake, bad)
	if err == nil || !strings.Contains(err.Error(), "lessons/03-bad.md:5:") {
		t.Fatalf("Build of a bad lesson: err = %v, want one naming lessons/03-bad.md:5:", err)
	}
}

// TestRenderHead checks the hook serve uses: RenderOptions.Head goes into
// the <head> of every page, and only when set.
func TestRenderHead(t *testing.T) {
	t.Parallel()
	lessons, _ := fixture(t, bookFixture)
	b, err := book.Load(lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	head := `<meta name="workbook-token" content="t0k3n">`
	files, err := new(Renderer).Render(b, nil, RenderOptions{Head: template.HTML(head)})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		if i, j := strings.Index(page, head), strings.Index(page, "</head>"); i < 0 || i > j {
			t.Errorf("%s lacks the extra head HTML", name)
		}
	}
	if pages != 4 {
		t.Errorf("rendered %d pages, want 4 (home, two lessons, 404)", pages)
	}
	// Without results every program says so, rather than failing.
	if !strings.Contains(string(files["01-first.html"]), "Not run yet.") {
		t.Errorf("a program without a result is not shown as not run")
	}
}

// The runner the command wires in must satisfy the interface site declares.
var _ Runner = (*runner.Runner)(nil)
