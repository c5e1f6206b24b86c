package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// postAccept posts src to the accept endpoint for prog of 01-a.html with
// client c and the given headers, and returns the status and body.
func (ts *testServer) postAccept(c *http.Client, prog, src string, headers map[string]string) (int, string) {
	ts.t.Helper()
	req, _ := http.NewRequest("POST", ts.url+"/_workbook/accept?page=01-a.html&prog="+prog, strings.NewReader(src))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestAcceptOutput accepts what a lesson's program prints as its
// expected output: only its output block changes, byte for byte, the
// file keeps its mode, and the run's guard, an edited program and a
// program with no output block are refused without running anything.
func TestAcceptOutput(t *testing.T) {
	r := newScriptRunner()
	head := lessonText("A", "Some *text* before.\n\n"+goBlock(" name=hi", "new", "same")+"\n")
	tail := "\nAnd after, with trailing spaces  \n\n" + goBlock(" name=plain", "x")
	lesson := head + "```output\nold\nsame\n```\n" + tail
	dir := writeLessons(t, map[string]string{"01-a.md": lesson})
	file := filepath.Join(dir, "01-a.md")
	if err := os.Chmod(file, 0o640); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, dir, r, nil)
	src := string(ts.srv.lookupProgram("01-a.html", "hi").Source())
	ok := map[string]string{"Origin": ts.url, "X-Workbook-Token": ts.srv.Token()}

	refused := []struct {
		name    string
		c       *http.Client
		prog    string
		src     string
		headers map[string]string
		want    int
	}{
		{"no cookie", &http.Client{}, "hi", src, ok, http.StatusForbidden},
		{"no token", ts.owner(), "hi", src, map[string]string{"Origin": ts.url}, http.StatusForbidden},
		{"no origin", ts.owner(), "hi", src, map[string]string{"X-Workbook-Token": ts.srv.Token()}, http.StatusForbidden},
		{"other origin", ts.owner(), "hi", src, map[string]string{"Origin": "http://evil.example", "X-Workbook-Token": ts.srv.Token()}, http.StatusForbidden},
		{"edited", ts.owner(), "hi", strings.Replace(src, "new", "newer", 1), ok, http.StatusConflict},
		{"no such program", ts.owner(), "nope", src, ok, http.StatusNotFound},
		{"no output block", ts.owner(), "plain", string(ts.srv.lookupProgram("01-a.html", "plain").Source()), ok, http.StatusNotFound},
	}
	built := r.total()
	for _, c := range refused {
		if code, body := ts.postAccept(c.c, c.prog, c.src, c.headers); code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, code, body, c.want)
		}
	}
	if n := r.total() - built; n != 0 {
		t.Errorf("refused requests ran %d programs", n)
	}
	if got, _ := os.ReadFile(file); string(got) != lesson {
		t.Fatalf("refused requests changed the lesson:\n%s", got)
	}

	code, body := ts.postAccept(ts.owner(), "hi", src, ok)
	var d acceptDone
	if err := json.Unmarshal([]byte(body), &d); code != 200 || err != nil || !d.Updated || !strings.Contains(d.Message, "01-a.md:") {
		t.Fatalf("accept: %d %s", code, body)
	}
	want := head + "```output\nnew\nsame\n```\n" + tail
	if got, _ := os.ReadFile(file); string(got) != want {
		t.Errorf("the lesson after accept:\n%s\nwant:\n%s", got, want)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("the lesson's mode after accept: %v %v, want 0640", fi.Mode(), err)
	}
}
