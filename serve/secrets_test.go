package serve

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/runner"
)

// TestServeEditorTimeout: a run from the page of the lesson's program
// as it is has the lesson's timeout; an edited one never more than the
// default.
func TestServeEditorTimeout(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First",
		goBlock(" name=long timeout=1h", "long")+"\n"+goBlock(" name=short timeout=2s", "short")+"\n"+goBlock(" name=plain", "plain"))})
	ts := startServer(t, dir, r, nil)
	owner := ts.owner()
	for _, c := range []struct {
		prog   string
		edited bool
		want   time.Duration
	}{
		{"long", true, runner.DefaultTimeout},
		{"long", false, time.Hour},
		{"short", true, 2 * time.Second},
		{"plain", true, runner.DefaultTimeout},
	} {
		src := string(ts.srv.lookupProgram("01-a.html", c.prog).Source())
		if c.edited {
			src = strings.Replace(src, "fmt.Println(", "fmt.Println(\"edited\", ", 1)
		}
		req := ts.runRequest("/_workbook/run?page=01-a.html&prog="+c.prog, src)
		resp, err := owner.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body) // the run is over
		resp.Body.Close()
		r.mu.Lock()
		got := r.timeout
		r.mu.Unlock()
		if resp.StatusCode != 200 || got != c.want {
			t.Errorf("%s (edited %v): %s, timeout %v; want %v", c.prog, c.edited, resp.Status, got, c.want)
		}
	}
}

// TestServeWithholdsSecrets: a program that prints serve's live secrets
// (the token, the login cookie, the login secret) has them withheld in
// its page, in a run from the page, and its result is not cached.
func TestServeWithholdsSecrets(t *testing.T) {
	r := realRunner(t)
	cache := t.TempDir()
	r.CacheDir = cache
	var srv atomic.Pointer[Server]
	r.Keep = func(res *runner.Result) bool {
		if s := srv.Load(); s != nil {
			return s.Keep(res)
		}
		return true
	}
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, r, nil)
	srv.Store(ts.srv)
	owner := ts.owner() // a login spends a login secret: take the live ones after it
	secrets := ts.srv.auth.secrets()
	file := filepath.Join(t.TempDir(), "found")
	// Each secret as it is, and in upper case (hex means the same).
	shown := strings.Join(secrets, "\n") + "\n" + strings.ToUpper(strings.Join(secrets, "\n"))
	if err := os.WriteFile(file, []byte(shown), 0o600); err != nil {
		t.Fatal(err)
	}
	prog := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tdata, _ := os.ReadFile(os.Args[1])\n\tfmt.Println(\"found:\", string(data))\n\tfmt.Fprintln(os.Stderr, \"also:\", string(data))\n}\n"
	writeLessonFile(t, filepath.Join(dir, "02-b.md"), lessonText("Second", "```go name=leak args=\""+file+"\"\n"+prog+"```\n"))
	ts.waitFor("the leaking program's page", func() bool {
		code, body := ts.getWith(owner, "/02-b.html")
		return code == 200 && strings.Contains(body, "found:")
	})
	_, page := ts.getWith(owner, "/02-b.html")
	code, run := ts.postRunAt(owner, "/_workbook/run?page=02-b.html&prog=leak", string(ts.srv.lookupProgram("02-b.html", "leak").Source()))
	if code != 200 || !strings.Contains(run, "found:") {
		t.Fatalf("the run from the page: %d %s", code, run)
	}
	for name, text := range map[string]string{"page": page, "run from the page": run} {
		for _, s := range secrets {
			if strings.Contains(strings.ToLower(text), s) {
				t.Errorf("the %s shows a live secret", name)
			}
		}
		if !strings.Contains(text, withheld) {
			t.Errorf("the %s does not say a secret was withheld", name)
		}
	}
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, s := range secrets {
			if strings.Contains(strings.ToLower(string(data)), s) {
				t.Errorf("the cache file %s holds a live secret", p)
			}
		}
		return nil
	})
}

// TestReplaceFold: a secret is withheld in any case, wherever it is in
// a line, and nothing else of the line changes.
func TestReplaceFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x c0ffee y", "x [w] y"},
		{"C0FFEE", "[w]"},
		{"c0FfEec0ffee", "[w][w]"},
		{"é c0ffe", "é c0ffe"},
		{"Kelvin \u212a", "Kelvin \u212a"},
		{"", ""},
	} {
		if got := replaceFold(c.in, "c0ffee", "[w]"); got != c.want {
			t.Errorf("replaceFold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
