package lessons_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/lessons"
	"github.com/workbook-dev/workbook/runner"
	"golang.org/x/mod/modfile"
)

// TestBook verifies every program of the bundled book, as
// `workbook verify -demo` does, from an empty cache: the lessons are
// tests.
func TestBook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every program of the book")
	}
	b, err := book.Load(lessons.FS, "lessons")
	if err != nil {
		t.Fatalf("loading the bundled book:\n%v", err)
	}
	var progs []*book.Program
	var rprogs []*runner.Program
	for _, p := range b.Programs() {
		progs = append(progs, p)
		rprogs = append(rprogs, p.RunnerProgram())
	}
	if len(progs) == 0 {
		t.Fatal("the bundled book has no programs")
	}
	r := &runner.Runner{CacheDir: t.TempDir(), GoMod: lessons.GoMod, GoSum: lessons.GoSum}
	results, err := r.RunAll(context.Background(), rprogs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range progs {
		t.Run(p.Lesson.Slug+"#"+p.ID, func(t *testing.T) {
			v := book.Check(p, results[i])
			if v.Status != book.StatusPass {
				t.Errorf("%s:%d %s: %s (%s)\n%s", p.Lesson.File, p.Parts[0].Line, p.ID, v.Status, v.Reason, v.Message)
			}
		})
	}
}

// TestModule checks that the module the bundled book builds in under
// -demo requires what the repository's go.mod does, at the same
// versions, with the same checksums: in a clone, the book's programs
// build in the repository's module instead, and both must give the same
// results.
func TestModule(t *testing.T) {
	demo, err := modfile.Parse("demo.mod", lessons.GoMod, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	root, err := modfile.Parse("../go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if demo.Go == nil || root.Go == nil || demo.Go.Version != root.Go.Version {
		t.Errorf("demo.mod and ../go.mod name different go versions")
	}
	versions := map[string]string{}
	for _, r := range root.Require {
		versions[r.Mod.Path] = r.Mod.Version
	}
	sum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	if len(demo.Require) == 0 {
		t.Error("demo.mod requires nothing")
	}
	for _, r := range demo.Require {
		if v := versions[r.Mod.Path]; v != r.Mod.Version {
			t.Errorf("demo.mod requires %s %s, ../go.mod %q: make them the same", r.Mod.Path, r.Mod.Version, v)
		}
		for _, suffix := range []string{" h1:", "/go.mod h1:"} {
			prefix := []byte(r.Mod.Path + " " + r.Mod.Version + suffix)
			line := lineWith(sum, prefix)
			if line == nil {
				t.Errorf("../go.sum has no line %s...", prefix)
			} else if lineWith(lessons.GoSum, line) == nil {
				t.Errorf("demo.sum lacks ../go.sum's line\n%s", line)
			}
		}
	}
}

// lineWith returns the first line of data that starts with prefix, nil if none.
func lineWith(data, prefix []byte) []byte {
	for line := range bytes.Lines(data) {
		if bytes.HasPrefix(line, prefix) {
			return bytes.TrimRight(line, "\n")
		}
	}
	return nil
}
