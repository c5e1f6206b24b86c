package serve

import (
	"net/http"
	"strings"
	"testing"
)

// TestServeFilesSandboxed: a file that is not a page (an SVG with a
// script, the site's style and script, serve's) is served sandboxed, so an SVG
// opened on its own runs no script with serve's origin; pages keep
// their policy (no framing) and run their scripts.
func TestServeFilesSandboxed(t *testing.T) {
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "![a picture](pic.svg)\n"),
		"pic.svg": `<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/_workbook/run", {method: "POST"})</script></svg>`,
	})
	ts := startServer(t, dir, newScriptRunner(), nil)
	csp := func(method, target string) string {
		t.Helper()
		req, _ := http.NewRequest(method, ts.url+target, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s %s: %s", method, target, resp.Status)
		}
		return resp.Header.Get("Content-Security-Policy")
	}
	for _, target := range []string{"/pic.svg", "/style.css", "/app.js", "/_workbook/serve.js", "/_workbook/serve.css"} {
		for _, method := range []string{"GET", "HEAD"} {
			if got := csp(method, target); !strings.HasPrefix(got, "sandbox;") || !strings.Contains(got, "frame-ancestors 'none'") {
				t.Errorf("%s %s: Content-Security-Policy %q; want sandbox and no framing", method, target, got)
			}
		}
	}
	for _, target := range []string{"/", "/01-a.html"} {
		if got := csp("GET", target); got != "frame-ancestors 'none'" {
			t.Errorf("page %s: Content-Security-Policy %q; want frame-ancestors 'none' only", target, got)
		}
	}
}
