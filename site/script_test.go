package site

import (
	"regexp"
	"strings"
	"testing"
)

// TestScriptDropsComments: the published scripts have the sources' code,
// spaces aside, and none of their comments; the spaces inside strings
// and regular expressions are kept.
func TestScriptDropsComments(t *testing.T) {
	src := string(mustAsset("assets/app.js"))
	out := string(script([]byte(src)))
	if !strings.Contains(src, "\n  // ") || !strings.Contains(src, "/* ") {
		t.Fatal("app.js has no comments to drop; the test needs new input")
	}
	for _, kept := range []string{`" draft"`, `/counter-reset:l (\d+)/`, `'[data-prog="'`, `"position:fixed;opacity:0"`} {
		if !strings.Contains(src, kept) {
			t.Fatalf("app.js has no %s; the test needs new input", kept)
		}
		if !strings.Contains(out, kept) {
			t.Errorf("%s changed", kept)
		}
	}
	if strings.Contains(strings.ReplaceAll(out, "://", ""), "//") || strings.Contains(out, "/*") {
		t.Errorf("a comment is left")
	}
	if strings.Count(out, " ") > strings.Count(src, " ")/4 {
		t.Errorf("%d spaces left of %d", strings.Count(out, " "), strings.Count(src, " "))
	}
	for _, name := range []string{"app.js", "replay.js", "play.js", "timeline.js", "search.js", "wasm-run.js"} {
		src := string(mustAsset("assets/" + name))
		if got, want := bare(string(script([]byte(src)))), bare(src); got != want {
			t.Errorf("%s: the published script differs from the source in more than spaces and comments:\n%s\nwant\n%s", name, got, want)
		}
	}
}

var commentRE = regexp.MustCompile(`(?m)^\s*//.*\n|\s//.*$|/\*.*?\*/`)

// bare is a script without comments, blank lines and spaces.
func bare(s string) string {
	s = commentRE.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), "")
}
