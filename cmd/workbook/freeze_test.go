package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lessonRand prints a number that differs on every run: a page that
// shows the frozen one shows a result that was not run again.
const lessonRand = "---\ntitle: Frozen\n---\n\n```go name=n\npackage main\n\nimport (\n\t\"fmt\"\n\t\"math/rand/v2\"\n)\n\nfunc main() { fmt.Println(\"n =\", rand.Int64()) }\n```\n\n```output\nn = ...\n```\n"

// workbook runs the command line in the current folder with the result
// cache in cache, and returns its exit status and output.
func workbook(t *testing.T, cache string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("WORKBOOK_CACHE", cache)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func mustWorkbook(t *testing.T, cache string, args ...string) (string, string) {
	t.Helper()
	code, stdout, stderr := workbook(t, cache, args...)
	if code != 0 {
		t.Fatalf("workbook %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout, stderr
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func frozenOutput(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Key    string `json:"key"`
		Result struct {
			Runs []struct {
				Output []struct{ Text string } `json:"output"`
			} `json:"runs"`
		} `json:"result"`
	}
	if err := json.Unmarshal(data, &e); err != nil || e.Key == "" || len(e.Result.Runs) != 1 || len(e.Result.Runs[0].Output) != 1 {
		t.Fatalf("%s: not a frozen result with one line of output (%v):\n%s", name, err, data)
	}
	return e.Result.Runs[0].Output[0].Text
}

// TestFreeze: freeze records each program beside the lessons; a build
// with an empty cache runs nothing and publishes the frozen figures; a
// changed program's frozen result is stale, reported by verify with the
// command that refreshes it, and run again by build.
func TestFreeze(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFiles(t, dir, map[string]string{"lessons/a.md": lessonRand})

	stdout, _ := mustWorkbook(t, "c1", "freeze")
	if !strings.Contains(stdout, "froze lessons/a.md:5 n in lessons/.frozen/a/n.json") ||
		!strings.Contains(stdout, "froze 1 program in lessons/.frozen, 0 failed") {
		t.Errorf("freeze said:\n%s", stdout)
	}
	frozenLine := frozenOutput(t, "lessons/.frozen/a/n.json")

	_, stderr := mustWorkbook(t, "empty-cache", "build", "-out", "pub")
	if !strings.Contains(stderr, "1 passed, 0 failed; 0 ran, 0 from the cache, 1 frozen") {
		t.Errorf("build with frozen results said:\n%s", stderr)
	}
	page, err := os.ReadFile("pub/a.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(frozenLine)) || !bytes.Contains(page, []byte("measured with workbook freeze")) {
		t.Errorf("the page does not show the frozen output %q and where it was measured", frozenLine)
	}

	// Change the program: its frozen result is stale.
	writeFiles(t, dir, map[string]string{"lessons/a.md": strings.Replace(lessonRand, "func main()", "// main prints a number.\nfunc main()", 1)})
	stdout, _ = mustWorkbook(t, "c1", "verify")
	if !strings.Contains(stdout, "stale lessons/a.md:5 n") || !strings.Contains(stdout, "run: workbook freeze lessons/a.md#n") {
		t.Errorf("verify does not report the stale frozen result:\n%s", stdout)
	}
	_, stdout, _ = workbook(t, "c1", "verify", "-format", "github")
	if !strings.Contains(stdout, "::warning file=lessons/a.md,line=5,title=stale frozen result::") {
		t.Errorf("verify -format github does not warn of the stale frozen result:\n%s", stdout)
	}
	_, stderr = mustWorkbook(t, "empty-cache", "build", "-out", "pub")
	if !strings.Contains(stderr, "1 ran, 0 from the cache, 0 frozen") {
		t.Errorf("build published a stale frozen result:\n%s", stderr)
	}
	if !strings.Contains(stderr, "1 frozen result no longer matched its program and ran instead") {
		t.Errorf("build does not say a frozen result was stale:\n%s", stderr)
	}

	// The command verify names refreshes it.
	mustWorkbook(t, "c1", "freeze", "lessons/a.md#n")
	if stdout, _ = mustWorkbook(t, "c1", "verify"); strings.Contains(stdout, "stale") {
		t.Errorf("still stale after freeze:\n%s", stdout)
	}
	if frozenOutput(t, "lessons/.frozen/a/n.json") == frozenLine {
		t.Error("freeze took the result from the cache instead of running the program")
	}

	// A program that is gone loses its frozen result on the next freeze.
	writeFiles(t, dir, map[string]string{"lessons/a.md": strings.Replace(lessonRand, "name=n", "name=m", 1)})
	stdout, _ = mustWorkbook(t, "c1", "freeze")
	if !strings.Contains(stdout, "removed lessons/.frozen/a/n.json") {
		t.Errorf("freeze did not prune the old result:\n%s", stdout)
	}
	if _, err := os.Stat("lessons/.frozen/a/n.json"); !os.IsNotExist(err) {
		t.Errorf("lessons/.frozen/a/n.json is still there (%v)", err)
	}
}

// TestFreezeFailing: a failing program is reported and not frozen.
func TestFreezeFailing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFiles(t, dir, map[string]string{"lessons/a.md": strings.Replace(lessonRand, "n = ...", "something else", 1)})
	code, stdout, _ := workbook(t, "c1", "freeze")
	if code != 1 || !strings.Contains(stdout, "not frozen: it must pass first") || !strings.Contains(stdout, "froze 0 programs in lessons/.frozen, 1 failed") {
		t.Errorf("freeze of a failing program: exit %d\n%s", code, stdout)
	}
	if _, err := fs.Stat(os.DirFS("lessons"), ".frozen/a/n.json"); err == nil {
		t.Error("a failing program was frozen")
	}
}
