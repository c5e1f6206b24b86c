package book

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/runner"
)

// TestAttrsDocumented checks that book/doc.go and the README show every
// attribute of the table with its example.
func TestAttrsDocumented(t *testing.T) {
	for _, file := range []string{"doc.go", "../README.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range attrDefs {
			if !strings.Contains(string(data), d.example) {
				t.Errorf("%s does not show attribute %s with its example %s", file, d.name, d.example)
			}
		}
	}
}

// TestAttrsReachRunner parses each attribute's example and checks that
// it changes what the runner gets (and so the cache key) exactly when the
// table says it does.
func TestAttrsReachRunner(t *testing.T) {
	const lesson = "---\ntitle: T\n---\n\n```go %s\npackage main\n\nfunc main() {}\n```\n"
	load := func(attrs string) *runner.Program {
		t.Helper()
		b, err := Load(fstest.MapFS{
			"x.md":           {Data: []byte(strings.Replace(lesson, "%s", attrs, 1))},
			"data.txt":       {Data: []byte("data")},
			"input.txt":      {Data: []byte("input")},
			"testdata/a.txt": {Data: []byte("a")},
		}, "lessons")
		if err != nil {
			t.Fatalf("%s: %v", attrs, err)
		}
		return b.Lessons[0].Programs[0].RunnerProgram()
	}
	for _, d := range attrDefs {
		if d.name == "skip" || d.part {
			continue // a skip block is no program; TestGoFiles and TestTestProgram cover parts
		}
		prefix := ""
		if d.test {
			prefix = "test "
		}
		base, got := load(prefix), load(prefix+d.example)
		changed := !reflect.DeepEqual(got, base)
		if changed != (d.runner != nil) {
			t.Errorf("%s: runner program changed = %v, want %v", d.example, changed, d.runner != nil)
		}
	}
}

func TestValidAttrsListsTheTable(t *testing.T) {
	got := validAttrs()
	for _, d := range attrDefs {
		if !strings.Contains(got, d.name) {
			t.Errorf("valid attributes %q leave out %s", got, d.name)
		}
	}
}
