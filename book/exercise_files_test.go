package book

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestExerciseFiles: the reader starts from the starter's files as
// plain Go (hidden lines included, no //line directives) beside the test
// that checks them; an attempt runs the reader's files with the
// lesson's test, whatever the reader did to their copy of it.
func TestExerciseFiles(t *testing.T) {
	lesson := "---\ntitle: T\n---\n\n" +
		"```go exercise name=double timeout=3s\npackage main\n\nimport \"fmt\" // OMIT\n\nfunc Double(n int) int { return n }\n\nfunc main() { fmt.Println(Double(1)) }\n```\n\n" +
		"```go solution name=double\npackage main\n\nimport \"fmt\"\n\nfunc Double(n int) int { return 2 * n }\n\nfunc main() { fmt.Println(Double(1)) }\n```\n\n" +
		"```go test name=double\npackage main\n\nimport \"testing\"\n\nfunc TestDouble(t *testing.T) {\n\tif Double(2) != 4 {\n\t\tt.Error(\"no\")\n\t}\n}\n```\n"
	b, err := Load(fstest.MapFS{"a.md": {Data: []byte(lesson)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ex := b.Lessons[0].Exercise("double")
	files := ex.StarterFiles()
	main, test := string(files["main.go"]), string(files["main_test.go"])
	if strings.Contains(main, "//line") || !strings.Contains(main, `import "fmt" // OMIT`) || !strings.Contains(main, "return n }") {
		t.Errorf("main.go:\n%s", main)
	}
	if !strings.Contains(test, "func TestDouble") || strings.Contains(test, "//line") {
		t.Errorf("main_test.go:\n%s", test)
	}

	mine := map[string][]byte{
		"main.go":      []byte("package main\n\nfunc Double(n int) int { return n + n }\n\nfunc main() {}\n"),
		"main_test.go": []byte("package main\n"),
		"helper.go":    []byte("package main\n"),
		"notes.txt":    []byte("not Go"),
	}
	rp := ex.Attempt(mine)
	if string(rp.Source) != string(mine["main.go"]) {
		t.Errorf("the attempt's main.go is not the reader's:\n%s", rp.Source)
	}
	if !strings.Contains(string(rp.GoFiles["main_test.go"]), "func TestDouble") {
		t.Errorf("the attempt's test is not the lesson's:\n%s", rp.GoFiles["main_test.go"])
	}
	if string(rp.GoFiles["helper.go"]) != "package main\n" || rp.GoFiles["notes.txt"] != nil {
		t.Errorf("the attempt's files: %v", rp.GoFiles)
	}
	if !rp.Test || rp.Timeout.String() != "3s" {
		t.Errorf("the attempt runs without the exercise's attributes: test=%v timeout=%v", rp.Test, rp.Timeout)
	}
}
