package book

import (
	"os"
	"testing"
)

// TestBundledLessons checks that the repository's own lessons parse.
func TestBundledLessons(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("../lessons"); err != nil {
		t.Skip("no ../lessons folder")
	}
	b, err := Load(os.DirFS("../lessons"), "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Lessons) == 0 {
		t.Fatal("no lessons loaded")
	}
}
