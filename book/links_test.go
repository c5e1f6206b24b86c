package book

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBundledLinks checks that every link and image of the repository's
// own lessons resolves.
func TestBundledLinks(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("../lessons"); err != nil {
		t.Skip("no ../lessons folder")
	}
	b, err := Load(os.DirFS("../lessons"), "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if errs := b.CheckLinks(); len(errs) > 0 {
		t.Fatal(errs)
	}
}

// TestLinksReportedWithParseErrors: a lesson's parse error does not hide
// the broken links of the lessons that parsed; the broken lesson's own
// links, and anchors in it, are left until it parses.
func TestLinksReportedWithParseErrors(t *testing.T) {
	_, err := Load(fstest.MapFS{
		"01-bad.md":  {Data: []byte("---\ntitle: Bad\n---\n\n```go frob\npackage main\n\nfunc main() {}\n```\n\n[gone](nowhere.md)\n")},
		"02-good.md": {Data: []byte("---\ntitle: Good\n---\n\n[missing](03-none.md) [in bad](01-bad.md#line-5) [bad anchor](#nope)\n")},
	}, "lessons")
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{ // each line's start
		`lessons/01-bad.md:5:7: unknown attribute "frob"`,
		`lessons/02-good.md:5:1: link "03-none.md": no lesson 03-none.md in lessons`,
		`lessons/02-good.md:5:50: link "#nope": 02-good.md has no heading or program with id "nope"`,
	}
	got := strings.Split(err.Error(), "\n")
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("error:\n%s\nwant lines starting:\n%s", err, strings.Join(want, "\n"))
	}
}

// TestAnchorLinks lists the anchors of other pages a lesson names: not
// its own, not other sites', not whole pages, each once.
func TestAnchorLinks(t *testing.T) {
	b, err := Load(fstest.MapFS{
		"01-a.md":  {Data: []byte("---\ntitle: A\n---\n\n## Top\n\n[self](#top) [b](02-b.md#part) [again](./02-b.md#part) [page](02-b.md) [far](https://example.org/x#y) [home](./#intro) [html](02-b.html#part)\n")},
		"02-b.md":  {Data: []byte("---\ntitle: B\n---\n\n## Part\n")},
		"index.md": {Data: []byte("---\ntitle: Home\n---\n\n## Intro\n")},
	}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	got := b.AnchorLinks()[b.Lessons[0]]
	if want := []string{"02-b#part", "index#intro"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("AnchorLinks = %q, want %q", got, want)
	}
}
