package book

import (
	"errors"
	"strings"
	"testing"
)

const updateLesson = `---
title: Update
---

Before.

` + "```go name=a" + `
package main

func main() {}
` + "```" + `

` + "```output" + `
start
took ...
...
old end
` + "```" + `

After, with another block:

` + "```text" + `
not ours
` + "```" + `
`

func rewrite(t *testing.T, src string, prog int, out ...string) string {
	t.Helper()
	l := mustParse(t, "lessons/u.md", src)
	got, err := UpdateOutput([]byte(src), l.Programs[prog], result(0, out...))
	if err != nil {
		t.Fatalf("UpdateOutput: %v", err)
	}
	return string(got)
}

func TestUpdateOutputChangesOnlyTheBlock(t *testing.T) {
	got := rewrite(t, updateLesson, 0, "start", "took 3ms", "a", "b", "new end")
	want := strings.Replace(updateLesson, "start\ntook ...\n...\nold end\n", "start\ntook ...\n...\nnew end\n", 1)
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestUpdateOutputKeepsWhatStillMatches(t *testing.T) {
	src := "---\ntitle: T\n---\n\n```go\npackage main\n\nfunc main() {}\n```\n\n```output\nid ...\nsame\nold\n```\n"
	got := rewrite(t, src, 0, "id 42", "same", "new", "more")
	want := "---\ntitle: T\n---\n\n```go\npackage main\n\nfunc main() {}\n```\n\n```output\nid ...\nsame\nnew\nmore\n```\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// A pattern that no longer matches gives way to the printed line.
	got = rewrite(t, src, 0, "name 42", "same", "old")
	if !strings.Contains(got, "```output\nname 42\nsame\nold\n```") {
		t.Errorf("got:\n%s", got)
	}
}

func TestUpdateOutputUnorderedAndIndented(t *testing.T) {
	src := "---\ntitle: T\n---\n\n- A list item:\n\n  ```go\n  package main\n\n  func main() {}\n  ```\n\n  ```output unordered\n  b\n  a\n  ```\n\nAfter.\n"
	got := rewrite(t, src, 0, "a", "c", "b", "d")
	want := strings.Replace(src, "  b\n  a\n", "  b\n  a\n  c\n  d\n", 1)
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestUpdateOutputRefuses(t *testing.T) {
	l := mustParse(t, "lessons/u.md", updateLesson)
	p := l.Programs[0]
	if _, err := UpdateOutput([]byte(updateLesson), p, result(0, "start", "took 1s", "old end")); !errors.Is(err, ErrNothingToUpdate) {
		t.Errorf("matching output: %v", err)
	}
	if _, err := UpdateOutput([]byte(updateLesson+"x"), p, result(0, "x")); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Errorf("changed file: %v", err)
	}
	quoted := "---\ntitle: T\n---\n\n> ```go\n> package main\n>\n> func main() {}\n> ```\n>\n> ```output\n> x\n> ```\n"
	l = mustParse(t, "lessons/u.md", quoted)
	if _, err := UpdateOutput([]byte(quoted), l.Programs[0], result(0, "y")); err == nil || !strings.Contains(err.Error(), "block quote") {
		t.Errorf("quoted block: %v", err)
	}
	unclosed := "---\ntitle: T\n---\n\n```go\npackage main\n\nfunc main() {}\n```\n\n```output\nx\n"
	l = mustParse(t, "lessons/u.md", unclosed)
	if _, err := UpdateOutput([]byte(unclosed), l.Programs[0], result(0, "y")); err == nil || !strings.Contains(err.Error(), "no closing fence") {
		t.Errorf("unclosed block: %v", err)
	}
}
