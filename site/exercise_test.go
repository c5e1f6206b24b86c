package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/book"
)

// TestExercisePages: only a page with exercises counts them in its
// header, and the contents page counts each lesson's.
func TestExercisePages(t *testing.T) {
	ex := "---\ntitle: Ex\n---\n\n```go exercise name=a\npackage main\n\nfunc main() {}\n```\n\n" +
		"```go solution name=a\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n```\n\n```output\n1\n```\n\n" +
		"```go exercise name=b\npackage main\n\nfunc main() {}\n```\n\n" +
		"```go solution name=b\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(2) }\n```\n\n```output\n2\n```\n"
	plain := "---\ntitle: Plain\n---\n\nNo exercises.\n"
	b, err := book.Load(fstest.MapFS{"01-ex.md": {Data: []byte(ex)}, "02-plain.md": {Data: []byte(plain)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	files, err := new(Renderer).Render(b, nil, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files["style.css"]), ".code.exercise{") {
		t.Errorf("style.css has no rules for exercises")
	}
	exPage, plainPage, home := string(files["01-ex.html"]), string(files["02-plain.html"]), string(files["index.html"])
	if !strings.Contains(exPage, `<p class="ex-progress" data-exercises="a b">Exercises: 2</p>`) {
		t.Errorf("the lesson's header does not count its exercises")
	}
	if !strings.Contains(home, `<small class="ex-progress" data-exercises="a b">Exercises: 2</small>`) || strings.Count(home, "ex-progress") != 1 {
		t.Errorf("the contents page does not count exercises per lesson")
	}
	if strings.Contains(plainPage, "ex-progress") {
		t.Errorf("a lesson without exercises counts them")
	}
	if !strings.Contains(exPage, `data-play="a"`) {
		t.Errorf("an exercise has no Playground link")
	}
	off, err := new(Renderer).Render(b, nil, RenderOptions{NoPlayground: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(off["01-ex.html"]), "data-play") {
		t.Errorf("NoPlayground left a Playground link")
	}
}
