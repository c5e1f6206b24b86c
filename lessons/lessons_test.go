package lessons_test

import (
	"context"
	"testing"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/lessons"
	"github.com/workbook-dev/workbook/runner"
)

// TestBook verifies every program of the bundled book, as
// `workbook verify` does, from an empty cache: the lessons are tests.
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
	r := &runner.Runner{CacheDir: t.TempDir()}
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
