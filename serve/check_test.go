package serve

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// exerciseLesson is a lesson with one exercise: print "six".
func exerciseLesson() string {
	return lessonText("Ex", goBlock(" exercise name=six", "zero")+"\n"+goBlock(" solution name=six", "six")+"\n```output\nsix\n```\n")
}

// postCheck posts src to the check endpoint with the given headers,
// from a browser logged in to serve.
func (ts *testServer) postCheck(query, src string, headers map[string]string) (int, string) {
	ts.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "POST", ts.url+"/_workbook/check?"+query, strings.NewReader(src))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := ts.owner().Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestCheckExercise checks a reader's attempts: one that prints the
// wrong thing gets the difference, a right one passes, though the
// starter's own run on the page would not; the run endpoint's guard
// applies, and only an exercise can be checked.
func TestCheckExercise(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": exerciseLesson() + "\n" + goBlock(" name=prog", "p")})
	ts := startServer(t, dir, r, nil)
	ok := map[string]string{"Origin": ts.url, "X-Workbook-Token": ts.srv.Token()}
	attempt := func(word string) string {
		return "//line wbpart1.go:1:1\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"" + word + "\")\n}\n// attempt\n"
	}

	code, body := ts.postCheck("page=01-a.html&prog=six", attempt("five"), ok)
	if code != 200 || !strings.Contains(body, `"status":"fail"`) || !strings.Contains(body, `- six\n+ five`) {
		t.Errorf("a wrong attempt: %d %s", code, body)
	}
	code, body = ts.postCheck("page=01-a.html&prog=six", attempt("six"), ok)
	if code != 200 || !strings.Contains(body, `"status":"pass"`) {
		t.Errorf("a right attempt: %d %s", code, body)
	}

	for _, bad := range []map[string]string{
		{"Origin": ts.url},
		{"X-Workbook-Token": ts.srv.Token()},
		{"Origin": "http://evil.example", "X-Workbook-Token": ts.srv.Token()},
	} {
		if code, body := ts.postCheck("page=01-a.html&prog=six", attempt("six"), bad); code != http.StatusForbidden {
			t.Errorf("headers %v: %d %s, want 403", bad, code, body)
		}
	}
	for _, q := range []string{"page=01-a.html&prog=prog", "page=01-a.html&prog=six-solution", "page=01-a.html&prog=nope", ""} {
		if code, body := ts.postCheck(q, attempt("six"), ok); code != http.StatusNotFound {
			t.Errorf("check %q: %d %s, want 404", q, code, body)
		}
	}
	if n := r.count("// attempt"); n != 2 {
		t.Errorf("the runner ran %d attempts, want the 2 allowed ones", n)
	}
}
