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

// TestLinksNameOnlyRenderedAnchors: the link checker accepts exactly the
// ids the page holds. "## Same" twice beside name=same become h-same and
// h-same-1, so #same-1 leads nowhere; a hidden line and a timeline the
// program does not draw have no anchor either.
func TestLinksNameOnlyRenderedAnchors(t *testing.T) {
	src := "---\ntitle: A\n---\n\n## Same\n\n## Same\n\n" +
		"```go name=same\npackage main\n\nfunc main() {} // OMIT\n```\n\n" +
		"Good: [a](#h-same) [b](#h-same-1) [c](#same) [d](#same-result) [e](#same-L10) [f](#line-19) [g](#line-19-L20).\n\n" +
		"Broken: [h](#same-1) [i](#same-L12) [j](#same-timeline) [k](#same-L9).\n\n" +
		"```go skip\nx := 1\n```\n"
	b, err := Load(fstest.MapFS{"a.md": {Data: []byte(src)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range b.CheckLinks() {
		got = append(got, e.Error())
	}
	msg := strings.Join(got, "\n")
	for _, want := range []string{`"#same-1"`, `"#same-L12"`, `"#same-timeline"`, `"#same-L9"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("link %s not reported broken:\n%s", want, msg)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d broken links, want 4:\n%s", len(got), msg)
	}
}
