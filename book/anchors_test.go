package book

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestProgramNamesKeepClearOfDerivedAnchors(t *testing.T) {
	prog := func(name string) string {
		return "```go name=" + name + "\npackage main\n\nfunc main() {}\n```\n\n"
	}
	src := "---\ntitle: A\n---\n\n" + prog("a") + prog("a-result") + prog("a-timeline") + prog("a-l3") + prog("a-values")
	_, err := Load(fstest.MapFS{"a.md": {Data: []byte(src)}}, "lessons")
	if err == nil {
		t.Fatal("programs named after another's anchors were accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`lessons/a.md:11: name "a-result" is the page anchor of program "a"'s result`,
		`lessons/a.md:17: name "a-timeline" is the page anchor of program "a"'s timeline`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors do not say %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "a-values") || strings.Contains(msg, "a-l3") {
		t.Errorf("a name that is no anchor of another program was refused:\n%s", msg)
	}
}
